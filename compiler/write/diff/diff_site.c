/* diff_site.c - version pages and redlines (see diff_site.h). */
#include "write/diff/diff_site.h"
#include "base/arena.h"
#include "write/diff/diff_version.h"
#include "write/html/html_doc.h"
#include "write/html/html_theme.h"
#include "write/html/html_tree.h"

#include <stdio.h>

static void set_lang(html_page *p, const char *lang) {
  html_page_set_lang(p, lang && *lang ? lang : "en-GB");
}

static const char *name_of(const cc_document *doc) {
  return doc->council ? doc->council : doc->slug;
}

/* YMD as the pages write a date ("1 June 2021"), in A. */
static const char *words(arena *a, const char *ymd) {
  int y, m, dd;
  if (sscanf(ymd, "%4d-%2d-%2d", &y, &m, &dd) != 3) return ymd;
  buf b = BUF_INIT;
  html_format_date(&b, y, m, dd);
  char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* The page of earlier version V. */
static int write_version(const html_site *s, const cc_document *v, outdir *o, diag_list *d) {
  arena *a = arena_new();
  const char *href = arena_printf(a, "%s/%s.html", v->current->slug, v->in_force);
  const char *title = arena_printf(a, "%s \xE2\x80\x93 %s, version in force from %s",
                                   v->title ? v->title : "Protocol", name_of(v), words(a, v->in_force));
  html_page *p = html_page_new(html_site_doc_theme(s, v), title, "../", href,
                               v->corpus->build_epoch);
  set_lang(p, v->language);
  int rc;
  /* no cache (its "Also in" lines are the current pages'), no downloads */
  if (html_doc_render(v, html_page_main(p), p, a, NULL, NULL, d) != 0) {
    html_page_free(p);
    rc = -1;
  } else {
    rc = html_page_write(p, o, arena_printf(a, "site/%s", href), d);
  }
  arena_free(a);
  return rc;
}

/* The redline from OLD to NEW_ (in force from NEW_'s date; NEW_ may be
 * the current document CUR). */
static int write_redline(const html_site *s, const cc_document *cur, const cc_document *old,
                         const cc_document *new_, outdir *o, diag_list *d) {
  arena *a = arena_new();
  const char *date = new_->in_force;
  const char *href = arena_printf(a, "%s/changes-%s.html", cur->slug, date);
  const char *title = arena_printf(a, "What changed on %s \xE2\x80\x93 %s", words(a, date),
                                   name_of(cur));
  html_page *p = html_page_new(html_site_doc_theme(s, cur), title, "../", href,
                               cur->corpus->build_epoch);
  xmlNodePtr main = html_page_main(p);
  set_lang(p, cur->language);
  xmlNodePtr art = html_el(main, "article", "redline");
  xmlNodePtr hd = html_el(art, "header", "doc-header");
  html_el_text(hd, "p", "doc-council", name_of(cur));
  xmlNodePtr h1 = html_el(hd, "h1", NULL);
  html_text(h1, "What changed on ");
  html_time(h1, date);
  xmlNodePtr p1 = html_el(hd, "p", NULL);
  html_text(p1, cur->title ? cur->title : "The protocol");
  html_text(p1, ": the version in force from ");
  html_time(p1, old->in_force);
  html_text(p1, " against the version in force from ");
  html_time(p1, date);
  html_text(p1, ".");
  xmlNodePtr ul = html_el(hd, "ul", "redline-versions");
  xmlNodePtr li = html_el(ul, "li", NULL);
  xmlNodePtr l = html_el(li, "a", NULL);
  html_attr(l, "href", arena_printf(a, "%s.html", old->in_force));
  html_text(l, "The earlier version, in force from ");
  html_time(l, old->in_force);
  li = html_el(ul, "li", NULL);
  l = html_el(li, "a", NULL);
  if (new_ == cur) {
    html_attr(l, "href", arena_printf(a, "../%s.html", cur->slug));
    html_text(l, "The current version, in force from ");
  } else {
    html_attr(l, "href", arena_printf(a, "%s.html", date));
    html_text(l, "The later version, in force from ");
  }
  html_time(l, date);
  diff_version_append(art, old, new_, 2);
  int rc = html_page_write(p, o, arena_printf(a, "site/%s", href), d);
  arena_free(a);
  return rc;
}

int diff_site_write_versions(const html_site *s, const cc_document *doc, outdir *o,
                             diag_list *d) {
  int rc = 0;
  for (size_t k = 0; k < doc->nversions && rc == 0; k++) {
    const cc_document *v = doc->versions[k];
    rc = write_version(s, v, o, d);
    if (rc == 0)
      rc = write_redline(s, doc, v, k + 1 < doc->nversions ? doc->versions[k + 1] : doc, o, d);
  }
  return rc;
}
