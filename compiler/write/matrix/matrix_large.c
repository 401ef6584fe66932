/* matrix_large.c - the comparison matrix on the web for a large corpus
 * (more than MATRIX_HTML_FULL_MAX councils; see matrix_internal.h):
 * site/matrix.html becomes a summary by theme, and each theme gets its
 * own page, site/matrix/<theme>.html, with the councils as rows.
 *
 * One table of every topic against every council is 4 MB at 200 councils
 * and 20 MB at 1,000, with as many columns as councils: no one can read
 * it and no browser renders it quickly. Turned round, a theme's table has
 * a dozen topic columns and a row per council, which scrolls like a list;
 * the summary keeps the question "how common is each provision" on one
 * page. */
#include "write/html/html_tree.h"
#include "write/matrix/matrix_internal.h"
#include "write/matrix/matrix_pdf.h"

#include <stdlib.h>
#include <string.h>

static const char *theme_label(const cc_theme *th) {
  return th ? (th->label ? th->label : th->key) : "Other provisions";
}

/* The councils of the theme pages, in page order, and where each page
 * starts. Up to MATRIX_HTML_PAGE_COUNCILS councils: one page, in corpus
 * order. Past it the table is cut into pages (a row per council is 5 KB
 * for a theme of twenty topics, so one page for 1,000 councils is 5 MB),
 * and the councils are grouped by region, then kind, then corpus order:
 * a reader looks for a council near them, or for councils like theirs,
 * and a run of 100 councils in file order answers neither. A page never
 * holds two regions (a region of more than MATRIX_HTML_PAGE_COUNCILS
 * councils has pages of runs, sizes within one); kinds within a page are
 * row groups under a heading. Councils without a region come last, in
 * "Region not given". */
typedef struct {
  const cc_document **docs; /* every council, in page order */
  size_t *first;            /* npages + 1 starts into docs */
  size_t npages;
  int grouped;              /* past the threshold: grouped by region, kind */
} mx_pages;

#define REGION_NOT_GIVEN "Region not given"
#define KIND_NOT_GIVEN "kind not given"

static const char *region_label(const cc_document *d) {
  return d->region ? d->region : REGION_NOT_GIVEN;
}
static const char *kind_label(const cc_document *d) { return d->kind ? d->kind : KIND_NOT_GIVEN; }

static void pages_make(const cc_corpus *c, mx_pages *pg) {
  size_t n = c->ndocs;
  pg->docs = xmalloc((n ? n : 1) * sizeof *pg->docs);
  size_t *order = matrix_group_order(c);
  for (size_t i = 0; i < n; i++) pg->docs[i] = c->docs[order[i]];
  free(order);
  pg->first = xmalloc((n + 2) * sizeof *pg->first);
  pg->npages = 0;
  pg->grouped = matrix_grouped(c);
  for (size_t s = 0; s < n;) {
    size_t e = pg->grouped ? s + 1 : n;
    while (e < n && matrix_region_cmp(pg->docs[s], pg->docs[e]) == 0) e++;
    size_t run = e - s, np = (run + MATRIX_HTML_PAGE_COUNCILS - 1) / MATRIX_HTML_PAGE_COUNCILS;
    for (size_t g = 0; g < np; g++) pg->first[pg->npages++] = s + g * run / np;
    s = e;
  }
  pg->first[pg->npages] = n;
}

static void pages_free(mx_pages *pg) {
  free(pg->docs);
  free(pg->first);
}

/* "<theme>.html", or "<theme>-01.html" ... when the theme has pages. */
static void page_name(buf *b, const cc_theme *th, size_t page, size_t npages) {
  if (npages <= 1) {
    buf_printf(b, "%s.html", matrix_theme_key(th));
    return;
  }
  int width = 2;
  for (size_t n = npages; n >= 100; n /= 10) width++;
  buf_printf(b, "%s-%0*zu.html", matrix_theme_key(th), width, page + 1);
}

/* The pages of a theme: "Councils 1 to 100 (Ashbury ... Kingsford)", or
 * grouped "North West: councils 1 to 100 (...)", the current one marked. */
