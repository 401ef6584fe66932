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

#endif
