#!/usr/bin/env bash
# Parallel builds (-j N): the same bytes and the same diagnostics whatever
# the thread count, on the five councils and on a 20-council corpus; the
# -j option's errors; the progress line (only on request or a terminal).
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
export SOURCE_DATE_EPOCH=1700000000

# diagnostics without the summary line (it has the time)
diags() { grep -v '^concord: built' "$1"; }

compare() { # NAME OUT_A OUT_B
  if diff -r -x .concord-cache "$2" "$3" >"$TESTTMP/d" 2>&1; then ok "$1"; else notok "$1"; detail <"$TESTTMP/d"; fi
}

# jobs_agree NAME TAG SOURCES...: builds with -j 1 and -j 4 into
# $TESTTMP/TAG-j1 and TAG-j4; both succeed, same bytes, same diagnostics
jobs_agree() {
  local name=$1 tag=$2 r1 r4
  shift 2
  "$CONCORD" build --no-cache -j 1 -o "$TESTTMP/$tag-j1" "$@" 2>"$TESTTMP/$tag-e1"; r1=$?
  "$CONCORD" build --no-cache -j 4 -o "$TESTTMP/$tag-j4" "$@" 2>"$TESTTMP/$tag-e4"; r4=$?
  [ $r1 -eq 0 ] && [ $r4 -eq 0 ] && ok "$name build with -j 1 and -j 4" || { notok "$name build with -j 1 and -j 4 ($r1, $r4)"; detail <"$TESTTMP/$tag-e4"; }
  compare "$name: -j 4 output is byte-identical to -j 1" "$TESTTMP/$tag-j1" "$TESTTMP/$tag-j4"
  diags "$TESTTMP/$tag-e1" >"$TESTTMP/d1"; diags "$TESTTMP/$tag-e4" >"$TESTTMP/d4"
  same "$name: -j 4 diagnostics are the same as -j 1" "$TESTTMP/d1" "$TESTTMP/d4"
}

five=(sources/*.md)
jobs_agree "five councils" five "${five[@]}"
[ -n "$(find "$TESTTMP/five-j4" -name '*.pdf')" ] && [ -f "$TESTTMP/five-j4/site/brent.html" ] && [ -f "$TESTTMP/five-j4/akn/brent.xml" ] \
  && ok "-j 4 wrote the documents' HTML, PDF and Akoma Ntoso" || notok "-j 4 wrote the documents' HTML, PDF and Akoma Ntoso"

# default -j (online CPUs) and -jN spelling
"$CONCORD" build -q --no-cache -o "$TESTTMP/jdef" "${five[@]}" 2>/dev/null
compare "default -j (CPUs) output is byte-identical to -j 1" "$TESTTMP/five-j1" "$TESTTMP/jdef"
check "-j3 spelling is accepted" "$CONCORD" build -q --no-cache -j3 --format json -o "$TESTTMP/j3" "${five[@]}"

for bad in 0 -2 x 99999; do
  "$CONCORD" build -q -j "$bad" -o "$TESTTMP/bad" "${five[@]}" >/dev/null 2>&1
  [ $? -eq 2 ] && ok "-j $bad is a usage error" || notok "-j $bad is a usage error"
done

# a 20-council corpus (bench/gen_corpus.py: deterministic)
if command -v python3 >/dev/null && [ -f bench/gen_corpus.py ]; then
  python3 bench/gen_corpus.py --count 20 --seed 7 --out "$TESTTMP/c20" >/dev/null 2>"$TESTTMP/gen.err"
  c20=("$TESTTMP"/c20/*.md)
  if [ ${#c20[@]} -ge 20 ]; then
    jobs_agree "20 councils" c20 "${c20[@]}"
  else
    notok "bench/gen_corpus.py made a 20-council corpus"; detail <"$TESTTMP/gen.err"
  fi
else
  echo "skip - 20-council corpus (no python3 or bench/gen_corpus.py)"
fi

# a failing document fails the build at any -j, with the same diagnostics
mkdir -p "$TESTTMP/badtheme"
cp sources/*.md sources/topics.yaml "$TESTTMP/badtheme/"
sed -i '0,/^title:/s/^title:/theme: no-such-theme\ntitle:/' "$TESTTMP/badtheme/lydney.md"
"$CONCORD" build -j 1 -o "$TESTTMP/bt1" "$TESTTMP"/badtheme/*.md >/dev/null 2>"$TESTTMP/bt1.err"; r1=$?
"$CONCORD" build -j 4 -o "$TESTTMP/bt4" "$TESTTMP"/badtheme/*.md >/dev/null 2>"$TESTTMP/bt4.err"; r4=$?
[ $r1 -eq 1 ] && [ $r4 -eq 1 ] && [ ! -e "$TESTTMP/bt4/site" ] && ok "a missing theme fails the build at -j 4, writing nothing" \
  || notok "a missing theme fails the build at -j 4, writing nothing ($r1, $r4)"
same "a failing build reports the same at -j 1 and -j 4" "$TESTTMP/bt1.err" "$TESTTMP/bt4.err"

# progress: never when stderr is not a terminal (here it is a file)...
"$CONCORD" build --no-cache -j 2 -o "$TESTTMP/p0" "${five[@]}" 2>"$TESTTMP/p0.err"
! grep -q $'\r' "$TESTTMP/p0.err" && ok "no progress line when stderr is not a terminal" || notok "no progress line when stderr is not a terminal"
# ...shown when forced (as on a terminal, without the 1 s delay)...
CONCORD_PROGRESS=always "$CONCORD" build --no-cache -j 2 -o "$TESTTMP/p1" "${five[@]}" 2>"$TESTTMP/p1.err"
grep -q $'\r\033\\[Kconcord: 5/5 documents' "$TESTTMP/p1.err" && ok "progress line counts documents done of total" \
  || { notok "progress line counts documents done of total"; cat -v "$TESTTMP/p1.err" | detail; }
grep -aq 'documents · ' "$TESTTMP/p1.err" && ok "progress line names the current council or phase" \
  || { notok "progress line names the current council or phase"; cat -v "$TESTTMP/p1.err" | detail; }
# ...and never with -q
CONCORD_PROGRESS=always "$CONCORD" build -q --no-cache -j 2 -o "$TESTTMP/p2" "${five[@]}" 2>"$TESTTMP/p2.err"
! grep -q $'\r' "$TESTTMP/p2.err" && ok "no progress line with -q" || notok "no progress line with -q"
compare "the progress line does not change the output" "$TESTTMP/five-j1" "$TESTTMP/p1"
