/* pdf_font.c - font metrics, text drawing and subset embedding (see
 * pdf_font.h). */
#define _POSIX_C_SOURCE 200809L
#include "write/pdf/pdf_font.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/layout/layout_doc.h"
#include "write/pdf/pdf_num.h"
#include "write/pdf/pdf_mem.h"

#include <harfbuzz/hb-subset.h>
#include <harfbuzz/hb.h>
#include <harfbuzz/hb-ot.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
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

/* ---- faces, shared by every document of a build ------------------------
 * A pdf_faces is made by its owner (the build: the PDF writer's state, or
 * the session concord watch keeps between saves) and handed to every
 * pdf_fonts. A face is loaded into HarfBuzz on first use under the
 * faces' lock (PDFs are written on several threads) and never changed or
 * freed until the faces are: an immutable hb_font_t may be shaped with
 * from any thread. A face that fails keeps its message, so every document
 * that needs it reports it.
 *
 * Advances are tabulated at load for the code points body text uses
 * (ADV_N), in 1/1000 em exactly as libharu writes its /W widths
 * (advance * 1000 / unitsPerEm, integer), so what layout measures is what
 * the PDF viewer draws. Kerning comes from HarfBuzz shaping the pair
 * (GPOS, else the kern table) and is cached per pair in KERN_N x KERN_N
 * atomics, filled lazily: two threads computing the same pair store the
 * same value, so relaxed loads and stores are enough. The table is
 * sparse, one row of KERN_N per first character, made on the row's first
 * use: the whole table was 401 KB per face, and zeroing it (calloc's
 * page faults) was a sixth of the page faults of a build that meets a
 * few hundred pairs. A row is published with a compare-and-swap; a
 * thread that loses the race frees its own and uses the winner's. */

#define ADV_N 0x2100
#define KERN_N 448 /* U+0000-017F and U+2000-203F */
/* a cache slot holds kerning + KERN_BIAS; 0 (calloc) is "not computed", so
 * only the pages of the pairs a build meets are ever touched */
#define KERN_BIAS 0x4000

typedef struct hface {
  hb_blob_t *blob;
  hb_face_t *face;
  hb_font_t *font;
  hb_shape_plan_t *plan;         /* shape_pair's, made with the face */
  hb_segment_properties_t props; /* its buffers': LTR, Latin, English */
  unsigned upem;
  _Atomic short adv[ADV_N]; /* advance + 1 (1000/em), 0 until looked up; -1 + 1: no glyph */
  /* rows of KERN_N: kerning + KERN_BIAS, 0 until computed; NULL until a
   * pair of the row is first asked for */
  _Atomic short *_Atomic kern[KERN_N];
  /* the FontDescriptor's entries, in 1/1000 em */
  char psname[64];
  int ascent, descent, cap, xheight, bbox[4], italic, stemv, flags;
} hface;

struct pdf_faces {
  pthread_mutex_t lock;
  struct {
    int state; /* 0 not tried, 1 loaded, -1 failed */
    hface *face;
    char *error;
  } f[LAYOUT_NFONTS];
  size_t loaded; /* faces read from their files (pdf_faces_loaded) */
};

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* HarfBuzz never crashes on a bad font, but it silently reads a damaged
 * table as empty, which would print a document of empty boxes: check the
 * table directory and the tables the PDF and layout need first. NULL if
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

static int table_i16(hb_face_t *face, hb_tag_t tag, unsigned at, int *v) {
  hb_blob_t *b = hb_face_reference_table(face, tag);
  unsigned len = 0;
  const unsigned char *d = (const unsigned char *)hb_blob_get_data(b, &len);
  int ok = d && at + 2 <= len;
  if (ok) *v = (int)(int16_t)be16(d + at);
  hb_blob_destroy(b);
  return ok;
}

