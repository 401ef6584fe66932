/* hooks.c - runs the Lua hooks over the corpus (see writers.h and
 * docs/lua-hooks.md): finds each document's hook file (front matter
 * `hooks:`, else lua/<slug>.lua) and the --lua files, runs each in a fresh
 * sandbox (hooks_sandbox.h) per document, copies what the hooks return
 * into the model (hooks_view.h), then validates the document again.
 *
 * Call order for one hook file and one document: Item (document order),
 * Clause, Section, Document; then item_label, number_label, heading_text,
 * running_header, running_footer, contents. Each call sees the model as
 * the calls before it left it. */
#define _POSIX_C_SOURCE 200809L
#include "hooks/hooks.h"
#include "base/buf.h"
#include "base/parallel.h"
#include "hooks/hooks_lib.h"
#include "hooks/hooks_sandbox.h"
#include "hooks/hooks_stdlib.h"
#include "hooks/hooks_view.h"
#include "base/safepath.h"
#include "base/strmap.h"

#include <lauxlib.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_HOOK_FILE = 1 << 20 };

/* The functions a hook file may define, in call order. */
typedef enum {
  FN_ITEM, FN_CLAUSE, FN_SECTION, FN_DOCUMENT,
  FN_ITEM_LABEL, FN_NUMBER_LABEL, FN_HEADING_TEXT,
  FN_RUNNING_HEADER, FN_RUNNING_FOOTER, FN_CONTENTS,
  FN_COUNT
} hook_fn;

static const char *const fn_names[FN_COUNT] = {
    "Item", "Clause", "Section", "Document", "item_label", "number_label",
    "heading_text", "running_header", "running_footer", "contents"};

typedef struct hook_src {
  const char *path;
  char *text;
  size_t len;
} hook_src;

typedef struct doc_run {
  cc_document *doc;
  hooks_sandbox *s;
  hooks_change *changes;
  size_t nchanges, capchanges;
  int defined[FN_COUNT];
  int line_defined[FN_COUNT];
  /* the call in progress */
  hook_fn fn;
  hooks_target target;
} doc_run;

/* ---- reading hook files ---------------------------------------------------- */

static int read_hook(const char *path, hook_src *out, diag_list *d, const char *why_file,
                     int why_line) {
  /* A folder opens fine and then fails to read ("cannot read this Lua hook
     file" said nothing); a FIFO would block the build. Say what it is. */
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    diag_error(d, why_file, why_line, why_line ? 1 : 0,
               "cannot read Lua hook file '%s': it is %s, not a file; name a .lua file", path,
               S_ISDIR(st.st_mode) ? "a directory" : "a special file");
    return -1;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_error(d, why_file, why_line, why_line ? 1 : 0, "cannot read Lua hook file '%s': %s",
               path, strerror(errno));
    return -1;
  }
  buf b = BUF_INIT;
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    buf_put(&b, chunk, n);
    if (b.len > MAX_HOOK_FILE) break;
  }
  int err = ferror(f) ? (errno ? errno : EIO) : 0;
  fclose(f);
  if (err || b.len > MAX_HOOK_FILE) {
    if (err)
      diag_error(d, path, 0, 0, "cannot read this Lua hook file: %s", strerror(err));
    else
      diag_error(d, path, 0, 0, "Lua hook file is larger than 1 MiB; hooks should be small");
    buf_free(&b);
    return -1;
  }
  out->path = path;
  out->len = b.len;
  out->text = buf_detach(&b);
  return 0;
}

/* Line of "hooks:" in the document's front matter, for messages. */
static int hooks_field_line(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 1;
  char line[512];
  int n = 0, found = 1;
  while (fgets(line, sizeof line, f)) {
    n++;
    if (strncmp(line, "hooks:", 6) == 0) {
      found = n;
      break;
    }
    if (n > 1 && strncmp(line, "---", 3) == 0) break;
  }
  fclose(f);
  return found;
}

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- calling hook functions ------------------------------------------------- */

static const char *element_name(arena *a, const cc_document *d, hook_fn fn, cc_id_kind kind,
                                const void *node) {
  const char *id = d->slug ? d->slug : d->path;
  switch (kind) {
  case CC_ID_CLAUSE: return arena_printf(a, "%s(%s#%s)", fn_names[fn], id, ((const cc_clause *)node)->id);
  case CC_ID_ITEM: return arena_printf(a, "%s(%s#%s)", fn_names[fn], id, ((const cc_item *)node)->id);
  case CC_ID_SECTION: return arena_printf(a, "%s(%s#%s)", fn_names[fn], id, ((const cc_section *)node)->id);
  default: return arena_printf(a, "%s(%s)", fn_names[fn], id);
  }
}

