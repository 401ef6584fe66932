#!/usr/bin/env python3
"""Fonts in the PDFs: HarfBuzz kerning and hb-subset subsets
(compiler/write/pdf/pdf_font.c, docs/pdf-output.md, docs/typography.md).

Reads every embedded FontFile2 back with a small independent TrueType
reader (below) and checks it against the Liberation font it came from:
a valid table directory (the 13 tables libharu writes, in tag order,
correct checksums), a real subset made by hb-subset (few glyphs, no
ligature or alternate glyphs pulled in, HarfBuzz's cmap and name table),
every code point in its cmap maps to a glyph with the same advance and
the same outline bytes as in the full font, and every character
pdftotext extracts is in some embedded cmap.

Kerning: the content streams carry kerning as TJ numbers between the
glyphs of a word, in headings too ("PROTOCOL": T-O), and every
occurrence of a strongly kerned pair is kerned; justified lines still end
exactly at the measure (layout measured what was drawn, kerning
included); pdftotext gives no ligature code points. Then damaged font
files (through the hidden CONCORD_PDF_FONT_DIR hook) must give a clear
error, or at least no crash.
"""
import glob, os, re, shutil, struct, sys, zlib

sys.path.insert(0, os.path.dirname(__file__))
from testlib import *

os.chdir(ROOT)
FONT_DIRS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"]
FONT_DIR = next((d for d in FONT_DIRS if os.path.exists(d + "/LiberationSerif-Regular.ttf")), None)
if not FONT_DIR:
    skip("font subsets", "fonts-liberation2 is not installed")
    sys.exit(0)


class TTF:
    """Just enough of a TrueType file: tables, cmap (format 4), hmtx, glyf."""

    def __init__(self, data):
        self.data = data
        self.version, n = struct.unpack(">IH", data[:6])
        self.dir = []
        for i in range(n):
            tag, cs, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
            self.dir.append((tag.decode("latin-1"), cs, off, ln))
        self.t = {tag: data[off:off + ln] for tag, cs, off, ln in self.dir}
        head, maxp, hhea = self.t["head"], self.t["maxp"], self.t["hhea"]
        self.upem = struct.unpack(">H", head[18:20])[0]
        self.loca_long = struct.unpack(">h", head[50:52])[0]
        self.nglyphs = struct.unpack(">H", maxp[4:6])[0]
        nhm = struct.unpack(">H", hhea[34:36])[0]
        hm = self.t["hmtx"]
        self.adv = [struct.unpack(">H", hm[4 * min(g, nhm - 1):4 * min(g, nhm - 1) + 2])[0]
                    for g in range(self.nglyphs)]
        lo = self.t["loca"]
        if self.loca_long:
            self.loca = list(struct.unpack(">%dI" % (self.nglyphs + 1), lo[:4 * (self.nglyphs + 1)]))
        else:
            self.loca = [2 * x for x in struct.unpack(">%dH" % (self.nglyphs + 1),
                                                      lo[:2 * (self.nglyphs + 1)])]
        self.cmap = self._cmap()

    def _cmap(self):
        c = self.t["cmap"]
        n = struct.unpack(">H", c[2:4])[0]
        for i in range(n):
            pid, eid, off = struct.unpack(">HHI", c[4 + 8 * i:12 + 8 * i])
            if pid == 3 and eid == 1 and struct.unpack(">H", c[off:off + 2])[0] == 4:
                break
        else:
            raise ValueError("no (3,1) format 4 cmap")
        segs = struct.unpack(">H", c[off + 6:off + 8])[0] // 2
        arr = lambda k: struct.unpack(">%dH" % segs, c[off + k:off + k + 2 * segs])
        ends = arr(14)
        starts = arr(16 + 2 * segs)
        deltas = arr(16 + 4 * segs)
        ro_at = off + 16 + 6 * segs
        ros = arr(16 + 6 * segs)
        m = {}
        for s in range(segs):
            for cp in range(starts[s], ends[s] + 1):
                if cp == 0xFFFF:
                    continue
                if ros[s] == 0:
                    g = (cp + deltas[s]) & 0xFFFF
                else:
                    at = ro_at + 2 * s + ros[s] + 2 * (cp - starts[s])
                    g = struct.unpack(">H", c[at:at + 2])[0]
                    g = (g + deltas[s]) & 0xFFFF if g else 0
                if g:
                    m[cp] = g
        return m

    def glyph(self, g):
        return self.t["glyf"][self.loca[g]:self.loca[g + 1]]


