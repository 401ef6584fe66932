#!/usr/bin/env python3
"""t_import_structure - `concord import` keeps the structure of real
protocols (issue 18), and `concord check` warns where structure was lost.

Fixtures: tests/data/import-fixtures/NAME.txt, one per way protocols reach
people (web pages, PDF text, Word), each with NAME.expect.json saying what
it must yield; and the four real openings in tests/data/import-samples/
(their first line is a collection note, not the council's text, and is
left out). For each file, imported without topics:
  - numbered paragraphs found: the expected printed numbers, in order,
    among the clauses of the Markdown read back (and their canonical
    numbers where given);
  - headings found: the expected headings among the sections;
  - title: the front matter's title;
  - words kept in order: the input's words (less the lines reported as
    dropped furniture) found in order in the Markdown body, without
    annotations and the importer's comments;
  - every low-confidence decision reported is also a comment in the
    Markdown, and the report names the decisions the fixture expects.
The figures are printed one line per file (docs/import.md records them).
Then: `concord check` on each lost-structure pattern warns and says what
to do, and is silent about structure on the five sources; and import's
answer to bad input (no topics file, not UTF-8, empty, binary, UTF-16,
too large) is a clear message, never a crash or a silent "0 topics".
"""
import difflib, glob, json, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

os.chdir(ROOT)
WORD = re.compile(r"\w+", re.UNICODE)
ATTR = re.compile(r"\s\{(?:[#.]|topic=)[^{}]*\}\s*$")
COMMENT = re.compile(r'^\[//\]: # ".*"$')


def body(md):
    parts = md.split("\n---\n", 1)
    return parts[1] if md.startswith("---") and len(parts) == 2 else md


def body_words(md):
    lines = [l for l in body(md).splitlines() if not COMMENT.match(l)]
    return WORD.findall("\n".join(ATTR.sub("", l) for l in lines))


def in_order(src, out):
    sm = difflib.SequenceMatcher(None, src, out, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(src))


def front(md):
    fm = md.split("\n---\n", 1)[0]
    m = re.search(r'^title: "(.*)"$', fm, re.M)
    a = re.search(r"^adopted: (\S+)$", fm, re.M)
    return (m.group(1).replace('\\"', '"') if m else None,
            a.group(1) if a else None, re.findall(r"^  - date: (\S+)$", fm, re.M))


def found_in_order(expected, got):
    pool, n = list(got), 0
    for e in expected:
        if e in pool:
            pool = pool[pool.index(e) + 1:]
            n += 1
    return n


def run_file(name, path, exp):
    out = os.path.join(TMP, name + ".md")
    rc, _, err = concord("import", path, "--council", "Test Council", "--slug", "test",
                         "--no-topics", "-o", out, "--force")
    if rc != 0:
        notok(f"{name}: import succeeds", err)
        return None
    ok(f"{name}: import succeeds")
    md = open(out, encoding="utf-8").read()
    rc, _, cerr = concord("check", "--no-hooks", "--topics", "sources/topics.yaml", out)
    check(f"{name}: concord check accepts the Markdown", rc == 0, cerr)
    d = dump(out)
    cl = [o for o in d if "clause" in o]
    secs = [o["heading"] for o in d if "section" in o and "level" in o]
    nums = [c["number"] for c in cl if c.get("number")]
    canon = [c["canonical"] for c in cl if c.get("canonical")]
    probs = []
    # numbered paragraphs
    en = exp.get("numbers", [])
    nfound = found_in_order(en, nums)
    if nfound < len(en):
        probs.append(f"numbers: expected {en}, found {nums}")
    if "canonical" in exp and found_in_order(exp["canonical"], canon) < len(exp["canonical"]):
        probs.append(f"canonical numbers: expected {exp['canonical']}, found {canon}")
    if "clauses" in exp and len(cl) != exp["clauses"]:
        probs.append(f"clauses: expected {exp['clauses']}, found {len(cl)}")
    check(f"{name}: numbered paragraphs {nfound}/{len(en)}", not probs, "\n".join(probs), md[:2000])
    # headings
    eh = exp.get("headings", [])
    hfound = sum(1 for h in eh if h in secs)
    check(f"{name}: headings {hfound}/{len(eh)}", hfound == len(eh) and len(secs) == len(eh),
          f"expected {eh}", f"found {secs}")
    # title and front matter
    title, adopted, history = front(md)
    et = exp.get("title")
    title_ok = title == et if et else title == "Protocol on Member/Officer Relations" and "no title found" in err
    check(f"{name}: title {title!r}", title_ok, f"expected {et!r}")
    if "adopted" in exp:
        check(f"{name}: adopted {adopted}", adopted == exp["adopted"], f"expected {exp['adopted']}")
    if "history" in exp:
        check(f"{name}: history {history}", history == exp["history"], f"expected {exp['history']}")
    # items and quotes
    for num, n in exp.get("items", {}).items():
        c = next((c for c in cl if c.get("number") == num), None)
        its = [o for o in d if "item" in o and c and o["clause"] == c["clause"]]
        check(f"{name}: clause {num} has {n} items", len(its) == n, f"found {len(its)}")
    if "quotes" in exp:
        q = len(re.findall(r"^> ", body(md), re.M)) and len(re.findall(r"(?:^|\n\n)> ", body(md)))
        check(f"{name}: {exp['quotes']} quoted extract(s)", q == exp["quotes"], md[:2000])
    # words
    dropped = {int(m.group(1)) for m in re.finditer(r":(\d+):\d+: note: dropped ", err)}
    src = open(path, encoding="utf-8", errors="replace").read().splitlines()
    # a letter "o" standing for a bullet (a Word bullet copied as text) is a marker, not a word
    sw = WORD.findall("\n".join(re.sub(r"^\s*o (?=[A-Z(])", "", l)
                                for i, l in enumerate(src, 1) if i not in dropped))
    fid = in_order(sw, body_words(md))
    check(f"{name}: every word kept in order ({fid * 100:.1f}%)", fid >= 0.9999,
          f"{len(sw)} input words")
    # the report: expected decisions, and low ones as comments
    for s in exp.get("report", []):
        check(f"{name}: report says '{s}'", s in err, err)
    low = len(re.findall(r": warning: check this: ", err))
    comments = len(re.findall(r'^\[//\]: # "concord import, line \d+: ', md, re.M))
    check(f"{name}: {low} low-confidence decisions, each a comment in the Markdown",
          low == comments, f"{comments} comments", err)
    print(f"# {name}: paragraphs {nfound}/{len(en)}, headings {hfound}/{len(eh)}, "
          f"title {'ok' if title_ok else 'WRONG'}, words {fid * 100:.1f}%, "
          f"decisions {len(re.findall(r'(?:note: structure|warning: check this): ', err))} "
          f"({low} low)")
    return md


