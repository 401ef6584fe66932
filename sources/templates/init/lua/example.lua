-- lua/example.lua - the house style of the council whose slug is
-- "example" (lua/<slug>.lua applies to sources/<slug>.md). Every function
-- is optional; remove the ones you do not need. The functions and the
-- concord library are described in Concord's docs/lua-hooks.md.

-- The PDF's running footer: the title, then "Page N of M".
function running_footer(doc, page, pages)
  return doc.title .. " — Page " .. page .. " of " .. pages
end

-- Headings in capitals, as some councils print them:
-- function heading_text(s)
--   return concord.upper(s.heading)
-- end

-- Lists lettered "a)", "b)":
-- function item_label(i)
--   if i.label then return i.canonical_label .. ")" end
--   return nil
-- end
