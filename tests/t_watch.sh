#!/usr/bin/env bash
# concord watch: builds, rebuilds when a source is saved (in place or by
# rename, as editors do), prints diagnostics of a bad save and carries on,
# and exits cleanly on SIGINT. Waits poll for the expected file with a
# generous limit (no timing assertion: the suite also runs under ASan).
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
export SOURCE_DATE_EPOCH=1700000000

w="$TESTTMP/w"
project_copy "$w"
cd "$w" || exit 1

# wait_for SECONDS CMD...: poll until CMD succeeds
wait_for() { local n=$(( $1 * 10 )); shift; while [ $n -gt 0 ]; do "$@" && return 0; sleep 0.1; n=$((n - 1)); done; return 1; }

"$CONCORD" watch -j 2 --format html,json -o out sources/*.md 2>"$TESTTMP/watch.err" &
pid=$!
if wait_for 180 grep -q "watching" "$TESTTMP/watch.err" && [ -f out/site/lydney.html ]; then
  ok "watch builds first, then watches"
else
  notok "watch builds first, then watches"; detail <"$TESTTMP/watch.err"
fi

# a save in place
sed -i 's/must be read and operated in the context/must be read and enforced in the context/' sources/lydney.md
if wait_for 180 grep -q "read and enforced" out/site/lydney.html; then ok "saving a source rebuilds its page"; else notok "saving a source rebuilds its page"; detail <"$TESTTMP/watch.err"; fi

# a save by rename (write a temporary file, move it over the source)
sed 's/must be read and enforced/must be read and honoured/' sources/lydney.md >sources/.lydney.md.tmp
mv sources/.lydney.md.tmp sources/lydney.md
if wait_for 180 grep -q "read and honoured" out/site/lydney.html; then ok "a save by rename rebuilds too"; else notok "a save by rename rebuilds too"; detail <"$TESTTMP/watch.err"; fi

# a bad save: the error is printed, the outputs stay, watch carries on
cp sources/lydney.md "$TESTTMP/lydney.good"
sed -i '0,/^title:/{/^title:/d}' sources/lydney.md
if wait_for 180 grep -q "lydney.md:[0-9]*:[0-9]*: error: front matter has no 'title'" "$TESTTMP/watch.err"; then
  ok "a bad save prints its error"
else
  notok "a bad save prints its error"; detail <"$TESTTMP/watch.err"
fi
grep -q "read and honoured" out/site/lydney.html && ok "a bad save leaves the last good output" || notok "a bad save leaves the last good output"
sed 's/must be read and honoured/must be read and kept/' "$TESTTMP/lydney.good" >sources/lydney.md
if wait_for 180 grep -q "read and kept" out/site/lydney.html; then ok "watch carries on after an error"; else notok "watch carries on after an error"; detail <"$TESTTMP/watch.err"; fi

# a theme edit
echo "/* watched */" >>themes/default/style.css
if wait_for 180 grep -q "watched" out/site/themes/default/style.css; then ok "editing a theme rebuilds"; else notok "editing a theme rebuilds"; detail <"$TESTTMP/watch.err"; fi

# Ctrl-C
kill -INT $pid
wait $pid; rc=$?
[ $rc -eq 0 ] && ok "SIGINT ends watch with status 0" || notok "SIGINT ends watch with status 0 (got $rc)"
grep -q "watch stopped" "$TESTTMP/watch.err" && ok "watch says it stopped" || notok "watch says it stopped"
[ -z "$(find out -name '.concord-staging*')" ] && ok "no staging directory left behind" || notok "no staging directory left behind"

# the result equals a clean build of the final sources
"$CONCORD" build -q --no-cache --format html,json -o clean sources/*.md 2>/dev/null
if diff -r -x .concord-cache out clean >"$TESTTMP/d" 2>&1; then ok "watched output equals a clean build"; else notok "watched output equals a clean build"; detail <"$TESTTMP/d"; fi
