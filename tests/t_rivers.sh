#!/usr/bin/env bash
# tests/t_rivers.sh - the river detector of the line-quality report
# (docs/typography.md, "Rivers"):
#  1. tests/unit/rivers_test.c: each rule of the definition on paragraphs
#     built by hand, with every word's position known;
#  2. the engine end to end, on a council made for it: a paragraph of one
#     short word repeated sets every line alike, so its spaces stack into
#     rivers as long as the paragraph; the same words as paragraphs of two
#     lines make none (a river does not cross the space between
#     paragraphs).
# The five councils' river figures are bounded in t_pdf_lines.py.
#
# The binaries that go with $CONCORD: build/{rivers,api}_test for
# ./concord, build/asan/{rivers,api}_test for build/concord-asan.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

case "$(basename "$CONCORD")" in
  *-asan) BIN=$(dirname "$CONCORD")/asan ;;
  *) BIN=$ROOT/build ;;
esac
for t in rivers_test api_test; do
  if [ ! -x "$BIN/$t" ]; then
    notok "$t is built"
    echo "$BIN/$t is missing: make build/$t build/asan/$t" | detail
    exit 1
  fi
done

# 1. the unit tests: their ok / not ok lines are this program's
rc=0
"$BIN/rivers_test" 2>"$TESTTMP/unit.err" || rc=$?
if [ "$rc" -ne 0 ] || ! sanitizer_clean "$TESTTMP/unit.err"; then
  notok "rivers_test exits 0 without a sanitizer report"
  { echo "exit status $rc"; head -30 "$TESTTMP/unit.err"; } | detail
fi

# 2. end to end
words() { for _ in $(seq "$1"); do printf 'mmm '; done; }
{
  printf -- '---\ncouncil: River Test Council\nslug: river-test\ntitle: RIVERS\nkind: town\ntheme: default\n---\n\n'
  printf '## 1. ONE PARAGRAPH\n\n1.1 %s\n\n' "$(words 150)"
  printf '## 2. PARAGRAPHS OF TWO LINES\n\n'
  for i in 1 2 3 4 5; do printf '2.%d %s\n\n' "$i" "$(words 24)"; done
} >"$TESTTMP/river-test.md"
if ! "$BIN/api_test" --write lines:river-test sources/topics.yaml "$TESTTMP/river-test.md" \
     >"$TESTTMP/report.json" 2>"$TESTTMP/report.err" || ! sanitizer_clean "$TESTTMP/report.err"; then
  notok "the line report of a council made for rivers"
  head -20 "$TESTTMP/report.err" | detail
  exit 1
fi
python3 - "$TESTTMP/report.json" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
rv = rep["rivers"]
def chk(name, cond):
    print(("ok - " if cond else "not ok - ") + name)
    if not cond:
        print("  " + json.dumps(rv)[:1500])
one = [r for r in rv["at"] if r["near"] == "para-1.1"]
two = [r for r in rv["at"] if r["near"].startswith("para-2.")]
# clause 1.1 sets 10 lines of 14 or 15 words: every column of spaces is a
# river through the justified lines at least (the ragged last one may or
# may not continue it)
chk("a paragraph of one word repeated: every space column a river of its lines",
    len(one) >= 10 and min(r["lines"] for r in one) >= 8 and rv["longest"] >= 9
    and all(r["between"] == "mmm mmm" for r in one))
chk("the same words in paragraphs of two lines: no river",
    not two and rv["3+"] == len(one))
PY
