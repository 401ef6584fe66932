function Document()
  local s = ("x"):rep(2^23)
  while true do local _ = s .. s end
end
