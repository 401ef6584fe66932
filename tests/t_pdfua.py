#!/usr/bin/env python3
"""t_pdfua.py - the machine-checkable PDF/UA-1 (ISO 14289-1) rules that
apply to what Concord writes, checked offline with pikepdf (issue 21
item 4). Debian has no PDF/UA validator, so this is a checker of a
subset, not veraPDF: each rule is named by its veraPDF PDF/UA-1 profile
id (clause-test, from veraPDF-validation-profiles PDF_UA/PDFUA-1.xml)
and follows that rule's test. docs/pdf-output.md, "PDF/UA-1", lists the
rules checked and those left to a person.

It builds the five councils (their PDFs and matrix.pdf) and a small
document with footnotes, cross-references, web links, lists and a quote,
prints one line per rule with its pass/fail counts over every object the
rule applies to, then mutates copies of those PDFs (no /Lang, no pdfuaid,
a Note without /ID, ...) and checks that the rule meant to catch each
mutation fails on it: every rule that has objects to check has a
negative test.

    tests/t_pdfua.py                 the test (tests/run)
    tests/t_pdfua.py FILE.pdf ...    just the rules, on those files
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

try:
    import pikepdf
except ImportError:
    # python3-pikepdf is Debian's: when python3 on PATH is another
    # interpreter (pyenv), run this program with Debian's instead
    if os.path.exists("/usr/bin/python3") and not os.environ.get("T_PDFUA_REEXEC") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.environ["T_PDFUA_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    pikepdf = None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import *  # noqa: E402

NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"

# ISO 32000-1:2008 14.8.4: the standard structure types
STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span
Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure
Formula Form""".split())

# ISO 32000-1:2008 9.7.5.2 Table 118: the predefined CMaps
PREDEFINED_CMAPS = set("""GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V
GBKp-EUC-H GBKp-EUC-V GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H
UniGB-UTF16-V B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H
ETenms-B5-V CNS-EUC-H CNS-EUC-V UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H
UniCNS-UTF16-V 83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V
90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V
UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V UniJIS-UTF16-H
UniJIS-UTF16-V KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H
KSCms-UHC-HW-V KSCpc-EUC-H UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V
Identity-H Identity-V""".split())

PAINT_OPS = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh",
             "Do", "BI", "INLINE IMAGE"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}
LANG_RE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


def name(o):
    """A PDF name without its slash, or None."""
    return str(o)[1:] if isinstance(o, pikepdf.Name) else None


def pdfstr(o):
    return str(o) if o is not None else None


def as_list(o):
    if o is None:
        return []
    return list(o) if isinstance(o, pikepdf.Array) else [o]


def same(a, b):
    """The same indirect object."""
    try:
        return a.is_indirect and b.is_indirect and a.objgen == b.objgen
    except Exception:
        return False


def number_tree(node, out, depth=0):
    """A number tree's pairs into the dict OUT."""
    if node is None or depth > 32:
        return
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            out[int(nums[i])] = nums[i + 1]
    for k in as_list(node.get("/Kids")):
        number_tree(k, out, depth + 1)


# ---- TrueType: the few tables the font rules need --------------------------

def tt_tables(data):
    if len(data) < 12:
        return {}
    n = int.from_bytes(data[4:6], "big")
    t = {}
    for i in range(n):
        e = data[12 + 16 * i: 28 + 16 * i]
        if len(e) < 16:
            break
        off, ln = int.from_bytes(e[8:12], "big"), int.from_bytes(e[12:16], "big")
        t[e[:4].decode("latin-1")] = data[off: off + ln]
    return t


def tt_metrics(data):
    """(number of glyphs, advances in 1/1000 em by glyph id) of a TrueType
    font program, or (0, []) if it cannot be read."""
    t = tt_tables(data)
    try:
        ngl = int.from_bytes(t["maxp"][4:6], "big")
        upem = int.from_bytes(t["head"][18:20], "big")
        nh = int.from_bytes(t["hhea"][34:36], "big")
        hm = t["hmtx"]
        adv = [int.from_bytes(hm[4 * i: 4 * i + 2], "big") for i in range(nh)]
        adv += [adv[-1]] * (ngl - nh)
        return ngl, [a * 1000.0 / upem for a in adv]
    except Exception:
        return 0, []


def tounicode_map(stream):
    """A ToUnicode CMap's bfchar and bfrange entries: code (int) -> text."""
    try:
        s = stream.read_bytes().decode("latin-1")
    except Exception:
        return {}
    m = {}

    def utf16(h):
        try:
            return bytes.fromhex(h).decode("utf-16-be", errors="surrogatepass")
        except Exception:
            return "\ufffd"
    for block in re.findall(r"beginbfchar(.*?)endbfchar", s, re.S):
        for a, b in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            m[int(a, 16)] = utf16(b)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", s, re.S):
        for a, b, c in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                  block):
            lo, hi = int(a, 16), int(b, 16)
            if hi - lo > 0x10000:
                continue
            if c.startswith("["):
                for i, h in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", c)):
                    m[lo + i] = utf16(h)
            else:
                base = bytes.fromhex(c[1:-1])
                v = int.from_bytes(base, "big")
                for k in range(hi - lo + 1):
                    m[lo + k] = utf16((v + k).to_bytes(len(base), "big").hex())
    return m


# ---- one PDF, read once ---------------------------------------------------