/* Finds which hook functions the file defines. The filter table is what
 * the chunk returned, if a table, else the globals (pandoc's convention).
 * rawget: a metatable on the filter table must not run code here. */
static int collect_functions(lua_State *L) {
  doc_run *r = lua_touserdata(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, "concord.chunk_result");
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    lua_pushglobaltable(L);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, "concord.filters");
  for (int i = 0; i < FN_COUNT; i++) {
    lua_pushstring(L, fn_names[i]);
    int t = lua_rawget(L, -2);
    if (t == LUA_TFUNCTION) {
      lua_Debug ar;
      lua_pushvalue(L, -1);
      lua_getinfo(L, ">S", &ar);
      r->defined[i] = 1;
      r->line_defined[i] = ar.linedefined;
    } else if (t != LUA_TNIL) {
      return luaL_error(L, "'%s' must be a function, not a %s", fn_names[i], lua_typename(L, t));
    }
    lua_pop(L, 1);
  }
  return 0;
}

static int call_hook(lua_State *L) {
  doc_run *r = lua_touserdata(L, 1);
  hooks_target *t = &r->target;
  lua_getfield(L, LUA_REGISTRYINDEX, "concord.filters");
  lua_pushstring(L, fn_names[r->fn]);
  lua_rawget(L, -2);
  hooks_view_push(L, t);
  int nargs = 1;
  if (r->fn == FN_RUNNING_HEADER || r->fn == FN_RUNNING_FOOTER) {
    /* The PDF writer substitutes page numbers; the writer never calls Lua. */
    lua_pushliteral(L, "{page}");
    lua_pushliteral(L, "{pages}");
    nargs = 3;
  }
  lua_call(L, nargs, 1);
  /* Problems with the returned value are reported at the function's first
     line: the line that returned is no longer known. */
  r->s->line = r->line_defined[r->fn];
  int res = lua_gettop(L);
  int type = lua_type(L, res);
  if (type == LUA_TNIL) return 0;
  const char *name = fn_names[r->fn];
  switch (r->fn) {
  case FN_ITEM:
  case FN_CLAUSE:
  case FN_SECTION:
  case FN_DOCUMENT:
    if (type != LUA_TTABLE)
      return luaL_error(L, "%s must return a table or nil, not a %s", name, lua_typename(L, type));
    hooks_view_apply(L, t, res);
    return 0;
  case FN_ITEM_LABEL:
    hooks_view_set_string(L, t, res, &((cc_item *)t->node)->label_shown, 200, "the label item_label returned");
    return 0;
  case FN_NUMBER_LABEL:
    hooks_view_set_string(L, t, res, &((cc_clause *)t->node)->number_shown, 200, "the number number_label returned");
    return 0;
  case FN_HEADING_TEXT:
    hooks_view_set_string(L, t, res, &((cc_section *)t->node)->heading_shown, 200, "the heading heading_text returned");
    return 0;
  case FN_RUNNING_HEADER:
    hooks_view_set_string(L, t, res, &t->doc->running_header, 200, "the header running_header returned");
    return 0;
  case FN_RUNNING_FOOTER:
    hooks_view_set_string(L, t, res, &t->doc->running_footer, 200, "the footer running_footer returned");
    return 0;
  case FN_CONTENTS:
    if (type != LUA_TBOOLEAN)
      return luaL_error(L, "contents must return true, false or nil, not a %s", lua_typename(L, type));
    t->doc->show_contents = lua_toboolean(L, res);
    return 0;
  default:
    return 0;
  }
}

static void report(doc_run *r, diag_list *d, const char *element) {
  hooks_sandbox *s = r->s;
  if (element)
    diag_error(d, s->file, s->err_line, 0, "in %s: %s", element, s->err);
  else
    diag_error(d, s->file, s->err_line, 0, "%s", s->err);
}

static int run_one(doc_run *r, hook_fn fn, cc_id_kind kind, void *node, diag_list *d) {
  arena *a = r->doc->corpus->arena;
  r->fn = fn;
  r->target.kind = kind;
  r->target.node = node;
  r->target.element = element_name(a, r->doc, fn, kind, node);
  r->s->fn_line = r->line_defined[fn];
  r->s->line = 0;
  if (hooks_sandbox_call(r->s, call_hook, r) != 0) {
    report(r, d, r->target.element);
    return -1;
  }
  return 0;
}

