/* json_export.c - model -> JSON (see json_export.h). */
#define _POSIX_C_SOURCE 200809L
#include "write/json/json_export.h"
#include "base/buf.h"
#include "link/linker.h"
#include "write/json/json_emit.h"

#include <jansson.h>
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

#define GENERATOR "concord " CONCORD_VERSION

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* A source path as corpus.json shows it: no absolute path reaches an
 * output (README), so a source given as /home/me/proj/sources/x.md is
 * shown relative to the working directory when it is inside it
 * (sources/x.md), else by its file name alone. */
static const char *shown_path(const char *p) {
  if (!p || p[0] != '/') return p;
  /* every position of a document names the same file: the answer for the
     last path is kept (per thread, writers run in parallel), as a getcwd
     per clause was 1.6 % of a 2,000-council build given absolute paths */
  static _Thread_local char last[4096];
  static _Thread_local size_t last_skip;
  if (strcmp(p, last) == 0) return p + last_skip;
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
  return p + skip;
}

static void pos_json(json_emit *e, const char *key, cc_pos p) {
  json_emit_key(e, key);
  json_emit_object(e);
  json_emit_kstr(e, "file", shown_path(p.file));
  json_emit_kint(e, "line", p.line);
  json_emit_kint(e, "col", p.col);
  json_emit_end(e);
}

static const char *ref_kind_name(cc_ref_kind k) {
  switch (k) {
  case CC_REF_INTERNAL: return "internal";
  case CC_REF_EXTERNAL: return "external";
  default: return "unresolved";
  }
}

static void ref_json(json_emit *e, const cc_ref *r) {
  json_emit_object(e);
  json_emit_kstr(e, "kind", ref_kind_name(r->kind));
  if (r->target) json_emit_kstr(e, "target", r->target);
  json_emit_kstr(e, "text", r->text);
  json_emit_end(e);
}

/* The items under B, flat, each naming its parent item (or none). */
static void items_json(json_emit *e, const cc_block *b, const char *parent) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_QUOTE) items_json(e, b->children, parent);
    if (b->kind != CC_BLK_LIST) continue;
    for (const cc_item *it = b->items; it; it = it->next) {
      json_emit_object(e);
      json_emit_kstr(e, "id", it->id);
      json_emit_kstr(e, "label", it->label);
      json_emit_kstr(e, "canonical_label", it->canonical_label);
      if (it->label_shown) json_emit_kstr(e, "label_shown", it->label_shown);
      json_emit_kstr(e, "parent", parent);
      json_emit_kstr(e, "text", it->text);
      pos_json(e, "source", it->pos);
      json_emit_end(e);
      items_json(e, it->blocks, it->id);
    }
  }
}

