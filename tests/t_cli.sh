#!/usr/bin/env bash
# The command line and the build contract: help, version, exit codes,
# all-or-nothing output, determinism, and the shape of out/corpus.json.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

check "--help prints usage" bash -c '"$CONCORD" --help | grep -q "usage: concord"'
check "--version prints a version" bash -c '"$CONCORD" --version | grep -Eq "^concord [0-9]+\.[0-9]+"'
"$CONCORD" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] && ok "unknown command exits 2" || notok "unknown command exits 2"
"$CONCORD" build --bogus >/dev/null 2>&1; [ $? -eq 2 ] && ok "unknown option exits 2" || notok "unknown option exits 2"

# every command has its own --help: on stdout, exit 0, naming the command
for cmd in build check watch dump align diff draft import; do
  "$CONCORD" "$cmd" --help >"$TESTTMP/help" 2>"$TESTTMP/help.err"; rc=$?
  if [ $rc -eq 0 ] && grep -q "^usage: concord $cmd" "$TESTTMP/help" && [ ! -s "$TESTTMP/help.err" ]; then
    ok "concord $cmd --help exits 0 and names $cmd"
  else
    notok "concord $cmd --help exits 0 and names $cmd (rc $rc)"
    detail <"$TESTTMP/help"; detail <"$TESTTMP/help.err"
  fi
done
"$CONCORD" build -h >"$TESTTMP/help" 2>&1 && grep -q "^usage: concord build" "$TESTTMP/help" && ok "-h is --help" || notok "-h is --help"

# check writes nothing and succeeds on the corpus
check "check passes on the five sources" "$CONCORD" check -q
out1="$TESTTMP/out1" out2="$TESTTMP/out2"
check "build json succeeds" "$CONCORD" build -q --format json -o "$out1"
SOURCE_DATE_EPOCH=1700000000 "$CONCORD" build -q -o "$out1" >/dev/null 2>&1
SOURCE_DATE_EPOCH=1700000000 "$CONCORD" build -q -o "$out2" >/dev/null 2>&1
# .concord-cache (incremental builds) records the outputs' mtimes: not an output
if diff -r -x .concord-cache "$out1" "$out2" >"$TESTTMP/d" 2>&1; then ok "two full builds are byte-identical"; else notok "two full builds are byte-identical"; detail <"$TESTTMP/d"; fi
[ -z "$(find "$out1" -name '.concord-staging*')" ] && ok "no staging directory left behind" || notok "no staging directory left behind"

