#!/usr/bin/env python3
"""t_review - `concord review SOURCE.md`: topic suggestions ({topic?=key})
accepted, rejected, replaced or left, with only the annotations changed.

A folder holds the taxonomy, two councils' sources (Brent, Cheshire West
and Chester) and a fixture, newtown.md, with suggestions on clauses, on
items, on a block standing on a line of its own, beside an annotation, an
id and a note holding braces, and one key that is not in the taxonomy.
Checked:
  - --help, the command in `concord --help`, usage errors;
  - --list: one line per suggestion, FILE:LINE:COL pointing at the key;
  - scripted answers (--answers -): the written file equals, byte for
    byte, the original with exactly the expected blocks rewritten (also
    with CRLF line ends); accept, reject, pick (both forms), skip, quit;
  - the interactive mode on a pseudo-terminal, where an unknown topic is
    asked again; without a terminal and without a mode it exits 2;
  - unknown topics in a script: a clear error, nothing written;
  - --accept-all-above: exactly the suggestions scoring at least SCORE
    (as --list gives them) are accepted, the rest stay, and nothing else
    of the file changes; the same on an imported seed text;
  - the file changed on disk between reading and writing: an error at
    the first changed line, the file as the other writer left it, no
    temporary file left;
  - suggestions never published: a build of the fixture has no suggestion
    in any output (HTML, JSON, CSV, XML, PDF text) and links nothing from
    them; the same check run on a build where the suggestions are made
    annotations does find them (so the check can fail).
"""
import csv, io, os, re, select, shutil, subprocess, sys, time

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

DIR = os.path.join(TMP, "corpus")
os.makedirs(DIR, exist_ok=True)
for f in ("topics.yaml", "brent.md", "cheshire-west-and-chester.md"):
    shutil.copy(os.path.join(ROOT, "sources", f), DIR)
SRC = os.path.join(DIR, "newtown.md")

FIXTURE = """---
council: Newtown Borough Council
slug: newtown
title: Protocol
---

## 1. INTRODUCTION

1.1 The purpose of this Protocol is to guide members and officers in their relations with one another. {topic?=protocol-purpose}

1.2 Members and officers should treat each other with respect and courtesy.
{topic?=mutual-respect-and-courtesy,no-such-topic}

1.3 Officers can expect members:

- (a) to treat them with respect and courtesy {#respect topic=distinct-roles topic?=mutual-respect-and-courtesy note="see {this}"}
- (b) not to bully them {topic?=no-bullying-or-undue-pressure,protocol-purpose}

1.4 Officers serve the council as a whole. {.clause topic?=officers-serve-whole-council}\t 
"""
# the suggestions in document order: (unit, key)
SUGGESTIONS = [("para-1.1", "protocol-purpose"), ("para-1.2", "mutual-respect-and-courtesy"),
               ("para-1.2", "no-such-topic"), ("respect", "mutual-respect-and-courtesy"),
               ("para-1.3-b", "no-bullying-or-undue-pressure"), ("para-1.3-b", "protocol-purpose"),
               ("para-1.4", "officers-serve-whole-council")]


def put(text, path=SRC, newline="\n"):
    with open(path, "wb") as f:
        f.write(text.replace("\n", newline).encode("utf-8"))


def get(path=SRC):
    with open(path, "rb") as f:
        return f.read().decode("utf-8")


def replaced(text, *pairs):
    """TEXT with each (old, new) replaced exactly once (old must occur once)."""
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def review(*args, stdin=None, path=SRC):
    return concord("review", path, *args, stdin=stdin)


def leftovers():
    return [f for f in os.listdir(DIR) if ".review-" in f]


# ---- help and usage ----------------------------------------------------------
rc, out, err = concord("review", "--help")
check("concord review --help", rc == 0 and "--accept-all-above" in out and "--list" in out
      and "--answers" in out and "score" in out.lower(), out, err)
rc, out, _ = concord("--help")
check("concord --help lists review", rc == 0 and re.search(r"^\s+review\s", out, re.M), out)
put(FIXTURE)
for args, what in ((["--list", "--accept-all-above", "0.5"], "two modes"),
                   (["--accept-all-above", "1.5"], "a score above 1"),
                   (["--accept-all-above", "high"], "a score that is not a number"),
                   (["--bogus"], "an unknown option")):
    rc, out, err = review(*args)
    check(f"usage error: {what} (exit 2, file unchanged)", rc == 2 and get() == FIXTURE, rc, err)
