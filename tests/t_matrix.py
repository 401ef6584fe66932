#!/usr/bin/env python3
"""t_matrix.py - the comparison matrix writer (issue 6): matrix.csv shape
and content against corpus.json, matrix.html rows/columns/cells against the
CSV, every link target exists, one topic page per topic with word diffs."""
import csv, os, re, sys
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

OUT = os.path.join(TMP, "out")

os.chdir(ROOT)
srcs = sources()
require("build with the matrix writer", build(OUT, srcs, "json,html,matrix"))

corpus = load_corpus(OUT)
docs = corpus["documents"]
topics = [t["key"] for t in corpus["topics"]]
# cells cite provisions: a clause for its own topics, an item for its own
expect = {(t, d["slug"]): [p["id"] for p in d["provisions"] if t in p["topics"]]
          for t in topics for d in docs}

# ---- CSV -------------------------------------------------------------------
raw = open(os.path.join(OUT, "matrix.csv"), "rb").read()
check("matrix.csv is UTF-8 with CRLF line ends", raw.decode("utf-8") and raw.endswith(b"\r\n")
      and raw.count(b"\r\n") == raw.count(b"\n"))
rows = list(csv.reader(open(os.path.join(OUT, "matrix.csv"), encoding="utf-8", newline="")))
header = rows[0]
check("matrix.csv header: topic, theme, label, one column per council",
      header == ["topic", "theme", "label"] + [d["slug"] for d in docs], header)
check("matrix.csv has one row per topic, in taxonomy order",
      [r[0] for r in rows[1:]] == topics, f"{len(rows) - 1} rows for {len(topics)} topics")
bad = [(r[0], header[i]) for r in rows[1:] for i in range(3, len(header))
       if r[i].split() != expect.get((r[0], header[i]))]
check("every annotated provision is in exactly the CSV cells of its topics", not bad, bad[:10])
csv_cells = {(r[0], header[i]): r[i].split() for r in rows[1:] for i in range(3, len(header))}


# ---- HTML ------------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.rows, self.cur, self.cell = set(), [], {}, None, None
        self.ncols, self.in_head, self.stack = 0, False, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.add(a["id"])
        if tag == "a" and "href" in a: self.links.append(a["href"])
        if tag == "thead": self.in_head = True
        if tag == "th" and self.in_head: self.ncols += 1
        if tag == "tr" and (a.get("id") or "").startswith("topic-"):
            self.cur = a["id"][6:]; self.rows[self.cur] = []
        if tag == "td" and self.cur is not None:
            self.cell = {"label": a.get("data-label"), "links": [], "text": "", "cls": a.get("class")}
            self.rows[self.cur].append(self.cell)
        if tag == "a" and self.cell is not None: self.cell["links"].append(a.get("href"))

    def handle_endtag(self, tag):
        if tag == "thead": self.in_head = False
        if tag == "td": self.cell = None
        if tag == "tr": self.cur = None

    def handle_data(self, data):
        if self.cell is not None: self.cell["text"] += data


def parse(path):
    h = Links()
    h.feed(open(path, encoding="utf-8").read())
    return h


site = os.path.join(OUT, "site")
m = parse(os.path.join(site, "matrix.html"))
html_text = open(os.path.join(site, "matrix.html"), encoding="utf-8").read()
check("matrix.html: one row per topic", list(m.rows) == topics, f"{len(m.rows)} rows")
check("matrix.html: one column per council (+ provision, councils)", m.ncols == len(docs) + 2, m.ncols)
check("matrix.html: caption and th scopes",
      "<caption" in html_text and 'scope="col"' in html_text and 'scope="row"' in html_text)
mismatch = []
for t, cells in m.rows.items():
    for d, cell in zip(docs, cells):
        ids = [h.split("#", 1)[1] for h in cell["links"]]
        if ids != csv_cells.get((t, d["slug"])):
            mismatch.append((t, d["slug"], ids))
        if not ids and cell["text"].strip() != "none":
            mismatch.append((t, d["slug"], "absent cell does not say none"))
check("matrix.html cells match matrix.csv; absent cells say 'none'", not mismatch, mismatch[:10])

# cells named unambiguously (issue 20): Brent misprinted its section 3 as
# "1.1", "1.2", ...; its cells say "3.1 (printed 1.1)", so its printed
# "1.1" names one row only, and a clause whose numbers agree stays "1.1"
A = re.findall(r'<a href="brent\.html#(para-[0-9.]+(?:-[a-z]+)?)"><span class="visually-hidden">[^<]*</span>([^<]*)</a>',
               html_text)
brent = dict(A)
check("Brent's misprinted section 3: its cells say \"3.1 (printed 1.1)\"",
      brent.get("para-3.1") == "3.1 (printed 1.1)" and brent.get("para-1.1") == "1.1",
      {k: brent.get(k) for k in ("para-3.1", "para-1.1")})
printed_11 = [k for k, v in brent.items() if v == "1.1" or v.endswith("(printed 1.1)")]
check("Brent's printed 1.1 is told apart: each label names one clause",
      sorted(set(printed_11)) == ["para-1.1", "para-3.1"]
      and len({v for k, v in brent.items() if k in printed_11}) == 2, printed_11)

pages = {}


def target_ok(base, href, page):
    """href relative to PAGE (in BASE): file exists, fragment is an id there."""
    path, _, frag = href.partition("#")
    if re.match(r"^[a-z]+:", href): return True
    full = os.path.normpath(os.path.join(base, path)) if path else page
    if not full or not os.path.exists(full): return False
    if frag and full.endswith(".html"):
        if full not in pages: pages[full] = parse(full).ids
        return frag in pages[full]
    return True


broken = [h for h in m.links if not target_ok(site, h, os.path.join(site, "matrix.html"))]
check("every link in matrix.html reaches an existing page and id", not broken, broken[:10])

missing = [t for t in topics if not os.path.exists(os.path.join(site, "topics", f"{t}.html"))]
check("a topic page exists for every topic", not missing, missing[:10])
broken, with_diff = [], 0
for t in topics:
    path = os.path.join(site, "topics", f"{t}.html")
    if not os.path.exists(path): continue
    h = parse(path)
    broken += [(t, x) for x in h.links if not target_ok(os.path.dirname(path), x, path)]
    text = open(path, encoding="utf-8").read()
    with_diff += "(deleted: </span>" in text or "(inserted: </span>" in text
    slugs = "|".join(re.escape(d["slug"]) for d in docs)
    ids = [x.split("#", 1)[1] for x in h.links if re.match(rf"\.\./({slugs})\.html#", x)]
    want = sorted(i for d in docs for i in expect[(t, d["slug"])])
    if sorted(ids) != want: broken.append((t, "provision links differ from annotations", ids, want))
check("topic pages link to exactly their provisions, and every link resolves", not broken, broken[:10])
check("topic pages show word differences with text alternatives", with_diff > len(topics) // 4,
      f"{with_diff} of {len(topics)} pages")

p2 = build(os.path.join(TMP, "out2"), srcs, "json,html,matrix")
same = all(open(os.path.join(OUT, f), "rb").read() == open(os.path.join(TMP, "out2", f), "rb").read()
           for f in ["matrix.csv", "site/matrix.html", f"site/topics/{topics[0]}.html"])
check("matrix outputs are deterministic", p2.returncode == 0 and same)
