/* json_export.c - model -> JSON (see json_export.h). */
#define _POSIX_C_SOURCE 200809L
#include "write/json/json_export.h"
#include "base/buf.h"
#include "link/linker.h"

#include <errno.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Past this many councils corpus.json is not written: it grows faster than
 * the corpus (equivalence lists), 57 MB at 200 shared-model councils; the
 * per-council files and the index carry the same data in pieces a program
 * or a browser can fetch one at a time (docs/corpus-json.md). */
#define JSON_CORPUS_MAX 100

#ifndef CONCORD_VERSION
#define CONCORD_VERSION "0.1.0"
#endif

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* A source path as corpus.json shows it: no absolute path reaches an
 * output (README), so a source given as /home/me/proj/sources/x.md is
 * shown relative to the working directory when it is inside it
 * (sources/x.md), else by its file name alone. */
static json_t *path_json(const char *p) {
  if (!p) return json_null();
  if (p[0] != '/') return json_string(p);
  /* every position of a document names the same file: the answer for the
     last path is kept (per thread, writers run in parallel), as a getcwd
     per clause was 1.6 % of a 2,000-council build given absolute paths */
  static _Thread_local char last[4096];
  static _Thread_local size_t last_skip;
  if (strcmp(p, last) == 0) return json_string(p + last_skip);
  char cwd[4096];
  size_t n, skip;
  if (getcwd(cwd, sizeof cwd) && (n = strlen(cwd)) > 1 && strncmp(p, cwd, n) == 0 && p[n] == '/')
    skip = n + 1;
  else
    skip = (size_t)(strrchr(p, '/') + 1 - p);
  if (strlen(p) < sizeof last) {
    memcpy(last, p, strlen(p) + 1);
    last_skip = skip;
  }
  return json_string(p + skip);
}

static json_t *pos_json(cc_pos p) {
  return json_pack("{s:o,s:i,s:i}", "file", path_json(p.file), "line", p.line, "col", p.col);
}

static const char *ref_kind_name(cc_ref_kind k) {
  switch (k) {
  case CC_REF_INTERNAL: return "internal";
  case CC_REF_EXTERNAL: return "external";
  default: return "unresolved";
  }
}

static json_t *ref_json(const cc_ref *r) {
  json_t *o = json_object();
  json_object_set_new(o, "kind", json_string(ref_kind_name(r->kind)));
  if (r->target) json_object_set_new(o, "target", json_string(r->target));
  json_object_set_new(o, "text", str_or_null(r->text));
  return o;
}

static void items_json(json_t *arr, const cc_block *b, const char *parent) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_QUOTE) items_json(arr, b->children, parent);
    if (b->kind != CC_BLK_LIST) continue;
    for (const cc_item *it = b->items; it; it = it->next) {
      json_t *o = json_object();
      json_object_set_new(o, "id", json_string(it->id));
      json_object_set_new(o, "label", str_or_null(it->label));
      json_object_set_new(o, "canonical_label", str_or_null(it->canonical_label));
      if (it->label_shown) json_object_set_new(o, "label_shown", json_string(it->label_shown));
      json_object_set_new(o, "parent", str_or_null(parent));
      json_object_set_new(o, "text", str_or_null(it->text));
      json_object_set_new(o, "source", pos_json(it->pos));
      json_array_append_new(arr, o);
      items_json(arr, it->blocks, it->id);
    }
  }
}

static json_t *section_json(const cc_section *s) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(s->id));
  json_object_set_new(o, "number", str_or_null(s->number));
  json_object_set_new(o, "canonical_number", str_or_null(s->canonical));
  json_object_set_new(o, "heading", str_or_null(s->heading_text));
  if (s->heading_shown) json_object_set_new(o, "heading_shown", json_string(s->heading_shown));
  json_object_set_new(o, "level", json_integer(s->depth));
  json_object_set_new(o, "parent", str_or_null(s->parent && s->parent->depth > 0 ? s->parent->id : NULL));
  json_object_set_new(o, "source", pos_json(s->pos));
  return o;
}

/* A clause's members before "equivalents" (id .. refs) and after it
 * (items .. source): corpus.json is streamed (json_export_write) with the
 * equivalents written between the two, never held as a tree. */
