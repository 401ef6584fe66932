/* matrix_common.c - what every page of the matrix writer shares: the
 * provisions in a cell, a clause's and a provision's label, a council's name, the stylesheet
 * link (matrix_internal.h). The table, the CSV, the topic pages and the
 * PDF call these; these call none of them. */
#include "write/html/html_tree.h"
#include "write/matrix/matrix_write.h"
#include "write/matrix/matrix_internal.h"

#include <stdlib.h>
#include <string.h>

/* t->provisions is in corpus order (linker.h), so DOC's provisions are one
 * run, found by binary search: a scan of the topic per cell made the
 * matrix quadratic in the councils (40% of the build at 5,000). */
size_t matrix_cell(const cc_topic *t, const cc_document *doc, const cc_provision **out, size_t max) {
  size_t lo = 0, hi = t->nprovisions;
  while (lo < hi) { /* first provision of a document at or after DOC */
    size_t mid = lo + (hi - lo) / 2;
    if (t->provisions[mid].clause->doc->index < doc->index) lo = mid + 1;
    else hi = mid;
  }
  size_t n = 0;
  for (size_t i = lo; i < t->nprovisions && n < max && t->provisions[i].clause->doc == doc; i++)
    out[n++] = &t->provisions[i];
  return n;
}

size_t matrix_topics_of_theme(const cc_corpus *c, const cc_theme *th) {
  size_t n = 0;
  for (size_t t = 0; t < c->ntopics; t++) n += c->topics[t]->theme == th;
  return n;
}

/* "2.9(e)" goes to the item (<slug>.html#para-2.9-e), "2.1" to the clause. */
void matrix_cell_links(xmlNodePtr td, const cc_provision **ps, size_t n, const char *relroot) {
  for (size_t i = 0; i < n; i++) {
    if (i) html_text(td, ", ");
    buf b = BUF_INIT;
    buf_puts(&b, relroot); /* not buf_printf: a link per provision of every page */
    buf_puts(&b, matrix_printable(ps[i]->clause->doc->slug));
    buf_puts(&b, ".html#");
    buf_puts(&b, model_provision_id(ps[i]));
    xmlNodePtr a = html_el(td, "a", NULL);
    html_attr(a, "href", buf_cstr(&b));
    buf_clear(&b);
    /* the link says which council even when read out of the table */
    buf_puts(&b, matrix_printable(matrix_council_name(ps[i]->clause->doc)));
    buf_putc(&b, ' ');
    html_hidden(a, buf_cstr(&b));
    buf_clear(&b);
    matrix_provision_name(&b, ps[i]);
    html_text(a, buf_cstr(&b));
    buf_free(&b);
  }
}

void matrix_cell_links_out(html_out *o, const cc_provision **ps, size_t n, const char *relroot) {
  buf b = BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if (i) html_out_text(o, ", ");
    buf_clear(&b);
    buf_puts(&b, relroot); /* not buf_printf: a link per provision of every page */
    buf_puts(&b, matrix_printable(ps[i]->clause->doc->slug));
    buf_puts(&b, ".html#");
    buf_puts(&b, model_provision_id(ps[i]));
    html_out_start(o, "a", NULL);
    html_out_attr(o, "href", buf_cstr(&b));
    buf_clear(&b);
    buf_puts(&b, matrix_printable(matrix_council_name(ps[i]->clause->doc)));
    buf_putc(&b, ' ');
    html_out_hidden(o, buf_cstr(&b));
    buf_clear(&b);
    matrix_provision_name(&b, ps[i]);
    html_out_text(o, buf_cstr(&b));
    html_out_end(o, "a");
  }
  buf_free(&b);
}

xmlNodePtr matrix_topic_row(xmlNodePtr tbody, const cc_topic *tp) {
  xmlNodePtr row = html_el(tbody, "tr", NULL);
  buf b = BUF_INIT;
  buf_printf(&b, "topic-%s", tp->key);
  html_attr(row, "id", buf_cstr(&b));
  buf_clear(&b);
  xmlNodePtr rth = html_el(row, "th", NULL);
  html_attr(rth, "scope", "row");
  buf_printf(&b, "topics/%s.html", tp->key);
  html_attr(html_el_text(rth, "a", NULL, tp->label ? tp->label : tp->key), "href", buf_cstr(&b));
  buf_free(&b);
  return row;
}

size_t matrix_councils_making(const cc_topic *t) {
  size_t n = 0; /* provisions are in corpus order: count changes of document */
  for (size_t i = 0; i < t->nprovisions; i++)
    n += i == 0 || t->provisions[i].clause->doc != t->provisions[i - 1].clause->doc;
  return n;
}

