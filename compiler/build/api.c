/* api.c - the public library API (concord.h) over the reader, linker and
 * writers.
 *
 * It sits in build/ because it calls every layer below (read, link,
 * write), as the pipeline does, but for one corpus in memory: no files,
 * no hooks, no threads, no cache. A concord_corpus wraps the model's
 * corpus, its diagnostics and a state (read, linked, failed); everything
 * it hands out is copied into the model's arena, so it lives exactly as
 * long as the corpus.
 */
#define _POSIX_C_SOURCE 200809L
#include "concord.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "link/linker.h"
#include "model/model.h"
#include "read/reader.h"
#include "read/taxonomy.h"
#include "write/akn/akn_export.h"
#include "write/html/html_doc.h"
#include "write/html/html_serial.h"
#include "write/json/json_export.h"
#include "write/layout/layout_hyph.h"
#include "write/pdf/pdf_writer.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CONCORD_VERSION
#define CONCORD_VERSION "0.1.0"
#endif

struct concord_corpus {
  cc_corpus *model;
  diag_list diags;
  char **formatted; /* concord_diagnostic_format's strings, per diagnostic */
  size_t nformatted;
  int has_taxonomy;
  int linked;      /* concord_link ran */
  int link_result; /* what it returned */
  int failed;      /* reading or linking recorded an error: the model may be incomplete */
};

const char *concord_version(void) { return CONCORD_VERSION; }

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

concord_corpus *concord_corpus_new(void) {
  /* libxml2 wants one initialisation before threads use it */
  pthread_once(&xml_once, xml_init);
  concord_corpus *c = xcalloc(1, sizeof *c);
  c->model = model_corpus_new();
  diag_list_init(&c->diags);
  return c;
}

void concord_corpus_free(concord_corpus *c) {
  if (!c) return;
  model_corpus_free(c->model);
  diag_list_free(&c->diags);
  free(c->formatted);
  free(c);
}

void concord_set_build_epoch(concord_corpus *c, long long epoch) {
  c->model->build_epoch = epoch < 0 ? -1 : epoch;
}

/* A problem with the call rather than with a source: no file. */
#define api_error(c, ...) diag_error(&(c)->diags, NULL, 0, 0, __VA_ARGS__)

/* A name for diagnostics when the caller gave none. */
static const char *name_or(const char *name, const char *dflt) {
  return name && *name ? name : dflt;
}

/* ---- reading -------------------------------------------------------------- */

int concord_load_taxonomy(concord_corpus *c, const char *name, const char *data, size_t len) {
  name = name_or(name, "topics.yaml");
  if (c->linked) {
    api_error(c, "the taxonomy %s comes after concord_link; load it before linking", name);
    return -1;
  }
  if (c->has_taxonomy) {
    api_error(c, "a taxonomy (%s) is already loaded; a corpus has one", c->model->taxonomy_path);
    return -1;
  }
  c->has_taxonomy = 1;
  size_t before = c->diags.errors;
  taxonomy_load_buffer(c->model, name, data ? data : "", data ? len : 0, &c->diags);
  if (c->diags.errors == before) return 0;
  c->failed = 1;
  return -1;
}

int concord_read(concord_corpus *c, const char *name, const char *data, size_t len) {
  name = name_or(name, "source.md");
  if (c->linked) {
    api_error(c, "%s is read after concord_link; read every source before linking", name);
    return -1;
  }
  size_t before = c->diags.errors;
  reader_read_buffer(c->model, name, data ? data : "", data ? len : 0, &c->diags);
  if (c->diags.errors == before) return 0;
  c->failed = 1;
  return -1;
}

int concord_link(concord_corpus *c, int options) {
  if (c->linked) return c->link_result;
  c->linked = 1;
  c->link_result = -1;
  if (c->failed) {
    api_error(c, "not linked: the corpus has errors (see the diagnostics before this one)");
    return -1;
  }
  if (!c->has_taxonomy && c->model->ndocs)
    diag_warning(&c->diags, NULL, 0, 0,
                 "no taxonomy loaded: topic keys are not checked and no clause has "
                 "equivalents; load one with concord_load_taxonomy");
  size_t before = c->diags.errors;
  linker_resolve_topics(c->model, (options & CONCORD_LINK_REQUIRE_TOPICS) != 0, &c->diags);
  if (c->diags.errors != before) {
    c->failed = 1;
    return -1;
  }
  linker_link(c->model);
  c->link_result = 0;
  return 0;
}