/* What the FontDescriptor says about face I (index as font_files). */
static void describe(hface *f, int i, const char *file) {
  long u = (long)f->upem;
  hb_position_t v = 0;
  f->ascent = hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v)
                  ? (int)(v * 1000 / u) : 800;
  f->descent = hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v)
                   ? (int)(v * 1000 / u) : -200;
  f->cap = hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v) && v > 0
               ? (int)(v * 1000 / u) : 700;
  f->xheight = hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_X_HEIGHT, &v) && v > 0
                   ? (int)(v * 1000 / u) : 500;
  for (int k = 0; k < 4; k++) {
    int b = 0;
    f->bbox[k] = table_i16(f->face, HB_TAG('h', 'e', 'a', 'd'), 36 + 2 * (unsigned)k, &b)
                     ? (int)((long)b * 1000 / u) : (k < 2 ? -500 : 1500);
  }
  int ia = 0; /* post.italicAngle, 16.16: the integer part */
  f->italic = table_i16(f->face, HB_TAG('p', 'o', 's', 't'), 4, &ia) ? ia : 0;
  int weight = 400;
  if (!table_i16(f->face, HB_TAG('O', 'S', '/', '2'), 4, &weight) || weight < 1) weight = 400;
  f->stemv = 50 + weight * weight / (65 * 65); /* the usual estimate from the weight class */
  /* FixedPitch 1, Serif 2, Nonsymbolic 32, Italic 64, ForceBold 1 << 18 */
  f->flags = 32 | (i / 4 == 2 ? 1 : 0) | (i / 4 == 0 ? 2 : 0) | (i & 2 ? 64 : 0) |
             (i & 1 ? 1 << 18 : 0);
  /* the PostScript name, as a PDF name may hold it; else the file's */
  char nm[64];
  unsigned len = sizeof nm;
  if (!hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, nm))
    nm[0] = 0;
  size_t k = 0;
  for (const char *p = nm; *p && k + 1 < sizeof f->psname; p++)
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
        *p == '-')
      f->psname[k++] = *p;
  for (const char *p = file; !k && *p && *p != '.' && k + 1 < sizeof f->psname; p++)
    f->psname[k++] = *p;
  f->psname[k] = 0;
}

/* Shaping a pair for its kerning (shape_pair): kerning on, ligatures and
 * other substitutions off. */
