#!/usr/bin/env python3
"""t_scale.py - large corpora (issue 23): a 200-council shared-model corpus
(bench/gen_corpus.py --mode shared, four councils in five a light copy of
one model protocol, so equivalence sets grow with the corpus) builds every
output, including the matrix PDF in volumes, with the binary under test
(tests/run runs this under ASan too). Counts and sizes, never times:

  * the matrix PDF is written as ceil(N/10) volumes matrix-01.pdf, ...,
    no single matrix.pdf; every council is in exactly one volume (the
    volume's Keywords list its councils), sizes within one of each other,
    and each volume passes qpdf --check;
  * past 20 councils a topic page is a summary (the typical wording once,
    the councils using it as links, the departing wordings marked, the
    councils without it as links) that still names every council;
    its size grows no faster than the corpus;
  * past 30 councils matrix.html is a summary by theme and each theme has
    a page with a row per council (pages of 100 councils past 100), whose
    links all resolve;
  * past 100 councils the theme pages group the councils by region (front
    matter `region:`, generated for 19 councils in 20), then kind: a page
    holds one region (its heading), pages follow the regions' order,
    councils without a region come last under "Region not given", every
    council is in exactly one group, whose heading names its region and
    kind; json/index.json and json/<slug>.json carry the region;
  * past 100 councils the search index is sharded (word files by first two
    characters, row blocks), every file small, and search.js finds on it
    exactly what it finds on one whole index of the same clauses;
  * the JSON export is one file per council plus json/index.json; past
    100 councils corpus.json is not written, and the index stays small;
  * outputs per council stay bounded as the corpus grows from 50 to 200
    councils: the mean council PDF, Akoma Ntoso file, matrix volume and
    largest council HTML page and council JSON file grow by at most 1.5x (capped equivalence
    lists, volumes), while the corpus quadruples.
"""
import csv
import glob
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import *  # noqa: E402,F403

GEN = os.path.join(ROOT, "bench", "gen_corpus.py")


def corpus(n):
    d = os.path.join(TMP, "shared-%d" % n)
    subprocess.run([sys.executable, GEN, "--count", str(n), "--seed", "7", "--mode", "shared",
                    "--out", d], check=True, capture_output=True)
    return sorted(glob.glob(os.path.join(d, "*.md")))


def theme_csvs(n, out, rows_of, region_of):
    """Past 30 councils each theme has matrix/<theme>.csv, a row per council
    and a column per topic of the theme, holding exactly matrix.csv's cells
    turned round; the site has its copy, which the theme pages link."""
    with open(os.path.join(out, "matrix.csv"), encoding="utf-8", newline="") as f:
        wide = list(csv.reader(f))
    slugs = wide[0][3:]
    cells = {(r[0], slugs[i]): v for r in wide[1:] for i, v in enumerate(r[3:])}
    theme_of = {r[0]: r[1] or "other" for r in wide[1:]}
    bad, ncsv = [], 0
    for theme in sorted(rows_of):
        path = os.path.join(out, "matrix", theme + ".csv")
        if not os.path.exists(path):
            bad.append("no matrix/%s.csv" % theme)
            continue
        ncsv += 1
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        head, body = rows[0], rows[1:]
        topics = [t for t in theme_of if theme_of[t] == theme]
        if head[:4] != ["slug", "council", "kind", "region"] or head[4:] != topics:
            bad.append("%s.csv header %s, expected slug,council,kind,region + %d topics"
                       % (theme, head[:5], len(topics)))
        if [r[0] for r in body] != slugs:
            bad.append("%s.csv: %d rows, not one per council in corpus order" % (theme, len(body)))
        for r in body:
            if r[3] != (region_of.get(r[0]) or ""):
                bad.append("%s.csv %s: region %r, its front matter %r" % (theme, r[0], r[3],
                                                                       region_of.get(r[0])))
            for t, v in zip(head[4:], r[4:]):
                if cells.get((t, r[0])) != v:
                    bad.append("%s.csv %s/%s: %r, matrix.csv has %r"
                               % (theme, r[0], t, v, cells.get((t, r[0]))))
        site_copy = os.path.join(out, "site", "downloads", "matrix", theme + ".csv")
        if not os.path.exists(site_copy) or open(site_copy, "rb").read() != open(path, "rb").read():
            bad.append("site/downloads/matrix/%s.csv missing or different" % theme)
    check("%d councils: a spreadsheet per theme (%d), a row per council with its region, the "
          "cells of matrix.csv turned round, copied into the site" % (n, ncsv), ncsv > 0 and not bad, *bad[:10])


REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West"]


def front_field(path, key):
    with open(path, encoding="utf-8") as f:
        front = f.read().split("\n---\n", 1)[0]
    m = re.search(r"^%s:\s*(.*)$" % key, front, re.M)
    return m.group(1).strip() if m else None


def grouping(n, files, mpages, out):
    """Past 100 councils: the theme pages grouped by region, then kind."""
    region = {os.path.basename(f)[:-3]: front_field(f, "region") for f in files}
    kind = {os.path.basename(f)[:-3]: front_field(f, "kind") for f in files}
    given = sum(1 for r in region.values() if r)
    check("%d councils: the generated corpus gives regions (%d) and kinds, some without a region"
          % (n, given), 0 < given < n and all(r in REGIONS for r in region.values() if r)
          and all(kind.values()))
    label = {s: (region[s] or "Region not given") for s in region}
    order = REGIONS + ["Region not given"]
    by_theme, bad = {}, []
    for m in mpages:
        by_theme.setdefault(re.sub(r"-[0-9]{2,}$", "", os.path.basename(m)[:-5]), []).append(m)
    for theme, pages in sorted(by_theme.items()):
        seen, page_regions = {}, []
        for m in sorted(pages):
            page = open(m, encoding="utf-8").read()
            h2 = re.findall(r'<h2 class="matrix-region">([^<]*)</h2>', page)
            if len(h2) != 1:
                bad.append("%s: %d region headings" % (os.path.basename(m), len(h2)))
                continue
            page_regions.append(h2[0])
            # each row group: its heading, then its councils' rows
            for head, body in re.findall(r'<tbody class="matrix-group">\s*<tr class="matrix-group-heading">'
                                         r'\s*<th scope="rowgroup" colspan="[0-9]+">([^<]*)</th>\s*</tr>(.*?)</tbody>',
                                         page, re.S):
                for slug in re.findall(r'<th scope="row"><a href="\.\./([^"#]+)\.html">', body):
                    want = "%s: %s" % (label[slug], kind[slug] or "kind not given")
                    if head != want:
                        bad.append("%s: %s under %r, not %r" % (os.path.basename(m), slug, head, want))
                    if label[slug] != h2[0]:
                        bad.append("%s: %s (%s) on the page of %s" % (os.path.basename(m), slug,
                                                                       label[slug], h2[0]))
                    seen[slug] = seen.get(slug, 0) + 1
        if sorted(seen) != sorted(region) or set(seen.values()) != {1}:
            bad.append("%s: %d councils in groups, %d more than once, of %d"
                       % (theme, len(seen), sum(1 for v in seen.values() if v > 1), n))
        ranks = [order.index(r) if r in order else -1 for r in page_regions]
        if -1 in ranks or ranks != sorted(ranks):
            bad.append("%s: pages' regions out of order: %s" % (theme, page_regions))
        want_pages = sum(math.ceil(list(label.values()).count(r) / 100) for r in set(label.values()))
        if len(pages) != want_pages:
            bad.append("%s: %d pages, expected %d (a region's councils in pages of at most 100)"
                       % (theme, len(pages), want_pages))
    check("%d councils: theme pages grouped by region then kind, each council in exactly one "
          "group, headings present, regions in order, \"Region not given\" last (%d themes)"
          % (n, len(by_theme)), by_theme and not bad, *bad[:10])
    idx = json.load(open(os.path.join(out, "json", "index.json"), encoding="utf-8"))
    docs = idx.get("documents", [])
    wrong = [d.get("slug") for d in docs if d.get("region") != region.get(d.get("slug"))]
    one = json.load(open(os.path.join(out, "json", docs[0]["slug"] + ".json"), encoding="utf-8")) if docs else {}
    one = one.get("document", {})
    check("%d councils: json/index.json and json/<slug>.json carry each council's region" % n,
          len(docs) == n and not wrong and "region" in one
          and one.get("region") == region.get(docs[0]["slug"]),
          "%d documents, wrong: %s, %s's file: %r" % (len(docs), wrong[:5], docs[0]["slug"] if docs else "-",
                                                     one.get("region", "no region")))


