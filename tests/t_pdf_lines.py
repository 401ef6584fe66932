#!/usr/bin/env python3
"""Line-breaking quality of the council PDFs (docs/pdf-output.md, "Line
quality"): hyphenation and justification to print standard, checked two
ways so that a change that degrades the breaking fails here.

1. The engine's own report (CONCORD_FORMAT_LINE_REPORT, read through
   api_test --write lines:SLUG): badness distribution of the justified
   lines, hyphens per page, hyphenated lines in a row, every break's two
   pieces (2 letters before, 3 after, no capitalised word, no digits).
   Setting the Knuth-Plass badness to 0 (lines judged only by their
   breaks) fails the badness checks: measured mean badness 44-73 then,
   9-20 as built. Rivers (spaces stacked down 3 or more lines) are
   bounded too: no longer than 4 lines, few of 4, few of 3 per 100 lines.
2. The PDFs themselves, line by line as drawn (each line is one text
   object, read from the content streams: pdftotext would rejoin the
   broken words through /ActualText): no capitalised word broken, no
   paragraph ending on the tail of a broken word, at most two hyphenated
   lines in a row.
"""
import glob, json, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

os.chdir(ROOT)

# the thresholds: as built every council is well inside them (see above)
MAX_MEAN_BADNESS = 30
MIN_DECENT_SHARE = 0.60    # lines of badness < 13 (TeX's "decent")
MAX_BAD_SHARE = 0.05       # lines of badness >= 100
MAX_HYPHENS_PER_PAGE = 3.0 # mean over the document
MAX_HYPHENS_IN_A_ROW = 2

api_test = os.environ.get("API_TEST")
if not api_test:
    api_test = (os.path.join(os.path.dirname(CONCORD), "asan", "api_test")
                if CONCORD.endswith("-asan") else os.path.join(ROOT, "build", "api_test"))
if not os.access(api_test, os.X_OK):
    notok("api_test is built", api_test + " is missing: make build/api_test build/asan/api_test")
    sys.exit(1)

sources = sorted(glob.glob("sources/*.md"))
slugs = [os.path.splitext(os.path.basename(s))[0] for s in sources]
source_text = {os.path.splitext(os.path.basename(s))[0]: open(s, encoding="utf-8").read()
               for s in sources}


def chk(cond, name, *detail):
    check(name, cond, *detail)


def letters(s):
    return sum(1 for ch in s if ch.isalpha())


# ---- 1. the engine's report -------------------------------------------------
reports = {}
for slug in slugs:
    r = run([api_test, "--write", "lines:" + slug, "sources/topics.yaml", *sources])
    try:
        reports[slug] = json.loads(r.stdout)
    except ValueError:
        notok("%s: the line report is JSON" % slug, r.stdout[:500], r.stderr[-500:])
if len(reports) != len(slugs):
    sys.exit(1)
ok("a line report for each of the %d councils" % len(slugs))

for slug, rep in reports.items():
    n = rep["lines"]
    b = rep["badness"]
    chk(n > 20 and sum(b.values()) == n, "%s: badness counted for every justified line" % slug,
          "lines %d, badness %r" % (n, b))
    chk(rep["badness_mean"] <= MAX_MEAN_BADNESS,
          "%s: mean line badness at most %d" % (slug, MAX_MEAN_BADNESS),
          "mean %.2f" % rep["badness_mean"])
    chk(b["0-12"] >= MIN_DECENT_SHARE * n,
          "%s: at least %d%% of lines decent (badness < 13)" % (slug, MIN_DECENT_SHARE * 100),
          "%d of %d" % (b["0-12"], n))
    chk(b["100+"] <= MAX_BAD_SHARE * n,
          "%s: at most %d%% of lines of badness 100 or more" % (slug, MAX_BAD_SHARE * 100),
          "%d of %d" % (b["100+"], n))
    pages = rep["pages"]
    chk(rep["hyphens"] <= MAX_HYPHENS_PER_PAGE * pages and
          len(rep["hyphens_per_page"]) == pages and sum(rep["hyphens_per_page"]) == rep["hyphens"],
          "%s: at most %.0f hyphens per page" % (slug, MAX_HYPHENS_PER_PAGE),
          "%d hyphens on %d pages: %r" % (rep["hyphens"], pages, rep["hyphens_per_page"]))
    chk(rep["max_hyphens_in_a_row"] <= MAX_HYPHENS_IN_A_ROW,
          "%s: at most %d hyphenated lines in a row" % (slug, MAX_HYPHENS_IN_A_ROW),
          "%d in a row" % rep["max_hyphens_in_a_row"])
    bad = []
    for br in rep["breaks"]:
        before, after = br["before"], br["after"]
        tail = re.match(r"[^\W\d_]*", after).group(0)
        if before[:1].isupper():
            bad.append("capitalised: %s-%s (page %d)" % (before, after, br["page"]))
        if re.search(r"\d", before + after):
            bad.append("number: %s-%s" % (before, after))
        if letters(before) < 2 or len(tail) < 3:
            bad.append("fewer than 2 before or 3 after: %s-%s" % (before, after))
    chk(not bad and rep["breaks"], "%s: hyphen breaks keep 2 letters before, 3 after, "
          "none in capitalised words or numbers" % slug, *bad or ["no hyphen breaks at all"])