# a failing build leaves the output directory exactly as it was
cp -r sources "$TESTTMP/src"
printf -- '---\ncouncil: X\nslug: x\n---\n\n## 1. A\n\n1.1 Text.\n' >"$TESTTMP/src/broken.md"
(cd "$out1" && find . -type f -exec md5sum {} + | sort) >"$TESTTMP/before"
"$CONCORD" build -q -o "$out1" "$TESTTMP"/src/*.md >/dev/null 2>"$TESTTMP/err"; rc=$?
(cd "$out1" && find . -type f -exec md5sum {} + | sort) >"$TESTTMP/after"
[ $rc -eq 1 ] && ok "build with a bad source exits 1" || notok "build with a bad source exits 1 (got $rc)"
grep -q "broken.md:[0-9]*:[0-9]*: error: front matter has no 'title'" "$TESTTMP/err" && ok "missing title is reported with file:line:col" || { notok "missing title is reported with file:line:col"; detail <"$TESTTMP/err"; }
same "output directory unchanged after a failed build" "$TESTTMP/before" "$TESTTMP/after"

# --werror turns Brent's numbering warning into a failure, writing nothing
"$CONCORD" build -q --werror -o "$TESTTMP/werr" sources/brent.md >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && [ -z "$(ls -A "$TESTTMP/werr" 2>/dev/null)" ] && ok "--werror fails on warnings and writes nothing" || notok "--werror fails on warnings and writes nothing (rc $rc)"

# corpus.json: the model's contract (docs/corpus-json.md)
python3 - "$out1/corpus.json" <<'PY'
import json, sys, re
c = json.load(open(sys.argv[1]))
def t(name, cond):
    print(("ok - " if cond else "not ok - ") + "corpus.json: " + name)
docs = c["documents"]
t("five councils", sorted(d["slug"] for d in docs) == ["brent", "cheshire-west-and-chester", "east-northamptonshire", "lydney", "solihull"])
t("themes and topics present", len(c["themes"]) >= 8 and len(c["topics"]) >= 40)
keys = {x["key"] for x in c["topics"]}
allids = [d["slug"] + "#" + cl["id"] for d in docs for cl in d["clauses"]]
t("clause ids unique in the corpus", len(allids) == len(set(allids)))
t("ids are valid URL fragments", all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", i.split("#")[1]) for i in allids))
t("every clause has a source position", all(cl["source"]["line"] > 0 and cl["source"]["col"] > 0 and cl["source"]["file"] for d in docs for cl in d["clauses"]))
t("every clause has at least one known topic", all(cl["topics"] and set(cl["topics"]) <= keys for d in docs for cl in d["clauses"]))
t("numbered clauses have printed and canonical numbers", all((cl["number"] is None) == (cl["canonical_number"] is None) for d in docs for cl in d["clauses"]))
brent = next(d for d in docs if d["slug"] == "brent")
b31 = next(cl for cl in brent["clauses"] if cl["id"] == "para-3.1")
t("Brent 3.1 keeps its printed number 1.1.", b31["number"] == "1.1." and b31["canonical_number"] == "3.1")
sol = next(d for d in docs if d["slug"] == "solihull")
t("Solihull is unnumbered", not sol["numbered"] and all(cl["number"] is None for cl in sol["clauses"]))
t("Solihull footnote kept", any("Senior Officer is to be regarded" in f["text"] for f in sol["footnotes"]))
eq_ok = all(e.split("#")[0] != d["slug"] and e in set(allids) for d in docs for cl in d["clauses"] for e in cl["equivalents"])
t("equivalents point to other councils' clauses", eq_ok)
sym = set((d["slug"] + "#" + cl["id"], e) for d in docs for cl in d["clauses"] for e in cl["equivalents"])
t("equivalence is symmetric", all((b, a) in sym for a, b in sym))
t("equivalents share a topic", all(set(cl["topics"]) & set(next(x for dd in docs if dd["slug"] == e.split("#")[0] for x in dd["clauses"] if x["id"] == e.split("#")[1])["topics"]) for d in docs for cl in d["clauses"] for e in cl["equivalents"][:3]))
t("equivalents_total counts every equivalent (no list cut on the five)", all(cl["equivalents_total"] == len(cl["equivalents"]) for d in docs for cl in d["clauses"]))
enc = next(d for d in docs if d["slug"] == "east-northamptonshire")
c122 = next(cl for cl in enc["clauses"] if cl["id"] == "para-12.2")
t("'Subject to paragraph 12.1' resolves to para-12.1", any(r.get("target") == "para-12.1" and r["kind"] == "internal" for r in c122["refs"]))
cw = next(d for d in docs if d["slug"] == "cheshire-west-and-chester")
c81 = next(cl for cl in cw["clauses"] if cl["id"] == "para-8.1")
t("'Part 3 Section 4' is kept as an external reference", any(r["kind"] == "external" and r["text"] == "Part 3 Section 4" for r in c81["refs"]))
PY

# corpus.json's provisions (docs/corpus-json.md, docs/provisions.md), on the
# five and on the provisions fixture, whose items carry topics whatever the
# five's annotations are
fx="$TESTTMP/provisions"
rm -rf "$fx" && mkdir -p "$fx" && cp tests/data/provisions/*.md tests/data/provisions/topics.yaml "$fx/" && rm -f "$fx/README.md"
check "build the provisions fixture" "$CONCORD" build -q --format json -o "$fx/out" --topics "$fx/topics.yaml" "$fx/alpha.md" "$fx/beta.md" "$fx/gamma.md"
for corpus in "$out1/corpus.json:the five" "$fx/out/corpus.json:the fixture"; do
python3 - "${corpus%%:*}" "${corpus#*:}" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
def t(name, cond, detail=None):
    print(("ok - " if cond else "not ok - ") + "corpus.json provisions (%s): %s" % (sys.argv[2], name))
    if not cond and detail:
        print("  " + str(detail)[:2000])
docs = c["documents"]
keys = {x["key"] for x in c["topics"]}
prov = {}
for d in docs:
    items = {i["id"]: i for cl in d["clauses"] for i in cl["items"]}
    clauses = {cl["id"]: cl for cl in d["clauses"]}
    for p in d["provisions"]:
        prov[d["slug"] + "#" + p["id"]] = (d, p, clauses.get(p["clause"]), items.get(p["id"]))
t("every document lists its provisions", all("provisions" in d for d in docs) and prov)
t("provision ids unique and each names a clause or one of its items",
  sum(len(d["provisions"]) for d in docs) == len(prov)
  and all(cl and (p["id"] == cl["id"] or (it and it["id"] in {i["id"] for i in cl["items"]}))
          for d, p, cl, it in prov.values()))
t("every provision has a label, text, a source and known topics",
  all(p["label"] and p["text"] and p["source"]["line"] > 0 and p["topics"] and set(p["topics"]) <= keys
      for d, p, cl, it in prov.values()))
t("a clause's topics are the union of its provisions'",
  all(set(cl["topics"]) == {k for p in d["provisions"] if p["clause"] == cl["id"] for k in p["topics"]}
      for d in docs for cl in d["clauses"] if any(p["clause"] == cl["id"] for p in d["provisions"])))
bad = [(a, e) for a, (d, p, cl, it) in prov.items() for e in p["equivalents"]
       if e not in prov or e.split("#")[0] == d["slug"] or not set(p["topics"]) & set(prov[e][1]["topics"])]
t("every equivalence is between provisions of different councils that share a topic", not bad, bad[:10])
pairs = {(a, e) for a, (d, p, cl, it) in prov.items() for e in p["equivalents"]}
t("equivalence between provisions is symmetric", all((b, a) in pairs for a, b in pairs),
  [(a, b) for a, b in pairs if (b, a) not in pairs][:10])
t("equivalents_total counts every equivalent",
  all(p["equivalents_total"] == len(p["equivalents"]) for d, p, cl, it in prov.values()))
want = {(a, e) for a, (d, p, cl, it) in prov.items() for e, (d2, p2, _, _) in prov.items()
        if d2["slug"] != d["slug"] and set(p["topics"]) & set(p2["topics"])}
t("every pair of provisions sharing a topic across councils is listed", pairs == want,
  sorted(want - pairs)[:10])
PY
done
