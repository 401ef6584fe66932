/* ttf_subset.c - TrueType reader and subsetter (see ttf_subset.h).
 *
 * Every read of the font is checked against the table it belongs to, and
 * the tables against the file, when the font is opened; the subsetter then
 * only checks what it parses lazily (composite glyph records). Tables are
 * written in tag order with the checksums and head.checkSumAdjustment the
 * TrueType spec asks for. Glyphs are numbered .notdef first, then in code
 * point order, then the composite components in the order they are met,
 * so the same code points always give the same bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include "write/pdf/ttf_subset.h"
#include "base/arena.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TTF_MAX_FILE (64u << 20) /* larger is surely not one of our fonts */

/* The tables libharu 2.3.0 requires (hpdf_fontdef_tt.c REQUIRED_TAGS), in
 * tag order, which is also the order of the table directory we write. */
enum { T_OS2, T_CMAP, T_CVT, T_FPGM, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP,
       T_NAME, T_POST, T_PREP, T_COUNT };
static const char tags[T_COUNT][5] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                      "hmtx", "loca", "maxp", "name", "post", "prep"};

typedef struct ttf_group { /* cmap format 12 group above the BMP */
  uint32_t start, end, gid;
} ttf_group;

struct ttf_font {
  unsigned char *data;
  size_t len;
  char *name;
  struct {
    uint32_t off, len;
    int present;
  } t[T_COUNT];
  unsigned upem, nglyphs, nhm;
  uint32_t *loca;  /* nglyphs + 1 offsets into glyf, in bytes */
  uint16_t *adv;   /* advance per glyph, font units */
  int16_t *lsb;
  uint16_t *bmp;   /* 65536 entries: code point -> glyph */
  ttf_group *groups;
  size_t ngroups;
};

/* ---- big-endian helpers ------------------------------------------------- */

static unsigned u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static int s16(const unsigned char *p) { return (int16_t)u16(p); }
static uint32_t u32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void set16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}
static void set32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}
static void put16(buf *b, unsigned v) {
  unsigned char x[2];
  set16(x, v);
  buf_put(b, (const char *)x, 2);
}
static void put32(buf *b, uint32_t v) {
  unsigned char x[4];
  set32(x, v);
  buf_put(b, (const char *)x, 4);
}
static void pad4(buf *b) {
  while (b->len % 4) buf_putc(b, 0);
}
static uint32_t checksum(const unsigned char *p, size_t n) {
  uint32_t s = 0;
  for (size_t i = 0; i < n; i += 4) {
    unsigned char w[4] = {0, 0, 0, 0};
    memcpy(w, p + i, n - i < 4 ? n - i : 4);
    s += u32(w);
  }
  return s;
}

/* ---- reading ------------------------------------------------------------ */

static const unsigned char *tbl(const ttf_font *f, int t) { return f->data + f->t[t].off; }

static int bad(diag_list *d, const char *name, const char *what) {
  diag_error(d, NULL, 0, 0,
             "PDF: the font file %s is damaged or not a TrueType font (%s): reinstall it "
             "(Debian package fonts-liberation2)", name, what);
  return -1;
}

/* cmap format 4 at P (AVAIL bytes up to the end of the cmap table) into
 * f->bmp. Segments must be sorted (the spec's binary search needs it); a
 * code point belongs to the first segment whose end is >= it. */
static int cmap4(ttf_font *f, const unsigned char *p, size_t avail) {
  if (avail < 16) return -1;
  size_t len = u16(p + 2);
  if (len > avail || len < 16) len = avail; /* some fonts get the length wrong */
  unsigned segs = u16(p + 6) / 2;
  if (segs == 0 || 16 + 8 * (size_t)segs > len) return -1;
  const unsigned char *ends = p + 14, *starts = ends + 2 * segs + 2, *deltas = starts + 2 * segs,
                      *ranges = deltas + 2 * segs;
  long prev_end = -1;
  for (unsigned s = 0; s < segs; s++) {
    long end = u16(ends + 2 * s), start = u16(starts + 2 * s);
    unsigned delta = u16(deltas + 2 * s), ro = u16(ranges + 2 * s);
    if (end <= prev_end) return -1;
    long from = start > prev_end ? start : prev_end + 1;
    prev_end = end;
    for (long c = from; c <= end; c++) {
      unsigned g = 0;
      if (ro == 0) {
        g = ((unsigned)c + delta) & 0xFFFFu;
      } else {
        size_t at = (size_t)(ranges + 2 * s - p) + ro + 2 * (size_t)(c - start);
        if (c < start || at + 2 > len) continue;
        g = u16(p + at);
        if (g) g = (g + delta) & 0xFFFFu;
      }
      f->bmp[c] = (uint16_t)(g < f->nglyphs ? g : 0);
    }
  }
  return 0;
}

