#!/usr/bin/env bash
# Incremental builds: an unchanged input does not rebuild its outputs, an
# edit rebuilds exactly what depends on it, and the result always equals a
# clean full build byte for byte (out/.concord-cache, docs/performance.md).
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
export SOURCE_DATE_EPOCH=1700000000

w="$TESTTMP/w"
project_copy "$w"
cd "$w" || exit 1

# name size mtime of every file but the cache: what a rebuild touched
snap() { (cd "$1" && find . -type f ! -name .concord-cache -printf '%p %s %T@\n' | sort); }
touched() { # files whose mtime changed between two snapshots
  join <(awk '{print $1, $3}' "$1") <(awk '{print $1, $3}' "$2") | awk '$2 != $3 {print $1}' | sort
}
clean_equal() { # NAME: out equals a clean --no-cache build
  rm -rf clean
  "$CONCORD" build -q --no-cache -j 1 -o clean sources/*.md >/dev/null 2>&1
  if diff -r -x .concord-cache out clean >"$TESTTMP/d" 2>&1; then ok "$1"; else notok "$1"; detail <"$TESTTMP/d"; fi
}

"$CONCORD" build -o out sources/*.md 2>"$TESTTMP/e1"; rc=$?
[ $rc -eq 0 ] && [ -f out/.concord-cache ] && ok "first build records out/.concord-cache" || { notok "first build records out/.concord-cache"; detail <"$TESTTMP/e1"; }
snap out >"$TESTTMP/s1"

# 1. nothing changed: nothing rewritten, same diagnostics
"$CONCORD" build -o out sources/*.md 2>"$TESTTMP/e2"
snap out >"$TESTTMP/s2"
same "an unchanged build rewrites no output" "$TESTTMP/s1" "$TESTTMP/s2"
grep -q "20 of 20 document outputs unchanged" "$TESTTMP/e2" && ok "the summary says how many outputs were kept" || { notok "the summary says how many outputs were kept"; detail <"$TESTTMP/e2"; }
grep -v '^concord: built' "$TESTTMP/e1" >"$TESTTMP/d1"; grep -v '^concord: built' "$TESTTMP/e2" >"$TESTTMP/d2"
same "a kept output's diagnostics are reported again" "$TESTTMP/d1" "$TESTTMP/d2"

# 2. one clause of one council edited: that council's files and the
# corpus-level files change, no other council's
sed -i 's/must be read and operated in the context/must be read and applied in the context/' sources/lydney.md
grep -q "read and applied" sources/lydney.md || notok "test set-up: the edit applies"
"$CONCORD" build -o out sources/*.md 2>"$TESTTMP/e3"
snap out >"$TESTTMP/s3"
touched "$TESTTMP/s2" "$TESTTMP/s3" >"$TESTTMP/t3"
for f in ./site/lydney.html ./pdf/lydney.pdf ./akn/lydney.xml ./corpus.json; do
  grep -qx "$f" "$TESTTMP/t3" && ok "edit in lydney.md rebuilds $f" || { notok "edit in lydney.md rebuilds $f"; detail <"$TESTTMP/t3"; }
done
others=$(grep -E '^\./(site|pdf|akn)/(brent|solihull|cheshire-west-and-chester|east-northamptonshire)\.(html|pdf|xml)$' "$TESTTMP/t3")
[ -z "$others" ] && ok "edit in lydney.md leaves the other councils' pages, PDFs and AKN alone" || { notok "edit in lydney.md leaves the other councils' files alone"; echo "$others" | detail; }
# the parts that show only structure (ids, numbers, topics) are kept
for f in ./site/matrix.html ./matrix.csv ./akn/equivalents.xml ./pdf/matrix.pdf; do
  grep -qx "$f" "$TESTTMP/t3" && { notok "a text edit keeps $f (it shows no clause text)"; detail <"$TESTTMP/t3"; } || ok "a text edit keeps $f (it shows no clause text)"
done
# topic pages: only those of the edited clause's topic
grep -qx ./site/topics/protocol-read-with-codes.html "$TESTTMP/t3" && ok "a text edit rebuilds its clause's topic page" || { notok "a text edit rebuilds its clause's topic page"; detail <"$TESTTMP/t3"; }
n=$(grep -c '^\./site/topics/' "$TESTTMP/t3")
[ "$n" -eq 1 ] && ok "a text edit leaves the other topic pages alone" || { notok "a text edit leaves the other topic pages alone ($n rewritten)"; detail <"$TESTTMP/t3"; }
grep -q "16 of 20 document outputs unchanged" "$TESTTMP/e3" && ok "16 of 20 document outputs kept (one council's page, PDF, AKN and JSON rebuilt)" || { notok "16 of 20 document outputs kept"; detail <"$TESTTMP/e3"; }
grep -q "read and applied" out/site/lydney.html && ok "the edit is in the rebuilt page" || notok "the edit is in the rebuilt page"
clean_equal "after a clause edit, the output equals a clean full build"

# 2b. a topic moved from one clause to another: the structure-only parts
# (the matrix, equivalents.xml) are rebuilt
sed -i '0,/{topic=protocol-read-with-codes}/s//{topic=protocol-read-with-codes,protocol-purpose}/' sources/lydney.md
grep -q "protocol-read-with-codes,protocol-purpose" sources/lydney.md || notok "test set-up: the topic edit applies"
snap out >"$TESTTMP/s3a"
"$CONCORD" build -q -o out sources/*.md 2>/dev/null
snap out >"$TESTTMP/s3b"
touched "$TESTTMP/s3a" "$TESTTMP/s3b" >"$TESTTMP/t3b"
for f in ./site/matrix.html ./matrix.csv ./akn/equivalents.xml ./pdf/matrix.pdf; do
  grep -qx "$f" "$TESTTMP/t3b" && ok "a topic edit rebuilds $f" || { notok "a topic edit rebuilds $f"; detail <"$TESTTMP/t3b"; }
done
clean_equal "after a topic edit, the output equals a clean full build"
snap out >"$TESTTMP/s3"

# 3. a change other councils show: Lydney's name is in their "Also in" lines
sed -i '0,/^council:/s/^council:.*/council: Lydney Town Council (renamed)/' sources/lydney.md
"$CONCORD" build -q -o out sources/*.md 2>"$TESTTMP/e4"
snap out >"$TESTTMP/s4"
touched "$TESTTMP/s3" "$TESTTMP/s4" >"$TESTTMP/t4"
grep -q "renamed" out/site/brent.html && grep -qx ./site/brent.html "$TESTTMP/t4" \
  && ok "renaming a council rebuilds the pages that cite it" || { notok "renaming a council rebuilds the pages that cite it"; detail <"$TESTTMP/t4"; }
clean_equal "after renaming a council, the output equals a clean full build"

# 3b. a topic moved from a list clause to one of its items (docs/provisions.md):
# Cheshire West and Chester 2.9 makes a provision Brent makes, then its item
# (e) does instead. The clause's topics (their union) stay the same, but
# Brent's "Also in" now cites 2.9(e): the pages that show it, the matrix
# and the topic page are rebuilt
key=$(grep -m1 -o '{topic=[a-z0-9-]*' sources/brent.md | cut -d= -f2)
cw=sources/cheshire-west-and-chester.md
sed -i -E "s/^(2\.9 Officers can expect members:).*\$/\1 {topic=$key}/; s/^(- \(e\) to treat them fairly[^{]*[^ {])( *\{[^}]*\})?\$/\1/" $cw
"$CONCORD" build -q -o out sources/*.md 2>/dev/null
grep -q "cheshire-west-and-chester.html#para-2.9\"" out/site/brent.html || notok "test set-up: Brent cites 2.9"
sed -i -E "s/^(2\.9 Officers can expect members:).*\$/\1/; s/^(- \(e\) to treat them fairly.*[^ ])\$/\1 {topic=$key}/" $cw
grep -q "^- (e) to treat them fairly.*{topic=$key}\$" $cw || notok "test set-up: the item annotation applies"
snap out >"$TESTTMP/s5a"
"$CONCORD" build -q -o out sources/*.md 2>/dev/null
snap out >"$TESTTMP/s5b"
touched "$TESTTMP/s5a" "$TESTTMP/s5b" >"$TESTTMP/t5"
grep -q "cheshire-west-and-chester.html#para-2.9-e" out/site/brent.html && grep -qx ./site/brent.html "$TESTTMP/t5" \
  && ok "a topic moved to an item rebuilds the pages whose \"Also in\" cites it" || { notok "a topic moved to an item rebuilds the pages whose \"Also in\" cites it"; detail <"$TESTTMP/t5"; }
for f in ./site/matrix.html ./matrix.csv ./akn/equivalents.xml ./pdf/matrix.pdf "./site/topics/$key.html"; do
  grep -qx "$f" "$TESTTMP/t5" && ok "a topic moved to an item rebuilds $f" || { notok "a topic moved to an item rebuilds $f"; detail <"$TESTTMP/t5"; }
done
clean_equal "after a topic moved to an item, the output equals a clean full build"
sed -i 's/^- (e) to treat them fairly and with respect, dignity and courtesy/- (e) to treat them fairly and with respect, dignity and real courtesy/' sources/cheshire-west-and-chester.md
grep -q "dignity and real courtesy" sources/cheshire-west-and-chester.md || notok "test set-up: the item edit applies"
snap out >"$TESTTMP/s5c"
"$CONCORD" build -q -o out sources/*.md 2>/dev/null
snap out >"$TESTTMP/s5d"
touched "$TESTTMP/s5c" "$TESTTMP/s5d" >"$TESTTMP/t5b"
grep -qx "./site/topics/$key.html" "$TESTTMP/t5b" && grep -q "real courtesy" "out/site/topics/$key.html" \
  && ok "editing an item's words rebuilds the topic page quoting it" || { notok "editing an item's words rebuilds the topic page quoting it"; detail <"$TESTTMP/t5b"; }
clean_equal "after an item edit, the output equals a clean full build"

# 4. outputs removed or edited by hand are rebuilt
rm out/site/solihull.html out/site/topics/distinct-roles.html
echo "tampered" >>out/pdf/brent.pdf
"$CONCORD" build -q -o out sources/*.md 2>/dev/null
[ -f out/site/solihull.html ] && ok "a deleted output is rebuilt" || notok "a deleted output is rebuilt"
[ -f out/site/topics/distinct-roles.html ] && ok "a deleted topic page is rebuilt" || notok "a deleted topic page is rebuilt"
clean_equal "an output edited by hand is rebuilt"

# 5. a theme, a hook file or the taxonomy change what they affect
echo "/* edited */" >>themes/default/style.css
"$CONCORD" build -q -o out sources/*.md 2>/dev/null
clean_equal "after a theme edit, the output equals a clean full build"
printf '\n-- edited\n' >>lua/brent.lua
"$CONCORD" build -q -o out sources/*.md 2>/dev/null
clean_equal "after a hook edit, the output equals a clean full build"
sed -i '0,/label: "/s/label: "\(.*\)"/label: "\1 (edited)"/' sources/topics.yaml
grep -q '(edited)"' sources/topics.yaml || notok "test set-up: the taxonomy edit applies"
"$CONCORD" build -q -o out sources/*.md 2>/dev/null
clean_equal "after a taxonomy edit, the output equals a clean full build"

# 6. fewer formats, then all again; -j 1 and -j 4 agree on what to keep
"$CONCORD" build -q --format html -o out sources/*.md 2>/dev/null
sed -i 's/must be read and applied/must be read and observed/' sources/lydney.md
"$CONCORD" build -q -j 4 -o out sources/*.md 2>/dev/null
clean_equal "html-only build, edit, full -j 4 build: equals a clean full build"

# 7. a failed build keeps the cache and outputs as they were
snap out >"$TESTTMP/s7"; cp out/.concord-cache "$TESTTMP/cache7"
printf -- '---\ncouncil: X\nslug: x\n---\n\n## 1. A\n\n1.1 Text.\n' >sources/broken.md
"$CONCORD" build -q -o out sources/*.md >/dev/null 2>&1
rm sources/broken.md
snap out >"$TESTTMP/s8"
same "a failed build leaves the outputs alone" "$TESTTMP/s7" "$TESTTMP/s8"
same "a failed build leaves the cache alone" "$TESTTMP/cache7" out/.concord-cache

# 8. --no-cache rewrites everything
"$CONCORD" build --no-cache -o out sources/*.md 2>"$TESTTMP/e9"
! grep -q "unchanged" "$TESTTMP/e9" && ok "--no-cache rebuilds every output" || { notok "--no-cache rebuilds every output"; detail <"$TESTTMP/e9"; }