static const hb_feature_t pair_feats[] = {
    {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1}, {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    {HB_TAG('d', 'l', 'i', 'g'), 0, 0, (unsigned)-1}, {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
    {HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1},
};
#define PAIR_NFEATS (sizeof pair_feats / sizeof *pair_feats)

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
  /* the plan hb_shape would find in the face's cache for every pair:
   * made once, executed from any thread (a plan is immutable) */
  f->props = (hb_segment_properties_t)HB_SEGMENT_PROPERTIES_DEFAULT;
  f->props.direction = HB_DIRECTION_LTR;
  f->props.script = HB_SCRIPT_LATIN;
  f->props.language = hb_language_from_string("en", 2);
  f->plan = hb_shape_plan_create_cached(hf, &f->props, pair_feats, PAIR_NFEATS, NULL);
  /* all-bits-zero is a valid 0 for a lock-free atomic short and a NULL
   * atomic pointer (gcc, clang): the advances and the kerning are looked
   * up on first use */
  return f;
}

pdf_faces *pdf_faces_new(void) {
  pdf_faces *fs = xcalloc(1, sizeof *fs);
  pthread_mutex_init(&fs->lock, NULL);
  return fs;
}

void pdf_faces_free(pdf_faces *fs) {
  if (!fs) return;
  for (int i = 0; i < LAYOUT_NFONTS; i++) {
    hface *h = fs->f[i].face;
    if (h) {
      hb_shape_plan_destroy(h->plan);
      hb_font_destroy(h->font);
      hb_face_destroy(h->face);
      hb_blob_destroy(h->blob);
      for (int r = 0; r < KERN_N; r++) free((void *)atomic_load(&h->kern[r]));
      free(h);
    }
    free(fs->f[i].error);
  }
  pthread_mutex_destroy(&fs->lock);
  free(fs);
}

size_t pdf_faces_loaded(pdf_faces *fs) {
  pthread_mutex_lock(&fs->lock);
  size_t n = fs->loaded;
  pthread_mutex_unlock(&fs->lock);
  return n;
}

/* Face I of FS, loaded from DIR on first use (FS's faces all come from the
 * first DIR asked: one font folder per process, pdf_fonts_new). */
static const hface *shared_face(pdf_faces *fs, const char *dir, int i, diag_list *d) {
  pthread_mutex_lock(&fs->lock);
  if (fs->f[i].state == 0) {
    fs->loaded++;
    buf p = BUF_INIT;
    buf_printf(&p, "%s/%s", dir, font_files[i]);
    const char *why = NULL;
    fs->f[i].face = face_load(buf_cstr(&p), &why);
    if (fs->f[i].face) describe(fs->f[i].face, i, font_files[i]);
    fs->f[i].state = fs->f[i].face ? 1 : -1;
    if (!fs->f[i].face) {
      buf m = BUF_INIT;
      if (strcmp(why, "cannot read it") == 0)
        buf_printf(&m, "PDF: cannot read the font %s: reinstall the Debian package "
                   "fonts-liberation2", buf_cstr(&p));
      else
        buf_printf(&m, "PDF: the font %s is damaged (%s): reinstall the Debian package "
                   "fonts-liberation2", buf_cstr(&p), why);
      fs->f[i].error = xmalloc(m.len + 1);
      memcpy(fs->f[i].error, buf_cstr(&m), m.len + 1);
      buf_free(&m);
    }
    buf_free(&p);
  }
  const hface *f = fs->f[i].face;
  const char *err = fs->f[i].error;
  pthread_mutex_unlock(&fs->lock);
  if (!f) diag_error(d, NULL, 0, 0, "%s", err ? err : "PDF: a font could not be read");
  return f;
}

/* CP's advance in 1/1000 em, or -1 if the font has no glyph for it. The
 * common characters' advances are remembered in the shared face as they
 * are first asked for: filling the table for all 8,448 of them when a
 * face was loaded took longer than laying out a council, and held the
 * faces' lock meanwhile. Threads that race store the same value. */
static int glyph_advance_first(const hface *h, unsigned cp) {
  hb_codepoint_t g = 0;
  int a = -1;
  if (hb_font_get_nominal_glyph(h->font, cp, &g) && (g != 0 || cp == 0x20))
    a = (int)((long)hb_font_get_glyph_h_advance(h->font, g) * 1000 / (long)h->upem);
  if (cp < ADV_N)
    atomic_store_explicit((_Atomic short *)&h->adv[cp], (short)(a + 1), memory_order_relaxed);
  return a;
}

/* the remembered advance inline: asked for every character */
static inline int glyph_advance(const hface *h, unsigned cp) {
  if (cp < ADV_N) {
    short known = atomic_load_explicit((_Atomic short *)&h->adv[cp], memory_order_relaxed);
    if (known) return known - 1;
  }
  return glyph_advance_first(h, cp);
}

static int kern_slot(unsigned cp) {
  if (cp < 0x180) return (int)cp;
  if (cp >= 0x2000 && cp < 0x2040) return (int)(0x180 + cp - 0x2000);
  return -1;
}

/* The kerning of the pair A B in 1/1000 em (negative: closer): HarfBuzz
 * shapes the two characters with kerning on and ligatures and other
 * substitutions off, and the change to the first glyph's advance is the
 * pair's kerning. 0 if shaping substituted anything. HB is the calling
 * document's buffer, reused: what hb_shape does, without creating a
 * buffer and looking the plan up in the face's cache for every pair
 * (half of the cost of a pair). */
static int shape_pair(const hface *h, hb_buffer_t *hb, unsigned a, unsigned b) {
  hb_codepoint_t ga = 0, gb = 0;
  if (!hb_font_get_nominal_glyph(h->font, a, &ga) || !hb_font_get_nominal_glyph(h->font, b, &gb))
    return 0;
  hb_buffer_clear_contents(hb);
  hb_codepoint_t cps[2] = {a, b};
  hb_buffer_add_codepoints(hb, cps, 2, 0, 2);
  hb_buffer_set_segment_properties(hb, &h->props);
  if (!hb_shape_plan_execute(h->plan, h->font, hb, pair_feats, PAIR_NFEATS)) return 0;
  unsigned n = 0;
  const hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(hb, &n);
  const hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(hb, NULL);
  int k = 0;
  if (n == 2 && gi[0].codepoint == ga && gi[1].codepoint == gb) {
    long d = (long)gp[0].x_advance - hb_font_get_glyph_h_advance(h->font, ga);
    k = (int)lround((double)d * 1000.0 / h->upem);
  }
  return k;
}

/* The row of first character slot SA, made on its first use. */
static _Atomic short *kern_row(const hface *h, int sa) {
  _Atomic short *_Atomic *rp = (_Atomic short *_Atomic *)&h->kern[sa];
  _Atomic short *row = atomic_load_explicit(rp, memory_order_acquire);
  if (row) return row;
  _Atomic short *mine = xcalloc(KERN_N, sizeof *mine);
  _Atomic short *none = NULL;
  if (atomic_compare_exchange_strong_explicit(rp, &none, mine, memory_order_acq_rel,
                                              memory_order_acquire))
    return mine;
  free((void *)mine);
  return none; /* the row another thread published first */
}

/* The kerning of A B in face H (HB: the document's shaping buffer, made
 * when first needed), from the cache when it knows the pair. Called for
 * every character laid out or drawn: the common case is inline. */
static inline int face_kern(const hface *h, hb_buffer_t **hb, unsigned a, unsigned b) {
  int sa = kern_slot(a), sb = kern_slot(b);
  _Atomic short *c = NULL;
  if (sa >= 0 && sb >= 0) {
    c = &kern_row(h, sa)[sb];
    int k = atomic_load_explicit(c, memory_order_relaxed);
    if (k) return k - KERN_BIAS;
  }
  if (!*hb) *hb = hb_buffer_create();
  int k = shape_pair(h, *hb, a, b);
  if (c && k > -KERN_BIAS && k < KERN_BIAS)
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
  pdf_faces *faces;
  pdf_faces *own_faces; /* made by pdf_fonts_new when given none */
  const hface *face[LAYOUT_NFONTS];
  int failed[LAYOUT_NFONTS];     /* the face could not be read (reported once) */
  unsigned char *used[LAYOUT_NFONTS]; /* 65536-bit sets of code points drawn */
  fpage *pages;
  size_t npages, cappages, last;
  buf show; /* pdf_fonts_show's text object, reused */
  hb_buffer_t *pair; /* shape_pair's buffer, made on first use */
};

pdf_fonts *pdf_fonts_new(HPDF_Doc pdf, pdf_faces *faces, diag_list *d) {
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
  f->faces = faces ? faces : (f->own_faces = pdf_faces_new());
  return f;
}

void pdf_fonts_free(pdf_fonts *f) {
  if (!f) return;
  for (int i = 0; i < LAYOUT_NFONTS; i++) free(f->used[i]);
  free(f->pages);
  pdf_faces_free(f->own_faces);
  buf_free(&f->show);
  hb_buffer_destroy(f->pair);
  free(f);
}

const char *pdf_fonts_dir(const pdf_fonts *f) { return f->dir; }

static const hface *face_first(pdf_fonts *f, int font) {
  if (font < 0 || font >= LAYOUT_NFONTS || f->failed[font]) return NULL;
  if (!f->face[font]) {
    f->face[font] = shared_face(f->faces, f->dir, font, f->d);
    if (!f->face[font]) f->failed[font] = 1;
  }
  return f->face[font];
}

/* Face FONT of the document: asked for every character, so the face
 * already loaded is found inline. */
static inline const hface *face(pdf_fonts *f, int font) {
  if ((unsigned)font < LAYOUT_NFONTS && f->face[font]) return f->face[font];
  return face_first(f, font);
}

/* The kerning of A B in face H of F, as pdf_fonts_kern. */
static inline int kern_in(pdf_fonts *f, const hface *h, unsigned a, unsigned b) {
  if (a > 0xFFFF || b > 0xFFFF || a == ' ' || b == ' ') return 0;
  return face_kern(h, &f->pair, a, b);
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
  return h ? kern_in(f, h, a, b) : 0;
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
 * first use, which is the order pdf_fonts_embed adds the fonts to the
 * page's resources in, so libharu names them /F1, /F2, ... exactly as
 * written here. */
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
      int k = kern_in(f, h, (unsigned)prev, (unsigned)cp);
      /* a TJ number moves the next glyph left by number/1000 em */
      if (k) {
        buf_putc(out, '>');
        pdf_num_int(out, -k);
        buf_putc(out, '<');
      }
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

/* A number as libharu's HPDF_Stream_WriteReal writes it. */
static void put_real(buf *b, double v) { pdf_num_real_buf(b, (HPDF_REAL)v); }

int pdf_fonts_show(pdf_fonts *f, HPDF_Page page, int font, double size, double x, double y,
                   const char *text, size_t len) {
  if (!f->pdf || !face(f, font)) return -1;
  HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
  /* as libharu's BeginText, SetFontAndSize, TextOut, EndText, with TJ
   * instead of Tj for the kerning: the same bytes, built here and
   * written to the page in one piece (the matrix PDF draws every word
   * this way; eight writes a word were a tenth of its drawing) */
  buf *b = &f->show;
  buf_clear(b);
  buf_puts(b, "BT\012/F");
  pdf_num_int(b, page_slot(f, page, font));
  buf_putc(b, ' ');
  put_real(b, size);
  buf_puts(b, " Tf\012");
  put_real(b, x);
  buf_putc(b, ' ');
  put_real(b, y);
  buf_puts(b, " Td\012");
  size_t tj = b->len;
  buf_puts(b, "[<");
  hex_kerned(f, font, text, len, b);
  if (b->len > tj + 2) buf_puts(b, ">] TJ\012");
  else b->len = tj; /* nothing to show */
  buf_puts(b, "ET\012");
  HPDF_Stream_Write(s, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len);
  return 0;
}

int pdf_fonts_select(pdf_fonts *f, HPDF_Page page, int font, buf *out) {
  if (!f->pdf || !face(f, font)) return -1;
  buf_puts(out, "/F");
  pdf_num_int(out, page_slot(f, page, font));
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
    if (prev >= 0) adv += kern_in(f, h, (unsigned)prev, (unsigned)cp);
    prev = cp;
    int a = glyph_advance(h, (unsigned)cp);
    adv += a < 0 ? 600 : a;
  }
  return adv;
}

/* A TrueType subset of H for the N code points CPS, by HarfBuzz's
 * subsetter: .notdef, the glyphs of the code points and the components of
 * composite glyphs, renumbered densely, with subset cmap, hmtx, loca and
 * name tables. Hinting is dropped: a quarter to a third of the bytes, and
 * poppler renders the same pixels without it (docs/pdf-output.md). The
 * layout tables are dropped before the glyph closure,
 * so no ligature or alternate glyph is pulled in: the PDF applies no
 * substitutions, and kerning is already in the content stream. */
static hb_face_t *subset(const hface *h, const uint32_t *cps, size_t n) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) return NULL;
  hb_set_t *u = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n; i++) hb_set_add(u, cps[i]);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  static const char drop_tags[][5] = {"GSUB", "GPOS", "GDEF", "kern", "BASE", "JSTF", "DSIG",
                                      "gasp", "hdmx", "LTSH", "VDMX", "PCLT", "meta", "FFTM"};
  for (size_t i = 0; i < sizeof drop_tags / sizeof *drop_tags; i++)
    hb_set_add(drop, HB_TAG(drop_tags[i][0], drop_tags[i][1], drop_tags[i][2], drop_tags[i][3]));
  hb_face_t *sub = hb_subset_or_fail(h->face, in);
  hb_subset_input_destroy(in);
  return sub;
}

