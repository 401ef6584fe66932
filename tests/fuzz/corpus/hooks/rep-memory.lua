function Document()
  local s = string.rep("x", 2^28)
end