/* cmap format 12 at P: groups above the BMP are kept for ttf_glyph, and the
 * BMP ones fill f->bmp when FILL_BMP (no format 4 table). */
static int cmap12(ttf_font *f, const unsigned char *p, size_t avail, int fill_bmp) {
  if (avail < 16) return -1;
  uint32_t n = u32(p + 12);
  if ((uint64_t)n * 12 + 16 > avail) return -1;
  int64_t prev_end = -1;
  f->groups = xcalloc(n ? n : 1, sizeof *f->groups);
  for (uint32_t i = 0; i < n; i++) {
    const unsigned char *g = p + 16 + 12 * (size_t)i;
    uint32_t start = u32(g), end = u32(g + 4), gid = u32(g + 8);
    if (start > end || end > 0x10FFFF || (int64_t)start <= prev_end) return -1;
    prev_end = end;
    if (fill_bmp)
      for (uint32_t c = start; c <= end && c <= 0xFFFF; c++) {
        uint64_t gg = (uint64_t)gid + (c - start);
        f->bmp[c] = (uint16_t)(gg < f->nglyphs ? gg : 0);
      }
    if (end > 0xFFFF) {
      ttf_group *gr = &f->groups[f->ngroups++];
      gr->start = start > 0x10000 ? start : 0x10000;
      gr->gid = gid + (gr->start - start);
      gr->end = end;
    }
  }
  return 0;
}

static int parse_cmap(ttf_font *f) {
  const unsigned char *c = tbl(f, T_CMAP);
  size_t clen = f->t[T_CMAP].len;
  if (clen < 4) return -1;
  unsigned n = u16(c + 2);
  if (4 + 8 * (size_t)n > clen) return -1;
  long f4 = -1, f12 = -1;
  int f4_rank = 0, f12_rank = 0;
  for (unsigned i = 0; i < n; i++) {
    const unsigned char *r = c + 4 + 8 * i;
    unsigned pid = u16(r), eid = u16(r + 2);
    uint32_t off = u32(r + 4);
    if ((uint64_t)off + 4 > clen) continue;
    unsigned fmt = u16(c + off);
    /* prefer Windows Unicode (what libharu reads), then Unicode platform */
    int rank = pid == 3 && (eid == 1 || eid == 10) ? 2 : pid == 0 ? 1 : 0;
    if (fmt == 4 && rank > f4_rank) f4 = off, f4_rank = rank;
    if (fmt == 12 && rank > f12_rank) f12 = off, f12_rank = rank;
  }
  if (f4 < 0 && f12 < 0) return -1;
  if (f4 >= 0 && cmap4(f, c + f4, clen - (size_t)f4) != 0) return -1;
  if (f12 >= 0 && cmap12(f, c + f12, clen - (size_t)f12, f4 < 0) != 0) return -1;
  return 0;
}

