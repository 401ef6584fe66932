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
        c = next((c for c in cl if c.get("canonical") == num), None) or \
            next((c for c in cl if c.get("number") == num), None)
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
      rc == 0 and crc == 0 and "{.clause topic?=" in md and "} {" not in md, err, cerr, md[:1500])

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

# ---- concord check warns where structure was lost ---------------------------
FM = "---\ncouncil: Example Council\nslug: example\ntitle: Example Protocol\n---\n"
LOST = {
    # name: (body, warning substring, what-to-do substring)
    "joined clauses": ("## 1. INTRODUCTION\n\n1.1 This protocol guides members. 1.2 It reflects the "
                       "Code of Conduct.\n", "'1.2' inside clause 1.1 looks like the next clause",
                       "put a blank line before '1.2'"),
    "joined numbered list": ("## Introduction\n\n1\\. This protocol applies to members. 2. It applies "
                             "to officers too. 3. It is part of the Constitution.\n",
                             "'2.' inside this clause continues its numbering", "{.clause}"),
    "clause reading like a heading": ("## 2. ROLES\n\n2.1 Political neutrality\n\n2.2 Officers serve "
                                      "the whole Council.\n", "clause 2.1 reads like a heading",
                                      "'### 2.1 Political neutrality'"),
    "unnumbered clause reading like a heading": ("Members and officers\n\nMembers set policy and "
                                                 "officers carry it out.\n", "reads like a heading",
                                                 "'## Members and officers'"),
    "gap in the numbers": ("## 4. LETTERS\n\n4.1 Letters are signed by officers.\n\n4.3 Copies are "
                           "not sent on.\n", "clause 4.3 follows clause 4.1", "{note="),
    "numbers going back": ("## 4. LETTERS\n\n4.1 Letters are signed by officers.\n\n4.2 Copies are "
                           "not sent on.\n\n4.1a An inserted clause out of place.\n",
                           "the numbering goes back", "add its heading"),
    "restart not modelled": ("## Introduction\n\n1\\. Members set policy. {.clause}\n\n2\\. Officers "
                             "carry it out.\n", "starts with '2.' as text", "end it with {.clause}"),
}
for name, (src, warn, todo) in LOST.items():
    p = os.path.join(TMP, "lost-" + re.sub(r"\W+", "-", name) + ".md")
    with open(p, "w", encoding="utf-8") as f:
        f.write(FM + src)
    rc, _, err = concord("check", "--no-hooks", "--topics", "sources/topics.yaml", p)
    check(f"check warns on {name}", rc == 0 and warn in err and todo in err and ": warning: " in err,
          err)
# the same texts with the structure written out: no warning of this kind
FIXED = FM + """## 1. INTRODUCTION

1.1 This protocol guides members.

1.2 It reflects the Code of Conduct. See 1.1. 2.5 per cent of requests are late.

### 1.3 Political neutrality

Officers serve the whole Council.

1.4 Members set policy and represent their wards.

1.6 Officers carry it out. {note="1.5 was deleted in 2019"}

1.6A An inserted clause.

1.7 Officer support {.clause}

## Introduction

1\\. Members set policy. {.clause}

2\\. Officers carry it out. {.clause}
"""
p = os.path.join(TMP, "structure-written-out.md")
with open(p, "w", encoding="utf-8") as f:
    f.write(FIXED)
STRUCTURE_WARNINGS = ("looks like the next clause", "continues its numbering", "reads like a heading",
                      "is missing", "are missing", "numbering goes back", "as text, inside")
rc, _, err = concord("check", "--no-hooks", "--topics", "sources/topics.yaml", p)
bad = [l for l in err.splitlines() if any(w in l for w in STRUCTURE_WARNINGS)]
check("no lost-structure warning where the structure is written out", rc == 0 and not bad, err)
rc, _, err = concord("check")
bad = [l for l in err.splitlines() if any(w in l for w in STRUCTURE_WARNINGS)]
others = [l for l in err.splitlines() if ": warning: " in l and "its canonical number is" not in l]
check("no lost-structure warning on the five sources", rc == 0 and not bad and not others, err)

# ---- import: bad input is a clear message -----------------------------------
def imp_raw(name, data, *extra):
    p = os.path.join(TMP, name)
    if data is not None:
        with open(p, "wb") as f:
            f.write(data)
    return concord("import", p, "--council", "X", "--slug", "x", "-o", os.path.join(TMP, name + ".md"),
                   "--force", *extra)

GOOD = b"PROTOCOL\n\n1. INTRODUCTION\n\n1.1 Members and officers work together.\n"
rc, _, err = imp_raw("empty.txt", b"")
check("empty file: an error saying so", rc == 1 and "empty" in err and "title" not in err, err)
rc, _, err = imp_raw("blank.txt", b"\n  \n\t\n")
check("blank file: an error saying so", rc == 1 and "empty" in err, err)
rc, _, err = imp_raw("binary.txt", bytes(range(1, 32)) * 40 + b"PK\x03\x04")
check("binary file (no NUL): an error, not plain text", rc == 1 and "not plain text" in err, err)
rc, _, err = imp_raw("utf16.txt", "1.1 Members\n".encode("utf-16"))
check("UTF-16 file: an error saying to save as UTF-8", rc == 1 and "UTF-16" in err and "UTF-8" in err, err)
rc, _, err = imp_raw("latin1.txt", "PROTOCOL\n\n1.1 Caf\u00e9 rules.\n".encode("latin-1"), "--no-topics")
check("non-UTF-8 file: imported with a warning", rc == 0 and "not UTF-8" in err, err)
big = os.path.join(TMP, "big.txt")
with open(big, "wb") as f:
    line = b"1.1 Members and officers must treat one another with courtesy and respect.\n\n"
    f.write(line * (50 * 1024 * 1024 // len(line) + 1))
rc, _, err = imp_raw("big.txt", None)
check("50 MB file: an error naming the limit", rc == 1 and "limit" in err and "MiB" in err, err[:500])
os.remove(big)
rc, _, err = imp_raw("good.txt", GOOD, "--topics", os.path.join(TMP, "no-such-topics.yaml"))
check("--topics FILE that does not exist: an error", rc != 0 and "topics file" in err, err)
os.makedirs(os.path.join(TMP, "emptycorpus"), exist_ok=True)
rc, _, err = imp_raw("good.txt", GOOD, "--sources", os.path.join(TMP, "emptycorpus"))
check("no topics file in --sources: imported, with a warning saying why there are no topics",
      rc == 0 and "no topics file" in err, err)
rc, _, err = imp_raw(".", None)
check("a directory: an error naming the reason", rc == 1 and "cannot read" in err, err)
rc, _, err = imp_raw("headings.txt", b"INTRODUCTION\n\nCONDUCT\n", "--no-topics")
check("no clause found: said, not silent", rc == 0 and "no clause found" in err, err)

sys.exit(exit_status())