/* ---- the model ------------------------------------------------------------ */

size_t concord_document_count(const concord_corpus *c) { return c->model->ndocs; }

const char *concord_document_slug(const concord_corpus *c, size_t i) {
  return i < c->model->ndocs ? c->model->docs[i]->slug : NULL;
}

/* The clause "slug#id" names, or NULL. */
static const cc_clause *find_clause(const cc_corpus *m, const char *ref) {
  const char *hash = ref ? strchr(ref, '#') : NULL;
  if (!hash) return NULL;
  for (size_t i = 0; i < m->ndocs; i++) {
    const cc_document *d = m->docs[i];
    if (!d->slug || strlen(d->slug) != (size_t)(hash - ref) || strncmp(d->slug, ref, (size_t)(hash - ref)))
      continue;
    cc_id_target t = model_document_find(d, hash + 1);
    return t.kind == CC_ID_CLAUSE ? t.node : NULL;
  }
  return NULL;
}

int concord_equivalents(concord_corpus *c, const char *clause, const char *const **out,
                        size_t *n) {
  *out = NULL;
  *n = 0;
  const cc_clause *cl = find_clause(c->model, clause);
  if (!cl) return -1;
  if (!c->linked || c->link_result != 0) return 0;
  const cc_clause **eqs;
  size_t count = linker_equivalents(cl, &eqs);
  if (count) {
    const char **names = arena_alloc(c->model->arena, count * sizeof *names);
    for (size_t i = 0; i < count; i++)
      names[i] = arena_printf(c->model->arena, "%s#%s", eqs[i]->doc->slug, eqs[i]->id);
    *out = names;
    *n = count;
  }
  free(eqs);
  return 0;
}

/* ---- writing -------------------------------------------------------------- */

static const char *format_name(concord_format f) {
  switch (f) {
  case CONCORD_FORMAT_JSON: return "JSON";
  case CONCORD_FORMAT_AKN: return "Akoma Ntoso";
  case CONCORD_FORMAT_HTML: return "HTML";
  case CONCORD_FORMAT_DUMP: return "the model dump";
  case CONCORD_FORMAT_LINE_REPORT: return "the PDF line-quality report";
  }
  return "an unknown format";
}

/* Hands out a malloc'd output: copied into the arena, the original freed.
 * NULL in gives NULL out. */
static const char *keep(concord_corpus *c, char *s, size_t n, size_t *len) {
  if (!s) return NULL;
  char *k = arena_strndup(c->model->arena, s, n);
  free(s);
  if (len) *len = n;
  return k;
}

static int writable(concord_corpus *c) {
  if (!c->failed) return 1;
  api_error(c, "nothing written: the corpus has errors (see the diagnostics before this one)");
  return 0;
}

/* corpus.json through the writer's own streaming code. */
static char *corpus_json(concord_corpus *c, size_t *n) {
  char *s = NULL;
  FILE *f = open_memstream(&s, n);
  if (!f) {
    api_error(c, "cannot write JSON to memory");
    return NULL;
  }
  json_export_stream(c->model, f);
  int bad = ferror(f);
  if (fclose(f) != 0) bad = 1;
  if (bad) {
    free(s);
    api_error(c, "cannot write JSON to memory");
    return NULL;
  }
  return s;
}

const char *concord_write_corpus(concord_corpus *c, concord_format format, size_t *len) {
  if (len) *len = 0;
  if (!writable(c)) return NULL;
  char *s = NULL;
  size_t n = 0;
  switch (format) {
  case CONCORD_FORMAT_JSON:
    s = corpus_json(c, &n);
    break;
  case CONCORD_FORMAT_AKN:
    s = akn_equivalents_xml(c->model, &c->diags);
    n = s ? strlen(s) : 0;
    break;
  default:
    api_error(c, "%s is written per document (concord_write_document), not for the corpus",
              format_name(format));
    return NULL;
  }
  return keep(c, s, n, len);
}

