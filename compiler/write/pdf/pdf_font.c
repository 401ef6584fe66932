/* pdf_font.c - font metrics, text drawing and subset embedding (see
 * pdf_font.h). */
#define _POSIX_C_SOURCE 200809L
#include "write/pdf/pdf_font.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/layout/layout_doc.h"

#include <errno.h>
#include <harfbuzz/hb-subset.h>
#include <harfbuzz/hb.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const font_dirs[] = {
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
};

/* index = family * 4 + bold + 2 * italic (layout_doc.h) */
static const char *const font_files[LAYOUT_NFONTS] = {
    "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",  "LiberationSerif-BoldItalic.ttf",
    "LiberationSans-Regular.ttf",  "LiberationSans-Bold.ttf",
    "LiberationSans-Italic.ttf",   "LiberationSans-BoldItalic.ttf",
    "LiberationMono-Regular.ttf",  "LiberationMono-Bold.ttf",
    "LiberationMono-Italic.ttf",   "LiberationMono-BoldItalic.ttf",
};

/* ---- faces shared by the whole process ---------------------------------
 * Loaded into HarfBuzz on first use under one lock (PDFs are written on
 * several threads) and never changed or freed afterwards: an immutable
 * hb_font_t may be shaped with from any thread. A face that fails keeps
 * its message, so every document that needs it reports it.
 *
 * Advances are tabulated at load for the code points body text uses
 * (ADV_N), in 1/1000 em exactly as libharu writes its /W widths
 * (advance * 1000 / unitsPerEm, integer), so what layout measures is what
 * the PDF viewer draws. Kerning comes from HarfBuzz shaping the pair
 * (GPOS, else the kern table) and is cached per pair in KERN_N x KERN_N
 * atomics, filled lazily: two threads computing the same pair store the
 * same value, so relaxed loads and stores are enough. */

#define ADV_N 0x2100
#define KERN_N 448 /* U+0000-017F and U+2000-203F */
/* a cache slot holds kerning + KERN_BIAS; 0 (calloc) is "not computed", so
 * only the pages of the pairs a build meets are ever touched */
#define KERN_BIAS 0x4000

typedef struct hface {
  hb_blob_t *blob;
  hb_face_t *face;
  hb_font_t *font;
  unsigned upem;
  short adv[ADV_N];      /* -1: no glyph */
  _Atomic short *kern;   /* kerning + KERN_BIAS, 0 until computed */
} hface;

static pthread_mutex_t faces_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  int state; /* 0 not tried, 1 loaded, -1 failed */
  hface *face;
  char *error;
} faces[LAYOUT_NFONTS];

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* HarfBuzz never crashes on a bad font, but it silently reads a damaged
 * table as empty, which would print a document of empty boxes: check the
 * table directory and the tables libharu and layout need first. NULL if
 * usable, else why not. */
static const char *check_font(hb_blob_t *blob, hb_face_t *face, hb_font_t *font) {
  unsigned len = 0;
  const unsigned char *d = (const unsigned char *)hb_blob_get_data(blob, &len);
  if (len < 12 || !d) return "the file is too short to be a TrueType font";
  unsigned long ver = be32(d);
  if (ver != 0x00010000ul && ver != 0x74727565ul) return "it is not a TrueType font";
  unsigned n = be16(d + 4);
  if (12 + 16ul * n > len) return "the table directory is cut short";
  static const char *const need[] = {"OS/2", "cmap", "glyf", "head", "hhea",
                                     "hmtx", "loca", "maxp", "name", "post"};
  unsigned found = 0;
  for (unsigned i = 0; i < n; i++) {
    const unsigned char *e = d + 12 + 16 * i;
    unsigned long off = be32(e + 8), tlen = be32(e + 12);
    if (off > len || tlen > len - off) return "a table reaches past the end of the file (truncated?)";
    for (unsigned k = 0; k < sizeof need / sizeof *need; k++)
      if (memcmp(e, need[k], 4) == 0) found |= 1u << k;
  }
  for (unsigned k = 0; k < sizeof need / sizeof *need; k++)
    if (!(found & (1u << k))) return "a table TrueType requires is missing";
  if (hb_face_get_glyph_count(face) < 2) return "it has no glyphs";
  hb_codepoint_t g = 0;
  if (!hb_font_get_nominal_glyph(font, 'a', &g) || !g || !hb_font_get_nominal_glyph(font, ' ', &g))
    return "its character map (cmap) is unusable";
  return NULL;
}