rc, out, err = concord("review")
check("usage error: no SOURCE", rc == 2 and "SOURCE" in err, err)

# ---- no terminal -------------------------------------------------------------
rc, out, err = review(stdin="a\n")
check("without a terminal and a mode: exit 2, says what to do, writes nothing",
      rc == 2 and "--list" in err and "--accept-all-above" in err and get() == FIXTURE, rc, err)

# ---- --list ------------------------------------------------------------------
LIST = re.compile(r"^(.+):(\d+):(\d+): (\S+) (\S+) (\d\.\d\d|-)$")


def listing(path=SRC):
    rc, out, err = review("--list", path=path)
    rows = [LIST.match(l) for l in out.splitlines()]
    return rc, out, err, rows


rc, out, err, rows = listing()
lines = FIXTURE.split("\n")
probs = []
if rc != 0 or None in rows:
    probs.append(f"exit {rc} or a line not FILE:LINE:COL: UNIT KEY SCORE")
else:
    got = [(m.group(4), m.group(5)) for m in rows]
    if got != SUGGESTIONS:
        probs.append(f"suggestions {got}")
    for m in rows:
        ln, col, key = int(m.group(2)), int(m.group(3)), m.group(5)
        if m.group(1) != SRC or not lines[ln - 1][col - 1:].startswith(key):
            probs.append(f"{m.group(0)} does not point at '{key}'")
        if (m.group(6) == "-") != (key == "no-such-topic"):
            probs.append(f"{m.group(0)}: a score is '-' exactly when the key is not a topic")
        if m.group(6) != "-" and not 0 <= float(m.group(6)) <= 1:
            probs.append(f"{m.group(0)}: score out of [0,1]")
check("--list: FILE:LINE:COL: UNIT KEY SCORE for each suggestion, at its key",
      not probs and get() == FIXTURE, *probs, out, err)
SCORES = {(m.group(4), m.group(5), m.group(2), m.group(3)): m.group(6) for m in rows if m}

# ---- scripted answers: the round trip ----------------------------------------
ALL = replaced(
    FIXTURE,
    (" {topic?=protocol-purpose}\n\n1.2", "\n\n1.2"),
    ("courtesy.\n{topic?=mutual-respect-and-courtesy,no-such-topic}\n", "courtesy.\n"),
    ("{#respect topic=distinct-roles topic?=mutual-respect-and-courtesy note=",
     "{#respect topic=distinct-roles,mutual-respect-and-courtesy note="),
    ("{topic?=no-bullying-or-undue-pressure,protocol-purpose}", "{topic=no-bullying-or-undue-pressure}"),
    ("{.clause topic?=officers-serve-whole-council}", "{.clause topic=officers-serve-whole-council}"))


def scripted(name, answers, expect, newline="\n", rc_expect=0, err_has=()):
    put(FIXTURE, newline=newline)
    rc, out, err = review("--answers", "-", stdin=answers)
    got = get()
    want = expect.replace("\n", newline)
    probs = []
    if rc != rc_expect:
        probs.append(f"exit {rc}, expected {rc_expect}")
    if got != want:
        import difflib
        probs.append("".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                  "expected", "written")))
    for s in err_has:
        if s not in err:
            probs.append(f"'{s}' not in stderr")
    if leftovers():
        probs.append(f"temporary files left: {leftovers()}")
    check(name, not probs, *probs, err)
    return rc, out, err


scripted("answers r r r a a r a: byte for byte the expected file (block removed with its "
         "space, a block alone on its line removed with the line, merged into topic=, "
         "trailing blanks kept)", "r\nr\nr\na\na\nr\na\n", ALL)
scripted("the same with CRLF line ends: CRLF kept, byte for byte", "r\nr\nr\na\na\nr\na\n", ALL,
         newline="\r\n")
scripted("accept one key of two: topic= written before the remaining topic?=, the rest left",
         "s\na\nq\n", replaced(FIXTURE, ("\n{topic?=mutual-respect-and-courtesy,no-such-topic}\n",
                                        "\n{topic=mutual-respect-and-courtesy topic?=no-such-topic}\n")))
scripted("reject one key of two in a block with an id, an annotation and a note",
         "s\ns\ns\nr\n", replaced(FIXTURE, (" topic?=mutual-respect-and-courtesy note=", " note=")))
scripted("pick another topic: 'p KEY' and 'p' then KEY",
         "p officers-serve-whole-council\ns\ns\ns\ns\ns\np\nprotocol-purpose\n",
         replaced(FIXTURE, ("{topic?=protocol-purpose}\n\n1.2", "{topic=officers-serve-whole-council}\n\n1.2"),
                  ("{.clause topic?=officers-serve-whole-council}", "{.clause topic=protocol-purpose}")))
