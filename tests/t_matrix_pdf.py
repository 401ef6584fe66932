#!/usr/bin/env python3
"""t_matrix_pdf.py - out/pdf/matrix.pdf, the comparison matrix as a PDF
(issue 6 item 3; compiler/write/matrix/matrix_pdf.c): qpdf --check, A4 landscape pages,
the header row on every page, every topic, theme and council named, one
absence mark per empty cell, document information, tagged table, a bookmark
per theme, byte-identical rebuilds, and a GoToR link for every clause in
every cell that lands on the page of the council PDF where that clause
starts."""
import os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

os.chdir(ROOT)

DASH = "\u2014"

for tool in ("qpdf", "pdftotext", "pdfinfo"):
    if not have(tool):
        skip("matrix PDF checks", "%s not installed: make deps" % tool)
        sys.exit(0)

srcs = sources()
outs = [os.path.join(TMP, "out1"), os.path.join(TMP, "out2")]
for o in outs:
    b = build(o, srcs, "json,pdf,matrix", EPOCH)
    if b.returncode != 0:
        notok("build with --format json,pdf,matrix", b.stderr)
        sys.exit(1)
ok("build with --format json,pdf,matrix")
OUT = outs[0]
pdf = os.path.join(OUT, "pdf", "matrix.pdf")
if not os.path.exists(pdf):
    notok("out/pdf/matrix.pdf written")
    sys.exit(1)
ok("out/pdf/matrix.pdf written")

b = build(os.path.join(TMP, "noPdf"), srcs, "matrix")
check("no matrix.pdf without --format pdf (its links would have no target)",
      b.returncode == 0 and not os.path.exists(os.path.join(TMP, "noPdf", "pdf", "matrix.pdf")),
      b.stderr)

check("byte-identical rebuild",
      open(pdf, "rb").read() == open(os.path.join(outs[1], "pdf", "matrix.pdf"), "rb").read())

q = run(["qpdf", "--check", pdf])
check("qpdf --check", q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout,
      q.stdout + q.stderr)

corpus = load_corpus(OUT)
docs = corpus["documents"]
topics = corpus["topics"]
themes = corpus.get("themes", [])

# ---- document information and pages --------------------------------------
field = pdfinfo(pdf)
info = "\n".join("%s: %s" % kv for kv in field.items())
check("Title, Author and Subject set",
      field.get("Title", "").startswith("Comparison matrix") and field.get("Author")
      and str(len(topics)) in field.get("Subject", ""), info)
check("CreationDate from SOURCE_DATE_EPOCH", "2023" in field.get("CreationDate", ""), info)
check("tagged", field.get("Tagged") == "yes", info)
npages = int(field.get("Pages", "0"))
sizes = run(["pdfinfo", "-f", "1", "-l", str(npages), pdf]).stdout
dims = [tuple(float(x) for x in m) for m in
        re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", sizes)]
check("every page is A4 landscape (%d pages)" % npages,
      npages > 1 and len(dims) == npages
      and all(abs(w - 841.89) < 0.5 and abs(h - 595.28) < 0.5 for w, h in dims), sizes)

struct = run(["pdfinfo", "-struct", pdf]).stdout
check("structure tree has Table, THead, TR, TH, TD and Link",
      all(re.search(r"^\s*%s\b" % t, struct, re.M) for t in ("Table", "THead", "TR", "TH", "TD", "Link")),
      struct[:600])


def page_text(path, p, *extra):
    return pdftotext(path, "-q", *extra, "-f", str(p), "-l", str(p))


TYPO = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                      "\u2013": "-"})


def squash(s):
    # the PDFs show typographic punctuation (model/typo.h), the model the
    # source's: compare them as the source's
    return re.sub(r"\s+", "", s.translate(TYPO))