static json_t *clause_head_json(const cc_clause *cl) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(cl->id));
  json_object_set_new(o, "number", str_or_null(cl->number));
  json_object_set_new(o, "canonical_number", str_or_null(cl->canonical));
  if (cl->number_shown) json_object_set_new(o, "number_shown", json_string(cl->number_shown));
  json_object_set_new(o, "ordinal", json_integer(cl->ordinal));
  json_object_set_new(o, "section", str_or_null(cl->section && cl->section->depth > 0 ? cl->section->id : NULL));
  json_object_set_new(o, "heading", str_or_null(cl->heading_text));
  json_object_set_new(o, "text", str_or_null(cl->text));
  json_t *topics = json_array();
  for (size_t i = 0; i < cl->ntopics; i++) json_array_append_new(topics, json_string(cl->topics[i]->key));
  json_object_set_new(o, "topics", topics);
  json_t *refs = json_array();
  for (size_t i = 0; i < cl->nrefs; i++) json_array_append_new(refs, ref_json(cl->refs[i]));
  json_object_set_new(o, "refs", refs);
  return o;
}

static json_t *clause_tail_json(const cc_clause *cl) {
  json_t *o = json_object();
  json_t *items = json_array();
  items_json(items, cl->blocks, NULL);
  json_object_set_new(o, "items", items);
  if (cl->note) json_object_set_new(o, "note", json_string(cl->note));
  json_object_set_new(o, "source", pos_json(cl->pos));
  return o;
}

/* "slug#id" of a clause, as the linker named it. */
static const char *clause_slug(const cc_clause *cl) {
  return cl->doc->slug ? cl->doc->slug : "(null)";
}

/* At most this many equivalents are listed per clause, in corpus order;
 * "equivalents_total" gives the full count. A clause's equivalents grow
 * with the corpus (~N per clause for N councils, so the lists would make
 * corpus.json quadratic: 1.6 GB at 1,000 councils); the complete set is
 * the union of topics[].clauses over the clause's topics. The five
 * councils' largest list has 33, so none of theirs is cut. */
#define JSON_EQUIVALENTS_MAX 50

static size_t clause_equivalents(const cc_clause *cl, const cc_clause ***eqs, size_t *total) {
  size_t n = linker_equivalents_head(cl, JSON_EQUIVALENTS_MAX, eqs, total);
  return n < JSON_EQUIVALENTS_MAX ? n : JSON_EQUIVALENTS_MAX;
}

static json_t *clause_json(const cc_clause *cl) {
  json_t *o = clause_head_json(cl);
  const cc_clause **eqs;
  size_t total, n = clause_equivalents(cl, &eqs, &total);
  json_t *eq = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(eq, json_sprintf("%s#%s", clause_slug(eqs[i]), eqs[i]->id));
  free(eqs);
  json_object_set_new(o, "equivalents", eq);
  json_object_set_new(o, "equivalents_total", json_integer((json_int_t)total));
  json_t *tail = clause_tail_json(cl);
  json_object_update(o, tail); /* appends in tail's order */
  json_decref(tail);
  return o;
}

/* ---- provisions (docs/provisions.md) -------------------------------------- */

/* The provision's label within its council, as the matrix shows it:
 * "2.9(e)", "2.1", "Complaints \u00b62". */
static json_t *provision_label(const cc_provision *p) {
  const cc_clause *cl = p->clause;
  buf b = BUF_INIT;
  const char *n = model_clause_number_shown(cl);
  if (n && *n) {
    size_t len = strlen(n);
    while (len > 1 && n[len - 1] == '.') len--; /* "1.1." is "1.1" */
    buf_put(&b, n, len);
  } else if (cl->section && cl->section->heading_text && *cl->section->heading_text) {
    buf_printf(&b, "%s \xC2\xB6%d", cl->section->heading_text, cl->ordinal);
  } else {
    buf_printf(&b, "\xC2\xB6%d", cl->ordinal);
  }
  model_item_label_put(&b, p->item);
  json_t *s = json_string(buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* A provision's members before "equivalents" (written between, as a
 * clause's, see jw_document) and after it. */
static json_t *provision_head_json(const cc_provision *p) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(model_provision_id(p)));
  json_object_set_new(o, "clause", json_string(p->clause->id));
  json_object_set_new(o, "label", provision_label(p));
  json_object_set_new(o, "text", str_or_null(model_provision_text(p)));
  cc_topic *const *topics;
  size_t nt = model_provision_topics(p, &topics);
  json_t *tj = json_array();
  for (size_t i = 0; i < nt; i++) json_array_append_new(tj, json_string(topics[i]->key));
  json_object_set_new(o, "topics", tj);
  return o;
}

