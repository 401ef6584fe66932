#!/usr/bin/env python3
"""t_lua.py - Lua hooks (issue 7): the five councils' hook files, the
sandbox against hostile hooks, error messages, validation after hooks and
the examples in docs/lua-hooks.md.

Runs concord from $ROOT so lua/<slug>.lua is discovered as in real use.
Every failing build must leave the output directory untouched."""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

counter = [0]
# A generous wall clock for tests that expect another limit (or none) to
# end a hook: on a loaded machine, or under ASan, 1 s can pass first.
SLOW_CLOCK = {"CONCORD_LUA_SECONDS": "30"}


def run(args, cwd=ROOT, env=None, timeout=60):
    """concord ARGS from ROOT, as the councils run it; never hangs the suite."""
    return concord(*args, cwd=cwd, env=env, timeout=timeout)


def fresh_out():
    counter[0] += 1
    d = os.path.join(TMP, "out%d" % counter[0])
    shutil.rmtree(d, ignore_errors=True)
    return d


def build_json(extra=(), cwd=ROOT):
    out = fresh_out()
    rc, so, se = run(["build", "-q", "--format", "json", "-o", out] + list(extra), cwd=cwd)
    return rc, se, load_corpus(out) if rc == 0 else None


def find(data, slug, ident):
    for doc in data["documents"]:
        if doc["slug"] != slug:
            continue
        for s in doc["sections"]:
            if s["id"] == ident:
                return s
        for c in doc["clauses"]:
            if c["id"] == ident:
                return c
            for it in c["items"]:
                if it["id"] == ident:
                    return it
    return None


def doc_of(data, slug):
    return next(d for d in data["documents"] if d["slug"] == slug)


def untouched_failure(name, extra, expect, sources=("sources/brent.md",), env=None, cwd=ROOT):
    """The build fails, stderr contains every string in EXPECT, and the
    output directory (with a sentinel in it) is left as it was."""
    out = fresh_out()
    os.makedirs(out)
    with open(os.path.join(out, "keep.txt"), "w") as f:
        f.write("sentinel\n")
    try:
        rc, so, se = run(["build", "-q", "-o", out, "--format", "json"] + list(extra) + list(sources),
                         env=env, cwd=cwd, timeout=60)
    except subprocess.TimeoutExpired:
        notok(name, "concord did not stop within 60 s")
        return
    problems = []
    if rc != 1:
        problems.append("exit status %d, expected 1" % rc)
    for e in expect:
        if isinstance(e, re.Pattern):
            if not e.search(se):
                problems.append("stderr does not match %r" % e.pattern)
        elif e not in se:
            problems.append("stderr lacks %r" % e)
    if sorted(os.listdir(out)) != ["keep.txt"]:
        problems.append("output directory changed: %s" % sorted(os.listdir(out)))
    if problems:
        notok(name, "\n".join(problems) + "\n--- stderr:\n" + se[-2000:])
    else:
        ok(name)


# ---- the five councils' hooks ----------------------------------------------

rc, se, data = build_json()
if rc != 0:
    notok("build with the councils' hooks", se)
    sys.exit(0)
ok("build with the councils' hooks")
rc2, se2, plain = build_json(["--no-hooks"])


def expect_field(name, slug, ident, field, value):
    node = find(data, slug, ident)
    got = node.get(field) if node else "<no such node>"
    check(name, got == value, "%s#%s %s = %r, expected %r" % (slug, ident, field, got, value))


expect_field("brent: section 1 numbered with trailing dots", "brent", "para-1.1", "number_shown", "1.1.")
expect_field("brent: later sections without", "brent", "para-2.1", "number_shown", "2.1")
expect_field("brent: printed restart in section 3 kept", "brent", "para-3.1", "number_shown", "1.1.")
expect_field("brent: section 3 resumes at 3.4", "brent", "para-3.4", "number_shown", "3.4")
expect_field("brent: capital headings", "brent", "sec-4", "heading_shown", "SUPPORT SERVICES TO MEMBERS AND PARTY GROUPS")
expect_field("brent: (a) labels", "brent", "para-3.3-a", "label_shown", "(a)")
expect_field("lydney: a) labels", "lydney", "para-2.2-b", "label_shown", "b)")
expect_field("lydney: capital headings", "lydney", "sec-2", "heading_shown", "ROLES OF COUNCILLORS AND OFFICERS")
expect_field("lydney: numbers without dots", "lydney", "para-2.3", "number_shown", "2.3")
sol = doc_of(data, "solihull")
check("solihull: no paragraph numbers", all(c.get("number_shown") == "" for c in sol["clauses"]),
      [c.get("number_shown") for c in sol["clauses"]])
