/* pdf_tag.h - Tagged PDF for libharu: marked content with MCIDs in the
 * page streams, a structure tree (/StructTreeRoot with /ParentTree),
 * /MarkInfo, /Lang, and artifacts for running heads and rules.
 *
 * libharu 2.3.0 has no API for any of this. It is built from libharu's
 * exported object functions (HPDF_Dict_New, HPDF_Xref_Add, ...), its public
 * document and page structs (hpdf_doc.h, hpdf_pages.h: the catalog, the
 * xref, a page's content stream), and HPDF_Stream_WriteStr for the
 * BDC/EMC operators. See docs/pdf-output.md, "Tagging".
 *
 * Use: begin/end around every piece of page content (a run of text, or an
 * artifact) in reading order, pdf_tag_annot for each link annotation,
 * then pdf_tag_finish once all pages are drawn.
 */
#ifndef CONCORD_PDF_TAG_H
#define CONCORD_PDF_TAG_H

#include <hpdf.h>

#include "write/layout/layout_doc.h"

typedef struct pdf_tag pdf_tag;

/* ELEMS: the layout's structure elements (borrowed, must outlive t). */
pdf_tag *pdf_tag_new(HPDF_Doc pdf, const layout_elem *elems, size_t nelems);
void pdf_tag_free(pdf_tag *t); /* NULL: nothing */

/* Marked content for element ELEM on page PAGE_NO (0-based). ELEM < 0
 * marks an artifact. Must be called outside text objects. */
void pdf_tag_begin(pdf_tag *t, HPDF_Page page, int page_no, int elem);
void pdf_tag_end(pdf_tag *t, HPDF_Page page);
/* A link annotation belonging to element ELEM (a Link). */
void pdf_tag_annot(pdf_tag *t, HPDF_Annotation annot, int page_no, int elem);

/* Writes the structure tree; PAGES are the document's pages in order.
 * Returns 0, or -1 if libharu reported an error. */
int pdf_tag_finish(pdf_tag *t, HPDF_Page *pages, int npages, const char *lang,
                   const char *title);
/* The most parts (marked-content pieces, child elements, links) any one
 * structure element has: more than PDF_TAG_MAX_KIDS can't be written by
 * libharu (its array limit), so pdf_tag_finish fails; callers say why. */
#define PDF_TAG_MAX_KIDS 32767
size_t pdf_tag_max_kids(const pdf_tag *t);

#endif