static json_t *provision_tail_json(const cc_provision *p) {
  json_t *o = json_object();
  json_object_set_new(o, "source", pos_json(p->item ? p->item->pos : p->clause->pos));
  return o;
}

/* The first JSON_EQUIVALENTS_MAX of P's equivalents, as for a clause. */
static size_t provision_equivalents(const cc_provision *p, cc_provision **eqs, size_t *total) {
  size_t n = linker_provision_equivalents_head(p, JSON_EQUIVALENTS_MAX, eqs, total);
  return n < JSON_EQUIVALENTS_MAX ? n : JSON_EQUIVALENTS_MAX;
}

static json_t *provision_json(const cc_provision *p) {
  json_t *o = provision_head_json(p);
  cc_provision *eqs;
  size_t total, n = provision_equivalents(p, &eqs, &total);
  json_t *eq = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(eq, json_sprintf("%s#%s", clause_slug(eqs[i].clause), model_provision_id(&eqs[i])));
  free(eqs);
  json_object_set_new(o, "equivalents", eq);
  json_object_set_new(o, "equivalents_total", json_integer((json_int_t)total));
  json_t *tail = provision_tail_json(p);
  json_object_update(o, tail);
  json_decref(tail);
  return o;
}

/* Every provision of D, flat, in document order: each clause's (the
 * clause as a whole, then its items). */
static json_t *provisions_json(const cc_document *d) {
  json_t *a = json_array();
  for (size_t i = 0; i < d->nclauses; i++) {
    cc_provision *ps;
    size_t n = linker_clause_provisions(d->clauses[i], &ps);
    for (size_t k = 0; k < n; k++) json_array_append_new(a, provision_json(&ps[k]));
    free(ps);
  }
  return a;
}

/* A document's members before "clauses" and after it (see clause_head_json). */
static json_t *document_head_json(const cc_document *d) {
  json_t *o = json_object();
  json_object_set_new(o, "slug", str_or_null(d->slug));
  json_object_set_new(o, "council", str_or_null(d->council));
  json_object_set_new(o, "title", str_or_null(d->title));
  json_object_set_new(o, "part", str_or_null(d->part));
  json_object_set_new(o, "kind", str_or_null(d->kind));
  json_object_set_new(o, "region", str_or_null(d->region));
  json_object_set_new(o, "adopted", str_or_null(d->adopted));
  json_t *hist = json_array();
  for (size_t i = 0; i < d->nhistory; i++)
    json_array_append_new(hist, json_pack("{s:s,s:s}", "date", d->history[i].date, "text", d->history[i].text));
  json_object_set_new(o, "history", hist);
  /* point-in-time versions (docs/versions.md), only when given, so a
     corpus without them keeps its bytes: the dates and pages, not the
     earlier texts (history, not data to compare) */
  if (d->in_force) json_object_set_new(o, "in_force", json_string(d->in_force));
  if (d->nversions) {
    json_t *vs = json_array();
    for (size_t i = 0; i < d->nversions; i++) {
      const cc_document *v = d->versions[i];
      const char *to = i + 1 < d->nversions ? d->versions[i + 1]->in_force : d->in_force;
      json_array_append_new(vs, json_pack("{s:s,s:s?,s:o}", "in_force", v->in_force, "until", to,
                                          "page", json_sprintf("site/%s/%s.html", d->slug, v->in_force)));
    }
    json_object_set_new(o, "versions", vs);
  }
  json_object_set_new(o, "theme", str_or_null(d->theme));
  json_object_set_new(o, "language", str_or_null(d->language));
  json_object_set_new(o, "numbered", json_boolean(d->numbered));
  json_object_set_new(o, "source", path_json(d->path));
  /* house style decided by hooks: what the PDF prints around the text */
  json_object_set_new(o, "presentation",
                      json_pack("{s:o,s:o,s:b}", "running_header", str_or_null(d->running_header),
                                "running_footer", str_or_null(d->running_footer), "show_contents",
                                d->show_contents));
  json_t *secs = json_array();
  for (size_t i = 0; i < d->nsections; i++) json_array_append_new(secs, section_json(d->sections[i]));
  json_object_set_new(o, "sections", secs);
  return o;
}

