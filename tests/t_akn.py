#!/usr/bin/env python3
"""Akoma Ntoso export (docs/akoma-ntoso.md) and permalinks (docs/permalinks.md).

Checks:
- every out/akn/*.xml validates against the Akoma Ntoso 3.0 schema with
  libxml2 (xmllint compiles the schema once and validates each file with
  xmlSchemaValidateDoc). Schema directory: $AKN_SCHEMA_DIR, else
  tests/schemas (kept in the repository); missing -> not ok (never skip);
- the words of each AKN file equal the model's words (>= 99.5 %, in order);
- every ref href to an eId resolves within the corpus;
- eIds map one-to-one to Concord ids by the documented rule;
- two builds are byte-identical;
- adding a clause to a copy of the sources leaves every other clause's id
  and AKN eId (and text) unchanged.
"""
import difflib, glob, os, re, shutil, subprocess, sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
import testlib
from testlib import ROOT, TMP, EPOCH, ok, notok, check, require, dump, load_corpus

NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def build(out, sources, epoch=EPOCH, topics=None, formats="akn,json"):
    """EPOCH None: SOURCE_DATE_EPOCH unset."""
    return testlib.build(out, sources, formats, "" if epoch is None else epoch,
                         extra=["--topics", topics] if topics else ())


def local(tag):
    return tag[len(NS):] if tag.startswith(NS) else tag


# ---- the schema -------------------------------------------------------------

def schema_dir():
    """$AKN_SCHEMA_DIR when set (and nothing else), else the repository's copy."""
    d = os.environ.get("AKN_SCHEMA_DIR") or os.path.join(ROOT, "tests", "schemas")
    if os.path.isfile(os.path.join(d, "akomantoso30.xsd")) and os.path.isfile(os.path.join(d, "xml.xsd")):
        return d
    return None


SCHEMAS = schema_dir()
if not SCHEMAS:
    notok("Akoma Ntoso schema found",
          "no akomantoso30.xsd + xml.xsd in $AKN_SCHEMA_DIR (when set), else in tests/schemas")
else:
    ok("Akoma Ntoso schema found in " + os.path.relpath(SCHEMAS, ROOT))

# ---- the build ----------------------------------------------------------------

sources = sorted(glob.glob(os.path.join(ROOT, "sources", "*.md")))
out = os.path.join(TMP, "out")
require("concord build --format akn,json", build(out, sources))
corpus = load_corpus(out)
docs = corpus["documents"]
files = [os.path.join(out, "akn", d["slug"] + ".xml") for d in docs]
eqfile = os.path.join(out, "akn", "equivalents.xml")
missing = [f for f in files + [eqfile] if not os.path.isfile(f)]
check("out/akn has one file per document and equivalents.xml", not missing, "\n".join(missing))
build(os.path.join(TMP, "json-only2"), sources, formats="json")
check("--format json writes no out/akn", not os.path.exists(os.path.join(TMP, "json-only2", "akn")))

# ---- validation ---------------------------------------------------------------

if SCHEMAS:
    xsd = os.path.join(SCHEMAS, "akomantoso30.xsd")
    present = [f for f in files + [eqfile] if os.path.isfile(f)]
    v = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", xsd] + present,
                       capture_output=True, text=True)
    for f in present:
        name = os.path.basename(f)
        good = re.search(r"^" + re.escape(f) + r" validates$", v.stderr, re.M)
        errs = [l for l in v.stderr.splitlines() if l.startswith(f + ":")]
        check("%s validates against Akoma Ntoso 3.0" % name, good and not errs, "\n".join(errs) or v.stderr)

    # the check can fail: an element the schema does not know is rejected
    if present:
        bad = os.path.join(TMP, "bogus.xml")
        t = open(present[0], encoding="utf-8").read()
        open(bad, "w", encoding="utf-8").write(t.replace("<mainBody>", "<mainBody><bogus/>", 1))
        v = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", xsd, bad], capture_output=True, text=True)
        check("the schema check rejects an unknown element", v.returncode != 0 and "bogus" in v.stderr,
              v.stderr)

# ---- every construct of the model, on a small document (tests/t_akn.features.md)