def checksum(b):
    b = b + b"\0" * (-len(b) % 4)
    return sum(struct.unpack(">%dI" % (len(b) // 4), b)) & 0xFFFFFFFF


def fontfiles(pdf):
    """(BaseFont, FontFile2 bytes) for each embedded TrueType font."""
    data = open(pdf, "rb").read()
    objs = {int(m.group(1)): m.start() for m in re.finditer(rb"\n(\d+) 0 obj", data)}
    out = []
    for m in re.finditer(rb"/FontFile2 (\d+) 0 R", data):
        start = objs[int(m.group(1))]
        s = data.index(b"stream", start)
        s += 7 if data[s + 6:s + 7] == b"\n" else 8
        e = data.index(b"endstream", s)
        # the descriptor's /FontName
        d0 = data.rfind(b" obj", 0, m.start())
        name = re.search(rb"/FontName /([^\s/>]+)", data[d0:m.start() + 200]).group(1).decode()
        out.append((name, zlib.decompress(data[s:e])))
    return out


def face_file(base):
    """ABCDEF+LiberationSans-Bold (or libharu's ...,Bold) -> LiberationSans-Bold.ttf"""
    ps = base.split("+", 1)[1].split(",")[0]
    return os.path.join(FONT_DIR, (ps if "-" in ps else ps + "-Regular") + ".ttf")


srcs = sorted(glob.glob("sources/*.md"))
out = os.path.join(TMP, "out")
b = build(out, srcs, "pdf", EPOCH)
if b.returncode != 0:
    notok("build with --format pdf", b.stderr)
    sys.exit(1)
ok("build with --format pdf")

def cmap_subtables(t):
    c = t.t["cmap"]
    return [struct.unpack(">HH", c[4 + 8 * i:8 + 8 * i]) for i in range(struct.unpack(">H", c[2:4])[0])]


def name_ids(t):
    nm = t.t["name"]
    return sorted({struct.unpack(">H", nm[12 + 12 * i:14 + 12 * i])[0]
                   for i in range(struct.unpack(">H", nm[2:4])[0])})


def components(t, g):
    """Glyph ids a composite glyph G is made of, recursively."""
    out, todo = set(), [g]
    while todo:
        d = t.glyph(todo.pop())
        if len(d) < 10 or struct.unpack(">h", d[:2])[0] >= 0:
            continue
        at = 10
        while at + 4 <= len(d):
            flags, gid = struct.unpack(">HH", d[at:at + 4])
            if gid not in out:
                out.add(gid)
                todo.append(gid)
            at += 4 + (4 if flags & 1 else 2)
            at += 2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
            if not flags & 0x20:
                break
    return out


def instructions(d):
    """The hinting instructions of simple glyph D."""
    at = 10 + 2 * struct.unpack(">h", d[:2])[0]
    n = struct.unpack(">H", d[at:at + 2])[0]
    return d[at + 2:at + 2 + n]


def unhinted(d):
    """Simple glyph D without its instructions: the outline alone."""
    if len(d) < 12:
        return d
    at = 10 + 2 * struct.unpack(">h", d[:2])[0]
    return d[:at] + b"\0\0" + d[at + 2 + len(instructions(d)):]


nsub = 0
full = {}
for pdf in sorted(glob.glob(os.path.join(out, "pdf", "*.pdf"))):
    slug = os.path.basename(pdf)[:-4]
    fonts = fontfiles(pdf)
    problems, cmaps = [], set()
    for base, data in fonts:
        try:
            sub = TTF(data)
        except Exception as e:  # noqa: BLE001 - any parse failure is the finding
            problems.append("%s: cannot parse the embedded font: %r" % (base, e))
            continue
        path = face_file(base)
        if path not in full:
            full[path] = TTF(open(path, "rb").read())
        src = full[path]
        tags = [d[0] for d in sub.dir]
        if tags != sorted(tags) or len(tags) != 10:
            problems.append("%s: table directory %r" % (base, tags))
        # hinting is dropped (HB_SUBSET_FLAGS_NO_HINTING): no programs, and
        # no glyph keeps instructions (checked below)
        hinted = sorted(set(tags) & {"cvt ", "fpgm", "prep", "hdmx", "VDMX"})
        if hinted:
            problems.append("%s: hinting tables kept: %r" % (base, hinted))
        for tag, cs, off, ln in sub.dir:
            if tag != "head" and checksum(data[off:off + ln]) != cs:
                problems.append("%s: bad checksum for %s" % (base, tag))
        # (head.checkSumAdjustment is not checked)
        if sub.nglyphs > 400 or sub.nglyphs >= src.nglyphs:
            problems.append("%s: %d glyphs, not a subset (the face has %d)"
                            % (base, sub.nglyphs, src.nglyphs))
        # hb-subset, not libharu nor the old hand-written subsetter: its
        # cmap has a Unicode (0,3) and a Windows (3,1) subtable, its name
        # table keeps IDs 0-6 only, and with the layout tables dropped no
        # glyph is pulled in beyond .notdef, the code points' glyphs and
        # the components of composites (no "fi" ligature glyph)
        subs = cmap_subtables(sub)
        if subs != [(0, 3), (3, 1)]:
            problems.append("%s: cmap subtables %r, not hb-subset's [(0, 3), (3, 1)]" % (base, subs))
        ids = name_ids(sub)
        if not ids or max(ids) > 6:
            problems.append("%s: name IDs %r, not hb-subset's 0-6" % (base, ids))
        wanted = {0} | set(sub.cmap.values())
        for g in list(wanted):
            wanted |= components(sub, g)
        if sub.nglyphs != len(wanted):
            problems.append("%s: %d glyphs, but the code points and their components need %d"
                            % (base, sub.nglyphs, len(wanted)))
        nsub += 1
        for cp, g in sub.cmap.items():
            sg = src.cmap.get(cp)
            if g >= sub.nglyphs or sg is None:
                problems.append("%s: U+%04X maps to glyph %d (source %r)" % (base, cp, g, sg))
                continue
            if sub.adv[g] * 1000 // sub.upem != src.adv[sg] * 1000 // src.upem:
                problems.append("%s: U+%04X advance %d, full font %d" % (base, cp, sub.adv[g], src.adv[sg]))
            a, z = sub.glyph(g), src.glyph(sg)
            simple = len(z) < 2 or struct.unpack(">h", z[:2])[0] >= 0
            if simple and len(a) >= 12 and instructions(a):
                problems.append("%s: U+%04X keeps %d bytes of hinting instructions"
                                % (base, cp, len(instructions(a))))
            if simple and unhinted(a).rstrip(b"\0") != unhinted(z).rstrip(b"\0"):
                problems.append("%s: U+%04X outline differs from the full font" % (base, cp))
        cmaps |= set(sub.cmap)
    text = pdftotext(pdf)
    lost = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmaps})
    if lost:
        problems.append("characters extracted but in no embedded cmap: %r" % lost[:20])
    if problems:
        notok(slug + ": embedded font subsets are valid and match the full fonts", *problems[:15])
    else:
        ok(slug + ": %d embedded subsets valid, code points and advances match the full fonts"
           % len(fonts))

if nsub == 0:
    notok("the PDFs embed fonts")

# ---- kerning, justification, ligatures ----------------------------------


def tj_arrays(pdf):
    """The TJ arrays of PDF's content streams, each a list of (hex, number)."""
    qdf = os.path.join(TMP, "k.qdf")
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    raw = open(qdf, "rb").read().decode("latin-1")
    for arr in re.findall(r"\[([^\]]*)\]\s*TJ", raw):
        yield re.findall(r"<([0-9a-fA-F]*)>|(-?\d+(?:\.\d+)?)", arr)


def dec(h):
    return "".join(chr(int(h[i:i + 4], 16)) for i in range(0, len(h) - 3, 4))


# Kerning is an integer between two strings (pdf_fonts_hex); the
# renderer's justification and positioning numbers always have a decimal
# point. These pairs are kerned in Liberation Serif and Sans (regular and
# bold), so in the Concord PDFs every occurrence must be.
STRONG = ["TO", "AT", "TA", "To", "r.", "y."]
total_kerned, seen_heading = 0, False
for pdf in sorted(glob.glob(os.path.join(out, "pdf", "*.pdf"))):
    slug = os.path.basename(pdf)[:-4]
    kerned, plain = {}, {}
    for toks in tj_arrays(pdf):
        prev, num, text = None, None, ""
        for h, n in toks:
            if n:
                num = n
                continue
            t = dec(h)
            for a, b in zip(t, t[1:]):
                plain[a + b] = plain.get(a + b, 0) + 1
            if prev and t and num is not None and "." not in num:
                kerned[prev[-1] + t[0]] = kerned.get(prev[-1] + t[0], 0) + 1
                if prev[-1] == "T" and t[0] == "O" and int(num) > 0:
                    seen_heading = True
            prev, num = t, None
            text += t
    n = sum(kerned.values())
    total_kerned += n
    unkerned = {p: plain[p] for p in STRONG if plain.get(p)}
    check(slug + ": %d kerned pairs in the content streams, none of %s unkerned" % (n, "/".join(STRONG)),
          n > 0 and not unkerned and any(kerned.get(p) for p in STRONG),
          "kerned: %r" % {p: kerned.get(p, 0) for p in STRONG}, "unkerned: %r" % unkerned)
check("a heading is kerned: T-O closed up by a TJ adjustment (e.g. \"PROTOCOL\", \"TO PARTY\")",
      seen_heading)

# Justified lines end exactly at the measure: the layout measured each word
# as drawn, kerning included. (Rounding in the content stream is about
# 0.013 pt; a word measured without its kerning is off by 0.05 pt or more.)
for pdf in sorted(glob.glob(os.path.join(out, "pdf", "*.pdf"))):
    slug = os.path.basename(pdf)[:-4]
    if slug == "matrix":
        continue
    ends = []
    for pg in pdftotext(pdf, "-bbox").split("<page ")[1:]:
        lines = {}
        for m in re.finditer(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">', pg):
            y = round(float(m.group(2)), 1)
            lines[y] = max(lines.get(y, 0), float(m.group(1)))
        ends += lines.values()
    counts = {}
    for e in ends:
        counts[round(e, 2)] = counts.get(round(e, 2), 0) + 1
    edge, full_lines = max(counts.items(), key=lambda kv: kv[1])
    off = sorted(round(e - edge, 3) for e in ends if 0.03 < abs(e - edge) <= 1.0)
    check(slug + ": %d justified lines end at the measure, none within 1 pt of it but off"
          % full_lines, full_lines >= 20 and not off, "edge %.2f, lines off by %r" % (edge, off[:12]))

# No ligatures: the text extracts letter for letter
for pdf in sorted(glob.glob(os.path.join(out, "pdf", "*.pdf"))):
    slug = os.path.basename(pdf)[:-4]
    text = pdftotext(pdf)
    lig = sorted({"U+%04X" % ord(ch) for ch in text if 0xFB00 <= ord(ch) <= 0xFB4F})
    check(slug + ": pdftotext gives no ligature code points (and has ff/fi/fl words: %d)"
          % len(re.findall(r"f[fil]", text)), not lig and re.search(r"f[fil]", text), lig)
check("kerned pairs in all the PDFs: %d" % total_kerned, total_kerned > 0)

# ---- damaged font files ----------------------------------------------------
src_font = open(os.path.join(FONT_DIR, "LiberationSerif-Regular.ttf"), "rb").read()
f = TTF(src_font)
tables = {d[0]: d for d in f.dir}
e_gid = f.cmap[ord("e")]
glyf_off = tables["glyf"][2]


def patched(at, new):
    return src_font[:at] + new + src_font[at + len(new):]


def dir_entry(tag):
    return 12 + 16 * [d[0] for d in f.dir].index(tag)


def bad_cmap():
    """Every cmap subtable offset points past the cmap table."""
    cm = tables["cmap"][2]
    data = src_font
    for i in range(struct.unpack(">H", src_font[cm + 2:cm + 4])[0]):
        at = cm + 4 + 8 * i + 4
        data = data[:at] + struct.pack(">I", 0x7FFFFFF0) + data[at + 4:]
    return data


bad_composite = struct.pack(">hhhhhHHbb", -1, 0, 0, 100, 100, 0x0000, 0xFFF0, 0, 0)
self_composite = struct.pack(">hhhhhHHbb", -1, 0, 0, 100, 100, 0x0000, e_gid, 0, 0)
cases = [
    ("an empty file", b"", True),
    ("a file cut to 100 bytes", src_font[:100], True),
    ("a file cut in half", src_font[:len(src_font) // 2], True),
    ("garbage", bytes((i * 37 + 11) & 0xFF for i in range(50000)), True),
    ("a table past the end of the file",
     patched(dir_entry("hmtx") + 8, struct.pack(">I", len(src_font) - 8)), True),
    # damage inside glyf: HarfBuzz reads a glyph outside its table, or a
    # component that does not exist, as empty, so the build succeeds with
    # a blank glyph; what matters is no crash and a valid PDF
    ("loca pointing outside glyf",
     patched(tables["loca"][2] + (4 if f.loca_long else 2),
             struct.pack(">I", 0xFFFFFFF0) if f.loca_long else struct.pack(">H", 0xFFF0)), False),
    ("cmap subtables past the end of the table", bad_cmap(), True),
    ("a composite glyph naming a glyph that does not exist",
     patched(glyf_off + f.loca[e_gid], bad_composite), False),
    ("a composite glyph made of itself",
     patched(glyf_off + f.loca[e_gid], self_composite), False),
    ("no cmap table", patched(dir_entry("cmap"), b"xmap"), True),
]
lyd = ["sources/lydney.md"]
for what, data, must_fail in cases:
    d = os.path.join(TMP, "fonts-" + re.sub(r"\W+", "-", what))
    shutil.copytree(FONT_DIR, d, dirs_exist_ok=True)
    os.chmod(d, 0o755)
    target = os.path.join(d, "LiberationSerif-Regular.ttf")
    if os.path.islink(target):
        os.unlink(target)
    with open(target, "wb") as fh:
        fh.write(data)
    o = os.path.join(TMP, "bad-" + os.path.basename(d))
    r = build(o, lyd, "pdf", EPOCH, env={"CONCORD_PDF_FONT_DIR": d}, extra=["--no-cache"])
    crashed = r.returncode < 0 or r.returncode >= 128 or "Sanitizer" in r.stderr
    said = "LiberationSerif-Regular.ttf" in r.stderr and (
        "damaged" in r.stderr or "cannot read" in r.stderr)
    if crashed:
        notok("damaged font (%s): no crash" % what, "exit %d" % r.returncode, r.stderr[-1500:])
    elif must_fail and (r.returncode == 0 or not said):
        notok("damaged font (%s): a clear error" % what, "exit %d" % r.returncode, r.stderr[-800:])
    elif not must_fail and r.returncode == 0 and run(
            ["qpdf", "--check", os.path.join(o, "pdf", "lydney.pdf")]).returncode != 0:
        notok("damaged font (%s): the PDF passes qpdf --check" % what)
    else:
        ok("damaged font (%s): %s" % (what, "a clear error, no crash" if must_fail
                                      else "no crash, a valid PDF"))

sys.exit(exit_status())
