#!/usr/bin/env bash
# tests/mutants/line_breaking.sh [MUTANT...] - do the line-quality checks
# catch degraded line breaking? Builds the API test program once per
# mutant, each with one deliberate degradation of the engine, and runs
# tests/t_pdf_lines.py's report checks against it; a mutant must fail
# them, and this prints which checks caught it (the river bounds, the
# badness bounds). Not part of `make test` (one library build a mutant,
# minutes on this machine); run it after changing the engine or the
# bounds. Mutants:
#   bad0    Knuth-Plass badness set to 0 (lines judged only by breaks)
#   nohyph  no hyphenation (hyphen penalty infinite)
#   loose   word spaces 1.6 times as wide
# Needs ./concord built (t_pdf_lines.py also checks the PDFs it writes).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
WORK=${TMPDIR:-/tmp}/concord-mutants-$$
mutants=("$@")
[ ${#mutants[@]} -eq 0 ] && mutants=(bad0 nohyph loose)
status=0

mutate() { # $1 mutant, $2 tree: applies the change, fails if it no longer applies
  local para=$2/compiler/write/layout/layout_para.c doc=$2/compiler/write/layout/layout_doc.c
  case $1 in
    bad0) sed -i 's/double bad = isinf(r) ? 10000 : fmin(100 \* pow(fabs(r), 3), 10000);/double bad = 0;/' "$para"
          grep -q 'double bad = 0;' "$para" ;;
    nohyph) sed -i 's/^#define HYPHEN_PENALTY [0-9]*$/#define HYPHEN_PENALTY 10000/' "$doc"
            grep -q '^#define HYPHEN_PENALTY 10000$' "$doc" ;;
    loose) sed -i 's/layout_para_space(&pb->p, w, /layout_para_space(\&pb->p, w * 1.6, /' "$doc"
           grep -q 'layout_para_space(&pb->p, w \* 1.6, ' "$doc" ;;
    *) echo "unknown mutant $1" >&2; return 1 ;;
  esac
}

for m in "${mutants[@]}"; do
  tree=$WORK/$m
  mkdir -p "$tree"
  cp -r Makefile compiler tests sources themes lua "$tree/"
  rm -rf "$tree/tests/tmp"
  if ! mutate "$m" "$tree"; then
    echo "not ok - mutant $m: the change no longer applies (update tests/mutants/line_breaking.sh)"
    status=1
    continue
  fi
  if ! (cd "$tree" && nice make -j1 build/api_test >build.log 2>&1); then
    echo "not ok - mutant $m: builds"; tail -20 "$tree/build.log" | sed 's/^/  /'
    status=1
    continue
  fi
  out=$(CONCORD=${CONCORD:-$ROOT/concord} ROOT=$ROOT TESTTMP=$tree/testtmp API_TEST=$tree/build/api_test \
        nice python3 tests/t_pdf_lines.py 2>&1)
  caught=$(grep -c '^not ok - ' <<<"$out")
  rivers=$(grep '^not ok - ' <<<"$out" | grep -c 'river')
  if [ "$caught" -gt 0 ]; then
    echo "ok - mutant $m caught by $caught checks, $rivers of them on rivers"
  else
    echo "not ok - mutant $m caught: every line-quality check passes"
    status=1
  fi
  grep -A12 '^not ok - .*river' <<<"$out" | grep -v '^ok - ' | sed 's/^/  /'
done
rm -rf "$WORK"
exit $status
