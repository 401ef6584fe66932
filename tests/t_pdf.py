#!/usr/bin/env python3
"""PDF writer checks (docs/pdf-output.md).

Builds sources/*.md with --format pdf,json twice and checks each
out/pdf/<slug>.pdf with poppler and qpdf: qpdf --check, fonts embedded,
A4/title/author/tagged, text fidelity against out/corpus.json (every
clause's words in order, hyphenation breaks joined, no ligatures),
bookmarks for every section, link annotations without borders, no word
right of the text column (pdftotext -bbox), the engine's own layout
checks, a missing-glyph diagnostic, and byte-identical rebuilds.
"""
import difflib, glob, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
import testlib
from testlib import *

os.chdir(ROOT)

PAGE_W, MARGIN_R = 595.276, 68.0  # pdf_writer.c a4 geometry

sources = sorted(glob.glob("sources/*.md"))
out1, out2 = os.path.join(TMP, "out1"), os.path.join(TMP, "out2")
b1 = build(out1, sources, "pdf,json", EPOCH)
b2 = build(out2, sources, "pdf,json", EPOCH)
if b1.returncode != 0 or b2.returncode != 0:
    notok("build with --format pdf,json", b1.stderr + b2.stderr)
    sys.exit(1)
ok("build with --format pdf,json")

layout_warnings = [l for l in b1.stderr.splitlines() if "PDF" in l]
if layout_warnings:
    notok("no PDF layout diagnostics (line widths, headings at page foot, links, bookmarks)",
          "\n".join(layout_warnings))
else:
    ok("no PDF layout diagnostics (line widths, headings at page foot, links, bookmarks)")

corpus = load_corpus(out1)
docs = corpus["documents"]

# ---- determinism ---------------------------------------------------------
diff = [d["slug"] for d in docs
        if open(os.path.join(out1, "pdf", d["slug"] + ".pdf"), "rb").read()
        != open(os.path.join(out2, "pdf", d["slug"] + ".pdf"), "rb").read()]
if diff:
    notok("two builds give byte-identical PDFs", "differ: " + ", ".join(diff))
else:
    ok("two builds give byte-identical PDFs")


TYPO = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                      "\u2013": "-", "\u00a0": " "})


def norm_tokens(text):
    # typographic punctuation (model/typo.h) as the source's, on both sides;
    # join words hyphenated at a line end, then compare without hyphens
    text = text.translate(TYPO)
    text = re.sub(r"-\s*\n\s*", "", text)
    return [t.replace("-", "").replace("\u00ad", "") for t in text.split() if t.replace("-", "")]


def c_text_all(d):
    """All the clause texts of corpus document D, words joined by spaces."""
    if "_all" not in d:
        d["_all"] = " ".join(c["text"] for c in d["clauses"])
    return d["_all"]


def match_words(model, pdf):
    """In-order alignment (difflib); returns (matched, missing words)."""
    # a footnote mark may follow a word ("Officer1"): drop trailing digits
    # from PDF words whose stem is a model word
    vocab = set(model)
    pdf = [p.rstrip("0123456789") if p not in vocab and p.rstrip("0123456789") in vocab else p
           for p in pdf]
    sm = difflib.SequenceMatcher(None, model, pdf, autojunk=False)
    hit = [False] * len(model)
    for b in sm.get_matching_blocks():
        for k in range(b.size):
            hit[b.a + k] = True
    return sum(hit), [w for w, h in zip(model, hit) if not h]


