function Document()
  concord.log("x\nsources/t.md:1:1: error: forged\27]0;OWNED\7", {}, print)
end
