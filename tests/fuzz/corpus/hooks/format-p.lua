function Document()
  local t = {}
  for k, v in next, string do t[#t+1] = k end
  return string.format("%p", t)
end
