#!/usr/bin/env python3
"""t_import - `concord import`: plain text -> annotated Markdown.

Round trip on the five seeds (tests/data/seeds/*.txt, copies of the seed
texts kept in the repository so the test always runs): each seed is imported with the corpus MINUS its own
hand-made source (leave-one-out: the importer leaves out the source with the
same slug), then measured against the seed and the hand-made source:
  (a) word fidelity: seed words (less the page furniture the importer
      reports as dropped) found in order in the Markdown body;
  (b) structure: printed clause numbers of sources/<slug>.md found again
      (unnumbered Solihull: clause ids found again);
  (c) topics: suggested topics ({topic?=...}, the dump's "suggested") vs
      the hand annotations, over clauses matched by id: micro precision
      and recall. The import must hold suggestions only: no {topic=...}, no
      topics on a heading, no "suggested by concord import" note.
Figures are printed (docs/import.md records them) and floors asserted.
Robustness fixtures: one-line text, restarting numbering, upper-case
headings, five kinds of bullet, page furniture, CRLF, BOM, Latin-1.
Set IMPORT_FIGURES=1 to print a Markdown table of the figures.
"""
import difflib, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

os.chdir(ROOT)

WORD = re.compile(r"\w+", re.UNICODE)
ATTR = re.compile(r"\s\{(?:[#.]|topic\??=)[^{}]*\}\s*$")

def clause_topics(objs):
    """clause id -> its topics: its own and its items'."""
    t = {}
    for o in objs:
        if "item" in o:
            if o.get("clause") in t:
                t[o["clause"]] |= set(o.get("topics") or [])
        elif "clause" in o:
            t[o["clause"]] = set(o.get("topics") or [])
    return t

def body_words(md):
    parts = md.split("\n---\n", 1)
    body = parts[1] if md.startswith("---") and len(parts) == 2 else md
    return WORD.findall("\n".join(ATTR.sub("", l) for l in body.splitlines()))

def fidelity(seed_words, out_words):
    sm = difflib.SequenceMatcher(None, seed_words, out_words, autojunk=False)
    kept = sum(b.size for b in sm.get_matching_blocks())
    return kept / max(1, len(seed_words))

def clauses(d):
    return [o for o in d if "clause" in o]

# ---- seeds -----------------------------------------------------------------
seeddir = os.path.join(ROOT, "tests", "data", "seeds")  # kept in the repository
COUNCILS = {
    "brent": "Brent Council",
    "cheshire-west-and-chester": "Cheshire West and Chester Council",
    "east-northamptonshire": "East Northamptonshire Council",
    "lydney": "Lydney Town Council",
    "solihull": "Solihull Metropolitan Borough Council",
}
# floors, with margin under the figures in docs/import.md; against the
# provision-level annotations (186 topics, one per provision) the topic
# precision fell (all seeds 0.33 -> 0.24, Solihull 0.18 -> 0.12), so
# Solihull's precision floor is 0.10
FLOOR_FIDELITY = 0.99
FLOOR_STRUCTURE = 0.95
FLOOR_PRECISION = {"brent": 0.25, "cheshire-west-and-chester": 0.25,
                   "east-northamptonshire": 0.25, "lydney": 0.15, "solihull": 0.10}
FLOOR_RECALL = {"brent": 0.15, "cheshire-west-and-chester": 0.15,
                "east-northamptonshire": 0.15, "lydney": 0.05, "solihull": 0.10}
