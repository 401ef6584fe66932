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
    # a program still waiting for an answer the test does not give is
    # stopped, not waited for: the session fails instead of hanging
    done, status = os.waitpid(pid, os.WNOHANG)
    if done == 0:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")

tty_draft = os.path.join(TMP, "tty.md")
tty_answers = os.path.join(TMP, "tty-answers.yaml")
for p in (tty_draft, tty_answers):
    if os.path.exists(p): os.remove(p)
# council, slug (default), kind: a bad answer then town, nation (default),
# governance: one a town cannot have then the default, party groups, staff,
# press office (defaults), complaints body, the Clerk's title (default), the
# finance officer's title, leave out
lines = ["Ashby Town Council", "", "village", "town", "", "elected-mayor", "", "", "", "",
         "the Personnel Committee", "", "Finance Officer", "ward-members"]
rc, out = pty_session(["draft", "-o", tty_draft, "--save-answers", tty_answers], lines)
check("interactive mode on a pseudo-terminal writes the draft", rc == 0 and os.path.exists(tty_draft), out[-1500:])
check("interactive mode offers defaults", "[ashby-town-council]" in out and "[town]" in out and "[Town Clerk]" in out
      and "[committee-system]" in out and "[clerk-only]" in out and "[the Staffing Committee]" in out, out[-1500:])
check("a kind that is not one is re-asked, listing the kinds",
      "'village' is not one of the answers: use parish, town, community" in out and out.count("Kind of council") == 2, out[-2500:])
check("a town with an elected mayor is refused and the question re-asked",
      "cannot have executive arrangements" in out and out.count("Governance (") == 2, out[-2500:])
check("clerk-only: the titles of officers the council does not have are not asked",
      "Title of the Monitoring Officer" not in out and "press and communications" not in out, out[-1500:])
if os.path.exists(tty_answers):
    y = open(tty_answers, encoding="utf-8").read()
    check("answers saved as YAML", 'council: "Ashby Town Council"' in y and "Finance Officer" in y and "ward-members" in y
          and "governance: committee-system" in y and "party-groups: no" in y and "staff: clerk-only" in y
          and 'complaints-body: "the Personnel Committee"' in y, y)
    again = os.path.join(TMP, "tty-again.md")
    rc, _, err = concord("draft", "--answers", tty_answers, "-o", again, "--force")
    check("saved answers give the same draft", rc == 0 and open(again).read() == open(tty_draft).read(), err)
else:
    notok("answers saved as YAML", out[-800:])
if os.path.exists(tty_draft):
    rc, _, err = concord("build", "--werror", "--no-hooks", "--format", "json", "--topics", "sources/topics.yaml",
                         "-o", os.path.join(TMP, "out-tty"), tty_draft)
    check("the interactive draft builds with --werror", rc == 0, err)
    check("the interactive draft says who handles complaints about the Clerk",
          "Complaints about the Town Clerk are handled by the Personnel Committee." in open(tty_draft).read())
# council, then slug, kind (parish: nation implied), governance, groups,
# staff, press office, complaints body, Clerk, finance officer: defaults
rc, _, err = concord("draft", "--interactive", "-o", os.path.join(TMP, "stdin.md"), "--force",
                     stdin="Bexley Parish Council\n" + "\n" * 9 + "none\n")
check("--interactive reads the answers from stdin", rc == 0 and "Bexley Parish Council" in open(os.path.join(TMP, "stdin.md")).read(), err)
rc, _, err = concord("draft", "--interactive", "-o", os.path.join(TMP, "eof.md"), stdin="Only a name\n")
check("input ending early writes nothing", rc == 1 and not os.path.exists(os.path.join(TMP, "eof.md")), err)

# ---- variants: drafts that fit the council ---------------------------------------
VARIANTS = "sources/templates/variants.yaml"
vt = open(VARIANTS, encoding="utf-8").read()
primaries = set(re.findall(r"^(?:### )?\d+\.\d+ .*\{topic=([a-z0-9-]+)", tmpl, re.M))
prov = vt[vt.index("\nprovisions:"):vt.index("\nfill-ins:")]
vkeys = re.findall(r"^  ([a-z0-9-]+):", prov, re.M)
check(f"the variants table ({len(vkeys)} provisions) is keyed by topics template clauses were chosen for",
      vkeys and all(k in primaries for k in vkeys), [k for k in vkeys if k not in primaries])

