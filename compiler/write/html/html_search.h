/* html_search.h - client-side search for the HTML site (docs/search.md).
 *
 * Two halves:
 *   - html_search_write_index writes site/search-index.json, a prebuilt
 *     index of every clause in the corpus (format below; sharded under
 *     site/search/ past 100 councils);
 *   - html_search_write_page writes site/search.html, the results page.
 *     Every page's header has a search form (html_theme.c fills the
 *     template's data-slot="search") that submits to it; the forms are
 *     `hidden` and the script reveals them, so without JavaScript there is
 *     no form that does nothing. Results are built by the script with
 *     textContent and createElement only.
 *
 * search-index.json (compact rows, keys documented in docs/search.md):
 *   {"v":1,
 *    "councils":[[slug, council name], ...],
 *    "themes":[[key, label], ...],
 *    "clauses":[[council index, id, number shown, heading, text, stems, themes], ...]}
 * heading: the clause's own heading, else its section's ("" if none);
 * text: the clause's text (line ends as spaces), for the snippets;
 * stems: the normalised, stemmed words of the number, the clause and its
 * section headings, each once, space-separated, in first-seen order.
 * Normalisation (which search.js repeats on the query): Unicode
 * compatibility decomposition, marks stripped, case folded; a word is a
 * run of letters and digits; one-letter words are dropped, one-digit
 * numbers kept; words without digits are stemmed with Snowball English
 * (libstemmer; search.js runs Snowball's JavaScript of the same version).
 * themes: indices into "themes" of the clause's topics' themes.
 */
#ifndef CONCORD_HTML_SEARCH_H
#define CONCORD_HTML_SEARCH_H

#include <libxml/tree.h>

#include "base/diag.h"
#include "write/html/html_theme.h"
#include "model/model.h"
#include "base/outdir.h"
#include "base/memo.h"

/* Writes site/search-index.json. 0 on success. KNOWN: each clause's
 * words from earlier builds, keyed by what they come from (number, text,
 * section headings), looked up before stemming and told the words
 * stemmed; the build owns it (concord watch keeps one between saves).
 * NULL: stem every clause. */
int html_search_write_index(const cc_corpus *c, struct memo *known, outdir *o, diag_list *d);

/* Writes site/search.html, the results page every page's header search
 * form submits to (?q=, and the filters council= and theme=), when THEME
 * has a search.js (else nothing). 0 on success. */
int html_search_write_page(const cc_corpus *c, const html_theme *theme, outdir *o, diag_list *d);

#endif
