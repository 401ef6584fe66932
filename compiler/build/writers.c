/* writers.c - the writer table (see writers.h). Order matters only for
 * speed of failure: cheap writers first. The split entry points of the
 * per-document writers (html, akn, pdf) are here: thin adapters over the
 * writers' own per-document functions. */
#define _POSIX_C_SOURCE 200809L
#include "build/writers.h"
#include "write/akn/akn_export.h"
#include "base/buf.h"
#include "write/html/html_site.h"
#include "write/json/json_export.h"
#include "write/layout/layout_hyph.h"
#include "write/pdf/pdf_writer.h"
#include "write/matrix/matrix_write.h"
#include "write/matrix/matrix_pdf.h"
#include "build/pipeline.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- html ------------------------------------------------------------------ */

static void *html_begin(const cc_corpus *c, diag_list *d) { return html_site_begin(c, d); }
static int html_doc(void *s, const cc_document *doc, outdir *o, diag_list *d) {
  return html_site_write_document(s, doc, o, d);
}
static int html_finish(void *s, const cc_corpus *c, outdir *o, diag_list *d) {
  (void)c;
  return html_site_finish(s, o, d);
}
static void html_end(void *s) { html_site_end(s); }
/* the theme's files are hashed with the inputs; which theme folder matters */
static void html_fp(void *s, const cc_document *doc, buf *b) {
  const char *dir = html_site_theme_dir(s, doc);
  buf_printf(b, "theme-dir %s\n", dir ? dir : "-");
}

/* ---- akn ------------------------------------------------------------------- */

static int put_string(outdir *o, const char *rel, char *s, diag_list *d) {
  if (!s) return -1;
  int rc = outdir_write(o, rel, s, strlen(s), d);
  free(s);
  return rc;
}

static void *akn_begin(const cc_corpus *c, diag_list *d) {
  (void)d;
  return (void *)c; /* no shared state; non-NULL means "ready" */
}
static int akn_doc(void *s, const cc_document *doc, outdir *o, diag_list *d) {
  (void)s;
  buf rel = BUF_INIT;
  buf_printf(&rel, "akn/%s.xml", doc->slug);
  int rc = put_string(o, buf_cstr(&rel), akn_document_xml(doc, d), d);
  buf_free(&rel);
  return rc;
}
static int akn_finish(void *s, const cc_corpus *c, outdir *o, diag_list *d) {
  (void)s;
  return put_string(o, "akn/equivalents.xml", akn_equivalents_xml(c, d), d);
}
static void akn_end(void *s) { (void)s; }

/* ---- pdf ------------------------------------------------------------------- */

#define PDF_HYPH_DIC "/usr/share/hyphen/hyph_en_GB.dic" /* as pdf_writer.c */

/* The patterns are loaded once and only read by libhyphen's
 * hnj_hyphen_hyphenate2, so the documents' threads share them. Each
 * document's job records where its clauses landed in PLACES (its own
 * slot, by doc->index); finish, which runs after all of them, writes
 * pdf/matrix.pdf from those places instead of laying every document out
 * again. */
typedef struct pdf_state {
  layout_hyph *hy;
  size_t ndocs;
  pdf_place **places; /* by doc->index; NULL: not written in this build */
  char *failed;       /* by doc->index: its PDF failed */
} pdf_state;

static void *pdf_begin(const cc_corpus *c, diag_list *d) {
  pdf_state *s = xcalloc(1, sizeof *s);
  s->hy = pdf_hyph_new();
  if (!s->hy)
    diag_warning(d, NULL, 0, 0,
                 "PDF: no hyphenation patterns at %s: text is justified without "
                 "hyphenation; install the Debian package hyphen-en-gb",
                 PDF_HYPH_DIC);
  s->ndocs = c->ndocs;
  s->places = xcalloc(c->ndocs + 1, sizeof *s->places);
  s->failed = xcalloc(c->ndocs + 1, 1);
  return s;
}
static int pdf_doc(void *st, const cc_document *doc, outdir *o, diag_list *d) {
  pdf_state *s = st;
  pdf_place *pl = xcalloc(doc->nclauses ? doc->nclauses : 1, sizeof *pl);
  int rc = pdf_write_document(doc, o, s->hy, pl, d);
  if (rc != 0 || doc->index >= s->ndocs) {
    free(pl);
    if (doc->index < s->ndocs) s->failed[doc->index] = 1;
    return rc;
  }
  s->places[doc->index] = pl;
  return rc;
}
static int pdf_finish(void *st, const cc_corpus *c, outdir *o, diag_list *d) {
  pdf_state *s = st;
  /* a council PDF failed: the build fails and a sequential build would
   * not have got as far as the matrix, so say nothing more */
  for (size_t i = 0; i < s->ndocs; i++)
    if (s->failed[i]) return 0;
  return matrix_pdf_write(c, s->ndocs == c->ndocs ? s->places : NULL, s->hy, o, d);
}
static void pdf_end(void *st) {
  pdf_state *s = st;
  if (!s) return;
  layout_hyph_free(s->hy);
  for (size_t i = 0; i < s->ndocs; i++) free(s->places[i]);
  free(s->places);
  free(s->failed);
  free(s);
}
/* The memo of a document's PDF: its clauses' places, "N" then "page top"
 * per clause, the top as a hexadecimal float (exact, so matrix.pdf from a
 * memo is byte-identical to one from a fresh layout). */
