/* pdf_font.h - the PDF writer's fonts: Liberation Serif/Sans/Mono
 * (fonts-liberation2), measured and kerned with HarfBuzz, subset with
 * HarfBuzz's hb-subset and embedded as font objects built with libharu's
 * object API (docs/pdf-output.md, "Fonts and characters").
 *
 * Each face is loaded into HarfBuzz once per pdf_faces (shared, read-only,
 * safe from several threads; the build owns the pdf_faces and hands it
 * to the writer), and layout measures with its advances and kerning: no libharu is involved until drawing. Drawing writes the text operators
 * itself and records which code points each face draws on which page.
 * Only after the last page is drawn does pdf_fonts_embed build a subset
 * of every face the document drew, write its font objects and put them in
 * the pages' resources, so a document embeds only the faces it uses, with
 * only the glyphs it draws.
 */
#ifndef CONCORD_PDF_FONT_H
#define CONCORD_PDF_FONT_H

#include <hpdf.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"

/* The faces loaded so far, with the advances and kerning looked up in
 * them: what every document's fonts share. Made and freed by the owner
 * (the build: build/writers.c's PDF state, or the session concord watch
 * keeps, so a save does not load the fonts again); any number of
 * pdf_fonts on any threads may use one at once. */
typedef struct pdf_faces pdf_faces;
pdf_faces *pdf_faces_new(void);
void pdf_faces_free(pdf_faces *fs); /* NULL: nothing; no pdf_fonts may still use it */
/* How many faces FS has read from their files (each at most once; a
 * count `concord watch -v` prints, so a test can see a save reuse them). */
size_t pdf_faces_loaded(pdf_faces *fs);

typedef struct pdf_fonts pdf_fonts;

/* Returns NULL (+ error in D) when the font directory cannot be found.
 * PDF may be NULL for measuring only (pdf_clause_places). FACES: the
 * shared faces (must outlive the fonts); NULL: faces of its own, freed
 * with it. Errors found later (a damaged font file) also go to D. */
pdf_fonts *pdf_fonts_new(HPDF_Doc pdf, pdf_faces *faces, diag_list *d);
void pdf_fonts_free(pdf_fonts *f); /* NULL: nothing */

/* layout_metrics callback: advance of CP in 1/1000 em, -1 if missing. */
int pdf_fonts_advance(void *fonts, int font, unsigned cp);
/* layout_metrics callback: kerning between A and B (1/1000 em, negative
 * closes up), as HarfBuzz shapes the pair; 0 for a pair with a space. */
int pdf_fonts_kern(void *fonts, int font, unsigned a, unsigned b);
/* Width of LEN bytes of UTF-8 TEXT in 1/1000 em with kerning, as drawn
 * (a missing glyph counts 600, the .notdef advance). */
double pdf_fonts_width(pdf_fonts *f, int font, const char *text, size_t len);
/* Draws LEN bytes of UTF-8 TEXT in FONT at SIZE with its baseline at
 * (X, Y) on PAGE, as one text object (BT ... ET, kerned by TJ), and records the code
 * points. Characters above U+FFFF and invalid UTF-8 are dropped, as
 * libharu's UTF-8 encoder does. 0, or -1 if the face cannot be read. */
int pdf_fonts_show(pdf_fonts *f, HPDF_Page page, int font, double size, double x, double y,
                   const char *text, size_t len);
/* For text objects the caller writes itself (one per line, pdf_render.c):
 * the page-local name of FONT ("/F2") appended to OUT, the font then
 * bound to PAGE. 0, or -1 if the face cannot be read. */
int pdf_fonts_select(pdf_fonts *f, HPDF_Page page, int font, buf *out);
/* LEN bytes of UTF-8 TEXT as the hex codes of FONT appended to OUT
 * (without the outer angle brackets; a kerned pair is split as
 * "hex>N<hex", so OUT must be inside a TJ array), the code points recorded
 * for the subset; returns their advance with kerning in 1/1000 em (a
 * missing glyph counts 0). Dropped
 * characters as in pdf_fonts_show. */
double pdf_fonts_hex(pdf_fonts *f, int font, const char *text, size_t len, buf *out);
/* After the last pdf_fonts_show and before saving: embeds a subset of
 * every face drawn and binds it in the resources of the pages that use
 * it. 0, or -1 (+ error in D). */
int pdf_fonts_embed(pdf_fonts *f, diag_list *d);
/* The directory the fonts are read from. */
const char *pdf_fonts_dir(const pdf_fonts *f);

#endif
