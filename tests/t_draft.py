#!/usr/bin/env python3
"""t_draft - `concord draft`: the model protocol, answers -> draft -> build,
interactive mode through a pseudo-terminal, answers-file errors, --report."""
import os, pty, re, select, sys, time

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

os.chdir(ROOT)
TEMPLATE = "sources/templates/protocol.md"

def dump_clauses(path):
    return [o for o in dump(path) if next(iter(o), None) == "clause"]

topic_keys = re.findall(r"^  - key: (\S+)\n(?:.*\n){0,3}?    theme: ", open("sources/topics.yaml").read(), re.M)
topic_keys = [k for k in re.findall(r"^  - key: (\S+)", open("sources/topics.yaml").read(), re.M)]
themes_end = open("sources/topics.yaml").read().index("\ntopics:")
theme_keys = re.findall(r"^  - key: (\S+)", open("sources/topics.yaml").read()[:themes_end], re.M)
topic_keys = [k for k in topic_keys if k not in theme_keys]

# ---- the template ----------------------------------------------------------
tmpl = open(TEMPLATE, encoding="utf-8").read()
used = set()
for m in re.finditer(r"\{topic=([^ }]+)", tmpl): used |= set(m.group(1).split(","))
missing = [k for k in topic_keys if k not in used]
regen = os.path.join(TMP, "template.md")
rc, _, err = concord("draft", "--make-template", "-o", regen)
# a topic made only by clauses with a cross-reference or a footnote cannot
# stand in the template (they would not resolve there): --make-template
# names each such topic in a warning, and only those may be missing
uncoverable = set(re.findall(r"no clause of the corpus can stand for topic '([a-z0-9-]+)'", err))
check(f"template covers every topic of the taxonomy ({len(topic_keys)}) but those --make-template cannot cover ({len(uncoverable)})",
      set(missing) == uncoverable and len(topic_keys) > 0,
      "missing: " + " ".join(missing) + "; uncoverable: " + " ".join(sorted(uncoverable)))
notes = re.findall(r'note="adapted from ([^"]+)"', tmpl)
nclauses = len(re.findall(r"^(?:### )?\d+\.\d+ ", tmpl, re.M))
check("every template clause records its origin", len(notes) == nclauses and nclauses > 0,
      f"{len(notes)} notes, {nclauses} clauses")
check("template uses %%placeholders%%, never {{...}}", "%%chief-executive%%" in tmpl and "{{" not in tmpl)
check("the template is what --make-template chooses from the corpus (byte-identical)",
      rc == 0 and open(regen, encoding="utf-8").read() == tmpl, err)
# the words are the councils' own: every template clause's words (less
# placeholders) occur in the origin council's source
srcs = {}
for f in os.listdir("sources"):
    if f.endswith(".md"):
        srcs[f] = re.sub(r"\s+", " ", re.sub(r"\{[^{}]*\}", "", open(os.path.join("sources", f), encoding="utf-8").read()))
bad = []
for m in re.finditer(r"^(?:### )?\d+\.\d+ (.*?)(?: \{topic=[^}]*\})?$", tmpl, re.M):
    text = m.group(1).replace("\\", "")
    for piece in re.split(r"%%[a-z-]+%%", text):
        piece = piece.strip()
        if len(piece) > 12 and not any(piece in s for s in srcs.values()):
            bad.append(piece[:80])
check("template wording is the councils' own (only names and role titles replaced)", not bad, "\n".join(bad[:5]))

