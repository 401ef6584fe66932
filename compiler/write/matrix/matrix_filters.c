/* matrix_filters.c - what site/matrix.html adds for its reader beyond the
 * table: the filters form (hidden until themes/default/matrix.js runs, so
 * without JavaScript there is no control that does nothing and the whole
 * table shows), the coverage shading's classes and its key, and the
 * script element. The filtering itself is the script's (docs/matrix.md). */
#include "write/html/html_tree.h"
#include "write/matrix/matrix_internal.h"

#include <string.h>

static xmlNodePtr labelled(xmlNodePtr parent, const char *id, const char *text) {
  xmlNodePtr l = html_el_text(parent, "label", NULL, text);
  html_attr(l, "for", id);
  return l;
}

static xmlNodePtr checkbox(xmlNodePtr parent, const char *id, const char *value, const char *text,
                           int checked) {
  xmlNodePtr div = html_el(parent, "div", "mf-check");
  xmlNodePtr in = html_el(div, "input", NULL);
  html_attr(in, "type", "checkbox");
  html_attr(in, "id", id);
  if (value) html_attr(in, "value", value);
  if (checked) html_attr(in, "checked", "");
  labelled(div, id, text);
  return in;
}

static void council_options(xmlNodePtr select, const cc_corpus *c) {
  for (size_t i = 0; i < c->ndocs; i++)
    html_attr(html_el_text(select, "option", NULL, matrix_council_name(c->docs[i])), "value",
              c->docs[i]->slug);
}

void matrix_filters_form(xmlNodePtr main, const cc_corpus *c) {
  xmlNodePtr form = html_el(main, "form", "matrix-filters");
  html_attr(form, "id", "mf");
  html_attr(form, "hidden", "");
  html_attr(form, "aria-labelledby", "mf-heading");
  html_attr(form, "data-excerpts", "matrix-excerpts.json");
  html_attr(html_el_text(form, "h2", NULL, "Show only some provisions"), "id", "mf-heading");

  xmlNodePtr row = html_el(form, "div", "mf-row");
  xmlNodePtr div = html_el(row, "div", "mf-field");
  labelled(div, "mf-theme", "Theme");
  xmlNodePtr sel = html_el(div, "select", NULL);
  html_attr(sel, "id", "mf-theme");
  html_attr(html_el_text(sel, "option", NULL, "All themes"), "value", "");
  for (size_t h = 0; h < c->nthemes; h++)
    if (matrix_topics_of_theme(c, c->themes[h]))
      html_attr(html_el_text(sel, "option", NULL, c->themes[h]->label), "value", c->themes[h]->key);

  div = html_el(row, "div", "mf-field");
  labelled(div, "mf-lacks", "Only provisions this council lacks");
  sel = html_el(div, "select", NULL);
  html_attr(sel, "id", "mf-lacks");
  html_attr(html_el_text(sel, "option", NULL, "Any council"), "value", "");
  council_options(sel, c);

  xmlNodePtr fs = html_el(form, "fieldset", "mf-councils");
  html_el_text(fs, "legend", NULL, "Councils shown");
  buf id = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    buf_clear(&id);
    buf_printf(&id, "mf-c-%s", c->docs[i]->slug);
    checkbox(fs, buf_cstr(&id), c->docs[i]->slug, matrix_council_name(c->docs[i]), 1);
  }
  buf_free(&id);

  checkbox(form, "mf-differ", NULL, "Only provisions where the councils shown differ", 0);
  checkbox(form, "mf-excerpts", NULL, "Show the opening words of each provision", 0);
  xmlNodePtr st = html_el(form, "p", "mf-status");
  html_attr(st, "id", "mf-status");
  html_attr(st, "role", "status");
  /* the script makes the table one Tab stop (a grid): say how to move in it */
  html_attr(html_el_text(form, "p", "mf-keys",
                         "In the table, Tab stops once: the arrow keys move between its cells "
                         "and links, Home and End go to the ends of a row, Control+Home and "
                         "Control+End to the first and last row, Enter follows a link."),
            "id", "mf-keys");
}

const char *matrix_coverage_class(size_t present, size_t n) {
  if (present == 0) return "coverage cov-none";
  if (present == n) return "coverage cov-all";
  return 2 * present >= n ? "coverage cov-most" : "coverage cov-few";
}

void matrix_coverage_key(xmlNodePtr main) {
  xmlNodePtr p = html_el(main, "p", "coverage-key");
  html_text(p, "Shading of the Councils column (the words say the same): ");
  static const char *const key[][2] = {{"cov-all", "every council"},
                                       {"cov-most", "half or more"},
                                       {"cov-few", "fewer than half"},
                                       {"cov-none", "none"}};
  for (size_t i = 0; i < sizeof key / sizeof *key; i++) {
    if (i) html_text(p, ", ");
    xmlNodePtr s = html_el(p, "span", "coverage");
    html_attr(s, "class", key[i][0][4] == 'a'   ? "coverage cov-all"
                          : key[i][0][4] == 'm' ? "coverage cov-most"
                          : key[i][0][4] == 'f' ? "coverage cov-few"
                                                : "coverage cov-none");
    html_text(s, key[i][1]);
  }
  html_text(p, ".");
}

void matrix_add_script(html_page *p, const char *relroot, const char *file) {
  buf b = BUF_INIT;
  buf_printf(&b, "%sthemes/default/%s", relroot, file);
  html_page_add_body_script(p, buf_cstr(&b));
  buf_free(&b);
}