def mean_size(pattern):
    fs = glob.glob(pattern)
    return sum(os.path.getsize(f) for f in fs) / len(fs) if fs else 0.0


QUERIES = ["officers", "member surgeries", "3.4", "confidential information", "press",
           "chief executive", "the", "zzzz", "2", "surgery", "councillors|theme=ward-members",
           "information|theme=confidentiality", "officer|council=%s", "press|council=%s|theme=press-and-publicity"]


def search_sharded(site, index):
    """The sharded index finds what the whole-file index finds: rebuild a
    v 1 index from the shards (rows from the blocks, each clause's words
    from the word files) and run the same search.js on both."""
    files = glob.glob(os.path.join(site, "search", "*.json"))
    biggest = max(files, key=os.path.getsize) if files else None
    check("sharded search: every file is under 1 MB (largest %s, %d KB)" % (
          os.path.basename(biggest) if biggest else "-",
          os.path.getsize(biggest) // 1024 if biggest else 0),
          biggest and os.path.getsize(biggest) < 1 << 20
          and os.path.getsize(os.path.join(site, "search-index.json")) < 1 << 20)
    rows = []
    for k in range(math.ceil(index["clauses"] / index["block"])):
        rows += json.load(open(os.path.join(site, "search", "c-%d.json" % k), encoding="utf-8"))
    words = [[] for _ in rows]
    for f in sorted(glob.glob(os.path.join(site, "search", "w-*.json"))):
        for w, posts in json.load(open(f, encoding="utf-8")).items():
            for p in posts:
                words[p // 2].append(w)
    check("sharded search: the blocks hold a row per clause and every clause has words",
          len(rows) == index["clauses"] and all(words), "%d rows, %d clauses" % (len(rows), index["clauses"]))
    if not have("node"):
        skip("sharded search finds what one index finds", "node not installed")
        return
    whole = os.path.join(TMP, "site-v1")
    os.makedirs(whole, exist_ok=True)
    # the v 1 row: the words in place of the block's "" (the themes stay last)
    json.dump({"v": 1, "councils": index["councils"], "themes": index["themes"],
               "clauses": [r[:5] + [" ".join(w)] + r[6:] for r, w in zip(rows, words)]},
              open(os.path.join(whole, "search-index.json"), "w", encoding="utf-8"))
    script = os.path.join(ROOT, "themes", "default", "search.js")
    harness = os.path.join(ROOT, "tests", "search", "run_search.mjs")
    # the council filters name a council in the middle of the corpus
    mid = index["councils"][len(index["councils"]) // 2][0]
    queries = [q.replace("%s", mid) for q in QUERIES]
    a = run(["node", harness, site, script] + queries)
    b = run(["node", harness, whole, script] + queries)
    got = [json.loads(l) for l in a.stdout.splitlines() if l.startswith("{")]
    want = [json.loads(l) for l in b.stdout.splitlines() if l.startswith("{")]
    diff = ["%s: %s / %s" % (g["q"], g["status"], w["status"])
            for g, w in zip(got, want) if (g["status"], g["hrefs"]) != (w["status"], w["hrefs"])]
    check("sharded search finds what one index finds, in the same order (%d queries)" % len(QUERIES),
          len(got) == len(want) == len(QUERIES) and not diff and any(g["hrefs"] for g in got),
          *(diff or [a.stderr[-500:], b.stderr[-500:]]))
    filtered = [g for g in got if "|" in g["q"]]
    check("sharded search: the council and theme filters find what they find on one index (%d queries)"
          % len(filtered), filtered and any(g["hrefs"] for g in filtered) and
          all(h.startswith(mid + ".html#") for g in filtered if "council=" in g["q"] for h in g["hrefs"]),
          json.dumps(filtered)[:800])
    # a query word needs the file of its stem and, when its first two
    # letters differ, of the word as typed (a prefix); a theme filter its
    # theme's file; then the row blocks of the results shown (at most 50)
    most = max((g["fetches"] for g in got), default=0)
    check("sharded search: a query fetches at most two word files per word, the theme's "
          "file and the rows it shows (most: %d files)" % most, 0 < most <= 2 * 2 + 1 + 50)


sizes = {}
topic_bytes = {}
sizes_matrix = {}
for n in (50, 200):
    files = corpus(n)
    out = os.path.join(TMP, "out-%d" % n)
    r = subprocess.run([CONCORD, "build", "-q", "-j", "2", "--no-cache", "-o", out] + files,
                       capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH))
    if r.returncode != 0:
        notok("%d shared councils build every output" % n, r.stderr[-3000:])
        sys.exit(exit_status())
    ok("%d shared councils build every output" % n)
    pdfdir = os.path.join(out, "pdf")
    vols = sorted(glob.glob(os.path.join(pdfdir, "matrix-*.pdf")))
    want = math.ceil(n / 10)
    names = ["matrix-%02d.pdf" % (i + 1) for i in range(want)]
    check("%d councils: the matrix PDF is %d volumes matrix-01.pdf .. matrix-%02d.pdf, no matrix.pdf"
          % (n, want, want),
          [os.path.basename(v) for v in vols] == names
          and not os.path.exists(os.path.join(pdfdir, "matrix.pdf")),
          "volumes: %s" % [os.path.basename(v) for v in vols])
    if have("pdfinfo"):
        seen, counts, bad, listed = {}, [], [], []
        for v in vols:
            info = pdfinfo(v)
            kw = [k.strip() for k in info.get("Keywords", "").split(",") if k.strip()]
            listed += kw
            counts.append(len(kw))
            for k in kw:
                seen[k] = seen.get(k, 0) + 1
            if "volume %d of %d" % (vols.index(v) + 1, want) not in info.get("Title", ""):
                bad.append("%s: title %r" % (os.path.basename(v), info.get("Title")))
        councils = []
        for f in files:
            m = re.search(r"^council:\s*(.+)$", open(f, encoding="utf-8").read(), re.M)
            councils.append(m.group(1).strip())
        # generated names can repeat (two "Ashbury Town Council"s): compare
        # how often each name is listed with how often the corpus has it
        want_count = {}
        for c in councils:
            want_count[c] = want_count.get(c, 0) + 1
        diff = sorted(c for c in set(seen) | set(want_count) if seen.get(c) != want_count.get(c))
        check("%d councils: every council is in exactly one volume" % n,
              len(councils) == n and not diff,
              "listed a different number of times than in the corpus: %s" % diff[:10])
        if n > 100:
            # past 100 the volumes follow the theme pages' grouping
            order = REGIONS + [None]
            key = [(order.index(front_field(f, "region")), front_field(f, "kind") is None,
                    front_field(f, "kind") or "", i) for i, f in enumerate(files)]
            want_order = [councils[k[3]] for k in sorted(key)]
            check("%d councils: the volumes take the councils grouped by region, then kind" % n,
                  listed == want_order,
                  "first difference at %s" % next((i for i, (a, b) in enumerate(zip(listed, want_order))
                                                    if a != b), len(listed)))
        check("%d councils: volume sizes within one of each other (%s)" % (
              n, "..".join(str(c) for c in sorted(set(counts)))),
              counts and max(counts) - min(counts) <= 1 and sum(counts) == n, counts)
        check("%d councils: each volume's title says which volume it is" % n, not bad, *bad)
    else:
        skip("%d councils: every council is in exactly one volume" % n, "no pdfinfo")
    if have("qpdf") and vols:
        bad = []
        for v in (vols[0], vols[-1]):
            q = subprocess.run(["qpdf", "--check", v], capture_output=True, text=True)
            if q.returncode != 0:
                bad.append("%s: %s" % (os.path.basename(v), q.stdout[-400:] + q.stderr[-400:]))
        check("%d councils: first and last volumes pass qpdf --check" % n, not bad, *bad)
    # the web matrix past 30 councils: a summary and a page per theme with a
    # row per council; every link on them resolves inside the site
    site = os.path.join(out, "site")
    mpages = sorted(glob.glob(os.path.join(site, "matrix", "*.html")))
    summary = open(os.path.join(site, "matrix.html"), encoding="utf-8").read()
    theme_links = re.findall(r'href="matrix/([a-z0-9-]+)\.html"', summary)
    written = [os.path.basename(m)[:-5] for m in mpages]
    if n > 100:
        # grouped by region: the summary links each theme's first page,
        # which lists all of them
        first_pages = [w for w in written if w.endswith("-01")]
        listed = set()
        for w in first_pages:
            page = open(os.path.join(site, "matrix", w + ".html"), encoding="utf-8").read()
            listed |= set(re.findall(r'<li><a href="([a-z0-9-]+)\.html"', page))
        check("%d councils: matrix.html links each theme's first page, which lists all its pages "
              "(%d pages)" % (n, len(mpages)),
              first_pages and sorted(set(theme_links)) == first_pages and sorted(listed) == written,
              "linked: %s; listed: %d; written: %d" % (sorted(set(theme_links))[:5], len(listed),
                                                       len(written)))
    else:
        check("%d councils: matrix.html links a page per theme, and each exists (%d)" % (n, len(mpages)),
              len(mpages) >= 1 and sorted(set(theme_links)) == written,
              "linked: %s; written: %s" % (sorted(set(theme_links)), written))
    bad, rows_of = [], {}
    for m in mpages:
        page = open(m, encoding="utf-8").read()
        # a theme's pages: <theme>.html, or <theme>-01.html ... past 100 councils
        theme = re.sub(r"-[0-9]{2,}$", "", os.path.basename(m)[:-5]) if n > 100 else os.path.basename(m)[:-5]
        rows_of.setdefault(theme, []).extend(
            re.findall(r'<th scope="row"><a href="\.\./([^"#]+)\.html">', page))
        for href in set(re.findall(r'href="([^"#]+)(?:#[^"]*)?"', page)):
            if "://" in href:
                continue
            if not os.path.exists(os.path.normpath(os.path.join(os.path.dirname(m), href))):
                bad.append("%s: broken link %s" % (os.path.basename(m), href))
    slugs_all = sorted(os.path.basename(f)[:-3] for f in files)
    for theme, rows in sorted(rows_of.items()):
        if sorted(rows) != slugs_all:
            bad.append("%s: %d council rows for %d councils" % (theme, len(rows), n))
    if n <= 100:
        pages_per_theme = {len([m for m in mpages if os.path.basename(m).startswith(t)]) for t in rows_of}
        if pages_per_theme != {1}:
            bad.append("pages per theme: %s, expected 1" % sorted(pages_per_theme))
    check("%d councils: each theme has a row per council (in %s) and no broken link"
          % (n, "one page" if n <= 100 else "pages of at most 100"), not bad,
          *bad[:10])
    theme_csvs(n, out, rows_of, {os.path.basename(f)[:-3]: front_field(f, "region") for f in files})
    if n > 100:
        grouping(n, files, mpages, out)
    sizes_matrix[n] = os.path.getsize(os.path.join(site, "matrix.html"))
    search_index = json.load(open(os.path.join(site, "search-index.json"), encoding="utf-8"))
    check("%d councils: the search index is %s" % (n, "one file (v 1)" if n <= 100 else "sharded (v 2)"),
          search_index.get("v") == (1 if n <= 100 else 2), "v = %r" % search_index.get("v"))
    if n > 100 and search_index.get("v") == 2:
        search_sharded(site, search_index)
    jdir = os.path.join(out, "json")
    per = glob.glob(os.path.join(jdir, "*-[0-9][0-9][0-9][0-9].json"))
    whole = os.path.exists(os.path.join(out, "corpus.json"))
    idx = os.path.join(jdir, "index.json")
    check("%d councils: json/ has a file per council and an index; corpus.json %s" % (
          n, "written (up to 100 councils)" if n <= 100 else "not written (past 100)"),
          len(per) == n and os.path.exists(idx) and whole == (n <= 100),
          "%d per-council files, corpus.json %s" % (len(per), "present" if whole else "absent"))
    if os.path.exists(idx):
        check("%d councils: json/index.json stays small (%d KB < 1 MB)" % (
              n, os.path.getsize(idx) // 1024), os.path.getsize(idx) < 1 << 20)
    html = [os.path.getsize(f) for f in glob.glob(os.path.join(out, "site", "*.html"))
            if os.path.basename(f) not in ("index.html", "matrix.html", "search.html")]
    tdir = os.path.join(out, "site", "topics")
    tpages = glob.glob(os.path.join(tdir, "*.html"))
    if tpages:
        big = max(tpages, key=os.path.getsize)
        page = open(big, encoding="utf-8").read()
        linked = set(re.findall(r'href="\.\./([a-z]+-[0-9]{4})\.html', page))
        slugs = {os.path.basename(f)[:-3] for f in files}
        check("%d councils: the largest topic page (%s) is a summary that links every council"
              % (n, os.path.basename(big)),
              "The typical wording" in page and "do not make this provision" in page
              and linked == slugs,
              "%d of %d councils linked" % (len(linked & slugs), len(slugs)))
    topic_bytes[n] = mean_size(os.path.join(tdir, "*.html"))
    sizes[n] = {
        "council PDF": mean_size(os.path.join(pdfdir, "*-[0-9][0-9][0-9][0-9].pdf")),
        "Akoma Ntoso file": mean_size(os.path.join(out, "akn", "*-[0-9][0-9][0-9][0-9].xml")),
        "matrix volume": mean_size(os.path.join(pdfdir, "matrix-*.pdf")),
        "largest council page": float(max(html)) if html else 0.0,
        "council JSON file": mean_size(os.path.join(jdir, "*-[0-9][0-9][0-9][0-9].json")),
    }

for what in sizes[50]:
    a, b = sizes[50][what], sizes[200][what]
    growth = b / a if a else float("inf")
    check("from 50 to 200 councils the mean %s grows at most 1.5x (%.2fx: %.0f -> %.0f bytes)"
          % (what, growth, a, b), a > 0 and growth <= 1.5)
check("from 50 to 200 councils matrix.html stays the same size (%d -> %d bytes)"
      % (sizes_matrix[50], sizes_matrix[200]),
      sizes_matrix[200] <= 1.1 * sizes_matrix[50])
# a summarised topic page links every council once, so it grows with the
# corpus, but no faster (listing every wording in full grew it 4x per 4x
# and each entry was a whole clause)
a, b = topic_bytes[50], topic_bytes[200]
check("from 50 to 200 councils the mean topic page grows no faster than the corpus "
      "(%.2fx for 4x: %.0f -> %.0f bytes)" % (b / a if a else 0, a, b), a > 0 and b / a <= 4.0)
sys.exit(exit_status())
