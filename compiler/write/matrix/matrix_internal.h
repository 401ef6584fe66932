/* matrix_internal.h - helpers shared by the matrix writer's files. */
#ifndef CONCORD_MATRIX_INTERNAL_H
#define CONCORD_MATRIX_INTERNAL_H

#include <libxml/tree.h>

#include "base/buf.h"
#include "base/diag.h"
#include "write/html/html_out.h"
#include "write/html/html_theme.h"
#include "model/model.h"
#include "base/outdir.h"

/* The provisions of document DOC that make topic T (in document order):
 * clauses as a whole and sub-items (docs/provisions.md). */
size_t matrix_cell(const cc_topic *t, const cc_document *doc, const cc_provision **out, size_t max);
/* How many topics of theme TH (NULL: topics without a theme) there are. */
size_t matrix_topics_of_theme(const cc_corpus *c, const cc_theme *th);
/* A cell's provisions into TD, each a link to its own anchor on its
 * council's page (RELROOT: the path from the page to the site root). */
void matrix_cell_links(xmlNodePtr td, const cc_provision **ps, size_t n, const char *relroot);
/* The same, as bytes into the element O has open (html_out.h). */
void matrix_cell_links_out(html_out *o, const cc_provision **ps, size_t n, const char *relroot);
/* A row of a table of topics: <tr id="topic-KEY"> headed by the topic's
 * label linked to its page (topics/KEY.html, from the site root). */
xmlNodePtr matrix_topic_row(xmlNodePtr tbody, const cc_topic *tp);
/* How many councils make topic T (have at least one provision on it). */
size_t matrix_councils_making(const cc_topic *t);
/* Short label of a clause within its council: printed number, else
 * "<section heading> ¶n". */
void matrix_clause_label(buf *b, const cc_clause *cl);
/* A provision's label within its council: the clause's label, then the
 * item's ("2.9(e)", "2.9(b)(ii)"). */
void matrix_provision_label(buf *b, const cc_provision *p);
/* The label, unambiguous within its council: where the canonical number
 * differs from the printed one, "3.1 (printed 1.1)"; else as
 * matrix_provision_label. The HTML matrix and the comparison pages. */
void matrix_provision_name(buf *b, const cc_provision *p);
/* Council name for headings: council, else slug. */
const char *matrix_council_name(const cc_document *doc);
/* S, or "(null)" as printf's %s wrote a NULL: for strings built without
 * buf_printf that were once built with it. */
static inline const char *matrix_printable(const char *s) { return s ? s : "(null)"; }
/* The matrix page's downloads paragraph, appended to MAIN: the CSV and,
 * when the build writes PDFs (WITH_PDF), the matrix PDF, or its volumes:
 * each linked, or (VOLUMES_HREF not NULL) one link to a page that lists
 * them, so a page of a large corpus does not grow with it. The files are
 * copies inside the site (site/downloads/, staged by the build:
 * build/downloads.h), so the links work wherever out/site is served on
 * its own. RELROOT: the path from the page to the site root. */
void matrix_downloads(xmlNodePtr main, const cc_corpus *c, int with_pdf, const char *relroot,
                      const char *volumes_href);
/* site/matrix.html's filters form, hidden until matrix.js runs
 * (matrix_filters.c). */
void matrix_filters_form(xmlNodePtr main, const cc_corpus *c);
/* "coverage cov-all" etc.: the shading of PRESENT of N councils. */
const char *matrix_coverage_class(size_t present, size_t n);
/* The shading's key, in words. */
void matrix_coverage_key(xmlNodePtr main);
/* <script src=RELROOT themes/default/FILE> at the end of the page's body. */
void matrix_add_script(html_page *p, const char *relroot, const char *file);
/* Adds <link rel=stylesheet href=RELROOT compare.css> to the page head. */
void matrix_add_css(html_page *p, const char *relroot);

/* Past this many councils site/matrix.html is a summary by theme and each
 * theme has its own page, site/matrix/<theme>.html, with a row per council
 * (matrix_large.c): a table with a column per council stops being readable
 * long before it stops being writable. */
#define MATRIX_HTML_FULL_MAX 30
/* ... and past this many, each theme's page is cut into pages of runs of
 * councils, site/matrix/<theme>-01.html, ... */
#define MATRIX_HTML_PAGE_COUNCILS 100
int matrix_write_large_html(const cc_corpus *c, const html_theme *theme, int with_pdf,
                            outdir *o, diag_list *d);
/* Past MATRIX_HTML_PAGE_COUNCILS councils the theme pages and the PDF
 * volumes take the councils grouped by region (model_known_regions'
 * order, then other regions by name, then none), then kind (by name, then
 * none), then corpus order (docs/scale.md says why). */
int matrix_grouped(const cc_corpus *c);
int matrix_region_cmp(const cc_document *a, const cc_document *b);
int matrix_kind_cmp(const cc_document *a, const cc_document *b);
/* Indexes into c->docs in that order (corpus order when not grouped);
 * free() it. */
size_t *matrix_group_order(const cc_corpus *c);

/* site/compare/ and site/matrix-excerpts.json (matrix_compare.c). */
int matrix_compare_write_site(const cc_corpus *c, const html_theme *theme, outdir *o,
                              diag_list *d);

int matrix_write_csv(const cc_corpus *c, outdir *o, diag_list *d);
/* matrix/<theme>.csv, a row per council, past MATRIX_HTML_FULL_MAX
 * councils (nothing below it). */
int matrix_write_theme_csvs(const cc_corpus *c, outdir *o, diag_list *d);
/* Whether the corpus is large enough for the matrix to split by theme. */
int matrix_by_theme(const cc_corpus *c);
/* A theme's key in file names: its key, "other" for topics without one. */
const char *matrix_theme_key(const cc_theme *th);
/* site/topics/<key>.html: topic T's clauses side by side (matrix_topic.c). */
int matrix_write_topic(const cc_corpus *c, const cc_topic *t, const html_theme *theme,
                       outdir *o, diag_list *d);

extern const char matrix_css[];

#endif