expect_field("solihull: bullet lists", "solihull", "principles-the-council-attaches-particular-i1", "label_shown", "•")
notes = [(c["id"], c.get("note")) for c in sol["clauses"] if c.get("note")]
check("solihull: footnoted definition becomes a note",
      notes == [("complaints-if-possible-and-appropriate", "Defines “Senior Officer” (footnote 1)")], notes)
expect_field("cwac: unnumbered sub-heading shown as printed", "cheshire-west-and-chester", "key-points", "heading_shown", "Key Points")
expect_field("cwac: numbered headings left to the writer", "cheshire-west-and-chester", "sec-1", "heading_shown", None)
expect_field("cwac: (a) labels", "cheshire-west-and-chester", "para-2.7-c", "label_shown", "(c)")
expect_field("enc: capital headings", "east-northamptonshire", "sec-2", "heading_shown", "GENERAL CONDUCT")
if plain is None:
    notok("--no-hooks builds", se2)
else:
    shown = [c for d in plain["documents"] for c in d["clauses"] if "number_shown" in c]
    check("--no-hooks: no house style applied", not shown, [c["id"] for c in shown][:5])
    check("hooks never change provision text",
          [[c["text"] for c in d["clauses"]] for d in plain["documents"]] ==
          [[c["text"] for c in d["clauses"]] for d in data["documents"]])

# Document-level results are not in corpus.json: a second hook file sees them.
probe = write("probe.lua", 'function Document(d)\n  concord.log("PROBE", d.slug, "|", d.running_header, "|", d.running_footer, "|", d.show_contents)\nend\n')
rc, so, se = run(["check", "--lua", probe])
lines = {m.group(1): m.group(2) for m in re.finditer(r"note: PROBE (\S+) (.*)", se)}
want = {
    "brent": "| Brent Council — Protocol for Member/Officer Relations | Brent Constitution — Member Officer Relation Part 7 — Page {page} of {pages} | false",
    "east-northamptonshire": "| Part 5.3: A Protocol for Councillor and Officer Relations | Page {page} | true",
    "lydney": "| LYDNEY TOWN COUNCIL | Member/Officer Relations Protocol — Page {page} of {pages} | false",
    "cheshire-west-and-chester": "| PART 4 – CODES AND PROTOCOLS | 4. Officer/Member Relations Protocol — Page {page} of {pages} | false",
    "solihull": "| Solihull Metropolitan Borough Council — Protocol for Member and Officer Relations | Approved by the Council on 10 October 2006 — Page {page} of {pages} | false",
}
for slug, w in want.items():
    check("%s: running header, footer and contents page" % slug, lines.get(slug) == w,
          "got %r\nwant %r\n%s" % (lines.get(slug), w, se[-1500:]))
check("a --lua file runs after the council's own file", rc == 0 and len(lines) == 5, se[-1500:])

# ---- HTML and PDF show the effects ------------------------------------------

out = fresh_out()
rc, so, se = run(["build", "-q", "--format", "html,pdf", "-o", out])
if rc != 0:
    skip("hook effects in HTML and PDF", "html/pdf build failed: " + se.strip().splitlines()[-1] if se.strip() else "exit %d" % rc)
else:
    def html_of(slug):
        for dp, _, fs in os.walk(out):
            if slug + ".html" in fs:
                with open(os.path.join(dp, slug + ".html"), encoding="utf-8") as f:
                    return f.read()
        return None
    enc, brent, sol_h, lyd = (html_of(s) for s in ("east-northamptonshire", "brent", "solihull", "lydney"))
    if not (enc and brent and sol_h and lyd):
        skip("hook effects in HTML", "no per-council HTML pages found")
    else:
        # show_contents is the PDF's contents page only (issue 20): every
        # web page of two sections or more lists its sections
        check("html: ENC has its contents list", 'class="toc"' in enc)
        check("html: Brent has one too (only its PDF is printed without)", 'class="toc"' in brent)
        check("html: Solihull bullets come from its hook", "•" in sol_h)
        check("html: Lydney a) labels", "b)" in lyd)
    pdfs = {s: os.path.join(out, "pdf", s + ".pdf") for s in want}
    if not have("pdftotext") or not all(os.path.exists(p) for p in pdfs.values()):
        skip("hook effects in PDF", "no pdftotext or no pdf/<slug>.pdf")
    else:
        def text(slug):
            return pdftotext(pdfs[slug], "-layout")
        t = text("brent")
        check("pdf: Brent footer with page numbers", re.search(r"Member Officer Relation Part 7 — Page 1 of \d+", t) is not None, t[-600:])
        t = text("east-northamptonshire")
        check("pdf: ENC running header", "Part 5.3: A Protocol for Councillor and Officer Relations" in t, t[:600])
        t = text("lydney")
        check("pdf: Lydney running header", "LYDNEY TOWN COUNCIL" in t, t[:600])
        t = text("cheshire-west-and-chester")
        check("pdf: CWAC running header", "PART 4 – CODES AND PROTOCOLS" in t, t[:600])

