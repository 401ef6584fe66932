/* writers.c - the writer table (see writers.h): thin adapters from each
 * writer's own functions to the parts the build schedules. Order matters
 * only for speed of failure: cheap writers first. */
#define _POSIX_C_SOURCE 200809L
#include "build/writers.h"
#include "build/downloads.h"
#include "build/pipeline.h"
#include "write/akn/akn_export.h"
#include "write/diff/diff_site.h"
#include "write/html/html_site.h"
#include "write/json/json_export.h"
#include "write/layout/layout_hyph.h"
#include "write/matrix/matrix_pdf.h"
#include "write/matrix/matrix_write.h"
#include "write/pdf/pdf_font.h"
#include "write/pdf/pdf_writer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- json ------------------------------------------------------------------ */

/* a part per council (json/<slug>.json shows its equivalents: the topics'
 * lists, which its fingerprint covers as for a page's "Also in"), and
 * json/index.json with corpus.json */
static int json_doc(void *s, const cc_document *doc, outdir *o, char **product, diag_list *d) {
  (void)s;
  (void)product;
  return json_export_write_document(doc, o, d);
}
static int json_corpus(void *s, const cc_corpus *c, const char *const *products, outdir *o,
                       diag_list *d) {
  (void)s;
  (void)products;
  return json_export_write_corpus(c, o, d);
}

/* ---- html ------------------------------------------------------------------ */

static void *html_begin(const cc_corpus *c, const writer_config *cfg, diag_list *d) {
  html_doc_links links = {(cfg->formats & PIPELINE_PDF) != 0, (cfg->formats & PIPELINE_AKN) != 0,
                          (cfg->formats & PIPELINE_JSON) != 0};
  return html_site_begin(c, (cfg->formats & PIPELINE_MATRIX) != 0, &links, cfg->search_words, d);
}
static int html_doc(void *s, const cc_document *doc, outdir *o, char **product, diag_list *d) {
  (void)product;
  int rc = html_site_write_document(s, doc, o, d);
  /* its earlier versions and redlines, in site/<slug>/ (docs/versions.md) */
  if (rc == 0) rc = diff_site_write_versions(s, doc, o, d);
  return rc;
}
static int html_corpus(void *s, const cc_corpus *c, const char *const *products, outdir *o,
                       diag_list *d) {
  (void)c;
  (void)products;
  return html_site_finish(s, o, d);
}
static void html_end(void *s) { html_site_end(s); }
/* the theme's files are hashed with the inputs; which theme folder
 * matters, and which downloads the page links (the formats built) */
static void html_inputs(void *s, const cc_document *doc, buf *b) {
  const char *dir = html_site_theme_dir(s, doc);
  const html_doc_links *l = html_site_links(s);
  buf_printf(b, "theme-dir %s\nlinks %d%d%d\n", dir ? dir : "-", l->pdf, l->akn, l->json);
}

/* ---- akn ------------------------------------------------------------------- */

static int put_string(outdir *o, const char *rel, char *s, diag_list *d) {
  if (!s) return -1;
  int rc = outdir_write(o, rel, s, strlen(s), d);
  free(s);
  return rc;
}

static int akn_doc(void *s, const cc_document *doc, outdir *o, char **product, diag_list *d) {
  (void)s;
  (void)product;
  buf rel = BUF_INIT;
  buf_printf(&rel, "akn/%s.xml", doc->slug);
  int rc = put_string(o, buf_cstr(&rel), akn_document_xml(doc, d), d);
  buf_free(&rel);
  return rc;
}
static int akn_corpus(void *s, const cc_corpus *c, const char *const *products, outdir *o,
                      diag_list *d) {
  (void)s;
  (void)products;
  return put_string(o, "akn/equivalents.xml", akn_equivalents_xml(c, d), d);
}

/* ---- matrix: the table, and one page per topic ----------------------------- */

/* the state: whether the build writes PDFs, which the page then links */
static void *matrix_begin(const cc_corpus *c, const writer_config *cfg, diag_list *d) {
  (void)c;
  (void)d;
  int *with_pdf = xmalloc(sizeof *with_pdf);
  *with_pdf = (cfg->formats & PIPELINE_PDF) != 0;
  return with_pdf;
}
static int matrix_corpus(void *s, const cc_corpus *c, const char *const *products, outdir *o,
                         diag_list *d) {
  (void)products;
  return matrix_write(c, *(const int *)s, o, d);
}

static int compare_corpus(void *s, const cc_corpus *c, const char *const *products, outdir *o,
                          diag_list *d) {
  (void)s;
  (void)products;
  return matrix_compare_write(c, o, d);
}

static void *topics_begin(const cc_corpus *c, const writer_config *cfg, diag_list *d) {
  (void)cfg;
  return matrix_topics_begin(c, d);
}
static int topics_page(void *s, const cc_topic *t, outdir *o, diag_list *d) {
  return matrix_topics_write(s, t, o, d);
}
static void topics_end(void *s) { matrix_topics_end(s); }

/* ---- pdf ------------------------------------------------------------------- */

