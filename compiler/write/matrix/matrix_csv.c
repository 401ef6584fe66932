/* matrix_csv.c - matrix.csv (RFC 4180): header "topic,theme,label,<slug>..."
 * then one row per topic; a council's cell holds the ids of its
 * provisions making it (a clause's id, or an item's: "para-2.9-e"), separated by spaces (ids never contain spaces),
 * empty when it has none. CRLF line ends, fields quoted when they hold a
 * comma, quote, CR or LF, quotes doubled. A field that starts with =, +,
 * -, @, TAB or CR is prefixed with ' (OWASP's CSV injection advice): a
 * spreadsheet would run a topic label "=HYPERLINK(...)" as a formula. */
#include "write/matrix/matrix_internal.h"

#include <stdlib.h>
#include <string.h>

static void field(buf *b, const char *s, int first) {
  if (!first) buf_putc(b, ',');
  if (!s) return;
  int formula = *s && strchr("=+-@\t\r", *s) != NULL;
  if (!strpbrk(s, ",\"\r\n")) {
    if (formula) buf_putc(b, '\'');
    buf_puts(b, s);
    return;
  }
  buf_putc(b, '"');
  if (formula) buf_putc(b, '\'');
  for (const char *p = s; *p; p++) {
    if (*p == '"') buf_putc(b, '"');
    buf_putc(b, *p);
  }
  buf_putc(b, '"');
}

/* A council's cell for topic TP: the ids of its provisions making it. */
static void cell_ids(buf *ids, const cc_topic *tp, const cc_document *doc,
                     const cc_provision **cell, size_t maxcl) {
  size_t n = matrix_cell(tp, doc, cell, maxcl);
  buf_clear(ids);
  for (size_t k = 0; k < n; k++) {
    if (k) buf_putc(ids, ' ');
    buf_puts(ids, model_provision_id(cell[k]));
  }
}

static size_t max_provisions(const cc_corpus *c) {
  size_t maxcl = 0;
  for (size_t t = 0; t < c->ntopics; t++)
    if (c->topics[t]->nprovisions > maxcl) maxcl = c->topics[t]->nprovisions;
  return maxcl;
}

/* matrix/<theme>.csv: the same cells turned round, a row per council
 * ("slug,council,kind,<topic>...") and a column per topic of one theme.
 * Past MATRIX_HTML_FULL_MAX councils a sheet with a column per council is
 * read by scrolling sideways through thousands of columns (and past
 * 16,381 councils no spreadsheet opens it); a theme's sheet has twenty-odd
 * columns whatever the size of the corpus, and its rows sort and filter. */
static int write_theme_csv(const cc_corpus *c, const cc_theme *th, outdir *o, diag_list *d) {
  buf b = BUF_INIT, ids = BUF_INIT;
  size_t maxcl = max_provisions(c);
  const cc_provision **cell = xcalloc(maxcl + 1, sizeof *cell);
  field(&b, "slug", 1);
  field(&b, "council", 0);
  field(&b, "kind", 0);
  field(&b, "region", 0); /* to sort and filter on, as the theme pages group */
  for (size_t t = 0; t < c->ntopics; t++)
    if (c->topics[t]->theme == th) field(&b, c->topics[t]->key, 0);
  buf_puts(&b, "\r\n");
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    field(&b, doc->slug, 1);
    field(&b, matrix_council_name(doc), 0);
    field(&b, doc->kind, 0);
    field(&b, doc->region, 0);
    for (size_t t = 0; t < c->ntopics; t++) {
      if (c->topics[t]->theme != th) continue;
      cell_ids(&ids, c->topics[t], doc, cell, maxcl);
      field(&b, buf_cstr(&ids), 0);
    }
    buf_puts(&b, "\r\n");
  }
  free(cell);
  buf_clear(&ids);
  buf_printf(&ids, "matrix/%s.csv", matrix_theme_key(th));
  int rc = outdir_write(o, buf_cstr(&ids), buf_cstr(&b), b.len, d);
  buf_free(&ids);
  buf_free(&b);
  return rc;
}

int matrix_write_theme_csvs(const cc_corpus *c, outdir *o, diag_list *d) {
  if (!matrix_by_theme(c)) return 0;
  for (size_t h = 0; h <= c->nthemes; h++) {
    const cc_theme *th = h < c->nthemes ? c->themes[h] : NULL;
    if (matrix_topics_of_theme(c, th) && write_theme_csv(c, th, o, d) != 0) return -1;
  }
  return 0;
}

int matrix_write_csv(const cc_corpus *c, outdir *o, diag_list *d) {
  buf b = BUF_INIT;
  field(&b, "topic", 1);
  field(&b, "theme", 0);
  field(&b, "label", 0);
  for (size_t i = 0; i < c->ndocs; i++) field(&b, c->docs[i]->slug, 0);
  buf_puts(&b, "\r\n");
  size_t maxcl = max_provisions(c);
  const cc_provision **cell = xcalloc(maxcl + 1, sizeof *cell);
  buf ids = BUF_INIT;
  for (size_t t = 0; t < c->ntopics; t++) {
    const cc_topic *tp = c->topics[t];
    field(&b, tp->key, 1);
    field(&b, tp->theme ? tp->theme->key : "", 0);
    field(&b, tp->label, 0);
    for (size_t i = 0; i < c->ndocs; i++) {
      cell_ids(&ids, tp, c->docs[i], cell, maxcl);
      field(&b, buf_cstr(&ids), 0);
    }
    buf_puts(&b, "\r\n");
  }
  buf_free(&ids);
  free(cell);
  int rc = outdir_write(o, "matrix.csv", buf_cstr(&b), b.len, d);
  buf_free(&b);
  return rc;
}
