#!/usr/bin/env python3
"""Spec examples: every ```example block of docs/*.md is a test.

Format (as cmark's spec.txt): a fence line of 32 backticks + " example",
the Markdown input, a line ".", the expected `concord dump` output, and the
closing fence. The input is written to a file and compiled with
`concord dump`; the output must equal the expected lines exactly.

An input that does not start with front matter gets this one in front
(5 lines, so the example's first line is line 6 in diagnostics), and the
{"document":...} line of that default is not compared:

    ---
    council: Example Council
    slug: example
    title: Example Protocol
    ---

Bytes a page cannot show are written as visible stand-ins in the input:
"→" is a tab, "␍" a carriage return (so "␍" at a line end makes a CRLF
line end) and "␥" a UTF-8 byte order mark (U+FEFF). An input that starts
with "---" after a stand-in BOM, or with "---␍", has its own front matter.

Usage: tests/t_spec.py [-n N] [FILE.md ...]   (default: docs/*.md)
"""
import glob, json, os, subprocess, sys, difflib

FENCE = "`" * 32 + " example"
CLOSE = "`" * 32
DEFAULT_FM = "---\ncouncil: Example Council\nslug: example\ntitle: Example Protocol\n---\n"

def examples(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    i, n = 0, 0
    while i < len(lines):
        if lines[i].strip() == FENCE:
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != CLOSE:
                j += 1
            body = lines[start:j]
            n += 1
            if "." in body:
                k = body.index(".")
                inp, exp = body[:k], body[k + 1:]
            else:
                inp, exp = body, []
            yield n, start + 1, j, "\n".join(inp) + "\n", exp
            i = j + 1
        else:
            i += 1

STANDINS = {"\u2192": "\t", "\u240d": "\r", "\u2425": "\ufeff"}

def unescape(src):
    for k, v in STANDINS.items():
        src = src.replace(k, v)
    return src

def has_front_matter(src):
    s = src[1:] if src.startswith("\ufeff") else src
    return s.startswith("---\n") or s.startswith("---\r\n")

def run(concord, tmp, src):
    path = os.path.join(tmp, "example.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    p = subprocess.run([concord, "dump", path], capture_output=True, text=True)
    out = [l for l in p.stdout.split("\n") if l]
    if p.returncode not in (0, 1) or p.stderr.strip():
        out.append("!! exit %d: %s" % (p.returncode, p.stderr.strip()[:500]))
    return out

def main():
    args = sys.argv[1:]
    only = None
    if args[:1] == ["-n"]:
        only, args = int(args[1]), args[2:]
    files = args or sorted(glob.glob(os.path.join(os.environ.get("ROOT", "."), "docs", "*.md")))
    concord = os.environ.get("CONCORD", "./concord")
    tmp = os.environ.get("TESTTMP", "/tmp")
    total = 0
    for f in files:
        for n, a, b, src, exp in examples(f):
            total += 1
            if only is not None and n != only:
                continue
            name = "%s example %d (lines %d-%d)" % (os.path.basename(f), n, a, b)
            src = unescape(src)
            default = not has_front_matter(src)
            got = run(concord, tmp, DEFAULT_FM + src if default else src)
            if default and got and got[0].startswith('{"document"'):
                got = got[1:]
            exp = [l for l in exp if l]
            if got == exp:
                print("ok - " + name)
            else:
                print("not ok - " + name)
                for l in difflib.unified_diff(exp, got, "expected", "got", lineterm="", n=1):
                    print("  " + l)
    if total == 0:
        print("not ok - no spec examples found")

main()