static void page_nav(xmlNodePtr parent, const mx_pages *pg, const cc_theme *th, size_t page,
                     const char *relroot) {
  size_t np = pg->npages;
  if (np <= 1) return;
  xmlNodePtr nav = html_el(parent, "nav", "matrix-pages");
  html_attr(nav, "aria-label", "Pages of councils");
  xmlNodePtr ul = html_el(nav, "ul", NULL);
  buf b = BUF_INIT, href = BUF_INIT;
  for (size_t g = 0; g < np; g++) {
    size_t first = pg->first[g], end = pg->first[g + 1];
    buf_clear(&b);
    if (pg->grouped) buf_printf(&b, "%s: c", region_label(pg->docs[first]));
    else buf_puts(&b, "C");
    buf_printf(&b, "ouncils %zu to %zu (%s \xE2\x80\xA6 %s)", first + 1, end,
               matrix_council_name(pg->docs[first]), matrix_council_name(pg->docs[end - 1]));
    buf_clear(&href);
    buf_puts(&href, relroot);
    page_name(&href, th, g, np);
    xmlNodePtr a = html_el_text(html_el(ul, "li", NULL), "a", NULL, buf_cstr(&b));
    html_attr(a, "href", buf_cstr(&href));
    if (g == page) html_attr(a, "aria-current", "page");
  }
  buf_free(&b);
  buf_free(&href);
}

/* site/matrix/<theme>.html (or one of its pages): councils (rows) by the
 * theme's topics (columns), then the number of the theme's provisions
 * each makes. */
static int write_theme_page(const cc_corpus *c, const mx_pages *pg, const cc_theme *th,
                            size_t page, const html_theme *theme, const cc_provision **cell,
                            size_t maxcl, outdir *o, diag_list *d) {
  size_t np = pg->npages, first = pg->first[page], end = pg->first[page + 1];
  buf b = BUF_INIT;
  buf_printf(&b, "Compare councils: %s", theme_label(th));
  if (pg->grouped) buf_printf(&b, ", %s", region_label(pg->docs[first]));
  if (np > 1) buf_printf(&b, ", councils %zu to %zu", first + 1, end);
  html_page *p = html_page_new(theme, buf_cstr(&b), "../", "matrix.html", c->build_epoch);
  buf_clear(&b);
  matrix_add_css(p, "../");
  xmlNodePtr main = html_page_main(p);
  xmlNodePtr crumbs = html_el(main, "nav", "breadcrumbs");
  html_attr(crumbs, "aria-label", "Breadcrumb");
  html_attr(html_el_text(crumbs, "a", NULL, "Compare councils"), "href", "../matrix.html");
  html_el_text(main, "h1", NULL, theme_label(th));
  if (th && th->definition) html_el_text(main, "p", "definition", th->definition);
  size_t ntopics = matrix_topics_of_theme(c, th);
  if (pg->grouped)
    buf_printf(&b, "Councils %zu to %zu of %zu, grouped by region, then kind of council, in "
               "pages of at most %d. ", first + 1, end, c->ndocs, MATRIX_HTML_PAGE_COUNCILS);
  else if (np > 1)
    buf_printf(&b, "Councils %zu to %zu of %zu, in pages of about %d. ", first + 1, end, c->ndocs,
               MATRIX_HTML_PAGE_COUNCILS);
  buf_printf(&b,
             "%zu provisions (topics) of this theme (columns) across %zu councils (rows). "
             "Each cell links to the clauses of that council's protocol that make the "
             "provision, or to the item of a list that makes it (\"2.9(e)\"); \"none\" means "
             "its protocol has no clause making it. Follow a topic to read the councils' "
             "wordings.",
             ntopics, c->ndocs);
  html_el_text(main, "p", NULL, buf_cstr(&b));
  buf_clear(&b);
  page_nav(main, pg, th, page, "");
  if (pg->grouped) html_el_text(main, "h2", "matrix-region", region_label(pg->docs[first]));

  xmlNodePtr wrap = html_el(main, "div", "matrix-scroll");
  html_attr(wrap, "tabindex", "0");
  html_attr(wrap, "role", "region");
  html_attr(wrap, "aria-labelledby", "matrix-caption");
  xmlNodePtr table = html_el(wrap, "table", "matrix matrix-by-council");
  buf_printf(&b, "%s: councils (rows) by provision (columns)", theme_label(th));
  html_attr(html_el_text(table, "caption", NULL, buf_cstr(&b)), "id", "matrix-caption");
  buf_clear(&b);
  xmlNodePtr tr = html_el(html_el(table, "thead", NULL), "tr", NULL);
  html_attr(html_el_text(tr, "th", NULL, "Council"), "scope", "col");
  for (size_t t = 0; t < c->ntopics; t++) {
    const cc_topic *tp = c->topics[t];
    if (tp->theme != th) continue;
    xmlNodePtr h = html_el(tr, "th", NULL);
    html_attr(h, "scope", "col");
    buf_printf(&b, "../topics/%s.html", tp->key);
    html_attr(html_el_text(h, "a", NULL, tp->label ? tp->label : tp->key), "href", buf_cstr(&b));
    buf_clear(&b);
  }
  html_attr(html_el_text(tr, "th", NULL, "Made"), "scope", "col");

  xmlNodePtr tbody = pg->grouped ? NULL : html_el(table, "tbody", NULL);
  for (size_t i = first; i < end; i++) {
    const cc_document *doc = pg->docs[i];
    if (pg->grouped && (i == first || matrix_kind_cmp(pg->docs[i - 1], doc) != 0)) {
      /* a row group per kind of council, headed "North West: parish" */
      tbody = html_el(table, "tbody", "matrix-group");
      xmlNodePtr gr = html_el(tbody, "tr", "matrix-group-heading");
      xmlNodePtr gh = html_el(gr, "th", NULL);
      html_attr(gh, "scope", "rowgroup");
      buf_printf(&b, "%zu", ntopics + 2);
      html_attr(gh, "colspan", buf_cstr(&b));
      buf_clear(&b);
      buf_printf(&b, "%s: %s", region_label(doc), kind_label(doc));
      html_text(gh, buf_cstr(&b));
      buf_clear(&b);
    }
    xmlNodePtr row = html_el(tbody, "tr", NULL);
    xmlNodePtr rth = html_el(row, "th", NULL);
    html_attr(rth, "scope", "row");
    buf_printf(&b, "../%s.html", doc->slug);
    html_attr(html_el_text(rth, "a", NULL, matrix_council_name(doc)), "href", buf_cstr(&b));
    buf_clear(&b);
    size_t made = 0;
    for (size_t t = 0; t < c->ntopics; t++) {
      const cc_topic *tp = c->topics[t];
      if (tp->theme != th) continue;
      size_t n = matrix_cell(tp, doc, cell, maxcl);
      xmlNodePtr td = html_el(row, "td", n ? NULL : "absent");
      html_attr(td, "data-label", tp->label ? tp->label : tp->key);
      if (n) {
        matrix_cell_links(td, cell, n, "../");
        made++;
      } else {
        html_text(td, "none");
      }
    }
    buf_printf(&b, "%zu of %zu", made, ntopics);
    html_attr(html_el_text(row, "td", "coverage", buf_cstr(&b)), "data-label", "Made");
    buf_clear(&b);
  }
  xmlNodePtr fr = html_el(html_el(table, "tfoot", NULL), "tr", NULL);
  html_attr(html_el_text(fr, "th", NULL, "Councils making it"), "scope", "row");
  for (size_t t = 0; t < c->ntopics; t++) {
    const cc_topic *tp = c->topics[t];
    if (tp->theme != th) continue;
    buf_printf(&b, "%zu of %zu", matrix_councils_making(tp), c->ndocs);
    html_attr(html_el_text(fr, "td", "coverage", buf_cstr(&b)), "data-label",
              tp->label ? tp->label : tp->key);
    buf_clear(&b);
  }
  html_el(fr, "td", NULL);
  page_nav(main, pg, th, page, "");
  xmlNodePtr dl = html_el(main, "p", "downloads");
  html_text(dl, "Download this theme for every council as a spreadsheet: ");
  buf_printf(&b, "%s.csv", matrix_theme_key(th));
  xmlNodePtr a = html_el_text(dl, "a", NULL, buf_cstr(&b));
  buf_clear(&b);
  buf_printf(&b, "../downloads/matrix/%s.csv", matrix_theme_key(th));
  html_attr(a, "href", buf_cstr(&b));
  buf_clear(&b);
  html_text(dl, ".");
  buf_puts(&b, "site/matrix/");
  page_name(&b, th, page, np);
  int rc = html_page_write(p, o, buf_cstr(&b), d);
  buf_free(&b);
  return rc;
}

