#!/usr/bin/env bash
# tests/t_hostile.sh - hostile inputs from issue 24 (the ones that are not
# about Lua hooks): each reproducer of the attack report, generated here
# (big inputs are never committed), must give a clean result or a clear
# error. Work that could grow quadratically is checked by counts the
# binary reports (`concord dump --stats`), never by time.
. "$(dirname "$0")/lib.sh"

# ASan reserves terabytes of address space: memory limits apply only to
# the normal binary.
is_asan() { grep -qa __asan_init "$CONCORD"; }

# header FILE SLUG: front matter of a small source.
header() { printf -- '---\ncouncil: Hostile %s\nslug: %s\ntitle: T\nkind: unitary\n---\n\n' "$2" "$2" >"$1"; }

# ---- High 3: repeated ids in linear time and memory --------------------
# N copies of one unnumbered sentence under one heading get the ids
# base, base-2, ... base-N: the probes (ids tried) must grow linearly,
# i.e. at most 2 per copy (the old loop needed N*N/2).
probes_ok() { # NAME FILE COPIES
  local name=$1 f=$2 n=$3 p
  p=$("$CONCORD" dump --stats "$f" 2>"$TESTTMP/stderr" | sed -n 's/^{"stats": {"id_probes": \([0-9]*\)}}$/\1/p')
  if [ -n "$p" ] && [ "$p" -le $((2 * n + 10)) ]; then ok "$name ($p probes for $n copies)"
  else notok "$name"; echo "probes: '${p}' for $n copies (limit $((2 * n + 10)))" | detail; head -5 "$TESTTMP/stderr" | detail; fi
}
N=20000
D="$TESTTMP/dup"
mkdir -p "$D"
header "$D/same.md" same
{ printf '## 1. Head\n\n'; for ((i = 0; i < N; i++)); do printf 'Members must be courteous to officers.\n\n'; done; } >>"$D/same.md"
probes_ok "ids: $N copies of one unnumbered clause take linear probes" "$D/same.md" "$N"
header "$D/num.md" num
{ printf '## 1. Head\n\n'; for ((i = 0; i < N; i++)); do printf '1.1 Members must be courteous.\n\n'; done; } >>"$D/num.md"
probes_ok "ids: $N clauses numbered 1.1 take linear probes" "$D/num.md" "$N"
# the ids are still base, base-2, ..., base-N, in order
"$CONCORD" dump "$D/same.md" 2>/dev/null | grep -o '"clause":"sec-1-members-must-be-courteous[-0-9]*"' >"$TESTTMP/ids"
if [ "$(sed -n 1p "$TESTTMP/ids")" = '"clause":"sec-1-members-must-be-courteous"' ] &&
   [ "$(sed -n 2p "$TESTTMP/ids")" = '"clause":"sec-1-members-must-be-courteous-2"' ] &&
   [ "$(sed -n "${N}p" "$TESTTMP/ids")" = "\"clause\":\"sec-1-members-must-be-courteous-$N\"" ]; then
  ok "ids: copies are numbered -2 ... -$N in order"
else
  notok "ids: copies are numbered -2 ... -$N in order"; sed -n '1,3p;$p' "$TESTTMP/ids" | detail
fi
# an explicit id in the way is stepped around
header "$D/around.md" around
printf '## 1. Head\n\nSame words here.\n\nSame words here.\n\nOther. {#sec-1-same-words-here-3}\n\nSame words here.\n\n' >>"$D/around.md"
"$CONCORD" dump "$D/around.md" 2>/dev/null | grep -o '"clause":"sec-1-same-words-here[-0-9]*"' | tr '\n' ' ' >"$TESTTMP/ids"
if grep -q '"sec-1-same-words-here-2".*"sec-1-same-words-here-3".*"sec-1-same-words-here-4"' "$TESTTMP/ids"; then
  ok "ids: a generated id steps around an explicit one"
else notok "ids: a generated id steps around an explicit one"; detail <"$TESTTMP/ids"; fi
if is_asan; then
  echo "skip - ids: $N copies checked in 400 MB (ASan binary)"
else
  check "ids: $N copies checked in 400 MB of address space" \
    bash -c "ulimit -v 400000 && '$CONCORD' check --topics '$ROOT/sources/topics.yaml' '$D/same.md' >/dev/null 2>&1; [ \$? -le 1 ]"