KINDS = {
    # name: (answers, must contain, must not contain)
    "town": ("council: Newtown Town Council\nslug: newtown-town\nkind: town\n",
             ["Town Clerk", "Complaints about the Town Clerk are handled by the Staffing Committee.",
              "fill-in written by concord draft", "Chairmen and Vice Chairmen", "\\[REPLACE: "],
             ["Cabinet", "Scrutiny", "scrutiny", "controlling group", "Controlling group", "press office",
              "Head of Communications", "Director of Governance", "Group Leader", "group leader", "portfolio",
              "Chief Executive", "Chief Officer", "Standards Board for England", "Standards Committee"]),
    "district": ("council: Southvale District Council\nslug: southvale\nkind: district\ngovernance: leader-and-cabinet\n",
                 ["Cabinet", "Scrutiny", "Chief Executive", "Head of Communications", "party group", "Standards Committee",
                  "Complaints about the Chief Executive are handled by the Employment Committee."],
                 ["Standards Board for England", "Town Clerk", "Complaints about the Town Clerk"]),
    "county": ("council: Westshire County Council\nslug: westshire\nkind: county\ngovernance: committee-system\n",
               ["Chairman", "Chair", "committee", "Chief Executive", "## 5. Chairs of committees and reports"],
               ["Cabinet", "portfolio", "Portfolio", "Standards Board for England", "Town Clerk"]),
    "welsh-community": ("council: Llanfair Community Council\nslug: llanfair\nkind: community\n",
                        ["kind: \"community\"", "the Clerk", "Complaints about the Clerk are handled by the Staffing Committee."],
                        ["Cabinet", "Scrutiny", "scrutiny", "controlling group", "press office", "Town Clerk",
                         "Head of Communications", "Standards Board for England", "District Council", "Standards Committee"]),
}
drafted = {}
for name, (ans, must, mustnot) in KINDS.items():
    p = write(f"kind-{name}.yaml", ans)
    out_md = os.path.join(TMP, f"kind-{name}.md")
    rc, _, err = concord("draft", "--answers", p, "-o", out_md, "--force")
    md_k = open(out_md, encoding="utf-8").read() if rc == 0 and os.path.exists(out_md) else ""
    drafted[name] = out_md
    check(f"{name}: drafted, without the other councils' source warnings", rc == 0 and md_k and "brent.md" not in err, err)
    check(f"{name}: the obsolete body is marked for the drafter, with a warning naming it",
          "Standards Board for England, abolished by the Localism Act 2011" in err and "\\[REPLACE: " in md_k, err)
    rc, _, err = concord("build", "--werror", "--no-hooks", "--format", "json", "--topics", "sources/topics.yaml",
                         "-o", os.path.join(TMP, f"out-kind-{name}"), out_md)
    check(f"{name}: the draft builds with --werror", rc == 0 and "(0 warnings)" in err, err)
    check(f"{name}: contains what this kind of council needs", all(m in md_k for m in must),
          [m for m in must if m not in md_k])
    check(f"{name}: contains none of what does not fit", not any(m in md_k for m in mustnot),
          [m for m in mustnot if m in md_k])
counts = {n: len(dump_clauses(p)) for n, p in drafted.items()}
rc, _, err = concord("draft", "--answers", write("kind-town.yaml", KINDS["town"][0]), "-o", "-")
check("town: the standards committee a town council does not have is marked, with a warning naming it",
      rc == 0 and "names the Council's Standards Committee, which a parish, town or community council does not have" in err, err)
check("provision counts differ by kind as the variants say (town < county < district)",
      0 < counts["town"] < counts["county"] < counts["district"] and counts["welsh-community"] == counts["town"], counts)
check("the town draft has no party-group section; the district's has one",
      "Officer support to party groups" not in open(drafted["town"]).read()
      and "Officer support to party groups" in open(drafted["district"]).read())

# combinations a council cannot have, and the table's own errors
bad_answers("town-elected-mayor", "council: A Town Council\nslug: a\nkind: town\ngovernance: elected-mayor\n",
            "cannot have executive arrangements")
m = bad_answers("community-in-england", "council: A Community Council\nslug: a\nkind: community\nnation: england\n",
                "use nation: wales")
