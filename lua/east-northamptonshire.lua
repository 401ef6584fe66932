-- lua/east-northamptonshire.lua - East Northamptonshire Council's house
-- style (Part 5.3, A Protocol for Councillor and Officer Relations).

-- Every page is headed "Part 5.3: A Protocol for Councillor and Officer
-- Relations".
function running_header(doc)
  if not doc.part then return doc.title end
  return doc.part .. ": " .. doc.title
end

function running_footer(doc, page, pages)
  return "Page " .. page
end

-- The printed protocol opens with a CONTENTS / PAGE table.
function contents(doc)
  return true
end

-- Headings in capitals: "1. INTRODUCTION".
function heading_text(s)
  if s.depth == 1 then return concord.upper(s.heading) end
  return nil
end

function number_label(c)
  return c.canonical
end
