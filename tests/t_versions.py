#!/usr/bin/env python3
"""Point-in-time versions (issue 20, item 3; docs/versions.md).

A project in $TESTTMP with a current source (in_force 2021-06-01) and two
earlier versions (sources/versions/newtown/2019-03-04.md, 2020-01-15.md):
the build writes both version pages and a redline for each change; the
council page has the timeline ("in force from ... to ...") and says when
it was last amended, linking that amendment's redline; each earlier page
says it is not the current version; a redline marks exactly the changed
words (<ins>/<del>); amendment history lines that repeat a date are shown
once; the versions are history only (not in corpus.json, search, the
matrix or the topic pages); every link of the new pages resolves; the
output is the same bytes twice. Bad version files fail with
file:line:col, a non-zero exit, and nothing written. The five councils
(no earlier texts) get no version pages, and East Northamptonshire's
history shows each date once. With node and Chromium installed, axe and
the Nu checker run on the new pages (tests/browser/check.mjs).
"""
import json, os, re, shutil, subprocess, sys
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

FRONT = """---
council: Newtown Town Council
slug: %s
title: Protocol on Member/Officer Relations
%s---
"""

CURRENT = FRONT % ("newtown", """in_force: 2021-06-01
history:
  - date: 2019-03-04
    text: "Adopted by Council 4 March 2019 minute 12"
  - date: 2020-01-15
    text: "Amended by Council 15 January 2020 minute 77"
  - date: 2021-06-01
    text: "Amended by Council 1 June 2021 minute 40"
  - date: 2021-06-01
    text: "Amended by Council 1 June 2021 minute 40"
  - date: 2021-06-01
    text: "Paragraph 1.3 added"
""") + """
## 1. Introduction

1.1 Members and officers must treat one another with courtesy and respect at all times. {topic=mutual-respect-and-courtesy}

1.2 Officers serve the whole council and give impartial advice. {topic=officers-serve-whole-council}

1.3 Members should take care when commenting about officers on social media.
"""

V2020 = FRONT % ("newtown", "") + """
## 1. Introduction

1.1 Members and officers must treat one another with respect. {topic=mutual-respect-and-courtesy}

1.2 Officers serve the whole council and give impartial advice. {topic=officers-serve-whole-council}
"""

V2019 = FRONT % ("newtown", "") + """
## 1. Introduction

1.1 Members and officers must treat one another cordially with respect.

1.2 Officers serve the council and give advice.
"""


def project(name, files):
    """A project folder TMP/NAME with themes, topics.yaml and FILES
    ({relative path: text}); returns its path."""
    p = os.path.join(TMP, name)
    shutil.rmtree(p, ignore_errors=True)
    os.makedirs(os.path.join(p, "sources"))
    shutil.copytree(os.path.join(ROOT, "themes"), os.path.join(p, "themes"))
    shutil.copy(os.path.join(ROOT, "sources", "topics.yaml"), os.path.join(p, "sources"))
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(p, rel)), exist_ok=True)
        with open(os.path.join(p, rel), "w", encoding="utf-8") as f:
            f.write(text)
    return p