check("combination error at the answer that conflicts", m and m.group(1) == "4" and m.group(2) == "9", m and m.groups())
bad_answers("district-clerk-only", "council: A District Council\nslug: a\nkind: district\nstaff: clerk-only\n",
            "a principal council has officers besides a Clerk")
bad_answers("unknown-governance", "council: A Council\nslug: a\ngovernance: cabinet\n",
            "unknown governance 'cabinet': use leader-and-cabinet, elected-mayor or committee-system")
bad_answers("groups-not-yes-no", "council: A Council\nslug: a\nparty-groups: maybe\n", "'party-groups' is yes or no")

def bad_variants(name, text, want, line, col):
    p = write(name + ".yaml", text)
    outp = os.path.join(TMP, name + ".md")
    rc, _, err = concord("draft", "--answers", write("v-ans.yaml", "council: A Council\nslug: a\n"),
                         "--variants", p, "-o", outp, "--force")
    m = re.search(re.escape(p) + r":(\d+):(\d+): error: (.*)", err)
    check(f"variants error: {name} at file:line:col", rc == 1 and m and want in err and
          (m.group(1), m.group(2)) == (str(line), str(col)) and not os.path.exists(outp), err)
bad_variants("v-unknown-key", "provisions:\n  press-office-channel: \"colour=red\"\n", "unknown condition key 'colour'", 2, 26)
bad_variants("v-unknown-value", "provisions:\n  press-office-channel: \"kind=town; governance=cabinet\"\n",
             "unknown value 'cabinet' for 'governance'", 2, 48)
bad_variants("v-not-primary", "provisions:\n  mutual-respect-and-courtesy: \"kind=town\"\n  officers-politically-neutral: \"kind=town\"\n",
             "'officers-politically-neutral' is not the topic a clause", 3, 3)
bad_variants("v-wording-lacking", "provisions:\n  press-office-channel:\n    wording:\n      - when: \"kind=town\"\n        council: lydney\n",
             "'lydney' has no clause with topic 'press-office-channel'", 5, 18)

# ---- report ----------------------------------------------------------------------
rc, out, err = concord("draft", "--report", draft)
check("--report on the draft", rc == 0 and "Provisions most comparable councils make" in out and
      "Wording against the most common wording" in out, err + out[:500])
check("--report on a town draft compares it with the town and parish councils",
      "Compared for missing provisions with the 1 parish, town or community council" in out, out[:600])
dans = write("report-district.yaml", "council: Eastvale District Council\nslug: eastvale\nkind: district\nexclude: [copying-correspondence-disclosed]\n")
ddraft = os.path.join(TMP, "eastvale.md")
rc, _, err = concord("draft", "--answers", dans, "-o", ddraft, "--force")
rc, out, err = concord("draft", "--report", ddraft)
check("--report lists a provision most comparable councils make that the draft left out",
      rc == 0 and re.search(r"lacks: [1-9].*\n\s+copying-correspondence-disclosed", out), out[:1500])
m = re.search(r"(\d+) depart: .*; (\d+) another council's own wording", out)
check("--report: the template's copied clauses are never 'departing'", m and m.group(1) == "0" and int(m.group(2)) > 50, out[:2000])
check("--report prints no other council's source warnings", "brent.md" not in err, err)
# a verbatim copy of a corpus council, under another slug
src = open("sources/east-northamptonshire.md", encoding="utf-8").read()
copy = write("enc-copy.md", src.replace("slug: east-northamptonshire", "slug: enc-copy", 1))
rc, out, err = concord("draft", "--report", copy)
m = re.search(r"\((\d+) topics shared; (\d+) depart", out)
check("--report on a verbatim copy of a corpus council: no departing wording",
      rc == 0 and m and int(m.group(1)) > 50 and m.group(2) == "0" and not re.search(r"^\s+\* ", out, re.M), out[:2000])
rc, out, err = concord("draft", "--report", "sources/lydney.md")
m = re.search(r"lacks: (\d+)", out)
check("--report on a council source lists missing provisions and departures",
      rc == 0 and m and int(m.group(1)) > 0 and re.search(r"^\s+\* 0\.\d\d", out, re.M), out[:1500])
rc, out2, _ = concord("draft", "--report", "--scorer", "builtin", "sources/lydney.md")
check("--report works with the built-in scorer too", rc == 0 and "built-in" in out2)
sys.exit(0)