/* ---- the font objects ---------------------------------------------------
 * Built here with libharu's object API rather than by libharu's TrueType
 * loader, which could only read a file (so the subset went through a
 * temporary file), parsed the subset again, set up a UTF-8 CID font by
 * looking up all 65536 code points in the cmap, rewrote the font file on
 * saving and put its encoding CMap where the ToUnicode map belongs: 39%
 * of the PDF writer's instructions (docs/pdf-output.md). What is
 * written is the same kind of font:
 *
 *   Type0 /Encoding /Identity-H  /ToUnicode (codes -> Unicode)
 *     CIDFontType2 /CIDToGIDMap (code -> subset glyph) /W (widths)
 *       FontDescriptor /FontFile2 (the hb-subset TrueType bytes)
 *
 * The codes in the content streams stay the BMP code points (pdf_fonts_hex),
 * so the ToUnicode map is the identity and the CIDToGIDMap turns a code
 * into the subset's glyph; it stops at the highest code drawn. */

static int add_name(HPDF_Dict d, const char *k, const char *v) {
  return HPDF_Dict_AddName(d, k, v) == HPDF_OK ? 0 : -1;
}

static int add_int(HPDF_Dict d, const char *k, long v) {
  return HPDF_Dict_AddNumber(d, k, (HPDF_INT32)v) == HPDF_OK ? 0 : -1;
}

