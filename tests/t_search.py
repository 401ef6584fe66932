#!/usr/bin/env python3
"""Search that finds what people mean (docs/search.md).

  * the same stemmer for the index and the query: libstemmer (C, which
    concord links to stem the index) and the site's JavaScript stemmer
    (themes/default/snowball-english.js) give the same stem for every word
    of the corpus's vocabulary and for inflections made from it;
  * the built index is stemmed with it, and search.js (run in node on the
    built site, tests/search/run_search.mjs) finds an inflected form from
    another ("surgery" finds Brent's "surgeries"), marks the matched words,
    and filters by council and by theme.
The browser side (the header form, ?q= links, JavaScript off) is in
tests/t_browser.sh.
"""
import ctypes, ctypes.util, json, os, re, sys, unicodedata
from testlib import *

STEMMER_JS = os.path.join(ROOT, "themes", "default", "snowball-english.js")
SEARCH_JS = os.path.join(ROOT, "themes", "default", "search.js")


def norm(s):
    """html_search.c's normalisation: NFKD, marks stripped, case folded."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.category(ch).startswith("M"))
    return s.lower().replace("\u00df", "ss")


def vocabulary():
    words = set()
    for f in sorted(os.listdir(os.path.join(ROOT, "sources"))):
        if f.endswith(".md"):
            text = norm(open(os.path.join(ROOT, "sources", f), encoding="utf-8").read())
            for w in re.split(r"[\W_]+", text):
                # words with a digit are not stemmed (html_search.c)
                if len(w) > 1 and not any(ch.isdigit() for ch in w):
                    words.add(w)
    return sorted(words)


def inflections(words):
    """More words: the vocabulary's words with English endings added and
    swapped, so every rule of the algorithm meets real stems; and the
    algorithm's exceptional forms."""
    more = set()
    ends = ["s", "es", "ies", "ed", "ing", "ly", "ness", "ment", "ation", "ational", "ful", "ive",
            "ize", "ise", "iser", "ous", "ence", "ance", "able", "ible", "er", "est", "'s", "s'", "ying"]
    for w in words:
        for e in ends:
            more.add(w + e)
            if len(w) > 4:
                more.add(w[:-1] + e)
                more.add(w[:-2] + e)
    more.update("skis skies sky dying lying tying idly gently ugly early only singly news howe atlas "
                "cosmos bias andes inning outing canning herring earring proceed exceed succeed "
                "generate generously communication communism arsenal gener commune yes yellow "
                "ays ayes toy toys spy spying say says surgery surgeries".split())
    return sorted(more - set(words))


def c_stems(words):
    lib = ctypes.util.find_library("stemmer")
    if not lib:
        return None
    so = ctypes.CDLL(lib)
    so.sb_stemmer_new.restype = ctypes.c_void_p
    so.sb_stemmer_new.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    so.sb_stemmer_stem.restype = ctypes.c_void_p
    so.sb_stemmer_stem.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    so.sb_stemmer_length.restype = ctypes.c_int
    so.sb_stemmer_length.argtypes = [ctypes.c_void_p]
    so.sb_stemmer_delete.argtypes = [ctypes.c_void_p]
    st = so.sb_stemmer_new(b"english", b"UTF_8")
    out = []
    for w in words:
        b = w.encode("utf-8")
        p = so.sb_stemmer_stem(st, b, len(b))
        out.append(ctypes.string_at(p, so.sb_stemmer_length(st)).decode("utf-8"))
    so.sb_stemmer_delete(st)
    return out


