/* pdf_render.h - draws a laid-out document with libharu: pages, text runs
 * at the positions the layout engine chose, contents page numbers with
 * dotted leaders, link annotations (no border), bookmarks, running head
 * and foot, page labels, marked content for tagging.
 */
#ifndef CONCORD_PDF_RENDER_H
#define CONCORD_PDF_RENDER_H

#include <hpdf.h>

#include "base/diag.h"
#include "write/layout/layout_doc.h"
#include "model/model.h"
#include "write/pdf/pdf_font.h"
#include "write/pdf/pdf_tag.h"

/* Returns 0, or -1 when a font could not be used (error in D). */
int pdf_render(HPDF_Doc pdf, pdf_fonts *fonts, pdf_tag *tag, const layout_doc *ld,
               const cc_document *doc, const layout_geom *g, diag_list *d);

/* Helpers shared with the matrix PDF (matrix_pdf.c). */

/* Draws LEN bytes of UTF-8 TEXT in FONT (layout_doc.h numbering) at SIZE
 * with its baseline at (X, Y); sets *FAILED if the font can't be used. */
void pdf_render_text(HPDF_Page page, pdf_fonts *fonts, int font, double size, double x,
                     double y, const char *text, size_t len, int *failed);
/* Width of UTF-8 S in points (a missing glyph counts as libharu draws it,
 * 600/1000 em). */
double pdf_render_width(pdf_fonts *fonts, int font, double size, const char *s);
/* A destination [PAGE /XYZ 0 TOP null] in PDF: keeps the reader's zoom
 * (libharu's SetXYZ refuses a null zoom). NULL if libharu failed. */
HPDF_Destination pdf_render_dest(HPDF_Doc pdf, HPDF_Page page, double top);
/* Runs I..J-1 of LN share run I's link (style.link; -1 is no link) and
 * become one annotation; returns J and sets *RIGHT to the right edge of
 * run J-1 from the line's left edge. */
size_t pdf_render_link_span(const layout_line *ln, size_t i, double *right);
/* Page furniture as one artifact, in the council PDFs' style (sans 8 pt,
 * grey): HEAD_LEFT (NULL: no head) and HEAD_RIGHT (NULL: none) above a
 * hairline over the text area, FOOT centred below it. */
void pdf_render_furniture(HPDF_Page page, int page_no, pdf_fonts *fonts, pdf_tag *tag,
                          const layout_geom *g, const char *head_left, const char *head_right,
                          const char *foot, int *failed);

#endif
