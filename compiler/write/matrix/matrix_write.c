/* matrix_write.c - site/matrix.html, and the writer's entry points (see
 * matrix_write.h). */
#include "write/matrix/matrix_write.h"
#include "write/diff/diff_html.h"
#include "write/html/html_tree.h"
#include "write/matrix/matrix_internal.h"

#include <string.h>

static int write_matrix_html(const cc_corpus *c, const html_theme *theme, int with_pdf, outdir *o,
                             diag_list *d) {
  html_page *p = html_page_new(theme, "Compare councils: provisions by topic", "", "matrix.html",
                               c->build_epoch);
  matrix_add_css(p, "");
  xmlNodePtr main = html_page_main(p);
  html_el_text(main, "h1", NULL, "Compare councils: which council makes which provision");
  size_t nd = c->ndocs, maxcl = 0;
  for (size_t t = 0; t < c->ntopics; t++)
    if (c->topics[t]->nprovisions > maxcl) maxcl = c->topics[t]->nprovisions;
  buf b = BUF_INIT;
  buf_printf(&b,
             "%zu provisions (topics) in %zu themes, compared across %zu councils. Each cell "
             "links to the clauses of that council's protocol that make the provision, or to "
             "the item of a list that makes it (\"2.9(e)\"); \"none\" means its protocol has "
             "no clause making it. Follow a topic to read "
             "the councils' wordings side by side.",
             c->ntopics, c->nthemes, nd);
  html_el_text(main, "p", NULL, buf_cstr(&b));
  buf_clear(&b);
  /* the full width of the window: council names need room (matrix_css) */
  html_attr(main, "class", "wrap wide");
  xmlNodePtr more = html_el(main, "p", NULL);
  html_text(more, "A cell names a clause by its number; where a council misprinted its "
                  "numbering, by the right number and the printed one (\"3.1 (printed "
                  "1.1)\"). The last column counts the councils making each provision, "
                  "in words and by shading. ");
  html_attr(html_el_text(more, "a", NULL, "Compare two councils side by side"), "href",
            "compare/index.html");
  html_text(more, ".");
  matrix_filters_form(main, c);

  /* the table as bytes (html_out.h): a few thousand cells and links cost
     more as tree nodes than anything else on the page */
  html_out out = HTML_OUT_INIT, *w = &out;
  html_out_start(w, "div", "matrix-scroll");
  /* a scrolling region must be reachable by keyboard and named */
  html_out_attr(w, "tabindex", "0");
  html_out_attr(w, "role", "region");
  html_out_attr(w, "aria-labelledby", "matrix-caption");
  html_out_start(w, "table", "matrix");
  html_out_start(w, "caption", NULL);
  html_out_attr(w, "id", "matrix-caption");
  html_out_text(w, "Provisions (rows, grouped by theme) by council (columns)");
  html_out_end(w, "caption");
  html_out_start(w, "thead", NULL);
  html_out_start(w, "tr", NULL);
  html_out_start(w, "th", NULL);
  html_out_attr(w, "scope", "col");
  html_out_text(w, "Provision");
  html_out_end(w, "th");
  for (size_t i = 0; i < nd; i++) {
    html_out_start(w, "th", NULL);
    html_out_attr(w, "scope", "col");
    html_out_attr(w, "data-slug", c->docs[i]->slug);
    buf_printf(&b, "%s.html", c->docs[i]->slug);
    html_out_start(w, "a", NULL);
    html_out_attr(w, "href", buf_cstr(&b));
    html_out_text(w, matrix_council_name(c->docs[i]));
    html_out_end(w, "a");
    html_out_end(w, "th");
    buf_clear(&b);
  }
  html_out_start(w, "th", NULL);
  html_out_attr(w, "scope", "col");
  html_out_text(w, "Councils");
  html_out_end(w, "th");
  html_out_end(w, "tr");
  html_out_end(w, "thead");

  size_t *covered = xcalloc(nd + 1, sizeof *covered);
  const cc_provision **cell = xcalloc(maxcl + 1, sizeof *cell);
  char ncols[32];
  buf_printf(&b, "%zu", nd + 2);
  memcpy(ncols, buf_cstr(&b), b.len + 1);
  buf_clear(&b);
  for (size_t h = 0; h <= c->nthemes; h++) {
    /* themes in taxonomy order, then topics without a theme (if any) */
    const cc_theme *th = h < c->nthemes ? c->themes[h] : NULL;
    if (!matrix_topics_of_theme(c, th)) continue;
    html_out_start(w, "tbody", NULL);
    html_out_attr(w, "data-theme", th ? th->key : "");
    html_out_start(w, "tr", "theme-row");
    html_out_start(w, "th", NULL);
    html_out_attr(w, "scope", "rowgroup");
    html_out_attr(w, "colspan", ncols);
    if (th) {
      buf_printf(&b, "theme-%s", th->key);
      html_out_attr(w, "id", buf_cstr(&b));
      buf_clear(&b);
    }
    html_out_text(w, th ? th->label : "Other provisions");
    html_out_end(w, "th");
    html_out_end(w, "tr");
    for (size_t t = 0; t < c->ntopics; t++) {
      const cc_topic *tp = c->topics[t];
      if (tp->theme != th) continue;
      html_out_start(w, "tr", NULL);
      buf_printf(&b, "topic-%s", tp->key);
      html_out_attr(w, "id", buf_cstr(&b));
      buf_clear(&b);
      html_out_start(w, "th", NULL);
      html_out_attr(w, "scope", "row");
      buf_printf(&b, "topics/%s.html", tp->key);
      html_out_start(w, "a", NULL);
      html_out_attr(w, "href", buf_cstr(&b));
      html_out_text(w, tp->label ? tp->label : tp->key);
      html_out_end(w, "a");
      html_out_end(w, "th");
      buf_clear(&b);
      size_t present = 0;
      for (size_t i = 0; i < nd; i++) {
        size_t n = matrix_cell(tp, c->docs[i], cell, maxcl);
        html_out_start(w, "td", n ? NULL : "absent");
        html_out_attr(w, "data-label", matrix_council_name(c->docs[i]));
        if (n) {
          matrix_cell_links_out(w, cell, n, "");
          present++;
          covered[i]++;
        } else {
          html_out_text(w, "none");
        }
        html_out_end(w, "td");
      }
      buf_printf(&b, "%zu of %zu", present, nd);
      html_out_start(w, "td", matrix_coverage_class(present, nd));
      html_out_attr(w, "data-label", "Councils");
      html_out_text(w, buf_cstr(&b));
      html_out_end(w, "td");
      buf_clear(&b);
      html_out_end(w, "tr");
    }
    html_out_end(w, "tbody");
  }
  html_out_start(w, "tfoot", NULL);
  html_out_start(w, "tr", NULL);
  html_out_start(w, "th", NULL);
  html_out_attr(w, "scope", "row");
  html_out_text(w, "Provisions made");
  html_out_end(w, "th");
  for (size_t i = 0; i < nd; i++) {
    buf_printf(&b, "%zu of %zu", covered[i], c->ntopics);
    html_out_start(w, "td", "coverage");
    html_out_attr(w, "data-label", matrix_council_name(c->docs[i]));
    html_out_text(w, buf_cstr(&b));
    html_out_end(w, "td");
    buf_clear(&b);
  }
  html_out_start(w, "td", NULL);
  html_out_end(w, "td");
  html_out_end(w, "tr");
  html_out_end(w, "tfoot");
  html_out_end(w, "table");
  html_out_end(w, "div");
  html_fragment frag;
  html_out_append(w, main, &frag);
  matrix_coverage_key(main);
  matrix_downloads(main, c, with_pdf, "", NULL); /* at most three volumes here */
  matrix_add_script(p, "", "matrix.js");
  buf_free(&b);
  free(covered);
  free(cell);
  int rc = html_page_write(p, o, "site/matrix.html", d);
  html_fragment_free(&frag);
  return rc;
}