for d in docs:
    slug = d["slug"]
    pdf = os.path.join(out1, "pdf", slug + ".pdf")
    if not os.path.exists(pdf):
        notok(slug + ": out/pdf/%s.pdf written" % slug)
        continue

    r = run(["qpdf", "--check", pdf])
    if r.returncode == 0:
        ok(slug + ": qpdf --check")
    else:
        notok(slug + ": qpdf --check", r.stdout + r.stderr)

    r = run(["pdffonts", pdf])
    rows = [l for l in r.stdout.splitlines()[2:] if l.strip()]
    bad = [l for l in rows if l.split()[-5] != "yes"]
    if r.returncode == 0 and rows and not bad:
        ok(slug + ": every font embedded (%d faces)" % len(rows))
    else:
        notok(slug + ": every font embedded", r.stdout + r.stderr)
    # a real ToUnicode CMap for every face (libharu's own is its encoding
    # CMap, which poppler rejects with a syntax warning and other readers
    # may not use to map text back): poppler reads ours without a warning,
    # and each one maps the BMP by bfranges
    warn = [l for l in r.stderr.splitlines() if "Syntax" in l or "ToUnicode" in l]
    qd = run(["qpdf", "--qdf", "--object-streams=disable", pdf, os.path.join(TMP, "tu.pdf")])
    raw = open(os.path.join(TMP, "tu.pdf"), "rb").read() if qd.returncode == 0 else b""
    maps = raw.count(b"/CMapName /Adobe-Identity-UCS def")
    if not warn and raw and maps == len(rows) and b"begincidrange" not in raw:
        ok(slug + ": a ToUnicode CMap (bfrange) for each of the %d faces, no reader warning" % maps)
    else:
        notok(slug + ": a ToUnicode CMap (bfrange) for each face, no reader warning",
              "\n".join(warn[:3]) + "\n%d maps for %d faces" % (maps, len(rows)))

    info = pdfinfo(pdf)
    problems = []
    if int(info.get("Pages", "0")) < 1:
        problems.append("no pages")
    if "(A4)" not in info.get("Page size", ""):
        problems.append("page size " + info.get("Page size", "?"))
    if info.get("Title") != d["title"]:
        problems.append("title %r != %r" % (info.get("Title"), d["title"]))
    if info.get("Author") != d["council"]:
        problems.append("author %r != %r" % (info.get("Author"), d["council"]))
    if info.get("Tagged") != "yes":
        problems.append("not tagged")
    if not info.get("CreationDate"):
        problems.append("no CreationDate with SOURCE_DATE_EPOCH set")
    if problems:
        notok(slug + ": pdfinfo A4, title, author, tagged, date", "\n".join(problems))
    else:
        ok(slug + ": pdfinfo A4, title, author, tagged, date (%s pages)" % info["Pages"])

    # ---- text fidelity ----------------------------------------------------
    text = pdftotext(pdf, "-enc", "UTF-8")
    pdf_words = norm_tokens(text)
    model_words = []
    for c in d["clauses"]:
        model_words += norm_tokens(c["text"])
    matched, missing = match_words(model_words, pdf_words)
    cover = matched / max(1, len(model_words))
    if cover >= 0.995:
        ok(slug + ": clause words in order in pdftotext (%d/%d)" % (matched, len(model_words)))
    else:
        notok(slug + ": clause words in order in pdftotext (%.2f%%)" % (100 * cover),
              "missing: " + " ".join(missing[:40]))
    lig = [ch for ch in text if 0xFB00 <= ord(ch) <= 0xFB06]
    if lig:
        notok(slug + ": no ligature code points", repr(lig[:5]))
    else:
        ok(slug + ": no ligature code points")
    special = set(ch for c in d["clauses"] for ch in c["text"] if ord(ch) > 127)
    lost = [ch for ch in special if ch not in text]
    if lost:
        notok(slug + ": non-ASCII characters extracted exactly", "lost: " + " ".join(lost))
    else:
        ok(slug + ": non-ASCII characters extracted exactly (%s)" % "".join(sorted(special)))

    # ---- real text: a line is one text object, words joined by spaces ------
    # (read from the content streams, not through pdftotext, which would
    # guess spaces from the gaps between words drawn one by one)
    lines = [l for page in pdf_stream_lines(pdf) for l in page]
    line_tri = set()
    for l in lines:
        w = l.split()
        line_tri.update(zip(w, w[1:], w[2:]))
    model_tri = []
    for c in d["clauses"]:
        w = c["text"].split()
        model_tri += list(zip(w, w[1:], w[2:]))
    found = sum(1 for t in model_tri if t in line_tri)
    share = found / max(1, len(model_tri))
    if model_tri and share >= 0.8:
        ok(slug + ": words separated by space characters in one text object per line "
               "(%d of %d word triples)" % (found, len(model_tri)))
    else:
        notok(slug + ": words separated by space characters in one text object per line",
              "%d of %d of the clauses' word triples found within a line" % (found, len(model_tri)),
              "first lines: %r" % lines[:5])
    # hyphenated words come out whole through /ActualText
    broken, joined = [], []
    flat = " ".join(text.split())
    for a, b in zip(lines, lines[1:]):
        m1 = re.search(r"([^\W\d_]+)-$", a.rstrip())
        m2 = re.match(r"\s*([^\W\d_]+)", b)
        if not (m1 and m2) or (m1.group(1) + m2.group(1)) not in c_text_all(d):
            continue
        word = m1.group(1) + m2.group(1)
        (joined if re.search(r"\b%s\b" % re.escape(word), flat) and
         (m1.group(1) + "-") not in flat.split() else broken).append(word)
    if joined and not broken:
        ok(slug + ": hyphenated words extracted whole (%d, /ActualText)" % len(joined))
    else:
        notok(slug + ": hyphenated words extracted whole (/ActualText)",
              "broken in pdftotext: %r" % broken[:10], "whole: %d" % len(joined))
    head = open(pdf, "rb").read(8)
    if head >= b"%PDF-1.5":
        ok(slug + ": PDF version %s covers /Tabs and marked-content /ActualText (1.5)" % head[5:].decode())
    else:
        notok(slug + ": PDF version at least 1.5 (/Tabs, /ActualText)", head)

    # ---- no word right of the text column ----------------------------------
    bbox = pdftotext(pdf, "-bbox")
    limit = PAGE_W - MARGIN_R + 0.5
    over = [m.group(0) for m in re.finditer(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>[^<]*</word>', bbox)
            if float(m.group(1)) > limit]
    if over:
        notok(slug + ": no word beyond the right margin", "\n".join(over[:10]))
    else:
        ok(slug + ": no word beyond the right margin")

    # ---- bookmarks and links ------------------------------------------------
    js = qpdf_json(pdf)
    titles = []

    def walk(items):
        for o in items:
            titles.append(o["title"])
            walk(o.get("kids", []))
    walk(js.get("outlines", []))
    nsec = len(d["sections"])
    missing_sec = [s["heading"] for s in d["sections"]
                   if s["heading"] and not any(s["heading"] in t for t in titles)]
    if titles and not missing_sec:
        ok(slug + ": bookmarks for all %d sections (%d in all)" % (nsec, len(titles)))
    else:
        notok(slug + ": bookmarks for every section", "missing: %r" % missing_sec[:5])

    links = qpdf_links(js)
    internal_refs = sum(1 for c in d["clauses"] for r in c.get("refs", []) if r["kind"] == "internal")
    dest_links = [l for l in links if "/Dest" in l]
    uri_links = [l for l in links if "/A" in l]
    bordered = [l for l in links if l.get("/Border") != [0, 0, 0]]
    if bordered:
        notok(slug + ": link annotations have no border", repr(bordered[:2]))
    elif len(dest_links) < internal_refs:
        notok(slug + ": internal cross-references are links",
              "%d internal refs, %d /Dest links" % (internal_refs, len(dest_links)))
    else:
        ok(slug + ": links (%d internal, %d URI, %d refs in the model), no borders"
           % (len(dest_links), len(uri_links), internal_refs))

    # ---- tagging --------------------------------------------------------------
    r = run(["pdfinfo", "-struct", pdf])
    if r.returncode == 0 and "Document" in r.stdout and re.search(r"\bH[1-4]\b", r.stdout) and " P" in r.stdout:
        ok(slug + ": structure tree with Document, headings and paragraphs")
    else:
        notok(slug + ": structure tree with Document, headings and paragraphs", r.stdout[:800] + r.stderr[:400])

# ---- a character the fonts lack is a diagnostic -----------------------------
src = os.path.join(TMP, "glyph.md")
with open(src, "w", encoding="utf-8") as f:
    f.write("---\ncouncil: Test Council\nslug: glyph\ntitle: Glyph Test\n---\n\n"
            "## 1. TEST\n\n1.1 A ballot box \u2610 and the rest \u201cquoted\u201d \u00a35 caf\u00e9.\n")
r = run([CONCORD, "build", "--no-hooks", "-o", os.path.join(TMP, "glyph-out"), "--format", "pdf", src])
if "U+2610" in r.stderr and r.returncode == 0:
    ok("a character missing from the fonts is a warning with its position")
else:
    notok("a character missing from the fonts is a warning with its position",
          "rc=%d\n%s" % (r.returncode, r.stderr))
gp = os.path.join(TMP, "glyph-out", "pdf", "glyph.pdf")
if os.path.exists(gp):
    t = pdftotext(gp, "-enc", "UTF-8")
    if "\u201cquoted\u201d \u00a35 caf\u00e9." in t:
        ok("curly quotes, pound sign and accents extract exactly")
    else:
        notok("curly quotes, pound sign and accents extract exactly", t[:400])

sys.exit(testlib.exit_status())
