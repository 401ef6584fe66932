#!/usr/bin/env python3
"""t_provisions - every writer points at the provision (docs/provisions.md).

On the fixture in tests/data/provisions (copied to $TESTTMP; topics on
clauses, on sub-items, on a nested item, on unnumbered clauses, and
suggestions), whatever the state of the real sources' annotations:

- HTML: "Also in" under a clause for its own topics and in each item with
  topics, grouped by council (each council once a line), linking to the
  provision's own id; every such link lands on an element with that id;
- matrix.html cells and matrix.csv cite provisions ("2.9(b)(ii)",
  para-2.9-b-ii); a topic page quotes only the item, after its clause's
  lead-in; matrix.pdf's cells show the item's label;
- equivalents.xml links point eIds, and every file validates;
- corpus.json's provisions (values; the invariants are in t_cli.sh);
- suggestions ({topic?=...}) reach no output: a build with them is byte for
  byte a build without them, and no output holds "topic?=" or a suggested
  key; the same for a text brought in by `concord import`, its topics
  turned into suggestions;
- an item's id does not change when an unrelated item or clause is inserted
  or a neighbour annotated (docs/permalinks.md).
"""
import glob, html, json, os, re, shutil, subprocess, sys

sys.path.insert(0, os.path.dirname(__file__))
import testlib
from testlib import ROOT, TMP, EPOCH, ok, notok, check, require, load_corpus

FIXTURE = os.path.join(ROOT, "tests", "data", "provisions")
NAMES = ["alpha.md", "beta.md", "gamma.md"]


def fixture(dirname):
    """A fresh copy of the fixture in TMP/DIRNAME; returns (dir, sources, topics)."""
    d = os.path.join(TMP, dirname)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for f in NAMES + ["topics.yaml"]:
        shutil.copy(os.path.join(FIXTURE, f), d)
    return d, [os.path.join(d, f) for f in NAMES], os.path.join(d, "topics.yaml")


def build(out, srcs, topics, formats=None):
    return testlib.build(out, srcs, formats, EPOCH, extra=["--topics", topics])


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def strip_hidden(s):
    return re.sub(r'<span class="visually-hidden">[^<]*</span>', "", s)


def outputs(out):
    """Every output file of a build (not the build's own cache)."""
    for dirpath, _, files in os.walk(out):
        for f in sorted(files):
            if f != ".concord-cache":
                yield os.path.join(dirpath, f)


def output_text(path):
    """What a reader can find in an output: a PDF's text, else its bytes as text."""
    if path.endswith(".pdf"):
        return testlib.pdftotext(path) if testlib.have("pdftotext") else ""
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


d, srcs, topics = fixture("fx")
out = os.path.join(TMP, "out")
require("build the provisions fixture (all formats)", build(out, srcs, topics))
site = os.path.join(out, "site")

# ---- HTML: "Also in" per provision --------------------------------------------

alpha = read(os.path.join(site, "alpha.html"))


def element(page, id_):
    """The text of the element with id ID_ up to its closing tag (li or div)."""
    m = re.search(r'<(li|div) [^>]*\bid="%s"' % re.escape(id_), page)
    if not m:
        return None
    tag, depth, i = m.group(1), 0, m.start()
    for t in re.finditer(r"<(/?)%s\b" % tag, page[m.start():]):
        depth += -1 if t.group(1) else 1
        if depth == 0:
            return page[i:m.start() + t.end()]
    return page[i:]


def also_in(fragment):
    """The "Also in" lines directly in FRAGMENT, hidden text removed: a
    paragraph for one link, a <details> of a line per council for more
    (docs/html-output.md)."""
    return [strip_hidden(x) for x in re.findall(
        r'<p class="equivalents">.*?</p>|<details class="equivalents">.*?</details>', fragment or "", re.S)]


item_b = element(alpha, "para-2.2-b")
lines = also_in(item_b)
check("an item with topics has its own \"Also in\" line", len(lines) == 1, item_b)
want = ('<li>Beta Borough Council <a href="beta.html#para-2.9-b-ii">2.9(b)(ii)</a></li>\n'
        '<li>Gamma Town Council <a href="gamma.html#conduct-members-and-officers-treat">Conduct \u00b61</a></li>')