scripted("pick a topic the block already has: not written twice",
         "s\ns\ns\np distinct-roles\n",
         replaced(FIXTURE, (" topic?=mutual-respect-and-courtesy note=", " note=")))
scripted("end of the answers: what was answered is written", "r\n",
         replaced(FIXTURE, (" {topic?=protocol-purpose}\n\n1.2", "\n\n1.2")))
rc, out, err = scripted("nothing decided: the file is not rewritten", "s\nq\n", FIXTURE)
check("nothing decided: says so", "unchanged" in err, err)
scripted("an unknown topic picked in a script: an error at the answer's line, nothing written",
         "r\np no-such-topic-either\n", FIXTURE, rc_expect=1,
         err_has=("<stdin>:2:1: error:", "'no-such-topic-either' is not a topic", "nothing was written"))
scripted("accepting a key that is not in the taxonomy: an error, nothing written",
         "s\ns\na\n", FIXTURE, rc_expect=1, err_has=("<stdin>:3:1: error:", "'no-such-topic'"))
scripted("an answer that is not one: an error, nothing written", "r\nyes\n", FIXTURE, rc_expect=1,
         err_has=("<stdin>:2:1: error:", "'yes' is not an answer"))
put(FIXTURE)
rc, out, err = review("--answers", "-", stdin="s\n")
check("the display: unit text, topic label and definition, other councils' closest wording",
      "1.1 The purpose of this Protocol" in out and "Purpose: to guide" in out
      and "Brent Council 1.1" in out and "Cheshire West and Chester Council" in out
      and "score" in out, out[:3000], err)
put(FIXTURE)
rc, out, err = review("--answers", "-", stdin="s\ns\ns\ns\n")
check("an item is shown with its clause's lead-in",
      "1.3 Officers can expect members:" in out and "(b) not to bully them" in out, out[-3000:])
af = os.path.join(TMP, "answers.txt")
with open(af, "w") as f:
    f.write("r\n")
put(FIXTURE)
rc, out, err = review("--answers", af)
check("--answers FILE", rc == 0 and get() == replaced(FIXTURE, (" {topic?=protocol-purpose}\n\n1.2", "\n\n1.2")), err)

# ---- the interactive mode, on a pseudo-terminal ------------------------------
def interactive(answers, timeout=60):
    """Runs `concord review SRC` with a pseudo-terminal as stdin and stdout;
    ANSWERS: (text to wait for, line to type) pairs. Returns (exit status,
    everything shown, stderr)."""
    import pty
    master, slave = pty.openpty()
    p = subprocess.Popen([CONCORD, "review", SRC], stdin=slave, stdout=slave,
                         stderr=subprocess.PIPE, close_fds=True)
    os.close(slave)
    shown = b""
    seen = 0
    deadline = time.time() + timeout
    pending = list(answers)
    while time.time() < deadline:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        if pending and pending[0][0].encode() in shown[seen:]:
            seen = shown.index(pending[0][0].encode(), seen) + len(pending[0][0])
            os.write(master, (pending.pop(0)[1] + "\n").encode())
        if p.poll() is not None and not r:
            break
    if p.poll() is None:
        p.kill()
    err = p.stderr.read().decode("utf-8", "replace")
    p.wait()
    os.close(master)
    return p.returncode, shown.decode("utf-8", "replace"), err


PROMPT = "quit (q)? "
put(FIXTURE)
rc, shown, err = interactive([(PROMPT, "r"), (PROMPT, "p"), ("topic key", "not-a-topic"),
                              ("is not a topic", "protocol-purpose"), (PROMPT, "q")])
check("interactive (pty): reject, pick with an unknown key asked again, quit; written",
      rc == 0 and "is not a topic" in shown and "Best-scored topics" in shown and
      get() == replaced(FIXTURE, (" {topic?=protocol-purpose}\n\n1.2", "\n\n1.2"),
                        ("courtesy.\n{topic?=mutual-respect-and-courtesy,no-such-topic}\n",
                         "courtesy.\n{topic=protocol-purpose topic?=no-such-topic}\n")),
      rc, err, shown[-2000:], get())
put(FIXTURE)
rc, shown, err = interactive([(PROMPT, "a"), (PROMPT, "maybe"), ("not an answer", "a"),
                              (PROMPT, "a"), ("reject it (r)", "r"), (PROMPT, "q")])
