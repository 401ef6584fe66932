#!/usr/bin/env python3
"""HTML writer (issue 4): out/site/ validity, escaping, determinism, themes.

Validity is checked with Python's html.parser (the Nu checker is not in
Debian): doctype, lang, charset, viewport, landmarks, one h1, heading
levels in order, unique ids, every fragment link has a target (also across
pages), no script but the theme's search.js, no event-handler attributes,
every clause id of corpus.json present on its council's page and in the
search index (search-index.json; the search itself runs in t_browser.sh).
"""
import glob, json, os, re, shutil, sys
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *


class Page(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.decl = None
        self.first = None
        self.ids = []
        self.hrefs = []
        self.headings = []
        self.tags = {}
        self.attrs_of = []
        self.problems = []
        self.stack = []
        self.link_text = []  # (href, text) per <a>
        self._a = None
        self.script_text = ""
        self.feed(text)
        self.close()

    def handle_decl(self, decl):
        if self.decl is None and self.first is None:
            self.decl = decl

    def handle_starttag(self, tag, attrs):
        if self.first is None:
            self.first = tag
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attrs_of.append((tag, a))
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append("event handler attribute %s on <%s>" % (k, tag))
            if k in ("href", "src") and v and re.match(r"\s*(javascript|data|vbscript):", v, re.I):
                self.problems.append("unsafe URL %r" % v)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a":
            self.hrefs.append(a.get("href"))
            self._a = [a.get("href"), ""]
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.problems.append("self-closing syntax <%s/>" % tag)
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            self.problems.append("end tag for void element </%s>" % tag)
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("misnested </%s> (open: %s)" % (tag, "/".join(self.stack[-4:])))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "a" and self._a:
            self.link_text.append(tuple(self._a))
            self._a = None

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.script_text += data
        if self._a is not None:
            self._a[1] += data


def validate(path, pages):
    """Problems of one page (a list of strings); PAGES: name -> Page."""
    text = open(path, encoding="utf-8").read()
    p = pages[os.path.basename(path)]
    probs = list(p.problems)
    if not text.startswith("<!DOCTYPE html>"):
        probs.append("does not start with <!DOCTYPE html>")
    html = [a for t, a in p.attrs_of if t == "html"]
    if not html or html[0].get("lang") != "en-GB":
        probs.append("<html> lacks lang=en-GB")
    if not any(t == "meta" and a.get("charset", "").lower() == "utf-8" for t, a in p.attrs_of):
        probs.append("no <meta charset=utf-8>")
    if not any(t == "meta" and a.get("name") == "viewport" for t, a in p.attrs_of):
        probs.append("no viewport meta")
    for lm in ("header", "nav", "main", "footer", "title"):
        if not p.tags.get(lm):
            probs.append("no <%s>" % lm)
    if p.tags.get("main") != 1:
        probs.append("%s <main> elements" % p.tags.get("main"))
    if p.tags.get("h1") != 1:
        probs.append("%s <h1> elements" % p.tags.get("h1"))
    if p.headings and p.headings[0] != 1:
        probs.append("first heading is h%d" % p.headings[0])
    for a, b in zip(p.headings, p.headings[1:]):
        if b > a + 1:
            probs.append("heading level jumps from h%d to h%d" % (a, b))
            break
    seen = set()
    for i in p.ids:
        if i in seen:
            probs.append("duplicate id %r" % i)
        seen.add(i)
    # the only scripts are the theme's search.js and, on search.html, the
    # stemmer it uses (progressive enhancement), by src, never inline
    for t, a in p.attrs_of:
        if t == "script" and not re.fullmatch(r"(\.\./)*themes/[a-z0-9-]+/(search|snowball-english)\.js", a.get("src", "")):
            probs.append("<script> other than the theme's search.js and stemmer: %r" % a)
    if p.script_text.strip():
        probs.append("inline script text %r" % p.script_text[:80])
    skip = [h for h, _ in p.link_text[:1]]
    if skip != ["#content"] or "content" not in seen:
        probs.append("first link is not a skip link to #content")
    for href, txt in p.link_text:
        if not txt.strip():
            probs.append("link %r has no text" % href)
    for href in p.hrefs:
        if href is None:
            continue
        if href.startswith("#"):
            if href[1:] not in seen:
                probs.append("href %s has no target" % href)
        elif "#" in href and not re.match(r"[a-z]+:", href):
            page, frag = href.split("#", 1)
            if page in pages and frag not in pages[page].ids:
                probs.append("href %s: no id %r in %s" % (href, frag, page))
    return probs


def load_site(site):
    pages = {}
    for name in sorted(os.listdir(site)):
        if name.endswith(".html"):
            pages[name] = Page(open(os.path.join(site, name), encoding="utf-8").read())
    return pages


def main():
    srcs = sources()
    out1 = os.path.join(TMP, "out1")
    r = build(out1, srcs, "json,html", EPOCH)
    if r.returncode != 0:
        notok("build the councils", r.stderr)
        return
    ok("build the councils")
    site = os.path.join(out1, "site")
    corpus = load_corpus(out1)
    expected = ["index.html"] + ["%s.html" % d["slug"] for d in corpus["documents"]]
    missing = [e for e in expected if not os.path.exists(os.path.join(site, e))]
    check("index.html and one page per council", not missing, "missing: %s" % missing)
    check("theme CSS copied", os.path.exists(os.path.join(site, "themes/default/style.css")))

    # the search index: every clause, once, pointing at its page
    try:
        si = json.load(open(os.path.join(site, "search-index.json"), encoding="utf-8"))
        rows = {(si["councils"][r[0]][0], r[1]) for r in si["clauses"]}
        want = {(d["slug"], c["id"]) for d in corpus["documents"] for c in d["clauses"]}
        check("search index lists every clause once", rows == want and len(si["clauses"]) == len(want),
              "missing: %s\nextra: %s" % (sorted(want - rows)[:10], sorted(rows - want)[:10]))
        check("search index words are normalised", all(w == w.lower() and w.strip() for r in si["clauses"] for w in r[5].split(" ")))
        # stemmed: Brent's "surgeries" is indexed as Snowball's "surgeri"
        brent = [r for r in si["clauses"] if si["councils"][r[0]][0] == "brent" and "surgeries" in r[4]]
        check("search index words are stemmed (surgeries -> surgeri)",
              brent and all("surgeri" in r[5].split(" ") and "surgeries" not in r[5].split(" ") for r in brent),
              repr([r[5] for r in brent][:2]))
    except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
        notok("search index lists every clause once", repr(e))
    # every page has the header search form, hidden until the script runs,
    # leading to search.html from wherever the page is
    htmls = [os.path.relpath(f, site) for f in glob.glob(os.path.join(site, "**", "*.html"), recursive=True)]
    bad_forms = []
    for rel in htmls:
        t = open(os.path.join(site, rel), encoding="utf-8").read()
        up = "../" * rel.count("/")
        if not re.search(r'<form class="header-search" role="search" aria-label="Site" action="%ssearch\.html" '
                         r'method="get" id="_site-search" hidden="">' % re.escape(up), t):
            bad_forms.append(rel)
    check("every page has the hidden header search form leading to search.html (%d pages)" % len(htmls),
          htmls and not bad_forms and os.path.exists(os.path.join(site, "search.html")), repr(bad_forms[:5]))
    pages = load_site(site)
    for name in sorted(pages):
        probs = validate(os.path.join(site, name), pages)
        check("valid: " + name, not probs, "\n".join(probs))

    for d in corpus["documents"]:
        page = pages.get(d["slug"] + ".html")
        ids = set(page.ids) if page else set()
        lost = [c["id"] for c in d["clauses"] if c["id"] not in ids]
        lost += [s["id"] for s in d["sections"] if s["id"] not in ids]
        lost += [f["id"] for f in d["footnotes"] if f["id"] not in ids]
        check("every clause, section and footnote id of %s is on its page" % d["slug"], page and not lost,
              "missing: %s" % lost[:20])
        # a visible permalink per clause
        links = set(h for h in (page.hrefs if page else []) if h)
        nolink = [c["id"] for c in d["clauses"] if "#" + c["id"] not in links]
        check("every clause of %s has a permalink" % d["slug"], not nolink, "no permalink: %s" % nolink[:10])
        # printed numbers shown as printed (Brent prints 1.1. in section 3)
        text = open(os.path.join(site, d["slug"] + ".html"), encoding="utf-8").read()
        nonum = [c["number"] for c in d["clauses"] if c["number"] and
                 "</span>%s</a>" % (c.get("number_shown") or c["number"]).replace("&", "&amp;") not in text]
        check("printed clause numbers shown in %s" % d["slug"], not nonum, "not shown: %s" % nonum[:10])

    idx = open(os.path.join(site, "index.html"), encoding="utf-8").read()
    nolinks = [d["slug"] for d in corpus["documents"] if 'href="%s.html"' % d["slug"] not in idx]
    check("index links every council", not nolinks, nolinks)

    # determinism: a second build is byte-identical
    out2 = os.path.join(TMP, "out2")
    r = build(out2, srcs, "json,html", EPOCH)
    diffs = []
    for dp, _, files in os.walk(site):
        for f in files:
            a = os.path.join(dp, f)
            b = os.path.join(out2, "site", os.path.relpath(a, site))
            if not os.path.exists(b) or open(a, "rb").read() != open(b, "rb").read():
                diffs.append(os.path.relpath(a, site))
    check("two builds are byte-identical", r.returncode == 0 and not diffs, r.stderr + "\n".join(diffs))

    # escaping: text that looks like markup stays text
    src = os.path.join(TMP, "src")
    os.makedirs(src, exist_ok=True)
    evil = os.path.join(src, "evil.md")
    with open(evil, "w", encoding="utf-8") as f:
        f.write('---\ncouncil: "Evil & <b>Bold</b> Council"\nslug: evil\ntitle: "A \\"quoted\\" <i>title</i>"\n'
                'theme: civic\n---\n\n## 1. Heading \\<img src=x onerror=alert(1)>\n\n'
                '1.1 Text with \\<script>alert(1)\\</script> & ampersand and a '
                '[link](https://example.org/?a=1&b="2") and café.[^1]\n\n'
                '1.2 See paragraph 1.1.\n\n[^1]: A footnote with \\<em>.\n')
    out3 = os.path.join(TMP, "out3")
    r = build(out3, [evil], "json,html")
    if r.returncode != 0:
        notok("build a source with markup-like text", r.stderr)
    else:
        ok("build a source with markup-like text")
        page = os.path.join(out3, "site", "evil.html")
        text = open(page, encoding="utf-8").read()
        # the page's one script is the theme's search.js (every page has it)
        no_search = re.sub(r'<script src="themes/civic/search\.js"></script>', "", text)
        check("markup in text is escaped", "&lt;script&gt;alert(1)&lt;/script&gt;" in text and
              "<script" not in no_search and "<img" not in text and "<b>" not in text and "<i>" not in text,
              "\n".join(l for l in text.splitlines() if "script" in l or "img" in l)[:2000])
        check("attribute values are escaped", 'href="https://example.org/?a=1&amp;b=%222%22"' in text,
              "\n".join(l for l in text.splitlines() if "example.org" in l))
        check("UTF-8 written raw", "café" in text)
        pages3 = load_site(os.path.join(out3, "site"))
        probs = validate(page, pages3)
        check("valid: evil.html", not probs, "\n".join(probs))
        check("footnote reference and back-link", 'href="#fn-1"' in text and 'class="backref" href="#_ref-fn-1-1"' in text)
        check("internal cross-reference is a link", 'class="xref" href="#para-1.1"' in text)
        # theme switch: civic
        check("civic theme source uses civic CSS", 'href="themes/civic/style.css"' in text and
              os.path.exists(os.path.join(out3, "site/themes/civic/style.css")) and "civic-header" in text)
        # a theme inherits the files it lacks from the default theme beside
        # it (civic has no search.js of its own); its own files win
        def same(a, b):
            return os.path.exists(a) and open(a, "rb").read() == open(b, "rb").read()
        idx3 = open(os.path.join(out3, "site", "index.html"), encoding="utf-8").read()
        check("civic inherits the default theme's search.js, and the index loads it",
              not os.path.exists(os.path.join(ROOT, "themes/civic/search.js")) and
              same(os.path.join(out3, "site/themes/civic/search.js"), os.path.join(ROOT, "themes/default/search.js")) and
              'src="themes/civic/search.js"' in idx3 and 'id="_site-search"' in idx3 and
              same(os.path.join(out3, "site/themes/civic/snowball-english.js"), os.path.join(ROOT, "themes/default/snowball-english.js")))
        check("a theme's own file is not replaced by the inherited one",
              same(os.path.join(out3, "site/themes/civic/style.css"), os.path.join(ROOT, "themes/civic/style.css")))
    check("default theme pages use default CSS", 'href="themes/default/style.css"' in idx)

    # a missing theme is an error naming the source and listing themes
    bad = os.path.join(src, "bad.md")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("---\ncouncil: Bad Council\nslug: bad\ntitle: Bad\ntheme: no-such-theme\n---\n\n## 1. A\n\n1.1 Text.\n")
    out4 = os.path.join(TMP, "out4")
    r = build(out4, [bad], "json,html")
    msg = r.stderr
    check("missing theme fails the build", r.returncode != 0 and not os.path.exists(os.path.join(out4, "site")),
          "status %d\n%s" % (r.returncode, msg))
    check("missing theme error names the file and lists themes",
          re.search(r"bad\.md:\d+:\d+: error: theme 'no-such-theme'", msg) is not None and
          "civic" in msg and "default" in msg, msg)

    # a theme found beside the sources, and a broken template reported
    themes = os.path.join(TMP, "themes")
    shutil.rmtree(themes, ignore_errors=True)
    # a theme with no search.js and no default theme beside it to inherit
    # one from: no search form (it would do nothing), no script
    os.makedirs(os.path.join(themes, "lone"))
    for f in ("template.html", "style.css"):
        shutil.copy(os.path.join(ROOT, "themes/default", f), os.path.join(themes, "lone", f))
    with open(bad, "w", encoding="utf-8") as f:
        f.write("---\ncouncil: Lone Council\nslug: lone\ntitle: Lone\ntheme: lone\n---\n\n## 1. A\n\n1.1 Text.\n")
    out5 = os.path.join(TMP, "out5")
    r = build(out5, [bad], "json,html")
    idx5 = open(os.path.join(out5, "site", "index.html"), encoding="utf-8").read() if r.returncode == 0 else ""
    check("a theme with nothing to inherit search.js from has no search form",
          r.returncode == 0 and "<script" not in idx5 and '_search' not in idx5 and
          not os.path.exists(os.path.join(out5, "site/search.html")) and
          not os.path.exists(os.path.join(out5, "site/themes/lone/search.js")), r.stderr)
    os.makedirs(os.path.join(themes, "broken"))
    with open(os.path.join(themes, "broken", "template.html"), "w") as f:
        f.write("<!DOCTYPE html>\n<html><head><title data-slot=\"title\">x</title><meta charset=\"utf-8\">"
                "</head><body><main data-slot=\"main\"></main></body></html>\n")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("---\ncouncil: Bad Council\nslug: bad\ntitle: Bad\ntheme: broken\n---\n\n## 1. A\n\n1.1 Text.\n")
    r = build(out4, [bad], "json,html")
    check("malformed template is an error naming the template",
          r.returncode != 0 and "broken/template.html:" in r.stderr and "well-formed" in r.stderr, r.stderr)


main()
sys.exit(0)
