function Document() return concord.title(("a/"):rep(1000000)) end