check("it cites and links the other councils' provisions, a nested item by its labels",
      lines and want in html.unescape(lines[0]), lines)
cl22 = element(alpha, "para-2.2")
outside_items = re.sub(r'<ol class="items.*?</ol>', "", cl22 or "", flags=re.S)
check("a clause without topics of its own has no clause-level line", not also_in(outside_items), cl22)
check("an item without topics has no line", not also_in(element(alpha, "para-2.2-c")))
c21 = also_in(element(alpha, "para-2.1"))
check("a clause with its own topic links the items of other councils",
      c21 and 'beta.html#para-2.9-b-ii' in c21[0] and "2.9(b)(ii)" in c21[0], c21)
beta = read(os.path.join(site, "beta.html"))
b_ii = also_in(element(beta, "para-2.9-b-ii"))
check("a council with two provisions of a topic is named once, its provisions listed",
      b_ii and html.unescape(b_ii[0]).count("Alpha Council") == 1
      and re.search(r'<li>Alpha Council <a href="alpha.html#para-2.1">2.1</a>, '
                    r'<a href="alpha.html#para-2.2-b">2.2\(b\)</a></li>', b_ii[0]), b_ii)

# every link to a page's fragment lands on an element with that id
ids = {}
for page in glob.glob(os.path.join(site, "*.html")) + glob.glob(os.path.join(site, "topics", "*.html")):
    ids[os.path.relpath(page, site)] = set(re.findall(r'\bid="([^"]+)"', read(page)))
bad = []
for page in ids:
    base = os.path.dirname(page)
    for href in re.findall(r'href="([^"#:]*\.html)#([^"]+)"', read(os.path.join(site, page))):
        target = os.path.normpath(os.path.join(base, href[0]))
        if html.unescape(href[1]) not in ids.get(target, ()):
            bad.append("%s -> %s#%s" % (page, target, href[1]))
check("every link to a provision lands on an element with its id", not bad, "\n".join(bad[:20]))

# ---- the matrix, the CSV, topic pages, matrix.pdf ----------------------------------

matrix = strip_hidden(read(os.path.join(site, "matrix.html")))
row = re.search(r'<tr id="topic-mutual-respect">.*?</tr>', matrix, re.S)
row = row.group(0) if row else ""
check("a matrix cell cites items: alpha 2.1, 2.2(b)",
      '<a href="alpha.html#para-2.1">2.1</a>, <a href="alpha.html#para-2.2-b">2.2(b)</a>' in row, row)
check("a matrix cell cites a nested item: beta 2.9(b)(ii)",
      '<a href="beta.html#para-2.9-b-ii">2.9(b)(ii)</a>' in row, row)
csv = read(os.path.join(out, "matrix.csv")).splitlines()
check("matrix.csv lists provision ids",
      "mutual-respect,conduct,Mutual respect and courtesy,para-2.1 para-2.2-b,para-2.9-b-ii,"
      "conduct-members-and-officers-treat" in csv, "\n".join(csv))
topic = read(os.path.join(site, "topics", "mutual-respect.html"))
art = re.search(r'<article class="compare-clause">\s*<h3><a href="../beta.html#para-2.9-b-ii">.*?</article>',
                topic, re.S)
art = html.unescape(art.group(0)) if art else ""
check("a topic page quotes the item with its clause's lead-in and the item it is in",
      "Officers can expect members: (b) to treat them fairly \u2026" in art
      and "with respect and courtesy in writing" in art, art or topic)
check("a topic page leaves out the list's other items",
      "intimidation" not in topic and "follow the policies" not in topic and "in meetings" not in topic)
if testlib.have("pdftotext"):
    ptxt = testlib.pdftotext(os.path.join(out, "pdf", "matrix.pdf"))
    check("matrix.pdf cells show items' labels", "2.2(b)" in ptxt and "2.9(b)(ii)" in ptxt, ptxt)
else:
    testlib.skip("matrix.pdf cells show items' labels", "no pdftotext")

# ---- Akoma Ntoso -------------------------------------------------------------------

