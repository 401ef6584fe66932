function Document()
  return ("a"):rep(1000000):gsub("", ("%0"):rep(100000))
end