fi

# project DIR: an empty project with the repository's taxonomy
project() { rm -rf "$1" && mkdir -p "$1/sources" && cp "$ROOT/sources/topics.yaml" "$1/sources/" && cp -r "$ROOT/themes" "$1/"; }

# ---- Medium 4: slugs that would overwrite site-wide outputs ------------
# (the refusals themselves are tests/bad/slug-*.md in t_bad_input.sh)
S="$TESTTMP/same"
project "$S"
header "$S/sources/one.md" one
printf '## 1. H\n\n1.1 Text. {topic=protocol-purpose}\n' >>"$S/sources/one.md"
(cd "$S" && "$CONCORD" check sources/one.md ./sources/one.md) >"$TESTTMP/out" 2>&1
if grep -q 'one.md:1:1: error: this source is given twice' "$TESTTMP/out" && ! grep -q 'already used by' "$TESTTMP/out"; then
  ok "the same source given twice is named as such"
else notok "the same source given twice is named as such"; detail <"$TESTTMP/out"; fi

# ---- Medium 7: control characters in diagnostics are shown escaped -----
E="$TESTTMP/esc"
project "$E"
header "$E/sources/esc.md" esc
printf '## 1. H\n\n1.1 Text [x](javascript:\033]0;OWNED\a) here. {topic=protocol-purpose}\n\n1.2 More. {topic=nope\033[2J}\n' >>"$E/sources/esc.md"
(cd "$E" && "$CONCORD" check sources/esc.md) >"$TESTTMP/out" 2>&1
if ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TESTTMP/out" &&
   grep -qF 'javascript:\x1b]0;OWNED\x07' "$TESTTMP/out" && grep -qF "unknown topic 'nope" "$TESTTMP/out"; then
  ok "diagnostics show ESC and BEL from the source as \\x1b, \\x07"
else notok "diagnostics show ESC and BEL from the source as \\x1b, \\x07"; cat -v "$TESTTMP/out" | detail; fi
# a file name is printed escaped too
(cd "$E" && "$CONCORD" check "$(printf 'sources/no\033[2Jfile.md')") >"$TESTTMP/out" 2>&1
if ! LC_ALL=C grep -q "$(printf '\033')" "$TESTTMP/out" && grep -qF 'no\x1b[2Jfile.md' "$TESTTMP/out"; then
  ok "a file name's ESC is printed as \\x1b"
else notok "a file name's ESC is printed as \\x1b"; cat -v "$TESTTMP/out" | detail; fi