eq = read(os.path.join(out, "akn", "equivalents.xml"))
check("equivalents.xml links an item's point eId, cited with its label",
      '<ref href="/akn/gb/doc/protocol/undated/beta#para_2.9__point_b__point_ii">'
      'Beta Borough Council 2.9(b)(ii)</ref>' in eq, eq)
check("equivalents.xml has no list clause for its item", "beta#para_2.9\"" not in eq)
check("a point carries its item's topics (refersTo)",
      re.search(r'<point eId="para_2.9__point_c" refersTo="#topic_no-undue-pressure">',
                read(os.path.join(out, "akn", "beta.xml"))))
schemas = os.path.join(ROOT, "tests", "schemas", "akomantoso30.xsd")
if os.path.isfile(schemas) and testlib.have("xmllint"):
    files = sorted(glob.glob(os.path.join(out, "akn", "*.xml")))
    v = testlib.run(["xmllint", "--noout", "--nonet", "--schema", schemas] + files)
    check("the fixture's Akoma Ntoso files validate (items with topics, equivalences of items)",
          v.returncode == 0, v.stderr)
else:
    testlib.skip("the fixture's Akoma Ntoso files validate", "no schema or xmllint")

# ---- corpus.json ---------------------------------------------------------------------

c = load_corpus(out)
docs = {x["slug"]: x for x in c["documents"]}
bp = {p["id"]: p for p in docs["beta"]["provisions"]}
check("corpus.json: a document lists its provisions, items included",
      sorted(bp) == ["para-1.1", "para-2.9-a", "para-2.9-b-ii", "para-2.9-c"], sorted(bp))
p = bp.get("para-2.9-b-ii", {})
check("corpus.json: a provision's id, clause, label, text, topics, equivalents, source",
      p.get("clause") == "para-2.9" and p.get("label") == "2.9(b)(ii)"
      and p.get("text") == "with respect and courtesy in writing" and p.get("topics") == ["mutual-respect"]
      and p.get("equivalents") == ["alpha#para-2.1", "alpha#para-2.2-b", "gamma#conduct-members-and-officers-treat"]
      and p.get("equivalents_total") == 3 and p.get("source", {}).get("line") == 18, p)
cl = {x["id"]: x for x in docs["beta"]["clauses"]}["para-2.9"]
check("corpus.json: a clause's topics are the union of its items'",
      cl["topics"] == ["act-within-policies", "mutual-respect", "no-undue-pressure"], cl["topics"])

# ---- suggestions reach no output -----------------------------------------------------

SUGGESTED = "never-published-suggestion"


def no_suggestion_anywhere(name, out_dir, keys):
    found = []
    for f in outputs(out_dir):
        t = output_text(f)
        for k in ["topic?="] + keys:
            if k in t:
                found.append("%s: %s" % (os.path.relpath(f, out_dir), k))
    check(name, not found, "\n".join(found[:20]))


# a suggested key that is in no taxonomy, and one that is (suggested-only-topic)
d2, srcs2, topics2 = fixture("sugg")
g = read(srcs2[2]).replace("{topic=no-undue-pressure}",
                           "{topic=no-undue-pressure topic?=%s}" % SUGGESTED)
open(srcs2[2], "w", encoding="utf-8").write(g)
with_s = os.path.join(TMP, "with-suggestions")
r = build(with_s, srcs2, topics2)
check("a build with suggestions succeeds", r.returncode == 0, r.stderr)
no_suggestion_anywhere("no output holds 'topic?=' or a key only suggested", with_s, [SUGGESTED])
for s in srcs2:  # the same sources, suggestions taken out
    t = read(s)
    t = re.sub(r" ?\{topic\?=[^}]*\}", "", t)
    t = re.sub(r" topic\?=[^ }]*", "", t)
    open(s, "w", encoding="utf-8").write(t)
without = os.path.join(TMP, "without-suggestions")
r = build(without, srcs2, topics2)
diff = testlib.run(["diff", "-r", "-q", "-x", ".concord-cache", with_s, without])
check("suggestions change no byte of any output (build with and without them)",
      r.returncode == 0 and diff.returncode == 0, diff.stdout + r.stderr)