static json_t *document_tail_json(const cc_document *d) {
  json_t *o = json_object();
  json_t *prose = json_array();
  for (size_t i = 0; i < d->nprose; i++) {
    const cc_prose *p = d->prose[i];
    json_array_append_new(prose, json_pack("{s:s,s:o,s:o,s:o}", "id", p->id, "section",
                                           str_or_null(p->section ? p->section->id : NULL),
                                           "text", str_or_null(p->text), "source", pos_json(p->pos)));
  }
  json_object_set_new(o, "prose", prose);
  json_t *fns = json_array();
  for (size_t i = 0; i < d->nfootnotes; i++) {
    const cc_footnote *f = d->footnotes[i];
    json_array_append_new(fns, json_pack("{s:s,s:s,s:o,s:o}", "id", f->id, "label", f->label,
                                         "text", str_or_null(f->text), "source", pos_json(f->pos)));
  }
  json_object_set_new(o, "footnotes", fns);
  return o;
}

static json_t *document_json(const cc_document *d) {
  json_t *o = document_head_json(d);
  json_t *cls = json_array();
  for (size_t i = 0; i < d->nclauses; i++) json_array_append_new(cls, clause_json(d->clauses[i]));
  json_object_set_new(o, "clauses", cls);
  json_object_set_new(o, "provisions", provisions_json(d));
  json_t *tail = document_tail_json(d);
  json_object_update(o, tail);
  json_decref(tail);
  return o;
}

/* Everything before "documents". */
static json_t *themes_json(const cc_corpus *c) {
  json_t *themes = json_array();
  for (size_t i = 0; i < c->nthemes; i++) {
    const cc_theme *t = c->themes[i];
    json_array_append_new(themes, json_pack("{s:s,s:s,s:o}", "key", t->key, "label", t->label,
                                            "definition", str_or_null(t->definition)));
  }
  return themes;
}

static json_t *corpus_head_json(const cc_corpus *c) {
  json_t *root = json_object();
  json_object_set_new(root, "generator", json_string("concord " CONCORD_VERSION));
  json_object_set_new(root, "themes", themes_json(c));
  json_t *topics = json_array();
  for (size_t i = 0; i < c->ntopics; i++) {
    const cc_topic *t = c->topics[i];
    json_t *cl = json_array();
    for (size_t j = 0; j < t->nclauses; j++)
      json_array_append_new(cl, json_sprintf("%s#%s", t->clauses[j]->doc->slug, t->clauses[j]->id));
    json_array_append_new(topics, json_pack("{s:s,s:s,s:s,s:o,s:o}", "key", t->key, "label", t->label,
                                            "definition", t->definition, "theme",
                                            str_or_null(t->theme ? t->theme->key : NULL), "clauses", cl));
  }
  json_object_set_new(root, "topics", topics);
  return root;
}

json_t *json_export_corpus(const cc_corpus *c) {
  json_t *root = corpus_head_json(c);
  json_t *docs = json_array();
  for (size_t i = 0; i < c->ndocs; i++) json_array_append_new(docs, document_json(c->docs[i]));
  json_object_set_new(root, "documents", docs);
  return root;
}

/* ---- streaming corpus.json ----------------------------------------------
 *
 * corpus.json is written piece by piece, straight into the staged file, in
 * exactly the bytes json_dumps(root, JSON_INDENT(1)) would give: small
 * subtrees are dumped by jansson with their indentation shifted to their
 * depth, and the per-clause equivalents (the hot loop: up to
 * JSON_EQUIVALENTS_MAX per clause) are written directly from the linker's
 * topic lists. The whole tree is never built, so memory stays per document. */

typedef struct jw {
  FILE *f;
  size_t depth; /* extra indentation of the subtree being dumped */
  buf eq;       /* scratch for jw_equivalents */
} jw;

static void jw_spaces(FILE *f, size_t n) {
  static const char sp[] = "                                ";
  while (n) {
    size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
    fwrite(sp, 1, k, f);
    n -= k;
  }
}

static void jw_nl(jw *w, size_t depth) {
  fputc('\n', w->f);
  jw_spaces(w->f, depth);
}

/* jansson output of a subtree: every newline in it is structure (strings
 * escape theirs), so shifting the subtree means indenting after each. */
