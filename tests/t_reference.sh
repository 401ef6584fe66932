#!/usr/bin/env bash
# t_reference - the five councils, every format, SOURCE_DATE_EPOCH fixed,
# built byte for byte as recorded in tests/data/reference-build.sha256
# (one sha256 per output file; the cache file is not an output).
#
# The record guards refactoring: moving code must not change a byte of
# what users get. When a change is meant to change outputs, regenerate it
# and say why in the commit:
#   CONCORD_UPDATE_REFERENCE=1 CONCORD=./concord ROOT=. TESTTMP=/tmp/ref tests/t_reference.sh
. "$ROOT/tests/lib.sh"
REF="$ROOT/tests/data/reference-build.sha256"
cd "$ROOT" || exit 2
SOURCE_DATE_EPOCH=1700000000 "$CONCORD" build -q -j 2 -o "$TESTTMP/out" sources/*.md 2>"$TESTTMP/stderr"
check "the five build with every format" test -s "$TESTTMP/out/corpus.json"
(cd "$TESTTMP/out" && find . -type f ! -name .concord-cache | LC_ALL=C sort | xargs sha256sum) >"$TESTTMP/now.sha256"
if [ -n "${CONCORD_UPDATE_REFERENCE:-}" ]; then
  cp "$TESTTMP/now.sha256" "$REF"
  echo "skip - reference checksums rewritten ($(wc -l <"$REF") files)"
  exit 0
fi
n=$(wc -l <"$REF")
[ "$n" -gt 100 ] || notok "the reference lists every output (only $n files)"
if cmp -s "$REF" "$TESTTMP/now.sha256"; then
  ok "all $n outputs are byte-identical to the reference build"
else
  notok "outputs differ from the reference build (tests/data/reference-build.sha256)"
  diff "$REF" "$TESTTMP/now.sha256" | detail
fi