static int write_css(outdir *o, diag_list *d) {
  buf b = BUF_INIT;
  buf_puts(&b, matrix_css);
  buf_puts(&b, diff_html_css);
  int rc = outdir_write(o, "site/compare.css", b.data, b.len, d);
  buf_free(&b);
  return rc;
}

/* The matrix uses the HTML writer's default theme; its pages list the
 * matrix in their navigation (it is being written). */
static html_themes *default_theme(const cc_corpus *c, const html_theme **theme, diag_list *d) {
  html_themes *themes = html_themes_new(c, 1);
  cc_pos nowhere = {NULL, 0, 0}; /* no source chose it: a problem is the theme's */
  *theme = html_themes_get(themes, "default", nowhere, d);
  return themes;
}

int matrix_write(const cc_corpus *c, int with_pdf, outdir *o, diag_list *d) {
  const html_theme *theme;
  html_themes *themes = default_theme(c, &theme, d);
  int rc = -1;
  if (theme &&
      (c->ndocs > MATRIX_HTML_FULL_MAX ? matrix_write_large_html(c, theme, with_pdf, o, d)
                                       : write_matrix_html(c, theme, with_pdf, o, d)) == 0 &&
      matrix_write_csv(c, o, d) == 0 && matrix_write_theme_csvs(c, o, d) == 0 &&
      write_css(o, d) == 0 && html_themes_copy_assets(themes, o, d) == 0)
    rc = 0;
  html_themes_free(themes);
  return rc;
}

int matrix_compare_write(const cc_corpus *c, outdir *o, diag_list *d) {
  const html_theme *theme;
  html_themes *themes = default_theme(c, &theme, d);
  int rc = theme && matrix_compare_write_site(c, theme, o, d) == 0 ? 0 : -1;
  html_themes_free(themes);
  return rc;
}

struct matrix_topics {
  const cc_corpus *c;
  html_themes *themes;
  const html_theme *theme;
};

matrix_topics *matrix_topics_begin(const cc_corpus *c, diag_list *d) {
  matrix_topics *m = xcalloc(1, sizeof *m);
  m->c = c;
  m->themes = default_theme(c, &m->theme, d);
  if (!m->theme) {
    matrix_topics_end(m);
    return NULL;
  }
  return m;
}

int matrix_topics_write(const matrix_topics *m, const cc_topic *t, outdir *o, diag_list *d) {
  return matrix_write_topic(m->c, t, m->theme, o, d);
}

void matrix_topics_end(matrix_topics *m) {
  if (!m) return;
  html_themes_free(m->themes);
  free(m);
}
