#!/usr/bin/env python3
"""Injection safety (issue 9): hostile text in a source and its front
matter never becomes markup, script or a dangerous link.

The payloads: <script> written as escaped text, <img onerror=...>,
"><svg onload=...>, </title>, javascript:, data: and vbscript: links
(plain, autolinked, with blanks and entities), CSS expression(), and a
Unicode bidi override (U+202E), in the front matter (council, title,
part, history) and in headings, clauses, footnotes and code spans.

Every HTML page is parsed with html.parser: no script element but the
theme's search.js and stemmer (and no inline script), no on* attribute, no
javascript:/data:/vbscript: URL in any attribute, no expression() in any
style, no svg/img/iframe/object/embed/form/base element; the payloads are
there as text. Every PDF's link annotations (qpdf --json) are http(s) or
mailto URIs, internal destinations, or (matrix.pdf) GoToR to a council's
PDF beside it; no JavaScript or Launch action anywhere. Bidi overrides
are kept but warned about with line:col.
"""
import json, os, re, sys
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

SRC = """---
council: 'Evil "><svg onload=alert(1)> Council'
slug: evil
title: "</title><script>alert('t')</script> Protocol"
part: <img src=x onerror=alert(1)>
history:
  - date: 2020-01-01
    text: 'javascript:alert(1) <a href="javascript:alert(2)">x</a> expression(alert(5))'
---

## 1. \\<script>alert(1)\\</script> INTRODUCTION

1.1 Text with \\<img src=x onerror=alert(1)> and "\\>\\<svg onload=alert(1)> and a [link](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and [vb](vbscript:msgbox) and [upper](JaVaScRiPt:alert(1)) and [ent](jav&#x61;script:alert(1)) and <javascript:alert(1)> and [ok](https://example.org/"onmouseover="alert(1)) {topic=protocol-purpose}

1.2 Style `<style>body{background:expression(alert(1))}</style>` and width:expression(alert(1)) and a bidi \u202eevil\u202c override.[^1] {topic=protocol-purpose}

[^1]: Footnote \\<script>alert(3)\\</script> [x](javascript:alert(4)).
"""

BAD_URL = re.compile(r"^\s*(javascript|data|vbscript|file):", re.I)
BAD_ELEMENTS = {"svg", "img", "iframe", "object", "embed", "base", "frame", "frameset",
                "applet", "math"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset",
             "background", "cite", "longdesc", "manifest"}


class Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.text, self.title, self.in_title = [], [], "", False
        self.in_script = self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            src = a.get("src") or ""
            # the theme's search script, and on search.html its stemmer
            if not re.fullmatch(r"(\.\./)*themes/[a-z0-9-]+/(search|snowball-english)\.js", src):
                self.problems.append("script element %r" % (attrs,))
            self.in_script = True
        if tag == "style":
            self.in_style = True
        if tag == "form" and (a.get("role") != "search" or (a.get("method") or "get") != "get"):
            self.problems.append("form that is not the theme's search form: %r" % (attrs,))
        if tag in BAD_ELEMENTS:
            self.problems.append("<%s> element" % tag)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        for k, v in attrs:
            v = v or ""
            if k.startswith("on"):
                self.problems.append("event handler %s=%r on <%s>" % (k, v, tag))
            if k in URL_ATTRS and BAD_URL.match(re.sub(r"[\x00-\x20]", "", v)):
                self.problems.append("%s=%r on <%s>" % (k, v, tag))
            if k == "style" and "expression(" in v.replace(" ", "").lower():
                self.problems.append("style with expression() on <%s>" % tag)
        if tag == "title":
            self.in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self.in_script = False
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append("inline script text %r" % data[:80])
        if self.in_style and "expression(" in data.replace(" ", "").lower():
            self.problems.append("expression() in a style element")
        if self.in_title:
            self.title += data
        self.text.append(data)