/* site/matrix.html: per theme, how many councils make each topic, with
 * the theme's page for who makes it. */
#define MATRIX_VOLUMES_PAGE "matrix-pdf.html"

static int write_summary(const cc_corpus *c, const mx_pages *pg, const html_theme *theme,
                         int with_pdf, outdir *o, diag_list *d) {
  html_page *p = html_page_new(theme, "Compare councils: provisions by topic", "", "matrix.html",
                               c->build_epoch);
  matrix_add_css(p, "");
  xmlNodePtr main = html_page_main(p);
  html_el_text(main, "h1", NULL, "Compare councils: which council makes which provision");
  buf b = BUF_INIT;
  buf_printf(&b,
             "%zu provisions (topics) in %zu themes, compared across %zu councils. With this "
             "many councils the comparison is a page per theme, with a row per council; "
             "below, each theme's provisions with the number of councils making them. "
             "Follow a topic to read the councils' wordings.",
             c->ntopics, c->nthemes, c->ndocs);
  html_el_text(main, "p", NULL, buf_cstr(&b));
  buf_clear(&b);
  for (size_t h = 0; h <= c->nthemes; h++) {
    const cc_theme *th = h < c->nthemes ? c->themes[h] : NULL;
    if (!matrix_topics_of_theme(c, th)) continue;
    xmlNodePtr sec = html_el(main, "section", "matrix-theme");
    buf_printf(&b, "theme-%s", matrix_theme_key(th));
    xmlNodePtr h2 = html_el_text(sec, "h2", NULL, theme_label(th));
    html_attr(h2, "id", buf_cstr(&b));
    buf_clear(&b);
    buf_puts(&b, "matrix/");
    page_name(&b, th, 0, pg->npages);
    xmlNodePtr para = html_el(sec, "p", NULL);
    xmlNodePtr a = html_el_text(para, "a", NULL, "Which council makes which of these provisions");
    html_attr(a, "href", buf_cstr(&b));
    buf_clear(&b);
    /* every theme has such a link: say which one it is to a screen reader */
    buf_printf(&b, ": %s", theme_label(th));
    html_hidden(a, buf_cstr(&b));
    buf_clear(&b);
    /* grouped, the list of a theme's pages (a region's each) is on the
       theme's pages only: here, times every theme, it made the summary
       grow with the number of regions */
    if (!pg->grouped) page_nav(sec, pg, th, (size_t)-1, "matrix/");
    xmlNodePtr table = html_el(sec, "table", "matrix matrix-summary");
    buf_printf(&b, "%s: councils making each provision", theme_label(th));
    html_el_text(table, "caption", "visually-hidden", buf_cstr(&b));
    buf_clear(&b);
    xmlNodePtr tr = html_el(html_el(table, "thead", NULL), "tr", NULL);
    html_attr(html_el_text(tr, "th", NULL, "Provision"), "scope", "col");
    html_attr(html_el_text(tr, "th", NULL, "Councils making it"), "scope", "col");
    xmlNodePtr tbody = html_el(table, "tbody", NULL);
    for (size_t t = 0; t < c->ntopics; t++) {
      const cc_topic *tp = c->topics[t];
      if (tp->theme != th) continue;
      xmlNodePtr row = matrix_topic_row(tbody, tp);
      buf_printf(&b, "%zu of %zu", matrix_councils_making(tp), c->ndocs);
      html_attr(html_el_text(row, "td", "coverage", buf_cstr(&b)), "data-label",
                "Councils making it");
      buf_clear(&b);
    }
  }
  matrix_downloads(main, c, with_pdf, "", MATRIX_VOLUMES_PAGE);
  buf_free(&b);
  return html_page_write(p, o, "site/matrix.html", d);
}