static int jw_shift(const char *buffer, size_t size, void *data) {
  jw *w = data;
  const char *p = buffer, *end = buffer + size;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) {
      fwrite(p, 1, (size_t)(end - p), w->f);
      break;
    }
    fwrite(p, 1, (size_t)(nl + 1 - p), w->f);
    jw_spaces(w->f, w->depth);
    p = nl + 1;
  }
  return 0;
}

/* Dumps V (consumed) as a value at DEPTH. */
static void jw_value(jw *w, json_t *v, size_t depth) {
  w->depth = depth;
  json_dump_callback(v, jw_shift, w, JSON_INDENT(1) | JSON_ENCODE_ANY);
  json_decref(v);
}

static void jw_key(jw *w, const char *key, size_t depth, int *first) {
  if (!*first) fputc(',', w->f);
  *first = 0;
  jw_nl(w, depth);
  jw_value(w, json_string(key), depth);
  fputs(": ", w->f);
}

/* The members of OBJ (consumed), in order, at DEPTH. */
static void jw_members(jw *w, json_t *obj, size_t depth, int *first) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    jw_key(w, key, depth, first);
    jw_value(w, json_incref(v), depth);
  }
  json_decref(obj);
}

static int needs_escape(const char *s) {
  for (; *s; s++)
    if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20) return 1;
  return 0;
}

/* A list of "slug#id" strings at DEPTH: the hot loop of corpus.json (most
 * of its bytes), built in W->eq and written with one fwrite per list.
 * SLUGS[i] and IDS[i] name the i-th. */
static void jw_idlist(jw *w, const char *const *slugs, const char *const *ids, size_t n,
                      size_t depth) {
  static const char sp[] = "\n                                ";
  size_t ind = depth + 1 < sizeof sp - 1 ? depth + 1 : sizeof sp - 2;
  buf *b = &w->eq;
  buf_clear(b);
  buf_putc(b, '[');
  for (size_t i = 0; i < n; i++) {
    const char *slug = slugs[i], *id = ids[i];
    if (i) buf_putc(b, ',');
    if (needs_escape(slug) || needs_escape(id) || ind != depth + 1) {
      fwrite(b->data, 1, b->len, w->f);
      buf_clear(b);
      jw_nl(w, depth + 1);
      jw_value(w, json_sprintf("%s#%s", slug, id), depth + 1);
      continue;
    }
    buf_put(b, sp, ind + 1);
    buf_putc(b, '"');
    buf_puts(b, slug);
    buf_putc(b, '#');
    buf_puts(b, id);
    buf_putc(b, '"');
  }
  if (b->len) fwrite(b->data, 1, b->len, w->f);
  if (n) jw_nl(w, depth);
  fputc(']', w->f);
}

static size_t jw_equivalents(jw *w, const cc_clause *cl, size_t depth) {
  const cc_clause **eqs;
  size_t total, n = clause_equivalents(cl, &eqs, &total);
  const char **names = xmalloc((2 * n + 1) * sizeof *names);
  for (size_t i = 0; i < n; i++) {
    names[i] = clause_slug(eqs[i]);
    names[n + i] = eqs[i]->id;
  }
  jw_idlist(w, names, names + n, n, depth);
  free(names);
  free(eqs);
  return total;
}

static size_t jw_provision_equivalents(jw *w, const cc_provision *p, size_t depth) {
  cc_provision *eqs;
  size_t total, n = provision_equivalents(p, &eqs, &total);
  const char **names = xmalloc((2 * n + 1) * sizeof *names);
  for (size_t i = 0; i < n; i++) {
    names[i] = clause_slug(eqs[i].clause);
    names[n + i] = model_provision_id(&eqs[i]);
  }
  jw_idlist(w, names, names + n, n, depth);
  free(names);
  free(eqs);
  return total;
}

/* "provisions": [...] of D at DEPTH (its key written by the caller). */
static void jw_provisions(jw *w, const cc_document *d, size_t depth) {
  fputc('[', w->f);
  size_t written = 0;
  for (size_t i = 0; i < d->nclauses; i++) {
    cc_provision *ps;
    size_t n = linker_clause_provisions(d->clauses[i], &ps);
    for (size_t k = 0; k < n; k++) {
      if (written++) fputc(',', w->f);
      jw_nl(w, depth + 1);
      int first = 1;
      fputc('{', w->f);
      jw_members(w, provision_head_json(&ps[k]), depth + 2, &first);
      jw_key(w, "equivalents", depth + 2, &first);
      size_t total = jw_provision_equivalents(w, &ps[k], depth + 2);
      jw_key(w, "equivalents_total", depth + 2, &first);
      jw_value(w, json_integer((json_int_t)total), depth + 2);
      jw_members(w, provision_tail_json(&ps[k]), depth + 2, &first);
      jw_nl(w, depth + 1);
      fputc('}', w->f);
    }
    free(ps);
  }
  if (written) jw_nl(w, depth);
  fputc(']', w->f);
}

