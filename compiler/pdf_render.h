/* pdf_render.h - draws a laid-out document with libharu: pages, text runs
 * at the positions the layout engine chose, contents page numbers with
 * dotted leaders, link annotations (no border), bookmarks, running head
 * and foot, page labels, marked content for tagging.
 */
#ifndef CONCORD_PDF_RENDER_H
#define CONCORD_PDF_RENDER_H

#include <hpdf.h>

#include "diag.h"
#include "layout_doc.h"
#include "model.h"
#include "pdf_font.h"
#include "pdf_tag.h"

/* Returns 0, or -1 when a font could not be used (error in D). */
int pdf_render(HPDF_Doc pdf, pdf_fonts *fonts, pdf_tag *tag, const layout_doc *ld,
               const cc_document *doc, const layout_geom *g, diag_list *d);

#endif