/* The patterns are loaded once and only read by libhyphen's
 * hnj_hyphen_hyphenate2, so the documents' threads share them. Each
 * document's PDF hands back where its clauses landed (its product); the
 * corpus part writes pdf/matrix.pdf from those places instead of laying
 * every document out again. */
typedef struct pdf_state {
  layout_hyph *hy;
  pdf_faces *faces;     /* the fonts every document shares */
  pdf_faces *own_faces; /* made here when the build gave none */
} pdf_state;

static void *pdf_begin(const cc_corpus *c, const writer_config *cfg, diag_list *d) {
  (void)c;
  pdf_state *s = xcalloc(1, sizeof *s);
  /* concord watch keeps the faces between saves; a build without a
   * session loads them once for all its documents */
  s->faces = cfg->pdf_faces ? cfg->pdf_faces : (s->own_faces = pdf_faces_new());
  s->hy = pdf_hyph_new();
  if (!s->hy)
    diag_warning(d, NULL, 0, 0,
                 "PDF: concord was built without hyphenation patterns (no hyph_en_GB.dic "
                 "when it was compiled): text is justified without hyphenation; install the "
                 "Debian package hyphen-en-gb and build concord again");
  return s;
}
static int pdf_doc(void *st, const cc_document *doc, outdir *o, char **product, diag_list *d) {
  pdf_state *s = st;
  pdf_place *pl = xcalloc(doc->nclauses ? doc->nclauses : 1, sizeof *pl);
  int rc = pdf_write_document(doc, o, s->hy, s->faces, pl, d);
  if (rc == 0) *product = pdf_places_encode(pl, doc->nclauses);
  free(pl);
  return rc;
}
static int pdf_corpus(void *st, const cc_corpus *c, const char *const *products, outdir *o,
                      diag_list *d) {
  pdf_state *s = st;
  pdf_place **places = xcalloc(c->ndocs + 1, sizeof *places);
  for (size_t i = 0; i < c->ndocs; i++)
    places[i] = pdf_places_decode(products ? products[i] : NULL, c->docs[i]->nclauses);
  int rc = matrix_pdf_write(c, places, s->hy, s->faces, o, d);
  for (size_t i = 0; i < c->ndocs; i++) free(places[i]);
  free(places);
  return rc;
}
static void pdf_end(void *st) {
  pdf_state *s = st;
  if (!s) return;
  layout_hyph_free(s->hy);
  pdf_faces_free(s->own_faces);
  free(s);
}
static void pdf_inputs(void *s, const cc_document *doc, buf *b) {
  (void)s;
  (void)doc;
  buf_printf(b, "hyph %s\n", layout_hyph_digest()); /* the patterns change the line breaks */
}

/* Designated initialisers: a field added to writer_entry is zero here. */
static const char *const json_files[] = {"corpus.json", "json/index.json", NULL};
static const char *const html_files[] = {"site/index.html", "site/search-index.json", "site/search.html",
                                         "site/search/", "site/themes/", NULL};
static const char *const akn_files[] = {"akn/equivalents.xml", NULL};
static const char *const matrix_files[] = {"site/matrix.html", "site/matrix/", "site/matrix-pdf.html",
                                           "site/compare.css",
                                           "matrix.csv", "matrix/", "site/themes/", NULL};
static const char *const compare_files[] = {"site/compare/", "site/matrix-excerpts.json", NULL};
/* '#': one or more digits (the matrix's volumes past ten councils) */
static const char *const pdf_files[] = {"pdf/matrix.pdf", "pdf/matrix-#.pdf", NULL};
/* the build's own copies of the other formats inside the site
 * (build/downloads.c) */
static const char *const downloads_files[] = {"site/downloads/", NULL};

const writer_entry writers[] = {
    {.name = "json", .format = PIPELINE_JSON, .document = json_doc, .corpus = json_corpus,
     .document_file = "json/%s.json", .corpus_files = json_files},
    {.name = "html", .format = PIPELINE_HTML, .begin = html_begin, .end = html_end,
     .document = html_doc, .document_inputs = html_inputs,
     .corpus = html_corpus, .document_file = "site/%s.html", .document_dir = "site/%s/",
     .corpus_files = html_files},
    /* corpus: akn/equivalents.xml, ids and topics only */
    {.name = "akn", .format = PIPELINE_AKN, .document = akn_doc,
     .corpus = akn_corpus, .corpus_shows = WRITER_SHOWS_STRUCTURE,
     .document_file = "akn/%s.xml", .corpus_files = akn_files},
    /* the matrix table (numbers and links, no words) */
    {.name = "matrix", .format = PIPELINE_MATRIX, .begin = matrix_begin, .end = free,
     .corpus = matrix_corpus,
     .corpus_shows = WRITER_SHOWS_STRUCTURE, .corpus_files = matrix_files},
    /* two councils compared (site/compare/), the matrix's excerpts: words */
    {.name = "compare", .format = PIPELINE_MATRIX, .corpus = compare_corpus,
     .corpus_files = compare_files},
    /* the topic pages: the clauses' words, a page per topic */
    {.name = "topics", .format = PIPELINE_MATRIX, .begin = topics_begin, .end = topics_end,
     .topic = topics_page},
    /* pdf/<slug>.pdf, then pdf/matrix.pdf, next to the PDFs it links to,
     * from the places their layout recorded */
    {.name = "pdf", .format = PIPELINE_PDF, .begin = pdf_begin, .end = pdf_end,
     .document = pdf_doc, .document_inputs = pdf_inputs,
     .corpus = pdf_corpus, .corpus_shows = WRITER_SHOWS_STRUCTURE, .reads_products = 1,
     .document_file = "pdf/%s.pdf", .corpus_files = pdf_files},
    /* no parts: the build itself stages site/downloads/ (downloads.c)
     * after the writers, as this row's corpus files */
    {.name = DOWNLOADS_WRITER, .format = PIPELINE_HTML, .corpus_files = downloads_files},
    {.name = NULL},
};