static hface *face_load(const char *path, const char **why) {
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  if (!blob) {
    *why = "cannot read it";
    return NULL;
  }
  hb_face_t *hf = hb_face_create(blob, 0);
  hb_font_t *font = hb_font_create(hf);
  unsigned upem = hb_face_get_upem(hf);
  hb_font_set_scale(font, (int)upem, (int)upem); /* advances in font units */
  *why = check_font(blob, hf, font);
  if (*why) {
    hb_font_destroy(font);
    hb_face_destroy(hf);
    hb_blob_destroy(blob);
    return NULL;
  }
  hb_font_make_immutable(font);
  hface *f = xcalloc(1, sizeof *f);
  f->blob = blob;
  f->face = hf;
  f->font = font;
  f->upem = upem;
  for (unsigned cp = 0; cp < ADV_N; cp++) {
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(font, cp, &g) || (g == 0 && cp != 0x20)) {
      f->adv[cp] = -1;
      continue;
    }
    f->adv[cp] = (short)((long)hb_font_get_glyph_h_advance(font, g) * 1000 / (long)upem);
  }
  /* all-bits-zero is a valid 0 for a lock-free atomic short (gcc, clang) */
  f->kern = xcalloc((size_t)KERN_N * KERN_N, sizeof *f->kern);
  return f;
}

static const hface *shared_face(const char *dir, int i, diag_list *d) {
  pthread_mutex_lock(&faces_lock);
  if (faces[i].state == 0) {
    buf p = BUF_INIT;
    buf_printf(&p, "%s/%s", dir, font_files[i]);
    const char *why = NULL;
    faces[i].face = face_load(buf_cstr(&p), &why);
    faces[i].state = faces[i].face ? 1 : -1;
    if (!faces[i].face) {
      buf m = BUF_INIT;
      if (strcmp(why, "cannot read it") == 0)
        buf_printf(&m, "PDF: cannot read the font %s: reinstall the Debian package "
                   "fonts-liberation2", buf_cstr(&p));
      else
        buf_printf(&m, "PDF: the font %s is damaged (%s): reinstall the Debian package "
                   "fonts-liberation2", buf_cstr(&p), why);
      faces[i].error = xmalloc(m.len + 1);
      memcpy(faces[i].error, buf_cstr(&m), m.len + 1);
      buf_free(&m);
    }
    buf_free(&p);
  }
  const hface *f = faces[i].face;
  const char *err = faces[i].error;
  pthread_mutex_unlock(&faces_lock);
  if (!f) diag_error(d, NULL, 0, 0, "%s", err ? err : "PDF: a font could not be read");
  return f;
}

static int glyph_advance(const hface *h, unsigned cp) {
  if (cp < ADV_N) return h->adv[cp];
  hb_codepoint_t g = 0;
  if (!hb_font_get_nominal_glyph(h->font, cp, &g) || g == 0) return -1;
  return (int)((long)hb_font_get_glyph_h_advance(h->font, g) * 1000 / (long)h->upem);
}

static int kern_slot(unsigned cp) {
  if (cp < 0x180) return (int)cp;
  if (cp >= 0x2000 && cp < 0x2040) return (int)(0x180 + cp - 0x2000);
  return -1;
}

/* The kerning of the pair A B in 1/1000 em (negative: closer): HarfBuzz
 * shapes the two characters with kerning on and ligatures and other
 * substitutions off, and the change to the first glyph's advance is the
 * pair's kerning. 0 if shaping substituted anything. */