feat = os.path.join(TMP, "features")
r = testlib.build(feat, [os.path.join(ROOT, "tests", "t_akn.features.md")], "akn")
ff = os.path.join(feat, "akn", "example.xml")
if r.returncode != 0 or not os.path.isfile(ff):
    notok("build of tests/t_akn.features.md", r.stderr)
else:
    if SCHEMAS:
        v = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", os.path.join(SCHEMAS, "akomantoso30.xsd"),
                            ff], capture_output=True, text=True)
        check("t_akn.features.md: nested lists, text between lists, quotes, notes validate",
              v.returncode == 0, v.stderr)
    froot = ET.parse(ff).getroot()

    p11 = [e for e in froot.iter(NS + "paragraph") if e.get("eId") == "para_1.1"]
    kids = [local(k.tag) for k in p11[0]] if p11 else []
    check("two lists: intro, list, list (with its intro), wrapUp",
          kids == ["num", "intro", "list", "list", "wrapUp"] and
          local(p11[0][3][0].tag) == "intro", kids)
    eids = {e.get("eId") for e in froot.iter() if e.get("eId")}
    check("nested item para-1.1-a-ii is para_1.1__point_a__point_ii", "para_1.1__point_a__point_ii" in eids)
    check("a footnote used twice: one authorialNote, then a noteRef",
          len(list(froot.iter(NS + "authorialNote"))) == 1 and
          [n.get("href") for n in froot.iter(NS + "noteRef")] == ["#authorialNote_1"])
    check("an unreferenced footnote goes to meta/notes",
          [n.get("eId") for n in froot.iter(NS + "note")] == ["authorialNote_2"])
    check("a quoted extract is an embeddedStructure holding its items",
          any(local(k.tag) == "list" for e in froot.iter(NS + "embeddedStructure") for k in e))
    check("an explicit link to an item is ref href=#eId",
          any(e.get("href") == "#para_1.1__point_a" for e in froot.iter(NS + "ref")))
    check("text is escaped by the writer (& in the title and a URL)",
          any(e.get("value") == "Example Protocol & Test" for e in froot.iter(NS + "FRBRname")) and
          any(e.get("href") == "https://example.org/a?b=1&c=2" for e in froot.iter(NS + "ref")))
    roles = [e.get("eId") for e in froot.iter(NS + "TLCRole")]
    check("roles: Chief Executive and Vice Chair named; Chair alone is not", roles == ["chiefExecutive", "viceChair"],
          roles)
    dates = {(e.get("date"), e.get("name")) for e in froot.iter(NS + "FRBRdate")}
    check("work date adopted, expression date the latest amendment",
          ("2001-02-03", "adopted") in dates and ("2005-06-07", "amended") in dates, dates)

# ---- an eId clash is an error, and nothing is written --------------------------

clash = os.path.join(TMP, "clash.md")
open(clash, "w", encoding="utf-8").write(
    "---\ncouncil: Example Council\nslug: example\ntitle: Example Protocol\n---\n\n"
    "## 3. First\n\n3.1 Some text.\n\n## Second {#3}\n\nMore text here.\n")
r = testlib.build(os.path.join(TMP, "clash-out"), [clash], "akn")
check("two ids giving one eId (sec-3, {#3}) stop the build with a message",
      r.returncode == 1 and "both become the Akoma Ntoso eId 'sec_3'" in r.stderr
      and not os.path.exists(os.path.join(TMP, "clash-out", "akn")), r.stderr)

# ---- parse ----------------------------------------------------------------------

trees = {}
for d, f in zip(docs, files):
    try:
        trees[d["slug"]] = ET.parse(f).getroot()
    except Exception as e:  # noqa: BLE001 - reported as a failure
        notok("%s is well-formed XML" % os.path.basename(f), e)
try:
    eqtree = ET.parse(eqfile).getroot()
except Exception as e:  # noqa: BLE001
    eqtree = None
    notok("equivalents.xml is well-formed XML", e)

# ---- words ------------------------------------------------------------------------

BLOCKS = {"p", "num", "heading", "section", "paragraph", "point", "list", "intro", "wrapUp", "content",
          "hcontainer", "mainBody", "embeddedStructure"}