rows = []
if True:
    tp_all = pred_all = hand_all = 0
    for slug, council in COUNCILS.items():
        seed = os.path.join(seeddir, slug + ".txt")
        if not os.path.exists(seed):
            print(f"skip - import {slug} (no seed)")
            continue
        out = os.path.join(TMP, slug + ".md")
        rc, _, err = concord("import", seed, "--council", council, "--slug", slug, "-o", out, "--force")
        if rc != 0:
            notok(f"import {slug}", err)
            continue
        ok(f"import {slug}")
        rc, _, cerr = concord("check", "--no-hooks", "--topics", "sources/topics.yaml", out)
        check(f"concord check accepts the import of {slug}", rc == 0, cerr)
        # (a) words
        dropped = {int(m.group(1)) for m in re.finditer(r":(\d+):\d+: note: dropped ", err)}
        seed_lines = open(seed, encoding="utf-8").read().splitlines()
        sw_all = WORD.findall("\n".join(seed_lines))
        sw = WORD.findall("\n".join(l for i, l in enumerate(seed_lines, 1) if i not in dropped))
        md = open(out, encoding="utf-8").read()
        check(f"{slug}: the import writes suggestions ({{topic?=...}}) only, never topic=",
              "topic?=" in md and not re.search(r"[{ ]topics?=", md),
              [l for l in md.splitlines() if re.search(r"[{ ]topics?=", l)][:5])
        check(f"{slug}: no heading carries topics or suggestions",
              not [l for l in md.splitlines() if l.startswith("#") and "topic" in l],
              [l for l in md.splitlines() if l.startswith("#") and "topic" in l][:5])
        check(f"{slug}: no 'suggested by concord import' note in the import",
              "suggested by concord import" not in md and "note=" not in md)
        # a seed prints no number twice: no clause needs an explicit id
        check(f"{slug}: no clause given an explicit id", "{#" not in md,
              "\n".join(l for l in md.splitlines() if "{#" in l)[:1500])
        ow = body_words(md)
        fid = fidelity(sw, ow)
        fid_raw = fidelity(sw_all, ow)
        check(f"{slug}: words kept in order {fid:.4f} >= {FLOOR_FIDELITY}", fid >= FLOOR_FIDELITY,
              f"{len(sw)} seed words, {len(ow)} output words")
        # (b) structure
        hand = clauses(dump(os.path.join("sources", slug + ".md")))
        imp = clauses(dump(out))
        hn = [c["number"] for c in hand if c.get("number")]
        inn = [c["number"] for c in imp if c.get("number")]
        if hn:
            pool = list(inn)
            found = 0
            for n in hn:
                if n in pool:
                    pool.remove(n)
                    found += 1
            structure = found / len(hn)
            missing = [n for n in hn if n not in inn]
            check(f"{slug}: clause numbers found {found}/{len(hn)} = {structure:.3f} >= {FLOOR_STRUCTURE}",
                  structure >= FLOOR_STRUCTURE, "missing: " + " ".join(missing))
            struct_desc = f"{found}/{len(hn)} numbers"
        else:
            ids = {c["clause"] for c in imp}
            found = sum(1 for c in hand if c["clause"] in ids)
            structure = found / max(1, len(hand))
            check(f"{slug}: unnumbered clauses found by id {found}/{len(hand)} = {structure:.3f} >= 0.80",
                  structure >= 0.80)
            struct_desc = f"{found}/{len(hand)} clause ids"
        # (c) topics, over clauses matched by id; a clause's topics are its
        # own and its items' (docs/provisions.md): the hand annotations put
        # a list clause's topics on the items that make them
        byid = {c["clause"]: c for c in imp}
        hand_t = clause_topics(dump(os.path.join("sources", slug + ".md")))
        imp_t = clause_topics(dump(out))
        tp = npred = nhand = agree = matched = 0
        for c in hand:
            m = byid.get(c["clause"])
            if not m or "item" in c or "item" in m:
                continue
            matched += 1
            h, p = hand_t[c["clause"]], set(m.get("suggested") or [])
            tp += len(h & p); npred += len(p); nhand += len(h)
            agree += bool(h & p)
        prec = tp / npred if npred else 0.0
        rec = tp / nhand if nhand else 0.0
        tp_all += tp; pred_all += npred; hand_all += nhand
        print(f"# {slug}: fidelity {fid:.4f} (raw {fid_raw:.4f}), structure {struct_desc}, "
              f"topics P {prec:.2f} R {rec:.2f}, clauses agreeing {agree}/{matched}")
        check(f"{slug}: topic precision {prec:.2f} >= {FLOOR_PRECISION[slug]}", prec >= FLOOR_PRECISION[slug])
        check(f"{slug}: topic recall {rec:.2f} >= {FLOOR_RECALL[slug]}", rec >= FLOOR_RECALL[slug])
        rows.append((slug, fid, fid_raw, struct_desc, structure, prec, rec, agree, matched))
    if pred_all:
        print(f"# all seeds: topics P {tp_all/pred_all:.2f} R {tp_all/max(1,hand_all):.2f}")
    if os.environ.get("IMPORT_FIGURES"):
        print("| seed | words kept (less furniture) | words kept (raw) | structure | topic P | topic R | clauses with a right topic |")
        print("|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r[0]} | {r[1]*100:.2f}% | {r[2]*100:.2f}% | {r[3]} ({r[4]*100:.0f}%) | {r[5]:.2f} | {r[6]:.2f} | {r[7]}/{r[8]} |")

# ---- robustness fixtures ---------------------------------------------------
def imp(name, data, *extra, binary=False):
    p = os.path.join(TMP, name + ".txt")
    with open(p, "wb") as f:
        f.write(data if binary else data.encode("utf-8"))
    o = os.path.join(TMP, name + ".md")
    rc, out, err = concord("import", p, "--council", "Test Council", "--slug", "test", "-o", o,
                           "--force", *extra)
    md = open(o, encoding="utf-8").read() if rc == 0 and os.path.exists(o) else ""
    crc, _, cerr = concord("check", "--no-hooks", "--topics", "sources/topics.yaml", o) if md else (1, "", "")
    return rc, md, err, crc, cerr

BASIC = """MEMBER/OFFICER PROTOCOL

1. INTRODUCTION

1.1 The purpose of this protocol is to guide members and officers in their relations with one another.

1.2 Officers serve the Council as a whole and must be politically neutral.

2. CONDUCT

2.1 Members should not issue instructions to officers:
(a) about staff matters;
(b) about day to day management.

2.2 Members and officers should treat each other with respect.
"""

