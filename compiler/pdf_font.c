/* pdf_font.c - font loading and metrics (see pdf_font.h). */
#define _POSIX_C_SOURCE 200809L
#include "pdf_font.h"
#include "arena.h"
#include "buf.h"
#include "layout_doc.h"

#include <hpdf_fontdef.h>
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

#define WIDTH_UNKNOWN INT16_MIN

struct pdf_fonts {
  HPDF_Doc pdf;
  const char *dir;
  const char *name[LAYOUT_NFONTS]; /* libharu's name once loaded */
  HPDF_FontDef def[LAYOUT_NFONTS];
  HPDF_Font font[LAYOUT_NFONTS];
  int16_t *width[LAYOUT_NFONTS];   /* 65536 entries, WIDTH_UNKNOWN until asked */
  char path[LAYOUT_NFONTS][256];
};

pdf_fonts *pdf_fonts_new(HPDF_Doc pdf, diag_list *d) {
  const char *dir = NULL;
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
  return f;
}

void pdf_fonts_free(pdf_fonts *f) {
  if (!f) return;
  for (int i = 0; i < LAYOUT_NFONTS; i++) free(f->width[i]);
  free(f);
}

const char *pdf_fonts_dir(const pdf_fonts *f) { return f->dir; }

static int load(pdf_fonts *f, int font) {
  if (font < 0 || font >= LAYOUT_NFONTS) return -1;
  if (f->def[font]) return 0;
  buf p = BUF_INIT;
  buf_printf(&p, "%s/%s", f->dir, font_files[font]);
  size_t n = p.len < sizeof f->path[font] - 1 ? p.len : sizeof f->path[font] - 1;
  memcpy(f->path[font], buf_cstr(&p), n);
  f->path[font][n] = '\0';
  buf_free(&p);
  const char *name = HPDF_LoadTTFontFromFile(f->pdf, f->path[font], HPDF_TRUE);
  if (!name) return -1;
  f->name[font] = name;
  f->def[font] = HPDF_GetFontDef(f->pdf, name);
  if (!f->def[font]) return -1;
  f->width[font] = xmalloc(65536 * sizeof(int16_t));
  for (size_t i = 0; i < 65536; i++) f->width[font][i] = WIDTH_UNKNOWN;
  return 0;
}

int pdf_fonts_advance(void *fonts, int font, unsigned cp) {
  pdf_fonts *f = fonts;
  if (cp > 0xFFFF) return -1; /* libharu's UTF-8 encoder drops non-BMP text */
  if (load(f, font) != 0) return -1;
  int16_t *w = &f->width[font][cp];
  if (*w == WIDTH_UNKNOWN) {
    if (cp != 0x20 && HPDF_TTFontDef_GetGlyphid(f->def[font], (HPDF_UINT16)cp) == 0) *w = -1;
    else *w = HPDF_TTFontDef_GetCharWidth(f->def[font], (HPDF_UINT16)cp);
  }
  return *w;
}

HPDF_Font pdf_fonts_get(pdf_fonts *f, int font) {
  if (load(f, font) != 0) return NULL;
  if (!f->font[font]) f->font[font] = HPDF_GetFont(f->pdf, f->name[font], "UTF-8");
  return f->font[font];
}
