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

# -v: the phases, and how many clauses' search words each build stemmed
"$CONCORD" watch -v -j 2 --format html,json -o out sources/*.md 2>"$TESTTMP/watch.err" &
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

# The model stays in memory: a save re-reads that source alone and
# rewrites only the outputs that show it. Which files were rewritten is
# read from their inodes and modification times (a kept file stays as it
# is; a rewritten one is a new file renamed into place), and compared with
# the count watch reports.
nbuilt() { grep -c "^concord: built" "$TESTTMP/watch.err"; }
built_more() { [ "$(nbuilt)" -gt "$1" ]; }
# idle: every change seen has had its build (the first build has none)
idle() { [ "$(grep -cE "^concord: (built|[0-9]+ errors?)" "$TESTTMP/watch.err")" -eq "$(( $(grep -c "change seen" "$TESTTMP/watch.err") + 1 ))" ]; }
wait_for 180 idle || notok "watch finishes the build of the last change"
inodes() { (cd out && find . -type f ! -name .concord-cache -printf '%i:%T@ %P\n' | sort -k2); }
# rewritten_since FILE: the files whose inode is not the one in FILE
rewritten_since() { inodes | awk 'NR == FNR { had[$2] = $1; next } had[$2] != $1 { print $2 }' "$1" -; }
clean_equal() { # NAME: the output equals a clean build of the sources, byte for byte
  rm -rf "$TESTTMP/clean-$1"
  "$CONCORD" build -q --no-cache --format html,json -o "$TESTTMP/clean-$1" sources/*.md 2>/dev/null
  if diff -r -x .concord-cache out "$TESTTMP/clean-$1" >"$TESTTMP/d" 2>&1; then ok "$2"; else notok "$2"; detail <"$TESTTMP/d"; fi
}

inodes >"$TESTTMP/inodes.0"
n=$(nbuilt)
nwords=$(grep -c "^concord: search words:" "$TESTTMP/watch.err")
sed -i 's/is an essential ingredient that/is an essential element that/' sources/lydney.md
if wait_for 180 built_more "$n"; then ok "a word edit rebuilds"; else notok "a word edit rebuilds"; detail <"$TESTTMP/watch.err"; fi
line=$(grep "^concord: built" "$TESTTMP/watch.err" | tail -1)
case "$line" in *"read 1 source,"*) ok "a word edit re-reads one source";; *) notok "a word edit re-reads one source"; detail <<<"$line";; esac
rewritten_since "$TESTTMP/inodes.0" >"$TESTTMP/rewritten"
grep -qx "site/lydney.html" "$TESTTMP/rewritten" && grep -qx "json/lydney.json" "$TESTTMP/rewritten" \
  && ok "the edited council's page and JSON are rewritten" || { notok "the edited council's page and JSON are rewritten"; detail <"$TESTTMP/rewritten"; }
# what may show a clause's words: its council's files, the corpus-wide
# text outputs (search and its page, index, corpus.json), the pages of its topics, and
# the theme's assets, which the site's corpus part copies whenever it runs
grep -vxE "(site|json|site/downloads/json)/lydney\.(html|json)|site/index\.html|site/search-index\.json|site/search\.html|site/search/.*|(site/downloads/)?corpus\.json|(site/downloads/)?json/index\.json|site/topics/(protocol-purpose|protocol-operated-by-clerk)\.html|site/themes/.*" \
  "$TESTTMP/rewritten" >"$TESTTMP/unexpected"
if [ ! -s "$TESTTMP/unexpected" ]; then ok "no other output is rewritten"; else notok "no other output is rewritten ($(wc -l <"$TESTTMP/unexpected") files)"; detail <"$TESTTMP/unexpected"; fi
others=$(grep -cE "^(site|json)/[a-z-]+\.(html|json)$" "$TESTTMP/rewritten" | tr -d ' ')
[ "$(grep -cvE "^(site/lydney\.html|json/lydney\.json|site/index\.html|site/search-index\.json|site/search\.html|json/index\.json)$" <(grep -E "^(site|json)/[a-z-]+\.(html|json)$" "$TESTTMP/rewritten"))" -eq 0 ] \
  && ok "no other council's page or JSON is rewritten ($others top-level pages)" || notok "no other council's page or JSON is rewritten"
said=$(sed -n 's/.*wrote \([0-9]*\) files\?,.*/\1/p' <<<"$line")
got=$(wc -l <"$TESTTMP/rewritten" | tr -d ' ')
[ -n "$said" ] && [ "$said" -eq "$got" ] && ok "watch reports the files it wrote ($got)" || notok "watch reports the files it wrote (said '$said', found $got)"
clean_equal word "after a word edit the output equals a clean build"
# the session keeps each clause's search words (pipeline_session_search_words):
# the first build stems every clause, a save only the clause it edited
words_line() { grep "^concord: search words:" "$TESTTMP/watch.err" | sed -n "$1"; }
stemmed() { sed -n 's/.*: \([0-9]*\) clauses\? stemmed, \([0-9]*\) remembered$/\1 \2/p' <<<"$1"; }
read -r all0 kept0 <<<"$(stemmed "$(words_line 1p)")"
# (the builds since the edit: an editor's save may be seen twice)
read -r s1 k1 <<<"$(stemmed "$(words_line "$((nwords + 1))p")")"
s1all=$(grep "^concord: search words:" "$TESTTMP/watch.err" | tail -n +$((nwords + 1)) | awk '{ n += $4 } END { print n + 0 }')
[ -n "$all0" ] && [ "$all0" -gt 100 ] && [ "$kept0" -eq 0 ] && [ "$s1" = 1 ] && [ "$s1all" = 1 ] \
  && [ "$k1" -eq $((all0 - 1)) ] \
  && ok "a save re-stems only the edited clause's search words (1 of $all0)" \
  || { notok "a save re-stems only the edited clause's search words"; grep "search words" "$TESTTMP/watch.err" | detail; }
