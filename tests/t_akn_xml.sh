#!/usr/bin/env bash
# tests/t_akn_xml.sh - write/akn/akn_xml.h writes the Akoma Ntoso files as
# libxml2's xmlTextWriter wrote them (tests/unit/akn_xml_test.c prints the
# checks). The binary that goes with $CONCORD: build/akn_xml_test for
# ./concord, build/asan/akn_xml_test for build/concord-asan.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

case "$(basename "$CONCORD")" in
  *-asan) BIN=$(dirname "$CONCORD")/asan ;;
  *) BIN=$ROOT/build ;;
esac
if [ ! -x "$BIN/akn_xml_test" ]; then
  notok "akn_xml_test is built"
  echo "$BIN/akn_xml_test is missing: make build/akn_xml_test build/asan/akn_xml_test" | detail
  exit 1
fi
rc=0
"$BIN/akn_xml_test" 2>"$TESTTMP/akn_xml.err" || rc=$?
if [ "$rc" -ne 0 ] || ! sanitizer_clean "$TESTTMP/akn_xml.err"; then
  notok "akn_xml_test exits 0 without a sanitizer report"
  { echo "exit status $rc"; head -30 "$TESTTMP/akn_xml.err"; } | detail
fi