ttf_font *ttf_parse(const unsigned char *data, size_t len, const char *name, diag_list *d) {
  if (len < 12) return bad(d, name, "shorter than a font header"), NULL;
  uint32_t version = u32(data);
  if (version == 0x4F54544Fu) /* OTTO */
    return bad(d, name, "it has PostScript (CFF) outlines, and only TrueType ones can be embedded"),
           NULL;
  if (version == 0x74746366u) /* ttcf */
    return bad(d, name, "it is a font collection"), NULL;
  if (version != 0x00010000u && version != 0x74727565u) /* 'true' */
    return bad(d, name, "no TrueType signature"), NULL;
  unsigned ntables = u16(data + 4);
  if (12 + 16 * (size_t)ntables > len) return bad(d, name, "the table directory is cut short"), NULL;

  ttf_font *f = xcalloc(1, sizeof *f);
  f->data = xmalloc(len ? len : 1);
  memcpy(f->data, data, len);
  f->len = len;
  f->name = xmalloc(strlen(name) + 1);
  memcpy(f->name, name, strlen(name) + 1);
  const char *why = NULL;
  for (unsigned i = 0; i < ntables; i++) {
    const unsigned char *e = f->data + 12 + 16 * i;
    uint32_t off = u32(e + 8), tlen = u32(e + 12);
    for (int t = 0; t < T_COUNT; t++) {
      if (memcmp(e, tags[t], 4) != 0) continue;
      if ((uint64_t)off + tlen > len) {
        why = "a table reaches past the end of the file (truncated?)";
        goto fail;
      }
      f->t[t].off = off;
      f->t[t].len = tlen;
      f->t[t].present = 1;
    }
  }
  static const struct { int t; size_t min; const char *what; } need[] = {
      {T_HEAD, 54, "no valid head table"}, {T_HHEA, 36, "no valid hhea table"},
      {T_MAXP, 6, "no valid maxp table"},  {T_HMTX, 4, "no valid hmtx table"},
      {T_LOCA, 4, "no valid loca table"},  {T_GLYF, 0, "no glyf table"},
      {T_CMAP, 4, "no valid cmap table"},
  };
  for (size_t i = 0; i < sizeof need / sizeof *need; i++)
    if (!f->t[need[i].t].present || f->t[need[i].t].len < need[i].min) {
      why = need[i].what;
      goto fail;
    }
  f->upem = u16(tbl(f, T_HEAD) + 18);
  int loca_long = s16(tbl(f, T_HEAD) + 50);
  f->nglyphs = u16(tbl(f, T_MAXP) + 4);
  f->nhm = u16(tbl(f, T_HHEA) + 34);
  if (f->upem < 16 || f->upem > 16384) { why = "bad unitsPerEm"; goto fail; }
  if (loca_long != 0 && loca_long != 1) { why = "bad indexToLocFormat"; goto fail; }
  if (f->nglyphs == 0) { why = "no glyphs"; goto fail; }
  if (f->nhm == 0 || f->nhm > f->nglyphs) { why = "bad numberOfHMetrics"; goto fail; }
  /* hmtx */
  if (4 * (size_t)f->nhm + 2 * (size_t)(f->nglyphs - f->nhm) > f->t[T_HMTX].len) {
    why = "the hmtx table is cut short";
    goto fail;
  }
  f->adv = xmalloc(f->nglyphs * sizeof *f->adv);
  f->lsb = xmalloc(f->nglyphs * sizeof *f->lsb);
  const unsigned char *h = tbl(f, T_HMTX);
  for (unsigned g = 0; g < f->nglyphs; g++) {
    if (g < f->nhm) {
      f->adv[g] = (uint16_t)u16(h + 4 * g);
      f->lsb[g] = (int16_t)s16(h + 4 * g + 2);
    } else {
      f->adv[g] = f->adv[f->nhm - 1];
      f->lsb[g] = (int16_t)s16(h + 4 * f->nhm + 2 * (g - f->nhm));
    }
  }
  /* loca: every glyph inside glyf */
  size_t unit = loca_long ? 4 : 2;
  if (((size_t)f->nglyphs + 1) * unit > f->t[T_LOCA].len) {
    why = "the loca table is cut short";
    goto fail;
  }
  f->loca = xmalloc(((size_t)f->nglyphs + 1) * sizeof *f->loca);
  const unsigned char *l = tbl(f, T_LOCA);
  for (unsigned g = 0; g <= f->nglyphs; g++)
    f->loca[g] = loca_long ? u32(l + 4 * g) : 2 * (uint32_t)u16(l + 2 * g);
  for (unsigned g = 0; g < f->nglyphs; g++)
    if (f->loca[g] > f->loca[g + 1] || f->loca[g + 1] > f->t[T_GLYF].len) {
      why = "a glyph lies outside the glyf table";
      goto fail;
    }
  f->bmp = xcalloc(65536, sizeof *f->bmp);
  if (parse_cmap(f) != 0) {
    why = "no readable Unicode cmap (format 4 or 12)";
    goto fail;
  }
  return f;
fail:
  bad(d, name, why);
  ttf_free(f);
  return NULL;
}

