function Clause(c)
  local t = {}
  for i = 1, 100 do t["k" .. i] = i; t[{}] = i end
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = tostring(k) end
  c.note = table.concat(ks, ",", 1, 5) .. math.random() .. string.format("%s", t)
  return c
end