# ---- answers -> draft -> build ---------------------------------------------
answers = write("newtown.yaml", """# a new town council
council: Newtown Town Council
slug: newtown
kind: town
title: Member/Officer Relations Protocol
roles:
  chief-executive: Town Clerk
  monitoring-officer: Monitoring Officer
exclude: [ceremonial-events, officers-not-at-member-surgeries, confidentiality, correspondence]
wording:
  protocol-purpose: lydney
""")
draft = os.path.join(TMP, "newtown.md")
if os.path.exists(draft): os.remove(draft)
rc, _, err = concord("draft", "--answers", answers, "-o", draft)
check("draft from an answers file", rc == 0 and os.path.exists(draft), err)
md = open(draft, encoding="utf-8").read() if os.path.exists(draft) else ""
check("no placeholder left in the draft", "%%" not in md and "Newtown Town Council" in md)
check("role titles filled in", "Town Clerk" in md and "Chief Executive" not in md.replace("Deputy Chief Executive", ""))
check("preferred council wording used, with its origin",
      "essential ingredient" in md and "wording of Lydney Town Council" in md, md[:800])
rc, _, err = concord("build", "--werror", "--no-hooks", "--format", "json", "--topics", "sources/topics.yaml",
                     "-o", os.path.join(TMP, "out-draft"), draft)
check("the draft builds with --werror: 0 errors, 0 warnings", rc == 0 and "(0 warnings)" in err, err)
srcs_md = sources()
out6 = os.path.join(TMP, "out6")
rc, _, err = concord("build", "--format", "json", "-o", out6, *srcs_md, draft)
docs = []
if rc == 0:
    docs = load_corpus(out6)["documents"]
check("five councils + the draft build together: corpus.json has six documents",
      rc == 0 and len(docs) == len(srcs_md) + 1 and any(d.get("slug") == "newtown" for d in docs), err)
check("no diagnostic about the draft in the six-council build", "newtown.md" not in err, err)
cls = dump_clauses(draft)
tks = {t for c in cls for t in c["topics"]}
check("excluded theme and topic are left out", not any(t in tks for t in
      ["officers-not-at-member-surgeries", "ceremonial-events-chair-leads"]) and len(cls) > 40,
      sorted(tks)[:10])
nums = [c["number"] for c in cls]
secs = sorted({int(n.split(".")[0]) for n in nums})
check("sections renumbered consecutively", secs == list(range(1, len(secs) + 1)), secs)
rc, _, err = concord("draft", "--answers", answers, "-o", draft)
check("an existing draft is not replaced without --force", rc != 0 and "exists" in err, err)
check("no temporary file left behind", not os.path.exists(draft + ".tmp"))
rc1, _, _ = concord("draft", "--answers", answers, "-o", draft, "--force")
check("same answers, same bytes", rc1 == 0 and open(draft, encoding="utf-8").read() == md)

# ---- answers-file errors ----------------------------------------------------
def bad_answers(name, text, want):
    p = write(name + ".yaml", text)
    rc, _, err = concord("draft", "--answers", p, "-o", os.path.join(TMP, name + ".md"), "--force")
    m = re.search(re.escape(p) + r":(\d+):(\d+): error: (.*)", err)
    check(f"answers error: {name} at file:line:col", rc == 1 and m and want in err and
          not os.path.exists(os.path.join(TMP, name + ".md")), err)
    return m
m = bad_answers("unknown-topic", "council: A Council\nslug: a\nexclude:\n  - ward-members\n  - no-such-topic\n", "unknown theme or topic 'no-such-topic'")
check("unknown key reported on its line and column", m and m.group(1) == "5" and m.group(2) == "5", m and m.groups())
bad_answers("yaml-syntax", "council: A Council\nslug: a\nroles: [unclosed\n", "error")
bad_answers("unknown-answer", "council: A Council\nslug: a\ncolour: blue\n", "unknown answer 'colour'")
bad_answers("unknown-role", "council: A Council\nslug: a\nroles:\n  mayor: The Mayor\n", "unknown role 'mayor'")
bad_answers("wording-lacking", "council: A Council\nslug: a\nwording:\n  officers-not-at-member-surgeries: solihull\n", "has no clause with topic")
bad_answers("bad-slug", "council: A Council\nslug: Not A Slug\n", "slug 'Not A Slug' is not valid")
bad_answers("include-unknown-theme", "council: A Council\nslug: a\ninclude: {themes: [nope]}\n", "unknown theme or topic 'nope'")

