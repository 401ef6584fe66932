#!/usr/bin/env python3
"""PDF page furniture (docs/pdf-output.md): no running head above the
title block on page 1, and a running head that fits its line: a long
`part:` is shortened with an ellipsis instead of running into the
council's name. Checked with pdftotext -bbox on the five councils and on
a fixture with a very long part."""
import glob, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

os.chdir(ROOT)

PAGE_W, MARGIN_L, MARGIN_R, MARGIN_T = 595.276, 68.0, 68.0, 78.0  # pdf_writer.c a4
HEAD_BOTTOM = MARGIN_T - 8  # the head's baseline is 22 pt above the text area

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def head_words(path):
    """Per page, the words above the text area: (xMin, xMax, text)."""
    pages = []
    for page in pdftotext(path, "-bbox").split("<page")[1:]:
        pages.append([(float(m.group(1)), float(m.group(3)), m.group(5))
                      for m in WORD.finditer(page) if float(m.group(4)) < HEAD_BOTTOM])
    return pages


LONG_PART = ("Part 12: Codes and Protocols, including the Protocol on Member and Officer "
             "Relations, the Planning Code of Good Practice and the Licensing Code")
FIXTURE = """---
council: Longpart Metropolitan Borough Council
slug: longpart
title: Member and Officer Relations
part: "%s"
kind: borough
theme: default
---

## 1. INTRODUCTION

%s
""" % (LONG_PART, "\n\n".join("1.%d %s" % (i, " ".join(["The officers of the Council serve it as a whole."] * 12))
                            for i in range(1, 14)))

src = os.path.join(TMP, "longpart.md")
with open(src, "w", encoding="utf-8") as f:
    f.write(FIXTURE)
out = os.path.join(TMP, "out")
b = build(out, sorted(glob.glob("sources/*.md")) + [src], "pdf", EPOCH)
if b.returncode != 0:
    notok("build of the five councils and the fixture", b.stderr)
    sys.exit(1)
ok("build of the five councils and the fixture")

for pdf in sorted(glob.glob(os.path.join(out, "pdf", "*.pdf"))):
    slug = os.path.splitext(os.path.basename(pdf))[0]
    if slug == "matrix":
        continue
    pages = head_words(pdf)
    check("%s: no running head above the title block on page 1" % slug,
          pages and not pages[0], "page 1: " + " ".join(w[2] for w in (pages[0] if pages else [])))
    bad = []
    for n, words in enumerate(pages[1:], 2):
        words.sort()
        if not words:
            bad.append("page %d: no running head" % n)
        for a, c in zip(words, words[1:]):
            if a[1] > c[0] + 0.5:
                bad.append("page %d: %r overlaps %r" % (n, a[2], c[2]))
        if words and (words[0][0] < MARGIN_L - 1 or max(w[1] for w in words) > PAGE_W - MARGIN_R + 1):
            bad.append("page %d: the head leaves the text width" % n)
    check("%s: running heads within the line, nothing overlapping (%d pages)" % (slug, len(pages)),
          len(pages) > 1 and not bad, *bad)
    if slug == "longpart":
        head = " ".join(w[2] for w in sorted(pages[1]))
        check("longpart: a long part is shortened with an ellipsis, the council kept",
              "\u2026" in head and head.startswith("Longpart Metropolitan Borough Council"), head)

sys.exit(exit_status())