class Doc:
    def __init__(self, path):
        self.path = path
        self.label = os.path.basename(path)
        with open(path, "rb") as f:
            self.header = f.read(1024).split(b"\n")[0].split(b"\r")[0]
        self.pdf = pikepdf.open(path)
        self.root = self.pdf.Root
        self.rolemap = {}
        str_root = self.root.get("/StructTreeRoot")
        if str_root is not None and str_root.get("/RoleMap") is not None:
            for k, v in str_root.RoleMap.items():
                self.rolemap[k[1:]] = name(v)
        self.elems = []      # (elem, parent elem or None, depth) in document order
        self.kids = {}       # objgen -> list of ("E", elem) | ("MCR", page, mcid) | ("OBJR", obj, page)
        self.parent_of = {}  # objgen -> parent objgen (None: the root)
        if str_root is not None:
            self._walk(as_list(str_root.get("/K")), None, 0, None)
        self.parent_tree = {}
        if str_root is not None:
            number_tree(str_root.get("/ParentTree"), self.parent_tree)
        self._content()

    def std(self, e):
        """The standard type of element E (through the RoleMap), or None."""
        s = name(e.get("/S"))
        seen = set()
        while s is not None and s not in STANDARD and s not in seen:
            seen.add(s)
            s = self.rolemap.get(s)
        return s if s in STANDARD else None

    def _walk(self, kids, parent, depth, page):
        for k in kids:
            if isinstance(k, pikepdf.Dictionary):
                t = name(k.get("/Type"))
                if t in ("MCR", "OBJR"):
                    continue
                if k.get("/S") is None:
                    continue
                if k.objgen in self.kids or depth > 200:
                    continue
                self.elems.append((k, parent, depth))
                self.parent_of[k.objgen] = parent.objgen if parent is not None else None
                mine = []
                pg = k.get("/Pg")
                for c in as_list(k.get("/K")):
                    if isinstance(c, int) or (isinstance(c, pikepdf.Object) and
                                              c._type_code == pikepdf.ObjectType.integer):
                        mine.append(("MCR", pg, int(c)))
                    elif isinstance(c, pikepdf.Dictionary):
                        ct = name(c.get("/Type"))
                        if ct == "MCR":
                            mine.append(("MCR", c.get("/Pg", pg), int(c.MCID)))
                        elif ct == "OBJR":
                            mine.append(("OBJR", c.get("/Obj"), c.get("/Pg", pg)))
                        else:
                            mine.append(("E", c))
                self.kids[k.objgen] = mine
                self._walk(as_list(k.get("/K")), k, depth + 1, pg)

    def kid_types(self, e):
        return [self.std(c[1]) or name(c[1].get("/S")) for c in self.kids.get(e.objgen, [])
                if c[0] == "E"]

    def parent(self, e):
        og = self.parent_of.get(e.objgen)
        if og is None:
            return None
        return self.pdf.get_object(og)

    def _content(self):
        """Walks every page's content: marked-content nesting, painting
        operators and the character codes each font shows."""
        self.mc_artifact_in_tagged = []   # (page, detail)
        self.mc_tagged_in_artifact = []
        self.paint = []                    # (page, op, tagged, artifact, mcid)
        self.mcids = []                    # (page index, page, mcid, tag)
        self.codes = {}                    # font objgen -> set of codes
        self.fonts = {}                    # font objgen -> font dict
        self.mc_lang = []                  # Lang entries in property lists
        for pno, page in enumerate(self.pdf.pages):
            res = page.obj.get("/Resources")
            props = res.get("/Properties") if res is not None else None
            fonts = res.get("/Font") if res is not None else None
            stack, font, gstack = [], None, []
            try:
                ops = pikepdf.parse_content_stream(page)
            except Exception as ex:
                self.paint.append((pno, "unreadable content: %s" % ex, False, False, None))
                continue
            for operands, op in ops:
                op = str(op)
                if op in ("BDC", "BMC"):
                    tag = name(operands[0])
                    pl = None
                    if op == "BDC":
                        pl = operands[1]
                        if isinstance(pl, pikepdf.Name) and props is not None:
                            pl = props.get(pl)
                    mcid = None
                    if isinstance(pl, pikepdf.Dictionary):
                        if pl.get("/MCID") is not None:
                            mcid = int(pl.MCID)
                        if pl.get("/Lang") is not None:
                            self.mc_lang.append((pno, str(pl.Lang)))
                    tagged_above = any(s[1] is not None for s in stack)
                    art_above = any(s[0] == "Artifact" for s in stack)
                    if tag == "Artifact" and tagged_above:
                        self.mc_artifact_in_tagged.append((pno, "Artifact inside MCID %s" %
                                                           [s[1] for s in stack if s[1] is not None][-1]))
                    if mcid is not None and art_above:
                        self.mc_tagged_in_artifact.append((pno, "MCID %d inside an Artifact" % mcid))
                    if mcid is not None:
                        self.mcids.append((pno, page, mcid, tag))
                    stack.append((tag, mcid))
                elif op == "EMC":
                    if stack:
                        stack.pop()
                elif op == "q":
                    gstack.append(font)
                elif op == "Q":
                    font = gstack.pop() if gstack else font
                elif op == "Tf":
                    font = fonts.get(operands[0]) if fonts is not None else None
                if op in PAINT_OPS:
                    tagged = any(s[1] is not None for s in stack)
                    art = any(s[0] == "Artifact" for s in stack)
                    mcid = [s[1] for s in stack if s[1] is not None]
                    self.paint.append((pno, op, tagged, art, mcid[-1] if mcid else None))
                if op in TEXT_OPS and font is not None:
                    self.fonts[font.objgen] = font
                    two = name(font.get("/Subtype")) == "Type0"
                    strs = []
                    for o in operands:
                        if isinstance(o, pikepdf.Array):
                            strs += [bytes(x) for x in o if isinstance(x, pikepdf.String)]
                        elif isinstance(o, pikepdf.String):
                            strs.append(bytes(o))
                    s = self.codes.setdefault(font.objgen, set())
                    for b in strs:
                        if two:
                            s.update(int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b) - 1, 2))
                        else:
                            s.update(b)
            # fonts in the resources that draw nothing still count as fonts
            if fonts is not None:
                for _, f in fonts.items():
                    self.fonts.setdefault(f.objgen, f)

    def annots(self):
        for pno, page in enumerate(self.pdf.pages):
            for a in as_list(page.obj.get("/Annots")):
                yield pno, page, a

    def xmp(self):
        """(root element, prefix map {uri: prefix}) of the catalog's XMP, or
        (None, why)."""
        md = self.root.get("/Metadata")
        if md is None or not isinstance(md, pikepdf.Stream):
            return None, "no /Metadata stream"
        raw = md.read_bytes()
        prefixes = {}
        try:
            import io
            root = None
            for ev, obj in ET.iterparse(io.BytesIO(raw), events=("start-ns", "start")):
                if ev == "start-ns":
                    prefixes.setdefault(obj[1], obj[0])
                elif root is None:
                    root = obj
            root = ET.fromstring(raw)
        except ET.ParseError as ex:
            return None, "XMP is not well-formed XML: %s" % ex
        return root, prefixes


# ---- the rules ------------------------------------------------------------
# Each takes a Doc and returns (objects that pass, [failure details]).

def r_5_1(d):
    root, pre = d.xmp()
    if root is None:
        return 0, [pre]
    parts = root.findall(".//{%s}part" % NS_PDFUAID) + \
        [e for e in root.iter() if e.get("{%s}part" % NS_PDFUAID) is not None]
    return (1, []) if parts else (0, ["no pdfuaid:part in the XMP"])


def _uapart(d):
    root, pre = d.xmp()
    if root is None:
        return None, pre
    for e in root.iter():
        if e.tag == "{%s}part" % NS_PDFUAID:
            return (e.text or "").strip(), pre
        if e.get("{%s}part" % NS_PDFUAID) is not None:
            return e.get("{%s}part" % NS_PDFUAID).strip(), pre
    return None, pre


def r_5_2(d):
    v, _ = _uapart(d)
    if v is None:
        return 0, []
    return (1, []) if v == "1" else (0, ["pdfuaid:part is %r, not 1" % v])


def r_5_3(d):
    v, pre = _uapart(d)
    if v is None:
        return 0, []
    p = pre.get(NS_PDFUAID)
    return (1, []) if p == "pdfuaid" else (0, ["the PDF/UA namespace has prefix %r" % p])


def r_6_1(d):
    return (1, []) if re.fullmatch(rb"%PDF-1\.[0-7]", d.header) else \
        (0, ["header %r" % d.header[:20]])


def r_6_2(d):
    mi = d.root.get("/MarkInfo")
    return (1, []) if mi is not None and mi.get("/Marked") is True else \
        (0, ["/MarkInfo /Marked is not true"])


def r_7_1_1(d):
    n = sum(1 for (_, _, _, t) in d.mcids)
    return n, ["page %d: %s" % (p + 1, w) for p, w in d.mc_artifact_in_tagged]


def r_7_1_2(d):
    n = sum(1 for (_, _, _, t) in d.mcids)
    return n - len(d.mc_tagged_in_artifact), \
        ["page %d: %s" % (p + 1, w) for p, w in d.mc_tagged_in_artifact]


