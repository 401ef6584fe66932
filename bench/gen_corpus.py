#!/usr/bin/env python3
"""gen_corpus.py - deterministic synthetic corpora for Concord's benchmarks.

    bench/gen_corpus.py --count N [--seed S] [--sources DIR] [--mode M] --out DIR
    bench/gen_corpus.py --plain --out DIR SOURCE.md ...

--mode varied (the default): council i of a corpus of N is made from base
council i mod 5 (the five in sources/, in file-name order), so every size
is a prefix of the next:
  * renamed: a made-up place name ("Ashbury Borough Council") and slug
    ("ashbury-0042"); the base council's own name in the text is replaced;
    front matter `kind:` follows the name ("Borough Council": borough, a
    plain "Council": parish) and `region:` is one of England's nine
    regions (none for one council in twenty), so a large corpus's matrix
    pages are grouped as a real one's would be;
  * clauses dropped (about 1 in 8, never the last clause of a section, never
    one that carries a footnote reference or is the target of a reference);
  * clauses reordered within their section (adjacent swaps);
  * reworded by word substitutions from a fixed list (each council enables
    a subset of the pairs and applies each to most occurrences),
so the aligner has real work: same provisions, different words and order.

--mode shared: what real corpora look like, where most councils adopt one
model protocol almost word for word (as parishes adopt their county
association's). Four councils in five (i mod 5 != 4) are a lightly edited
copy of the model council (--model, a slug of sources/, default
cheshire-west-and-chester): renamed, about 1 clause in 30 dropped, no
reordering, and a few word substitutions (about 1 pair in 8, applied to
half the occurrences). The fifth is made as in varied mode from base
council (i div 5) mod 5. So equivalence sets grow with the corpus: at
1,000 councils, 800 councils make the model's provisions in nearly the
same words.

Topic annotations ({topic=...}), ids, footnotes and prose travel with their
blocks, so `concord build` on the output succeeds with zero errors. The
taxonomy (topics.yaml) is copied beside the sources.

Determinism: the only randomness is a splitmix64 generator seeded from
(--seed, council index); no dict/set order, clock or Python `random` is
involved, so the same seed gives the same bytes on any Python 3.

--plain writes each source as plain CommonMark for the peers (pandoc,
cmark): front matter and {...} attribute blocks stripped, nothing else
changed. Output names keep the input base names.
"""
import argparse
import os
import re
import shutil
import sys

MASK = (1 << 64) - 1


class Rng:
    """splitmix64: tiny, portable, byte-for-byte reproducible."""

    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def chance(self, num, den):
        return self.below(den) < num


# Fixed substitution list (word -> replacement). Whole words only; the
# replacement keeps the capital of the original's first letter.
SUBSTITUTIONS = [
    ("officers", "staff"), ("officer", "employee"), ("members", "councillors"),
    ("member", "councillor"), ("must", "shall"), ("should", "ought to"),
    ("information", "details"), ("advice", "guidance"), ("appropriate", "suitable"),
    ("ensure", "make sure"), ("matters", "issues"), ("matter", "issue"),
    ("provide", "give"), ("provided", "given"), ("relevant", "pertinent"),
    ("whilst", "while"), ("assist", "help"), ("particular", "specific"),
    ("important", "essential"), ("respect", "regard"), ("required", "expected"),
    ("decisions", "determinations"), ("decision", "determination"),
    ("consider", "take into account"), ("responsible", "accountable"),
    ("Council", "Authority"), ("normally", "usually"), ("relationship", "relations"),
    ("however", "nevertheless"), ("therefore", "accordingly"), ("seek", "try"),
    ("political", "party-political"), ("meetings", "sessions"), ("meeting", "session"),
    ("concerns", "worries"), ("behaviour", "conduct"), ("impartial", "neutral"),
]

PLACE_A = ["Ash", "Bar", "Brad", "Carl", "Dun", "Elm", "Fair", "Glen", "Hart", "Kings",
           "Lang", "Mar", "North", "Oak", "Pen", "Red", "Stan", "Thorn", "Wick", "York"]
PLACE_B = ["bury", "ford", "ham", "ley", "mouth", "stead", "ton", "wick", "worth", "field",
           "gate", "well", "cliffe", "dale", "moor"]
KINDS = ["Borough Council", "District Council", "County Council", "Town Council",
         "City Council", "Council"]
# front matter `kind:` of a council named with each of KINDS (a plain
# "... Council" is taken for a parish)
KIND_OF = {"Borough Council": "borough", "District Council": "district",
           "County Council": "county", "Town Council": "town", "City Council": "city",
           "Council": "parish"}
# England's nine regions (front matter `region:`); one council in twenty
# gets none, so large corpora also have the group "Region not given"
REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West"]