/* REL against an entry with a '#' (HASH in F): the text before it, one or
 * more digits, then the text after it. */
static int digits_match(const char *f, const char *hash, const char *rel) {
  size_t pre = (size_t)(hash - f);
  if (strncmp(rel, f, pre) != 0) return 0;
  const char *r = rel + pre, *q = r;
  while (*q >= '0' && *q <= '9') q++;
  return q > r && strcmp(q, hash + 1) == 0;
}

int writers_corpus_file(const writer_entry *w, const char *rel) {
  for (const char *const *f = w->corpus_files; f && *f; f++) {
    size_t n = strlen(*f);
    const char *hash = strchr(*f, '#');
    if (hash ? digits_match(*f, hash, rel)
             : (*f)[n - 1] == '/' ? strncmp(rel, *f, n) == 0 : strcmp(rel, *f) == 0)
      return 1;
  }
  return 0;
}

/* Does folder DIR meet site-wide output F: F is DIR or inside it, or F
 * is a folder DIR is inside? */
static int dir_meets(const char *dir, const char *f) {
  size_t n = strlen(f);
  return strncmp(f, dir, strlen(dir)) == 0 || (f[n - 1] == '/' && strncmp(dir, f, n) == 0);
}

/* The topic pages' folder: the topic parts write it, not a corpus part,
 * so no corpus_files list names it. */
static const char *const topic_pages_dir = "site/topics/";

/* A document with earlier versions writes into a folder of its own
 * (document_dir): refused when that folder would meet a site-wide
 * output (slug 'search' -> site/search/, the search folder; 'topics' ->
 * site/topics/, the topic pages). */
static int check_dirs(const cc_corpus *c, diag_list *d) {
  int bad = 0;
  buf dir = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    if (!doc->slug || !doc->nversions) continue;
    for (const writer_entry *w = writers; w->name; w++) {
      if (!w->document_dir) continue;
      const char *pct = strstr(w->document_dir, "%s");
      buf_clear(&dir);
      buf_put(&dir, w->document_dir, (size_t)(pct - w->document_dir));
      buf_puts(&dir, doc->slug);
      buf_puts(&dir, pct + 2);
      const char *dn = buf_cstr(&dir), *hit = NULL, *owner = NULL;
      if (dir_meets(dn, topic_pages_dir)) hit = topic_pages_dir, owner = "topics";
      for (const writer_entry *v = writers; v->name && !hit; v++)
        for (const char *const *f = v->corpus_files; f && *f && !hit; f++)
          if (dir_meets(dn, *f)) hit = *f, owner = v->name;
      if (!hit) continue;
      const cc_pos *p = &doc->slug_pos;
      diag_error(d, p->file ? p->file : doc->path, p->line, p->col,
                 "slug '%s' has earlier versions, which would be written in %s, where the "
                 "site-wide output %s (%s) is; choose another slug", doc->slug, dn, hit, owner);
      bad = 1;
      break;
    }
  }
  buf_free(&dir);
  return bad;
}

int writers_check_slugs(const cc_corpus *c, diag_list *d) {
  int bad = 0;
  buf name = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    if (!doc->slug) continue;
    int refused = 0;
    for (const writer_entry *w = writers; w->name && !refused; w++) {
      if (!w->document_file) continue;
      const char *pct = strstr(w->document_file, "%s");
      buf_clear(&name);
      buf_put(&name, w->document_file, (size_t)(pct - w->document_file));
      buf_puts(&name, doc->slug);
      buf_puts(&name, pct + 2);
      for (const writer_entry *v = writers; v->name && !refused; v++)
        if (writers_corpus_file(v, buf_cstr(&name))) {
          const cc_pos *p = &doc->slug_pos;
          diag_error(d, p->file ? p->file : doc->path, p->line, p->col,
                     "slug '%s' would write %s, which is a site-wide output (%s); "
                     "choose another slug", doc->slug, buf_cstr(&name), v->name);
          refused = bad = 1;
        }
    }
  }
  buf_free(&name);
  if (!bad) bad = check_dirs(c, d);
  return bad;
}