# ---- Medium 6 and 8: control characters and escaped bidi controls ------
# Form feed, VT, ESC in clause text, &#12; as an entity, "\e \a \x01" as
# YAML escapes in the front matter and topics.yaml: each is removed with a
# warning at its place (so --werror refuses), and the Akoma Ntoso XML is
# valid. U+202E written as &#x202E; or "\u202E" is warned at like a raw one.
X="$TESTTMP/ctl"
project "$X"
cp -r "$ROOT/themes" "$X/"
sed -i 's|^    label: "Purpose: to guide member/officer relations"|    label: "Purpose \\e[2J \\x01 \\u202E"|' "$X/sources/topics.yaml"
header "$X/sources/ctl.md" ctl
sed -i 's/^council: .*/council: "Ctl \\e\\a\\x01 council"/' "$X/sources/ctl.md"
printf '## 1. H\n\n1.1 Form \f feed \v vt \033 esc &#12; entity. {topic=protocol-purpose}\n\n1.2 Bidi &#x202E; here. {topic=protocol-purpose}\n' >>"$X/sources/ctl.md"
(cd "$X" && "$CONCORD" build -o out sources/ctl.md) >"$TESTTMP/out" 2>&1
rc=$?
problems=()
[ "$rc" -eq 0 ] || problems+=("build exit status $rc")
grep -q 'ctl.md:2:10: warning: control character U+001B removed from this YAML value' "$TESTTMP/out" || problems+=("no warning at the front matter's \\e")
grep -q 'ctl.md:10:[0-9]*: warning: control character U+000C removed from the text' "$TESTTMP/out" || problems+=("no warning at the clause's form feed")
grep -q 'ctl.md:12:[0-9]*: warning: Unicode bidirectional control U+202E (written as an escape)' "$TESTTMP/out" || problems+=("no warning at &#x202E;")
grep -q 'topics.yaml:78:[0-9]*: warning: control character U+001B removed' "$TESTTMP/out" || problems+=("no warning at topics.yaml's \\e")
grep -q 'topics.yaml:78:[0-9]*: warning: Unicode bidirectional control U+202E (written as an escape)' "$TESTTMP/out" || problems+=("no warning at topics.yaml's \\u202E")
for f in "$X"/out/akn/*.xml; do
  xmllint --noout "$f" >>"$TESTTMP/out" 2>&1 || problems+=("$(basename "$f") is not well-formed XML")
done
# (the site's downloads include the PDFs, binary files with bytes of every value)
LC_ALL=C grep -rlq --exclude='*.pdf' "$(printf '[\001-\010\013\014\016-\037]')" "$X/out/akn" "$X/out/site" "$X/out/corpus.json" && problems+=("a control character reached an output")
if [ ${#problems[@]} -eq 0 ]; then ok "control characters are removed with a warning; the AKN XML is valid"
else notok "control characters are removed with a warning; the AKN XML is valid"; { printf '%s\n' "${problems[@]}"; cat -v "$TESTTMP/out"; } | detail; fi
(cd "$X" && "$CONCORD" check --werror sources/ctl.md) >/dev/null 2>&1
[ $? -eq 1 ] && ok "control characters and escaped bidi controls fail --werror" || notok "control characters and escaped bidi controls fail --werror"

# ---- Medium 10: PDF limits are said with file:line, before libharu fails
Q="$TESTTMP/pdf"
project "$Q"
header "$Q/sources/words.md" words
{ printf '## 1. H\n\n1.1 '; for ((i = 0; i < 400; i++)); do printf 'word %.0s' {1..100}; printf '\n'; done; printf '{topic=protocol-purpose}\n'; } >>"$Q/sources/words.md"
header "$Q/sources/longword.md" longword
{ printf '## 1. H\n\n1.1 Start '; head -c 100000 /dev/zero | tr '\0' a; printf ' end. {topic=protocol-purpose}\n'; } >>"$Q/sources/longword.md"
for c in "words:words.md:10:1: error: PDF: this paragraph is too long for a tagged PDF (40000 words" \
         "longword:longword.md:10:1: error: PDF: a word of 100000 bytes"; do
  name=${c%%:*} want=${c#*:}
  (cd "$Q" && "$CONCORD" build -q --format pdf -o out "sources/$name.md") >"$TESTTMP/out" 2>&1
  rc=$?
  if [ "$rc" -eq 1 ] && grep -qF "$want" "$TESTTMP/out" && ! grep -q 'libharu could not load' "$TESTTMP/out"; then
    ok "PDF: $name gives a clear error at its line"
  else notok "PDF: $name gives a clear error at its line (exit $rc)"; detail <"$TESTTMP/out"; fi
done

# ---- Medium 9: hostile importer input ------------------------------------
# Sections numbered 100 and more stay sections (## 100.), and 20,000 of
# them import into a valid source: no "internal" error, no quadratic work.
I="$TESTTMP/import"
mkdir -p "$I"
{ printf 'PROTOCOL\n\n'; for ((i = 95; i <= 105; i++)); do printf '%d. Section %d\n\n%d.1 Members must be courteous %d.\n\n' $i $i $i $i; done; } >"$I/hundred.txt"
"$CONCORD" import "$I/hundred.txt" --council X --slug x --no-topics -o "$I/hundred.md" --force >"$TESTTMP/out" 2>&1
if [ "$(grep -c '^## 1[0-9][0-9]\. Section' "$I/hundred.md" 2>/dev/null)" = 6 ] && ! grep -q '^###' "$I/hundred.md" &&
   ! grep -q 'internal\|printed again' "$TESTTMP/out"; then
  ok "import: sections 100 to 105 are sections, their clauses keep their numbers"
else notok "import: sections 100 to 105 are sections, their clauses keep their numbers"; { cat "$TESTTMP/out"; grep '^#' "$I/hundred.md"; } | detail; fi
{ printf 'PROTOCOL\n\n'; for ((i = 1; i <= 20000; i++)); do printf '%d. Section %d\n\n%d.1 Members must be courteous to officers in section %d.\n\n' $i $i $i $i; done; } >"$I/big.txt"
"$CONCORD" import "$I/big.txt" --council X --slug x --no-topics -o "$I/big.md" --force >"$TESTTMP/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && ! grep -q 'internal' "$TESTTMP/out" && [ "$(grep -c '^## ' "$I/big.md")" = 20000 ] &&
   "$CONCORD" check --topics "$ROOT/sources/topics.yaml" "$I/big.md" >/dev/null 2>&1; then
  ok "import: 20,000 sections give a valid source"
else notok "import: 20,000 sections give a valid source (exit $rc)"; head -5 "$TESTTMP/out" | detail; fi

# ---- Low: matrix.csv formula injection ---------------------------------
M="$TESTTMP/csv"
project "$M"
sed -i 's|^    label: "Purpose: to guide member/officer relations"|    label: "=HYPERLINK(\\"http://evil.example/\\",\\"click\\")"|' "$M/sources/topics.yaml"
sed -i '0,/^    label: "Not prescriptive: guidance on common issues"/s||    label: "@SUM(1+1)"|' "$M/sources/topics.yaml"
header "$M/sources/csv.md" csv
printf '## 1. H\n\n1.1 Text. {topic=protocol-purpose}\n' >>"$M/sources/csv.md"
(cd "$M" && "$CONCORD" build -q --format matrix -o out sources/csv.md) >"$TESTTMP/out" 2>&1
if python3 - "$M/out/matrix.csv" >>"$TESTTMP/out" 2>&1 <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
labels = {r[0]: r[2] for r in rows[1:]}
bad = [f for r in rows for f in r if f[:1] in ("=", "+", "-", "@", "\t", "\r")]
assert not bad, "fields a spreadsheet would run: %r" % bad[:3]
assert labels["protocol-purpose"] == "'=HYPERLINK(\"http://evil.example/\",\"click\")", labels["protocol-purpose"]
assert labels["protocol-guidance-not-rules"] == "'@SUM(1+1)", labels["protocol-guidance-not-rules"]
PY
then ok "matrix.csv: a label starting with = or @ is written as text ('=...)"
else notok "matrix.csv: a label starting with = or @ is written as text ('=...)"; detail <"$TESTTMP/out"; fi

# ---- Low: an absolute source path does not reach corpus.json ------------
A="$TESTTMP/abs"
project "$A"
cp "$M/sources/csv.md" "$A/sources/abs.md"
sed -i 's/^slug: .*/slug: abs/' "$A/sources/abs.md"
(cd "$A" && "$CONCORD" build -q --format json -o out "$A/sources/abs.md") >"$TESTTMP/out" 2>&1
(cd / && "$CONCORD" build -q --format json -o "$A/out2" "$A/sources/abs.md") >>"$TESTTMP/out" 2>&1
if [ -f "$A/out/corpus.json" ] && ! grep -qF "$A" "$A/out/corpus.json" "$A/out2/corpus.json" &&
   grep -q '"source": *"sources/abs.md"' "$A/out/corpus.json" && grep -q '"source": *"abs.md"' "$A/out2/corpus.json"; then
  ok "corpus.json: an absolute source path is shown relative (or by its name)"
