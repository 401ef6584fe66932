/* html_doc.h - one council's protocol as HTML (a libxml2 subtree).
 *
 * Renders the model only: header with metadata, table of contents,
 * sections (heading level = nesting depth + 1, never the Markdown level),
 * clauses with their stable id and a visible permalink, sub-items as lists
 * with their printed labels, quotes, footnotes with back-links, internal
 * cross-references as links and clause equivalents in other councils.
 * The markup contract (classes, generated ids) is in docs/html-output.md.
 */
#ifndef CONCORD_HTML_DOC_H
#define CONCORD_HTML_DOC_H

#include <libxml/tree.h>

#include "base/diag.h"
#include "model/model.h"
#include "write/html/html_theme.h"

/* Parts of pages that repeat across the corpus (the "Also in" lines),
 * kept to be written again rather than rebuilt; may be shared by threads
 * rendering pages at the same time. */
typedef struct html_doc_cache html_doc_cache;
html_doc_cache *html_doc_cache_new(void);
void html_doc_cache_free(html_doc_cache *c); /* NULL: nothing */

/* Which of a council's other outputs the build writes, so its page links
 * them (never a file that was not written). The files are linked under
 * downloads/ beside the page: the build stages copies of them there
 * (build/downloads.c), so out/site works when served on its own. */
typedef struct html_doc_links {
  int pdf;  /* downloads/pdf/<slug>.pdf */
  int akn;  /* downloads/akn/<slug>.xml */
  int json; /* downloads/json/<slug>.json */
} html_doc_links;

/* Fills MAIN (an empty element) with DOC. Strings are allocated in A.
 * PAGE: the page MAIN is the main element of (html_page_main), or NULL.
 * CACHE may be NULL. Returns 0, or -1 with an error in D if the page (its
 * theme's frame included) would have a duplicate id. The page must be serialised before
 * CACHE is freed. */
int html_doc_render(const cc_document *doc, xmlNodePtr main, html_page *page, arena *a, html_doc_cache *cache,
                    const html_doc_links *links, diag_list *d);

/* The last amendment date of DOC (history), else NULL. */
const char *html_doc_last_amended(const cc_document *doc);

#endif