static int run_items(doc_run *r, hook_fn fn, cc_block *b, diag_list *d) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_QUOTE && run_items(r, fn, b->children, d) != 0) return -1;
    if (b->kind != CC_BLK_LIST) continue;
    for (cc_item *it = b->items; it; it = it->next) {
      if (run_one(r, fn, CC_ID_ITEM, it, d) != 0) return -1;
      if (run_items(r, fn, it->blocks, d) != 0) return -1;
    }
  }
  return 0;
}

static int run_fn(doc_run *r, hook_fn fn, diag_list *d) {
  cc_document *doc = r->doc;
  switch (fn) {
  case FN_ITEM:
  case FN_ITEM_LABEL:
    for (size_t i = 0; i < doc->nclauses; i++)
      if (run_items(r, fn, doc->clauses[i]->blocks, d) != 0) return -1;
    return 0;
  case FN_CLAUSE:
  case FN_NUMBER_LABEL:
    for (size_t i = 0; i < doc->nclauses; i++)
      if (run_one(r, fn, CC_ID_CLAUSE, doc->clauses[i], d) != 0) return -1;
    return 0;
  case FN_SECTION:
  case FN_HEADING_TEXT:
    for (size_t i = 0; i < doc->nsections; i++)
      if (run_one(r, fn, CC_ID_SECTION, doc->sections[i], d) != 0) return -1;
    return 0;
  default:
    return run_one(r, fn, CC_ID_NONE, NULL, d);
  }
}

/* Everything above the core sandbox: the charged, deterministic standard
 * library, then the `concord` table (left on the stack for the sandbox). */
static int open_libraries(lua_State *L) {
  hooks_stdlib_open(L);
  return hooks_lib_open(L);
}

static int run_file(doc_run *r, const hook_src *src, hooks_limits lim, diag_list *d) {
  r->s = hooks_sandbox_new(src->path, lim, open_libraries, d);
  if (!r->s) return -1;
  r->target.s = r->s;
  memset(r->defined, 0, sizeof r->defined);
  int rc = 0;
  if (hooks_sandbox_load(r->s, src->text, src->len) != 0) {
    report(r, d, NULL);
    rc = -1;
  } else if (hooks_sandbox_call(r->s, collect_functions, r) != 0) {
    report(r, d, NULL);
    rc = -1;
  }
  for (int fn = 0; rc == 0 && fn < FN_COUNT; fn++)
    if (r->defined[fn]) rc = run_fn(r, (hook_fn)fn, d);
  hooks_sandbox_free(r->s);
  r->s = NULL;
  return rc;
}

/* ---- validation after hooks --------------------------------------------------- */

static const hooks_change *change_of(const doc_run *r, const void *node) {
  for (size_t i = r->nchanges; i-- > 0;)
    if (r->changes[i].node == node) return &r->changes[i];
  return NULL;
}

static const hooks_change *rename_from(const doc_run *r, const char *old_id) {
  for (size_t i = r->nchanges; i-- > 0;)
    if (r->changes[i].old_id && strcmp(r->changes[i].old_id, old_id) == 0) return &r->changes[i];
  return NULL;
}

static const char *kind_name(cc_id_kind k) {
  switch (k) {
  case CC_ID_SECTION: return "section";
  case CC_ID_CLAUSE: return "clause";
  case CC_ID_ITEM: return "item";
  case CC_ID_PROSE: return "prose block";
  case CC_ID_FOOTNOTE: return "footnote";
  default: return "node";
  }
}

typedef struct id_check {
  doc_run *r;
  strmap *seen;
  diag_list *d;
  int failed;
} id_check;

static void check_id(id_check *c, const char *id, cc_id_kind kind, void *node) {
  if (!id) return;
  void *prev = strmap_get(c->seen, id);
  if (!prev) {
    strmap_put(c->seen, id, node);
    return;
  }
  const hooks_change *ch = change_of(c->r, node);
  if (!ch) ch = change_of(c->r, prev);
  if (ch)
    diag_error(c->d, ch->file, ch->line, 0, "in %s: id '%s' is now used twice in %s (by a %s "
               "too); ids must be unique in a document", ch->element, id, c->r->doc->slug,
               kind_name(kind));
  else
    diag_error(c->d, c->r->doc->path, 1, 1, "after hooks, id '%s' is used twice", id);
  c->failed = 1;
}

