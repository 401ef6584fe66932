/* html_search.h - client-side search for the HTML site.
 *
 * Two halves:
 *   - html_search_write_index writes site/search-index.json, a small
 *     prebuilt index of every clause in the corpus (format below);
 *   - html_search_form adds the search form to a page (the index page) when
 *     the page's theme has a search.js: the form is `hidden` and the script
 *     reveals it, so without JavaScript there is no form that does nothing.
 *     Results are built by the script with textContent only.
 *
 * search-index.json (compact rows, keys documented in docs/html-output.md):
 *   {"v":1,
 *    "councils":[[slug, council name], ...],
 *    "clauses":[[council index, id, number shown, heading, excerpt, tokens], ...]}
 * heading: the clause's own heading, else its section's ("" if none);
 * excerpt: the first words of an unheaded clause ("" for headed ones);
 * tokens: the normalised words of the clause and its section headings,
 * each once, space-separated, in first-seen order. Normalisation (which
 * search.js repeats on the query): Unicode compatibility decomposition,
 * marks stripped, case folded; a word is a run of letters and digits;
 * one-letter words are dropped, one-digit numbers kept.
 */
#ifndef CONCORD_HTML_SEARCH_H
#define CONCORD_HTML_SEARCH_H

#include <libxml/tree.h>

#include "base/diag.h"
#include "write/html/html_theme.h"
#include "model/model.h"
#include "base/outdir.h"

/* Writes site/search-index.json. 0 on success. */
int html_search_write_index(const cc_corpus *c, outdir *o, diag_list *d);

/* Appends the (hidden) search section to MAIN and the script element to the
 * page's <body>, if THEME has a search.js; RELROOT as html_page_new. */
void html_search_form(xmlNodePtr main, const html_theme *theme, const char *relroot);

#endif