static void jw_document(jw *w, const cc_document *d, size_t depth) {
  int first = 1;
  fputc('{', w->f);
  jw_members(w, document_head_json(d), depth + 1, &first);
  jw_key(w, "clauses", depth + 1, &first);
  fputc('[', w->f);
  for (size_t i = 0; i < d->nclauses; i++) {
    const cc_clause *cl = d->clauses[i];
    if (i) fputc(',', w->f);
    jw_nl(w, depth + 2);
    int cfirst = 1;
    fputc('{', w->f);
    jw_members(w, clause_head_json(cl), depth + 3, &cfirst);
    jw_key(w, "equivalents", depth + 3, &cfirst);
    size_t total = jw_equivalents(w, cl, depth + 3);
    jw_key(w, "equivalents_total", depth + 3, &cfirst);
    jw_value(w, json_integer((json_int_t)total), depth + 3);
    jw_members(w, clause_tail_json(cl), depth + 3, &cfirst);
    jw_nl(w, depth + 2);
    fputc('}', w->f);
  }
  if (d->nclauses) jw_nl(w, depth + 1);
  fputc(']', w->f);
  jw_key(w, "provisions", depth + 1, &first);
  jw_provisions(w, d, depth + 1);
  jw_members(w, document_tail_json(d), depth + 1, &first);
  jw_nl(w, depth);
  fputc('}', w->f);
}

void json_export_stream(const cc_corpus *c, FILE *f) {
  jw w = {f, 0, BUF_INIT};
  int first = 1;
  fputc('{', f);
  jw_members(&w, corpus_head_json(c), 1, &first);
  jw_key(&w, "documents", 1, &first);
  fputc('[', f);
  for (size_t i = 0; i < c->ndocs; i++) {
    if (i) fputc(',', f);
    jw_nl(&w, 2);
    jw_document(&w, c->docs[i], 2);
  }
  if (c->ndocs) jw_nl(&w, 1);
  fputc(']', f);
  jw_nl(&w, 0);
  fputs("}\n", f);
  buf_free(&w.eq);
}

/* json/<slug>.json: one council's document, as in corpus.json. */
static void stream_document(const cc_corpus *c, size_t i, FILE *f) {
  jw w = {f, 0, BUF_INIT};
  int first = 1;
  fputc('{', f);
  jw_key(&w, "generator", 1, &first);
  jw_value(&w, json_string("concord " CONCORD_VERSION), 1);
  jw_key(&w, "document", 1, &first);
  jw_document(&w, c->docs[i], 1);
  jw_nl(&w, 0);
  fputs("}\n", f);
  buf_free(&w.eq);
}

static size_t councils_making(const cc_topic *t) {
  size_t n = 0; /* clauses are in corpus order: count changes of document */
  for (size_t i = 0; i < t->nclauses; i++)
    n += i == 0 || t->clauses[i]->doc != t->clauses[i - 1]->doc;
  return n;
}

/* json/index.json: the taxonomy with counts, and one line per council
 * pointing at its file; small whatever the corpus. */