static void check_item_ids(id_check *c, cc_block *b) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_QUOTE) check_item_ids(c, b->children);
    if (b->kind != CC_BLK_LIST) continue;
    for (cc_item *it = b->items; it; it = it->next) {
      check_id(c, it->id, CC_ID_ITEM, it);
      check_item_ids(c, it->blocks);
    }
  }
}

static void check_ref(doc_run *r, const cc_ref *ref, const char *where, diag_list *d, int *failed) {
  if (!ref || ref->kind != CC_REF_INTERNAL || !ref->target) return;
  if (model_document_find(r->doc, ref->target).kind != CC_ID_NONE) return;
  const hooks_change *ch = rename_from(r, ref->target);
  if (ch)
    diag_error(d, ch->file, ch->line, 0, "in %s: renaming '%s' to '%s' leaves the cross-reference "
               "'%s' in %s#%s pointing nowhere", ch->element, ch->old_id, ch->new_id,
               ref->text ? ref->text : ref->target, r->doc->slug, where);
  else
    diag_error(d, ref->pos.file, ref->pos.line, ref->pos.col,
               "after hooks, cross-reference '%s' names no id", ref->target);
  *failed = 1;
}

static void check_inline_refs(doc_run *r, const cc_inline *in, const char *where, diag_list *d,
                              int *failed) {
  for (; in; in = in->next) {
    if (in->kind == CC_INL_XREF) check_ref(r, in->ref, where, d, failed);
    check_inline_refs(r, in->children, where, d, failed);
  }
}

static void check_block_refs(doc_run *r, const cc_block *b, const char *where, diag_list *d,
                             int *failed) {
  for (; b; b = b->next) {
    check_inline_refs(r, b->inlines, where, d, failed);
    check_block_refs(r, b->children, where, d, failed);
    for (const cc_item *it = b->items; it; it = it->next)
      check_block_refs(r, it->blocks, where, d, failed);
  }
}

/* Ids unique, references resolvable. Strings a hook set were checked
 * (UTF-8, no control characters) when it set them. */
static int validate(doc_run *r, diag_list *d) {
  if (r->nchanges == 0) return 0; /* nothing a hook did can break these */
  cc_document *doc = r->doc;
  id_check c = {r, strmap_new(), d, 0};
  for (size_t i = 0; i < doc->nsections; i++) check_id(&c, doc->sections[i]->id, CC_ID_SECTION, doc->sections[i]);
  for (size_t i = 0; i < doc->nclauses; i++) {
    check_id(&c, doc->clauses[i]->id, CC_ID_CLAUSE, doc->clauses[i]);
    check_item_ids(&c, doc->clauses[i]->blocks);
  }
  for (size_t i = 0; i < doc->nprose; i++) check_id(&c, doc->prose[i]->id, CC_ID_PROSE, doc->prose[i]);
  for (size_t i = 0; i < doc->nfootnotes; i++)
    check_id(&c, doc->footnotes[i]->id, CC_ID_FOOTNOTE, doc->footnotes[i]);
  strmap_free(c.seen);
  if (c.failed) return -1;
  model_document_reindex(doc);
  int failed = 0;
  for (size_t i = 0; i < doc->nclauses; i++) {
    cc_clause *cl = doc->clauses[i];
    for (size_t j = 0; j < cl->nrefs; j++) check_ref(r, cl->refs[j], cl->id, d, &failed);
  }
  for (size_t i = 0; i < doc->nprose; i++)
    check_block_refs(r, doc->prose[i]->blocks, doc->prose[i]->id, d, &failed);
  return failed ? -1 : 0;
}

/* ---- the corpus ------------------------------------------------------------- */

/* The hooks of DOC: its own file (lua/<slug>.lua or its front matter's),
 * then the extra files EX (already read). */
static int run_document(cc_corpus *c, cc_document *doc, const hook_src *ex, size_t nextra,
                        int no_discovery, hooks_limits lim, diag_list *d) {
  int rc = 0;
  doc_run r;
  memset(&r, 0, sizeof r);
  r.doc = doc;
  r.target.doc = doc;
  r.target.changes = &r.changes;
  r.target.nchanges = &r.nchanges;
  r.target.capchanges = &r.capchanges;
  hook_src own = {NULL, NULL, 0};
  if (!no_discovery) {
    if (doc->hooks) {
      if (read_hook(doc->hooks, &own, d, doc->path, hooks_field_line(doc->path)) != 0) rc = -1;
    } else if (doc->slug) {
      char *p = arena_printf(c->arena, "lua/%s.lua", doc->slug);
      int file = is_file(p); /* one stat, not one per test */
      if (file && safepath_inside(".", p) == 0) {
        diag_error(d, p, 0, 0, "Lua hook file is a symlink to outside the project; copy "
                   "the file into lua/");
        rc = -1;
      } else if (file && read_hook(p, &own, d, p, 0) != 0) {
        rc = -1;
      }
    }
  }
  if (rc == 0 && own.text) rc = run_file(&r, &own, lim, d);
  for (size_t j = 0; rc == 0 && j < nextra; j++) rc = run_file(&r, &ex[j], lim, d);
  if (rc == 0) rc = validate(&r, d);
  free(own.text);
  free(r.changes);
  return rc;
}

