#!/usr/bin/env python3
"""t_json_files.py - the JSON export in pieces (docs/corpus-json.md):
json/<slug>.json holds each council's document exactly as corpus.json
does, and json/index.json the taxonomy with counts and one line per
council, consistent with corpus.json. (Past 100 councils corpus.json is
not written: t_scale.py checks that at 200.)"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import *  # noqa: E402,F403

out = os.path.join(TMP, "out")
r = build(out, sources(), formats="json", epoch=EPOCH)
check("the five build with --format json", r.returncode == 0, r.stderr)
if r.returncode != 0:
    sys.exit(exit_status())
corpus = json.load(open(os.path.join(out, "corpus.json"), encoding="utf-8"))
index = json.load(open(os.path.join(out, "json", "index.json"), encoding="utf-8"))
names = sorted(os.listdir(os.path.join(out, "json")))
want = sorted([d["slug"] + ".json" for d in corpus["documents"]] + ["index.json"])
check("json/ holds index.json and one file per council", names == want, names)

bad = []
for d in corpus["documents"]:
    p = os.path.join(out, "json", d["slug"] + ".json")
    one = json.load(open(p, encoding="utf-8")) if os.path.exists(p) else {}
    if one.get("document") != d or one.get("generator") != corpus["generator"]:
        bad.append(d["slug"])
check("each json/<slug>.json is that council's document as in corpus.json", not bad, *bad)

check("the index lists the councils in corpus order, each with its file",
      [(e["slug"], e["file"]) for e in index["documents"]]
      == [(d["slug"], d["slug"] + ".json") for d in corpus["documents"]], index["documents"])
bad = []
for e, d in zip(index["documents"], corpus["documents"]):
    if (e["council"], e["title"], e["kind"], e["clauses"], e["provisions"]) != (
            d["council"], d["title"], d["kind"], len(d["clauses"]), len(d["provisions"])):
        bad.append(e["slug"])
check("the index's council lines agree with the documents (name, counts)", not bad, *bad)
check("the index has corpus.json's themes", index["themes"] == corpus["themes"])
bad = []
for e, t in zip(index["topics"], corpus["topics"]):
    councils = len({c.split("#")[0] for c in t["clauses"]})
    if (e["key"], e["label"], e["theme"], e["clauses"], e["councils"]) != (
            t["key"], t["label"], t["theme"], len(t["clauses"]), councils):
        bad.append(t["key"])
check("the index's topics agree with corpus.json (keys, clauses, councils making each)",
      len(index["topics"]) == len(corpus["topics"]) and not bad, *bad[:10])
sys.exit(exit_status())
