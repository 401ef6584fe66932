-- lua/cheshire-west-and-chester.lua - Cheshire West and Chester's house
-- style (Part 4, 4. Officer/Member Relations Protocol), as printed.

-- Main sections carry a number ("1 Introduction Scope and Purpose");
-- sub-headings such as "Key Points", "Members" and "Officers" are printed
-- without one, in the same words. Show them exactly so.
function heading_text(s)
  if s.depth > 1 then return s.heading end
  return nil
end

-- Paragraph numbers without a trailing dot: "1.1".
function number_label(c)
  return c.canonical
end

-- Sub-paragraphs are lettered "(a)".
function item_label(i)
  if i.label then return "(" .. i.canonical_label .. ")" end
  return nil
end

-- The printed page is headed "PART 4 – CODES AND PROTOCOLS".
function running_header(doc)
  return doc.part
end

function running_footer(doc, page, pages)
  return doc.title .. " — Page " .. page .. " of " .. pages
end

function contents(doc)
  return false
end
