setmetatable(_G, {__index = function(t, k) return k end})
function Document() return { [{}] = 1 } end