/* site/matrix-pdf.html: every volume of the matrix PDF, which the
 * summary links (beside it: site/matrix/ holds the themes' pages). */
static int write_volumes_page(const cc_corpus *c, const html_theme *theme, outdir *o,
                              diag_list *d) {
  html_page *p = html_page_new(theme, "Compare councils: the matrix as PDF volumes", "",
                               "matrix.html", c->build_epoch);
  matrix_add_css(p, "");
  xmlNodePtr main = html_page_main(p);
  xmlNodePtr crumbs = html_el(main, "nav", "breadcrumbs");
  html_attr(crumbs, "aria-label", "Breadcrumb");
  html_attr(html_el_text(crumbs, "a", NULL, "Compare councils"), "href", "matrix.html");
  html_el_text(main, "h1", NULL, "The matrix as PDF volumes");
  matrix_downloads(main, c, 1, "", NULL);
  return html_page_write(p, o, "site/" MATRIX_VOLUMES_PAGE, d);
}

int matrix_write_large_html(const cc_corpus *c, const html_theme *theme, int with_pdf,
                            outdir *o, diag_list *d) {
  mx_pages pg;
  pages_make(c, &pg);
  if (write_summary(c, &pg, theme, with_pdf, o, d) != 0 ||
      (with_pdf && matrix_pdf_volume_count(c->ndocs) > 1 && write_volumes_page(c, theme, o, d) != 0)) {
    pages_free(&pg);
    return -1;
  }
  size_t maxcl = 1;
  for (size_t t = 0; t < c->ntopics; t++)
    if (c->topics[t]->nprovisions > maxcl) maxcl = c->topics[t]->nprovisions;
  const cc_provision **cell = xcalloc(maxcl, sizeof *cell);
  int rc = 0;
  for (size_t h = 0; h <= c->nthemes && rc == 0; h++) {
    const cc_theme *th = h < c->nthemes ? c->themes[h] : NULL;
    if (!matrix_topics_of_theme(c, th)) continue;
    for (size_t g = 0; g < pg.npages && rc == 0; g++)
      rc = write_theme_page(c, &pg, th, g, theme, cell, maxcl, o, d);
  }
  free(cell);
  pages_free(&pg);
  return rc;
}