CLAUSE_NO = re.compile(r"^(\d+(?:\.\d+)+)\.?\s")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
HEADING_CLAUSE = re.compile(r"^#{2,6}\s+(\d+(?:\.\d+)+)\.?\s")
ATTR_TAIL = re.compile(r"\s*\{[^{}]*\}\s*$")
FOOTDEF = re.compile(r"^\[\^[^\]]+\]:")
LISTISH = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|>)")
WORD = re.compile(r"[A-Za-z]+")
# text the substitutions must not touch: attribute blocks, link
# destinations, footnote markers, clause numbers and item labels
PROTECT = re.compile(r"\{[^{}]*\}|\]\([^)]*\)|\[\^[^\]]*\]|^\s*(?:[-*+]\s+)?\([a-z0-9]+\)|"
                     r"^#*\s*\d+(?:\.\d+)*\.?|https?://\S+|\S+@\S+", re.M)


def split_front(text):
    if not text.startswith("---\n"):
        raise SystemExit("gen_corpus: source does not start with front matter")
    end = text.index("\n---\n", 4)
    return text[4:end + 1], text[end + 5:]


def blocks_of(body):
    """Blank-line separated blocks, each a string without the trailing newline."""
    out, cur = [], []
    for line in body.split("\n"):
        if line.strip() == "":
            if cur:
                out.append("\n".join(cur))
                cur = []
        else:
            cur.append(line)
    if cur:
        out.append("\n".join(cur))
    return out


def is_section_heading(b):
    m = HEADING.match(b)
    if not m:
        return False
    if ".section" in (ATTR_TAIL.search(b).group(0) if ATTR_TAIL.search(b) else ""):
        return True
    return not HEADING_CLAUSE.match(b) and ".clause" not in b.split("\n")[0][-40:]


def parse(body):
    """Body -> list of segments (split at section headings); each segment is a
    list of ('fixed', text) or ('unit', [texts]) entries."""
    blocks = blocks_of(body)
    numbered = any(CLAUSE_NO.match(b) or HEADING_CLAUSE.match(b) for b in blocks)
    segments, seg, unit = [], [], None

    def close_unit():
        nonlocal unit
        if unit is not None:
            seg.append(("unit", unit))
            unit = None

    for b in blocks:
        first = b.split("\n")[0]
        prose = ".prose" in (ATTR_TAIL.search(first).group(0) if ATTR_TAIL.search(first) else "")
        if is_section_heading(b):
            close_unit()
            if seg:
                segments.append(seg)
            seg = [("fixed", b)]
            continue
        if FOOTDEF.match(b) or prose:
            close_unit()
            seg.append(("fixed", b))
            continue
        starts = HEADING.match(b) or (CLAUSE_NO.match(b) if numbered else not LISTISH.match(b))
        if starts:
            close_unit()
            unit = [b]
        elif unit is not None:
            unit.append(b)
        else:
            seg.append(("fixed", b))
    close_unit()
    if seg:
        segments.append(seg)
    return segments