/* A stream object (deflated) holding LEN bytes of DATA. */
static HPDF_Dict stream_obj(HPDF_Doc pdf, const void *data, size_t len) {
  HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
  if (!s) return NULL;
  s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  pdf_mem_buffer_stream(pdf, s->stream); /* deflated from there */
  if (HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK) return NULL;
  return s;
}

/* The subset tag: six capital letters from the face and its code points,
 * so that two different subsets of one face in a PDF never share a name
 * (PDF 32000-1, 9.6.4) and the same subset always gets the same one. */
static void subset_tag(int font, const uint32_t *cps, size_t n, char tag[7]) {
  uint64_t h = 1469598103934665603ull ^ (uint64_t)font;
  for (size_t i = 0; i < n; i++) h = (h ^ cps[i]) * 1099511628211ull;
  for (int i = 0; i < 6; i++) {
    tag[i] = (char)('A' + h % 26);
    h /= 26;
  }
  tag[6] = 0;
}

/* ToUnicode: each code is its own code point. One bfrange per high byte
 * drawn (a bfrange may only vary its last byte). */
static HPDF_Dict to_unicode(HPDF_Doc pdf, const uint32_t *cps, size_t n) {
  buf b = BUF_INIT;
  buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
               "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  unsigned hi[256];
  size_t nh = 0;
  for (size_t i = 0; i < n; i++)
    if (cps[i] <= 0xFFFF && (nh == 0 || hi[nh - 1] != cps[i] >> 8)) hi[nh++] = cps[i] >> 8;
  for (size_t i = 0; i < nh; i += 100) {
    size_t k = nh - i < 100 ? nh - i : 100;
    buf_printf(&b, "%zu beginbfrange\n", k);
    for (size_t j = i; j < i + k; j++)
      buf_printf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi[j], hi[j], hi[j]);
    buf_puts(&b, "endbfrange\n");
  }
  buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  HPDF_Dict s = stream_obj(pdf, b.data, b.len);
  buf_free(&b);
  return s;
}