static char *pdf_memo_save(void *st, const cc_document *doc) {
  pdf_state *s = st;
  const pdf_place *pl = doc->index < s->ndocs ? s->places[doc->index] : NULL;
  if (!pl) return NULL;
  buf b = BUF_INIT;
  buf_printf(&b, "%zu", doc->nclauses);
  for (size_t i = 0; i < doc->nclauses; i++) buf_printf(&b, " %d %a", pl[i].page, pl[i].top);
  return buf_detach(&b);
}
static void pdf_memo_load(void *st, const cc_document *doc, const char *memo) {
  pdf_state *s = st;
  if (doc->index >= s->ndocs || s->places[doc->index]) return;
  char *end;
  unsigned long long n = strtoull(memo, &end, 10);
  if (end == memo || n != doc->nclauses) return; /* not this layout: lay it out again */
  pdf_place *pl = xcalloc(doc->nclauses ? doc->nclauses : 1, sizeof *pl);
  const char *p = end;
  for (size_t i = 0; i < doc->nclauses; i++) {
    long page = strtol(p, &end, 10);
    if (end == p) goto bad;
    p = end;
    double top = strtod(p, &end);
    if (end == p || page < -1 || page > 1000000) goto bad;
    p = end;
    pl[i] = (pdf_place){(int)page, top};
  }
  if (*p) goto bad;
  s->places[doc->index] = pl;
  return;
bad:
  free(pl);
}
static void pdf_fp(void *s, const cc_document *doc, buf *b) {
  (void)s;
  (void)doc;
  struct stat st; /* the patterns change the line breaks */
  if (stat(PDF_HYPH_DIC, &st) == 0)
    buf_printf(b, "hyph %lld %lld\n", (long long)st.st_size, (long long)st.st_mtime);
}
/* The unsplit form: the council PDFs, then the matrix that links to them. */
static int pdf_all(const cc_corpus *c, outdir *o, diag_list *d) {
  if (pdf_write(c, o, d) != 0) return -1;
  layout_hyph *hy = pdf_hyph_new();
  int rc = matrix_pdf_write(c, NULL, hy, o, d);
  layout_hyph_free(hy);
  return rc;
}

/* Designated initialisers: a field added to writer_entry is zero here. */
const writer_entry writers[] = {
    {.name = "json", .format = PIPELINE_JSON, .write = json_export_write},
    {.name = "html", .format = PIPELINE_HTML, .write = html_write, .begin = html_begin,
     .write_document = html_doc, .finish = html_finish, .end = html_end,
     .doc_output = "site/%s.html", .fingerprint = html_fp},
    /* finish: akn/equivalents.xml, ids and topics only */
    {.name = "akn", .format = PIPELINE_AKN, .write = akn_write, .begin = akn_begin,
     .write_document = akn_doc, .finish = akn_finish, .end = akn_end, .doc_output = "akn/%s.xml",
     .corpus_structure_only = 1},
    /* the matrix table (numbers and links, no words) and the topic pages */
    {.name = "matrix", .format = PIPELINE_MATRIX, .write = matrix_write,
     .corpus_structure_only = 1},
    {.name = "topics", .format = PIPELINE_MATRIX, .write = matrix_write_topic_pages},
    /* pdf/<slug>.pdf, then (finish) pdf/matrix.pdf, next to the PDFs it
     * links to, from the places their layout recorded */
    {.name = "pdf", .format = PIPELINE_PDF, .write = pdf_all, .begin = pdf_begin,
     .write_document = pdf_doc, .finish = pdf_finish, .end = pdf_end, .doc_output = "pdf/%s.pdf",
     .fingerprint = pdf_fp, .finish_after_documents = 1, .memo_save = pdf_memo_save,
     .memo_load = pdf_memo_load},
    {.name = NULL},
};