static void section_json(json_emit *e, const cc_section *s) {
  json_emit_object(e);
  json_emit_kstr(e, "id", s->id);
  json_emit_kstr(e, "number", s->number);
  json_emit_kstr(e, "canonical_number", s->canonical);
  json_emit_kstr(e, "heading", s->heading_text);
  if (s->heading_shown) json_emit_kstr(e, "heading_shown", s->heading_shown);
  json_emit_kint(e, "level", s->depth);
  json_emit_kstr(e, "parent", s->parent && s->parent->depth > 0 ? s->parent->id : NULL);
  pos_json(e, "source", s->pos);
  json_emit_end(e);
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

/* "equivalents" and "equivalents_total" of a clause. */
static void clause_equivalents(json_emit *e, const cc_clause *cl) {
  const cc_clause **eqs;
  size_t total, n = linker_equivalents_head(cl, JSON_EQUIVALENTS_MAX, &eqs, &total);
  if (n > JSON_EQUIVALENTS_MAX) n = JSON_EQUIVALENTS_MAX;
  json_emit_key(e, "equivalents");
  json_emit_array(e);
  for (size_t i = 0; i < n; i++) json_emit_str2(e, clause_slug(eqs[i]), '#', eqs[i]->id);
  json_emit_end(e);
  free(eqs);
  json_emit_kint(e, "equivalents_total", (long long)total);
}

static void clause_json(json_emit *e, const cc_clause *cl) {
  json_emit_object(e);
  json_emit_kstr(e, "id", cl->id);
  json_emit_kstr(e, "number", cl->number);
  json_emit_kstr(e, "canonical_number", cl->canonical);
  if (cl->number_shown) json_emit_kstr(e, "number_shown", cl->number_shown);
  json_emit_kint(e, "ordinal", cl->ordinal);
  json_emit_kstr(e, "section", cl->section && cl->section->depth > 0 ? cl->section->id : NULL);
  json_emit_kstr(e, "heading", cl->heading_text);
  json_emit_kstr(e, "text", cl->text);
  json_emit_key(e, "topics");
  json_emit_array(e);
  for (size_t i = 0; i < cl->ntopics; i++) json_emit_str(e, cl->topics[i]->key);
  json_emit_end(e);
  json_emit_key(e, "refs");
  json_emit_array(e);
  for (size_t i = 0; i < cl->nrefs; i++) ref_json(e, cl->refs[i]);
  json_emit_end(e);
  clause_equivalents(e, cl);
  json_emit_key(e, "items");
  json_emit_array(e);
  items_json(e, cl->blocks, NULL);
  json_emit_end(e);
  if (cl->note) json_emit_kstr(e, "note", cl->note);
  pos_json(e, "source", cl->pos);
  json_emit_end(e);
}

/* ---- provisions (docs/provisions.md) -------------------------------------- */

/* The provision's label within its council, as the matrix shows it:
 * "2.9(e)", "2.1", "Complaints \u00b62"; into the scratch buffer B. */
static const char *provision_label(buf *b, const cc_provision *p) {
  const cc_clause *cl = p->clause;
  buf_clear(b);
  const char *n = model_clause_number_shown(cl);
  if (n && *n) {
    size_t len = strlen(n);
    while (len > 1 && n[len - 1] == '.') len--; /* "1.1." is "1.1" */
    buf_put(b, n, len);
  } else if (cl->section && cl->section->heading_text && *cl->section->heading_text) {
    buf_printf(b, "%s \xC2\xB6%d", cl->section->heading_text, cl->ordinal);
  } else {
    buf_printf(b, "\xC2\xB6%d", cl->ordinal);
  }
  model_item_label_put(b, p->item);
  return buf_cstr(b);
}

/* "equivalents" and "equivalents_total" of a provision: the first
 * JSON_EQUIVALENTS_MAX, as for a clause. */
static void provision_equivalents(json_emit *e, const cc_provision *p) {
  cc_provision *eqs;
  size_t total, n = linker_provision_equivalents_head(p, JSON_EQUIVALENTS_MAX, &eqs, &total);
  if (n > JSON_EQUIVALENTS_MAX) n = JSON_EQUIVALENTS_MAX;
  json_emit_key(e, "equivalents");
  json_emit_array(e);
  for (size_t i = 0; i < n; i++)
    json_emit_str2(e, clause_slug(eqs[i].clause), '#', model_provision_id(&eqs[i]));
  json_emit_end(e);
  free(eqs);
  json_emit_kint(e, "equivalents_total", (long long)total);
}

static void provision_json(json_emit *e, buf *scratch, const cc_provision *p) {
  json_emit_object(e);
  json_emit_kstr(e, "id", model_provision_id(p));
  json_emit_kstr(e, "clause", p->clause->id);
  json_emit_kstr(e, "label", provision_label(scratch, p));
  json_emit_kstr(e, "text", model_provision_text(p));
  cc_topic *const *topics;
  size_t nt = model_provision_topics(p, &topics);
  json_emit_key(e, "topics");
  json_emit_array(e);
  for (size_t i = 0; i < nt; i++) json_emit_str(e, topics[i]->key);
  json_emit_end(e);
  provision_equivalents(e, p);
  pos_json(e, "source", p->item ? p->item->pos : p->clause->pos);
  json_emit_end(e);
}

/* Every provision of D, flat, in document order: each clause's (the
 * clause as a whole, then its items). */
static void provisions_json(json_emit *e, const cc_document *d) {
  buf scratch = BUF_INIT;
  json_emit_array(e);
  for (size_t i = 0; i < d->nclauses; i++) {
    cc_provision *ps;
    size_t n = linker_clause_provisions(d->clauses[i], &ps);
    for (size_t k = 0; k < n; k++) provision_json(e, &scratch, &ps[k]);
    free(ps);
  }
  json_emit_end(e);
  buf_free(&scratch);
}

/* ---- documents and the corpus --------------------------------------------- */

static void history_json(json_emit *e, const cc_document *d) {
  json_emit_key(e, "history");
  json_emit_array(e);
  for (size_t i = 0; i < d->nhistory; i++) {
    json_emit_object(e);
    json_emit_kstr(e, "date", d->history[i].date);
    json_emit_kstr(e, "text", d->history[i].text);
    json_emit_end(e);
  }
  json_emit_end(e);
}

/* Point-in-time versions (docs/versions.md), only when given, so a
 * corpus without them keeps its bytes: the dates and pages, not the
 * earlier texts (history, not data to compare). */
static void versions_json(json_emit *e, const cc_document *d) {
  if (d->in_force) json_emit_kstr(e, "in_force", d->in_force);
  if (!d->nversions) return;
  buf page = BUF_INIT;
  json_emit_key(e, "versions");
  json_emit_array(e);
  for (size_t i = 0; i < d->nversions; i++) {
    const cc_document *v = d->versions[i];
    const char *to = i + 1 < d->nversions ? d->versions[i + 1]->in_force : d->in_force;
    buf_clear(&page);
    buf_printf(&page, "site/%s/%s.html", d->slug, v->in_force);
    json_emit_object(e);
    json_emit_kstr(e, "in_force", v->in_force);
    json_emit_kstr(e, "until", to);
    json_emit_kstr(e, "page", buf_cstr(&page));
    json_emit_end(e);
  }
  json_emit_end(e);
  buf_free(&page);
}

static void document_json(json_emit *e, const cc_document *d) {
  json_emit_object(e);
  json_emit_kstr(e, "slug", d->slug);
  json_emit_kstr(e, "council", d->council);
  json_emit_kstr(e, "title", d->title);
  json_emit_kstr(e, "part", d->part);
  json_emit_kstr(e, "kind", d->kind);
  json_emit_kstr(e, "region", d->region);
  json_emit_kstr(e, "adopted", d->adopted);
  history_json(e, d);
  versions_json(e, d);
  json_emit_kstr(e, "theme", d->theme);
  json_emit_kstr(e, "language", d->language);
  json_emit_key(e, "numbered");
  json_emit_bool(e, d->numbered);
  json_emit_kstr(e, "source", shown_path(d->path));
  /* house style decided by hooks: what the PDF prints around the text */
  json_emit_key(e, "presentation");
  json_emit_object(e);
  json_emit_kstr(e, "running_header", d->running_header);
  json_emit_kstr(e, "running_footer", d->running_footer);
  json_emit_key(e, "show_contents");
  json_emit_bool(e, d->show_contents);
  json_emit_end(e);
  json_emit_key(e, "sections");
  json_emit_array(e);
  for (size_t i = 0; i < d->nsections; i++) section_json(e, d->sections[i]);
  json_emit_end(e);
  json_emit_key(e, "clauses");
  json_emit_array(e);
  for (size_t i = 0; i < d->nclauses; i++) clause_json(e, d->clauses[i]);
  json_emit_end(e);
  json_emit_key(e, "provisions");
  provisions_json(e, d);
  json_emit_key(e, "prose");
  json_emit_array(e);
  for (size_t i = 0; i < d->nprose; i++) {
    const cc_prose *p = d->prose[i];
    json_emit_object(e);
    json_emit_kstr(e, "id", p->id);
    json_emit_kstr(e, "section", p->section ? p->section->id : NULL);
    json_emit_kstr(e, "text", p->text);
    pos_json(e, "source", p->pos);
    json_emit_end(e);
  }
  json_emit_end(e);
  json_emit_key(e, "footnotes");
  json_emit_array(e);
  for (size_t i = 0; i < d->nfootnotes; i++) {
    const cc_footnote *f = d->footnotes[i];
    json_emit_object(e);
    json_emit_kstr(e, "id", f->id);
    json_emit_kstr(e, "label", f->label);
    json_emit_kstr(e, "text", f->text);
    pos_json(e, "source", f->pos);
    json_emit_end(e);
  }
  json_emit_end(e);
  json_emit_end(e);
}

static void themes_json(json_emit *e, const cc_corpus *c) {
  json_emit_key(e, "themes");
  json_emit_array(e);
  for (size_t i = 0; i < c->nthemes; i++) {
    const cc_theme *t = c->themes[i];
    json_emit_object(e);
    json_emit_kstr(e, "key", t->key);
    json_emit_kstr(e, "label", t->label);
    json_emit_kstr(e, "definition", t->definition);
    json_emit_end(e);
  }
  json_emit_end(e);
}

/* A topic's key, label, definition and theme: its first members in
 * corpus.json and in json/index.json. */
static void topic_head(json_emit *e, const cc_topic *t) {
  json_emit_kstr(e, "key", t->key);
  json_emit_kstr(e, "label", t->label);
  json_emit_kstr(e, "definition", t->definition);
  json_emit_kstr(e, "theme", t->theme ? t->theme->key : NULL);
}

/* corpus.json: the taxonomy, each topic with its clauses, then every
 * document. */
static void corpus_json(buf *out, const cc_corpus *c) {
  json_emit e;
  json_emit_init(&e, out);
  json_emit_object(&e);
  json_emit_kstr(&e, "generator", GENERATOR);
  themes_json(&e, c);
  json_emit_key(&e, "topics");
  json_emit_array(&e);
  for (size_t i = 0; i < c->ntopics; i++) {
    const cc_topic *t = c->topics[i];
    json_emit_object(&e);
    topic_head(&e, t);
    json_emit_key(&e, "clauses");
    json_emit_array(&e);
    for (size_t j = 0; j < t->nclauses; j++)
      json_emit_str2(&e, clause_slug(t->clauses[j]), '#', t->clauses[j]->id);
    json_emit_end(&e);
    json_emit_end(&e);
  }
  json_emit_end(&e);
  json_emit_key(&e, "documents");
  json_emit_array(&e);
  for (size_t i = 0; i < c->ndocs; i++) document_json(&e, c->docs[i]);
  json_emit_end(&e);
  json_emit_end(&e);
  buf_putc(out, '\n');
}

void json_export_stream(const cc_corpus *c, FILE *f) {
  buf out = BUF_INIT;
  corpus_json(&out, c);
  fwrite(out.data, 1, out.len, f);
  buf_free(&out);
}

/* json/<slug>.json: one council's document, as in corpus.json. */
static void document_file(buf *out, const cc_corpus *c, size_t i) {
  json_emit e;
  json_emit_init(&e, out);
  json_emit_object(&e);
  json_emit_kstr(&e, "generator", GENERATOR);
  json_emit_key(&e, "document");
  document_json(&e, c->docs[i]);
  json_emit_end(&e);
  buf_putc(out, '\n');
}

static size_t councils_making(const cc_topic *t) {
  size_t n = 0; /* clauses are in corpus order: count changes of document */
  for (size_t i = 0; i < t->nclauses; i++)
    n += i == 0 || t->clauses[i]->doc != t->clauses[i - 1]->doc;
  return n;
}

/* json/index.json: the taxonomy with counts, and one line per council
 * pointing at its file; small whatever the corpus. */
static void index_file(buf *out, const cc_corpus *c, size_t unused) {
  (void)unused;
  json_emit e;
  json_emit_init(&e, out);
  json_emit_object(&e);
  json_emit_kstr(&e, "generator", GENERATOR);
  themes_json(&e, c);
  json_emit_key(&e, "topics");
  json_emit_array(&e);
  for (size_t i = 0; i < c->ntopics; i++) {
    const cc_topic *t = c->topics[i];
    json_emit_object(&e);
    topic_head(&e, t);
    json_emit_kint(&e, "councils", (long long)councils_making(t));
    json_emit_kint(&e, "clauses", (long long)t->nclauses);
    json_emit_kint(&e, "provisions", (long long)t->nprovisions);
    json_emit_end(&e);
  }
  json_emit_end(&e);
  json_emit_key(&e, "documents");
  json_emit_array(&e);
  buf file = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *d = c->docs[i];
    size_t nprov = 0;
    for (size_t k = 0; k < d->nclauses; k++) {
      cc_provision *ps;
      nprov += linker_clause_provisions(d->clauses[k], &ps);
      free(ps);
    }
    buf_clear(&file);
    buf_printf(&file, "%s.json", d->slug);
    json_emit_object(&e);
    json_emit_kstr(&e, "slug", d->slug);
    json_emit_kstr(&e, "council", d->council);
    json_emit_kstr(&e, "title", d->title);
    json_emit_kstr(&e, "kind", d->kind);
    json_emit_kstr(&e, "region", d->region);
    json_emit_kstr(&e, "file", buf_cstr(&file));
    json_emit_kint(&e, "clauses", (long long)d->nclauses);
    json_emit_kint(&e, "provisions", (long long)nprov);
    json_emit_end(&e);
  }
  buf_free(&file);
  json_emit_end(&e);
  json_emit_end(&e);
  buf_putc(out, '\n');
}

