/* pdf_writer.h - the PDF writer: out/pdf/<slug>.pdf for every document
 * (docs/pdf-output.md). Layout by Concord's engine (layout_*.c), drawing
 * by libharu (pdf_*.c). */
#ifndef CONCORD_PDF_WRITER_H
#define CONCORD_PDF_WRITER_H

#include "diag.h"
#include "model.h"
#include "outdir.h"

/* Writes one PDF per document of C. 0, or -1 with errors in D. */
int pdf_write(const cc_corpus *c, outdir *o, diag_list *d);

/* Where a clause starts in out/pdf/<slug>.pdf: the 0-based page index and
 * the top of its first line in PDF user space (what the PDF's own links
 * use in [page /XYZ left top null]). page is -1 if the clause was not
 * placed. */
typedef struct pdf_place {
  int page;
  double top;
} pdf_place;

/* Lays DOC out exactly as pdf_write does (same geometry, fonts and
 * hyphenation, so the same pagination) and returns the place of each
 * clause, indexed like doc->clauses (malloc'd; caller frees). Nothing is
 * drawn or written, and the layout's warnings are dropped (pdf_write
 * reports them). HY may be NULL (no hyphenation, as pdf_write then does).
 * Returns NULL if the fonts cannot be loaded (error in D). */
struct layout_hyph;
pdf_place *pdf_clause_places(const cc_document *doc, struct layout_hyph *hy, diag_list *d);

/* The hyphenation patterns pdf_write uses (NULL if not installed). */
struct layout_hyph *pdf_hyph_new(void);

#endif
