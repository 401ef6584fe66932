/* diff_version.c - clause matching and the redline (see diff_version.h). */
#include "write/diff/diff_version.h"
#include "write/diff/diff_html.h"
#include "write/diff/diff_words.h"
#include "write/html/html_serial.h"
#include "write/html/html_tree.h"
#include "model/model.h"
#include "read/reader.h"

#include <stdlib.h>
#include <string.h>

#define SAME_ID_MIN 0.4
#define MOVED_MIN 0.5
#define DIFF_MAX_COST 4000

typedef enum { CH_SAME, CH_CHANGED, CH_MOVED, CH_MOVED_CHANGED, CH_ADDED, CH_REMOVED } change_kind;

static const char *const change_name[] = {"unchanged", "changed", "moved", "moved and changed",
                                          "added", "removed"};

typedef struct entry {
  change_kind kind;
  const cc_clause *old, *new_;
} entry;

typedef struct side {
  const cc_document *doc;
  diff_tokens *tok;
  long *match; /* index of the matched clause on the other side, or -1 */
} side;

static void citation(buf *b, const cc_clause *cl) {
  const char *n = model_clause_number_shown(cl);
  if (n && *n) {
    buf_puts(b, n);
    return;
  }
  if (cl->section && cl->section->heading_text) buf_printf(b, "%s ", cl->section->heading_text);
  buf_printf(b, "\xC2\xB6%d", cl->ordinal);
}

static double ratio(const diff_tokens *a, const diff_tokens *b) {
  diff_script s;
  diff_words(a, b, DIFF_MAX_COST, &s);
  double r = diff_ratio(a, b, &s);
  diff_script_free(&s);
  return r;
}

static int same_text(const diff_tokens *a, const diff_tokens *b) {
  if (a->n != b->n) return 0;
  for (size_t i = 0; i < a->n; i++)
    if (strcmp(a->t[i].key, b->t[i].key)) return 0;
  return 1;
}

static void link_pair(side *o, size_t i, side *n, size_t j) {
  o->match[i] = (long)j;
  n->match[j] = (long)i;
}

static void match_clauses(side *o, side *n) {
  size_t no = o->doc->nclauses, nn = n->doc->nclauses;
  /* 1. identical text, preferring the same id, then the nearest position */
  for (size_t j = 0; j < nn; j++) {
    long best = -1;
    for (size_t i = 0; i < no; i++) {
      if (o->match[i] >= 0 || !same_text(&o->tok[i], &n->tok[j])) continue;
      if (!strcmp(o->doc->clauses[i]->id, n->doc->clauses[j]->id)) { best = (long)i; break; }
      if (best < 0) best = (long)i;
    }
    if (best >= 0) link_pair(o, (size_t)best, n, j);
  }
  /* 2. the same id, when the text is still recognisably the same clause */
  for (size_t j = 0; j < nn; j++) {
    if (n->match[j] >= 0) continue;
    cc_id_target t = model_document_find(o->doc, n->doc->clauses[j]->id);
    if (t.kind != CC_ID_CLAUSE) continue;
    size_t i = ((const cc_clause *)t.node)->index;
    if (o->match[i] >= 0) continue;
    if (ratio(&o->tok[i], &n->tok[j]) >= SAME_ID_MIN) link_pair(o, i, n, j);
  }
  /* 3. best remaining pairs by similarity (greedy, best first; ties in
        document order): moved or renumbered and reworded */
  for (;;) {
    double best = MOVED_MIN;
    long bi = -1, bj = -1;
    for (size_t j = 0; j < nn; j++) {
      if (n->match[j] >= 0) continue;
      for (size_t i = 0; i < no; i++) {
        if (o->match[i] >= 0) continue;
        double r = ratio(&o->tok[i], &n->tok[j]);
        if (r > best) best = r, bi = (long)i, bj = (long)j;
      }
    }
    if (bi < 0) break;
    link_pair(o, (size_t)bi, n, (size_t)bj);
  }
}

/* Entries in the new document's order; a removed clause comes just
 * before the first new clause matched to an old clause after it. */
static entry *order_entries(const side *o, const side *n, size_t *count) {
  size_t no = o->doc->nclauses, nn = n->doc->nclauses, k = 0, next_old = 0;
  entry *e = xcalloc(no + nn + 1, sizeof *e);
  for (size_t j = 0; j < nn; j++) {
    long i = n->match[j];
    if (i >= 0)
      for (; next_old < (size_t)i; next_old++)
        if (o->match[next_old] < 0)
          e[k++] = (entry){CH_REMOVED, o->doc->clauses[next_old], NULL};
    const cc_clause *nc = n->doc->clauses[j];
    if (i < 0) {
      e[k++] = (entry){CH_ADDED, NULL, nc};
      continue;
    }
    if (next_old <= (size_t)i) next_old = (size_t)i + 1;
    const cc_clause *oc = o->doc->clauses[i];
    int same = same_text(&o->tok[i], &n->tok[j]);
    int moved = strcmp(oc->id, nc->id) != 0;
    change_kind kind = moved ? (same ? CH_MOVED : CH_MOVED_CHANGED) : (same ? CH_SAME : CH_CHANGED);
    e[k++] = (entry){kind, oc, nc};
  }
  for (; next_old < no; next_old++)
    if (o->match[next_old] < 0) e[k++] = (entry){CH_REMOVED, o->doc->clauses[next_old], NULL};
  *count = k;
  return e;
}