def r_7_1_3(d):
    """Every painting operator is an Artifact's or tagged content whose
    MCID the structure tree owns (the page's ParentTree entry names an
    element that has an MCR for it)."""
    owned = set()
    for e, _, _ in d.elems:
        for k in d.kids.get(e.objgen, []):
            if k[0] == "MCR" and k[1] is not None:
                owned.add((k[1].objgen, k[2]))
    good, bad = 0, []
    for pno, op, tagged, art, mcid in d.paint:
        page = d.pdf.pages[pno].obj
        if art:
            good += 1
        elif not tagged:
            bad.append("page %d: %s outside marked content" % (pno + 1, op))
        elif (page.objgen, mcid) not in owned:
            bad.append("page %d: %s in MCID %d, which no structure element owns" % (pno + 1, op, mcid))
        else:
            good += 1
    # and the ParentTree agrees with the elements
    for pno, page, mcid, tag in d.mcids:
        sp = page.obj.get("/StructParents")
        arr = d.parent_tree.get(int(sp)) if sp is not None else None
        if arr is None or mcid >= len(arr) or not any(
                k[0] == "MCR" and k[1] is not None and k[1].objgen == page.obj.objgen and k[2] == mcid
                for k in d.kids.get(arr[mcid].objgen, [])):
            bad.append("page %d: MCID %d has no ParentTree entry naming its element" % (pno + 1, mcid))
    return good, bad


def r_7_1_4(d):
    mi = d.root.get("/MarkInfo")
    return (0, ["/Suspects true"]) if mi is not None and mi.get("/Suspects") is True else (1, [])


def r_7_1_5(d):
    bad = ["%s is not standard and not role-mapped to a standard type" % name(e.S)
           for e, _, _ in d.elems if d.std(e) is None]
    return len(d.elems) - len(bad), bad


def r_7_1_6(d):
    bad = []
    for k in d.rolemap:
        seen, s = set(), k
        while s is not None and s not in seen:
            seen.add(s)
            s = d.rolemap.get(s)
        if s is not None:
            bad.append("RoleMap loops from %s" % k)
    return len(d.rolemap) - len(bad), bad


def r_7_1_7(d):
    bad = ["standard type %s is remapped to %s" % (k, v) for k, v in d.rolemap.items() if k in STANDARD]
    return len(d.rolemap) - len(bad), bad


def r_7_1_8(d):
    md = d.root.get("/Metadata")
    if md is None or not isinstance(md, pikepdf.Stream):
        return 0, ["the catalog has no /Metadata stream"]
    if name(md.get("/Type")) != "Metadata" or name(md.get("/Subtype")) != "XML":
        return 0, ["/Metadata is not /Type /Metadata /Subtype /XML"]
    return 1, []


def r_7_1_9(d):
    root, pre = d.xmp()
    if root is None:
        return 0, [pre]
    t = root.findall(".//{%s}title" % NS_DC)
    texts = [li.text for e in t for li in e.iter("{%s}li" % NS_RDF) if li.text]
    return (1, []) if texts else (0, ["no dc:title in the XMP"])


def r_7_1_10(d):
    vp = d.root.get("/ViewerPreferences")
    return (1, []) if vp is not None and vp.get("/DisplayDocTitle") is True else \
        (0, ["/ViewerPreferences /DisplayDocTitle is not true"])


def r_7_1_11(d):
    return (1, []) if d.root.get("/StructTreeRoot") is not None else (0, ["no /StructTreeRoot"])


def r_7_1_12(d):
    str_root = d.root.get("/StructTreeRoot")
    bad = []
    for e, parent, _ in d.elems:
        p = e.get("/P")
        want = parent if parent is not None else str_root
        if p is None:
            bad.append("%s has no /P" % name(e.S))
        elif not same(p, want):
            bad.append("%s: /P is not the element that holds it" % name(e.S))
    return len(d.elems) - len(bad), bad


def r_catalog_lang(d):
    lang = d.root.get("/Lang")
    return lang is not None and str(lang) != ""


def r_7_2_34(d):
    """Text's language is determined: the catalog has a /Lang (which also
    covers 7.2-2 outlines, 7.2-21/22 ActualText and Alt, 7.2-24 annotation
    Contents and 7.2-33 XMP x-default)."""
    n = sum(1 for p in d.paint if p[1] in TEXT_OPS)
    if r_catalog_lang(d):
        return n, []
    return 0, ["no /Lang in the catalog (%d text operators of undetermined language)" % n]


def r_7_2_29(d):
    langs = []
    if d.root.get("/Lang") is not None:
        langs.append(("catalog", str(d.root.Lang)))
    for e, _, _ in d.elems:
        if e.get("/Lang") is not None:
            langs.append((name(e.S), str(e.Lang)))
    langs += [("page %d marked content" % (p + 1), v) for p, v in d.mc_lang]
    bad = ["%s: /Lang %r is not a language tag" % (w, v) for w, v in langs if not LANG_RE.match(v)]
    return len(langs) - len(bad), bad


def _kids_only(d, types, allowed, what):
    good, bad = 0, []
    for e, _, _ in d.elems:
        if d.std(e) in types:
            ks = [k for k in d.kid_types(e) if k not in allowed]
            if ks:
                bad.append("%s holds %s" % (d.std(e), ", ".join(sorted(set(ks)))))
            else:
                good += 1
    return good, bad


def _parent_is(d, types, parents):
    good, bad = 0, []
    for e, parent, _ in d.elems:
        if d.std(e) in types:
            ps = d.std(parent) if parent is not None else "the root"
            if ps in parents:
                good += 1
            else:
                bad.append("%s inside %s" % (d.std(e), ps))
    return good, bad


def r_7_2_tables(d):
    """7.2-3/10/36/37/38 (what Table, TR, THead, TBody, TFoot may hold),
    7.2-4..9 (where TR, THead, TBody, TFoot, TH, TD may stand), 7.2-11/12
    (one THead, one TFoot), 7.2-14 (THead needs a TBody)."""
    g, bad = 0, []
    for r in (_kids_only(d, {"Table"}, {"TR", "THead", "TBody", "TFoot", "Caption"}, ""),
              _kids_only(d, {"TR"}, {"TH", "TD"}, ""),
              _kids_only(d, {"THead", "TBody", "TFoot"}, {"TR"}, ""),
              _parent_is(d, {"TR"}, {"Table", "THead", "TBody", "TFoot"}),
              _parent_is(d, {"THead", "TBody", "TFoot"}, {"Table"}),
              _parent_is(d, {"TH", "TD"}, {"TR"})):
        g += r[0]
        bad += r[1]
    for e, _, _ in d.elems:
        if d.std(e) == "Table":
            ks = d.kid_types(e)
            if ks.count("THead") > 1 or ks.count("TFoot") > 1:
                bad.append("Table with %d THead, %d TFoot" % (ks.count("THead"), ks.count("TFoot")))
            elif ("THead" in ks or "TFoot" in ks) and "TBody" not in ks:
                bad.append("Table with THead or TFoot but no TBody")
    return g, bad


def _rows(d, table):
    rows = []
    for k in d.kids.get(table.objgen, []):
        if k[0] != "E":
            continue
        s = d.std(k[1])
        if s == "TR":
            rows.append(k[1])
        elif s in ("THead", "TBody", "TFoot"):
            rows += [c[1] for c in d.kids.get(k[1].objgen, []) if c[0] == "E" and d.std(c[1]) == "TR"]
    return rows


def _attr(e, key):
    for a in as_list(e.get("/A")):
        if isinstance(a, pikepdf.Dictionary) and a.get(key) is not None:
            return a.get(key)
    return None