# ---- hostile hooks -------------------------------------------------------------

HOSTILE = [
    ("infinite loop", "function Clause(c)\n  while true do end\nend\n",
     ["loop.lua:2:1: error: in Clause(brent#para-1.1): instruction budget of"]),
    ("runaway table", "function Document(d)\n  local t = {}\n  while true do t[#t+1] = {} end\nend\n",
     [re.compile(r"runaway_table\.lua:3:1: error: in Document\(brent\): (memory limit of 64 MiB|time limit of 1 s) exceeded")]),
    ("string.rep 2^40", 'function Document(d)\n  return string.rep("x", 2^40)\nend\n',
     ["string_rep_2_40.lua:2:1: error: in Document(brent):"]),
    ("string.rep 2^28 hits the memory limit", 'function Document(d)\n  local s = string.rep("x", 2^28)\nend\n',
     ["string_rep_2_28_hits_the_memory_limit.lua:1:1: error: in Document(brent): memory limit of 64 MiB exceeded"]),
    ("catastrophic pattern", 'function Document(d)\n  return ("a"):rep(1e5):find(".-.-.-.-b")\nend\n',
     ["catastrophic_pattern.lua:2:1: error: in Document(brent): pattern '.-.-.-.-b' (9 bytes) on 100000 bytes"]),
    ("catastrophic pattern via method on a clause", 'function Clause(c)\n  local s = c.text:rep(50)\n  return s:match("(.-)(.-)(.-)x$")\nend\n',
     ["error: in Clause(brent#para-1.1): pattern"]),
    ("os.execute", 'function Document(d)\n  os.execute("touch pwned")\nend\n', ["attempt to index a nil value (global 'os')"]),
    ("io.open", 'function Document(d)\n  io.open("/etc/passwd")\nend\n', ["attempt to index a nil value (global 'io')"]),
    ("require", 'function Document(d)\n  require("io")\nend\n', ["attempt to call a nil value (global 'require')"]),
    ("debug", 'function Document(d)\n  debug.sethook()\nend\n', ["attempt to index a nil value (global 'debug')"]),
    ("load of bytecode", 'function Document(d)\n  load(string.dump(function() end))\nend\n', ["attempt to call a nil value"]),
    ("dofile", 'dofile("/etc/passwd")\n', ["dofile.lua:1:1: error: attempt to call a nil value (global 'dofile')"]),
    ("collectgarbage", 'collectgarbage("stop")\n', ["attempt to call a nil value (global 'collectgarbage')"]),
    ("__gc finalizer", 'setmetatable({}, {__gc = function() while true do end end})\n', ["__gc finalizers are not allowed"]),
    ("error({})", "function Clause(c)\n  error({})\nend\n", ["error.lua:2:1: error: in Clause(brent#para-1.1): error object is a table value"]),
    ("wrong return type", "function Clause(c)\n  return 42\nend\n", ["in Clause(brent#para-1.1): Clause must return a table or nil, not a number"]),
    ("wrong callback type", "function number_label(c)\n  return {}\nend\n", ["in number_label(brent#para-1.1): the number number_label returned must be a string"]),
    ("contents must be boolean", "function contents(d)\n  return 'yes'\nend\n", ["in contents(brent): contents must return true, false or nil"]),
    ("10^6 new clauses", "function Section(s)\n  local t = {}\n  for i = 1, 1e6 do t[i] = {id = 'x' .. i, text = 'new'} end\n  s.clauses = t\n  return s\nend\n",
     [re.compile(r"10_6_new_clauses\.lua:\d+:1: error: in Section\(brent#sec-1\): (memory limit of 64 MiB exceeded|time limit of 1 s exceeded|instruction budget)")]),
    ("adding a clause by index", "function Section(s)\n  s[1] = {id = 'new'}\n  return s\nend\n", ["cannot be added or removed"]),
    ("deep recursion", "local function f(n) return 1 + f(n + 1) end\nfunction Document(d) f(1) end\n", ["in Document(brent): stack overflow"]),
    ("syntax error", "function Document(d)\n  return = 1\nend\n", ["syntax_error.lua:2:1: error: unexpected symbol near '='\n"]),
    ("error message names file, line and element", "-- a comment\nfunction Clause(c)\n  if c.id == 'para-3.4' then error('boom') end\nend\n",
     [re.compile(r"(?m)^\S*/error_message_names_file_line_and_element\.lua:3:1: error: in Clause\(brent#para-3\.4\): boom$")]),
    ("rewording a provision", "function Clause(c)\n  c.text = 'The Council may do anything.'\n  return c\nend\n",
     ["in Clause(brent#para-1.1): 'text' is read-only: a hook may not change the words"]),
    ("rewording a heading", "function Section(s)\n  s.heading = 'NEW'\n  return s\nend\n", ["'heading' is read-only"]),
    ("unknown field", "function Clause(c)\n  c.numbr_shown = 'x'\n  return c\nend\n", ["unknown field 'numbr_shown' in a Clause"]),
    ("duplicate id", "function Clause(c)\n  if c.id == 'para-3.4' then\n    c.id = 'para-3.3'\n    return c\n  end\nend\n",
     ["duplicate_id.lua:1:1: error: in Clause(brent#para-3.4): id 'para-3.3' is now used twice in brent"]),
    ("invalid UTF-8", 'function number_label(c)\n  return "\\xff\\xfe"\nend\n', ["in number_label(brent#para-1.1): the number number_label returned is not valid UTF-8"]),
    ("control characters", 'function heading_text(s)\n  return "A\\nB"\nend\n', ["in heading_text(brent#sec-1):", "control character"]),
    ("unknown topic", "function Clause(c)\n  c.topics = {'no-such-topic'}\n  return c\nend\n", ["unknown topic 'no-such-topic'"]),
]
for name, src, expect in HOSTILE:
    fname = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") + ".lua"
    if name == "infinite loop":
        fname = "loop.lua"
    path = write(fname, src)
    untouched_failure("hostile: " + name, ["--lua", path], expect, env=SLOW_CLOCK)
