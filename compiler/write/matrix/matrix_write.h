/* matrix_write.h - the comparison matrix writer.
 *
 * Writes, from the linked model only:
 *   site/matrix.html        topics (rows, grouped by theme) x councils
 *                           (columns); each cell links to the council's
 *                           clauses or says "none"; coverage per council
 *                           and per topic
 *   site/topics/<key>.html  one page per topic: the councils' clauses side
 *                           by side, word differences against a reference
 *                           wording highlighted
 *   site/compare.css        the styles of those pages (on top of the theme)
 *   matrix.csv              RFC 4180: one row per topic, one column per council
 *   matrix/<theme>.csv      past 30 councils, a row per council and a column
 *                           per topic of the theme (docs/scale.md)
 * Pages use the HTML writer's themes (html_theme.h, theme "default").
 * See docs/matrix.md.
 */
#ifndef CONCORD_MATRIX_WRITE_H
#define CONCORD_MATRIX_WRITE_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"

/* The table: matrix.html, matrix.csv, compare.css and the theme's
 * assets. It shows only the corpus's structure (ids, numbers, topics),
 * never the words of a clause. WITH_PDF: the build writes PDFs, so the
 * page links the matrix PDF (under site/downloads/, see matrix_internal.h). */
int matrix_write(const cc_corpus *c, int with_pdf, outdir *o, diag_list *d);

/* The Ith theme's spreadsheet (I == c->nthemes: topics without a theme),
 * "matrix/<theme>.csv" allocated in A, or NULL when the corpus is too
 * small to split by theme or the theme has no topic. */
const char *matrix_theme_csv(arena *a, const cc_corpus *c, size_t i);

/* Two councils compared (matrix_compare.c): for the slugs A and B of
 * corpus C, a self-contained HTML page (`concord compare A B`) appended to
 * OUT: their provisions aligned by topic, the word differences where both
 * make one, and what one makes and the other lacks. 0, or -1 with an error
 * in D (a slug the corpus lacks: the message lists the corpus's slugs). */
int matrix_compare_page(const cc_corpus *c, const char *a, const char *b, buf *out, diag_list *d);

/* The build's part of it: site/compare/index.html (a picker), a page per
 * pair of councils, site/compare/<a>--<b>.html (a before b in corpus
 * order; slugs never hold "--", so the names cannot clash), while the
 * corpus has at most COMPARE_PAIRS_MAX councils (past that the index says
 * how to run concord compare), and site/matrix-excerpts.json, the opening
 * words of every provision the matrix cites, which its script shows on
 * demand. These show clause text (the matrix table does not). */
#define COMPARE_PAIRS_MAX 10
int matrix_compare_write(const cc_corpus *c, outdir *o, diag_list *d);

/* The topic pages, one at a time: begin loads the theme (NULL + errors in
 * D: none), then matrix_topics_write may run for several topics at once. */
typedef struct matrix_topics matrix_topics;
matrix_topics *matrix_topics_begin(const cc_corpus *c, diag_list *d);
int matrix_topics_write(const matrix_topics *m, const cc_topic *t, outdir *o, diag_list *d);
void matrix_topics_end(matrix_topics *m); /* NULL: nothing */

#endif
