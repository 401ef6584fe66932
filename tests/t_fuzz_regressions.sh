#!/usr/bin/env bash
# tests/t_fuzz_regressions.sh - replays every input in tests/fuzz/regressions/
# (crashes, hangs and sanitizer reports found by fuzzing or by the bad-input
# work, each fixed) through the command line, with the binary under test
# (the ASan+UBSan one in the second pass of make test).
#
# The file name says how (the fuzz harness it belongs to):
#   reader-*   concord dump FILE
#   build-*    concord build FILE, in a project with themes/, every format
#   import-*   concord import FILE --council ... --slug ... (Markdown to stdout)
# A source is the harness's input without its leading option byte. Each
# must end with status 0 or 1 (never a signal, never 2 or more) within a
# minute, without a sanitizer report, and without an "internal:" error (the
# importer writing Markdown the reader refuses).
. "$(dirname "$0")/lib.sh"

CONCORD_ABS=$(cd "$(dirname "$CONCORD")" && pwd)/$(basename "$CONCORD")
P="$TESTTMP/proj"
mkdir -p "$P/sources"
cp -r "$ROOT/themes" "$P/" 2>/dev/null
cp "$ROOT/sources/topics.yaml" "$P/sources/"
n=0
for f in "$ROOT"/tests/fuzz/regressions/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  n=$((n + 1))
  case "$name" in
    reader-*) cmd=(dump "$f") ;;
    build-*) cp "$f" "$P/sources/regression.md"; cmd=(build -q -o "$TESTTMP/out" sources/regression.md) ;;
    import-*) cmd=(import "$f" --council "Fuzz Council" --slug fuzz --no-topics) ;;
    *) notok "fuzz regression $name: name must start with reader-, build- or import-"; continue ;;
  esac
  rc=0
  (cd "$P" && timeout 60 "$CONCORD_ABS" "${cmd[@]}") >/dev/null 2>"$TESTTMP/err" || rc=$?
  if [ "$rc" -le 1 ] && ! grep -qE 'Sanitizer|runtime error|internal:' "$TESTTMP/err"; then
    ok "fuzz regression $name (exit $rc)"
  else
    notok "fuzz regression $name"
    { echo "exit status $rc"; head -30 "$TESTTMP/err"; } | detail
  fi
  rm -rf "$TESTTMP/out"
done
[ "$n" -gt 0 ] || notok "no inputs in tests/fuzz/regressions"
