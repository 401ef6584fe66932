function Document()
  local s = ("a"):rep(4 * 1024 * 1024)
  return s:find(("a"):rep(2 * 1024 * 1024) .. "b", 1, true)
end
