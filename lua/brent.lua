-- lua/brent.lua - Brent Council's house style (Part 7, Protocol for
-- Member/Officer Relations), as printed in the council's constitution.
-- See docs/lua-hooks.md for the API.

-- Brent prints the paragraphs of its opening section with a trailing dot
-- ("1.1.") and later ones without ("2.1"). Its printed section 3 restarts
-- at "1.1."-"1.3." before carrying on at "3.4"; Concord shows the page as
-- printed, so where the printed number disagrees with the house rule the
-- printed number wins.
function number_label(c)
  if not c.canonical then return nil end
  local house = c.section_number == "1" and c.canonical .. "." or c.canonical
  local printed_plain = c.number:gsub("%.$", "")
  if printed_plain ~= c.canonical then return c.number end
  return house
end

-- Section headings are printed in capitals.
function heading_text(s)
  return concord.upper(s.heading)
end

-- Sub-paragraphs are lettered "(a)"; unlabelled lists are bullets.
function item_label(i)
  if i.label then return "(" .. i.canonical_label .. ")" end
  return nil
end

function running_header(doc)
  return doc.council .. " — " .. concord.title(doc.title)
end

-- The printed footer: "... Member Officer Relation Part 7 Page 28".
function running_footer(doc, page, pages)
  -- doc.part may be absent (an imported or drafted copy of this file)
  local part = doc.part and (" " .. doc.part) or ""
  return "Brent Constitution — Member Officer Relation" .. part .. " — Page " .. page .. " of " .. pages
end

-- The printed protocol has no contents page.
function contents(doc)
  return false
end