def akn_words(el, skip_num):
    """Words of the body in document order; numbers of sections and clauses
    (not in the model's text) and footnotes (checked apart) left out."""
    parts = []

    def walk(e, parent):
        t = local(e.tag)
        if t == "authorialNote" and e is not el:
            if e.tail:
                parts.append(e.tail)
            return
        if t == "num" and skip_num and local(parent.tag) in ("section", "paragraph"):
            if e.tail:
                parts.append(e.tail)
            return
        sep = t in BLOCKS
        if sep:
            parts.append(" ")
        if e.text:
            parts.append(e.text)
        for ch in e:
            walk(ch, e)
        if sep:
            parts.append(" ")
        if e.tail and e is not el:
            parts.append(e.tail)

    walk(el, el)
    return "".join(parts).split()


def model_words(slug):
    """The model's words in document order, from `concord dump`."""
    src = [s for s in sources if os.path.basename(s) == slug + ".md"]
    words, notes = [], {}
    for o in dump(*src):
        if "item" in o:  # its words are in its clause's text already
            continue
        if "clause" in o or "prose" in o:
            words += (o.get("text") or "").split()
        elif "section" in o and o.get("heading"):
            words += o["heading"].split()
        elif "footnote" in o:
            notes[o["footnote"]] = (o.get("text") or "").split()
    return words, notes


for d in docs:
    root = trees.get(d["slug"])
    if root is None:
        continue
    body = root.find(".//" + NS + "mainBody")
    aw = akn_words(body, True)
    mw, notes = model_words(d["slug"])
    sm = difflib.SequenceMatcher(None, mw, aw, autojunk=False)
    same = sum(b.size for b in sm.get_matching_blocks())
    r_model = same / max(1, len(mw))
    r_akn = same / max(1, len(aw))
    diff = "\n".join(l for l in difflib.unified_diff(mw, aw, "model", "akn", lineterm="", n=1)
                     if l[:1] in "+-")[:2000]
    check("%s: AKN words equal the model's (%.2f%% / %.2f%% of %d words, in order)"
          % (d["slug"], 100 * r_model, 100 * r_akn, len(mw)),
          len(mw) > 0 and r_model >= 0.995 and r_akn >= 0.995, diff)
    # footnotes: each one's words, once, in its note
    bad = []
    for f in d["footnotes"]:
        eid = "authorialNote_" + (f["id"][3:] if f["id"].startswith("fn-") and len(f["id"]) > 3 else f["id"])
        el = [e for e in root.iter() if e.get("eId") == eid]
        if len(el) != 1 or " ".join(akn_words(el[0], False)) != " ".join(notes.get(f["id"], [])):
            bad.append(f["id"])
    check("%s: every footnote is one authorialNote/note with its words" % d["slug"], not bad, bad)

# ---- eIds ---------------------------------------------------------------------------


def strip(prefix, s):
    return s[len(prefix):] if s.startswith(prefix) and len(s) > len(prefix) else s


def expected_eids(d):
    """Concord id -> (expected eId, element) by the rule of docs/akoma-ntoso.md."""
    m = {}
    for s in d["sections"]:
        m[s["id"]] = ("sec_" + strip("sec-", s["id"]), "section")
    for c in d["clauses"]:
        ce = "para_" + strip("para-", c["id"])
        m[c["id"]] = (ce, "paragraph")
        for it in c["items"]:  # a parent item comes before its children
            oid = it["parent"] or c["id"]
            oe = m[oid][0]
            suffix = it["id"][len(oid) + 1:] if it["id"].startswith(oid + "-") else it["id"]
            m[it["id"]] = (oe + "__point_" + suffix, "point")
    for p in d["prose"]:
        m[p["id"]] = ("prose_" + strip("prose-", p["id"]), "hcontainer")
    for f in d["footnotes"]:
        m[f["id"]] = ("authorialNote_" + strip("fn-", f["id"]), "authorialNote|note")
    return m


def body_eids(root):
    """eId -> element name, for elements that carry Concord nodes."""
    got = {}
    for e in root.iter():
        t = local(e.tag)
        if e.get("eId") and t in ("section", "paragraph", "point", "hcontainer", "authorialNote", "note"):
            got[e.get("eId")] = t
    return got