else notok "corpus.json: an absolute source path is shown relative (or by its name)"; { cat "$TESTTMP/out"; grep -o '"source": *"[^"]*"' "$A"/out*/corpus.json; } | detail; fi

# ---- Low: SOURCE_DATE_EPOCH outside 1970..9999 is refused ---------------
for v in 67768036191676799 9223372036854775807 -1 1e9 253402300800; do
  (cd "$A" && SOURCE_DATE_EPOCH=$v "$CONCORD" build -q -o out-epoch sources/abs.md) >"$TESTTMP/out" 2>&1
  rc=$?
  if [ "$rc" -eq 1 ] && grep -q "error: SOURCE_DATE_EPOCH='$v' is not a time from 1970 to 9999" "$TESTTMP/out" &&
     [ ! -e "$A/out-epoch" ] && sanitizer_clean "$TESTTMP/out"; then
    ok "SOURCE_DATE_EPOCH=$v is refused with a clear error"
  else notok "SOURCE_DATE_EPOCH=$v is refused with a clear error (exit $rc)"; detail <"$TESTTMP/out"; fi
done
(cd "$A" && SOURCE_DATE_EPOCH=253402300799 "$CONCORD" build -q -o out-max sources/abs.md) >"$TESTTMP/out" 2>&1
if [ $? -eq 0 ] && sanitizer_clean "$TESTTMP/out"; then ok "SOURCE_DATE_EPOCH at 9999-12-31T23:59:59Z builds"
else notok "SOURCE_DATE_EPOCH at 9999-12-31T23:59:59Z builds"; detail <"$TESTTMP/out"; fi