# ---- header row on every page -------------------------------------------
names = [d["council"] or d["slug"] for d in docs]
missing = []
for p in range(1, npages + 1):
    bbox = page_text(pdf, p, "-bbox")
    words = [(float(m.group(1)), m.group(2)) for m in
             re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', bbox)]
    # the header row: "Provision" and "Councils" on one line, the council
    # names below it, at the top of the table (under the title on page 1)
    prov = [y for y, w in words if w == "Provision"]
    if len(prov) != 1:
        missing.append("page %d: %d \"Provision\" headers" % (p, len(prov)))
        continue
    y0 = prov[0]
    if p > 1 and y0 > 90:
        missing.append("page %d: header row at y=%.0f, not at the top" % (p, y0))
    top = squash(" ".join(w for y, w in words if y0 - 1 <= y <= y0 + 40))
    for n in names + ["Councils"]:
        if squash(n) not in top:
            missing.append("page %d: %r not in the header row" % (p, n))
check("header row (Provision, every council, Councils) at the top of all %d pages" % npages,
      not missing, "\n".join(missing))

# ---- the totals never stand alone ---------------------------------------------
# matrix_pdf.c keeps the totals row with the 3 rows before it
last = squash(page_text(pdf, npages))
rows_last = [t["label"] for t in topics if squash(t["label"]) in last] + \
            [t["label"] for t in themes if squash(t["label"]) in last]
check("the totals' page holds at least 3 other rows (%d)" % len(rows_last),
      squash("Provisions made") in last and len(rows_last) >= min(3, len(topics)),
      "last page: %r" % last[:300])

# ---- content ---------------------------------------------------------------
raw = pdftotext(pdf, "-q", "-raw")
flat = squash(raw)
lost = [t["label"] for t in topics if squash(t["label"]) not in flat]
check("every topic label present (%d)" % len(topics), not lost, lost[:10])
lost = [t["label"] for t in themes if squash(t["label"]) not in flat]
check("every theme heading present (%d)" % len(themes), not lost, lost[:10])
lost = [n for n in names if squash(n) not in flat]
check("every council name present (%d)" % len(names), not lost, lost)
empty = sum(1 for t in topics for d in docs
            if not any(t["key"] in c["topics"] for c in d["clauses"]))
intro = page_text(pdf, 1).split("Provision")[0].count(DASH)
check("one absence mark per empty cell (%d)" % empty, raw.count(DASH) - intro == empty,
      "%d dashes in the table" % (raw.count(DASH) - intro))
cov = ["%d of %d" % (sum(1 for d in docs if any(t["key"] in c["topics"] for c in d["clauses"])),
                     len(docs)) for t in topics]
check("coverage per topic and per council printed",
      all(c in raw for c in cov) and "Provisions made" in raw)

# ---- bookmarks ---------------------------------------------------------------
js = qpdf_json(pdf)
titles = [o["title"] for o in js.get("outlines", [])]
check("a bookmark per theme", all(t["label"] in titles for t in themes), titles)

# ---- links -------------------------------------------------------------------
links = qpdf_links(js)
expected = sum(1 for t in topics for d in docs for c in d["clauses"] if t["key"] in c["topics"])
gotor = [l for l in links if l.get("/A", {}).get("/S") == "/GoToR"]
# a label wrapped over two lines ("Support to Scrutiny Boards and the
# scrutiny process ¶1") is one link drawn as one annotation per line: the
# continuation is on the next line (10.5 pt lower) and starts further left
seen, nlinks = {}, 0
for l in sorted(gotor, key=lambda l: (l.get("/P"), -l["/Rect"][1], l["/Rect"][0])):
    key = (l.get("/P"), l.get("/Contents"), repr(l["/A"]))
    prev = seen.get(key)
    x0, y0 = l["/Rect"][0], l["/Rect"][1]
    if not (prev and 9.5 < prev[1] - y0 < 11.5 and x0 <= prev[0]):
        nlinks += 1
    seen[key] = (x0, y0)
check("a GoToR link for every clause in every cell (%d)" % expected,
      nlinks == expected and len(gotor) == len(links),
      "%d links (%d annotations, %d GoToR)" % (nlinks, len(links), len(gotor)))
check("links have no border", all(l.get("/Border") == [0, 0, 0] for l in links))


def unstr(s):
    return s[2:] if isinstance(s, str) and s[:2] in ("u:", "b:") else s


# label as the matrix prints it -> clause, per council
bylabel = {}
for d in docs:
    heads = {s["id"]: s.get("heading") for s in d["sections"]}
    name = d["council"] or d["slug"]
    for c in d["clauses"]:
        num = c.get("number_shown") or c.get("number")
        if num:
            lab = num.rstrip(".") or num
        else:
            h = heads.get(c.get("section"))
            lab = ("%s \u00b6%s" % (h, c["ordinal"])) if h else "\u00b6%s" % c["ordinal"]
        # labels can repeat within a council (Brent numbers the clauses of
        # its section 3 from 1.1 again), so a label names a list
        bylabel.setdefault((d["slug"], name + " " + lab), []).append(c)
    # a cell citing an item ("2.9(e)") links to where its clause starts
    byid = {c["id"]: c for c in d["clauses"]}
    for p in d.get("provisions", []):
        if p["id"] != p["clause"]:
            bylabel.setdefault((d["slug"], name + " " + p["label"]), []).append(byid[p["clause"]])

pages_of = {}
bad = []
for l in gotor:
    a = l["/A"]
    f = unstr(a.get("/F"))
    dest = a.get("/D")
    slug = f[:-4] if f and f.endswith(".pdf") else None
    target = os.path.join(OUT, "pdf", f or "")
    cands = bylabel.get((slug, unstr(l.get("/Contents"))))
    if not slug or not os.path.exists(target):
        bad.append("link to a missing file: %r" % f)
        continue
    if not cands:
        bad.append("%s: no clause labelled %r" % (f, unstr(l.get("/Contents"))))
        continue
    if not (isinstance(dest, list) and len(dest) == 5 and dest[1] == "/XYZ"):
        bad.append("%s: destination %r is not [page /XYZ left top null]" % (f, dest))
        continue
    if f not in pages_of:
        pages_of[f] = {}
    pg = dest[0] + 1
    if pg not in pages_of[f]:
        pages_of[f][pg] = squash(page_text(target, pg)).replace("-", "")
    def opening(c):
        # the first words, up to a hanging item label ("a)"), which
        # pdftotext may place elsewhere on the line
        ws = []
        for w in c["text"].split()[:4]:
            if ws and re.fullmatch(r"\(?[a-z0-9]{1,4}[.)]", w):
                break
            ws.append(w)
        return squash(" ".join(ws)).replace("-", "")
    if not any(opening(c) in pages_of[f][pg] for c in cands):
        bad.append("%s page %d does not start %s (%r...)" % (f, pg, cands[0]["id"], opening(cands[0])))
check("every link opens the council's PDF at the page where its clause starts",
      not bad and gotor, "\n".join(bad[:15]))