# a file written again with the bytes out/ already holds stays as it is:
# the theme's assets, which the site's corpus part copies whenever it runs
themes_rewritten=$(grep -c '^site/themes/' "$TESTTMP/rewritten")
[ -d out/site/themes ] && [ "$themes_rewritten" -eq 0 ] \
  && ok "a word edit leaves the theme's assets (same bytes) in place" \
  || { notok "a word edit leaves the theme's assets (same bytes) in place ($themes_rewritten rewritten)"; detail <"$TESTTMP/rewritten"; }
# another council's downloadable JSON is the same file as before (a hard
# link the build left, not a new one)
[ "$(stat -c %i out/json/brent.json)" = "$(stat -c %i out/site/downloads/json/brent.json)" ] \
  && ! grep -qx 'site/downloads/json/brent.json' "$TESTTMP/rewritten" \
  && ok "another council's download stays linked to its file" \
  || notok "another council's download stays linked to its file"
[ -z "$(find out -name '.concord-staging*')" ] && ok "a save leaves no staging folder in out" \
  || notok "a save leaves no staging folder in out"

# an edit that changes a clause's topics relinks the topics it touches
wait_for 180 idle
inodes >"$TESTTMP/inodes.t"
n=$(nbuilt)
sed -i 's/{topic=protocol-read-with-codes}/{topic=protocol-read-with-codes,protocol-purpose}/' sources/lydney.md
grep -q "protocol-read-with-codes,protocol-purpose" sources/lydney.md || notok "the topic edit applies to sources/lydney.md"
if wait_for 180 built_more "$n"; then ok "a topic edit rebuilds"; else notok "a topic edit rebuilds"; detail <"$TESTTMP/watch.err"; fi
grep "^concord: built" "$TESTTMP/watch.err" | tail -1 | grep -q "read 1 source," && ok "a topic edit re-reads one source" || notok "a topic edit re-reads one source"
clean_equal topic "after a topic edit the output equals a clean build"
# the topic's provision list changed: every council with a clause on
# protocol-purpose shows the new one in its "Also in" links, so its page
# and JSON are rewritten; the theme's assets and the search page are not
wait_for 180 idle
line=$(grep "^concord: built" "$TESTTMP/watch.err" | tail -1)
rewritten_since "$TESTTMP/inodes.t" >"$TESTTMP/rewritten.t"
missing=""
for f in $(grep -l 'protocol-purpose' sources/*.md); do
  slug=$(basename "$f" .md)
  grep -qx "site/$slug.html" "$TESTTMP/rewritten.t" || missing="$missing site/$slug.html"
  grep -qx "json/$slug.json" "$TESTTMP/rewritten.t" || missing="$missing json/$slug.json"
done
[ -z "$missing" ] && [ "$(grep -l 'protocol-purpose' sources/*.md | wc -l)" -ge 2 ] \
  && ok "a topic edit rewrites the pages of every council sharing the topic" \
  || { notok "a topic edit rewrites the pages of every council sharing the topic (missing:$missing)"; detail <"$TESTTMP/rewritten.t"; }
grep -qE '^(site/themes/|site/search\.html$)' "$TESTTMP/rewritten.t" \
  && { notok "a topic edit rewrites no theme asset nor the search page"; detail <"$TESTTMP/rewritten.t"; } \
  || ok "a topic edit rewrites no theme asset nor the search page"
said=$(sed -n 's/.*wrote \([0-9]*\) files\?,.*/\1/p' <<<"$line")
got=$(wc -l <"$TESTTMP/rewritten.t" | tr -d ' ')
[ -n "$said" ] && [ "$said" -eq "$got" ] && ok "after a topic edit watch reports the files it wrote ($got)" \
  || notok "after a topic edit watch reports the files it wrote (said '$said', found $got)"

# a bad save: the error is printed, the outputs stay, watch carries on
wait_for 180 idle
cp sources/lydney.md "$TESTTMP/lydney.good"
inodes >"$TESTTMP/inodes.1"
sed -i '0,/^title:/{/^title:/d}' sources/lydney.md
if wait_for 180 grep -q "lydney.md:[0-9]*:[0-9]*: error: front matter has no 'title'" "$TESTTMP/watch.err"; then
  ok "a bad save prints its error"
else
  notok "a bad save prints its error"; detail <"$TESTTMP/watch.err"
fi
wait_for 60 grep -q "nothing was written, out keeps the last good build" "$TESTTMP/watch.err" \
  && ok "a bad save says nothing was written" || notok "a bad save says nothing was written"
grep -q "read and honoured" out/site/lydney.html && ok "a bad save leaves the last good output" || notok "a bad save leaves the last good output"
changed=$(rewritten_since "$TESTTMP/inodes.1" | wc -l | tr -d ' ')
[ "$changed" -eq 0 ] && ok "a bad save rewrites no file" || notok "a bad save rewrites no file ($changed rewritten)"
sed 's/must be read and honoured/must be read and kept/' "$TESTTMP/lydney.good" >sources/lydney.md
if wait_for 180 grep -q "read and kept" out/site/lydney.html; then ok "watch carries on after an error"; else notok "watch carries on after an error"; detail <"$TESTTMP/watch.err"; fi

# a theme edit
echo "/* watched */" >>themes/default/style.css
if wait_for 180 grep -q "watched" out/site/themes/default/style.css; then ok "editing a theme rebuilds"; else notok "editing a theme rebuilds"; detail <"$TESTTMP/watch.err"; fi
# a theme edit rebuilds the site, the index included, with every
# clause's words remembered
wait_for 180 idle
read -r s2 k2 <<<"$(stemmed "$(words_line '$p')")"
[ "$s2" = 0 ] && [ -n "$all0" ] && [ "$k2" -eq "$all0" ] && ok "a theme edit re-stems no clause's search words ($k2 remembered)" \
  || { notok "a theme edit re-stems no clause's search words"; grep "search words" "$TESTTMP/watch.err" | detail; }

# Ctrl-C
kill -INT $pid
wait $pid; rc=$?
[ $rc -eq 0 ] && ok "SIGINT ends watch with status 0" || notok "SIGINT ends watch with status 0 (got $rc)"
grep -q "watch stopped" "$TESTTMP/watch.err" && ok "watch says it stopped" || notok "watch says it stopped"
[ -z "$(find out -name '.concord-staging*')" ] && ok "no staging directory left behind" || notok "no staging directory left behind"

# the result equals a clean build of the final sources
"$CONCORD" build -q --no-cache --format html,json -o clean sources/*.md 2>/dev/null
if diff -r -x .concord-cache out clean >"$TESTTMP/d" 2>&1; then ok "watched output equals a clean build"; else notok "watched output equals a clean build"; detail <"$TESTTMP/d"; fi
# the cache watch left describes out/ as it is: a build after it keeps
# every output (it would rebuild any file the cache did not match)
inodes >"$TESTTMP/inodes.end"
"$CONCORD" build -q -j 2 --format html,json -o out sources/*.md 2>/dev/null
again=$(rewritten_since "$TESTTMP/inodes.end" | wc -l | tr -d ' ')
[ -s "$TESTTMP/inodes.end" ] && [ "$again" -eq 0 ] && ok "a build after watch finds every output in its cache" \
  || { notok "a build after watch finds every output in its cache ($again rewritten)"; rewritten_since "$TESTTMP/inodes.end" | detail; }

# The PDF fonts' faces are the session's (pipeline_session_pdf_faces):
# the first build loads them, a save that rewrites a PDF loads none
"$CONCORD" watch -v -j 2 --format pdf -o outpdf sources/*.md 2>"$TESTTMP/watchpdf.err" &
pid=$!
faces_line() { grep "^concord: PDF fonts:" "$TESTTMP/watchpdf.err" | sed -n "$1" | sed -n 's/.*: \([0-9]*\) faces\? loaded$/\1/p'; }
builtp() { [ "$(grep -c "^concord: built" "$TESTTMP/watchpdf.err")" -ge "$1" ]; }
if wait_for 300 grep -q "watching" "$TESTTMP/watchpdf.err" && builtp 1; then
  sed -i 's/must be read and kept/must be read and observed/' sources/lydney.md
  wait_for 300 builtp 2 || notok "a save rebuilds the PDFs"
  f0=$(faces_line 1p); f1=$(faces_line 2p)
  line=$(grep "^concord: built" "$TESTTMP/watchpdf.err" | sed -n 2p)
  [ -n "$f0" ] && [ "$f0" -ge 1 ] && [ "$f1" = 0 ] && [[ "$line" == *"read 1 source, wrote "[1-9]* ]] \
    && ok "a save rewrites a PDF with the fonts the first build loaded ($f0 faces, then $f1)" \
    || { notok "a save rewrites a PDF with the fonts the first build loaded"; grep -E "PDF fonts|built" "$TESTTMP/watchpdf.err" | detail; }
else
  notok "watch builds the PDFs"; grep -v warning "$TESTTMP/watchpdf.err" | head -5 | detail
fi
kill -INT $pid
wait $pid

# Past 100 councils the search index is sharded (site/search/, about a
# hundred files here): a word edit rewrites only the shards that show the
# clause (its row block, the word files of the words it gains or loses),
# and the output still equals a clean build. Two edits: the first after
# watch's own build, the second reusing what the first wrote.
if command -v python3 >/dev/null && [ -f "$ROOT/bench/gen_corpus.py" ]; then
  python3 "$ROOT/bench/gen_corpus.py" --count 105 --seed 3 --mode shared --out "$TESTTMP/c105" >/dev/null 2>"$TESTTMP/gen.err"
  # from the project copy, so the theme is found as for any build
  first=$(ls "$TESTTMP"/c105/*.md | sed -n 50p)
  o105="$TESTTMP/out105"
  idle105() { [ "$(grep -cE "^concord: (built|[0-9]+ errors?)" "$TESTTMP/watch105.err")" -eq "$(( $(grep -c "change seen" "$TESTTMP/watch105.err") + 1 ))" ]; }
  nbuilt105() { grep -c "^concord: built" "$TESTTMP/watch105.err"; }
  built_more105() { [ "$(nbuilt105)" -gt "$1" ]; }
  inodes105() { (cd "$o105" && find . -type f ! -name .concord-cache -printf '%i:%T@ %P\n' | sort -k2); }
  "$CONCORD" watch -j 2 --format html -o "$o105" "$TESTTMP"/c105/*.md 2>"$TESTTMP/watch105.err" &
  pid=$!
  if wait_for 600 grep -q "watching" "$TESTTMP/watch105.err" && [ "$(nbuilt105)" -eq 1 ]; then
    nshards=$(find "$o105/site/search" -type f | wc -l | tr -d ' ')
    [ "$nshards" -ge 20 ] && ok "105 councils: the search index is sharded ($nshards files)" \
      || notok "105 councils: the search index is sharded ($nshards files)"
    for round in 1 2; do
      wait_for 180 idle105
      inodes105 >"$TESTTMP/inodes.s$round"
      n=$(nbuilt105)
      python3 "$ROOT/bench/edit_clause.py" "$first"
      wait_for 300 built_more105 "$n" || notok "105 councils: edit $round rebuilds"
      wait_for 180 idle105
      inodes105 | awk 'NR == FNR { had[$2] = $1; next } had[$2] != $1 { print $2 }' "$TESTTMP/inodes.s$round" - >"$TESTTMP/rewritten.s$round"
      shards=$(grep -c '^site/search/' "$TESTTMP/rewritten.s$round")
      [ "$shards" -ge 1 ] && [ "$shards" -le 6 ] \
        && ok "105 councils: edit $round rewrites only the shards that show it ($shards of $nshards)" \
        || { notok "105 councils: edit $round rewrites only the shards that show it ($shards of $nshards)"; detail <"$TESTTMP/rewritten.s$round"; }
      rm -rf "$TESTTMP/clean105"
      "$CONCORD" build -q --no-cache --format html -o "$TESTTMP/clean105" "$TESTTMP"/c105/*.md 2>/dev/null
      if diff -r -x .concord-cache "$o105" "$TESTTMP/clean105" >"$TESTTMP/d" 2>&1; then ok "105 councils: after edit $round the output equals a clean build"
      else notok "105 councils: after edit $round the output equals a clean build"; detail <"$TESTTMP/d"; fi
    done
  else
    notok "watch builds 105 councils"; grep -v warning "$TESTTMP/watch105.err" | head -5 | detail
  fi
  kill -INT $pid
  wait $pid
else
  echo "skip - 105 councils: sharded search index (no python3 or bench/gen_corpus.py)"
fi
