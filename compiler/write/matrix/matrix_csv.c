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

int matrix_write_csv(const cc_corpus *c, outdir *o, diag_list *d) {
  buf b = BUF_INIT;
  field(&b, "topic", 1);
  field(&b, "theme", 0);
  field(&b, "label", 0);
  for (size_t i = 0; i < c->ndocs; i++) field(&b, c->docs[i]->slug, 0);
  buf_puts(&b, "\r\n");
  size_t maxcl = 0;
  for (size_t t = 0; t < c->ntopics; t++)
    if (c->topics[t]->nprovisions > maxcl) maxcl = c->topics[t]->nprovisions;
  const cc_provision **cell = xcalloc(maxcl + 1, sizeof *cell);
  buf ids = BUF_INIT;
  for (size_t t = 0; t < c->ntopics; t++) {
    const cc_topic *tp = c->topics[t];
    field(&b, tp->key, 1);
    field(&b, tp->theme ? tp->theme->key : "", 0);
    field(&b, tp->label, 0);
    for (size_t i = 0; i < c->ndocs; i++) {
      size_t n = matrix_cell(tp, c->docs[i], cell, maxcl);
      buf_clear(&ids);
      for (size_t k = 0; k < n; k++) {
        if (k) buf_putc(&ids, ' ');
        buf_puts(&ids, model_provision_id(cell[k]));
      }
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