check("interactive (pty): a bad answer and accepting an unknown key are asked again",
      rc == 0 and get() == replaced(FIXTURE, ("{topic?=protocol-purpose}", "{topic=protocol-purpose}"),
                                    ("{topic?=mutual-respect-and-courtesy,no-such-topic}",
                                     "{topic=mutual-respect-and-courtesy}")),
      rc, err, shown[-2000:], get())

# ---- the file changed underneath -----------------------------------------------
def changed_underneath(edit):
    """Starts a scripted review, waits for its first question, lets EDIT
    change the file, then accepts and quits. Returns (rc, err, file)."""
    put(FIXTURE)
    p = subprocess.Popen([CONCORD, "review", SRC, "--answers", "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    shown = b""
    deadline = time.time() + 60
    while PROMPT.encode() not in shown and time.time() < deadline:
        r, _, _ = select.select([p.stdout], [], [], 0.5)
        if r:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            shown += chunk
    edit()
    out, err = p.communicate(b"a\nq\n", timeout=60)
    return p.returncode, err.decode(), get()


EDITED = FIXTURE.replace("1.4 Officers serve", "1.4 Officers always serve")
rc, err, now = changed_underneath(lambda: put(EDITED))
check("the file changed while being reviewed: an error at the first changed line, nothing "
      "written, no temporary file", rc == 1 and re.search(re.escape(SRC) + r":19:\d+: error: the "
      r"file changed on disk", err) and now == EDITED and not leftovers(), rc, err, now)
APPENDED = FIXTURE + "\n1.5 A clause added meanwhile.\n"
rc, err, now = changed_underneath(lambda: put(APPENDED))
check("a clause appended meanwhile: refused too", rc == 1 and "changed on disk" in err and
      now == APPENDED, rc, err)

# ---- --accept-all-above --------------------------------------------------------
BLOCK = re.compile(r"[ \t]*\{(?:[#.]|topics?\??=).*\}(?=[ \t]*$)")


def without_blocks(text):
    """TEXT without its attribute blocks, lines that held only one dropped."""
    out = []
    for l in text.split("\n"):
        s = BLOCK.sub("", l)
        if s == "" and l.strip():
            continue
        out.append(s)
    return "\n".join(out)


def accept_above(path, score, name):
    before = get(path)
    rc, out, err, rows = listing(path)
    above = {(m.group(4), m.group(5)) for m in rows if m and m.group(6) != "-" and float(m.group(6)) >= score}
    below = {(m.group(4), m.group(5)) for m in rows if m} - above
    rc, out, err = review("--accept-all-above", str(score), path=path)
    after = get(path)
    rc2, _, _, rows2 = listing(path)
    left = {(m.group(4), m.group(5)) for m in rows2 if m}
    probs = []
    if rc != 0:
        probs.append(f"exit {rc}")
    if left != below:
        probs.append(f"left {sorted(left)}, expected {sorted(below)}")
    if without_blocks(after) != without_blocks(before):
        probs.append("something other than annotation blocks changed")
    accepted = {}
    for o in dump(path):
        uid = o.get("item") or o.get("clause")  # an item's line names its clause too
        if uid:
            accepted[uid] = set(o.get("topics") or [])
    for uid, key in above:
        if key not in accepted.get(uid, set()):
            probs.append(f"{uid}: {key} not annotated")
    if len(out.splitlines()) != len(above):
        probs.append(f"{len(out.splitlines())} lines printed for {len(above)} accepted")
    check(name + f" ({len(above)} of {len(above) + len(below)} accepted)", not probs and above and below,
          *probs, out, err)


put(FIXTURE)
accept_above(SRC, 0.5, "--accept-all-above 0.5 accepts exactly those scoring >= 0.5")
put(FIXTURE)
rc, out, err = review("--accept-all-above", "0")
rc2, out2, _, rows = listing()
check("--accept-all-above 0 accepts all but the key not in the taxonomy",
      rc == 0 and [(m.group(4), m.group(5)) for m in rows] == [("para-1.2", "no-such-topic")], out2, err)
put(FIXTURE)
rc, out, err = review("--accept-all-above", "1")
check("--accept-all-above 1: nothing scores 1, the file is not rewritten", rc == 0 and get() == FIXTURE, err)

seed = os.path.join(ROOT, "tests", "data", "seeds", "lydney.txt")
imported = os.path.join(DIR, "lydney.md")
rc, _, err = concord("import", seed, "--council", "Lydney Town Council", "--slug", "lydney",
                     "-o", imported, "--force", "--sources", DIR, "-q")
if rc != 0:
    notok("import of the Lydney seed", err)
else:
    accept_above(imported, 0.3, "an imported seed: --accept-all-above 0.3")
    rc, _, err = concord("check", "--no-hooks", imported)
    check("the reviewed import still reads without errors", rc == 0, err)
    os.remove(imported)

# ---- no suggestions, a broken source -------------------------------------------
put(ALL)
rc, out, err = review("--list")
check("a source without suggestions: nothing to list, exit 0", rc == 0 and out == "" and
      "no suggestions" in err, out, err)
BROKEN = FIXTURE.replace("{topic?=protocol-purpose}", "{topic?=protocol-purpose note=\"open}")
put(BROKEN)
rc, out, err = review("--answers", "-", stdin="a\n")
check("a source with errors is not reviewed (exit 1, unchanged)", rc == 1 and get() == BROKEN and
      "error" in err, rc, err)

# ---- suggestions are never published -------------------------------------------
def outputs_text(out):
    """Every output file as text (PDFs through pdftotext when available)."""
    texts = {}
    for base, _, files in os.walk(out):
        for f in files:
            p = os.path.join(base, f)
            if f.endswith(".pdf"):
                if have("pdftotext"):
                    texts[p] = pdftotext(p)
            else:
                with open(p, "rb") as fh:
                    texts[p] = fh.read().decode("utf-8", "replace")
    return texts


def leaks(out, suggestions):
    """What of SUGGESTIONS ((unit, key) of newtown) the build in OUT shows."""
    found = []
    texts = outputs_text(out)
    for p, t in texts.items():
        if "topic?=" in t or "no-such-topic" in t:
            found.append(f"{p}: a suggestion as written")
    c = load_corpus(out)
    nt = [d for d in c["documents"] if d["slug"] == "newtown"][0]
    for cl in nt["clauses"]:
        extra = set(cl.get("topics") or []) - ({"distinct-roles"} if cl["id"] == "para-1.3" else set())
        if extra:
            found.append(f"corpus.json: newtown {cl['id']} has topics {sorted(extra)}")
    for d in c["documents"]:
        for cl in d["clauses"]:
            for e in cl.get("equivalents") or []:
                if e.startswith("newtown#") and e != "newtown#para-1.3":
                    found.append(f"corpus.json: {d['slug']} {cl['id']} links {e}")
    for unit, key in suggestions:
        page = os.path.join(out, "site", "topics", key + ".html")
        if os.path.exists(page) and f"newtown.html#{unit}" in texts.get(page, ""):
            found.append(f"topic page {key} cites newtown {unit}")
    header, *rows = list(csv.reader(io.StringIO(texts.get(os.path.join(out, "matrix.csv"), ""))))
    col = header.index("newtown") if "newtown" in header else None
    for r in rows:
        if col is not None and len(r) > col and r[col] and r[0] != "distinct-roles":
            found.append(f"matrix.csv: {r[0]} has newtown {r[col]}")
    return found


put(FIXTURE)
out = os.path.join(TMP, "out")
r = build(out, [SRC, os.path.join(DIR, "brent.md"), os.path.join(DIR, "cheshire-west-and-chester.md")],
          extra=("--no-hooks",))
if r.returncode != 0:
    notok("build of the fixture with suggestions", r.stderr)
else:
    found = leaks(out, SUGGESTIONS)
    check("no suggestion reaches any output (HTML, JSON, CSV, XML, PDF text)", not found, *found)
# the control: the same suggestions made annotations are found by the same check
put(FIXTURE.replace("topic?=", "topic=").replace(",no-such-topic", ""))
out2 = os.path.join(TMP, "out-control")
r = build(out2, [SRC, os.path.join(DIR, "brent.md"), os.path.join(DIR, "cheshire-west-and-chester.md")],
          extra=("--no-hooks",))
if r.returncode != 0:
    notok("build of the control (suggestions made annotations)", r.stderr)
else:
    found = leaks(out2, [s for s in SUGGESTIONS if s[1] != "no-such-topic"])
    check("control: the check finds annotations where the suggestions were (it can fail)",
          len(found) >= 5, *found)
put(FIXTURE)
r = build(os.path.join(TMP, "out-werror"), [SRC, os.path.join(DIR, "brent.md")], formats="json",
          extra=("--no-hooks", "--werror"))
check("build --werror refuses a source with suggestions", r.returncode != 0 and
      "not reviewed yet" in r.stderr, r.stderr)

sys.exit(exit_status())