static int shape_pair(const hface *h, unsigned a, unsigned b) {
  hb_codepoint_t ga = 0, gb = 0;
  if (!hb_font_get_nominal_glyph(h->font, a, &ga) || !hb_font_get_nominal_glyph(h->font, b, &gb))
    return 0;
  static const hb_feature_t feats[] = {
      {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1}, {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
      {HB_TAG('d', 'l', 'i', 'g'), 0, 0, (unsigned)-1}, {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
      {HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1},
  };
  hb_buffer_t *hb = hb_buffer_create();
  hb_codepoint_t cps[2] = {a, b};
  hb_buffer_add_codepoints(hb, cps, 2, 0, 2);
  hb_buffer_set_direction(hb, HB_DIRECTION_LTR);
  hb_buffer_set_script(hb, HB_SCRIPT_LATIN);
  hb_buffer_set_language(hb, hb_language_from_string("en", 2));
  hb_shape(h->font, hb, feats, sizeof feats / sizeof *feats);
  unsigned n = 0;
  const hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(hb, &n);
  const hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(hb, NULL);
  int k = 0;
  if (n == 2 && gi[0].codepoint == ga && gi[1].codepoint == gb) {
    long d = (long)gp[0].x_advance - hb_font_get_glyph_h_advance(h->font, ga);
    k = (int)lround((double)d * 1000.0 / h->upem);
  }
  hb_buffer_destroy(hb);
  return k;
}

static int face_kern(const hface *h, unsigned a, unsigned b) {
  int sa = kern_slot(a), sb = kern_slot(b);
  if (sa < 0 || sb < 0) return shape_pair(h, a, b);
  _Atomic short *c = &h->kern[(size_t)sa * KERN_N + (size_t)sb];
  int k = atomic_load_explicit(c, memory_order_relaxed);
  if (k) return k - KERN_BIAS;
  k = shape_pair(h, a, b);
  if (k > -KERN_BIAS && k < KERN_BIAS)
    atomic_store_explicit(c, (short)(k + KERN_BIAS), memory_order_relaxed);
  return k;
}

/* ---- one document -------------------------------------------------------- */

typedef struct fpage {
  HPDF_Page page;
  unsigned char order[LAYOUT_NFONTS]; /* faces in order of first use: /F1, /F2, ... */
  unsigned char n;
} fpage;

struct pdf_fonts {
  HPDF_Doc pdf;
  const char *dir;
  diag_list *d;
  const hface *face[LAYOUT_NFONTS];
  int failed[LAYOUT_NFONTS];     /* the face could not be read (reported once) */
  unsigned char *used[LAYOUT_NFONTS]; /* 65536-bit sets of code points drawn */
  fpage *pages;
  size_t npages, cappages, last;
};

pdf_fonts *pdf_fonts_new(HPDF_Doc pdf, diag_list *d) {
  const char *dir = getenv("CONCORD_PDF_FONT_DIR"); /* tests: damaged fonts */
  if (dir && !*dir) dir = NULL;
  for (size_t i = 0; i < sizeof font_dirs / sizeof *font_dirs && !dir; i++) {
    buf p = BUF_INIT;
    buf_printf(&p, "%s/%s", font_dirs[i], font_files[0]);
    if (access(buf_cstr(&p), R_OK) == 0) dir = font_dirs[i];
    buf_free(&p);
  }
  if (!dir) {
    diag_error(d, NULL, 0, 0,
               "PDF: the Liberation fonts are not installed (looked in %s): "
               "install the Debian package fonts-liberation2 (make deps)",
               font_dirs[0]);
    return NULL;
  }
  pdf_fonts *f = xcalloc(1, sizeof *f);
  f->pdf = pdf;
  f->dir = dir;
  f->d = d;
  return f;
}

void pdf_fonts_free(pdf_fonts *f) {
  if (!f) return;
  for (int i = 0; i < LAYOUT_NFONTS; i++) free(f->used[i]);
  free(f->pages);
  free(f);
}

const char *pdf_fonts_dir(const pdf_fonts *f) { return f->dir; }

static const hface *face(pdf_fonts *f, int font) {
  if (font < 0 || font >= LAYOUT_NFONTS || f->failed[font]) return NULL;
  if (!f->face[font]) {
    f->face[font] = shared_face(f->dir, font, f->d);
    if (!f->face[font]) f->failed[font] = 1;
  }
  return f->face[font];
}

int pdf_fonts_advance(void *fonts, int font, unsigned cp) {
  pdf_fonts *f = fonts;
  if (cp > 0xFFFF) return -1; /* libharu's UTF-8 encoder drops non-BMP text */
  const hface *h = face(f, font);
  if (!h) return -1;
  return glyph_advance(h, cp);
}

int pdf_fonts_kern(void *fonts, int font, unsigned a, unsigned b) {
  pdf_fonts *f = fonts;
  if (a > 0xFFFF || b > 0xFFFF || a == ' ' || b == ' ') return 0;
  const hface *h = face(f, font);
  return h ? face_kern(h, a, b) : 0;
}

/* Next code point of S[*I..N), or -1 for a byte that starts no valid UTF-8
 * sequence (skipped, as libharu's encoder does). */
static long utf8_cp(const unsigned char *s, size_t n, size_t *i) {
  unsigned c = s[(*i)++];
  if (c < 0x80) return c;
  size_t k = c >= 0xF0 && c < 0xF5 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : 0;
  if (!k || c >= 0xF5 || *i + k > n) return -1;
  unsigned long cp = c & (0x3Fu >> k);
  for (size_t j = 0; j < k; j++) {
    if ((s[*i + j] & 0xC0) != 0x80) return -1;
    cp = cp << 6 | (s[*i + j] & 0x3Fu);
  }
  *i += k;
  static const unsigned long min[4] = {0, 0x80, 0x800, 0x10000};
  if (cp < min[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  return (long)cp;
}

/* The local name index (1-based) of FONT on PAGE, assigned in order of
 * first use, which is the order pdf_fonts_embed registers the fonts in, so
 * libharu names them /F1, /F2, ... exactly as written here. */
static int page_slot(pdf_fonts *f, HPDF_Page page, int font) {
  fpage *p = NULL;
  if (f->npages && f->pages[f->last].page == page) p = &f->pages[f->last];
  for (size_t i = f->npages; !p && i-- > 0;)
    if (f->pages[i].page == page) p = &f->pages[f->last = i];
  if (!p) {
    XGROW(f->pages, f->npages, f->cappages);
    f->last = f->npages++;
    p = &f->pages[f->last];
    memset(p, 0, sizeof *p);
    p->page = page;
  }
  for (int k = 0; k < p->n; k++)
    if (p->order[k] == font) return k + 1;
  p->order[p->n++] = (unsigned char)font;
  return p->n;
}

/* The hex codes of TEXT for FONT into OUT, a kerned pair's adjustment
 * written between them as "> N <" (inside a TJ array: the caller writes
 * the outer angle brackets); records the code points. Returns the advance
 * with kerning, in 1/1000 em. */
static double hex_kerned(pdf_fonts *f, int font, const char *text, size_t len, buf *out) {
  const hface *h = face(f, font);
  if (!h) return 0;
  if (!f->used[font]) f->used[font] = xcalloc(65536 / 8, 1);
  unsigned char *used = f->used[font];
  static const char digits[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)text;
  double adv = 0;
  long prev = -1;
  for (size_t i = 0; i < len && u[i];) {
    long cp = utf8_cp(u, len, &i);
    if (cp < 0 || cp > 0xFFFF) continue;
    if (prev >= 0) {
      int k = pdf_fonts_kern(f, font, (unsigned)prev, (unsigned)cp);
      /* a TJ number moves the next glyph left by number/1000 em */
      if (k) buf_printf(out, ">%d<", -k);
      adv += k;
    }
    prev = cp;
    used[cp / 8] |= (unsigned char)(1u << (cp % 8));
    char hx[4] = {digits[cp >> 12], digits[(cp >> 8) & 15], digits[(cp >> 4) & 15], digits[cp & 15]};
    buf_put(out, hx, 4);
    int a = glyph_advance(h, (unsigned)cp);
    if (a > 0) adv += a;
  }
  return adv;
}

int pdf_fonts_show(pdf_fonts *f, HPDF_Page page, int font, double size, double x, double y,
                   const char *text, size_t len) {
  if (!f->pdf || !face(f, font)) return -1;
  HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
  /* as libharu's BeginText, SetFontAndSize, TextOut, EndText, with TJ
   * instead of Tj for the kerning */
  buf b = BUF_INIT;
  buf_printf(&b, "BT\012/F%d ", page_slot(f, page, font));
  HPDF_Stream_Write(s, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
  HPDF_Stream_WriteReal(s, (HPDF_REAL)size);
  HPDF_Stream_WriteStr(s, " Tf\012");
  HPDF_Stream_WriteReal(s, (HPDF_REAL)x);
  HPDF_Stream_WriteStr(s, " ");
  HPDF_Stream_WriteReal(s, (HPDF_REAL)y);
  HPDF_Stream_WriteStr(s, " Td\012");
  buf_clear(&b);
  buf_puts(&b, "[<");
  hex_kerned(f, font, text, len, &b);
  if (b.len > 2) {
    buf_puts(&b, ">] TJ\012");
    HPDF_Stream_Write(s, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
  }
  HPDF_Stream_WriteStr(s, "ET\012");
  buf_free(&b);
  return 0;
}

int pdf_fonts_select(pdf_fonts *f, HPDF_Page page, int font, buf *out) {
  if (!f->pdf || !face(f, font)) return -1;
  buf_printf(out, "/F%d", page_slot(f, page, font));
  return 0;
}

double pdf_fonts_hex(pdf_fonts *f, int font, const char *text, size_t len, buf *out) {
  return hex_kerned(f, font, text, len, out);
}

double pdf_fonts_width(pdf_fonts *f, int font, const char *text, size_t len) {
  const hface *h = face(f, font);
  if (!h) return 0;
  const unsigned char *u = (const unsigned char *)text;
  double adv = 0;
  long prev = -1;
  for (size_t i = 0; i < len && u[i];) {
    long cp = utf8_cp(u, len, &i);
    if (cp < 0 || cp > 0xFFFF) continue;
    if (prev >= 0) adv += pdf_fonts_kern(f, font, (unsigned)prev, (unsigned)cp);
    prev = cp;
    int a = glyph_advance(h, (unsigned)cp);
    adv += a < 0 ? 600 : a;
  }
  return adv;
}

/* libharu 2.3.0 loads TrueType only from a file: write the subset to a
 * private temporary file, load it, and remove it at once. libharu keeps
 * the file open (its FILE stream) and reads the glyphs again when saving,
 * which works on an unlinked file. Returns libharu's font name or NULL. */
static const char *load_subset(pdf_fonts *f, const buf *data, int font, diag_list *d) {
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp) tmp = "/tmp";
  buf path = BUF_INIT;
  buf_printf(&path, "%s/concord-font-XXXXXX", tmp);
  int fd = mkstemp(path.data);
  if (fd < 0) {
    diag_error(d, NULL, 0, 0, "PDF: cannot create a temporary font file in %s (%s): set TMPDIR "
               "to a writable directory", tmp, strerror(errno));
    buf_free(&path);
    return NULL;
  }
  size_t done = 0;
  while (done < data->len) {
    ssize_t w = write(fd, data->data + done, data->len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += (size_t)w;
  }
  int werr = done < data->len ? (errno ? errno : EIO) : 0;
  if (close(fd) != 0 && !werr) werr = errno;
  const char *name = NULL;
  if (werr) {
    diag_error(d, NULL, 0, 0, "PDF: cannot write a temporary font file in %s (%s): is the disk "
               "full?", tmp, strerror(werr));
  } else {
    name = HPDF_LoadTTFontFromFile(f->pdf, buf_cstr(&path), HPDF_TRUE);
    if (!name)
      diag_error(d, NULL, 0, 0, "PDF: libharu could not load the subset of %s/%s (error 0x%04X)",
                 f->dir, font_files[font], (unsigned)HPDF_GetError(f->pdf));
  }
  unlink(buf_cstr(&path));
  buf_free(&path);
  return name;
}

/* libharu 2.3 puts its UTF-8 *encoding* CMap ("begincidrange <0000>
 * <FFFF> 0") under /ToUnicode, which is not a ToUnicode CMap: poppler warns
 * and falls back, other readers may not map the text back to Unicode at
 * all (copying, searching, screen readers). The codes libharu's UTF-8
 * encoder writes are the BMP code points themselves (CID = Unicode; the
 * CIDToGIDMap turns them into glyphs), so the right map is the identity:
 * written here over libharu's, one bfrange per high byte (a bfrange may
 * only vary its last byte), surrogates left out. */
static int write_to_unicode(HPDF_Font font) {
  HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
  if (!tu || !tu->stream) return -1;
  buf b = BUF_INIT;
  buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
               "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  unsigned hi[256];
  size_t n = 0;
  for (unsigned h = 0; h < 256; h++)
    if (h < 0xD8 || h > 0xDF) hi[n++] = h;
  for (size_t i = 0; i < n; i += 100) {
    size_t k = n - i < 100 ? n - i : 100;
    buf_printf(&b, "%zu beginbfrange\n", k);
    for (size_t j = i; j < i + k; j++)
      buf_printf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi[j], hi[j], hi[j]);
    buf_puts(&b, "endbfrange\n");
  }
  buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  HPDF_MemStream_FreeData(tu->stream);
  HPDF_STATUS rc = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
  buf_free(&b);
  return rc == HPDF_OK ? 0 : -1;
}

/* A TrueType subset of H for the N code points CPS, by HarfBuzz's
 * subsetter: .notdef, the glyphs of the code points and the components of
 * composite glyphs, renumbered densely, with subset cmap, hmtx, loca and
 * the tables libharu requires (hpdf_fontdef_tt.c REQUIRED_TAGS: hinting
 * and name too). The layout tables are dropped before the glyph closure,
 * so no ligature or alternate glyph is pulled in: the PDF applies no
 * substitutions, and kerning is already in the content stream. */
static int subset(const hface *h, const uint32_t *cps, size_t n, buf *out) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) return -1;
  hb_set_t *u = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n; i++) hb_set_add(u, cps[i]);
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  static const char drop_tags[][5] = {"GSUB", "GPOS", "GDEF", "kern", "BASE", "JSTF", "DSIG",
                                      "gasp", "hdmx", "LTSH", "VDMX", "PCLT", "meta", "FFTM"};
  for (size_t i = 0; i < sizeof drop_tags / sizeof *drop_tags; i++)
    hb_set_add(drop, HB_TAG(drop_tags[i][0], drop_tags[i][1], drop_tags[i][2], drop_tags[i][3]));
  hb_face_t *sub = hb_subset_or_fail(h->face, in);
  hb_subset_input_destroy(in);
  if (!sub) return -1;
  hb_blob_t *blob = hb_face_reference_blob(sub);
  unsigned len = 0;
  const char *data = hb_blob_get_data(blob, &len);
  int rc = data && len > 12 ? 0 : -1;
  if (rc == 0) buf_put(out, data, len);
  hb_blob_destroy(blob);
  hb_face_destroy(sub);
  return rc;
}

/* libharu 2.3 writes the CIDToGIDMap of a UTF-8 CID font for all 65536
 * codes: 128 KB per face, deflated on every save, nearly all of it zeros.
 * Only codes up to the highest one drawn (MAX) are ever used, so the map
 * is rewritten to stop there, with the glyph ids libharu itself computed
 * (HPDF_TTFontDef_GetGlyphid); a CID beyond the map is never drawn. */
static int trim_cid_map(HPDF_Font font, HPDF_FontDef def, unsigned max) {
  /* libharu keeps the descendant CIDFont's map on the Type0 font */
  HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
  if (!fa || !fa->map_stream || !fa->map_stream->stream) return -1;
  size_t n = (size_t)max + 1;
  unsigned char *m = xmalloc(2 * n);
  for (size_t cp = 0; cp < n; cp++) {
    HPDF_UINT16 g = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
    m[2 * cp] = (unsigned char)(g >> 8);
    m[2 * cp + 1] = (unsigned char)g;
  }
  HPDF_MemStream_FreeData(fa->map_stream->stream);
  HPDF_STATUS rc = HPDF_Stream_Write(fa->map_stream->stream, m, (HPDF_UINT)(2 * n));
  free(m);
  return rc == HPDF_OK ? 0 : -1;
}

int pdf_fonts_embed(pdf_fonts *f, diag_list *d) {
  if (!f->pdf) return 0;
  HPDF_Font fonts[LAYOUT_NFONTS] = {NULL};
  uint32_t *cps = xmalloc(65536 * sizeof *cps);
  int rc = 0;
  for (int i = 0; i < LAYOUT_NFONTS && rc == 0; i++) {
    if (!f->used[i]) continue;
    size_t n = 0;
    for (uint32_t cp = 0; cp < 65536; cp++)
      if (f->used[i][cp / 8] & (1u << (cp % 8))) cps[n++] = cp;
    /* libharu takes the descriptor's CapHeight and XHeight from H and x */
    cps[n++] = 'H';
    cps[n++] = 'x';
    buf ttf = BUF_INIT;
    const char *name = NULL;
    if (subset(f->face[i], cps, n, &ttf) == 0) name = load_subset(f, &ttf, i, d);
    else
      diag_error(d, NULL, 0, 0, "PDF: HarfBuzz could not subset the font %s/%s: reinstall the "
                 "Debian package fonts-liberation2", f->dir, font_files[i]);
    buf_free(&ttf);
    if (!name) {
      rc = -1;
      break;
    }
    /* Every glyph of the subset is wanted: libharu would drop components of
     * components (it flags one level of composites only). */
    HPDF_FontDef def = HPDF_GetFontDef(f->pdf, name);
    if (def && def->attr) {
      HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
      if (a->glyph_tbl.flgs) memset(a->glyph_tbl.flgs, 1, a->num_glyphs);
    }
    fonts[i] = HPDF_GetFont(f->pdf, name, "UTF-8");
    uint32_t max = 0;
    for (size_t k = 0; k < n; k++)
      if (cps[k] > max) max = cps[k];
    if (fonts[i] && def && trim_cid_map(fonts[i], def, max) != 0) {
      diag_error(d, NULL, 0, 0, "PDF: could not write the CIDToGIDMap of %s/%s (libharu 0x%04X)",
                 f->dir, font_files[i], (unsigned)HPDF_GetError(f->pdf));
      rc = -1;
      break;
    }
    if (fonts[i] && write_to_unicode(fonts[i]) != 0) {
      diag_error(d, NULL, 0, 0, "PDF: could not write the ToUnicode map of %s/%s (libharu 0x%04X)",
                 f->dir, font_files[i], (unsigned)HPDF_GetError(f->pdf));
      rc = -1;
      break;
    }
    if (!fonts[i]) {
      diag_error(d, NULL, 0, 0, "PDF: libharu could not set up the font %s/%s (error 0x%04X)",
                 f->dir, font_files[i], (unsigned)HPDF_GetError(f->pdf));
      rc = -1;
    }
  }
  free(cps);
  for (size_t p = 0; p < f->npages && rc == 0; p++) {
    const fpage *pg = &f->pages[p];
    for (int k = 0; k < pg->n && rc == 0; k++) {
      const char *key = HPDF_Page_GetLocalFontName(pg->page, fonts[pg->order[k]]);
      buf want = BUF_INIT;
      buf_printf(&want, "F%d", k + 1);
      if (!key || strcmp(key, buf_cstr(&want)) != 0) {
        diag_error(d, NULL, 0, 0, "PDF: internal error: page font %s was bound as %s",
                   buf_cstr(&want), key ? key : "(none)");
        rc = -1;
      }
      buf_free(&want);
    }
  }
  return rc;
}
