/* matrix_pdf.h - out/pdf/matrix.pdf: the comparison matrix as an
 * A4 landscape, tagged PDF, typeset with the PDF writer's fonts and line
 * breaker and drawn with libharu.
 *
 * Rows are the topics grouped by theme (theme rows as group headings, in
 * taxonomy order), columns the councils (corpus order) and a coverage
 * column; a coverage row closes the table. The header row is repeated on
 * every page. Each clause number in a cell is a GoToR link to that clause
 * in the council's own PDF (<slug>.pdf in the same folder), at the page
 * and height the PDF writer puts it. Written by the PDF writer's finish
 * step (writers.c), after the council PDFs, whose layout records where
 * each clause landed, so the PDFs it links to are always built with it
 * and no document is laid out twice. See docs/matrix.md.
 */
#ifndef CONCORD_MATRIX_PDF_H
#define CONCORD_MATRIX_PDF_H

#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"
#include "write/pdf/pdf_writer.h"

struct layout_hyph;

struct arena;

/* Writes pdf/matrix.pdf; past matrix_pdf_volume_size() councils, volumes
 * pdf/matrix-01.pdf, matrix-02.pdf, ... instead, each the whole table for a
 * run of councils in corpus order (sizes within one of each other), whose
 * last column still counts the whole corpus. KNOWN (may be NULL), by corpus->docs index: the
 * clause places the PDF writer recorded for each document; a document
 * without them (NULL: its PDF was kept from the cache) is laid out again
 * here with HY (the PDF writer's patterns, may be NULL), so the file is
 * the same either way. FACES: the font faces the build shares with the
 * councils' PDFs (pdf_font.h; NULL: loaded for this call). 0, or -1 with
 * errors in D (also when a council's slug is "matrix" or "matrix-" and
 * digits, whose PDF would have the same name as the matrix or a volume). */
int matrix_pdf_write(const cc_corpus *c, pdf_place *const *known, struct layout_hyph *hy,
                     struct pdf_faces *faces, outdir *o, diag_list *d);
/* The most councils in one matrix PDF. */
size_t matrix_pdf_volume_size(void);
/* How many files matrix_pdf_write writes for NDOCS councils (0 for none). */
size_t matrix_pdf_volume_count(size_t ndocs);
/* The file name (in pdf/) of volume VOL (1-based) of NVOL: "matrix.pdf" when
 * NVOL is 1, else "matrix-01.pdf" (at least two digits, as many as NVOL
 * needs, so the names sort). Allocated in A when numbered. */
const char *matrix_pdf_volume_name(struct arena *a, size_t vol, size_t nvol);

#endif
