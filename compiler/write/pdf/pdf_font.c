/* pdf_font.c - font metrics, text drawing and subset embedding (see
 * pdf_font.h). */
#define _POSIX_C_SOURCE 200809L
#include "write/pdf/pdf_font.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/layout/layout_doc.h"
#include "write/pdf/ttf_subset.h"

#include <errno.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <pthread.h>
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
 * Parsed on first use under one lock (PDFs are written on several threads)
 * and never changed or freed afterwards. A face that fails keeps its
 * message, so every document that needs it reports it. */

static pthread_mutex_t faces_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  int state; /* 0 not tried, 1 parsed, -1 failed */
  ttf_font *font;
  char *error;
} faces[LAYOUT_NFONTS];

static const ttf_font *shared_face(const char *dir, int i, diag_list *d) {
  pthread_mutex_lock(&faces_lock);
  if (faces[i].state == 0) {
    buf p = BUF_INIT;
    buf_printf(&p, "%s/%s", dir, font_files[i]);
    diag_list local;
    diag_list_init(&local);
    faces[i].font = ttf_open(buf_cstr(&p), &local);
    faces[i].state = faces[i].font ? 1 : -1;
    if (!faces[i].font && local.count) {
      const char *m = local.items[0].message;
      faces[i].error = xmalloc(strlen(m) + 1);
      memcpy(faces[i].error, m, strlen(m) + 1);
    }
    diag_list_free(&local);
    buf_free(&p);
  }
  const ttf_font *f = faces[i].font;
  const char *err = faces[i].error;
  pthread_mutex_unlock(&faces_lock);
  if (!f) diag_error(d, NULL, 0, 0, "%s", err ? err : "PDF: a font could not be read");
  return f;
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
  const ttf_font *face[LAYOUT_NFONTS];
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

static const ttf_font *face(pdf_fonts *f, int font) {
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
  const ttf_font *t = face(f, font);
  if (!t) return -1;
  unsigned g = ttf_glyph(t, cp);
  if (g == 0 && cp != 0x20) return -1;
  return ttf_glyph_advance(t, g);
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

int pdf_fonts_show(pdf_fonts *f, HPDF_Page page, int font, double size, double x, double y,
                   const char *text, size_t len) {
  if (!f->pdf || !face(f, font)) return -1;
  if (!f->used[font]) f->used[font] = xcalloc(65536 / 8, 1);
  unsigned char *used = f->used[font];
  HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
  /* as libharu's BeginText, SetFontAndSize, TextOut (ShowText), EndText */
  buf name = BUF_INIT;
  buf_printf(&name, "/F%d", page_slot(f, page, font));
  HPDF_Stream_WriteStr(s, "BT\012");
  HPDF_Stream_WriteStr(s, buf_cstr(&name));
  buf_free(&name);
  HPDF_Stream_WriteStr(s, " ");
  HPDF_Stream_WriteReal(s, (HPDF_REAL)size);
  HPDF_Stream_WriteStr(s, " Tf\012");
  HPDF_Stream_WriteReal(s, (HPDF_REAL)x);
  HPDF_Stream_WriteStr(s, " ");
  HPDF_Stream_WriteReal(s, (HPDF_REAL)y);
  HPDF_Stream_WriteStr(s, " Td\012");
  buf hex = BUF_INIT;
  static const char digits[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)text;
  for (size_t i = 0; i < len && u[i];) {
    long cp = utf8_cp(u, len, &i);
    if (cp < 0 || cp > 0xFFFF) continue;
    used[cp / 8] |= (unsigned char)(1u << (cp % 8));
    char h[4] = {digits[cp >> 12], digits[(cp >> 8) & 15], digits[(cp >> 4) & 15], digits[cp & 15]};
    buf_put(&hex, h, 4);
  }
  if (hex.len) {
    HPDF_Stream_WriteStr(s, "<");
    HPDF_Stream_Write(s, (const HPDF_BYTE *)hex.data, (HPDF_UINT)hex.len);
    HPDF_Stream_WriteStr(s, "> Tj\012");
  }
  buf_free(&hex);
  HPDF_Stream_WriteStr(s, "ET\012");
  return 0;
}

int pdf_fonts_select(pdf_fonts *f, HPDF_Page page, int font, buf *out) {
  if (!f->pdf || !face(f, font)) return -1;
  buf_printf(out, "/F%d", page_slot(f, page, font));
  return 0;
}

double pdf_fonts_hex(pdf_fonts *f, int font, const char *text, size_t len, buf *out) {
  if (!face(f, font)) return 0;
  if (!f->used[font]) f->used[font] = xcalloc(65536 / 8, 1);
  unsigned char *used = f->used[font];
  static const char digits[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)text;
  double adv = 0;
  for (size_t i = 0; i < len && u[i];) {
    long cp = utf8_cp(u, len, &i);
    if (cp < 0 || cp > 0xFFFF) continue;
    used[cp / 8] |= (unsigned char)(1u << (cp % 8));
    char h[4] = {digits[cp >> 12], digits[(cp >> 8) & 15], digits[(cp >> 4) & 15], digits[cp & 15]};
    buf_put(out, h, 4);
    int a = pdf_fonts_advance(f, font, (unsigned)cp);
    if (a > 0) adv += a;
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
    if (ttf_subset(f->face[i], cps, n, &ttf, d) == 0) name = load_subset(f, &ttf, i, d);
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