# ---- interactive -------------------------------------------------------------
rc, _, err = concord("draft", "-o", os.path.join(TMP, "x.md"), stdin="")
check("without --answers and without a terminal: a clear usage error", rc == 2 and "--answers" in err, err)

def pty_session(args, answers_lines, timeout=60):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(CONCORD, [CONCORD, *args])
    out = b""
    pending = list(answers_lines)
    deadline = time.time() + timeout
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if fd in r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk: break
            out += chunk
            # answer each prompt (a line ending in ": ") as it appears
            while pending and out.rstrip(b" ").endswith(b":") and out.endswith(b": "):
                os.write(fd, (pending.pop(0) + "\n").encode())
                out += b"\n"
                break
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")

tty_draft = os.path.join(TMP, "tty.md")
tty_answers = os.path.join(TMP, "tty-answers.yaml")
for p in (tty_draft, tty_answers):
    if os.path.exists(p): os.remove(p)
# council, slug (default), kind (default town), 6 roles (defaults but one), leave out
lines = ["Ashby Town Council", "", "", "", "", "", "", "Press Officer", "", "ward-members"]
rc, out = pty_session(["draft", "-o", tty_draft, "--save-answers", tty_answers], lines)
check("interactive mode on a pseudo-terminal writes the draft", rc == 0 and os.path.exists(tty_draft), out[-1500:])
check("interactive mode offers defaults", "[ashby-town-council]" in out and "[town]" in out and "[Town Clerk]" in out, out[-1500:])
if os.path.exists(tty_answers):
    y = open(tty_answers, encoding="utf-8").read()
    check("answers saved as YAML", 'council: "Ashby Town Council"' in y and "Press Officer" in y and "ward-members" in y, y)
    again = os.path.join(TMP, "tty-again.md")
    rc, _, err = concord("draft", "--answers", tty_answers, "-o", again, "--force")
    check("saved answers give the same draft", rc == 0 and open(again).read() == open(tty_draft).read(), err)
else:
    notok("answers saved as YAML", out[-800:])
if os.path.exists(tty_draft):
    rc, _, err = concord("build", "--werror", "--no-hooks", "--format", "json", "--topics", "sources/topics.yaml",
                         "-o", os.path.join(TMP, "out-tty"), tty_draft)
    check("the interactive draft builds with --werror", rc == 0, err)
rc, _, err = concord("draft", "--interactive", "-o", os.path.join(TMP, "stdin.md"), "--force",
                     stdin="Bexley Parish Council\n\n\n\n\n\n\n\n\nnone\n")
check("--interactive reads the answers from stdin", rc == 0 and "Bexley Parish Council" in open(os.path.join(TMP, "stdin.md")).read(), err)
rc, _, err = concord("draft", "--interactive", "-o", os.path.join(TMP, "eof.md"), stdin="Only a name\n")
check("input ending early writes nothing", rc == 1 and not os.path.exists(os.path.join(TMP, "eof.md")), err)

# ---- report ----------------------------------------------------------------------
rc, out, err = concord("draft", "--report", draft)
check("--report on the draft", rc == 0 and "Provisions most other councils make" in out and
      "Wording against the most common wording" in out, err + out[:500])
check("--report lists a provision most councils make that the draft left out", re.search(r"lacks: [1-9].*\n\s+copying-correspondence-disclosed", out), out[:1500])
rc, out, err = concord("draft", "--report", "sources/lydney.md")
m = re.search(r"lacks: (\d+)", out)
check("--report on a council source lists missing provisions and departures",
      rc == 0 and m and int(m.group(1)) > 0 and re.search(r"^\s+\* 0\.\d\d", out, re.M), out[:1500])
rc, out2, _ = concord("draft", "--report", "--scorer", "builtin", "sources/lydney.md")
check("--report works with the built-in scorer too", rc == 0 and "built-in" in out2)
sys.exit(0)