check("hostile: os.execute ran nothing", not os.path.exists(os.path.join(ROOT, "pwned")))

# The renamed target of a cross-reference (ENC 12.2 cites "paragraph 12.1").
ren = write("rename_ref.lua", "function Clause(c)\n  if c.id == 'para-12.1' then c.id = 'p12-1'; return c end\nend\n")
untouched_failure("renaming a referenced clause", ["--lua", ren],
                  ["rename_ref.lua:1:1: error: in Clause(east-northamptonshire#para-12.1): renaming 'para-12.1' to 'p12-1' leaves the cross-reference 'paragraph 12.1'"],
                  sources=("sources/east-northamptonshire.md",))
ren_ok = write("rename_free.lua", "function Clause(c)\n  if c.id == 'para-1.1' then c.id = 'intro-1'; return c end\nend\n")
rc, se, d = build_json(["--lua", ren_ok, "sources/brent.md"])
check("renaming an unreferenced clause is fine", rc == 0 and find(d, "brent", "intro-1") is not None, se)

# Bytecode as a hook file is refused (text-only load).
if shutil.which("lua5.4"):
    bc = os.path.join(TMP, "bytecode.lua")
    subprocess.run(["lua5.4", "-e", "local f = io.open('%s', 'wb') f:write(string.dump(function() end)) f:close()" % bc], check=False)
    if os.path.exists(bc):
        untouched_failure("hostile: bytecode hook file", ["--lua", bc], ["attempt to load a binary chunk"])
    else:
        skip("hostile: bytecode hook file", "could not write bytecode")
else:
    skip("hostile: bytecode hook file", "no lua5.4 to produce bytecode")

# Limits are configurable.
small = write("small.lua", 'function Document(d)\n  local s = string.rep("x", 3 * 1024 * 1024)\nend\n')
untouched_failure("CONCORD_LUA_MEMORY lowers the memory limit", ["--lua", small],
                  ["memory limit of 2 MiB exceeded"], env={"CONCORD_LUA_MEMORY": "2"})
rc, se, _ = build_json(["--lua", small, "sources/brent.md"])
check("3 MiB string within the default limit", rc == 0, se)

