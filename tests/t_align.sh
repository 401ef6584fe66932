#!/usr/bin/env bash
# t_align.sh - `concord align` (issues 6, 17): TSV/JSON format, provision
# units, determinism, independence from topic annotations (on clauses and
# items, and suggestions), the taxonomy pivot, precision/recall floors
# against the annotations at provision level, sub-quadratic candidate generation on a synthetic corpus,
# and `concord diff` golden files (word diff, moves, renumbering).
. "$ROOT/tests/lib.sh"
cd "$ROOT" || exit 1
case "$CONCORD" in /*) ;; *) CONCORD="$ROOT/$CONCORD" ;; esac # we cd below
SRC=(sources/*.md)

# ---- format ---------------------------------------------------------------
"$CONCORD" align >"$TESTTMP/a1.tsv" 2>"$TESTTMP/a1.err"
check "align runs on the five councils" test -s "$TESTTMP/a1.tsv"
python3 - "$TESTTMP/a1.tsv" >"$TESTTMP/fmt.out" 2>&1 <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "output must end with a newline"
prev = 2.0
for n, l in enumerate(lines[:-1], 1):
    m = re.fullmatch(r"([01]\.\d{4})\t([a-z0-9-]+)#(\S+)\t([a-z0-9-]+)#(\S+)", l)
    assert m, f"line {n} is not score<TAB>slug#id<TAB>slug#id: {l!r}"
    s = float(m.group(1))
    assert 0 <= s <= 1, f"line {n}: score out of [0,1]"
    assert m.group(2) != m.group(4), f"line {n}: pair within one council"
    assert s <= prev, f"line {n}: not best first"
    prev = s
PY
if [ $? -eq 0 ]; then ok "TSV: score<TAB>slug#id<TAB>slug#id, cross-council, best first"; else notok "TSV format"; detail <"$TESTTMP/fmt.out"; fi

"$CONCORD" align >"$TESTTMP/a2.tsv" 2>/dev/null
same "align is deterministic (two runs, same bytes)" "$TESTTMP/a1.tsv" "$TESTTMP/a2.tsv"

"$CONCORD" align --format json >"$TESTTMP/a.json" 2>/dev/null
check "JSON output parses and agrees with TSV" python3 - "$TESTTMP/a.json" "$TESTTMP/a1.tsv" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
tsv = [l.split("\t") for l in open(sys.argv[2]).read().splitlines()]
assert len(j["pairs"]) == len(tsv), (len(j["pairs"]), len(tsv))
for p, t in zip(j["pairs"], tsv):
    assert (f'{p["score"]:.4f}', p["a"], p["b"]) == tuple(t), (p, t)
assert j["candidates"] < j["cross_pairs"]
assert j["units"] > j["clauses"], (j["units"], j["clauses"])
PY
# units are provisions: a sub-item of a list clause meets the single
# clause of another council that makes its provision
check "a list item meets the single clause that matches it (Brent 2.1 / Lydney 3.2 d))" \
  python3 - "$TESTTMP/a.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
kinds = {p["kind"] for p in j["pairs"]}
assert {"item-clause", "item-item", "clause-clause"} <= kinds, kinds
e = [p for p in j["pairs"] if "lydney#para-3.2-d" in (p["a"], p["b"])]
assert [p for p in e if p["a"] == "brent#para-2.1" and p["kind"] == "item-clause"], e
assert not [p for p in j["pairs"] if p["a"].endswith("#para-2.9") or p["b"].endswith("#para-2.9")]
PY

"$CONCORD" align --min-score 0.5 >"$TESTTMP/a5.tsv" 2>/dev/null
check "--min-score drops lower pairs" awk -F'\t' '$1 < 0.5 {exit 1} END {exit NR == 0}' "$TESTTMP/a5.tsv"
check_fails "--min-score outside [0,1] is a usage error" "$CONCORD" align --min-score 2
check_fails "--format other than tsv/json is a usage error" "$CONCORD" align --format xml

# a copy of the five with suggestions added ({topic?=...} on a clause and
# on an item): the aligner must not see them either
mkdir -p "$TESTTMP/items"
cp "${SRC[@]}" sources/topics.yaml "$TESTTMP/items/"
sed -i -E '0,/^2\.1 /s/^(2\.1 .*[^ ])$/\1 {topic?=protocol-purpose}/; 0,/^- \(e\) /s/^(- \(e\) .*[^ ])$/\1 {topic?=distinct-roles}/' "$TESTTMP/items/cheshire-west-and-chester.md"
check "test set-up: the copy holds suggestions" grep -c "topic?=" "$TESTTMP/items/cheshire-west-and-chester.md"

# ---- text alone: removing every topic annotation changes nothing ---------
# (on clauses and items, and suggestions {topic?=...})
mkdir -p "$TESTTMP/bare" "$TESTTMP/bare-items"
cp sources/topics.yaml "$TESTTMP/bare/"
cp sources/topics.yaml "$TESTTMP/bare-items/"
strip() { sed -E 's/ topic\??=[^ }]*//g; s/\{topic\??=[^ }]*\} ?//g; s/\{\} ?//g' "$1" >"$2"; }
for f in "${SRC[@]}"; do strip "$f" "$TESTTMP/bare/$(basename "$f")"; done
for f in "$TESTTMP"/items/*.md; do strip "$f" "$TESTTMP/bare-items/$(basename "$f")"; done
if grep -qE "topic\??=" "$TESTTMP"/bare/*.md "$TESTTMP"/bare-items/*.md; then notok "stripping annotations"; else
  (cd "$TESTTMP/bare-items" && "$CONCORD" align ./*.md >"$TESTTMP/bare-items.tsv" 2>/dev/null)
  same "aligner ignores item annotations and suggestions (same pairs without them)" "$TESTTMP/a1.tsv" "$TESTTMP/bare-items.tsv"
  (cd "$TESTTMP/bare" && "$CONCORD" align ./*.md >"$TESTTMP/bare.tsv" 2>/dev/null)
  same "aligner ignores topic annotations (same pairs without them)" "$TESTTMP/a1.tsv" "$TESTTMP/bare.tsv"
  "$CONCORD" align --text-only >"$TESTTMP/t1.tsv" 2>/dev/null
  (cd "$TESTTMP/bare" && "$CONCORD" align --text-only ./*.md >"$TESTTMP/bare-t.tsv" 2>/dev/null)
  same "--text-only ignores topic annotations too" "$TESTTMP/t1.tsv" "$TESTTMP/bare-t.tsv"
fi

# ---- the taxonomy pivot reads the definitions, and only them ----------------
# Blank one topic's label and definition: the pairs that came through it
# must go, and the text-only aligner must not notice.
mkdir -p "$TESTTMP/blank"
cp "${SRC[@]}" "$TESTTMP/blank/"
python3 - sources/topics.yaml "$TESTTMP/blank/topics.yaml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'(- key: officers-serve-whole-council\n\s+label: )"[^"]*"(\n\s+definition: )"[^"]*"', text)
assert m, "topic officers-serve-whole-council not found"
open(sys.argv[2], "w", encoding="utf-8").write(text[:m.start()] + m.group(1) + '"Blank."' + m.group(2) + '"Blank."' + text[m.end():])
PY
(cd "$TESTTMP/blank" && "$CONCORD" align --format json ./*.md >"$TESTTMP/blank.json" 2>/dev/null &&
  "$CONCORD" align --text-only ./*.md >"$TESTTMP/blank-t.tsv" 2>/dev/null)
check "JSON names the topic each pivot pair came through, all from the taxonomy" python3 - "$TESTTMP/a.json" sources/topics.yaml <<'PY'
import json, re, sys
j = json.load(open(sys.argv[1]))
keys = set(re.findall(r"- key: (\S+)", open(sys.argv[2]).read()))
assert j["method"] == "text+taxonomy", j["method"]
via = [p["via"] for p in j["pairs"] if "via" in p]
assert len(via) > len(j["pairs"]) // 2, (len(via), len(j["pairs"]))
assert set(via) <= keys, set(via) - keys
assert "officers-serve-whole-council" in via
PY
check "blanking a topic's definition removes the pairs that came through it" python3 - "$TESTTMP/a.json" "$TESTTMP/blank.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert not [p for p in b["pairs"] if p.get("via") == "officers-serve-whole-council"]
assert len(b["pairs"]) < len(a["pairs"]), (len(a["pairs"]), len(b["pairs"]))
PY
same "--text-only does not read the definitions" "$TESTTMP/t1.tsv" "$TESTTMP/blank-t.tsv"
# without a taxonomy there is nothing to pivot on: the text-only aligner
mkdir -p "$TESTTMP/notax"
cp "$TESTTMP"/bare/*.md "$TESTTMP/notax/"
(cd "$TESTTMP/notax" && "$CONCORD" align ./*.md >"$TESTTMP/notax.tsv" 2>"$TESTTMP/notax.err")
same "no taxonomy: the text-only aligner (same pairs as --text-only)" "$TESTTMP/t1.tsv" "$TESTTMP/notax.tsv"
check_fails "align's options are usage errors elsewhere (check --text-only)" "$CONCORD" check --text-only

# ---- precision / recall against the annotations ---------------------------
# At provision level (docs/aligner.md), against the provision-level
# annotations (one topic per provision, 189 annotated pairs). Measured on
# the five: with the taxonomy pivot precision 0.766, recall 0.587 at the
# default threshold, recall 0.291 at precision >= 0.90, average precision
# 0.699; text alone 0.707, 0.434, 0.201 and 0.563. Floors are those less a
# margin for annotation edits. Raise them when the aligner improves.
floors() { # MODE-NAME P_FLOOR R_FLOOR AUDIT-FILE R@P0.9_FLOOR AP_FLOOR
  local p r rp ap
  p=$(awk '$1 == "precision" {print $2}' "$4")
  r=$(awk '$1 == "recall" {print $2}' "$4")
  rp=$(awk '$1 == "recall-at-precision" {print $3}' "$4")
  ap=$(awk '$1 == "average-precision" {print $2}' "$4")
  echo "# aligner on the five ($1): precision ${p:-?} recall ${r:-?} recall@P0.9 ${rp:-?} AP ${ap:-?} (floors $2 / $3 / $5 / $6; issue target 0.90 / 0.80)"
  grep -P '^kind\t' "$4" | sed 's/^/# /'
  if [ -n "$rp" ] && [ -n "$ap" ] && awk -v a="$rp" -v b="$ap" -v fa="$5" -v fb="$6" 'BEGIN {exit !(a >= fa && b >= fb && a <= 1 && b <= 1)}'; then
    ok "aligner recall at precision 0.90 ($1) $rp >= $5, average precision $ap >= $6"
  else notok "aligner recall at precision 0.90 ($1) ${rp:-missing} or average precision ${ap:-missing} below $5 / $6"; detail <"$4"; fi
  if [ -n "$p" ] && awk -v p="$p" -v f="$2" 'BEGIN {exit !(p >= f)}'; then
    ok "aligner precision ($1) $p >= $2"
  else notok "aligner precision ($1) ${p:-missing} < $2"; detail <"$4"; fi
  if [ -n "$r" ] && awk -v r="$r" -v f="$3" 'BEGIN {exit !(r >= f)}'; then
    ok "aligner recall ($1) $r >= $3"
  else notok "aligner recall ($1) ${r:-missing} < $3"; detail <"$4"; fi
}
"$CONCORD" align --audit >"$TESTTMP/audit.txt" 2>&1
floors "text and taxonomy" 0.72 0.54 "$TESTTMP/audit.txt" 0.25 0.65
"$CONCORD" align --audit --text-only >"$TESTTMP/audit-t.txt" 2>&1
floors "text alone" 0.66 0.39 "$TESTTMP/audit-t.txt" 0.16 0.52
# ---- annotations at provision level --------------------------------------
# The five are annotated item by item (84 items carry topics): the audit
# judges item pairs. Measured: item-item recall 0.710 (22 of 31) at
# precision 0.759 (22 of 29).
grep -P '^kind\t' "$TESTTMP/audit.txt" | sed 's/^/# /'
check "audit judges item pairs (item-item recall >= 0.60, precision >= 0.65)" \
  awk -F'\t' '$1 == "kind" && $2 == "item-item" {split($3, r, " "); split($4, p, " ");
    found = 1; ok = r[2] >= 0.60 && p[2] >= 0.65} END {exit !(found && ok)}' "$TESTTMP/audit.txt"
check "audit counts the annotated items (at least 80)" \
  awk '/^# annotated provisions: / {n = $(NF - 1)} END {exit !(n >= 80)}' "$TESTTMP/audit.txt"

check "audit lists missed annotated pairs" grep -q "^missed	" "$TESTTMP/audit.txt"
check "audit names the topic both clauses of a no-shared-topic pair read as" \
  grep -qE "^no-shared-topic	.*	via [a-z0-9-]+$" "$TESTTMP/audit.txt"
check "text-only audit has no topic to name" sh -c '! grep -q "	via " "$1"' sh "$TESTTMP/audit-t.txt"

# ---- scaling: candidate pairs grow ~linearly ------------------------------
# Synthetic councils from bench/gen_corpus.py (council i is a renamed,
# reworded copy of base council i mod 5, so every clause has ~N/5 near
# copies). Counts, not times: candidate pairs must grow at most like
# N log N (the postings visited per query are capped, docs/aligner.md),
# every clause keeps at most --max-per-clause partners, and the output
# does not depend on -j.
declare -A cand cross clauses pairs
for n in 50 200; do
  python3 bench/gen_corpus.py --count "$n" --out "$TESTTMP/syn$n" >/dev/null 2>"$TESTTMP/gen$n.err"
  (cd "$TESTTMP/syn$n" && "$CONCORD" align -j1 --format json ./*.md >"$TESTTMP/syn$n.json" 2>"$TESTTMP/syn$n.err")
  read -r cand[$n] cross[$n] clauses[$n] pairs[$n] < <(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["candidates"], j["cross_pairs"], j["units"], len(j["pairs"]))' "$TESTTMP/syn$n.json" 2>/dev/null)
  echo "# synthetic $n councils: ${clauses[$n]:-?} units (provisions), ${cand[$n]:-?} candidate pairs scored of ${cross[$n]:-?} cross-council pairs, ${pairs[$n]:-?} proposed"
done
if [ -n "${cand[50]}" ] && [ -n "${cand[200]}" ]; then
  # 4x the councils: linear growth is 4x, N log N 4 x ln 200 / ln 50 = 5.42x,
  # quadratic 16x. Allowed: N log N plus 10% (5.96x), because at 50
  # councils the pivot's per-topic lists (16 clauses each) are not yet
  # full with 186 topics (about 9 clauses read as each), so 50 -> 200 also
  # fills them: measured 5.58x (5.14x with the 105 broader topics).
  if awk -v a="${cand[50]}" -v b="${cand[200]}" 'BEGIN {exit !(b <= 1.1 * 4 * log(200) / log(50) * a)}'; then
    ok "candidate pairs grow at most like N log N (50 -> 200 councils: ${cand[50]} -> ${cand[200]})"
  else notok "candidate pairs grow faster than N log N (50 -> 200 councils: ${cand[50]} -> ${cand[200]})"; fi
  if awk -v a="${cand[200]}" -v b="${cross[200]}" 'BEGIN {exit !(a * 10 < b)}'; then
    ok "at 200 councils fewer than a tenth of all pairs are scored"
  else notok "too many candidates at 200 councils: ${cand[200]} of ${cross[200]}"; fi
  # proposed pairs: each unit keeps at most --max-per-clause (default 20)
  if awk -v p="${pairs[200]}" -v c="${clauses[200]}" 'BEGIN {exit !(p <= 20 * c)}'; then
    ok "proposed pairs at 200 councils within 20 per unit (${pairs[200]} for ${clauses[200]} units)"
  else notok "too many proposed pairs at 200 councils: ${pairs[200]} for ${clauses[200]} units"; fi
  (cd "$TESTTMP/syn200" && "$CONCORD" align --max-per-clause 0 ./*.md >"$TESTTMP/k0.tsv" 2>/dev/null &&
    "$CONCORD" align --max-per-clause 3 ./*.md >"$TESTTMP/k3.tsv" 2>/dev/null)
  check "--max-per-clause 3: exactly the pairs among the 3 best of either clause" python3 -c '
import collections, sys
def pairs(f):
    return [tuple(l.rstrip("\n").split("\t")) for l in open(f, encoding="utf-8")]
full, got = pairs(sys.argv[1]), pairs(sys.argv[2])
rank, want = collections.Counter(), []
for p in full:  # best first: a clause rank is its count so far
    ra, rb = rank[p[1]], rank[p[2]]
    rank[p[1]] += 1
    rank[p[2]] += 1
    if ra < 3 or rb < 3:
        want.append(p)
assert len(want) < len(full), "the cap removed nothing"
assert got == want, (len(got), len(want))
clauses = {c for p in full for c in p[1:]}
assert len(got) <= 3 * len(clauses)
' "$TESTTMP/k0.tsv" "$TESTTMP/k3.tsv"
  (cd "$TESTTMP/syn200" && "$CONCORD" align -j2 --format json ./*.md >"$TESTTMP/syn200-j2.json" 2>/dev/null)
  same "align output does not depend on -j (200 councils, -j1 vs -j2)" "$TESTTMP/syn200.json" "$TESTTMP/syn200-j2.json"
else
  notok "synthetic corpus alignment failed"; cat "$TESTTMP/gen200.err" "$TESTTMP/syn200.err" | detail
fi
check_fails "--max-per-clause must be a number" "$CONCORD" align --max-per-clause many

# ---- concord diff: golden files --------------------------------------------
mkdir -p "$TESTTMP/diff"
cat >"$TESTTMP/diff/old.md" <<'MD'
---
council: Test Council
slug: test
title: Protocol
---

## 1. General

1.1 Members and officers should at all times treat each other with respect and courtesy.

1.2 Officers are not obliged to attend members' surgeries.

1.3 Officers serve the council as a whole.

1.4 Any difficulty should be raised with the Chief Executive.

1.5 Members should not raise matters of officer discipline in public.
MD
cat >"$TESTTMP/diff/new.md" <<'MD'
---
council: Test Council
slug: test
title: Protocol
---

## 1. General

1.1 Members and officers must at all times treat each other with courtesy and respect.

1.2 Officers serve the council as a whole.

1.3 Officers must remain politically neutral.

1.4 Any difficulty should be raised promptly with the Chief Executive.

1.5 Members should not raise matters of officer discipline in public.
MD
cat >"$TESTTMP/diff/expected.txt" <<'TXT'
--- old.md
+++ new.md

changed 1.1 (#para-1.1)
  Members and officers [-should-] {+must+} at all times treat each other with [-respect and-] courtesy {+and respect+}.

removed 1.2 (#para-1.2)
  [-Officers are not obliged to attend members' surgeries.-]

moved 1.3 -> 1.2 (#para-1.3 -> #para-1.2)
  Officers serve the council as a whole.

added 1.3 (#para-1.3)
  {+Officers must remain politically neutral.+}

changed 1.4 (#para-1.4)
  Any difficulty should be raised {+promptly+} with the Chief Executive.

2 changed, 1 moved, 1 added, 1 removed, 1 unchanged
TXT
(cd "$TESTTMP/diff" && "$CONCORD" diff --format text old.md new.md >got.txt 2>got.err)
same "diff --format text: insertions, deletions, move/renumbering, added, removed (golden)" \
  "$TESTTMP/diff/expected.txt" "$TESTTMP/diff/got.txt"
(cd "$TESTTMP/diff" && "$CONCORD" diff old.md new.md -o redline.html 2>html.err)
check "diff -o writes an HTML redline with ins/del" \
  grep -q '<del><span class="visually-hidden">(deleted: </span>should' "$TESTTMP/diff/redline.html"
check "diff HTML marks the renumbered clause" grep -q '1.2 (was 1.3)' "$TESTTMP/diff/redline.html"
check_fails "diff needs two files" "$CONCORD" diff "$TESTTMP/diff/old.md"
