function Document()
  local s = "a" .. ("\x80"):rep(2^24)
  local f = utf8.codes(s)
  while true do f(s, 1) end
end
