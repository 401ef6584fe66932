#!/usr/bin/env bash
# t_compare.sh - two councils compared (issue 20, docs/matrix.md):
# `concord compare A B` (the page, its counts against corpus.json, stdout
# and -o, bad slugs and usage errors with their exit status, nothing
# half-written), the build's site/compare/ pages, and the output-name
# registry (a council may be called "compare").
set -u
: "${ROOT:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$ROOT/tests/lib.sh"
cd "$ROOT" || exit 2
export SOURCE_DATE_EPOCH=1700000000
T="$TESTTMP"

# ---- the command -------------------------------------------------------------
"$CONCORD" compare -q brent cheshire-west-and-chester -o "$T/c.html" 2>"$T/e1"
rc=$?
[ $rc -eq 0 ] && [ -s "$T/c.html" ] && ok "compare brent cheshire-west-and-chester -o FILE writes the page" ||
  { notok "compare brent cheshire-west-and-chester -o FILE writes the page (exit $rc)"; detail <"$T/e1"; }
"$CONCORD" compare -q brent cheshire-west-and-chester >"$T/c-stdout.html" 2>/dev/null
same "without -o the same page goes to stdout" "$T/c.html" "$T/c-stdout.html"

# counts: what the page says both make, only one makes, against the model
"$CONCORD" build -q --format json -o "$T/json" sources/*.md 2>/dev/null
python3 - "$T/json/corpus.json" "$T/c.html" <<'PY' >"$T/counts" 2>&1
import json, re, sys
corpus = json.load(open(sys.argv[1], encoding="utf-8"))
page = open(sys.argv[2], encoding="utf-8").read()
docs = {d["slug"]: d for d in corpus["documents"]}
def made(slug):
    return {t for p in docs[slug]["provisions"] for t in p["topics"]}
a, b = made("brent"), made("cheshire-west-and-chester")
both, only_a, only_b = a & b, a - b, b - a
topics_shown = page.count('<div class="compare-topic">')
sec = lambda i: page.split(f'<section id="{i}">', 1)[1].split("</section>", 1)[0]
got = (topics_shown, sec("only-a").count("<li>"), sec("only-b").count("<li>"))
want = (len(both), len(only_a), len(only_b))
print("both, only Brent, only Cheshire West:", got, "want", want)
sys.exit(0 if got == want and all(want) else 1)
PY
[ $? -eq 0 ] && ok "the page aligns exactly the topics both make, and lists those only one makes" ||
  { notok "the page aligns exactly the topics both make, and lists those only one makes"; detail <"$T/counts"; }
grep -q '<ins>' "$T/c.html" && grep -q '<del>' "$T/c.html" && grep -q '(inserted: </span>' "$T/c.html" &&
  ok "word differences are marked, with words for screen readers" || notok "word differences are marked, with words for screen readers"
grep -q '3.1 (printed 1.1)' "$T/c.html" && ok "Brent's misprinted 1.1 is named 3.1 (printed 1.1)" ||
  notok "Brent's misprinted 1.1 is named 3.1 (printed 1.1)"
! grep -q '<a href="[^#]' "$T/c.html" && ok "the standalone page has no link that leaves it" || notok "the standalone page has no link that leaves it"

# a slug the corpus lacks: exit 1, named, the slugs listed, nothing written
# and an existing file left as it was
mkdir -p "$T/bad"
printf 'earlier\n' >"$T/bad/c.html"
"$CONCORD" compare brent nowhere -o "$T/bad/c.html" >"$T/bad.out" 2>"$T/bad.err"
rc=$?
left=$(ls -A "$T/bad")
if [ $rc -eq 1 ] && grep -q "error: no council in the corpus has the slug 'nowhere'; give two of: brent, cheshire-west-and-chester" "$T/bad.err" &&
   [ "$(cat "$T/bad/c.html")" = earlier ] && [ "$left" = c.html ] && [ ! -s "$T/bad.out" ]; then
  ok "an unknown slug: exit 1, an error naming it and the slugs, the file untouched, nothing else written"
else
  notok "an unknown slug: exit 1, an error naming it and the slugs, the file untouched, nothing else written (exit $rc)"
  { cat "$T/bad.err"; echo "dir: $left"; } | detail
fi
"$CONCORD" compare brent brent >"$T/same.out" 2>"$T/same.err"
rc=$?
[ $rc -eq 1 ] && grep -q "two different councils" "$T/same.err" && [ ! -s "$T/same.out" ] &&
  ok "the same council twice: exit 1" || { notok "the same council twice: exit 1 (exit $rc)"; detail <"$T/same.err"; }
"$CONCORD" compare brent >"$T/u.out" 2>"$T/u.err"
rc=$?
[ $rc -eq 2 ] && grep -q "compare takes two councils' slugs" "$T/u.err" && ok "one slug only: usage error, exit 2" ||
  { notok "one slug only: usage error, exit 2 (exit $rc)"; detail <"$T/u.err"; }
"$CONCORD" compare brent solihull -o "$T/bad" >/dev/null 2>"$T/d.err"
rc=$?
[ $rc -eq 2 ] && grep -q "takes a file" "$T/d.err" && ok "-o a directory: usage error, exit 2" ||
  { notok "-o a directory: usage error, exit 2 (exit $rc)"; detail <"$T/d.err"; }
"$CONCORD" compare brent solihull --format html >/dev/null 2>"$T/f.err"
[ $? -eq 2 ] && ok "an option compare does not take is refused" || { notok "an option compare does not take is refused"; detail <"$T/f.err"; }

# ---- the build's pages ---------------------------------------------------------
"$CONCORD" build -q --format html,matrix -o "$T/out" sources/*.md 2>"$T/b.err" || { notok "build"; detail <"$T/b.err"; }
n=$(ls "$T/out/site/compare/" | grep -c -- '--.*\.html$')
[ "$n" -eq 10 ] && ok "a page per pair of the five councils (10)" || notok "a page per pair of the five councils ($n)"
python3 - "$T/out/site" <<'PY' >"$T/links" 2>&1
import os, re, sys
site = sys.argv[1]
idx = open(os.path.join(site, "compare/index.html"), encoding="utf-8").read()
pairs = re.findall(r'<a href="([a-z0-9-]+--[a-z0-9-]+\.html)"', idx)
files = sorted(f for f in os.listdir(os.path.join(site, "compare")) if "--" in f)
print("pairs listed:", len(pairs), "files:", len(files))
sys.exit(0 if sorted(pairs) == files and len(files) == 10 else 1)
PY
[ $? -eq 0 ] && ok "the index lists every pair's page" || { notok "the index lists every pair's page"; detail <"$T/links"; }
# the site's page holds the same comparison as the command's (links aside)
strip() { awk '/<h1>/{on=1} on{ i = index($0, "</main>"); if (i) { print substr($0, 1, i - 1); exit } print }' "$1" |
  sed -E 's/<a href="[^"]*">//g; s/<\/a>//g; s/<span class="visually-hidden">[^<]*<\/span>//g' | grep -v '^$'; }
strip "$T/out/site/compare/brent--cheshire-west-and-chester.html" >"$T/site.txt"
strip "$T/c.html" >"$T/cmd.txt"
same "the site's pair page and concord compare's page say the same" "$T/site.txt" "$T/cmd.txt"

# ---- the output-name registry: a council called "compare" -------------------
mkdir -p "$T/reg"
cp sources/topics.yaml "$T/reg/"
sed 's/^slug: lydney$/slug: compare/' sources/lydney.md >"$T/reg/compare.md"
cp sources/brent.md "$T/reg/brent.md"
if "$CONCORD" build -q --format html,matrix -o "$T/reg/out" "$T/reg/compare.md" "$T/reg/brent.md" 2>"$T/reg.err" &&
   grep -q 'Lydney' "$T/reg/out/site/compare.html" && [ -s "$T/reg/out/site/compare/index.html" ] &&
   [ "$(ls "$T/reg/out/site/compare" | grep -c -- '--')" -eq 1 ]; then
  ok "a council whose slug is 'compare' keeps its page beside site/compare/"
else
  notok "a council whose slug is 'compare' keeps its page beside site/compare/"; detail <"$T/reg.err"
fi
exit 0