def r_7_2_42(d):
    """Every row of a table has the same number of columns, counting
    ColSpan (and cells that a RowSpan above carries down)."""
    good, bad = 0, []
    for e, _, _ in d.elems:
        if d.std(e) != "Table":
            continue
        widths, carry = [], {}
        for r, tr in enumerate(_rows(d, e)):
            w = carry.pop(r, 0)
            for c in d.kids.get(tr.objgen, []):
                if c[0] == "E" and d.std(c[1]) in ("TH", "TD"):
                    cs = int(_attr(c[1], "/ColSpan") or 1)
                    rs = int(_attr(c[1], "/RowSpan") or 1)
                    w += cs
                    for k in range(1, rs):
                        carry[r + k] = carry.get(r + k, 0) + cs
            widths.append(w)
        if widths and len(set(widths)) == 1:
            good += 1
        elif widths:
            bad.append("a table whose rows have %s columns" % sorted(set(widths)))
    return good, bad


def r_7_2_lists(d):
    """7.2-17 LI in L, 7.2-18 LBody in LI, 7.2-19 L holds L/LI/Caption,
    7.2-20 LI holds Lbl/LBody."""
    g, bad = 0, []
    for r in (_parent_is(d, {"LI"}, {"L"}), _parent_is(d, {"LBody"}, {"LI"}),
              _kids_only(d, {"L"}, {"L", "LI", "Caption"}, ""),
              _kids_only(d, {"LI"}, {"Lbl", "LBody"}, "")):
        g += r[0]
        bad += r[1]
    return g, bad


def r_7_2_toc(d):
    """7.2-26 TOCI in TOC, 7.2-27 TOC holds TOC/TOCI/Caption."""
    g, bad = 0, []
    for r in (_parent_is(d, {"TOCI"}, {"TOC"}), _kids_only(d, {"TOC"}, {"TOC", "TOCI", "Caption"}, "")):
        g += r[0]
        bad += r[1]
    return g, bad


def r_7_3(d):
    good, bad = 0, []
    for e, _, _ in d.elems:
        if d.std(e) in ("Figure", "Formula"):
            if (e.get("/Alt") is not None and str(e.Alt)) or e.get("/ActualText") is not None:
                good += 1
            else:
                bad.append("%s without /Alt or /ActualText" % d.std(e))
    return good, bad


def r_7_4_2(d):
    """Numbered headings do not skip a level: the first is H1, and each is
    at most one level below the one before it (in document order)."""
    good, bad, last = 0, [], 0
    for e, _, _ in d.elems:
        s = d.std(e)
        if s and re.fullmatch(r"H[1-6]", s):
            n = int(s[1])
            if n <= last + 1:
                good += 1
            else:
                txt = e.get("/T") or ""
                bad.append("%s follows H%d%s" % (s, last, (" (%s)" % txt) if txt else ""))
            last = n
    return good, bad


def r_7_4_4(d):
    """7.4.4-1..3: at most one H per node, and not both H and H1-H6."""
    types = [d.std(e) for e, _, _ in d.elems]
    h = types.count("H")
    hn = sum(1 for t in types if t and re.fullmatch(r"H[1-6]", t))
    bad = []
    if h and hn:
        bad.append("both H (%d) and H1-H6 (%d)" % (h, hn))
    for e, _, _ in d.elems:
        if d.kid_types(e).count("H") > 1:
            bad.append("%s holds %d H" % (d.std(e), d.kid_types(e).count("H")))
    return (h + hn) - len(bad), bad


def r_7_5(d):
    """A table's headers are determinable: every TH has a /Scope (or the
    table's TDs name their headers with /Headers)."""
    good, bad = 0, []
    for e, _, _ in d.elems:
        if d.std(e) != "Table":
            continue
        cells = [c[1] for tr in _rows(d, e) for c in d.kids.get(tr.objgen, [])
                 if c[0] == "E" and d.std(c[1]) in ("TH", "TD")]
        tds = [c for c in cells if d.std(c) == "TD"]
        if tds and all(_attr(c, "/Headers") is not None for c in tds):
            good += len(cells)
            continue
        for c in cells:
            if d.std(c) == "TH" and _attr(c, "/Scope") is None:
                bad.append("a TH without /Scope (and its table's TDs have no /Headers)")
            else:
                good += 1
    return good, bad


def r_7_9_1(d):
    good, bad = 0, []
    for e, _, _ in d.elems:
        if d.std(e) == "Note":
            if e.get("/ID") is not None and bytes(e.ID):
                good += 1
            else:
                bad.append("a Note without /ID")
    return good, bad


def r_7_9_2(d):
    ids = [bytes(e.ID) for e, _, _ in d.elems if d.std(e) == "Note" and e.get("/ID") is not None]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    return len(ids) - sum(ids.count(i) for i in dup), ["/ID %r on %d Notes" % (i, ids.count(i)) for i in dup]


def r_7_18_1_1(d):
    good, bad = 0, []
    for pno, _, a in d.annots():
        st = name(a.get("/Subtype"))
        if st in ("Widget", "PrinterMark", "Link") or (int(a.get("/F", 0)) & 2):
            continue
        e = d.parent_tree.get(int(a.StructParent)) if a.get("/StructParent") is not None else None
        if e is not None and d.std(e) == "Annot":
            good += 1
        else:
            bad.append("page %d: a %s annotation not in an Annot element" % (pno + 1, st))
    return good, bad


def r_7_18_1_2(d):
    good, bad = 0, []
    for pno, _, a in d.annots():
        if name(a.get("/Subtype")) == "Widget" or (int(a.get("/F", 0)) & 2):
            continue
        e = d.parent_tree.get(int(a.StructParent)) if a.get("/StructParent") is not None else None
        if (a.get("/Contents") is not None and str(a.Contents)) or \
                (e is not None and e.get("/Alt") is not None and str(e.Alt)):
            good += 1
        else:
            bad.append("page %d: a %s annotation without /Contents or /Alt" %
                       (pno + 1, name(a.get("/Subtype"))))
    return good, bad


def r_7_18_3(d):
    good, bad = 0, []
    for pno, page in enumerate(d.pdf.pages):
        if as_list(page.obj.get("/Annots")):
            if name(page.obj.get("/Tabs")) == "S":
                good += 1
            else:
                bad.append("page %d has annotations and no /Tabs /S" % (pno + 1))
    return good, bad


def r_7_18_5_1(d):
    """A link annotation's /StructParent names a Link element that has an
    OBJR for it."""
    good, bad = 0, []
    for pno, _, a in d.annots():
        if name(a.get("/Subtype")) != "Link" or (int(a.get("/F", 0)) & 2):
            continue
        sp = a.get("/StructParent")
        e = d.parent_tree.get(int(sp)) if sp is not None else None
        if e is None or d.std(e) != "Link":
            bad.append("page %d: a link annotation whose /StructParent is not a Link element" % (pno + 1))
        elif not any(k[0] == "OBJR" and k[1] is not None and same(k[1], a)
                     for k in d.kids.get(e.objgen, [])):
            bad.append("page %d: its Link element has no OBJR for the annotation" % (pno + 1))
        else:
            good += 1
    return good, bad


def r_7_18_5_2(d):
    good, bad = 0, []
    for pno, _, a in d.annots():
        if name(a.get("/Subtype")) != "Link" or (int(a.get("/F", 0)) & 2):
            continue
        if a.get("/Contents") is not None and str(a.Contents):
            good += 1
        else:
            bad.append("page %d: a link annotation without /Contents" % (pno + 1))
    return good, bad