ttf_font *ttf_open(const char *path, diag_list *d) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    diag_error(d, NULL, 0, 0, "PDF: cannot read the font file %s (%s): install the Debian "
               "package fonts-liberation2 (make deps)", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)TTF_MAX_FILE) {
    fclose(fp);
    bad(d, path, "not a regular file of a plausible size");
    return NULL;
  }
  size_t len = (size_t)st.st_size;
  unsigned char *data = xmalloc(len ? len : 1);
  size_t got = fread(data, 1, len, fp);
  fclose(fp);
  ttf_font *f = got == len ? ttf_parse(data, len, path, d) : NULL;
  if (got != len) bad(d, path, "could not read it all");
  free(data);
  return f;
}

void ttf_free(ttf_font *f) {
  if (!f) return;
  free(f->data);
  free(f->name);
  free(f->loca);
  free(f->adv);
  free(f->lsb);
  free(f->bmp);
  free(f->groups);
  free(f);
}

unsigned ttf_num_glyphs(const ttf_font *f) { return f->nglyphs; }
unsigned ttf_units_per_em(const ttf_font *f) { return f->upem; }

unsigned ttf_glyph(const ttf_font *f, uint32_t cp) {
  if (cp <= 0xFFFF) return f->bmp[cp];
  size_t lo = 0, hi = f->ngroups;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cp < f->groups[mid].start) hi = mid;
    else if (cp > f->groups[mid].end) lo = mid + 1;
    else {
      uint64_t g = (uint64_t)f->groups[mid].gid + (cp - f->groups[mid].start);
      return g < f->nglyphs ? (unsigned)g : 0;
    }
  }
  return 0;
}

int ttf_glyph_advance(const ttf_font *f, unsigned gid) {
  if (gid >= f->nglyphs) gid = 0;
  /* libharu: (HPDF_UINT16)((HPDF_UINT)advance_width * 1000 / units_per_em) */
  return (int16_t)(uint16_t)((unsigned)f->adv[gid] * 1000u / f->upem);
}

/* ---- subsetting --------------------------------------------------------- */

/* Calls back for each component glyph index of composite glyph bytes P..P+N
 * (its position AT in P, to rewrite it). 0, or -1 if the record is cut. */
typedef struct comp_walk {
  size_t at[64];
  size_t n;
  int more; /* more than fit in at[]: call again from resume */
  size_t resume;
} comp_walk;

/* Collects component positions of the composite glyph P (N bytes) starting
 * at record offset W->resume (10 at first). -1 if the glyph is malformed. */
static int components(const unsigned char *p, size_t n, comp_walk *w) {
  w->n = 0;
  w->more = 0;
  if (n < 10 || s16(p) >= 0) return 0;
  size_t pos = w->resume ? w->resume : 10;
  for (;;) {
    if (pos + 4 > n) return -1;
    unsigned flags = u16(p + pos);
    if (w->n == sizeof w->at / sizeof *w->at) {
      w->more = 1;
      w->resume = pos;
      return 0;
    }
    w->at[w->n++] = pos + 2;
    pos += 4 + ((flags & 0x0001) ? 4 : 2);
    if (flags & 0x0008) pos += 2;        /* WE_HAVE_A_SCALE */
    else if (flags & 0x0040) pos += 4;   /* WE_HAVE_AN_X_AND_Y_SCALE */
    else if (flags & 0x0080) pos += 8;   /* WE_HAVE_A_TWO_BY_TWO */
    if (pos > n) return -1;
    if (!(flags & 0x0020)) return 0;     /* MORE_COMPONENTS */
  }
}

typedef struct cp_gid {
  uint32_t cp;
  unsigned gid; /* old, then new */
} cp_gid;

static int by_cp(const void *a, const void *b) {
  uint32_t x = ((const cp_gid *)a)->cp, y = ((const cp_gid *)b)->cp;
  return x < y ? -1 : x > y;
}

/* cmap with one format 4 subtable (3,1) from PAIRS (sorted by code point,
 * new glyph ids), then the closing 0xFFFF segment. A run of consecutive
 * code points with consecutive glyphs is one idDelta segment; runs less
 * than CMAP_GAP code points apart share one segment through glyphIdArray
 * (the gaps map to 0). Few segments matter: libharu looks every one of
 * the 65536 code points up with a linear scan over them when it sets a
 * font up. */
