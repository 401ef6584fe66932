#!/usr/bin/env bash
# tests/t_repro.sh - reproducible builds: the project copied to two
# directories (different paths, different lengths) and built at different
# times (a second apart), with different umasks, time zones and locales,
# but the same SOURCE_DATE_EPOCH, gives byte-identical out/; and no output
# contains the absolute path of the directory it was built in.
. "$(dirname "$0")/lib.sh"

CONCORD_ABS=$(cd "$(dirname "$CONCORD")" && pwd)/$(basename "$CONCORD")
A="$TESTTMP/a"
B="$TESTTMP/second-copy-with-a-longer-path/b"
rm -rf "$A" "$TESTTMP/second-copy-with-a-longer-path"
for d in "$A" "$B"; do
  mkdir -p "$d"
  cp -r "$ROOT/sources" "$ROOT/themes" "$ROOT/lua" "$d/"
done

export SOURCE_DATE_EPOCH=1700000000
(cd "$A" && umask 022 && TZ=UTC LC_ALL=C "$CONCORD_ABS" build -q -o out) 2>"$TESTTMP/a.err"
ra=$?
sleep 1
(cd "$B" && umask 002 && TZ=Pacific/Chatham LC_ALL=C.UTF-8 "$CONCORD_ABS" build -q -o out) 2>"$TESTTMP/b.err"
rb=$?
if [ "$ra" -ne 0 ] || [ "$rb" -ne 0 ]; then
  notok "repro: both builds succeed"; cat "$TESTTMP/a.err" "$TESTTMP/b.err" | detail
  exit 0
fi
# .concord-* at the top of out/ is build state (the incremental cache)
if diff -r --exclude='.concord-*' "$A/out" "$B/out" >"$TESTTMP/diff" 2>&1; then
  ok "repro: two directories, two times, same SOURCE_DATE_EPOCH: byte-identical out/ ($(find "$A/out" -type f | wc -l) files)"
else
  notok "repro: two directories, two times, same SOURCE_DATE_EPOCH: byte-identical out/"
  detail <"$TESTTMP/diff"
fi
# absolute paths: the build directories, the repository, the home directory
leaks=$(grep -rlaF -e "$A" -e "$B" -e "$TESTTMP" -e "$ROOT" --exclude='.concord-*' "$A/out" "$B/out" 2>/dev/null | head)
if [ -z "$leaks" ]; then
  ok "repro: no absolute path of the build directory in any output"
else
  notok "repro: no absolute path of the build directory in any output"
  echo "$leaks" | detail
fi
# PDFs are compressed: look inside their streams too
leaks=""
for f in "$A"/out/pdf/*.pdf; do
  qpdf --qdf --object-streams=disable "$f" "$TESTTMP/plain.pdf" 2>/dev/null
  grep -qaF -e "$A" -e "$ROOT" "$TESTTMP/plain.pdf" && leaks+=" $(basename "$f")"
done
if [ -z "$leaks" ]; then
  ok "repro: no absolute path inside the PDFs' streams"
else
  notok "repro: no absolute path inside the PDFs' streams"; echo "$leaks" | detail
fi
# without SOURCE_DATE_EPOCH the outputs carry no build time either
unset SOURCE_DATE_EPOCH
(cd "$A" && "$CONCORD_ABS" build -q -o out2) 2>/dev/null
sleep 1
(cd "$A" && "$CONCORD_ABS" build -q -o out3) 2>/dev/null
if diff -r --exclude='.concord-*' "$A/out2" "$A/out3" >"$TESTTMP/diff" 2>&1; then
  ok "repro: without SOURCE_DATE_EPOCH, two builds a second apart are identical"
else
  notok "repro: without SOURCE_DATE_EPOCH, two builds a second apart are identical"
  detail <"$TESTTMP/diff"
fi