all_eids = {}
for d in docs:
    root = trees.get(d["slug"])
    if root is None:
        continue
    exp = expected_eids(d)
    got = body_eids(root)
    all_eids[d["slug"]] = {e.get("eId") for e in root.iter() if e.get("eId")}
    wrong = ["%s -> %s (%s): %s" % (i, e, k, got.get(e, "missing")) for i, (e, k) in exp.items()
             if got.get(e) is None or got[e] not in k.split("|")]
    # items of prose have eIds too, but corpus.json lists only clauses' items
    extra = sorted(e for e in set(got) - {e for e, _ in exp.values()}
                   if not (e.startswith("prose_") and "__point_" in e))
    check("%s: every Concord id has its eId (%d ids)" % (d["slug"], len(exp)), not wrong, "\n".join(wrong))
    check("%s: every structural eId is a Concord id's (one-to-one)" % d["slug"],
          not extra and len({e for e, _ in exp.values()}) == len(exp), "\n".join(extra))

# ---- refs -------------------------------------------------------------------------------

work_uri = {}
for d in docs:
    root = trees.get(d["slug"])
    if root is None:
        continue
    w = root.find(".//%sFRBRWork/%sFRBRuri" % (NS, NS))
    work_uri[w.get("value")] = d["slug"]


def resolve(href, slug):
    if href.startswith("#"):
        return slug is not None and href[1:] in all_eids.get(slug, ())
    if href.startswith("/akn/"):
        uri, _, frag = href.partition("#")
        s = work_uri.get(uri)
        return s is not None and (not frag or frag in all_eids.get(s, ()))
    return bool(re.match(r"^(https?|mailto):", href))  # a web link the author wrote


bad, nref = [], 0
for slug, root in list(trees.items()) + [(None, eqtree)]:
    if root is None:
        continue
    for e in root.iter():
        if local(e.tag) in ("ref", "noteRef") and e.get("href") is not None:
            nref += 1
            if not resolve(e.get("href"), slug):
                bad.append("%s: %s" % (slug or "equivalents", e.get("href")))
check("every ref href resolves within the corpus (%d refs)" % nref, not bad, "\n".join(bad))

# ---- equivalents -------------------------------------------------------------------------

if eqtree is not None:
    # one link per provision and topic it makes (docs/provisions.md)
    want = sum(len(p["topics"]) for d in docs for p in d.get("provisions", []))
    refs = [e for e in eqtree.iter() if local(e.tag) == "ref"]
    check("equivalents.xml links every provision of every topic (%d links)" % want, len(refs) == want,
          "%d refs for %d topic provisions" % (len(refs), want))

# ---- roles ---------------------------------------------------------------------------------

for d in docs:
    root = trees.get(d["slug"])
    if root is None:
        continue
    text = " ".join(akn_words(root.find(".//" + NS + "mainBody"), False))
    wrong = [e.get("showAs") for e in root.iter(NS + "TLCRole")
             if not re.search(r"\b" + re.escape(e.get("showAs")[0]) + re.escape(e.get("showAs")[1:-3])
                              + r"(?i:" + re.escape(e.get("showAs")[-3:]) + r"|men)", text)]
    check("%s: every TLCRole is named in the text" % d["slug"], not wrong, wrong)
lyd = trees.get("lydney")
if lyd is not None:
    check("lydney names the Town Clerk (TLCRole townClerk)",
          any(e.get("eId") == "townClerk" for e in lyd.iter(NS + "TLCRole")))

# ---- determinism -----------------------------------------------------------------------------


def akn_bytes(d):
    return {os.path.basename(f): open(f, "rb").read() for f in sorted(glob.glob(os.path.join(d, "akn", "*.xml")))}


again = os.path.join(TMP, "again")
build(again, sources)
a, b = akn_bytes(out), akn_bytes(again)
check("two builds give byte-identical out/akn (SOURCE_DATE_EPOCH set)", a == b and a,
      [k for k in a if a.get(k) != b.get(k)])