# ---- Low: unclear messages ------------------------------------------------
U="$TESTTMP/unclear"
project "$U"
cp "$ROOT/sources/brent.md" "$U/sources/"
# a theme symlinked outside the project is reported against the theme
mkdir -p "$TESTTMP/outside" && rm -rf "$TESTTMP/outside/default" && mv "$U/themes/default" "$TESTTMP/outside/default"
ln -s "$TESTTMP/outside/default" "$U/themes/default"
(cd "$U" && "$CONCORD" build -q --format matrix -o out sources/brent.md) >"$TESTTMP/out" 2>&1
if grep -q '^sources/../themes/default/template.html: error: theme .default. .* leads outside' "$TESTTMP/out" &&
   ! grep -q 'topics.yaml' "$TESTTMP/out"; then
  ok "a theme symlinked outside is reported against the theme, not topics.yaml"
else notok "a theme symlinked outside is reported against the theme, not topics.yaml"; detail <"$TESTTMP/out"; fi
# dump --topics names the taxonomy in its diagnostics
printf 'themes:\n  - key: a\n    label: A\n    definition: d\ntopics:\n  - key: x\n    label: X\n' >"$U/bad.yaml"
"$CONCORD" dump --topics "$U/bad.yaml" "$U/sources/brent.md" >"$TESTTMP/out" 2>&1
if grep -qF "{\"diag\":\"$U/bad.yaml:6:5: error:" "$TESTTMP/out" && grep -q '{"diag":"34:1: warning' "$TESTTMP/out"; then
  ok "dump --topics BAD.yaml names the file in the taxonomy's diagnostics"
else notok "dump --topics BAD.yaml names the file in the taxonomy's diagnostics"; grep diag "$TESTTMP/out" | head -3 | detail; fi
# diff -o DIR/ is a usage error that says so
mkdir -p "$U/red"
for o in "$U/red/" "$U/red"; do
  "$CONCORD" diff "$U/sources/brent.md" "$U/sources/brent.md" -o "$o" >"$TESTTMP/out" 2>&1
  rc=$?
  if [ "$rc" -eq 2 ] && grep -q "diff -o takes a file, and '$o' is a directory" "$TESTTMP/out" && ! grep -q internal "$TESTTMP/out"; then
    ok "diff -o $(basename "$o")${o: -1} is a clear usage error"
  else notok "diff -o $o is a clear usage error (exit $rc)"; detail <"$TESTTMP/out"; fi
done
"$CONCORD" diff -q "$U/sources/brent.md" "$U/sources/brent.md" -o "$U/red/r.html" >"$TESTTMP/out" 2>&1
if [ -s "$U/red/r.html" ] && [ "$(ls -a "$U" | grep -c concord)" = 0 ]; then ok "diff -o FILE writes the file, and nothing beside its folder"
else notok "diff -o FILE writes the file, and nothing beside its folder"; { cat "$TESTTMP/out"; ls -a "$U"; } | detail; fi

# ---- Low: footnote labels follow the id rules ----------------------------
F="$TESTTMP/fn"
project "$F"
header "$F/sources/fn.md" fn
printf '## 1. H\n\n1.1 Text[^ok] here. {topic=protocol-purpose}\n\n[^ok]: Fine.\n[^a"b]: Bad.\n[^#]: Bad too.\n' >>"$F/sources/fn.md"
(cd "$F" && "$CONCORD" build -q --format akn,html -o out sources/fn.md) >"$TESTTMP/out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q "fn.md:13:3: error: footnote label 'a\"b' is not valid" "$TESTTMP/out" &&
   grep -q "fn.md:14:3: error: footnote label '#' is not valid" "$TESTTMP/out" && [ ! -e "$F/out" ]; then
  ok "footnote labels [^a\"b] and [^#] are errors at their definitions"