def js_stems(words):
    r = subprocess.run(["node", os.path.join(ROOT, "tests", "search", "stem_words.mjs"), STEMMER_JS],
                       input="\n".join(words) + "\n", capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr
    return r.stdout.split("\n")[:len(words)], ""


def compare(label, words):
    c = c_stems(words)
    j, err = js_stems(words)
    if c is None or j is None:
        notok("%s: both stemmers ran" % label, err or "libstemmer not found")
        return
    diff = [(w, a, b) for w, a, b in zip(words, c, j) if a != b]
    changed = sum(1 for w, a in zip(words, c) if a != w)
    # a stemmer that did nothing on both sides would agree too: most words
    # of a legal text have an ending to strip
    check("%s: libstemmer and snowball-english.js agree on all %d words (%d stemmed)" % (
          label, len(words), changed),
          len(words) > 500 and len(j) == len(words) and not diff and changed > len(words) // 5,
          *["%r: C %r, JS %r" % d for d in diff[:20]])


def searches(site, queries):
    r = subprocess.run(["node", os.path.join(ROOT, "tests", "search", "run_search.mjs"), site, SEARCH_JS]
                       + queries, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr
    return [json.loads(l) for l in r.stdout.splitlines()], ""


def main():
    if not have("node"):
        skip("search", "node not installed")
        return
    words = vocabulary()
    compare("corpus vocabulary", words)
    compare("inflections of it", inflections(words))

    out = os.path.join(TMP, "out")
    rc, _, err = concord("build", "-q", "--format", "json,html", "-o", out,
                         *sorted(os.path.join("sources", f) for f in os.listdir(os.path.join(ROOT, "sources"))
                                 if f.endswith(".md")), env={"SOURCE_DATE_EPOCH": EPOCH})
    if rc != 0:
        notok("build the corpus", err)
        return
    site = os.path.join(out, "site")
    index = json.load(open(os.path.join(site, "search-index.json"), encoding="utf-8"))
    # the index's stems are libstemmer's: every word of a clause's text is
    # in its row as libstemmer stems it
    rows = [r for r in index["clauses"] if r[4]]
    missing = []
    for r in rows[:200]:
        ws = sorted({w for w in re.split(r"[\W_]+", norm(r[4])) if len(w) > 1 and not any(ch.isdigit() for ch in w)})
        have_ = set(r[5].split(" "))
        for w, s in zip(ws, c_stems(ws) or []):
            if s not in have_:
                missing.append((r[1], w, s))
    check("the index holds each clause word as libstemmer stems it (%d clauses)" % min(200, len(rows)),
          rows and not missing, repr(missing[:10]))

    # a theme of Brent's surgeries clause, for the theme filter
    brent = [i for i, c in enumerate(index["councils"]) if c[0] == "brent"][0]
    surg = [r for r in index["clauses"] if r[0] == brent and "surgeries" in r[4]]
    theme_in = index["themes"][surg[0][6][0]][0] if surg and surg[0][6] else ""
    theme_out = next((t[0] for i, t in enumerate(index["themes"]) if surg and i not in surg[0][6]), "")
    res, err = searches(site, ["surgery", "surgeries", "surgery|council=brent", "surgery|council=lydney",
                               "surgery|theme=" + theme_in, "surgery|theme=" + theme_out,
                               "councillors|council=solihull", "officer"])
    if res is None:
        notok("search.js runs in node", err)
        return
    by = {r["q"]: r for r in res}
    want = "brent.html#" + surg[0][1] if surg else "?"
    check("\"surgery\" finds Brent's \"surgeries\"", want in by["surgery"]["hrefs"], json.dumps(by["surgery"]))
    check("\"surgeries\" finds it too, and the same clauses as \"surgery\"",
          by["surgeries"]["hrefs"] == by["surgery"]["hrefs"], json.dumps(by["surgeries"]))
    check("the matched word is marked (<mark>surgeries</mark>)",
          "surgeries" in [m.lower() for m in by["surgery"]["marks"]], json.dumps(by["surgery"]))
    check("the council filter keeps the council's clause",
          by["surgery|council=brent"]["hrefs"] == [want], json.dumps(by["surgery|council=brent"]))
    check("the council filter drops other councils' clauses",
          by["surgery|council=lydney"]["hrefs"] == [] and "Lydney" in by["surgery|council=lydney"]["status"],
          json.dumps(by["surgery|council=lydney"]))
    check("the theme filter keeps the clause of its theme (%s)" % theme_in,
          want in by["surgery|theme=" + theme_in]["hrefs"], json.dumps(by["surgery|theme=" + theme_in]))
    check("the theme filter drops clauses of other themes (%s)" % theme_out,
          theme_out and want not in by["surgery|theme=" + theme_out]["hrefs"],
          json.dumps(by["surgery|theme=" + theme_out]))
    sol = by["councillors|council=solihull"]["hrefs"]
    check("a filtered query lists only that council's clauses (%d)" % len(sol),
          sol and all(h.startswith("solihull.html#") for h in sol), json.dumps(sol[:10]))
    off = by["officer"]
    check("every result of a common word has a marked word (%d results)" % len(off["hrefs"]),
          len(off["hrefs"]) >= 10 and len(off["marks"]) >= len(off["hrefs"]), json.dumps(off)[:500])


import subprocess
main()
sys.exit(exit_status())