def cbuild(p, fmt="json,html,matrix", out="out"):
    return concord("build", "-q", "--format", fmt, "-o", out, cwd=p,
                   env={"SOURCE_DATE_EPOCH": EPOCH})


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Marks(HTMLParser):
    """The words in <ins> and <del> (the visually hidden "(inserted: "
    and ")" left out), the <li> texts of ol.history, hrefs and ids."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ins, self.dels, self.history, self.hrefs, self.ids = [], [], [], [], set()
        self.mark = None
        self.hidden = 0
        self.in_history = False
        self.li = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "link" and "href" in a:
            self.hrefs.append(a["href"])
        if tag in ("ins", "del"):
            self.mark = [tag, ""]
        if tag == "span" and "visually-hidden" in (a.get("class") or ""):
            self.hidden += 1
        elif tag == "span" and self.hidden:
            self.hidden += 1
        if tag == "ol" and a.get("class") == "history":
            self.in_history = True
        if tag == "li" and self.in_history:
            self.li = ""

    def handle_endtag(self, tag):
        if tag == "span" and self.hidden:
            self.hidden -= 1
        if tag in ("ins", "del") and self.mark:
            (self.ins if tag == "ins" else self.dels).append(self.mark[1].strip())
            self.mark = None
        if tag == "li" and self.li is not None:
            self.history.append(self.li)
            self.li = None
        if tag == "ol" and self.in_history:
            self.in_history = False

    def handle_data(self, data):
        if self.mark and not self.hidden:
            self.mark[1] += data
        if self.li is not None:
            self.li += data


good = project("good", {
    "sources/newtown.md": CURRENT,
    "sources/versions/newtown/2019-03-04.md": V2019,
    "sources/versions/newtown/2020-01-15.md": V2020,
    "sources/versions/newtown/notes.txt": "not a version: ignored\n",
})
rc, out, err = cbuild(good)
check("a project with two earlier versions builds", rc == 0, err)
site = os.path.join(good, "out", "site")
pages = ["newtown/2019-03-04.html", "newtown/2020-01-15.html",
         "newtown/changes-2020-01-15.html", "newtown/changes-2021-06-01.html"]
missing = [p for p in pages if not os.path.isfile(os.path.join(site, p))]
check("both version pages and a redline per change are written", not missing, missing)
extra = sorted(set(os.listdir(os.path.join(site, "newtown"))) - {os.path.basename(p) for p in pages}) \
    if os.path.isdir(os.path.join(site, "newtown")) else []
check("nothing else in site/newtown/", not extra, extra)
if missing:
    sys.exit(exit_status())

cur = read(os.path.join(site, "newtown.html"))
# UTF-8 read as Latin-1 and encoded again ("\u00c2\u00b7" for a middle dot)
mojibake = [(p, m.group(0)) for p in pages + ["newtown.html"]
            for m in re.finditer("[\u00c2\u00c3][\u0080-\u00bf]", read(os.path.join(site, p)))]
check("no doubly encoded characters on the council and version pages", not mojibake, mojibake[:5])
m = re.search(r'<section class="versions".*?</section>', cur, re.S)
timeline = m.group(0) if m else ""
plain = re.sub(r"<[^>]+>", "", timeline)
check("the council page has a version timeline",
      "Version in force from 4 March 2019 to 15 January 2020" in plain
      and "Version in force from 15 January 2020 to 1 June 2021" in plain
      and "This version, in force from 1 June 2021" in plain, plain)
check("the timeline links both versions and both redlines",
      all('href="%s"' % p in timeline for p in pages), timeline)
m = re.search(r"<dt>Last amended</dt>\s*<dd>(.*?)</dd>", cur, re.S)
last = m.group(1) if m else ""
check("the current page says when it was last amended and links that redline",
      'datetime="2021-06-01"' in last and 'href="newtown/changes-2021-06-01.html"' in last, last)
check("the current page says when it came into force",
      re.search(r"<dt>In force from</dt>\s*<dd><time datetime=\"2021-06-01\">", cur) is not None)

old = read(os.path.join(site, "newtown/2019-03-04.html"))
notice = re.search(r'<div class="version-notice".*?</div>', old, re.S)
ntext = re.sub(r"<[^>]+>", "", notice.group(0)) if notice else ""
check("the oldest page says it is not the current version, and when it was in force",
      "This is not the current version." in ntext
      and "in force from 4 March 2019 to 15 January 2020" in ntext, ntext or old[:2000])
check("the notice links the current version and the next change",
      notice is not None and 'href="../newtown.html"' in notice.group(0)
      and 'href="changes-2020-01-15.html"' in notice.group(0), notice and notice.group(0))
mid = read(os.path.join(site, "newtown/2020-01-15.html"))
check("the middle version's notice links the change into it and out of it",
      'href="changes-2020-01-15.html"' in mid and 'href="changes-2021-06-01.html"' in mid)
check("the current page has no not-current notice", "version-notice" not in cur)
check("an earlier version's permalink names its own page",
      "<code>newtown/2019-03-04.html#para-1.1</code>" in old)

r1 = Marks(read(os.path.join(site, "newtown/changes-2020-01-15.html")))
check("redline 2019 -> 2020 marks exactly the changed words",
      r1.dels == ["cordially"] and r1.ins == ["whole", "impartial"],
      "del %r ins %r" % (r1.dels, r1.ins))
r2 = Marks(read(os.path.join(site, "newtown/changes-2021-06-01.html")))
check("redline 2020 -> 2021 marks exactly the changed words",
      r2.dels == [] and r2.ins == ["courtesy and", "at all times",
                                   "Members should take care when commenting about officers on social media."],
      "del %r ins %r" % (r2.dels, r2.ins))
check("the redline links both versions",
      'href="2020-01-15.html"' in "".join('href="%s"' % h for h in r2.hrefs)
      and "../newtown.html" in r2.hrefs, r2.hrefs)

hist = Marks(cur).history
check("amendment history: one line per date", len(hist) == 3, hist)
check("a date repeated in the history is shown once on its line",
      all(h.count("1 June 2021") <= 1 and h.count("2021-06-01") == 0 for h in hist)
      and sum("1 June 2021" in h for h in hist) == 1, hist)
check("a second text for the same date stays on the date's line",
      any("minute 40" in h and "Paragraph 1.3 added" in h for h in hist), hist)

# history only: not a document of the corpus, the search or the matrix
corpus = load_corpus(os.path.join(good, "out"))
check("corpus.json lists one document", len(corpus.get("documents", [])) == 1,
      [d.get("slug") for d in corpus.get("documents", [])])
doc0 = (corpus.get("documents") or [{}])[0]
check("corpus.json gives the in-force date and the versions' dates and pages, not their texts",
      doc0.get("in_force") == "2021-06-01" and doc0.get("versions") == [
          {"in_force": "2019-03-04", "until": "2020-01-15", "page": "site/newtown/2019-03-04.html"},
          {"in_force": "2020-01-15", "until": "2021-06-01", "page": "site/newtown/2020-01-15.html"}]
      and "cordially" not in json.dumps(corpus), doc0.get("versions"))
search = read(os.path.join(site, "search-index.json"))
check("words only an earlier version has are not in the search index", "cordially" not in search)
tp = read(os.path.join(site, "topics", "mutual-respect-and-courtesy.html"))
check("topic pages show only the current wording",
      "courtesy and respect at all times" in tp and "newtown/2020-01-15" not in tp
      and "treat one another with respect." not in tp)
mx = read(os.path.join(site, "matrix.html"))
check("the matrix does not link earlier versions", "newtown/20" not in mx and "changes-" not in mx)

# every link of the council page and the new pages resolves inside out/site
bad_links = []
for rel in ["newtown.html"] + pages:
    base = os.path.dirname(rel)
    for h in Marks(read(os.path.join(site, rel))).hrefs:
        u = urlsplit(h)
        if u.scheme or h.startswith("//"):
            continue
        target = os.path.normpath(os.path.join(base, unquote(u.path))) if u.path else rel
        if target.startswith(".."):
            bad_links.append((rel, h, "leaves the site"))
            continue
        f = os.path.join(site, target)
        if not os.path.isfile(f):
            bad_links.append((rel, h, "no file"))
        elif u.fragment and target.endswith(".html") and u.fragment not in Marks(read(f)).ids:
            bad_links.append((rel, h, "no such id"))
check("every link of the version pages and redlines resolves in out/site", not bad_links, bad_links)

# determinism: a second build into another folder, the same bytes
rc2, _, err2 = cbuild(good, out="out2")
same = rc2 == 0 and all(read(os.path.join(good, "out", "site", p)) == read(os.path.join(good, "out2", "site", p))
                        for p in pages + ["newtown.html"])
check("the same input gives the same version pages", same, err2)

# an edit of an earlier version rebuilds its pages (the cache sees it)
vpath = os.path.join(good, "sources/versions/newtown/2020-01-15.md")
with open(vpath, "a", encoding="utf-8") as f:
    f.write("\n1.3 Added to the 2020 text for the cache check.\n")
rc3, _, err3 = cbuild(good)
after = read(os.path.join(site, "newtown/2020-01-15.html"))
check("editing an earlier version rebuilds its page", rc3 == 0 and "for the cache check" in after, err3)

# ---- bad version files ------------------------------------------------------
BAD = [
    ("a file name that is not a date",
     {"sources/versions/newtown/2021-13-01.md": V2020},
     r"sources/versions/newtown/2021-13-01\.md:1:1: error: version file name '2021-13-01\.md' is not a date"),
    ("a version of a slug no source has",
     {"sources/versions/oldtown/2020-01-01.md": V2020},
     r"sources/versions/oldtown/2020-01-01\.md:1:1: error: an earlier version of 'oldtown', but no source"),
    ("two versions with the same date",
     {"sources/versions/newtown/2021-06-01.md": V2020},
     r"sources/versions/newtown/2021-06-01\.md:1:1: error: two versions dated 2021-06-01"),
    ("a version dated after the current text",
     {"sources/versions/newtown/2022-01-01.md": V2020},
     r"sources/versions/newtown/2022-01-01\.md:1:1: error: this version is dated 2022-01-01, after the current text"),
    ("a version with another council's slug",
     {"sources/versions/newtown/2020-01-15.md": V2020.replace("slug: newtown", "slug: oldtown")},
     r"sources/versions/newtown/2020-01-15\.md:3:7: error: this earlier version says slug 'oldtown'"),
    ("a version file outside a council's folder",
     {"sources/versions/2020-01-15.md": V2020},
     r"sources/versions/2020-01-15\.md:1:1: error: an earlier version must be in a folder"),
    ("a version whose in_force is not its file's date",
     {"sources/versions/newtown/2020-01-15.md": V2020.replace("title: Protocol", "in_force: 2020-02-01\ntitle: Protocol")},
     r"sources/versions/newtown/2020-01-15\.md:1:1: error: in_force 2020-02-01 differs from the file's name"),
    ("versions but no in_force date",
     {"sources/newtown.md": CURRENT.replace("in_force: 2021-06-01\n", "")},
     r"sources/newtown\.md:1:1: error: 'newtown' has earlier versions .* add 'in_force: YYYY-MM-DD'"),
    ("an in_force that is not a date",
     {"sources/newtown.md": CURRENT.replace("in_force: 2021-06-01", "in_force: June 2021")},
     r"sources/newtown\.md:5:11: error: in_force 'June 2021' is not a date"),
    ("a slug whose version folder is a site-wide folder",
     {"sources/newtown.md": CURRENT.replace("slug: newtown", "slug: topics"),
      "sources/versions/newtown/2020-01-15.md": None,
      "sources/versions/topics/2020-01-15.md": V2020.replace("slug: newtown", "slug: topics")},
     r"sources/newtown\.md:3:7: error: slug 'topics' has earlier versions, which would be written in site/topics/"),
]
for name, files, pattern in BAD:
    base = {"sources/newtown.md": CURRENT, "sources/versions/newtown/2020-01-15.md": V2020}
    base.update(files)
    base = {k: v for k, v in base.items() if v is not None}
    p = project("bad", base)
    rc, _, err = cbuild(p)
    check("bad: %s: file:line:col error" % name, re.search(pattern, err) is not None, err)
    check("bad: %s: non-zero exit, nothing written" % name,
          rc != 0 and not os.path.exists(os.path.join(p, "out")), "exit %d" % rc)
rc, _, err = concord("check", cwd=p)
check("concord check reports a bad version too", rc != 0 and "error:" in err, err)

# a build of some of the sources leaves the other councils' versions alone
p = project("subset", {"sources/newtown.md": CURRENT, "sources/versions/newtown/2020-01-15.md": V2020,
                       "sources/other.md": V2020.replace("slug: newtown", "slug: other")
                       .replace("Newtown", "Othertown")})
rc, _, err = concord("build", "-q", "--format", "html", "-o", "out", "sources/other.md", cwd=p,
                     env={"SOURCE_DATE_EPOCH": EPOCH})
check("a build of another council alone ignores newtown's versions",
      rc == 0 and not os.path.exists(os.path.join(p, "out", "site", "newtown")), err)

# ---- the five councils: no earlier texts, no version pages ------------------
real = os.path.join(TMP, "real")
shutil.rmtree(real, ignore_errors=True)
r = build(real, sources(), formats="html", epoch=EPOCH)
check("the five councils build", r.returncode == 0, r.stderr)
dirs = [d for d in os.listdir(os.path.join(real, "site"))
        if os.path.isdir(os.path.join(real, "site", d)) and d + ".html" in os.listdir(os.path.join(real, "site"))]
check("no council of the corpus gets version pages", not dirs, dirs)
enc = read(os.path.join(real, "site", "east-northamptonshire.html"))
eh = Marks(enc).history
check("East Northamptonshire: four history lines, each date once",
      len(eh) == 4 and all(len(re.findall(r"\d{1,2} \w+ \d{4}", h)) == 1 for h in eh), eh)
check("East Northamptonshire: no timeline of versions it has not got",
      'class="versions"' not in enc and "version-notice" not in enc)

# ---- axe and the Nu checker on the new pages --------------------------------
B = os.path.join(ROOT, "tests", "browser")
if not (have("node") and os.path.exists(os.environ.get("CHROMIUM", "/usr/bin/chromium")) and have("java")
        and os.path.isdir(os.path.join(B, "node_modules"))):
    skip("axe and Nu on the version pages", "node, chromium, java or tests/browser/node_modules missing "
         "(tests/t_browser.sh installs them)")
else:
    r = run(["node", os.path.join(B, "check.mjs"), "--site", site, "--label", "versions", "--vnu",
             "--pages", ",".join(pages)], env=dict(os.environ, CHROMIUM=os.environ.get("CHROMIUM", "/usr/bin/chromium")))
    fails = [l for l in r.stdout.splitlines() if l.startswith("not ok")]
    print("\n".join(l for l in r.stdout.splitlines() if l.startswith(("ok", "not ok", "skip"))))
    check("axe and Nu pass on the version pages and redlines", r.returncode == 0 and not fails,
          r.stdout[-3000:], r.stderr[-2000:])

sys.exit(exit_status())
