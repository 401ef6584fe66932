#!/usr/bin/env python3
"""tests/fuzz/seeds.py DIR - writes the seed corpora for the fuzzers.

DIR/reader, DIR/build: the councils' sources (sources/*.md), the
bad-input suite (tests/bad/*.md), every spec example of docs/*.md (with
the spec's default front matter where it has none) and the fuzz
regression inputs; each prefixed with the harness's option byte.
DIR/import: the same sources as plain text (front matter, attribute
blocks and Markdown markers taken off, as text pasted from a PDF looks),
and tests/fuzz/regressions/import-* as they are.
DIR/hooks: hostile hook files (tests/fuzz/corpus/hooks/*.lua), the
councils' lua/*.lua and the tested examples of docs/lua-hooks.md.
"""
import glob, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
FENCE = "`" * 32 + " example"
CLOSE = "`" * 32
DEFAULT_FM = "---\ncouncil: Example Council\nslug: example\ntitle: Example Protocol\n---\n"
STANDINS = {"\u2192": "\t", "\u240d": "\r", "\u2425": "\ufeff"}


def spec_examples():
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        lines = open(path, encoding="utf-8").read().split("\n")
        i = 0
        while i < len(lines):
            if lines[i].strip() != FENCE:
                i += 1
                continue
            j = i + 1
            while j < len(lines) and lines[j].strip() != CLOSE:
                j += 1
            body = lines[i + 1:j]
            if "." in body:
                body = body[:body.index(".")]
            src = "\n".join(body) + "\n"
            for k, v in STANDINS.items():
                src = src.replace(k, v)
            if not src.lstrip("\ufeff").startswith("---"):
                src = DEFAULT_FM + src
            yield src.encode("utf-8")
            i = j + 1


def as_text(md):
    md = re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S)
    md = re.sub(r"\s*\{[^{}\n]*\}\s*$", "", md, flags=re.M)
    md = re.sub(r"^#+ ", "", md, flags=re.M)
    md = re.sub(r"^- ", "", md, flags=re.M)
    md = re.sub(r"^> ?", "", md, flags=re.M)
    return md.replace("\\", "").replace("*", "")


def main(out):
    sources = sorted(glob.glob(os.path.join(ROOT, "sources", "*.md")))
    bad = sorted(p for p in glob.glob(os.path.join(ROOT, "tests", "bad", "*.md")) if os.path.isfile(p))
    regress = sorted(glob.glob(os.path.join(ROOT, "tests", "fuzz", "regressions", "*")))
    md = [open(p, "rb").read() for p in sources + bad] + list(spec_examples())
    for name, prefixes in (("reader", (b"\x07", b"\x00")), ("build", (b"\x00", b"\x9f"))):
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        n = 0
        for data in md:
            for p in prefixes:
                if len(data) > 200000 and name == "build":
                    continue
                open(os.path.join(d, "seed-%04d" % n), "wb").write(p + data)
                n += 1
        for r in regress:  # regression sources, with the harness's option bytes
            base = os.path.basename(r)
            if base.startswith(name + "-"):
                for i, p in enumerate(prefixes):
                    open(os.path.join(d, "%s-%d" % (base, i)), "wb").write(p + open(r, "rb").read())
    d = os.path.join(out, "import")
    os.makedirs(d, exist_ok=True)
    for i, p in enumerate(sources):
        open(os.path.join(d, "seed-%04d" % i), "w", encoding="utf-8").write(
            as_text(open(p, encoding="utf-8").read()))
    for r in regress:
        base = os.path.basename(r)
        if base.startswith("import-"):
            open(os.path.join(d, base), "wb").write(open(r, "rb").read())

    d = os.path.join(out, "hooks")
    os.makedirs(d, exist_ok=True)
    lua = sorted(glob.glob(os.path.join(ROOT, "tests", "fuzz", "corpus", "hooks", "*.lua")) +
                 glob.glob(os.path.join(ROOT, "lua", "*.lua")))
    for p in lua:
        open(os.path.join(d, os.path.basename(os.path.dirname(p)) + "-" + os.path.basename(p)), "wb").write(
            open(p, "rb").read())
    doc = open(os.path.join(ROOT, "docs", "lua-hooks.md"), encoding="utf-8").read()
    for i, code in enumerate(re.findall(r"```lua\n(.*?)```", doc, re.S)):
        open(os.path.join(d, "doc-%02d.lua" % i), "w", encoding="utf-8").write(code)


if __name__ == "__main__":
    main(sys.argv[1])