else notok "footnote labels [^a\"b] and [^#] are errors at their definitions (exit $rc)"; detail <"$TESTTMP/out"; fi

# ---- Low: draft never writes a line break from an answer -----------------
printf 'council: "Evil\\nslug: pwned"\nslug: evil\n' >"$TESTTMP/answers.yaml"
(cd "$ROOT" && "$CONCORD" draft --answers "$TESTTMP/answers.yaml" -o "$TESTTMP/evil.md" --force) >"$TESTTMP/out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q "answers.yaml:1:10: error: 'council' must be on one line" "$TESTTMP/out" &&
   [ ! -e "$TESTTMP/evil.md" ] && ! grep -q wrote "$TESTTMP/out"; then
  ok "draft: a line break in an answer is refused, nothing written"
else notok "draft: a line break in an answer is refused, nothing written (exit $rc)"; detail <"$TESTTMP/out"; fi

# ---- Medium 5: the commit never writes through a link, and a failed
# build writes nothing -------------------------------------------------------
W="$TESTTMP/commit"
project "$W"
cp "$ROOT/sources/brent.md" "$W/sources/"
(cd "$W" && "$CONCORD" build -q --format html,json -o out sources/brent.md) >"$TESTTMP/out" 2>&1 || { notok "commit: the first build"; detail <"$TESTTMP/out"; }
# out/site is a link to a folder elsewhere: refused, nothing written there
mkdir -p "$W/elsewhere"
mv "$W/out/site" "$W/elsewhere/site"
ln -s "$W/elsewhere/site" "$W/out/site"
listing "$W/elsewhere" >"$TESTTMP/before"
listing "$W/out" >>"$TESTTMP/before"
(cd "$W" && "$CONCORD" build -q --no-cache --format html,json -o out sources/brent.md) >"$TESTTMP/stderr" 2>&1
rc=$?
listing "$W/elsewhere" >"$TESTTMP/after"
listing "$W/out" >>"$TESTTMP/after"
problems=()
[ "$rc" -eq 1 ] || problems+=("exit status $rc, expected 1")
grep -q "out/site is a symbolic link: concord never writes through one" "$TESTTMP/stderr" || problems+=("no error naming out/site")
cmp -s "$TESTTMP/before" "$TESTTMP/after" || problems+=("files changed")
ls -a "$W" | grep -q '^\.out\.concord-' && problems+=("staging left beside out/")
failure_verdict "commit: a symlinked out/site is refused and nothing is written through it" "${problems[@]}"
rm "$W/out/site" && mv "$W/elsewhere/site" "$W/out/site"
# a build with an error, with out/site/topics made a file: nothing changes
printf 'x\n' >"$W/out/site/index.html.extra"
sed 's/^council: .*/council: Brent Council/; s/{topic=protocol-purpose}/{topic=no-such-topic}/' "$W/sources/brent.md" >"$W/sources/brent2.md"
sed -i 's/^slug: .*/slug: brent-two/' "$W/sources/brent2.md"
listing "$W/out" >"$TESTTMP/before"
(cd "$W" && "$CONCORD" build -q --format html,json -o out sources/brent.md sources/brent2.md) >"$TESTTMP/stderr" 2>&1
rc=$?
listing "$W/out" >"$TESTTMP/after"
problems=()
[ "$rc" -eq 1 ] || problems+=("exit status $rc, expected 1")
cmp -s "$TESTTMP/before" "$TESTTMP/after" || problems+=("out/ changed")
failure_verdict "commit: a build with an error leaves out/ byte for byte as it was" "${problems[@]}"
# a killed build's staging beside out/ is removed by the next build
mkdir -p "$W/.out.concord-next-999999999/site"
(cd "$W" && "$CONCORD" build -q --format html,json -o out sources/brent.md) >"$TESTTMP/out" 2>&1
if [ ! -e "$W/.out.concord-next-999999999" ] && [ -s "$W/out/site/brent.html" ] && [ -s "$W/out/site/index.html.extra" ]; then
  ok "commit: a dead build's staging beside out/ is removed; files the build does not write are kept"
else notok "commit: a dead build's staging beside out/ is removed; files the build does not write are kept"; { cat "$TESTTMP/out"; ls -a "$W" "$W/out/site"; } | detail; fi