/* The <article> html_doc_render builds for DOC, serialised as the page
 * serialiser writes it. */
static char *document_html(concord_corpus *c, const cc_document *doc) {
  xmlDocPtr x = xmlNewDoc(BAD_CAST "1.0");
  xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "main");
  xmlDocSetRootElement(x, root);
  arena *a = arena_new();
  char *s = NULL;
  if (html_doc_render(doc, root, NULL, a, NULL, NULL, &c->diags) == 0) {
    html_fragment f = {NULL, 0, 0};
    if (root->children && html_serial_fragment(root->children, &f) == 0) {
      s = f.data;
      f.data = NULL;
    } else {
      diag_error(&c->diags, doc->path, 0, 0, "cannot serialise the HTML of '%s'", doc->slug);
    }
    html_fragment_free(&f);
  }
  arena_free(a);
  xmlFreeDoc(x);
  return s;
}

const char *concord_write_document(concord_corpus *c, const char *slug, concord_format format,
                                   size_t *len) {
  if (len) *len = 0;
  if (!writable(c)) return NULL;
  const cc_document *doc = slug ? model_corpus_find_document(c->model, slug) : NULL;
  if (!doc) {
    api_error(c, "no document has the slug '%s'", slug ? slug : "(null)");
    return NULL;
  }
  char *s = NULL;
  switch (format) {
  case CONCORD_FORMAT_AKN:
    s = akn_document_xml(doc, &c->diags);
    break;
  case CONCORD_FORMAT_HTML:
    s = document_html(c, doc);
    break;
  case CONCORD_FORMAT_DUMP:
    s = json_export_dump(doc);
    break;
  case CONCORD_FORMAT_LINE_REPORT: {
    layout_hyph *hy = pdf_hyph_new();
    s = pdf_line_report(doc, hy, &c->diags);
    layout_hyph_free(hy);
    break;
  }
  default:
    api_error(c, "%s is written for the whole corpus (concord_write_corpus), not per document",
              format_name(format));
    return NULL;
  }
  return keep(c, s, s ? strlen(s) : 0, len);
}

/* ---- diagnostics ---------------------------------------------------------- */

size_t concord_diagnostic_count(const concord_corpus *c) { return c->diags.count; }
size_t concord_error_count(const concord_corpus *c) { return c->diags.errors; }
size_t concord_warning_count(const concord_corpus *c) { return c->diags.warnings; }

static concord_severity severity(diag_severity s) {
  switch (s) {
  case DIAG_ERROR: return CONCORD_ERROR;
  case DIAG_WARNING: return CONCORD_WARNING;
  default: return CONCORD_NOTE;
  }
}

concord_diagnostic concord_diagnostic_get(const concord_corpus *c, size_t i) {
  concord_diagnostic g = {CONCORD_NOTE, NULL, 0, 0, NULL};
  if (i >= c->diags.count) return g;
  /* diag_add never moves a diagnostic's strings, only the array */
  const diag *d = &c->diags.items[i];
  g.severity = severity(d->severity);
  g.file = d->file;
  g.line = d->line;
  g.col = d->col;
  g.message = d->message;
  return g;
}

const char *concord_diagnostic_format(concord_corpus *c, size_t i) {
  if (i >= c->diags.count) return NULL;
  if (c->nformatted < c->diags.count) {
    c->formatted = xrealloc(c->formatted, c->diags.count * sizeof *c->formatted);
    memset(c->formatted + c->nformatted, 0, (c->diags.count - c->nformatted) * sizeof *c->formatted);
    c->nformatted = c->diags.count;
  }
  if (!c->formatted[i]) {
    char *s = diag_format(&c->diags.items[i]);
    c->formatted[i] = arena_strdup(c->model->arena, s);
    free(s);
  }
  return c->formatted[i];
}
