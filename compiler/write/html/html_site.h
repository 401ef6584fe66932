/* html_site.h - the HTML writer: out/site/.
 *
 * Writes site/index.html (every council: title, part, dates, clause count),
 * site/<slug>.html per council in the theme its front matter names, and
 * site/themes/<name>/ (the assets of every theme used). Pages come from the
 * theme's template (html_theme.h) and are serialised by html_serial.h.
 * See docs/html-output.md. */
#ifndef CONCORD_HTML_SITE_H
#define CONCORD_HTML_SITE_H

#include "base/diag.h"
#include "write/html/html_doc.h"
#include "model/model.h"
#include "base/outdir.h"
#include "base/memo.h"

/* In parts: begin (one thread; NULL with errors in D if a theme is
 * missing; WITH_MATRIX: the build writes the comparison matrix, so pages
 * link to it), then write_document for each document (site/<slug>.html;
 * may run in several threads at once, each with its own D; LINKS: the
 * council's files the build writes, which its page links), finish
 * (index, search index, theme assets), end (frees). SEARCH_WORDS: the
 * build's memo of each clause's search words (html_search_write_index),
 * used by finish; NULL: none. The build owns it: it must outlive the
 * site, and end leaves it alone. */
typedef struct html_site html_site;
html_site *html_site_begin(const cc_corpus *c, int with_matrix, const html_doc_links *links,
                           memo *search_words, diag_list *d);
int html_site_write_document(html_site *s, const cc_document *doc, outdir *o, diag_list *d);
int html_site_finish(html_site *s, outdir *o, diag_list *d);
void html_site_end(html_site *s); /* NULL: nothing */
/* What the pages link (as given to html_site_begin). */
const html_doc_links *html_site_links(const html_site *s);
/* The theme of DOC's pages (an earlier version: its council's). */
const struct html_theme *html_site_doc_theme(const html_site *s, const cc_document *doc);
/* The folder the theme of DOC was loaded from (its page depends on it). */
const char *html_site_theme_dir(const html_site *s, const cc_document *doc);

#endif
