#!/usr/bin/env bash
# tests/t_memo.sh - base/memo.h, the bounded, thread-safe memo the build
# owns and hands to writers (tests/unit/memo_test.c prints the checks).
# The binary that goes with $CONCORD: build/memo_test for ./concord,
# build/asan/memo_test for build/concord-asan.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

case "$(basename "$CONCORD")" in
  *-asan) BIN=$(dirname "$CONCORD")/asan ;;
  *) BIN=$ROOT/build ;;
esac
if [ ! -x "$BIN/memo_test" ]; then
  notok "memo_test is built"
  echo "$BIN/memo_test is missing: make build/memo_test build/asan/memo_test" | detail
  exit 1
fi
rc=0
"$BIN/memo_test" 2>"$TESTTMP/memo.err" || rc=$?
if [ "$rc" -ne 0 ] || ! sanitizer_clean "$TESTTMP/memo.err"; then
  notok "memo_test exits 0 without a sanitizer report"
  { echo "exit status $rc"; head -30 "$TESTTMP/memo.err"; } | detail
fi