void matrix_clause_label(buf *b, const cc_clause *cl) {
  const char *n = model_clause_number_shown(cl);
  if (n && *n) {
    /* "1.1." prints as "1.1" in a cell: the trailing dot is typography */
    size_t len = strlen(n);
    while (len > 1 && n[len - 1] == '.') len--;
    buf_put(b, n, len);
    return;
  }
  if (cl->section && cl->section->heading_text && *cl->section->heading_text)
    buf_printf(b, "%s \xC2\xB6%d", cl->section->heading_text, cl->ordinal);
  else
    buf_printf(b, "\xC2\xB6%d", cl->ordinal);
}

void matrix_provision_label(buf *b, const cc_provision *p) {
  matrix_clause_label(b, p->clause);
  model_item_label_put(b, p->item);
}

/* Brent prints its section 3 as "1.1", "1.2", ...: the canonical number
 * (3.1) names the clause, the printed one is what a reader of the paper
 * sees, so both are given where they differ. */
void matrix_provision_name(buf *b, const cc_provision *p) {
  const cc_clause *cl = p->clause;
  const char *n = cl->number;
  size_t len = n ? strlen(n) : 0;
  while (len > 1 && n[len - 1] == '.') len--;
  if (!n || !cl->canonical || (strlen(cl->canonical) == len && !strncmp(n, cl->canonical, len))) {
    matrix_provision_label(b, p);
    return;
  }
  buf_puts(b, cl->canonical);
  model_item_label_put(b, p->item);
  buf_puts(b, " (printed ");
  buf_put(b, n, len);
  model_item_label_put(b, p->item);
  buf_putc(b, ')');
}

const char *matrix_council_name(const cc_document *doc) {
  return doc->council ? doc->council : doc->slug;
}

void matrix_add_css(html_page *p, const char *relroot) {
  buf b = BUF_INIT;
  buf_printf(&b, "%scompare.css", relroot);
  html_page_add_css(p, buf_cstr(&b));
  buf_free(&b);
}


int matrix_by_theme(const cc_corpus *c) { return c->ndocs > MATRIX_HTML_FULL_MAX; }

const char *matrix_theme_key(const cc_theme *th) { return th ? th->key : "other"; }

const char *matrix_theme_csv(arena *a, const cc_corpus *c, size_t h) {
  if (!matrix_by_theme(c) || h > c->nthemes) return NULL;
  const cc_theme *th = h < c->nthemes ? c->themes[h] : NULL;
  if (!matrix_topics_of_theme(c, th)) return NULL;
  return arena_printf(a, "matrix/%s.csv", matrix_theme_key(th));
}

int matrix_grouped(const cc_corpus *c) { return c->ndocs > MATRIX_HTML_PAGE_COUNCILS; }

/* Known regions in their order (model_known_regions), then others by
 * name (a warning when read), then none. */
int matrix_region_cmp(const cc_document *a, const cc_document *b) {
  int ra = model_region_rank(a->region), rb = model_region_rank(b->region);
  int ca = !a->region ? 2 : ra < 0, cb = !b->region ? 2 : rb < 0;
  if (ca != cb) return ca - cb;
  if (ca == 0) return ra - rb;
  return ca == 1 ? strcmp(a->region, b->region) : 0;
}

int matrix_kind_cmp(const cc_document *a, const cc_document *b) {
  if (!a->kind || !b->kind) return !a->kind - !b->kind;
  return strcmp(a->kind, b->kind);
}

/* qsort has no context argument: the corpus being ordered, per thread */
static _Thread_local const cc_corpus *order_corpus;

static int group_cmp(const void *x, const void *y) {
  size_t i = *(const size_t *)x, j = *(const size_t *)y;
  const cc_document *a = order_corpus->docs[i], *b = order_corpus->docs[j];
  int r = matrix_region_cmp(a, b);
  if (!r) r = matrix_kind_cmp(a, b);
  if (!r) r = (i > j) - (i < j);
  return r;
}

size_t *matrix_group_order(const cc_corpus *c) {
  size_t *order = xmalloc((c->ndocs ? c->ndocs : 1) * sizeof *order);
  for (size_t i = 0; i < c->ndocs; i++) order[i] = i;
  if (matrix_grouped(c)) {
    order_corpus = c;
    qsort(order, c->ndocs, sizeof *order, group_cmp);
    order_corpus = NULL;
  }
  return order;
}