# ---- rivers (docs/typography.md, "Rivers") -----------------------------------
# Chance alignments of spaces are normal in justified text: as built the
# five have 61 rivers of 3 lines in 586 justified lines (10.4 per 100),
# 2 of 4 lines (East Northamptonshire pages 2 and 8) and none longer.
# Degraded breaking makes more, and longer ones (measured, Dec 2026):
#   badness 0:                 70 of 3 lines (12.0 per 100), 6 of 4
#   no hyphenation:            62 (10.6 per 100), 5 of 4
#   word spaces 1.6x as wide:  95 (15.3 per 100), 9 of 4
# The bounds leave room for an unrelated reflow (a kerning or punctuation
# change moves every space: these counts then move by a few either way)
# and fail all three. If a deliberate change trips them, look at the
# rivers the report lists (page, clause, words) before raising them.
MAX_RIVER_LINES = 4           # no river of 5 or more lines
MAX_RIVERS_OF_4 = 4           # over the five councils
MAX_RIVERS_PER_100_LINES = 13.0
MIN_SPACES_PER_LINE = 5       # the detector sees the words (about 17 a line)

tot_lines = tot3 = tot4 = 0
for slug, rep in reports.items():
    rv = rep["rivers"]
    chk(rv["spaces"] >= MIN_SPACES_PER_LINE * rep["lines"] and
        rv["3+"] == len(rv["at"]) and rv["4+"] == sum(1 for r in rv["at"] if r["lines"] >= 4),
        "%s: the river detector sees the spaces between words" % slug,
        "%d spaces on %d lines; %d rivers listed of %d" % (rv["spaces"], rep["lines"],
                                                           len(rv["at"]), rv["3+"]))
    chk(rv["longest"] <= MAX_RIVER_LINES,
        "%s: no river longer than %d lines" % (slug, MAX_RIVER_LINES),
        *["page %d, %s: %d lines from %r" % (r["page"], r["near"], r["lines"], r["between"])
          for r in rv["at"] if r["lines"] > MAX_RIVER_LINES])
    tot_lines += rep["lines"]
    tot3 += rv["3+"]
    tot4 += rv["4+"]
chk(tot4 <= MAX_RIVERS_OF_4, "at most %d rivers of 4 lines or more in the five" % MAX_RIVERS_OF_4,
    *["%s page %d, %s: %d lines from %r" % (slug, r["page"], r["near"], r["lines"], r["between"])
      for slug, rep in reports.items() for r in rep["rivers"]["at"] if r["lines"] >= 4])
chk(tot3 <= MAX_RIVERS_PER_100_LINES * tot_lines / 100,
    "at most %.0f rivers of 3 lines or more per 100 justified lines" % MAX_RIVERS_PER_100_LINES,
    "%d rivers in %d lines (%.1f per 100)" % (tot3, tot_lines, 100.0 * tot3 / max(tot_lines, 1)))

# ---- 2. the PDFs, as a reader's tools see them ---------------------------------
if not have("qpdf"):
    skip("hyphenation in the PDFs", "qpdf not installed")
    sys.exit(exit_status())
out = os.path.join(TMP, "out")
b = build(out, sources, "pdf", EPOCH)
if b.returncode != 0:
    notok("build with --format pdf", b.stderr)
    sys.exit(1)

for slug in slugs:
    text = re.sub(r"\s+", " ", source_text[slug])
    capital, fragment, runs, found = [], [], [], 0
    for lines in [[l.split() for l in page if l.strip()]
                  for page in pdf_stream_lines(os.path.join(out, "pdf", slug + ".pdf"))]:
        run_len = 0
        for i, ln in enumerate(lines):
            last = ln[-1]
            if not (last.endswith("-") and len(last) > 1):
                run_len = 0
                continue
            run_len += 1
            if run_len > MAX_HYPHENS_IN_A_ROW:
                runs.append(" / ".join(" ".join(l) for l in lines[i - run_len + 1:i + 1]))
            if i + 1 >= len(lines):
                continue
            head = last[:-1]
            nxt = lines[i + 1]
            tail = re.match(r"[^\W\d_]*", nxt[0]).group(0)
            stem = re.sub(r"^\W+", "", head)
            # an inserted hyphen: the joined word is the source's
            if not stem or not tail or (stem + tail) not in text:
                continue
            found += 1
            if stem[:1].isupper():
                capital.append("%s / %s" % (" ".join(ln), " ".join(nxt)))
            # justified lines hold several words: a line of the tail alone
            # is a paragraph ending on a fragment
            if len(nxt) == 1:
                fragment.append("%s / %s" % (" ".join(ln), " ".join(nxt)))
    chk(found > 0, "%s: the PDF's text objects read (hyphen breaks found)" % slug,
        "no line ends in a hyphen that breaks a word of the source")
    chk(not capital, "%s: no capitalised word broken in the PDF" % slug, *capital)
    chk(not fragment, "%s: no paragraph ends on the tail of a broken word" % slug, *fragment)
    chk(not runs, "%s: at most %d hyphenated lines in a row in the PDF" % (slug, MAX_HYPHENS_IN_A_ROW),
          *runs)

sys.exit(exit_status())
