#!/usr/bin/env bash
# tests/t_api.sh - the library API (compiler/concord.h): runs the C tests
# of tests/api/api_test.c, then checks that what the API writes to memory
# is what `concord build` writes to files, for the five councils.
#
# The api_test that goes with $CONCORD: build/api_test for ./concord,
# build/asan/api_test for build/concord-asan (make test builds both);
# API_TEST overrides it.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

if [ -z "${API_TEST:-}" ]; then
  case "$(basename "$CONCORD")" in
    *-asan) API_TEST=$(dirname "$CONCORD")/asan/api_test ;;
    *) API_TEST=$ROOT/build/api_test ;;
  esac
fi
if [ ! -x "$API_TEST" ]; then
  notok "api_test is built"
  echo "$API_TEST is missing: make build/api_test build/asan/api_test" | detail
  exit 1
fi

# 1. the C tests: their ok / not ok lines are this program's
rc=0
"$API_TEST" 2>"$TESTTMP/api.err" || rc=$?
if [ "$rc" -ne 0 ] || ! sanitizer_clean "$TESTTMP/api.err"; then
  notok "api_test exits 0 without a sanitizer report"
  { echo "exit status $rc"; head -30 "$TESTTMP/api.err"; } | detail
fi

# 2. the API writes the bytes the command line writes (the councils' own
# Lua hooks are not in the API, so the command line runs without them),
# with and without a build date: both take it from SOURCE_DATE_EPOCH
SRC=(sources/brent.md sources/cheshire-west-and-chester.md sources/east-northamptonshire.md
     sources/lydney.md sources/solihull.md)
api() { "$API_TEST" --write "$1" sources/topics.yaml "${SRC[@]}" 2>"$TESTTMP/write.err"; }

compare_with_cli() { # $1: label for the checks
  local how=$1 OUT="$TESTTMP/out"
  rm -rf "$OUT"
  if ! "$CONCORD" build -q --no-hooks --topics sources/topics.yaml --format json,akn,html \
       -o "$OUT" "${SRC[@]}" >/dev/null 2>"$TESTTMP/build.err"; then
    notok "concord build of the five councils (for comparison, $how)"
    detail <"$TESTTMP/build.err"
    return
  fi
  api json >"$TESTTMP/corpus.json"
  same "API corpus JSON is out/corpus.json, byte for byte ($how)" "$OUT/corpus.json" "$TESTTMP/corpus.json"
  api akn >"$TESTTMP/equivalents.xml"
  same "API corpus Akoma Ntoso is out/akn/equivalents.xml ($how)" "$OUT/akn/equivalents.xml" "$TESTTMP/equivalents.xml"
  local s slug
  for s in "${SRC[@]}"; do
    slug=$(basename "$s" .md)
    api "akn:$slug" >"$TESTTMP/$slug.xml"
    same "API Akoma Ntoso of $slug is out/akn/$slug.xml ($how)" "$OUT/akn/$slug.xml" "$TESTTMP/$slug.xml"
    api "html:$slug" >"$TESTTMP/$slug.html"
    if python3 - "$TESTTMP/$slug.html" "$OUT/site/$slug.html" <<'PY'; then
import re, sys
article = open(sys.argv[1], encoding="utf-8").read()
page = open(sys.argv[2], encoding="utf-8").read()
# the page's Downloads section links files of a build (site/downloads/),
# which the API, building nothing, leaves out
page = re.sub(r'<section class="downloads".*?</section>\n?', "", page, count=1, flags=re.S)
sys.exit(0 if article.lstrip().startswith("<article") and article in page else 1)
PY
      ok "API HTML of $slug is the <article> of out/site/$slug.html ($how)"
    else
      notok "API HTML of $slug is the <article> of out/site/$slug.html ($how)"
      { head -c 300 "$TESTTMP/$slug.html"; echo; cat "$TESTTMP/write.err"; } | detail
    fi
  done
}
( unset SOURCE_DATE_EPOCH; compare_with_cli "no build date" )
( export SOURCE_DATE_EPOCH=1700000000; compare_with_cli "SOURCE_DATE_EPOCH set" )

# 3. docs/api.md's example compiles against the library and does what the
# page says
case "$API_TEST" in
  */asan/*) LIBA=$(dirname "$API_TEST")/libconcord.a
            SAN=(-fsanitize=address,undefined -fno-sanitize-recover=all) ;;
  *) LIBA=$(dirname "$API_TEST")/obj/libconcord.a; SAN=() ;;
esac
if ! command -v "${CC:-cc}" >/dev/null || [ ! -f "$LIBA" ]; then
  echo "skip - docs/api.md example (no compiler or no $LIBA)"
else
  awk '/^```c$/{on=1; next} /^```$/{if (on) exit} on' docs/api.md >"$TESTTMP/example.c"
  # shellcheck disable=SC2046
  if "${CC:-cc}" -std=c11 -Wall -Wextra -Werror -pedantic "${SAN[@]}" -Icompiler \
       -o "$TESTTMP/example" "$TESTTMP/example.c" "$LIBA" \
       $(pkg-config --libs libcmark yaml-0.1 jansson libutf8proc libxml-2.0 lua5.4 harfbuzz harfbuzz-subset libdeflate) \
       -lhpdf -lhyphen -lstemmer -lm >"$TESTTMP/cc.err" 2>&1 &&
     "$TESTTMP/example" >"$TESTTMP/example.out" 2>"$TESTTMP/example.err" &&
     head -1 "$TESTTMP/example.out" | grep -qx 'alpha 1.1 = beta#para-1.1' &&
     grep -q '<akomaNtoso' "$TESTTMP/example.out" && [ ! -s "$TESTTMP/example.err" ]; then
    ok "docs/api.md example compiles, runs and prints what the page says"
  else
    notok "docs/api.md example compiles, runs and prints what the page says"
    cat "$TESTTMP/cc.err" "$TESTTMP/example.err" "$TESTTMP/example.out" 2>/dev/null | detail
  fi
fi
