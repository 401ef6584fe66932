/* writers.c - the writer table (see writers.h). Order matters only for
 * speed of failure: cheap writers first. The split entry points of the
 * per-document writers (html, akn, pdf) are here: thin adapters over the
 * writers' own per-document functions. */
#define _POSIX_C_SOURCE 200809L
#include "writers.h"
#include "akn_export.h"
#include "buf.h"
#include "html_site.h"
#include "json_export.h"
#include "layout_hyph.h"
#include "pdf_writer.h"
#include "matrix_write.h"
#include "matrix_pdf.h"
#include "pipeline.h"

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
 * hnj_hyphen_hyphenate2, so the documents' threads share them. */
typedef struct pdf_state {
  layout_hyph *hy;
} pdf_state;

static void *pdf_begin(const cc_corpus *c, diag_list *d) {
  (void)c;
  pdf_state *s = xcalloc(1, sizeof *s);
  s->hy = pdf_hyph_new();
  if (!s->hy)
    diag_warning(d, NULL, 0, 0,
                 "PDF: no hyphenation patterns at %s: text is justified without "
                 "hyphenation; install the Debian package hyphen-en-gb",
                 PDF_HYPH_DIC);
  return s;
}
static int pdf_doc(void *s, const cc_document *doc, outdir *o, diag_list *d) {
  return pdf_write_document(doc, o, ((pdf_state *)s)->hy, d);
}
static void pdf_end(void *s) {
  if (!s) return;
  layout_hyph_free(((pdf_state *)s)->hy);
  free(s);
}
static void pdf_fp(void *s, const cc_document *doc, buf *b) {
  (void)s;
  (void)doc;
  struct stat st; /* the patterns change the line breaks */
  if (stat(PDF_HYPH_DIC, &st) == 0)
    buf_printf(b, "hyph %lld %lld\n", (long long)st.st_size, (long long)st.st_mtime);
}

const writer_entry writers[] = {
    {"json", PIPELINE_JSON, json_export_write, NULL, NULL, NULL, NULL, NULL, NULL},
    {"html", PIPELINE_HTML, html_write, html_begin, html_doc, html_finish, html_end,
     "site/%s.html", html_fp},
    {"akn", PIPELINE_AKN, akn_write, akn_begin, akn_doc, akn_finish, akn_end, "akn/%s.xml", NULL},
    {"matrix", PIPELINE_MATRIX, matrix_write, NULL, NULL, NULL, NULL, NULL, NULL},
    {"pdf", PIPELINE_PDF, pdf_write, pdf_begin, pdf_doc, NULL, pdf_end, "pdf/%s.pdf", pdf_fp},
    /* pdf/matrix.pdf, next to the PDFs it links to */
    {"matrix-pdf", PIPELINE_PDF, matrix_pdf_write, NULL, NULL, NULL, NULL, NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};
