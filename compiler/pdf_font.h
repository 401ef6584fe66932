/* pdf_font.h - the PDF writer's fonts: Liberation Serif/Sans/Mono
 * (fonts-liberation2) embedded as UTF-8 TrueType through libharu.
 *
 * Fonts are loaded when first measured and become PDF font objects only
 * when first drawn, so a document embeds only the faces it uses. Widths
 * come from the font's own tables (HPDF_TTFontDef_GetCharWidth), cached
 * per code point.
 */
#ifndef CONCORD_PDF_FONT_H
#define CONCORD_PDF_FONT_H

#include <hpdf.h>

#include "diag.h"

typedef struct pdf_fonts pdf_fonts;

/* Returns NULL (+ error in D) when a font file cannot be found. */
pdf_fonts *pdf_fonts_new(HPDF_Doc pdf, diag_list *d);
void pdf_fonts_free(pdf_fonts *f); /* NULL: nothing */

/* layout_metrics callback: advance of CP in 1/1000 em, -1 if missing. */
int pdf_fonts_advance(void *fonts, int font, unsigned cp);
/* The font object for drawing (created on first use); NULL on error. */
HPDF_Font pdf_fonts_get(pdf_fonts *f, int font);
/* The directory the fonts are read from. */
const char *pdf_fonts_dir(const pdf_fonts *f);

#endif