#define CMAP_GAP 48
typedef struct cmap_seg {
  size_t first, last; /* PAIRS indices */
  int array;          /* through glyphIdArray */
} cmap_seg;

static int write_cmap(buf *b, const cp_gid *pairs, size_t n) {
  cmap_seg *seg = xmalloc((n + 1) * sizeof *seg);
  size_t segs = 0, narray = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && pairs[j].cp == pairs[j - 1].cp + 1 && pairs[j].gid == pairs[j - 1].gid + 1) j++;
    if (segs && pairs[i].cp - pairs[seg[segs - 1].last].cp <= CMAP_GAP) {
      seg[segs - 1].last = j - 1;
      seg[segs - 1].array = 1;
    } else {
      seg[segs].first = i;
      seg[segs].last = j - 1;
      seg[segs++].array = 0;
    }
    i = j;
  }
  for (size_t i = 0; i < segs; i++)
    if (seg[i].array) narray += pairs[seg[i].last].cp - pairs[seg[i].first].cp + 1;
  size_t total = segs + 1, len = 16 + 8 * total + 2 * narray;
  if (len > 0xFFFF) {
    free(seg);
    return -1;
  }
  unsigned sr = 1, es = 0;
  while (sr * 2 <= total) sr *= 2, es++;
  put16(b, 0);  /* version */
  put16(b, 1);  /* one subtable */
  put16(b, 3);  /* Windows */
  put16(b, 1);  /* Unicode BMP */
  put32(b, 12);
  put16(b, 4);
  put16(b, (unsigned)len);
  put16(b, 0);  /* language */
  put16(b, (unsigned)(2 * total));
  put16(b, 2 * sr);
  put16(b, es);
  put16(b, (unsigned)(2 * total - 2 * sr));
  for (size_t i = 0; i < segs; i++) put16(b, pairs[seg[i].last].cp); /* endCode */
  put16(b, 0xFFFF);
  put16(b, 0); /* reservedPad */
  for (size_t i = 0; i < segs; i++) put16(b, pairs[seg[i].first].cp); /* startCode */
  put16(b, 0xFFFF);
  for (size_t i = 0; i < segs; i++) /* idDelta */
    put16(b, seg[i].array ? 0 : (pairs[seg[i].first].gid - pairs[seg[i].first].cp) & 0xFFFFu);
  put16(b, 1); /* 0xFFFF -> glyph 0 */
  size_t at = 0; /* idRangeOffset: bytes from itself to its first glyphIdArray entry */
  for (size_t i = 0; i < segs; i++) {
    put16(b, seg[i].array ? (unsigned)(2 * (total - i) + 2 * at) : 0);
    if (seg[i].array) at += pairs[seg[i].last].cp - pairs[seg[i].first].cp + 1;
  }
  put16(b, 0);
  for (size_t i = 0; i < segs; i++) { /* glyphIdArray */
    if (!seg[i].array) continue;
    size_t k = seg[i].first;
    for (uint32_t cp = pairs[seg[i].first].cp; cp <= pairs[seg[i].last].cp; cp++) {
      if (k <= seg[i].last && pairs[k].cp == cp) put16(b, pairs[k++].gid);
      else put16(b, 0);
    }
  }
  free(seg);
  return 0;
}

/* The name table libharu needs if the font has none: PostScript name (6)
 * and subfamily (2), UTF-16BE. */
static void write_name(buf *b) {
  static const char *const s[2] = {"Regular", "ConcordFont"};
  static const unsigned ids[2] = {2, 6};
  put16(b, 0);
  put16(b, 2);
  put16(b, 6 + 12 * 2);
  unsigned off = 0;
  for (int i = 0; i < 2; i++) {
    unsigned len = 2 * (unsigned)strlen(s[i]);
    put16(b, 3), put16(b, 1), put16(b, 0x409), put16(b, ids[i]), put16(b, len), put16(b, off);
    off += len;
  }
  for (int i = 0; i < 2; i++)
    for (const char *c = s[i]; *c; c++) put16(b, (unsigned char)*c);
}