static void stream_index(const cc_corpus *c, size_t unused, FILE *f) {
  (void)unused;
  json_t *root = json_object();
  json_object_set_new(root, "generator", json_string("concord " CONCORD_VERSION));
  json_object_set_new(root, "themes", themes_json(c));
  json_t *topics = json_array();
  for (size_t i = 0; i < c->ntopics; i++) {
    const cc_topic *t = c->topics[i];
    json_array_append_new(
        topics, json_pack("{s:s,s:s,s:s,s:o,s:I,s:I,s:I}", "key", t->key, "label", t->label,
                          "definition", t->definition, "theme",
                          str_or_null(t->theme ? t->theme->key : NULL), "councils",
                          (json_int_t)councils_making(t), "clauses", (json_int_t)t->nclauses,
                          "provisions", (json_int_t)t->nprovisions));
  }
  json_object_set_new(root, "topics", topics);
  json_t *docs = json_array();
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *d = c->docs[i];
    size_t nprov = 0;
    for (size_t k = 0; k < d->nclauses; k++) {
      cc_provision *ps;
      nprov += linker_clause_provisions(d->clauses[k], &ps);
      free(ps);
    }
    json_array_append_new(
        docs, json_pack("{s:o,s:o,s:o,s:o,s:o,s:s+,s:I,s:I}", "slug", str_or_null(d->slug),
                        "council", str_or_null(d->council), "title", str_or_null(d->title),
                        "kind", str_or_null(d->kind), "region", str_or_null(d->region),
                        "file", d->slug, ".json", "clauses",
                        (json_int_t)d->nclauses, "provisions", (json_int_t)nprov));
  }
  json_object_set_new(root, "documents", docs);
  json_dumpf(root, f, JSON_INDENT(1));
  fputc('\n', f);
  json_decref(root);
}

static void stream_corpus(const cc_corpus *c, size_t unused, FILE *f) {
  (void)unused;
  json_export_stream(c, f);
}

/* Writes REL into the staged output with FN(C, I, file): in memory, then
 * one outdir_write (which leaves a file with the same bytes as it is). */
static int write_json(outdir *o, const char *rel, const cc_corpus *c, size_t i,
                      void (*fn)(const cc_corpus *, size_t, FILE *), diag_list *d) {
  char *data = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&data, &len);
  if (!f) {
    diag_error(d, outdir_root(o), 0, 0, "cannot write %s: %s", rel, strerror(errno));
    return -1;
  }
  fn(c, i, f);
  int bad = ferror(f);
  if (fclose(f) != 0) bad = 1;
  int rc = -1;
  if (bad)
    diag_error(d, outdir_root(o), 0, 0, "cannot write %s: out of memory", rel);
  else
    rc = outdir_write(o, rel, data, len, d);
  free(data);
  return rc;
}

size_t json_export_corpus_max(void) { return JSON_CORPUS_MAX; }

int json_export_write_document(const cc_document *doc, outdir *o, diag_list *d) {
  buf rel = BUF_INIT;
  buf_printf(&rel, "json/%s.json", doc->slug);
  int rc = write_json(o, buf_cstr(&rel), doc->corpus, doc->index, stream_document, d);
  buf_free(&rel);
  return rc;
}

int json_export_write_corpus(const cc_corpus *c, outdir *o, diag_list *d) {
  if (write_json(o, "json/index.json", c, 0, stream_index, d) != 0) return -1;
  if (c->ndocs > JSON_CORPUS_MAX) return 0;
  return write_json(o, "corpus.json", c, 0, stream_corpus, d);
}

int json_export_write(const cc_corpus *c, outdir *o, diag_list *d) {
  if (write_json(o, "json/index.json", c, 0, stream_index, d) != 0) return -1;
  for (size_t i = 0; i < c->ndocs; i++)
    if (json_export_write_document(c->docs[i], o, d) != 0) return -1;
  if (c->ndocs > JSON_CORPUS_MAX) return 0;
  return write_json(o, "corpus.json", c, 0, stream_corpus, d);
}

/* ---- the spec dump ------------------------------------------------------- */

static void dump_line(buf *b, json_t *o) {
  char *s = json_dumps(o, JSON_COMPACT);
  buf_puts(b, s);
  buf_putc(b, '\n');
  free(s);
  json_decref(o);
}

/* KEYS as a JSON array of strings. */
static json_t *keys_json(const cc_keys *k) {
  json_t *a = json_array();
  for (size_t i = 0; i < k->n; i++) json_array_append_new(a, json_string(k->keys[i]));
  return a;
}

static void dump_items(buf *b, const cc_block *bl, const char *clause) {
  for (; bl; bl = bl->next) {
    if (bl->kind == CC_BLK_QUOTE) dump_items(b, bl->children, clause);
    if (bl->kind != CC_BLK_LIST) continue;
    for (const cc_item *it = bl->items; it; it = it->next) {
      json_t *o = json_pack("{s:s,s:o,s:o,s:o}", "item", it->id, "label", str_or_null(it->label),
                            "clause", str_or_null(clause), "text", str_or_null(it->text));
      /* only when written, so the spec's examples of items stay as they are */
      if (it->topic_keys.n) json_object_set_new(o, "topics", keys_json(&it->topic_keys));
      if (it->suggested.n) json_object_set_new(o, "suggested", keys_json(&it->suggested));
      dump_line(b, o);
      dump_items(b, it->blocks, clause);
    }
  }
}