static void render_text(buf *out, const char *old_path, const char *new_path, const side *o,
                        const side *n, const entry *e, size_t ne) {
  size_t counts[6] = {0};
  buf_printf(out, "--- %s\n+++ %s\n", old_path, new_path);
  for (size_t k = 0; k < ne; k++) {
    counts[e[k].kind]++;
    if (e[k].kind == CH_SAME) continue;
    buf_printf(out, "\n%s ", change_name[e[k].kind]);
    if (e[k].old && e[k].new_ && e[k].kind != CH_CHANGED) {
      citation(out, e[k].old);
      buf_puts(out, " -> ");
      citation(out, e[k].new_);
      buf_printf(out, " (#%s -> #%s)\n", e[k].old->id, e[k].new_->id);
    } else {
      const cc_clause *c = e[k].new_ ? e[k].new_ : e[k].old;
      citation(out, c);
      buf_printf(out, " (#%s)\n", c->id);
    }
    diff_tokens empty = {NULL, 0, NULL};
    const diff_tokens *a = e[k].old ? &o->tok[e[k].old->index] : &empty;
    const diff_tokens *b = e[k].new_ ? &n->tok[e[k].new_->index] : &empty;
    diff_script s;
    diff_words(a, b, DIFF_MAX_COST, &s);
    char *t = diff_render_text(a, b, &s);
    buf_printf(out, "  %s\n", t);
    free(t);
    diff_script_free(&s);
  }
  buf_printf(out, "\n%zu changed, %zu moved, %zu added, %zu removed, %zu unchanged\n",
             counts[CH_CHANGED], counts[CH_MOVED] + counts[CH_MOVED_CHANGED], counts[CH_ADDED],
             counts[CH_REMOVED], counts[CH_SAME]);
}

static const char page_css[] =
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:50rem;margin:0 auto;"
    "padding:1rem;color:#1b1b1b;background:#fff}\n"
    "h1{font-size:1.5rem}h2{font-size:1.1rem;margin:0}\n"
    ".change{border-left:.4rem solid #6b6b6b;padding:.25rem 0 .25rem .75rem;margin:1rem 0}\n"
    ".change.added{border-color:#0b6e2a}.change.removed{border-color:#a3160d}\n"
    ".change.unchanged{border-color:#c8c8c8;color:#444}\n"
    ".kind{font-weight:normal;font-size:.9rem;text-transform:uppercase;letter-spacing:.03em}\n"
    ".summary{font-weight:bold}\n";

/* The summary, the note on the marks and a section per clause (headings
 * at level HLEVEL), appended to PARENT. */
static void append_entries(xmlNodePtr main, const side *o, const side *n, const entry *e,
                           size_t ne, int hlevel) {
  size_t counts[6] = {0};
  for (size_t k = 0; k < ne; k++) counts[e[k].kind]++;
  buf s = BUF_INIT;
  buf_printf(&s, "%zu changed, %zu moved or renumbered, %zu added, %zu removed, %zu unchanged.",
             counts[CH_CHANGED], counts[CH_MOVED] + counts[CH_MOVED_CHANGED], counts[CH_ADDED],
             counts[CH_REMOVED], counts[CH_SAME]);
  html_el_text(main, "p", "summary", buf_cstr(&s));
  buf_free(&s);
  html_el_text(main, "p", NULL,
               "Deleted words are struck through and marked \"deleted\"; inserted words are "
               "underlined and marked \"inserted\".");
  for (size_t k = 0; k < ne; k++) {
    static const char *const cls[] = {"unchanged", "changed", "moved", "moved changed", "added",
                                      "removed"};
    xmlNodePtr sec = html_el(main, "section", NULL);
    buf c = BUF_INIT;
    buf_printf(&c, "change %s", cls[e[k].kind]);
    html_attr(sec, "class", buf_cstr(&c));
    buf_clear(&c);
    const cc_clause *shown = e[k].new_ ? e[k].new_ : e[k].old;
    buf_printf(&c, "%s-%s", e[k].new_ ? "new" : "old", shown->id);
    html_attr(sec, "id", buf_cstr(&c));
    buf_clear(&c);
    xmlNodePtr h = html_el(sec, hlevel == 3 ? "h3" : "h2", NULL);
    citation(&c, shown);
    if (e[k].old && e[k].new_ && strcmp(e[k].old->id, e[k].new_->id)) {
      buf_puts(&c, " (was ");
      citation(&c, e[k].old);
      buf_putc(&c, ')');
    }
    html_text(h, buf_cstr(&c));
    html_text(h, " ");
    html_el_text(h, "span", "kind", change_name[e[k].kind]);
    buf_free(&c);
    diff_tokens empty = {NULL, 0, NULL};
    const diff_tokens *a = e[k].old ? &o->tok[e[k].old->index] : &empty;
    const diff_tokens *b = e[k].new_ ? &n->tok[e[k].new_->index] : &empty;
    diff_script sc;
    diff_words(a, b, DIFF_MAX_COST, &sc);
    diff_html_append(html_el(sec, "p", NULL), a, b, &sc);
    diff_script_free(&sc);
  }
}

