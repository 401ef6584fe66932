/* pdf_writer.h - the PDF writer: out/pdf/<slug>.pdf for every document
 * (docs/pdf-output.md). Layout by Concord's engine (layout_*.c), drawing
 * by libharu (pdf_*.c). */
#ifndef CONCORD_PDF_WRITER_H
#define CONCORD_PDF_WRITER_H

#include <hpdf.h>

#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"

/* Where a clause starts in out/pdf/<slug>.pdf: the 0-based page index and
 * the top of its first line in PDF user space (what the PDF's own links
 * use in [page /XYZ left top null]). page is -1 if the clause was not
 * placed. */
typedef struct pdf_place {
  int page;
  double top;
} pdf_place;

/* Lays DOC out exactly as pdf_write_document does (same geometry, fonts and
 * hyphenation, so the same pagination) and returns the place of each
 * clause, indexed like doc->clauses (malloc'd; caller frees). Nothing is
 * drawn or written, and the layout's warnings are dropped (pdf_write_document
 * reports them). HY may be NULL (no hyphenation, as the PDF then has).
 * Returns NULL if the fonts cannot be loaded (error in D). */
struct layout_hyph;
struct pdf_faces;
pdf_place *pdf_clause_places(const cc_document *doc, struct layout_hyph *hy, diag_list *d);

/* The same for many documents: one set of fonts. NULL (+ error in D) if
 * the fonts cannot be loaded. HY is only read and must outlive the
 * placer; FACES (pdf_font.h: the build's, shared with other threads; NULL:
 * the placer's own) too. One placer is for one thread. */
typedef struct pdf_placer pdf_placer;
pdf_placer *pdf_placer_new(struct layout_hyph *hy, struct pdf_faces *faces, diag_list *d);
/* As pdf_clause_places (malloc'd, indexed like doc->clauses). */
pdf_place *pdf_placer_place(pdf_placer *p, const cc_document *doc);
void pdf_placer_free(pdf_placer *p); /* NULL: nothing */

/* The line-quality report of DOC's PDF (layout_report.h): laid out as
 * pdf_write_document does, nothing drawn. malloc'd JSON, or NULL (+ error
 * in D) if the fonts cannot be loaded. */
char *pdf_line_report(const cc_document *doc, struct layout_hyph *hy, diag_list *d);

/* The hyphenation patterns the PDFs use (NULL if concord was built
 * without them: layout_hyph.h). */
struct layout_hyph *pdf_hyph_new(void);

/* One document's pdf/<slug>.pdf, (parallel builds:
 * safe to call from several threads at once, each with its own D; HY is
 * only read; FACES, the font faces the build shares between documents
 * (pdf_font.h), may be the same for every thread; NULL: faces of its
 * own). If PLACES is not NULL (doc->nclauses entries) it receives
 * what pdf_clause_places would return, from this same layout, so the
 * matrix PDF need not lay the document out again. 0, or -1 with errors
 * in D. */
int pdf_write_document(const cc_document *doc, outdir *o, struct layout_hyph *hy,
                       struct pdf_faces *faces, pdf_place *places, diag_list *d);

/* PLACES (N entries) as a string, and back: NULL if S is not N places.
 * The build keeps the string with the document's PDF, so the matrix PDF
 * can link into a PDF kept from the last build without laying it out. */
char *pdf_places_encode(const pdf_place *places, size_t n);
pdf_place *pdf_places_decode(const char *s, size_t n);

/* Shared with the matrix PDF (matrix_pdf.c). */

/* libharu's error handler for HPDF_New(pdf_writer_on_error, &err): records
 * the first error in the pdf_writer_err that USER points to (libharu then
 * carries on; the caller checks err.error before and after saving) rather
 * than longjmp'ing. */
typedef struct pdf_writer_err {
  HPDF_STATUS error, detail;
} pdf_writer_err;
void pdf_writer_on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user);

/* An own libharu document (pdf_mem.h: its memory in blocks dropped at
 * once by pdf_writer_doc_free), errors recorded in ERR as above. NULL if
 * libharu cannot start. */
HPDF_Doc pdf_writer_doc_new(pdf_writer_err *err);
void pdf_writer_doc_free(HPDF_Doc pdf);

/* Just before saving: deflates every stream of PDF that libharu would
 * deflate (zlib's default level 6) with libdeflate at level
 * PDF_DEFLATE_LEVEL instead (libharu has no setting for it), and marks
 * it /FlateDecode. 0, or -1 if libdeflate fails (out of memory; the
 * streams not yet done are left to libharu). */
#define PDF_DEFLATE_LEVEL 3
int pdf_writer_deflate(HPDF_Doc pdf);

/* Deflates PDF's streams (pdf_writer_deflate), saves it into memory and
 * hands the whole file to outdir_write as REL: one write, and none at all
 * when the output already holds these bytes. 0; -1 if deflating failed (error
 * in D, naming WHAT), if libharu failed (its code in the document's
 * pdf_writer_err: the caller reports it) or if the file could not be
 * written (error in D). */
int pdf_writer_save(HPDF_Doc pdf, const pdf_writer_err *err, outdir *o, const char *rel,
                    const char *what, diag_list *d);

/* Sets the document information every Concord PDF carries: Creator,
 * Producer and, if EPOCH >= 0 (SOURCE_DATE_EPOCH, never the clock), the
 * creation and modification dates. */
void pdf_writer_set_producer(HPDF_Doc pdf, long long epoch);

#endif