static void dump_refs(json_t *o, const cc_clause *cl) {
  json_t *refs = json_array();
  for (size_t i = 0; i < cl->nrefs; i++) {
    const cc_ref *r = cl->refs[i];
    if (r->kind == CC_REF_INTERNAL) json_array_append_new(refs, json_string(r->target));
    else json_array_append_new(refs, json_sprintf("%s:%s", ref_kind_name(r->kind), r->text));
  }
  json_object_set_new(o, "refs", refs);
}

static void dump_section(buf *b, const cc_section *s) {
  for (size_t i = 0; i < s->nchildren; i++) {
    const cc_node *n = &s->children[i];
    if (n->kind == CC_NODE_SECTION) {
      const cc_section *x = n->u.section;
      dump_line(b, json_pack("{s:s,s:i,s:o,s:o,s:o}", "section", x->id, "level", x->depth, "number",
                             str_or_null(x->number), "canonical", str_or_null(x->canonical),
                             "heading", str_or_null(x->heading_text)));
      dump_section(b, x);
    } else if (n->kind == CC_NODE_CLAUSE) {
      const cc_clause *cl = n->u.clause;
      json_t *o = json_pack("{s:s,s:o,s:o,s:o}", "clause", cl->id, "number", str_or_null(cl->number),
                            "canonical", str_or_null(cl->canonical), "section",
                            str_or_null(cl->section->depth > 0 ? cl->section->id : NULL));
      if (cl->heading_text) json_object_set_new(o, "heading", json_string(cl->heading_text));
      json_object_set_new(o, "text", str_or_null(cl->text));
      json_t *topics = json_array();
      for (size_t k = 0; k < cl->ntopic_keys; k++) json_array_append_new(topics, json_string(cl->topic_keys[k]));
      json_object_set_new(o, "topics", topics);
      if (cl->suggested.n) json_object_set_new(o, "suggested", keys_json(&cl->suggested));
      dump_refs(o, cl);
      if (cl->note) json_object_set_new(o, "note", json_string(cl->note));
      dump_line(b, o);
      dump_items(b, cl->blocks, cl->id);
    } else {
      const cc_prose *p = n->u.prose;
      dump_line(b, json_pack("{s:s,s:o,s:o}", "prose", p->id, "section",
                             str_or_null(p->section ? p->section->id : NULL), "text", str_or_null(p->text)));
      dump_items(b, p->blocks, NULL);
    }
  }
}

char *json_export_dump(const cc_document *doc) {
  buf b = BUF_INIT;
  json_t *o = json_pack("{s:o,s:o,s:o}", "document", str_or_null(doc->slug), "council",
                        str_or_null(doc->council), "title", str_or_null(doc->title));
  /* optional fields only when the front matter set them (or, for theme
   * and language, set them to something other than the default) */
  if (doc->part) json_object_set_new(o, "part", json_string(doc->part));
  if (doc->kind) json_object_set_new(o, "kind", json_string(doc->kind));
  if (doc->region) json_object_set_new(o, "region", json_string(doc->region));
  if (doc->adopted) json_object_set_new(o, "adopted", json_string(doc->adopted));
  if (doc->theme && strcmp(doc->theme, "default") != 0)
    json_object_set_new(o, "theme", json_string(doc->theme));
  if (doc->hooks) json_object_set_new(o, "hooks", json_string(doc->hooks));
  if (doc->language && strcmp(doc->language, "en-GB") != 0)
    json_object_set_new(o, "language", json_string(doc->language));
  if (doc->nhistory) {
    json_t *h = json_array();
    for (size_t i = 0; i < doc->nhistory; i++)
      json_array_append_new(h, json_pack("{s:s,s:s}", "date", doc->history[i].date, "text", doc->history[i].text));
    json_object_set_new(o, "history", h);
  }
  dump_line(&b, o);
  dump_section(&b, doc->root);
  for (size_t i = 0; i < doc->nfootnotes; i++) {
    const cc_footnote *f = doc->footnotes[i];
    dump_line(&b, json_pack("{s:s,s:s,s:o}", "footnote", f->id, "label", f->label, "text", str_or_null(f->text)));
  }
  return buf_detach(&b);
}