int ttf_subset(const ttf_font *f, const uint32_t *cps, size_t n, buf *out, diag_list *d) {
  int rc = -1;
  cp_gid *pairs = xmalloc((n ? n : 1) * sizeof *pairs);
  size_t np = 0;
  for (size_t i = 0; i < n; i++) {
    if (cps[i] >= 0xFFFF) continue; /* libharu reads the BMP only; 0xFFFF ends the cmap */
    unsigned g = f->bmp[cps[i]];
    if (g) pairs[np].cp = cps[i], pairs[np].gid = g, np++;
  }
  qsort(pairs, np, sizeof *pairs, by_cp);
  size_t k = 0;
  for (size_t i = 0; i < np; i++)
    if (k == 0 || pairs[i].cp != pairs[k - 1].cp) pairs[k++] = pairs[i];
  np = k;

  /* glyph order: .notdef, code points, then components as met */
  uint32_t *newid = xcalloc(f->nglyphs, sizeof *newid); /* new id + 1; 0: not kept */
  unsigned *order = xmalloc(f->nglyphs * sizeof *order);
  unsigned nkeep = 0;
#define KEEP(g) do { if (!newid[g]) { newid[g] = ++nkeep; order[nkeep - 1] = (g); } } while (0)
  KEEP(0u);
  for (size_t i = 0; i < np; i++) KEEP(pairs[i].gid);
  buf glyf = BUF_INIT, loca = BUF_INIT;
  uint32_t *offs = NULL;
  for (unsigned i = 0; i < nkeep; i++) {
    const unsigned char *p = tbl(f, T_GLYF) + f->loca[order[i]];
    size_t len = f->loca[order[i] + 1] - f->loca[order[i]];
    comp_walk w = {.resume = 0};
    do {
      if (components(p, len, &w) != 0) goto damaged;
      for (size_t c = 0; c < w.n; c++) {
        unsigned g = u16(p + w.at[c]);
        if (g >= f->nglyphs) goto damaged;
        KEEP(g);
      }
    } while (w.more);
  }
#undef KEEP
  for (size_t i = 0; i < np; i++) pairs[i].gid = newid[pairs[i].gid] - 1;

  /* glyf (each glyph padded to 4 bytes) and loca */
  offs = xmalloc(((size_t)nkeep + 1) * sizeof *offs);
  for (unsigned i = 0; i < nkeep; i++) {
    const unsigned char *p = tbl(f, T_GLYF) + f->loca[order[i]];
    size_t len = f->loca[order[i] + 1] - f->loca[order[i]];
    offs[i] = (uint32_t)glyf.len;
    size_t at = glyf.len;
    buf_put(&glyf, (const char *)p, len);
    comp_walk w = {.resume = 0};
    do {
      if (components(p, len, &w) != 0) goto damaged;
      for (size_t c = 0; c < w.n; c++)
        set16((unsigned char *)glyf.data + at + w.at[c], newid[u16(p + w.at[c])] - 1);
    } while (w.more);
    pad4(&glyf);
  }
  offs[nkeep] = (uint32_t)glyf.len;
  int loca_long = glyf.len / 2 > 0xFFFF;
  for (unsigned i = 0; i <= nkeep; i++) {
    if (loca_long) put32(&loca, offs[i]);
    else put16(&loca, offs[i] / 2);
  }

  buf t[T_COUNT];
  for (int i = 0; i < T_COUNT; i++) t[i] = (buf)BUF_INIT;
  /* hmtx: a full metric for every glyph */
  for (unsigned i = 0; i < nkeep; i++) {
    put16(&t[T_HMTX], f->adv[order[i]]);
    put16(&t[T_HMTX], (uint16_t)f->lsb[order[i]]);
  }
  buf_put(&t[T_HHEA], (const char *)tbl(f, T_HHEA), 36);
  set16((unsigned char *)t[T_HHEA].data + 34, nkeep);
  buf_put(&t[T_MAXP], (const char *)tbl(f, T_MAXP), f->t[T_MAXP].len);
  set16((unsigned char *)t[T_MAXP].data + 4, nkeep);
  buf_put(&t[T_HEAD], (const char *)tbl(f, T_HEAD), 54);
  set32((unsigned char *)t[T_HEAD].data + 8, 0); /* checkSumAdjustment, set below */
  set16((unsigned char *)t[T_HEAD].data + 50, (unsigned)loca_long);
  if (write_cmap(&t[T_CMAP], pairs, np) != 0) {
    diag_error(d, NULL, 0, 0, "PDF: too many different characters for one embedded font from "
               "%s: split the document", f->name);
    for (int i = 0; i < T_COUNT; i++) buf_free(&t[i]);
    goto done;
  }
  /* post 3.0: no glyph names, the rest from the font */
  unsigned char post[32] = {0};
  if (f->t[T_POST].present && f->t[T_POST].len >= 32) memcpy(post, tbl(f, T_POST), 32);
  set32(post, 0x00030000u);
  buf_put(&t[T_POST], (const char *)post, 32);
  if (f->t[T_OS2].present && f->t[T_OS2].len >= 78) {
    buf_put(&t[T_OS2], (const char *)tbl(f, T_OS2), f->t[T_OS2].len);
    unsigned first = np ? pairs[0].cp : 0xFFFF, last = np ? pairs[np - 1].cp : 0;
    set16((unsigned char *)t[T_OS2].data + 64, first); /* usFirstCharIndex */
    set16((unsigned char *)t[T_OS2].data + 66, last);  /* usLastCharIndex */
  } else { /* version 1, what libharu reads: weight, width, ascender... */
    unsigned char os2[86] = {0};
    set16(os2, 1);
    set16(os2 + 4, 400);
    set16(os2 + 6, 5);
    const unsigned char *hh = tbl(f, T_HHEA);
    set16(os2 + 68, u16(hh + 4));                  /* sTypoAscender */
    set16(os2 + 70, u16(hh + 6));                  /* sTypoDescender */
    set16(os2 + 72, u16(hh + 8));                  /* sTypoLineGap */
    set16(os2 + 74, (unsigned)abs(s16(hh + 4)));   /* usWinAscent */
    set16(os2 + 76, (unsigned)abs(s16(hh + 6)));   /* usWinDescent */
    buf_put(&t[T_OS2], (const char *)os2, sizeof os2);
  }
  if (f->t[T_NAME].present && f->t[T_NAME].len >= 6)
    buf_put(&t[T_NAME], (const char *)tbl(f, T_NAME), f->t[T_NAME].len);
  else write_name(&t[T_NAME]);
  /* the hinting programs, unchanged (or empty: libharu needs the tables) */
  static const int progs[3] = {T_CVT, T_FPGM, T_PREP};
  for (int i = 0; i < 3; i++)
    if (f->t[progs[i]].present) buf_put(&t[progs[i]], (const char *)tbl(f, progs[i]), f->t[progs[i]].len);
  t[T_GLYF] = glyf;
  t[T_LOCA] = loca;
  glyf = (buf)BUF_INIT;
  loca = (buf)BUF_INIT;

  /* the file: offset table, directory, tables in tag order, 4-byte aligned */
  size_t start = out->len;
  put32(out, 0x00010000u);
  put16(out, T_COUNT);
  put16(out, 128); /* searchRange: 16 * 8 */
  put16(out, 3);   /* entrySelector */
  put16(out, T_COUNT * 16 - 128);
  size_t off = 12 + 16 * T_COUNT;
  for (int i = 0; i < T_COUNT; i++) {
    buf_put(out, tags[i], 4);
    put32(out, checksum((const unsigned char *)t[i].data, t[i].len));
    put32(out, (uint32_t)off);
    put32(out, (uint32_t)t[i].len);
    off += (t[i].len + 3) & ~(size_t)3;
  }
  size_t head_at = 0;
  for (int i = 0; i < T_COUNT; i++) {
    if (i == T_HEAD) head_at = out->len;
    if (t[i].len) buf_put(out, t[i].data, t[i].len);
    while ((out->len - start) % 4) buf_putc(out, 0);
    buf_free(&t[i]);
  }
  uint32_t sum = checksum((const unsigned char *)out->data + start, out->len - start);
  set32((unsigned char *)out->data + head_at + 8, 0xB1B0AFBAu - sum);
  rc = 0;
  goto done;
damaged:
  bad(d, f->name, "a composite glyph is cut short or names a glyph that does not exist");
done:
  buf_free(&glyf);
  buf_free(&loca);
  free(offs);
  free(order);
  free(newid);
  free(pairs);
  return rc;
}