def fixture(name, data, expect_numbers, expect_in_md=(), expect_err=(), *extra, binary=False):
    rc, md, err, crc, cerr = imp(name, data, *extra, binary=binary)
    if rc != 0:
        notok(f"fixture {name}: import succeeds", err)
        return
    nums = [c["number"] for c in clauses(dump(os.path.join(TMP, name + ".md"))) if c.get("number")]
    probs = []
    if crc != 0: probs.append("check failed: " + cerr)
    for n in expect_numbers:
        if n not in nums: probs.append(f"clause {n} not found (found {nums})")
    for s in expect_in_md:
        if s not in md: probs.append(f"'{s}' not in the Markdown")
    for s in expect_err:
        if s not in err: probs.append(f"'{s}' not in the report")
    check(f"fixture {name}", not probs, "\n".join(probs) + "\n--- md:\n" + md[:1500])

fixture("basic", BASIC, ["1.1", "1.2", "2.1", "2.2"], ["## 1. INTRODUCTION", "- (a) about staff"])
fixture("one-line", BASIC.replace("\n", " "), ["1.1", "1.2", "2.1", "2.2"], ["- (a) about staff"])
fixture("restarting", "1. ONE\n\n1.1 First clause text here.\n\n2. TWO\n\n1.1 Restarted clause text here.\n\n1.2 Another restarted clause.\n",
        ["1.1", "1.2"], [], ["numbering restarts"])
fixture("upper-case-headings", "INTRODUCTION\n\nThis protocol guides members and officers in all their dealings with each other at the Council, and says what each may expect of the other in their work.\n\nCONFIDENTIALITY\n\nMembers must keep confidential information confidential and must not disclose it to anyone who is not entitled to it.\n",
        [], ["## INTRODUCTION", "## CONFIDENTIALITY"])
fixture("bullets", "1. LIST\n\n1.1 Officers should:\n- work in partnership\n\u2022 act with integrity\n* be courteous\n\u2013 respond to enquiries\no Comply with the code\n",
        ["1.1"], ["- work in partnership", "- act with integrity", "- be courteous", "- respond to enquiries", "- Comply with the code"])
fixture("furniture", "CONTENTS\tPAGE\n1 Introduction\t1\n2 Conduct\t2\n\n1. INTRODUCTION\n\n1.1 The purpose of this protocol is to guide\n\nPage 1 of 3\n\nmembers and officers in their relations.\n\nMember Officer Protocol v2\n\n1.2 Second clause.\n\nMember Officer Protocol v2\n\n2. CONDUCT\n\n2.1 Third clause.\n\nMember Officer Protocol v2\n",
        ["1.1", "1.2", "2.1"], ["1.1 The purpose of this protocol is to guide members and officers"],
        ["dropped contents entry", "dropped page number", "dropped header or footer"])
fixture("crlf", BASIC.replace("\n", "\r\n"), ["1.1", "2.2"])
fixture("bom", "\ufeff" + BASIC, ["1.1", "2.2"], ["MEMBER/OFFICER PROTOCOL"])
fixture("latin1", (BASIC + "\n2.3 The Council\u2019s caf\u00e9 is open.\n").encode("cp1252"),
        ["1.1", "2.3"], ["caf\u00e9", "Council\u2019s"], ["not UTF-8"], binary=True)
fixture("commonmark-traps", "1. TRAPS\n\n1.1 Text with *stars*, _under_, [brackets], <html>, `code` and & amp.\n\n2. Not a list but a sentence that starts with a number and goes on for a while.\n",
        ["1.1"], ["\\*stars\\*", "\\<html\\>", "2\\. Not a list"])
rc, _, err = concord("import", os.path.join(TMP, "none.txt"), "--council", "X", "--slug", "x")
check("missing input file is an error", rc != 0)
rc, _, err = concord("import", os.path.join(TMP, "basic.txt"), "--council", "X", "--slug", "Bad Slug")
check("an invalid slug is refused", rc == 2 and "slug" in err, err)
with open(os.path.join(TMP, "nul.txt"), "wb") as f: f.write(b"abc\x00def")
rc, _, err = concord("import", os.path.join(TMP, "nul.txt"), "--council", "X", "--slug", "x")
check("binary input is refused with a message", rc == 1 and "NUL" in err, err)
o = os.path.join(TMP, "basic.md")
rc, _, err = concord("import", os.path.join(TMP, "basic.txt"), "--council", "X", "--slug", "x", "-o", o)
check("an existing output is not replaced without --force", rc != 0 and "exists" in err, err)
rc, out, err = concord("import", os.path.join(TMP, "basic.txt"), "--council", "X", "--slug", "x", "--scorer", "builtin")
check("built-in scorer (no aligner) also suggests topics", rc == 0 and "topic?=" in out and "built-in" in err, err)
sys.exit(0)