static void corpus_file(buf *out, const cc_corpus *c, size_t unused) {
  (void)unused;
  corpus_json(out, c);
}

/* Writes REL into the staged output with FN(out, C, I): in memory, then
 * one outdir_write (which leaves a file with the same bytes as it is). */
static int write_json(outdir *o, const char *rel, const cc_corpus *c, size_t i,
                      void (*fn)(buf *, const cc_corpus *, size_t), diag_list *d) {
  buf out = BUF_INIT;
  fn(&out, c, i);
  int rc = outdir_write(o, rel, buf_cstr(&out), out.len, d);
  buf_free(&out);
  return rc;
}

size_t json_export_corpus_max(void) { return JSON_CORPUS_MAX; }

int json_export_write_document(const cc_document *doc, outdir *o, diag_list *d) {
  buf rel = BUF_INIT;
  buf_printf(&rel, "json/%s.json", doc->slug);
  int rc = write_json(o, buf_cstr(&rel), doc->corpus, doc->index, document_file, d);
  buf_free(&rel);
  return rc;
}

int json_export_write_corpus(const cc_corpus *c, outdir *o, diag_list *d) {
  if (write_json(o, "json/index.json", c, 0, index_file, d) != 0) return -1;
  if (c->ndocs > JSON_CORPUS_MAX) return 0;
  return write_json(o, "corpus.json", c, 0, corpus_file, d);
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
