function Document()
  return ("a"):rep(4 * 1024 * 1024):find("[" .. ("b"):rep(1000000) .. "]")
end