n1, n2 = os.path.join(TMP, "noepoch1"), os.path.join(TMP, "noepoch2")
build(n1, sources, epoch=None)
build(n2, sources, epoch=None)
a, b = akn_bytes(n1), akn_bytes(n2)
check("two builds give byte-identical out/akn (no SOURCE_DATE_EPOCH)", a == b and a,
      [k for k in a if a.get(k) != b.get(k)])

# ---- permalinks: an added clause moves no other id ------------------------------------------

src2 = os.path.join(TMP, "src")
shutil.rmtree(src2, ignore_errors=True)
os.makedirs(src2)
for s in sources:
    shutil.copy(s, src2)
topics = os.path.join(ROOT, "sources", "topics.yaml")


def edit(name, pattern, insert, before=True):
    p = os.path.join(src2, name)
    t = open(p, encoding="utf-8").read()
    m = re.search(pattern, t, re.M)
    if not m:
        return False
    at = m.start() if before else m.end()
    open(p, "w", encoding="utf-8").write(t[:at] + insert + t[at:])
    return True


e1 = edit("brent.md", r"^## 3\.", "2.5 Officers should keep members informed of significant developments.\n\n")
e2 = edit("solihull.md", r"^## Complaints\n", "\nMembers and officers should deal with complaints promptly "
          "and fairly.\n", before=False)
check("the test can edit copies of brent.md and solihull.md", e1 and e2)
copies = sorted(glob.glob(os.path.join(src2, "*.md")))
o1, o2 = os.path.join(TMP, "perm-before"), os.path.join(TMP, "perm-after")
build(o1, [os.path.join(ROOT, "sources", os.path.basename(c)) for c in copies], topics=topics)
r = build(o2, copies, topics=topics)
if r.returncode != 0:
    notok("build of the edited copies", r.stderr)
else:
    before = {d["slug"]: d for d in load_corpus(o1)["documents"]}
    after = {d["slug"]: d for d in load_corpus(o2)["documents"]}

    def ids(d):
        m = {s["id"]: s.get("heading") for s in d["sections"]}
        for c in d["clauses"]:
            m[c["id"]] = c["text"]
            for it in c["items"]:
                m[it["id"]] = it["text"]
        m.update({p["id"]: p["text"] for p in d["prose"]})
        m.update({f["id"]: f["text"] for f in d["footnotes"]})
        return m

    def eids(o, slug):
        root = ET.parse(os.path.join(o, "akn", slug + ".xml")).getroot()
        return {e.get("eId"): " ".join(akn_words(e, False)) for e in root.iter()
                if e.get("eId") and local(e.tag) in ("section", "paragraph", "point", "hcontainer",
                                                     "authorialNote", "note")}

    for slug in ("brent", "solihull"):
        if slug not in before or slug not in after:
            notok("%s in both builds" % slug)
            continue
        ib, ia = ids(before[slug]), ids(after[slug])
        lost = [i for i in ib if i not in ia]
        changed = [i for i in ib if i in ia and ia[i] != ib[i]]
        added = sorted(set(ia) - set(ib))
        check("%s: every id survives the added clause, with the same text" % slug, not lost and not changed,
              "lost: %s\nchanged: %s" % (lost, changed))
        check("%s: exactly one new clause id (%s)" % (slug, ", ".join(added)), len(added) == 1, added)
        eb, ea = eids(o1, slug), eids(o2, slug)
        lost = [e for e in eb if e not in ea]
        # a section's text holds its clauses, so only the leaves are compared
        changed = [e for e in eb if e in ea and not e.startswith("sec_") and ea[e] != eb[e]]
        new = sorted(set(ea) - set(eb))
        check("%s: every AKN eId survives, on the same text" % slug, not lost and not changed,
              "lost: %s\nchanged: %s" % (lost, changed))
        check("%s: the only new eId is the new clause's (%s)" % (slug, ", ".join(new)),
              len(new) == 1 and new[0].startswith("para_"), new)
    # the other councils' files are untouched
    same = all(open(os.path.join(o1, "akn", s + ".xml"), "rb").read() == open(os.path.join(o2, "akn", s + ".xml"), "rb").read()
               for s in before if s not in ("brent", "solihull"))
    check("the other councils' AKN files are byte-identical after the edit", same)

sys.exit(testlib.exit_status())
