local function f(n) return f(n + 1) + 1 end
function Document() f(1) end