/* The Type0 font of face FONT for the N sorted code points CPS, with the
 * subset SUB embedded; NULL if libharu fails (its error is recorded). */
static HPDF_Dict font_objects(pdf_fonts *f, int font, const uint32_t *cps, size_t n,
                              hb_face_t *sub) {
  HPDF_Doc pdf = f->pdf;
  const hface *h = f->face[font];
  char tag[7];
  subset_tag(font, cps, n, tag);
  buf name = BUF_INIT;
  buf_printf(&name, "%s+%s", tag, h->psname);
  HPDF_Dict type0 = NULL;

  /* the font file */
  hb_blob_t *blob = hb_face_reference_blob(sub);
  unsigned len = 0;
  const char *data = hb_blob_get_data(blob, &len);
  HPDF_Dict file = data && len > 12 ? stream_obj(pdf, data, len) : NULL;
  hb_blob_destroy(blob);
  if (!file || add_int(file, "Length1", (long)len)) goto done;

  HPDF_Dict desc = HPDF_Dict_New(pdf->mmgr);
  HPDF_Array bbox = HPDF_Array_New(pdf->mmgr);
  if (!desc || !bbox || HPDF_Xref_Add(pdf->xref, desc) != HPDF_OK) goto done;
  for (int i = 0; i < 4; i++) HPDF_Array_AddNumber(bbox, h->bbox[i]);
  if (add_name(desc, "Type", "FontDescriptor") || add_name(desc, "FontName", buf_cstr(&name)) ||
      add_int(desc, "Flags", h->flags) || HPDF_Dict_Add(desc, "FontBBox", bbox) != HPDF_OK ||
      add_int(desc, "ItalicAngle", h->italic) || add_int(desc, "Ascent", h->ascent) ||
      add_int(desc, "Descent", h->descent) || add_int(desc, "CapHeight", h->cap) ||
      add_int(desc, "XHeight", h->xheight) || add_int(desc, "StemV", h->stemv) ||
      HPDF_Dict_Add(desc, "FontFile2", file) != HPDF_OK)
    goto done;

  /* code -> subset glyph, up to the highest code drawn; and the widths,
   * one [w ...] per run of consecutive codes */
  hb_font_t *sf = hb_font_create(sub);
  uint32_t max = n ? cps[n - 1] : 0;
  unsigned char *map = xcalloc((size_t)max + 1, 2);
  HPDF_Array w = HPDF_Array_New(pdf->mmgr);
  HPDF_Array run = NULL;
  for (size_t i = 0; w && i < n; i++) {
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(sf, cps[i], &g)) g = 0;
    map[2 * cps[i]] = (unsigned char)(g >> 8);
    map[2 * cps[i] + 1] = (unsigned char)g;
    int a = glyph_advance(h, cps[i]);
    if (!run || cps[i] != cps[i - 1] + 1) {
      run = HPDF_Array_New(pdf->mmgr);
      if (!run || HPDF_Array_AddNumber(w, (HPDF_INT32)cps[i]) != HPDF_OK ||
          HPDF_Array_Add(w, run) != HPDF_OK) {
        w = NULL;
        break;
      }
    }
    HPDF_Array_AddNumber(run, a < 0 ? 0 : a);
  }
  hb_font_destroy(sf);
  HPDF_Dict gidmap = stream_obj(pdf, map, 2 * ((size_t)max + 1));
  free(map);

  HPDF_Dict cid = HPDF_Dict_New(pdf->mmgr);
  HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
  if (!w || !gidmap || !cid || !info || HPDF_Xref_Add(pdf->xref, cid) != HPDF_OK) goto done;
  if (HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL)) != HPDF_OK ||
      HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL)) != HPDF_OK ||
      add_int(info, "Supplement", 0))
    goto done;
  if (add_name(cid, "Type", "Font") || add_name(cid, "Subtype", "CIDFontType2") ||
      add_name(cid, "BaseFont", buf_cstr(&name)) ||
      HPDF_Dict_Add(cid, "CIDSystemInfo", info) != HPDF_OK ||
      HPDF_Dict_Add(cid, "FontDescriptor", desc) != HPDF_OK || add_int(cid, "DW", 1000) ||
      HPDF_Dict_Add(cid, "W", w) != HPDF_OK || HPDF_Dict_Add(cid, "CIDToGIDMap", gidmap) != HPDF_OK)
    goto done;

  HPDF_Dict tu = to_unicode(pdf, cps, n);
  HPDF_Array desc_fonts = HPDF_Array_New(pdf->mmgr);
  HPDF_Dict t0 = HPDF_Dict_New(pdf->mmgr);
  if (!tu || !desc_fonts || !t0 || HPDF_Xref_Add(pdf->xref, t0) != HPDF_OK ||
      HPDF_Array_Add(desc_fonts, cid) != HPDF_OK)
    goto done;
  if (add_name(t0, "Type", "Font") || add_name(t0, "Subtype", "Type0") ||
      add_name(t0, "BaseFont", buf_cstr(&name)) || add_name(t0, "Encoding", "Identity-H") ||
      HPDF_Dict_Add(t0, "DescendantFonts", desc_fonts) != HPDF_OK ||
      HPDF_Dict_Add(t0, "ToUnicode", tu) != HPDF_OK)
    goto done;
  type0 = t0;
