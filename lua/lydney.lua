-- lua/lydney.lua - Lydney Town Council's house style (Member/Officer
-- Relations Protocol), as printed.

-- Numbered headings in capitals: "2. ROLES OF COUNCILLORS AND OFFICERS".
function heading_text(s)
  return concord.upper(s.heading)
end

-- Lists are lettered with a closing parenthesis only: "a)", "b)".
function item_label(i)
  if i.label then return i.canonical_label .. ")" end
  return nil
end

-- Paragraph numbers without a trailing dot: "2.3".
function number_label(c)
  return c.canonical
end

-- The printed page is headed with the council's name in capitals.
function running_header(doc)
  return concord.upper(doc.council)
end

function running_footer(doc, page, pages)
  return concord.title(doc.title) .. " — Page " .. page .. " of " .. pages
end

function contents(doc)
  return false
end
