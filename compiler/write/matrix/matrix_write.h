/* matrix_write.h - the comparison matrix writer (issue 6).
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
 * Pages use the HTML writer's themes (html_theme.h, theme "default").
 * See docs/matrix.md.
 */
#ifndef CONCORD_MATRIX_WRITE_H
#define CONCORD_MATRIX_WRITE_H

#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"

/* Two writers (writers.c), so an incremental build can keep one: the
 * table (matrix.html, matrix.csv, compare.css, the theme's assets), which
 * shows only the corpus's structure, and the topic pages, which show the
 * clauses' words. */
int matrix_write(const cc_corpus *c, outdir *o, diag_list *d);
int matrix_write_topic_pages(const cc_corpus *c, outdir *o, diag_list *d);

#endif
