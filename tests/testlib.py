"""tests/testlib.py - what the Python test programs share (the Python
counterpart of tests/lib.sh). Not a test itself: tests/run runs only
tests/t_*.{sh,py}.

    import os, sys
    sys.path.insert(0, os.path.dirname(__file__))
    from testlib import *          # or: import testlib

Reporting: ok/notok/skip/check print the lines tests/run counts ("ok -
NAME", "not ok - NAME" with indented detail lines, "skip - NAME (why)");
`failures` counts the "not ok" lines (exit_status() is 1 if there were
any).

Environment (see tests/run), made absolute so a test may change directory
or run concord elsewhere: CONCORD (the binary under test), ROOT (the
repository) and TMP ($TESTTMP, this program's scratch directory, created).
"""
import json
import os
import shutil
import subprocess
import sys

CONCORD = os.path.abspath(os.environ.get("CONCORD", "./concord"))
ROOT = os.path.abspath(os.environ.get("ROOT", "."))
TMP = os.path.abspath(os.environ.get(
    "TESTTMP", "/tmp/concord-test-" + os.path.splitext(os.path.basename(sys.argv[0]))[0]))
os.makedirs(TMP, exist_ok=True)

# SOURCE_DATE_EPOCH for builds that must be reproducible (2023-11-14)
EPOCH = "1700000000"

DETAIL_LINES = 40  # detail lines shown per failure, as tests/lib.sh

__all__ = ["CONCORD", "ROOT", "TMP", "EPOCH", "ok", "notok", "skip", "check", "require", "exit_status",
           "run", "have", "concord", "dump", "build", "sources", "write", "load_corpus",
           "pdftotext", "pdfinfo", "qpdf_json", "qpdf_links", "pdf_stream_lines"]

failures = 0


# ---- reporting ---------------------------------------------------------------

def ok(name):
    print("ok - " + name)


def notok(name, *detail):
    """A failed check; each DETAIL (any object) is printed indented below."""
    global failures
    failures += 1
    print("not ok - " + name)
    for d in detail:
        for line in str(d).splitlines()[:DETAIL_LINES]:
            print("  " + line)


def skip(name, why):
    print("skip - %s (%s)" % (name, why))


def check(name, cond, *detail):
    """ok if COND is true, else not ok with DETAIL."""
    if cond:
        ok(name)
    else:
        notok(name, *detail)


def require(name, r):
    """ok NAME if the CompletedProcess R exited 0; else not ok with its
    stderr, and the program stops (nothing after it can be checked)."""
    if r.returncode != 0:
        notok(name, r.stderr)
        sys.exit(1)
    ok(name)


def exit_status():
    """For sys.exit at the end of a program: 1 if any check failed."""
    return 1 if failures else 0


# ---- running programs --------------------------------------------------------

def run(args, **kw):
    """Runs a program (ARGS[0] on PATH, or a path), output captured as text
    (undecodable bytes replaced). Returns the CompletedProcess."""
    return subprocess.run(args, capture_output=True, text=True, errors="replace", **kw)


def have(tool):
    return shutil.which(tool) is not None


def concord(*args, stdin=None, cwd=ROOT, env=None, timeout=None):
    """Runs `concord ARGS...` in CWD (default ROOT) with ENV added to the
    environment; returns (exit status, stdout, stderr)."""
    e = dict(os.environ, **env) if env else None
    p = subprocess.run([CONCORD, *args], capture_output=True, text=True, input=stdin, cwd=cwd,
                       env=e, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def dump(*paths):
    """`concord dump PATHS...`: the model as a list of objects, one a line
    ({"document": ...}, {"section": ...}, {"clause": ...}, {"item": ...})."""
    rc, out, _ = concord("dump", *paths)
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def sources():
    """The councils' sources, sorted, as paths relative to ROOT
    ("sources/brent.md", ...)."""
    return sorted("sources/" + f for f in os.listdir(os.path.join(ROOT, "sources"))
                  if f.endswith(".md"))


def build(out, srcs, formats=None, epoch=None, env=None, extra=()):
    """`concord build -q -o OUT [--format FORMATS] EXTRA... SRCS...` from
    ROOT. EPOCH: SOURCE_DATE_EPOCH to set (None: as inherited; "" to unset).
    Returns the CompletedProcess (text, not checked)."""
    e = dict(os.environ)
    e.update(env or {})
    if epoch == "":
        e.pop("SOURCE_DATE_EPOCH", None)
    elif epoch is not None:
        e["SOURCE_DATE_EPOCH"] = epoch
    cmd = [CONCORD, "build", "-q", "-o", out]
    if formats:
        cmd += ["--format", formats]
    return subprocess.run(cmd + list(extra) + list(srcs), capture_output=True, text=True, env=e,
                          cwd=ROOT)


def write(name, text):
    """Writes TEXT (UTF-8) to TMP/NAME; returns the path."""
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def load_corpus(out):
    """OUT/corpus.json (the JSON export of a build into OUT), parsed."""
    with open(os.path.join(out, "corpus.json"), encoding="utf-8") as f:
        return json.load(f)


# ---- PDF tools (poppler-utils, qpdf) -------------------------------------------

def pdftotext(path, *opts):
    """The text of PDF PATH as pdftotext OPTS... writes it."""
    return run(["pdftotext", *opts, path, "-"]).stdout


def pdfinfo(path, *opts):
    """pdfinfo's "Key: value" lines as a dict (keys and values stripped)."""
    out = run(["pdfinfo", *opts, path]).stdout
    return {k.strip(): v.strip() for k, sep, v in (l.partition(":") for l in out.splitlines()) if sep}


def qpdf_json(path):
    return json.loads(run(["qpdf", "--json", path]).stdout)


def qpdf_links(js):
    """The link annotation dictionaries in JS (qpdf --json of a PDF)."""
    objs = js.get("qpdf", [{}, {}])[1] if isinstance(js.get("qpdf"), list) else {}
    return [v.get("value", v) for v in objs.values()
            if isinstance(v.get("value", v), dict) and v.get("value", v).get("/Subtype") == "/Link"]


def pdf_stream_lines(path):
    """The text objects of PDF PATH as drawn, read from its content streams
    (qpdf --qdf), not through a reader's guesses: one list per page, one
    string per text object (BT ... ET), its glyphs' code points in order
    (Concord's CID fonts use CID = Unicode), /ActualText ignored. A
    hyphenated word shows as "coun-" at the end of one object and "cil" at
    the start of the next."""
    import re
    qdf = path + ".qdf"
    r = run(["qpdf", "--qdf", "--object-streams=disable", path, qdf])
    if r.returncode not in (0, 3):
        return []
    raw = open(qdf, "rb").read().decode("latin-1")
    os.remove(qdf)
    pages = []
    for part in re.split(r"%% Contents for page \d+\n", raw)[1:]:
        body = part.split("endstream", 1)[0]
        body = re.sub(r"/ActualText <[0-9a-fA-F]*>", "", body)
        lines = []
        for bt in re.findall(r"\bBT\b(.*?)\bET\b", body, re.S):
            text = ""
            for h in re.findall(r"<([0-9a-fA-F]+)>", bt):
                text += "".join(chr(int(h[i:i + 4], 16)) for i in range(0, len(h) - 3, 4))
            lines.append(text)
        pages.append(lines)
    return pages