# a text brought in by `concord import`, every topic it proposes a suggestion
sample = os.path.join(ROOT, "tests", "data", "import-samples", "chard-town-council.txt")
imp = os.path.join(TMP, "imported")
os.makedirs(imp, exist_ok=True)
md = os.path.join(imp, "chard.md")
rc, _, err = testlib.concord("import", sample, "--council", "Chard Town Council", "--slug", "chard",
                             "-o", md, "--force")
if rc != 0 or not os.path.isfile(md):
    notok("concord import of a sample text", err)
else:
    t = read(md).replace("{topic=", "{topic?=")  # what import proposes is never reviewed
    # the importer's own editorial note naming its guesses ("suggested by
    # concord import (...: key 0.52, ...)") is the importer's business (issue
    # 17 item 5), not a suggestion: taken out here, so this checks the writers
    t = re.sub(r' ?note="suggested by concord import[^"]*"', "", t)
    keys = sorted(set(k for m in re.findall(r"topic\?=([^ }]*)", t) for k in m.split(",") if k))
    open(md, "w", encoding="utf-8").write(t)
    check("the imported text holds suggestions", keys, t[:2000])
    five = [os.path.join(ROOT, "sources", f) for f in sorted(os.listdir(os.path.join(ROOT, "sources")))
            if f.endswith(".md")]
    io = os.path.join(TMP, "imported-out")
    r = testlib.build(io, five + [md], None, EPOCH)
    check("the five and the imported text build", r.returncode == 0, r.stderr)
    no_suggestion_anywhere("no output holds 'topic?='", io, [])
    # its own outputs name none of the topics it was only suggested
    own = [f for f in outputs(io) if re.search(r"(^|/)chard\.(html|xml|pdf)$", f)]
    found = ["%s: %s" % (os.path.relpath(f, io), k) for f in own for k in keys if k in output_text(f)]
    check("the imported council's page, PDF and AKN name no suggested topic", own and not found,
          "\n".join(found[:20]) or "no outputs")
    cj = load_corpus(io)
    ch = [x for x in cj["documents"] if x["slug"] == "chard"]
    check("corpus.json: the imported council has no provision, no topic, no equivalent",
          ch and not ch[0]["provisions"] and all(not x["topics"] and not x["equivalents"]
                                                 for x in ch[0]["clauses"]), ch and ch[0]["provisions"])
    linked = [t2["key"] for t2 in cj["topics"] if any(x.startswith("chard#") for x in t2["clauses"])]
    check("no topic lists the imported council's clauses", not linked, linked)

# ---- item ids are stable ---------------------------------------------------------------


def all_ids(corpus):
    got = set()
    for doc in corpus["documents"]:
        for x in doc["clauses"]:
            got.add(doc["slug"] + "#" + x["id"])
            got.update(doc["slug"] + "#" + i["id"] for i in x["items"])
    return got


before = all_ids(c)
d3, srcs3, topics3 = fixture("stable")
a = read(srcs3[0])
a = a.replace("- (c) not to put them under pressure", "- (c) not to put them under pressure\n- (d) to be punctual")
a = a.replace("- (a) to act within the policies of the Council {topic=act-within-policies}",
              "- (a) to act within the policies of the Council {topic=act-within-policies,mutual-respect}")
open(srcs3[0], "w", encoding="utf-8").write(a)
b = read(srcs3[1])
b = b.replace("## 2. Expectations\n", "## 2. Expectations\n\n2.8 Members can expect officers:\n\n"
              "- (a) to be courteous\n- (b) to be helpful {topic=mutual-respect}\n")
open(srcs3[1], "w", encoding="utf-8").write(b)
out3 = os.path.join(TMP, "stable-out")
r = build(out3, srcs3, topics3, "json,html")
require("build the fixture with an item, a list clause and a neighbour's topic added", r)
after = all_ids(load_corpus(out3))
check("every item keeps its id when an unrelated item or clause is inserted",
      before <= after, sorted(before - after))
check("the new items are the only new ids",
      after - before == {"alpha#para-2.2-d", "beta#para-2.8", "beta#para-2.8-a", "beta#para-2.8-b"},
      sorted(after - before))
page = read(os.path.join(out3, "site", "beta.html"))
check("the page still has an element with each item's id",
      all('id="%s"' % i.split("#")[1] in page for i in before if i.startswith("beta#")))

sys.exit(testlib.exit_status())
