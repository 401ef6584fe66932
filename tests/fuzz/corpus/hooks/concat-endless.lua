function Document()
  table.concat(setmetatable({}, {__index = tostring}), "", 1, math.maxinteger)
end