# ---- issue 24: limits that stay tripped --------------------------------------------
# Each hook below used to run forever. A limit, once tripped, must stay
# tripped: pcall cannot catch it, an xpcall message handler runs under the
# count hook, and the wall clock stops a handler even when the instruction
# budget is huge. `timeout` makes a hang a failure, not a stuck suite.

def ends_with_error(name, src, expect, env=SLOW_CLOCK, commands=("build", "check")):
    """SRC as a --lua file: build (nothing written) and check each stop
    with exit 1 and every string of EXPECT on stderr, within 60 s. By
    default the wall clock allows 30 s, so a check that expects the
    instruction budget cannot pass by the clock (slow ASan runs too)."""
    path = write(re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") + ".lua", src)
    if "build" in commands:
        untouched_failure("tripped: %s (build)" % name, ["--lua", path], expect, env=env)
    if "check" in commands:
        try:
            rc, so, se = run(["check", "-q", "--lua", path, "sources/brent.md"], env=env, timeout=60)
        except subprocess.TimeoutExpired:
            notok("tripped: %s (check)" % name, "concord check did not stop within 60 s")
            return path
        missing = [e for e in expect if (e.search(se) is None if isinstance(e, re.Pattern) else e not in se)]
        check("tripped: %s (check)" % name, rc == 1 and not missing, "exit %d, missing %r\n%s" % (rc, missing, se[-1500:]))
    return path


BUDGET = "instruction budget of 50000000 exhausted"
xp = ends_with_error("xpcall handler loops", "function Document() xpcall(error, function() while true do end end) end\n", [BUDGET])
ends_with_error("pcall in a loop", "function Document() while true do pcall(function() while true do end end) end end\n", [BUDGET])
ends_with_error("pcall cannot catch the limit", 'function Document()\n  pcall(function() while true do end end)\n  concord.log("CAUGHT")\nend\n',
                [BUDGET], commands=("check",))
ends_with_error("xpcall handler outruns nothing but the clock",
                "function Document() xpcall(error, function() while true do end end) end\n",
                ["time limit of 1 s exceeded"], env={"CONCORD_LUA_INSTRUCTIONS": "900000000000000"}, commands=("check",))
ends_with_error("pcall loop outruns nothing but the clock",
                "function Document() while true do pcall(function() while true do end end) end end\n",
                ["time limit of 1 s exceeded"], env={"CONCORD_LUA_INSTRUCTIONS": "900000000000000"}, commands=("check",))
ends_with_error("memory error caught in a loop",
                "function Document()\n  while true do pcall(function() local t = {} while true do t[#t+1] = {} end end) end\nend\n",
                [re.compile(r"(memory limit of 64 MiB|time limit of 1 s) exceeded|instruction budget")])
ends_with_error("handler that errors in a loop",
                "local function h() error('again') end\nfunction Document() while true do xpcall(function() while true do end end, h) end end\n",
                [BUDGET], commands=("check",))
ends_with_error("__close handler loops", "function Document()\n  local x <close> = setmetatable({}, {__close = function() while true do end end})\n  while true do end\nend\n",
                [BUDGET], commands=("check",))
ends_with_error("__tostring of an error object loops",
                "function Document() error(setmetatable({}, {__tostring = function() while true do end end})) end\n",
                [BUDGET], commands=("check",))
rc, so, se = run(["check", "-q", "--lua", os.path.join(TMP, "pcall_cannot_catch_the_limit.lua"), "sources/brent.md"], timeout=60)
check("tripped: code after a caught limit never runs", "CAUGHT" not in se, se[-800:])

# watch reports the error and carries on watching (it used to hang in its
# first build)
wout = fresh_out()
werr = os.path.join(TMP, "watch.err")
with open(werr, "w") as ef:
    wp = subprocess.Popen([CONCORD, "watch", "-q", "-j", "1", "--format", "json", "-o", wout, "--lua", xp, "sources/brent.md"],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=ef)
    text = ""
    for _ in range(600):
        with open(werr) as f:
            text = f.read()
        if BUDGET in text or wp.poll() is not None:
            break
        try:
            wp.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
    alive = wp.poll() is None
    if alive:
        wp.send_signal(2)
        try:
            wp.wait(timeout=30)
        except subprocess.TimeoutExpired:
            wp.kill()
            wp.wait()
check("tripped: xpcall handler loops (watch reports it and keeps watching)", BUDGET in text and alive, text[-1500:])

# ---- issue 24: library calls charged by their work ---------------------------------
# Each used to run for minutes in a single C call the count hook cannot
# interrupt. Now they finish (linear algorithms) or stop at once (charged or
# refused before they run).

def finishes(name, src, env=None):
    path = write(re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") + ".lua", src)
    try:
        rc, so, se = run(["check", "-q", "--lua", path, "sources/brent.md"], env=env, timeout=60)
    except subprocess.TimeoutExpired:
        notok("charged: " + name, "did not finish within 60 s")
        return
    check("charged: " + name, rc == 0, se[-1500:])


finishes("concord.title of 2 MB of 'a/' is linear",
         'function Document()\n  local t = concord.title(("a/"):rep(1000000))\n  assert(#t == 2000000 and t:sub(1, 4) == "A/A/")\nend\n')
finishes("plain find of a 2 MB text in 4 MB is linear",
         'function Document()\n  local s = ("a"):rep(4 * 1024 * 1024)\n  assert(s:find(("a"):rep(2 * 1024 * 1024) .. "b", 1, true) == nil)\n'
         '  assert(s:find(("a"):rep(2 * 1024 * 1024), 3, true) == 3)\nend\n')
finishes("a refused pattern is an ordinary error a hook may catch",
         'function Document()\n  local ok, err = pcall(string.find, ("a"):rep(1e5), ".-.-.-.-b")\n  assert(not ok and err:find("pattern"))\nend\n')
for name, src, expect in [
    ("long [...] set", 'function Document()\n  return ("a"):rep(4 * 1024 * 1024):find("[" .. ("b"):rep(1000000) .. "]")\nend\n',
     ["pattern '[bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb...' (1000002 bytes) on 4194304 bytes"]),
    ("long literal pattern in match", 'function Document()\n  return ("a"):rep(1000000):match(("a"):rep(100000) .. "b")\nend\n',
     ["(100001 bytes) on 1000000 bytes could take up to"]),
    ("long replacement in gsub", 'function Document()\n  return ("a"):rep(1000000):gsub("", ("%0"):rep(100000))\nend\n',
     ["pattern '' (0 bytes) on 1000000 bytes"]),
    ("table.move over 2^62 slots", "function Document()\n  table.move({}, 1, math.maxinteger - 1, 2)\nend\n", [BUDGET]),
    ("table.concat over an endless range",
     'function Document()\n  table.concat(setmetatable({}, {__index = function() return "" end}), "", 1, math.maxinteger)\nend\n', [BUDGET]),
    ("table.unpack of 900,000", "function Document()\n  while true do local a = table.unpack({}, 1, 900000) end\nend\n",
     [BUDGET]),
    ("string.format over 16 MB strings", 'function Document()\n  local s = ("x"):rep(2^24)\n  while true do local _ = string.format("%.0s", s) end\nend\n', [BUDGET]),
    ("tonumber over 16 MB strings", 'function Document()\n  local s = ("1"):rep(2^24)\n  while true do local _ = tonumber(s) end\nend\n', [BUDGET]),
    ("string.rep of 16 MB in a loop", 'function Document()\n  while true do local _ = ("x"):rep(2^24) end\nend\n', [BUDGET]),
    ("concatenating 8 MB strings in a loop", 'function Document()\n  local s = ("x"):rep(2^23)\n  while true do local _ = s .. s end\nend\n', [BUDGET]),
    ("utf8.codes stepping over 16 MB of continuation bytes",
     'function Document()\n  local s = "a" .. ("\\x80"):rep(2^24)\n  local f = utf8.codes(s)\n  while true do f(s, 1) end\nend\n', [BUDGET]),
    ("utf8.len over 16 MB strings", 'function Document()\n  local s = ("x"):rep(2^24)\n  while true do local _ = utf8.len(s) end\nend\n', [BUDGET]),
]:
    ends_with_error(name, src, expect, commands=("check",))

# ---- issue 24: concord.log cannot forge a diagnostic or drive the terminal -----------
forge = write("forge.lua", 'function Document()\n  concord.log("x\\nsources/t.md:1:1: error: forged\\27]0;OWNED\\7 \\194\\155 \\127 \\255")\nend\n')
rc, so, se = run(["check", "--lua", forge, "sources/brent.md"], timeout=60)
check("log: a newline cannot start a forged diagnostic", rc == 0 and not re.search(r"(?m)^sources/t\.md:1:1: error", se), se[-800:])
check("log: control characters are escaped", "x\\nsources/t.md:1:1: error: forged\\x1b]0;OWNED\\x07 \\u009b \\x7f \\xff" in se, se[-800:])
check("log: no raw ESC, BEL, CSI or DEL reaches the terminal",
      not any(c in se for c in ("\x1b", "\x07", "\x9b", "\x7f")), repr(se[-400:]))

ferr = write("forge_error.lua", 'function Document()\n  error("x\\nsources/t.md:1:1: error: forged\\27[2J" .. ("y"):rep(100000))\nend\n')
rc, so, se = run(["check", "-q", "--lua", ferr, "sources/brent.md"], timeout=60)
check("error(): a hook's error message cannot forge a diagnostic",
      rc == 1 and not re.search(r"(?m)^sources/t\.md", se) and "\x1b" not in se and "x\\nsources/t.md:1:1: error: forged\\x1b[2J" in se, repr(se[:600]))
check("error(): a hook's error message is cut at 1,000 bytes", rc == 1 and len(se) < 2000 and "yyy..." in se, len(se))

# ---- issue 24: hooks are deterministic --------------------------------------------
# Lua seeds its string hash and math.random from the time and addresses,
# and tostring({}) prints an address: each used to make two builds differ.
det = write("determinism.lua", """
function Clause(c)
  if c.id ~= 'para-1.1' then return nil end
  local t = {}
  for i = 1, 200 do t["key" .. i] = i; t[{}] = nil end
  local order = {}
  for k in pairs(t) do order[#order + 1] = k end
  local n, k = 0, next(t)
  while k do n = n + 1; k = next(t, k) end
  c.note = table.concat(order, ",", 1, 12) .. " " .. n .. " " .. math.random(1, 1000000000) .. " " ..
           tostring({}) .. " " .. tostring(print or tostring) .. " " .. string.format("%s", {})
  concord.log(c.note, {}, function() end)
  return c
end
""")
notes, logs = [], []
for i in range(2):
    out = fresh_out()
    rc, so, se = run(["build", "-q", "--format", "json", "-o", out, "--lua", det, "sources/brent.md"], timeout=60)
    with open(os.path.join(out, "corpus.json"), "rb") as f:
        notes.append(f.read())
    rc, so, se = run(["check", "--lua", det, "sources/brent.md"], timeout=60)
    logs.append([l for l in se.splitlines() if "note:" in l])
check("determinism: two builds give byte-identical corpus.json", notes[0] == notes[1])
check("determinism: two runs log the same notes", logs[0] == logs[1] and logs[0], logs)
note = find(json.loads(notes[0]), "brent", "para-1.1").get("note", "")
check("determinism: pairs() walks keys in byte order", note.startswith("key1,key10,key100,key101,"), note)
check("determinism: no address in tostring or %s", " table function table" in note and "0x" not in note, note)
check("determinism: next() visits every key once", " 200 " in note, note)

# ---- issue 24: a hook file that is a folder ----------------------------------------
hdir = os.path.join(TMP, "hookdir.lua")
os.makedirs(hdir, exist_ok=True)
untouched_failure("a --lua folder says it is a directory", ["--lua", hdir],
                  ["hookdir.lua: error: cannot read Lua hook file", "it is a directory, not a file"])

# ---- isolation between documents ------------------------------------------------

leak = write("leak.lua", """
if ("abc"):upper() ~= "ABC" or string.lower("ABC") ~= "abc" or concord.upper("é") ~= "É" then
  error("a previous document's hook leaked into this state")
end
getmetatable('').__index.upper = function() return "HACKED" end
string.lower = function() return "hacked" end
concord.upper = function() return "hacked" end
LEAKED = true
function Document(d) assert(("x"):upper() == "HACKED") end
""")
rc, so, se = run(["check", "-q", "--lua", leak, "--lua", leak])
check("string metatable mutation does not reach other documents or files", rc == 0, se[-1500:])
g = write("globals.lua", "function Document(d)\n  assert(LEAKED == nil, 'global leaked')\nend\n")
rc, so, se = run(["check", "-q", "--lua", leak, "--lua", g])
check("globals do not reach the next hook file", rc == 0, se[-1500:])

# ---- discovery -------------------------------------------------------------------

untouched_failure("missing --lua file", ["--lua", os.path.join(TMP, "nope.lua")],
                  ["nope.lua: error: cannot read Lua hook file", "No such file or directory"])
proj = os.path.join(TMP, "proj")
shutil.rmtree(proj, ignore_errors=True)
os.makedirs(os.path.join(proj, "sources"))
os.makedirs(os.path.join(proj, "lua"))
with open(os.path.join(ROOT, "sources", "lydney.md"), encoding="utf-8") as f:
    lyd_src = f.read()
with open(os.path.join(proj, "sources", "lydney.md"), "w", encoding="utf-8") as f:
    f.write(lyd_src.replace("kind: town\n", "kind: town\nhooks: style/house.lua\n", 1))
hooks_line = lyd_src.split("kind: town\n", 1)[0].count("\n") + 2
untouched_failure("front matter hooks: missing file is an error at the field",
                  [], ["sources/lydney.md:%d:1: error: cannot read Lua hook file 'style/house.lua'" % hooks_line],
                  sources=("sources/lydney.md",), cwd=proj)
with open(os.path.join(proj, "sources", "lydney.md"), "w", encoding="utf-8") as f:
    f.write(lyd_src.replace("kind: town\n", "kind: town\nhooks: lua\n", 1))
untouched_failure("front matter hooks: a folder says it is a directory",
                  [], ["sources/lydney.md:%d:1: error: cannot read Lua hook file 'lua': it is a directory, not a file" % hooks_line],
                  sources=("sources/lydney.md",), cwd=proj)
with open(os.path.join(proj, "sources", "lydney.md"), "w", encoding="utf-8") as f:
    f.write(lyd_src.replace("kind: town\n", "kind: town\nhooks: style/house.lua\n", 1))
os.makedirs(os.path.join(proj, "style"))
with open(os.path.join(proj, "style", "house.lua"), "w") as f:
    f.write("function number_label(c) return '§' .. c.canonical end\n")
with open(os.path.join(proj, "lua", "lydney.lua"), "w") as f:
    f.write("function number_label(c) return 'lua/' end\n")
rc, se, d = build_json(["sources/lydney.md"], cwd=proj)
check("front matter hooks: wins over lua/<slug>.lua", rc == 0 and find(d, "lydney", "para-2.3")["number_shown"] == "§2.3", se)
rc, se, d = build_json(["--no-hooks", "sources/lydney.md"], cwd=proj)
check("--no-hooks skips front matter hooks too", rc == 0 and "number_shown" not in find(d, "lydney", "para-2.3"), se)
os.remove(os.path.join(proj, "sources", "lydney.md"))
with open(os.path.join(proj, "sources", "lydney.md"), "w", encoding="utf-8") as f:
    f.write(lyd_src)
rc, se, d = build_json(["sources/lydney.md"], cwd=proj)
check("lua/<slug>.lua is found from the current directory", rc == 0 and find(d, "lydney", "para-2.3")["number_shown"] == "lua/", se)
filt = write("filter_table.lua", "return { number_label = function(c) return 'T' end }\n")
rc, se, d = build_json(["--lua", filt, "sources/brent.md"])
check("a hook file may return its functions as a table", rc == 0 and find(d, "brent", "para-1.1")["number_shown"] == "T", se)

# ---- the examples in docs/lua-hooks.md ------------------------------------------------

with open(os.path.join(ROOT, "docs", "lua-hooks.md"), encoding="utf-8") as f:
    doc = f.read()
examples = re.findall(r"<!-- test: (.*?) -->\n```lua\n(.*?)```", doc, re.S)
check("docs/lua-hooks.md has tested examples", len(examples) >= 6, len(examples))
for n, (spec, code) in enumerate(examples, 1):
    path = write("doc_example_%d.lua" % n, code)
    parts = [p.strip() for p in spec.split(";")]
    name = "docs example %d" % n
    if parts[0].startswith("fails"):
        want = re.search(r'"(.*)"', parts[0]).group(1)
        untouched_failure(name + " fails as documented", ["--no-hooks", "--lua", path], [want],
                          sources=sorted("sources/" + s for s in os.listdir(os.path.join(ROOT, "sources")) if s.endswith(".md")))
        continue
    rc, se, d = build_json(["--no-hooks", "--lua", path])
    if rc != 0:
        notok(name + " runs", se[-1500:])
        continue
    ok(name + " runs")
    for p in parts[1:]:
        m = re.match(r"check: (\S+) (\S+) (\w+)=(.*)$", p)
        node = find(d, m.group(1), m.group(2))
        want = None if m.group(4) == "absent" else m.group(4)
        got = node.get(m.group(3)) if node else "<no node>"
        check("%s: %s#%s %s" % (name, m.group(1), m.group(2), m.group(3)), got == want, "got %r, want %r" % (got, want))

sys.exit(0)