/* The documents' runs are independent (each edits its own document, in
 * sandboxes of its own), so they are jobs on several threads: a document
 * sees, as its corpus, a copy of C with an arena of its thread's own (the
 * corpus arena is not thread-safe; the taxonomy is only read), joined to
 * C's afterwards. */
typedef struct doc_jobs {
  cc_corpus *c;
  cc_document *const *docs;
  const hook_src *ex;
  size_t nextra;
  int no_discovery;
  hooks_limits lim;
  cc_corpus *views; /* by slot */
  diag_list *d;     /* by document */
  int *rc;          /* by document */
} doc_jobs;

static void doc_job(void *ctx, size_t i, int slot) {
  doc_jobs *j = ctx;
  cc_corpus *view = &j->views[slot];
  if (!view->arena) {
    *view = *j->c;
    view->arena = arena_new();
  }
  j->docs[i]->corpus = view;
  j->rc[i] = run_document(view, j->docs[i], j->ex, j->nextra, j->no_discovery, j->lim, &j->d[i]);
  j->docs[i]->corpus = j->c;
}

static int run_documents(cc_corpus *c, cc_document *const *docs, size_t ndocs, const char **extra,
                         size_t nextra, int no_discovery, int threads, diag_list *d) {
  hooks_limits lim = hooks_limits_default();
  hook_src *ex = xcalloc(nextra + 1, sizeof *ex);
  int rc = 0;
  for (size_t i = 0; i < nextra; i++)
    if (read_hook(extra[i], &ex[i], d, extra[i], 0) != 0) rc = -1;
  threads = parallel_threads(ndocs, threads > 0 ? threads : parallel_cpus());
  if (rc == 0 && threads == 1) {
    for (size_t i = 0; rc == 0 && i < ndocs; i++)
      rc = run_document(c, docs[i], ex, nextra, no_discovery, lim, d);
  } else if (rc == 0) {
    doc_jobs j = {c, docs, ex, nextra, no_discovery, lim, xcalloc((size_t)threads, sizeof *j.views),
                  xcalloc(ndocs, sizeof *j.d), xcalloc(ndocs, sizeof *j.rc)};
    for (size_t i = 0; i < ndocs; i++) diag_list_init(&j.d[i]);
    parallel_run_slots(ndocs, threads, doc_job, &j);
    for (int t = 0; t < threads; t++) arena_adopt(c->arena, j.views[t].arena);
    /* reported as one thread reports them: up to the first document whose
       hooks fail (the later ones ran too, but a failed load's model is
       only for reporting) */
    for (size_t i = 0; i < ndocs; i++) {
      for (size_t k = 0; rc == 0 && k < j.d[i].count; k++) {
        const diag *g = &j.d[i].items[k];
        diag_add(d, g->severity, g->file, g->line, g->col, "%s", g->message);
      }
      if (j.rc[i] != 0) rc = -1;
      diag_list_free(&j.d[i]);
    }
    free(j.views);
    free(j.d);
    free(j.rc);
  }
  for (size_t i = 0; i < nextra; i++) free(ex[i].text);
  free(ex);
  return rc;
}

int hooks_run_corpus(cc_corpus *c, const char **extra, size_t nextra, int no_discovery,
                     diag_list *d) {
  return run_documents(c, c->docs, c->ndocs, extra, nextra, no_discovery, 1, d);
}

int hooks_run_corpus_threads(cc_corpus *c, const char **extra, size_t nextra, int no_discovery,
                             int threads, diag_list *d) {
  return run_documents(c, c->docs, c->ndocs, extra, nextra, no_discovery, threads, d);
}

int hooks_run_document(cc_corpus *c, cc_document *doc, const char **extra, size_t nextra,
                       int no_discovery, diag_list *d) {
  return run_documents(c, &doc, 1, extra, nextra, no_discovery, 1, d);
}