def r_unused(d):
    """Features Concord does not write, so their rules can only pass if
    they stay absent: 7.10 optional content, 7.11 embedded files, 7.15 XFA,
    7.16 encryption, 7.18.2 TrapNet, 7.18.4 widgets, 7.20 reference
    XObjects."""
    bad = []
    if d.root.get("/OCProperties") is not None:
        bad.append("optional content (7.10)")
    names = d.root.get("/Names")
    if names is not None and names.get("/EmbeddedFiles") is not None:
        bad.append("embedded files (7.11)")
    if d.root.get("/AcroForm") is not None:
        bad.append("a form (7.15, 7.18.4)")
    if d.pdf.is_encrypted:
        bad.append("encryption (7.16)")
    for pno, _, a in d.annots():
        if name(a.get("/Subtype")) in ("TrapNet", "Widget"):
            bad.append("page %d: a %s annotation (7.18.2/7.18.4)" % (pno + 1, name(a.Subtype)))
    for page in d.pdf.pages:
        res = page.obj.get("/Resources")
        for _, x in (res.get("/XObject").items() if res is not None and res.get("/XObject") is not None else []):
            if x.get("/Ref") is not None:
                bad.append("a reference XObject (7.20)")
    return (0 if bad else 1), bad


def _cidfonts(d):
    """(font, descendant or the font itself, codes drawn) per font used."""
    for og, f in d.fonts.items():
        desc = f.DescendantFonts[0] if name(f.get("/Subtype")) == "Type0" and \
            f.get("/DescendantFonts") is not None else f
        yield f, desc, d.codes.get(og, set())


def r_7_21_3_1(d):
    good, bad = 0, []
    for f, desc, _ in _cidfonts(d):
        if name(f.get("/Subtype")) != "Type0":
            continue
        enc = f.get("/Encoding")
        if name(enc) in ("Identity-H", "Identity-V"):
            good += 1
            continue
        csi = desc.get("/CIDSystemInfo")
        ecsi = enc.get("/CIDSystemInfo") if isinstance(enc, pikepdf.Stream) else None
        if csi is not None and ecsi is not None and all(
                str(csi.get(k)) == str(ecsi.get(k)) for k in ("/Registry", "/Ordering")) and \
                int(csi.get("/Supplement", 0)) >= int(ecsi.get("/Supplement", 0)):
            good += 1
        else:
            bad.append("%s: CIDSystemInfo differs from its CMap's" % f.get("/BaseFont"))
    return good, bad


def r_7_21_3_2(d):
    good, bad = 0, []
    for f, desc, _ in _cidfonts(d):
        if name(desc.get("/Subtype")) != "CIDFontType2":
            continue
        fd = desc.get("/FontDescriptor")
        if fd is None or fd.get("/FontFile2") is None or desc.get("/CIDToGIDMap") is not None:
            good += 1
        else:
            bad.append("%s: a CIDFontType2 without /CIDToGIDMap" % f.get("/BaseFont"))
    return good, bad


def r_7_21_3_3(d):
    good, bad = 0, []
    for f, desc, _ in _cidfonts(d):
        if name(f.get("/Subtype")) != "Type0":
            continue
        enc = f.get("/Encoding")
        if isinstance(enc, pikepdf.Stream) or name(enc) in PREDEFINED_CMAPS:
            good += 1
        else:
            bad.append("%s: CMap %s is neither predefined nor embedded" % (f.get("/BaseFont"), enc))
    return good, bad


