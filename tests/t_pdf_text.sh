#!/usr/bin/env bash
# tests/t_pdf_text.sh - write/pdf/pdf_text.h writes text strings as
# libharu's UTF-8 encoder did (tests/unit/pdf_text_test.c prints the
# checks). The binary that goes with $CONCORD: build/pdf_text_test for
# ./concord, build/asan/pdf_text_test for build/concord-asan.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

case "$(basename "$CONCORD")" in
  *-asan) BIN=$(dirname "$CONCORD")/asan ;;
  *) BIN=$ROOT/build ;;
esac
if [ ! -x "$BIN/pdf_text_test" ]; then
  notok "pdf_text_test is built"
  echo "$BIN/pdf_text_test is missing: make build/pdf_text_test build/asan/pdf_text_test" | detail
  exit 1
fi
rc=0
"$BIN/pdf_text_test" 2>"$TESTTMP/pdf_text.err" || rc=$?
if [ "$rc" -ne 0 ] || ! sanitizer_clean "$TESTTMP/pdf_text.err"; then
  notok "pdf_text_test exits 0 without a sanitizer report"
  { echo "exit status $rc"; head -30 "$TESTTMP/pdf_text.err"; } | detail
fi