def reword(text, enabled, rng, apply=(4, 5)):
    def sub_plain(s):
        def one(m):
            w = m.group(0)
            rep = enabled.get(w) or enabled.get(w.lower())
            if rep is None or not rng.chance(*apply):
                return w
            if w[0].isupper() and rep[0].islower():
                rep = rep[0].upper() + rep[1:]
            return rep
        return WORD.sub(one, s)

    out, pos = [], 0
    for m in PROTECT.finditer(text):
        out.append(sub_plain(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(sub_plain(text[pos:]))
    return "".join(out)


def front_value(front, key):
    m = re.search(r"^%s:\s*(.*)$" % key, front, re.M)
    return m.group(1).strip().strip('"\'') if m else None


def short_name(council):
    for suffix in ["Metropolitan Borough Council"] + KINDS:
        if council.endswith(" " + suffix):
            return council[: -len(suffix) - 1]
    return council


# How much a council departs from its base: varied mode, and the light
# local edits of a council adopting the model in shared mode.
VARIED = {"drop": (1, 8), "swap": (1, 4), "enable": (1, 2), "apply": (4, 5)}
LIGHT = {"drop": (1, 30), "swap": (0, 1), "enable": (1, 8), "apply": (1, 2)}


def make_council(base_text, index, seed, edits=VARIED):
    rng = Rng(seed * 1000003 + index)
    front, body = split_front(base_text)
    old_council = front_value(front, "council") or "Council"
    name = PLACE_A[rng.below(len(PLACE_A))] + PLACE_B[rng.below(len(PLACE_B))]
    kind = KINDS[rng.below(len(KINDS))]
    council = "%s %s" % (name, kind)
    slug = "%s-%04d" % (name.lower(), index)
    # the region from its own generator: the text of every council stays
    # what it was before regions were added
    grng = Rng(seed * 1000003 + index + 0x5E6104)
    region = None if grng.chance(1, 20) else REGIONS[grng.below(len(REGIONS))]

    new_front = []
    for line in front.rstrip("\n").split("\n"):
        if line.startswith("council:"):
            line = "council: %s" % council
        elif line.startswith("slug:"):
            line = "slug: %s" % slug
        elif line.startswith("hooks:") or line.startswith("kind:") or line.startswith("region:"):
            continue  # hook files are per real council; kind, region set below
        new_front.append(line)
    new_front.append("kind: %s" % KIND_OF[kind])
    if region:
        new_front.append("region: %s" % region)

    enabled = {}
    for w, r in SUBSTITUTIONS:
        if rng.chance(*edits["enable"]):
            enabled[w] = r
    old_short = short_name(old_council)

    # clause numbers referenced anywhere (explicit links or "paragraph 3.4"):
    # those clauses are never dropped
    referenced = set(re.findall(r"#para-([\d.]+)", body))
    referenced |= set(re.findall(r"\d+(?:\.\d+)+", " ".join(
        re.findall(r"[Pp]aragraphs?\s+.{0,60}", body))))

    segments = parse(body)
    out_blocks = []
    for seg in segments:
        units = [i for i, (k, _) in enumerate(seg) if k == "unit"]
        kept = []
        for i in units:
            blocks = seg[i][1]
            m = CLAUSE_NO.match(blocks[0]) or HEADING_CLAUSE.match(blocks[0])
            number = m.group(1) if m else None
            protected = "[^" in "\n".join(blocks) or (number and number in referenced)
            if not protected and len(units) > 1 and rng.chance(*edits["drop"]):
                continue
            kept.append(i)
        if not kept and units:
            kept = [units[-1]]
        order = list(kept)
        for j in range(len(order) - 1):  # adjacent swaps
            if rng.chance(*edits["swap"]):
                order[j], order[j + 1] = order[j + 1], order[j]
        slots = iter(order)
        for i, (kind, val) in enumerate(seg):
            if kind == "fixed":
                out_blocks.append(val)
            elif i in kept:
                for b in seg[next(slots)][1]:
                    out_blocks.append(reword(b, enabled, rng, edits["apply"]))
    text = "\n\n".join(out_blocks) + "\n"
    if old_short and old_short != name:
        text = text.replace(old_short, name)
    return slug, "---\n" + "\n".join(new_front) + "\n---\n\n" + text


def plain(text):
    """Annotated source -> plain CommonMark: no front matter, no {...}."""
    _, body = split_front(text)
    lines = []
    for line in body.split("\n"):
        lines.append(ATTR_TAIL.sub("", line) if ATTR_TAIL.search(line) else line)
    return "\n".join(lines).lstrip("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--sources", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "..", "sources"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--plain", action="store_true")
    ap.add_argument("--mode", choices=["varied", "shared"], default="varied")
    ap.add_argument("--model", default="cheshire-west-and-chester",
                    help="shared mode: the slug (file name) of the model council")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.plain:
        for f in a.files:
            with open(f, encoding="utf-8") as fh:
                t = plain(fh.read())
            with open(os.path.join(a.out, os.path.basename(f)), "w", encoding="utf-8") as fh:
                fh.write(t)
        return 0
    if not a.count or a.count < 1:
        ap.error("--count N (>= 1) is required")
    bases = sorted(f for f in os.listdir(a.sources) if f.endswith(".md"))
    if not bases:
        raise SystemExit("gen_corpus: no .md sources in %s" % a.sources)
    texts = []
    for f in bases:
        with open(os.path.join(a.sources, f), encoding="utf-8") as fh:
            texts.append(fh.read())
    model = None
    if a.mode == "shared":
        if a.model + ".md" not in bases:
            raise SystemExit("gen_corpus: no model council %s.md in %s (one of: %s)" % (
                a.model, a.sources, ", ".join(b[:-3] for b in bases)))
        model = texts[bases.index(a.model + ".md")]
    for i in range(a.count):
        if model is not None and i % 5 != 4:
            slug, t = make_council(model, i, a.seed, LIGHT)
        elif model is not None:
            slug, t = make_council(texts[(i // 5) % len(texts)], i, a.seed)
        else:
            slug, t = make_council(texts[i % len(texts)], i, a.seed)
        with open(os.path.join(a.out, slug + ".md"), "w", encoding="utf-8") as fh:
            fh.write(t)
    shutil.copyfile(os.path.join(a.sources, "topics.yaml"), os.path.join(a.out, "topics.yaml"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