# ---- fixtures ------------------------------------------------------------
fixdir = os.path.join(ROOT, "tests", "data", "import-fixtures")
fixtures = sorted(glob.glob(os.path.join(fixdir, "*.txt")))
check("there are fixtures", len(fixtures) >= 12, fixtures)
for f in fixtures:
    name = os.path.basename(f)[:-4]
    ej = f[:-4] + ".expect.json"
    if not os.path.exists(ej):
        notok(f"{name}: has {os.path.basename(ej)}")
        continue
    run_file(name, f, json.load(open(ej, encoding="utf-8")))

# topics are merged into the {.clause} of a paragraph numbered 1, 2, 3
o = os.path.join(TMP, "restart-topics.md")
rc, _, err = concord("import", os.path.join(fixdir, "moderngov-restart.txt"), "--council", "Test Council",
                     "--slug", "test", "-o", o, "--force")
md = open(o, encoding="utf-8").read() if rc == 0 else ""
crc, _, cerr = concord("check", "--no-hooks", o) if md else (1, "", "")
check("suggested topics join {.clause} in one attribute block",
      rc == 0 and crc == 0 and "{.clause topic=" in md and "} {" not in md, err, cerr, md[:1500])

# ---- the four real openings ------------------------------------------------
SAMPLES = {
    "lancashire": {"numbers": ["8.63", "8.64", "8.65", "8.66", "8.67", "8.68"],
                   "headings": ["The Roles of Members and Officers"],
                   "title": "Protocol on County Councillor/Officer Relations",
                   "report": ["dropped web page navigation: 'In this section:'"]},
    "cumbria-county-council": {"numbers": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1"],
                               "headings": [], "title": None, "items": {"2.1": 1}},
    "bracknell-forest": {"numbers": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1"],
                         "headings": ["INTRODUCTION", "ROLES OF MEMBERS AND OFFICERS"],
                         "title": "SECTION 15 \u2013 MEMBER AND OFFICER PROTOCOL"},
    "chard-town-council": {"numbers": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"],
                           "headings": ["General Principles"],
                           "title": "Protocol for Member/Officer relations",
                           "adopted": "2015-01-19"},
}
sampdir = os.path.join(ROOT, "tests", "data", "import-samples")
for name, exp in SAMPLES.items():
    src = os.path.join(sampdir, name + ".txt")
    lines = open(src, encoding="utf-8").read().split("\n")
    check(f"sample {name}: first line is the collection note", lines[0].startswith("# source:"))
    p = os.path.join(TMP, "sample-" + name + ".txt")
    with open(p, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[1:]))
    run_file("sample-" + name, p, exp)

sys.exit(exit_status())