def main():
    src = write("evil.md", SRC)
    out = os.path.join(TMP, "out")
    rc, so, se = concord("build", "-o", out, "--format", "html,pdf,json", src)
    check("injection: the hostile source builds (its problems are warnings)", rc == 0, se)
    if rc != 0:
        return
    # the dropped links and the bidi override are reported with line:col
    for frag in ("evil.md:13:81: warning: link to 'javascript:alert(1)' dropped",
                 "link to 'data:text/html;base64,",
                 "link to 'vbscript:msgbox' dropped",
                 "link to 'JaVaScRiPt:alert(1)' dropped",
                 "evil.md:17:44: warning: link to 'javascript:alert(4)' dropped",
                 "evil.md:15:108: warning: Unicode bidirectional control U+202E"):
        check("injection: warning '%s'" % frag, frag in se, se)

    site = os.path.join(out, "site")
    pages, problems, texts, titles = 0, [], [], []
    for dirpath, _, files in os.walk(site):
        for f in files:
            if not f.endswith(".html"):
                continue
            pages += 1
            s = Scan()
            s.feed(open(os.path.join(dirpath, f), encoding="utf-8").read())
            s.close()
            problems += ["%s: %s" % (os.path.relpath(os.path.join(dirpath, f), site), p)
                         for p in s.problems]
            texts.append("".join(s.text))
            titles.append(s.title)
    check("injection: %d HTML pages: no script but search.js, no on* attribute, no "
          "javascript:/data: URL, no expression(), no svg/img/iframe, no form but the search form" % pages,
          pages > 0 and not problems, *problems[:30])
    page = open(os.path.join(site, "evil.html"), encoding="utf-8").read()
    s = Scan()
    s.feed(page)
    text = "".join(s.text)
    for payload in ("<script>alert(1)</script> INTRODUCTION", "<img src=x onerror=alert(1)>",
                    '"><svg onload=alert(1)>', "<script>alert(3)</script>",
                    "width:expression(alert(1))"):
        check("injection: %r is shown as text" % payload, payload in text)
    check("injection: </title> in the title stays text inside <title>",
          "</title><script>alert('t')</script>" in s.title, s.title)

    # PDFs: link annotations and actions
    bad = []
    pdfs = [os.path.join(out, "pdf", f) for f in sorted(os.listdir(os.path.join(out, "pdf")))]
    nlinks = 0
    for p in pdfs:
        js = qpdf_json(p)
        raw = json.dumps(js)
        for name in ("/JavaScript", "/JS", "/Launch", "/SubmitForm", "/ImportData"):
            if '"%s"' % name in raw:
                bad.append("%s: %s" % (os.path.basename(p), name))
        for link in qpdf_links(js):
            nlinks += 1
            act = link.get("/A")
            if isinstance(act, str):  # an indirect action: look it up
                act = js["qpdf"][1].get("obj:" + act, {}).get("value")
            if act is None:
                if "/Dest" not in link:
                    bad.append("%s: link without action or destination" % os.path.basename(p))
                continue
            kind = act.get("/S")
            if kind == "/URI":
                uri = re.sub(r"^[ub]:", "", act.get("/URI", ""))
                if not re.match(r"(https?|mailto):", uri, re.I):
                    bad.append("%s: URI %r" % (os.path.basename(p), uri))
            elif kind == "/GoTo":
                pass
            elif kind == "/GoToR":
                f = re.sub(r"^[ub]:", "", str(act.get("/F", "")))
                if not re.fullmatch(r"[a-z0-9-]+\.pdf", f):
                    bad.append("%s: GoToR to %r" % (os.path.basename(p), f))
            else:
                bad.append("%s: action %r" % (os.path.basename(p), kind))
    check("injection: %d PDF link annotations in %d PDFs: only http(s)/mailto, internal, "
          "or GoToR to a council PDF; no JavaScript/Launch" % (nlinks, len(pdfs)),
          pdfs and not bad, *bad[:30])
    text = pdftotext(os.path.join(out, "pdf", "evil.pdf"))
    check("injection: the PDF shows the payloads as text",
          "<img src=x onerror=alert(1)>" in text, text[:2000])


main()
sys.exit(exit_status())
