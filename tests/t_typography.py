#!/usr/bin/env python3
"""Typographic punctuation (docs/typography.md, model/typo.h): the HTML
and the PDF show curly quotes and apostrophes, en dashes in number ranges
and a no-break space after "paragraph" before a number, from one shared
text pass, while the model (corpus.json) keeps the source's characters.

A fixture holds the cases: apostrophes inside and after words, quotes
opening and closing, the source's own curly quotes, ranges and what is
not a range (dates, phone numbers, codes), paragraph references. Then the
five councils: no straight quote left in their PDFs or HTML text.
"""
import glob, html.parser, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

os.chdir(ROOT)

FIXTURE = """---
council: Typo Town Council
slug: typo
title: Typography test
kind: town
theme: default
---

## 1. QUOTES

1.1 The Council's officers "need to know" and members' papers are 'pink papers'. It is in “the source’s own” words (and "in brackets").

1.2 See paragraph 3.4 and para 2 and Paragraphs 1-3 of pages 10-12, not 2023-11-14 nor 020-8937-1234 nor B12-3.
"""

EXPECT = [
    "Council\u2019s officers \u201cneed to know\u201d",
    "members\u2019 papers are \u2018pink papers\u2019.",
    "\u201cthe source\u2019s own\u201d",
    "(and \u201cin brackets\u201d)",
    "paragraph\u00a03.4",
    "para\u00a02",
    "Paragraphs\u00a01\u20133",
    "pages 10\u201312,",
    "not 2023-11-14 nor 020-8937-1234 nor B12-3.",
]


class ArticleText(html.parser.HTMLParser):
    """The text inside <article>, without attributes."""
    def __init__(self):
        super().__init__()
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(path):
    p = ArticleText()
    p.feed(open(path, encoding="utf-8").read())
    return re.sub(r"[ \n]+", " ", "".join(p.parts))


def pdf_text(path):
    return re.sub(r"[ \n]+", " ", pdftotext(path, "-enc", "UTF-8"))


src = os.path.join(TMP, "typo.md")
with open(src, "w", encoding="utf-8") as f:
    f.write(FIXTURE)
out = os.path.join(TMP, "out")
b = build(out, [src], "html,pdf,json", EPOCH, extra=("--no-hooks",))
if b.returncode != 0:
    notok("build of the fixture", b.stderr)
    sys.exit(1)
ok("build of the fixture")

# the PDF as drawn (pdftotext turns a no-break space into a space)
shown = {"HTML": article_text(os.path.join(out, "site", "typo.html")),
         "PDF": " ".join(l for page in pdf_stream_lines(os.path.join(out, "pdf", "typo.pdf"))
                         for l in page)}
for what, text in shown.items():
    missing = [e for e in EXPECT if e not in text]
    check("%s: typographic quotes, apostrophes, range dashes, no-break spaces" % what,
          not missing, *["missing: %r" % m for m in missing] + ["text: %r" % text[:600]])

corpus = load_corpus(out)
model = " ".join(c["text"] for d in corpus["documents"] for c in d["clauses"])
check("the model keeps the source's characters (corpus.json)",
      "Council's officers \"need to know\"" in model and "pages 10-12" in model and
      "\u201cthe source\u2019s own\u201d" in model, model[:300])

# ---- the five councils --------------------------------------------------
sources = sorted(glob.glob("sources/*.md"))
out5 = os.path.join(TMP, "out5")
b = build(out5, sources, "html,pdf", EPOCH)
if b.returncode != 0:
    notok("build of the five councils", b.stderr)
    sys.exit(1)
for s in sources:
    slug = os.path.splitext(os.path.basename(s))[0]
    straight = sum(open(s, encoding="utf-8").read().split("\n---", 1)[-1].count(q) for q in "'\"")
    for what, text in (("HTML", article_text(os.path.join(out5, "site", slug + ".html"))),
                       ("PDF", pdf_text(os.path.join(out5, "pdf", slug + ".pdf")))):
        left = [m.group(0) for m in re.finditer(r".{0,15}['\"].{0,15}", text)]
        curly = sum(text.count(q) for q in "\u2018\u2019\u201c\u201d")
        check("%s %s: no straight quote left (%d curly; %d straight in the source)"
              % (slug, what, curly, straight), straight > 0 and not left and curly >= straight,
              *left[:10])

sys.exit(exit_status())