static void render_html(buf *out, const char *old_path, const char *new_path, const side *o,
                        const side *n, const entry *e, size_t ne) {
  xmlNodePtr html, head;
  xmlDocPtr doc = html_standalone_doc(n->doc->language, &html, &head);
  buf t = BUF_INIT;
  buf_printf(&t, "Changes to %s", n->doc->council ? n->doc->council : n->doc->slug);
  if (n->doc->title) buf_printf(&t, ": %s", n->doc->title);
  html_el_text(head, "title", NULL, buf_cstr(&t));
  buf css = BUF_INIT;
  buf_puts(&css, page_css);
  buf_puts(&css, diff_html_css);
  html_el_text(head, "style", NULL, buf_cstr(&css));
  buf_free(&css);
  xmlNodePtr body = html_el(html, "body", NULL);
  xmlNodePtr main = html_el(body, "main", NULL);
  html_el_text(main, "h1", NULL, buf_cstr(&t));
  buf_free(&t);
  xmlNodePtr p = html_el(main, "p", NULL);
  html_text(p, "Old version: ");
  html_el_text(p, "code", NULL, old_path);
  html_el(p, "br", NULL);
  html_text(p, "New version: ");
  html_el_text(p, "code", NULL, new_path);
  append_entries(main, o, n, e, ne, 2);
  html_serial_doc(doc, out);
  xmlFreeDoc(doc);
}

typedef struct html_ctx {
  const char *old_path, *new_path;
  buf *out;
  xmlNodePtr parent;
  int hlevel;
} html_ctx;

/* Matches OD's clauses to ND's and calls F with the entries. */
static void with_entries(const cc_document *od, const cc_document *nd,
                       void (*f)(const side *, const side *, const entry *, size_t, void *),
                       void *ctx) {
  side o = {od, xcalloc(od->nclauses + 1, sizeof(diff_tokens)), xcalloc(od->nclauses + 1, sizeof(long))};
  side n = {nd, xcalloc(nd->nclauses + 1, sizeof(diff_tokens)), xcalloc(nd->nclauses + 1, sizeof(long))};
  for (size_t i = 0; i < od->nclauses; i++) {
    diff_tokenize(od->clauses[i]->text, false, &o.tok[i]);
    o.match[i] = -1;
  }
  for (size_t j = 0; j < nd->nclauses; j++) {
    diff_tokenize(nd->clauses[j]->text, false, &n.tok[j]);
    n.match[j] = -1;
  }
  match_clauses(&o, &n);
  size_t ne;
  entry *e = order_entries(&o, &n, &ne);
  f(&o, &n, e, ne, ctx);
  free(e);
  for (size_t i = 0; i < od->nclauses; i++) diff_tokens_free(&o.tok[i]);
  for (size_t j = 0; j < nd->nclauses; j++) diff_tokens_free(&n.tok[j]);
  free(o.tok);
  free(o.match);
  free(n.tok);
  free(n.match);
}

static void render_text_cb(const side *o, const side *n, const entry *e, size_t ne, void *ctx) {
  html_ctx *x = ctx;
  render_text(x->out, x->old_path, x->new_path, o, n, e, ne);
}
static void render_html_cb(const side *o, const side *n, const entry *e, size_t ne, void *ctx) {
  html_ctx *x = ctx;
  render_html(x->out, x->old_path, x->new_path, o, n, e, ne);
}
static void append_cb(const side *o, const side *n, const entry *e, size_t ne, void *ctx) {
  html_ctx *x = ctx;
  append_entries(x->parent, o, n, e, ne, x->hlevel);
}

void diff_version_append(xmlNodePtr parent, const cc_document *od, const cc_document *nd,
                         int hlevel) {
  html_ctx x = {NULL, NULL, NULL, parent, hlevel};
  with_entries(od, nd, append_cb, &x);
}

int diff_version_run(const char *old_path, const char *new_path, int text, buf *out,
                     diag_list *d) {
  cc_corpus *co = model_corpus_new(), *cn = model_corpus_new();
  cc_document *od = reader_read_file(co, old_path, d);
  cc_document *nd = reader_read_file(cn, new_path, d);
  int rc = -1;
  if (od && nd && !d->errors) {
    html_ctx x = {old_path, new_path, out, NULL, 2};
    with_entries(od, nd, text ? render_text_cb : render_html_cb, &x);
    rc = 0;
  } else if (!d->errors) {
    diag_error(d, od ? new_path : old_path, 0, 0, "cannot read this source");
  }
  model_corpus_free(co);
  model_corpus_free(cn);
  return rc;
}
