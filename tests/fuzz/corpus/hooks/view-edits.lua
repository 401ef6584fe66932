function Clause(c)
  c.id = c.id .. "-x"; c.number_shown = "§" .. (c.canonical or ""); c.topics = {}
  c.note = ("n"):rep(10)
  return c
end
function Item(i) i.label_shown = "(" .. i.canonical_label .. ")"; return i end
function Section(s) s.heading_shown = s.heading and s.heading:upper(); return s end
function running_header(d, p, n) return d.council .. " " .. p .. "/" .. n end
function contents(d) return true end