def r_7_21_4_1_1(d):
    good, bad = 0, []
    for f, desc, _ in _cidfonts(d):
        if name(f.get("/Subtype")) == "Type3":
            continue
        fd = desc.get("/FontDescriptor")
        if fd is not None and any(fd.get(k) is not None for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            good += 1
        else:
            bad.append("%s is not embedded" % f.get("/BaseFont"))
    return good, bad


def _gids(desc, codes):
    """code -> glyph id through the CIDToGIDMap (Identity or a stream)."""
    m = desc.get("/CIDToGIDMap")
    if m is None or name(m) == "Identity":
        return {c: c for c in codes}
    raw = m.read_bytes()
    return {c: int.from_bytes(raw[2 * c: 2 * c + 2], "big") if 2 * c + 2 <= len(raw) else 0
            for c in codes}


def _program(desc):
    fd = desc.get("/FontDescriptor")
    ff = fd.get("/FontFile2") if fd is not None else None
    return tt_metrics(ff.read_bytes()) if ff is not None else (0, [])


def r_7_21_4_1_2(d):
    """Every glyph drawn is in the embedded program (glyph id < numGlyphs)."""
    good, bad = 0, []
    for f, desc, codes in _cidfonts(d):
        if name(desc.get("/Subtype")) != "CIDFontType2":
            continue
        ngl, _ = _program(desc)
        for c, g in sorted(_gids(desc, codes).items()):
            if g < ngl:
                good += 1
            else:
                bad.append("%s: code %04X is glyph %d of %d" % (f.get("/BaseFont"), c, g, ngl))
    return good, bad


def r_7_21_4_2_2(d):
    """A CIDSet, if there is one, lists every CID drawn."""
    good, bad = 0, []
    for f, desc, codes in _cidfonts(d):
        fd = desc.get("/FontDescriptor")
        cs = fd.get("/CIDSet") if fd is not None else None
        if cs is None:
            good += 1
            continue
        raw = cs.read_bytes()
        miss = [c for c in codes if c // 8 >= len(raw) or not raw[c // 8] & (0x80 >> (c % 8))]
        if miss:
            bad.append("%s: CIDSet lacks %d CIDs drawn" % (f.get("/BaseFont"), len(miss)))
        else:
            good += 1
    return good, bad


def _widths(desc, codes):
    dw = float(desc.get("/DW", 1000))
    w = {}
    arr = list(desc.get("/W", []))
    i = 0
    while i < len(arr) - 1:
        first = int(arr[i])
        if isinstance(arr[i + 1], pikepdf.Array):
            for k, v in enumerate(arr[i + 1]):
                w[first + k] = float(v)
            i += 2
        else:
            last, v = int(arr[i + 1]), float(arr[i + 2])
            for c in range(first, last + 1):
                if c in codes:
                    w[c] = v
            i += 3
    return {c: w.get(c, dw) for c in codes}


def r_7_21_5(d):
    """The /W width of every code drawn is the program's advance (1/1000
    em) within 1."""
    good, bad = 0, []
    for f, desc, codes in _cidfonts(d):
        if name(desc.get("/Subtype")) != "CIDFontType2":
            continue
        ngl, adv = _program(desc)
        gids = _gids(desc, codes)
        for c, w in sorted(_widths(desc, codes).items()):
            g = gids[c]
            if g >= len(adv):
                continue  # 7.21.4.1-2 reports it
            if abs(adv[g] - w) <= 1:
                good += 1
            else:
                bad.append("%s: code %04X /W %g, program %g" % (f.get("/BaseFont"), c, w, adv[g]))
    return good, bad


def r_7_21_7_1(d):
    good, bad = 0, []
    for f, desc, codes in _cidfonts(d):
        tu = f.get("/ToUnicode")
        m = tounicode_map(tu) if tu is not None else {}
        miss = sorted(c for c in codes if c not in m)
        good += len(codes) - len(miss)
        if miss:
            bad.append("%s: no Unicode for %d codes drawn (%s)" % (
                f.get("/BaseFont"), len(miss), " ".join("%04X" % c for c in miss[:8])))
    return good, bad


def r_7_21_7_2(d):
    good, bad = 0, []
    for f, desc, codes in _cidfonts(d):
        tu = f.get("/ToUnicode")
        m = tounicode_map(tu) if tu is not None else {}
        for c in sorted(codes):
            if c not in m:
                continue
            if any(ch in m[c] for ch in "\u0000\ufeff\ufffe") or not m[c]:
                bad.append("%s: code %04X maps to %r" % (f.get("/BaseFont"), c, m[c]))
            else:
                good += 1
    return good, bad


def r_7_21_8(d):
    good, bad = 0, []
    for f, desc, codes in _cidfonts(d):
        if name(desc.get("/Subtype")) not in ("CIDFontType2", "CIDFontType0"):
            continue
        for c, g in sorted(_gids(desc, codes).items()):
            if g == 0:
                bad.append("%s: code %04X draws .notdef" % (f.get("/BaseFont"), c))
            else:
                good += 1
    return good, bad


RULES = [
    ("5-1", "XMP metadata has the PDF/UA identification (pdfuaid:part)", r_5_1),
    ("5-2", "pdfuaid:part is 1", r_5_2),
    ("5-3", "pdfuaid:part has the prefix pdfuaid", r_5_3),
    ("6.1-1", "header %PDF-1.n, n in 0-7", r_6_1),
    ("6.2-1", "catalog /MarkInfo /Marked true", r_6_2),
    ("7.1-1", "no Artifact inside tagged content", r_7_1_1),
    ("7.1-2", "no tagged content inside an Artifact", r_7_1_2),
    ("7.1-3", "all content tagged (MCID owned by the tree) or Artifact", r_7_1_3),
    ("7.1-4", "/MarkInfo /Suspects not true", r_7_1_4),
    ("7.1-5", "structure types standard or role-mapped to standard", r_7_1_5),
    ("7.1-6", "no circular RoleMap", r_7_1_6),
    ("7.1-7", "standard types not remapped", r_7_1_7),
    ("7.1-8", "catalog /Metadata is an XMP metadata stream", r_7_1_8),
    ("7.1-9", "XMP has dc:title", r_7_1_9),
    ("7.1-10", "/ViewerPreferences /DisplayDocTitle true", r_7_1_10),
    ("7.1-11", "catalog has /StructTreeRoot", r_7_1_11),
    ("7.1-12", "every structure element's /P is its parent", r_7_1_12),
    ("7.2-34", "language of text determined (catalog /Lang; with 7.2-2/21/22/24/33)", r_7_2_34),
    ("7.2-29", "every /Lang is a language tag", r_7_2_29),
    ("7.2-3..14,36..38", "table structure (Table/THead/TBody/TFoot/TR/TH/TD)", r_7_2_tables),
    ("7.2-42/43", "table rows have the same number of columns", r_7_2_42),
    ("7.2-17..20", "list structure (L/LI/Lbl/LBody)", r_7_2_lists),
    ("7.2-26/27", "TOC structure (TOC/TOCI)", r_7_2_toc),
    ("7.3-1,7.7-1", "Figure and Formula have /Alt or /ActualText", r_7_3),
    ("7.4.2-1", "headings H1-H6 nest without skipping a level", r_7_4_2),
    ("7.4.4-1..3", "not both H and Hn; one H per node", r_7_4_4),
    ("7.5-1/2", "TH has /Scope (or TDs have /Headers)", r_7_5),
    ("7.9-1", "Note has /ID", r_7_9_1),
    ("7.9-2", "Note /IDs unique", r_7_9_2),
    ("7.18.1-1", "annotations other than links/widgets in an Annot element", r_7_18_1_1),
    ("7.18.1-2", "annotations have /Contents or /Alt", r_7_18_1_2),
    ("7.18.3-1", "pages with annotations have /Tabs /S", r_7_18_3),
    ("7.18.5-1", "link annotations in a Link element with an OBJR", r_7_18_5_1),
    ("7.18.5-2", "link annotations have /Contents", r_7_18_5_2),
    ("7.10,7.11,7.15,7.16,7.18.2,7.18.4,7.20", "features Concord does not use are absent", r_unused),
    ("7.21.3.1-1", "Type0 CIDSystemInfo agrees with its CMap (or Identity)", r_7_21_3_1),
    ("7.21.3.2-1", "embedded CIDFontType2 has /CIDToGIDMap", r_7_21_3_2),
    ("7.21.3.3-1", "CMaps predefined or embedded", r_7_21_3_3),
    ("7.21.4.1-1", "fonts embedded", r_7_21_4_1_1),
    ("7.21.4.1-2", "every glyph drawn is in the embedded program", r_7_21_4_1_2),
    ("7.21.4.2-2", "CIDSet absent or lists every CID drawn", r_7_21_4_2_2),
    ("7.21.5-1", "/W widths agree with the program's advances", r_7_21_5),
    ("7.21.7-1", "ToUnicode maps every code drawn", r_7_21_7_1),
    ("7.21.7-2", "ToUnicode values not U+0000, U+FEFF or U+FFFE", r_7_21_7_2),
    ("7.21.8-1", "no code drawn is .notdef", r_7_21_8),
]
RULE = {r[0]: r for r in RULES}


def check_rule(rid, doc):
    """(passes, [failures]) of rule RID on DOC; an exception is a failure."""
    try:
        return RULE[rid][2](doc)
    except Exception as ex:  # a malformed file must fail, not crash the run
        return 0, ["%s: %s" % (type(ex).__name__, ex)]


def report(docs):
    """One line per rule over DOCS."""
    for rid, what, fn in RULES:
        good, bad = 0, []
        for d in docs:
            g, b = check_rule(rid, d)
            good += g
            bad += ["%s: %s" % (d.label, x) for x in b]
        line = "%s %s: %d pass, %d fail" % (rid, what, good, len(bad))
        if bad:
            notok(line, *bad[:20])
        else:
            ok(line)


# ---- negative tests: a mutated copy must fail the rule --------------------

def first_elem(doc, std):
    for e, _, _ in doc.elems:
        if doc.std(e) == std:
            return e
    return None


def mut_xmp(drop):
    def f(pdf):
        md = pdf.Root.Metadata
        raw = md.read_bytes()
        md.write(re.sub(drop, b"", raw, flags=re.S))
    return f


def mut_header(path, out):
    raw = open(path, "rb").read()
    open(out, "wb").write(re.sub(rb"^%PDF-1\.\d", b"%PDF-1.9", raw, count=1))


def _annot(pdf):
    for p in pdf.pages:
        for a in as_list(p.obj.get("/Annots")):
            if name(a.get("/Subtype")) == "Link":
                return p, a
    return None, None


def _first_font(pdf):
    for p in pdf.pages:
        fonts = p.obj.Resources.get("/Font")
        if fonts is not None:
            for _, f in fonts.items():
                return f
    return None


def _set_elem(std, fn):
    """A mutation applied to the first element of standard type STD."""
    def f(pdf):
        d = Doc.__new__(Doc)
        # a light walk: the pikepdf objects are shared with PDF
        d.pdf, d.root, d.rolemap = pdf, pdf.Root, {}
        d.elems, d.kids, d.parent_of = [], {}, {}
        d._walk(as_list(pdf.Root.StructTreeRoot.get("/K")), None, 0, None)
        e = first_elem(d, std)
        fn(e, d)
    return f


def _append_content(data):
    def f(pdf):
        pdf.pages[-1].contents_add(pdf.make_stream(data), prepend=False)
    return f


def _swap_heading(e, d):
    e.S = pikepdf.Name("/H6")


def _dup_note_id(e, d):
    notes = [x for x, _, _ in d.elems if d.std(x) == "Note"]
    notes[1].ID = notes[0].ID


def _link_to_p(pdf):
    _, a = _annot(pdf)
    # the annotation's StructParent names another element (the document)
    str_root = pdf.Root.StructTreeRoot
    doc_elem = as_list(str_root.K)[0]
    tree = {}
    number_tree(str_root.ParentTree, tree)
    key = int(a.StructParent)
    node = str_root.ParentTree

    def put(n):
        if n.get("/Nums") is not None:
            nums = n.Nums
            for i in range(0, len(nums) - 1, 2):
                if int(nums[i]) == key:
                    nums[i + 1] = doc_elem
                    return True
        return any(put(k) for k in as_list(n.get("/Kids")))
    put(node)


def _widths_off(pdf):
    f = _first_font(pdf)
    desc = f.DescendantFonts[0]
    w = list(desc.W)
    out = []
    for x in w:
        if isinstance(x, pikepdf.Array):
            out.append(pikepdf.Array([float(v) + 50 for v in x]))
        else:
            out.append(x)
    desc.W = pikepdf.Array(out)


def _truncate_map(pdf):
    f = _first_font(pdf)
    desc = f.DescendantFonts[0]
    desc.CIDToGIDMap.write(b"\x00\x00")


NEGATIVE = [
    # (rule, what was broken, which PDF, mutation of the pikepdf.Pdf)
    ("5-1", "the pdfuaid schema removed from the XMP", "council",
     mut_xmp(rb"<rdf:Description[^>]*pdfuaid[^>]*>.*?</rdf:Description>|\s*pdfuaid:part=\"1\"")),
    ("5-2", "pdfuaid:part set to 2", "council",
     lambda pdf: pdf.Root.Metadata.write(pdf.Root.Metadata.read_bytes().replace(
         b"<pdfuaid:part>1</pdfuaid:part>", b"<pdfuaid:part>2</pdfuaid:part>"))),
    ("5-3", "the pdfuaid namespace given another prefix", "council",
     lambda pdf: pdf.Root.Metadata.write(pdf.Root.Metadata.read_bytes().replace(
         b"pdfuaid", b"ua"))),
    ("6.1-1", "header %PDF-1.9", "council", "header"),
    ("6.2-1", "/Marked false", "council",
     lambda pdf: pdf.Root.MarkInfo.__setattr__("Marked", False)),
    ("7.1-1", "an Artifact inside tagged content", "council",
     _append_content(b"/P <</MCID 0>> BDC /Artifact BMC EMC EMC\n")),
    ("7.1-2", "tagged content inside an Artifact", "council",
     _append_content(b"/Artifact BMC /P <</MCID 0>> BDC EMC EMC\n")),
    ("7.1-3", "a line drawn outside marked content", "council",
     _append_content(b"0 0 m 10 10 l S\n")),
    ("7.1-4", "/Suspects true", "council",
     lambda pdf: pdf.Root.MarkInfo.__setattr__("Suspects", True)),
    ("7.1-5", "a paragraph's type made /Clause, not role-mapped", "council",
     _set_elem("P", lambda e, d: e.__setattr__("S", pikepdf.Name("/Clause")))),
    ("7.1-6", "a RoleMap loop", "council",
     lambda pdf: pdf.Root.StructTreeRoot.__setattr__("RoleMap", pikepdf.Dictionary(
         Clause=pikepdf.Name("/Rule"), Rule=pikepdf.Name("/Clause")))),
    ("7.1-7", "P remapped to Span", "council",
     lambda pdf: pdf.Root.StructTreeRoot.__setattr__("RoleMap", pikepdf.Dictionary(
         P=pikepdf.Name("/Span")))),
    ("7.1-8", "/Metadata removed", "council", lambda pdf: pdf.Root.__delattr__("Metadata")),
    ("7.1-9", "dc:title removed from the XMP", "council",
     mut_xmp(rb"<dc:title>.*?</dc:title>")),
    ("7.1-10", "/DisplayDocTitle false", "council",
     lambda pdf: pdf.Root.ViewerPreferences.__setattr__("DisplayDocTitle", False)),
    ("7.1-11", "/StructTreeRoot removed", "council",
     lambda pdf: pdf.Root.__delattr__("StructTreeRoot")),
    ("7.1-12", "a paragraph's /P removed", "council",
     _set_elem("P", lambda e, d: e.__delattr__("P"))),
    ("7.2-34", "/Lang removed", "council", lambda pdf: pdf.Root.__delattr__("Lang")),
    ("7.2-29", "/Lang (en_GB!)", "council",
     lambda pdf: pdf.Root.__setattr__("Lang", pikepdf.String("en_GB!"))),
    ("7.2-3..14,36..38", "a TR's type made Div", "matrix",
     _set_elem("TR", lambda e, d: e.__setattr__("S", pikepdf.Name("/Div")))),
    ("7.2-42/43", "a cell given /ColSpan 2", "matrix",
     _set_elem("TD", lambda e, d: e.__setattr__("A", pikepdf.Dictionary(
         O=pikepdf.Name("/Table"), ColSpan=2)))),
    ("7.2-17..20", "an LBody's type made Span", "footnotes",
     _set_elem("LBody", lambda e, d: e.__setattr__("S", pikepdf.Name("/Span")))),
    ("7.2-26/27", "a TOCI's type made P", "toc",
     _set_elem("TOCI", lambda e, d: e.__setattr__("S", pikepdf.Name("/P")))),
    ("7.3-1,7.7-1", "a paragraph made a Figure without /Alt", "council",
     _set_elem("P", lambda e, d: e.__setattr__("S", pikepdf.Name("/Figure")))),
    ("7.4.2-1", "the first section heading made H6", "council", _set_elem("H2", _swap_heading)),
    ("7.4.4-1..3", "the title made H (with H2 after it)", "council",
     _set_elem("H1", lambda e, d: e.__setattr__("S", pikepdf.Name("/H")))),
    ("7.5-1/2", "a TH's /Scope removed", "matrix",
     _set_elem("TH", lambda e, d: e.__delattr__("A"))),
    ("7.9-1", "a Note's /ID removed", "footnotes", _set_elem("Note", lambda e, d: e.__delattr__("ID"))),
    ("7.9-2", "two Notes given one /ID", "footnotes", _set_elem("Note", _dup_note_id)),
    ("7.18.1-1", "a Text annotation outside any Annot element", "council",
     lambda pdf: pdf.pages[0].obj.__setattr__("Annots", pikepdf.Array([pdf.make_indirect(
         pikepdf.Dictionary(Type=pikepdf.Name("/Annot"), Subtype=pikepdf.Name("/Text"),
                            Rect=[0, 0, 10, 10], Contents=pikepdf.String("x")))]))),
    ("7.18.1-2", "a link's /Contents removed", "footnotes",
     lambda pdf: _annot(pdf)[1].__delattr__("Contents")),
    ("7.18.3-1", "/Tabs removed from a page with links", "footnotes",
     lambda pdf: _annot(pdf)[0].obj.__delattr__("Tabs")),
    ("7.18.5-1", "a link's /StructParent pointed at the Document element", "footnotes",
     _link_to_p),
    ("7.18.5-2", "a link's /Contents emptied", "footnotes",
     lambda pdf: _annot(pdf)[1].__setattr__("Contents", pikepdf.String(""))),
    ("7.10,7.11,7.15,7.16,7.18.2,7.18.4,7.20", "an /AcroForm added", "council",
     lambda pdf: pdf.Root.__setattr__("AcroForm", pikepdf.Dictionary(Fields=[]))),
    ("7.21.3.1-1", "an embedded CMap with another CIDSystemInfo", "council",
     lambda pdf: _first_font(pdf).__setattr__("Encoding", pdf.make_stream(
         b"", CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Japan1", Supplement=0)))),
    ("7.21.3.2-1", "a /CIDToGIDMap removed", "council",
     lambda pdf: _first_font(pdf).DescendantFonts[0].__delattr__("CIDToGIDMap")),
    ("7.21.3.3-1", "the CMap named /Custom-H, not embedded", "council",
     lambda pdf: _first_font(pdf).__setattr__("Encoding", pikepdf.Name("/Custom-H"))),
    ("7.21.4.1-1", "a /FontFile2 removed", "council",
     lambda pdf: _first_font(pdf).DescendantFonts[0].FontDescriptor.__delattr__("FontFile2")),
    ("7.21.4.1-2", "a CIDToGIDMap pointing past the program's glyphs", "council",
     lambda pdf: _first_font(pdf).DescendantFonts[0].CIDToGIDMap.write(b"\xff\xf0" * 70000)),
    ("7.21.4.2-2", "an empty CIDSet", "council",
     lambda pdf: _first_font(pdf).DescendantFonts[0].FontDescriptor.__setattr__(
         "CIDSet", pdf.make_stream(b"\x00"))),
    ("7.21.5-1", "/W widths 50 units off", "council", _widths_off),
    ("7.21.7-1", "a /ToUnicode removed", "council",
     lambda pdf: _first_font(pdf).__delattr__("ToUnicode")),
    ("7.21.7-2", "a ToUnicode mapping everything to U+0000", "council",
     lambda pdf: _first_font(pdf).ToUnicode.write(
         b"begincmap\n95 beginbfchar\n" + b"".join(b"<%04X> <0000>\n" % c for c in range(0x20, 0x7f)) +
         b"endbfchar\nendcmap\n")),
    ("7.21.8-1", "a CIDToGIDMap of zeros (every glyph .notdef)", "council", _truncate_map),
]


def negative_tests(paths):
    done = set()
    for i, (rid, what, which, mut) in enumerate(NEGATIVE):
        src = paths[which]
        out = os.path.join(TMP, "neg-%02d.pdf" % i)
        try:
            if mut == "header":
                mut_header(src, out)
            else:
                with pikepdf.open(src) as pdf:
                    mut(pdf)
                    pdf.save(out, static_id=True)
            d = Doc(out)
            g, bad = check_rule(rid, d)
        except Exception as ex:
            notok("negative %s: %s" % (rid, what), "could not make or read the copy: %r" % ex)
            continue
        g0, bad0 = check_rule(rid, Doc(src))
        check("negative %s: %s (%s) fails it" % (rid, what, os.path.basename(src)),
              bad and not bad0,
              "mutated: %d pass, %s" % (g, bad[:3]), "original: %d pass, %s" % (g0, bad0[:3]))
        done.add(rid)
    missing = [r[0] for r in RULES if r[0] not in done]
    check("every rule has a negative test", not missing, "none for: %s" % ", ".join(missing))


def xmp_checks(src, pdf):
    """Concord's own: the XMP is built safely and reproducibly. The
    fixture's title and part hold markup characters; they must come back
    as the same text, not as elements. Without SOURCE_DATE_EPOCH there is
    no date, and two builds are byte-identical."""
    d = Doc(pdf)
    root, _ = d.xmp()
    title = [li.text for e in root.iter("{%s}title" % NS_DC) for li in e.iter("{%s}li" % NS_RDF)]
    want = 'Footnotes, Links & <Markup> "Test"'
    check("XMP dc:title is the title as text (%r), escaped, no element from it" % want,
          title == [want] and not [e for e in root.iter() if e.tag in ("b", "Markup")],
          "dc:title %r" % title)
    desc = [li.text for e in root.iter("{%s}description" % NS_DC) for li in e.iter("{%s}li" % NS_RDF)]
    check("XMP dc:description is part and title", desc == ["Part 4 <b>Rules</b>: " + want], desc)
    dates = [e.text for e in root.iter() if e.tag.endswith("}CreateDate")]
    check("XMP xmp:CreateDate from SOURCE_DATE_EPOCH", dates == ["2023-11-14T22:13:20Z"], dates)
    # what the links' /Contents say: their own words, "Footnote N", and a
    # web address broken over lines given whole
    got = [str(a.Contents) for _, _, a in d.annots() if a.get("/Contents") is not None]
    wantl = ["Footnote 1", "the rule on surgeries", "https://www.example.org/guide?a=1&b=2",
             "the code", "Footnote 2", "1. INTRODUCTION"]
    check("link /Contents are the links' words (%s)" % ", ".join(wantl),
          all(w in got for w in wantl), got)
    outs = []
    for k in (1, 2):
        o = os.path.join(TMP, "noepoch%d" % k)
        b = build(o, [src], "pdf", "")
        outs.append(os.path.join(o, "pdf", "uatest.pdf") if b.returncode == 0 else None)
    if None in outs:
        notok("build without SOURCE_DATE_EPOCH")
        return
    r2, _ = Doc(outs[0]).xmp()
    nodate = [e.tag for e in r2.iter() if e.tag.endswith("Date")]
    check("without SOURCE_DATE_EPOCH: no date in the XMP, byte-identical rebuilds",
          not nodate and open(outs[0], "rb").read() == open(outs[1], "rb").read(), nodate)


FIXTURE = """---
council: Test Borough Council
slug: uatest
title: Footnotes, Links & <Markup> "Test"
part: Part 4 <b>Rules</b>
---

## 1. INTRODUCTION

1.1 Members[^1] must follow [the rule on surgeries](#para-2.3) and the
guidance at <https://www.example.org/guide?a=1&b=2> and [the code](https://example.org/code).

1.2 Items:

- (a) first item, see paragraph 2.3;
- (b) second item[^2].

## 2. RELATIONS

2.3 Officers are not obliged to attend surgeries:

> A quoted extract from another document & its rules.

[^1]: A member is any councillor of the Borough.
[^2]: Or any other item the Council adopts.
"""


def main():
    if pikepdf is None:
        skip("PDF/UA-1 rules", "python3-pikepdf not installed: make deps-test")
        return 0
    if len(sys.argv) > 1:
        report([Doc(p) for p in sys.argv[1:]])
        return exit_status()
    os.chdir(ROOT)
    out = os.path.join(TMP, "out")
    b = build(out, sources(), "json,pdf,matrix", EPOCH)
    if b.returncode != 0:
        notok("build the five councils with --format json,pdf,matrix", b.stderr)
        return 1
    src = os.path.join(TMP, "uatest.md")
    with open(src, "w") as f:
        f.write(FIXTURE)
    out2 = os.path.join(TMP, "out2")
    b2 = build(out2, [src], "pdf", EPOCH)
    if b2.returncode != 0:
        notok("build a document with footnotes, links and lists", b2.stderr)
        return 1
    pdfs = sorted(os.path.join(out, "pdf", f) for f in os.listdir(os.path.join(out, "pdf"))
                  if f.endswith(".pdf"))
    pdfs.append(os.path.join(out2, "pdf", "uatest.pdf"))
    check("six PDFs of the five councils and a test PDF (%d)" % len(pdfs),
          len(pdfs) == 7 and any(p.endswith("matrix.pdf") for p in pdfs))
    report([Doc(p) for p in pdfs])
    xmp_checks(src, os.path.join(out2, "pdf", "uatest.pdf"))
    negative_tests({"council": os.path.join(out, "pdf", "solihull.pdf"),
                    "toc": os.path.join(out, "pdf", "east-northamptonshire.pdf"),
                    "matrix": os.path.join(out, "pdf", "matrix.pdf"),
                    "footnotes": os.path.join(out2, "pdf", "uatest.pdf")})
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
