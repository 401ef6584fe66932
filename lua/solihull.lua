-- lua/solihull.lua - Solihull MBC's house style (Protocol for Member and
-- Officer Relations, approved 10 October 2006), as printed.

-- Solihull prints no paragraph numbers at all.
function number_label(c)
  return ""
end

-- Its lists are plain bullets.
function item_label(i)
  if not i.label then return "•" end
  return nil
end

-- The protocol defines "Senior Officer" in its footnote 1. Attach that
-- definition as an editorial note to the clause whose footnote carries
-- it, so the matrix and the HTML can show it beside the clause.
function Clause(c)
  for _, fn in ipairs(c.footnotes) do
    local term = fn.text:match("^A (.-) is to be regarded as")
    if term then
      c.note = "Defines “" .. term .. "” (footnote " .. fn.label .. ")"
      return c
    end
  end
  return nil
end

function running_header(doc)
  return doc.council .. " — " .. doc.title
end

function running_footer(doc, page, pages)
  return "Approved by the Council on 10 October 2006 — Page " .. page .. " of " .. pages
end

function contents(doc)
  return false
end
