/* html_site.c - the HTML writer: index page, council pages, theme assets
 * (see html_site.h). */
#include "write/html/html_site.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/html/html_doc.h"
#include "write/html/html_search.h"
#include "write/html/html_theme.h"
#include "write/html/html_tree.h"

#include <stdlib.h>
#include <string.h>

static const char *doc_theme(const cc_document *doc) {
  return doc->theme && *doc->theme ? doc->theme : "default";
}

/* The index uses the councils' theme when they all agree, else "default". */
static const char *site_theme(const cc_corpus *c) {
  if (!c->ndocs) return "default";
  const char *t = doc_theme(c->docs[0]);
  for (size_t i = 1; i < c->ndocs; i++)
    if (strcmp(doc_theme(c->docs[i]), t) != 0) return "default";
  return t;
}

static void set_lang(html_page *p, const char *lang) {
  html_page_set_lang(p, lang && *lang ? lang : "en-GB");
}

static xmlNodePtr meta_row(xmlNodePtr dl, const char *term) {
  xmlNodePtr div = html_el(dl, "div", NULL);
  html_el_text(div, "dt", NULL, term);
  return html_el(div, "dd", NULL);
}

static void render_index(const cc_corpus *c, xmlNodePtr main, arena *a) {
  xmlNodePtr hd = html_el(main, "header", "doc-header");
  html_el_text(hd, "h1", NULL, "Council protocols");
  size_t nclauses = 0;
  for (size_t i = 0; i < c->ndocs; i++) nclauses += c->docs[i]->nclauses;
  html_el_text(hd, "p", "lede",
               arena_printf(a, "%zu %s from %s constitutions, %zu clauses in all. Each page shows a "
                               "protocol as the council printed it, with a link to every paragraph.",
                            c->ndocs, c->ndocs == 1 ? "protocol" : "protocols",
                            c->ndocs == 1 ? "a council's" : "councils'", nclauses));
  xmlNodePtr ul = html_el(main, "ul", "council-list");
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    xmlNodePtr li = html_el(ul, "li", "council-card");
    xmlNodePtr h = html_el(li, "h2", NULL);
    xmlNodePtr link = html_el_text(h, "a", NULL, doc->council ? doc->council : doc->slug);
    html_attr(link, "href", arena_printf(a, "%s.html", doc->slug));
    if (doc->title) html_el_text(li, "p", "card-title", doc->title);
    xmlNodePtr dl = html_el(li, "dl", "card-meta");
    if (doc->part) html_text(meta_row(dl, "Part"), doc->part);
    if (doc->adopted) html_time(meta_row(dl, "Adopted"), doc->adopted);
    const char *last = html_doc_last_amended(doc);
    if (last) html_time(meta_row(dl, "Last amended"), last);
    html_text(meta_row(dl, "Clauses"), arena_printf(a, "%zu", doc->nclauses));
  }
}

/* Split for parallel builds (writers.c): html_site_begin resolves every
 * theme (sequentially: loading a theme mutates the set), then
 * html_site_write_document may run for several documents at once (each
 * page is its own libxml2 tree and arena), and html_site_finish writes the
 * corpus-level files. */
struct html_site {
  const cc_corpus *c;
  html_themes *themes;
  const html_theme **doc_themes; /* by document index */
  const html_theme *index_theme;
  html_doc_cache *cache; /* "Also in" lines shared by the pages */
  html_doc_links links;
  memo *search_words; /* the build's; NULL: none */
};

html_site *html_site_begin(const cc_corpus *c, int with_matrix, const html_doc_links *links,
                           memo *search_words, diag_list *d) {
  html_site *s = xcalloc(1, sizeof *s);
  s->c = c;
  s->search_words = search_words;
  if (links) s->links = *links;
  s->themes = html_themes_new(c, with_matrix);
  s->doc_themes = xcalloc(c->ndocs + 1, sizeof *s->doc_themes);
  s->cache = html_doc_cache_new();
  int rc = 0;
  /* resolve every theme first, so all missing themes are reported at once */
  for (size_t i = 0; i < c->ndocs; i++) {
    s->doc_themes[i] = html_themes_get(s->themes, doc_theme(c->docs[i]), c->docs[i]->pos, d);
    if (!s->doc_themes[i]) rc = -1;
  }
  if (rc == 0) {
    cc_pos nowhere = {NULL, 0, 0};
    s->index_theme = html_themes_get(s->themes, site_theme(c), nowhere, d);
    if (!s->index_theme) rc = -1;
  }
  if (rc != 0) {
    html_site_end(s);
    return NULL;
  }
  return s;
}

const html_doc_links *html_site_links(const html_site *s) { return &s->links; }

const html_theme *html_site_doc_theme(const html_site *s, const cc_document *doc) {
  return s->doc_themes[doc->index];
}

const char *html_site_theme_dir(const html_site *s, const cc_document *doc) {
  return s->doc_themes[doc->index] ? s->doc_themes[doc->index]->dir : NULL;
}

int html_site_write_document(html_site *s, const cc_document *doc, outdir *o, diag_list *d) {
  arena *a = arena_new();
  const char *href = arena_printf(a, "%s.html", doc->slug);
  const char *title = doc->title ? arena_printf(a, "%s \xE2\x80\x93 %s", doc->title, doc->council)
                                 : doc->council;
  html_page *p = html_page_new(s->doc_themes[doc->index], title, "", href, s->c->build_epoch);
  set_lang(p, doc->language);
  int rc;
  if (html_doc_render(doc, html_page_main(p), p, a, s->cache, &s->links, d) != 0) {
    html_page_free(p);
    rc = -1;
  } else {
    rc = html_page_write(p, o, arena_printf(a, "site/%s", href), d);
  }
  arena_free(a);
  return rc;
}

int html_site_finish(html_site *s, outdir *o, diag_list *d) {
  const cc_corpus *c = s->c;
  arena *a = arena_new();
  html_page *p = html_page_new(s->index_theme, "Council protocols", "", "index.html", c->build_epoch);
  set_lang(p, "en-GB");
  render_index(c, html_page_main(p), a);
  int rc = html_page_write(p, o, "site/index.html", d);
  if (rc == 0) rc = html_search_write_index(c, s->search_words, o, d);
  if (rc == 0) rc = html_search_write_page(c, s->index_theme, o, d);
  if (rc == 0) rc = html_themes_copy_assets(s->themes, o, d);
  arena_free(a);
  return rc;
}

void html_site_end(html_site *s) {
  if (!s) return;
  free(s->doc_themes);
  html_doc_cache_free(s->cache);
  html_themes_free(s->themes);
  free(s);
}