done:
  buf_free(&name);
  return type0;
}

int pdf_fonts_embed(pdf_fonts *f, diag_list *d) {
  if (!f->pdf) return 0;
  HPDF_Dict fonts[LAYOUT_NFONTS] = {NULL};
  uint32_t *cps = xmalloc(65536 * sizeof *cps);
  int rc = 0;
  for (int i = 0; i < LAYOUT_NFONTS && rc == 0; i++) {
    if (!f->used[i]) continue;
    size_t n = 0;
    for (uint32_t b = 0; b < 65536 / 8; b++)
      for (uint32_t k = 0; f->used[i][b] && k < 8; k++)
        if (f->used[i][b] & (1u << k)) cps[n++] = b * 8 + k;
    hb_face_t *sub = subset(f->face[i], cps, n);
    if (!sub) {
      diag_error(d, NULL, 0, 0, "PDF: HarfBuzz could not subset the font %s/%s: reinstall the "
                 "Debian package fonts-liberation2", f->dir, font_files[i]);
      rc = -1;
      break;
    }
    fonts[i] = font_objects(f, i, cps, n, sub);
    hb_face_destroy(sub);
    if (!fonts[i]) {
      diag_error(d, NULL, 0, 0, "PDF: libharu could not write the font objects of %s/%s "
                 "(error 0x%04X)", f->dir, font_files[i], (unsigned)HPDF_GetError(f->pdf));
      rc = -1;
    }
  }
  free(cps);
  /* each page's /Font resources, in the order pdf_fonts_select named them */
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
