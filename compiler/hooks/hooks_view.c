/* hooks_view.c - model <-> Lua table views for hooks (see hooks_view.h).
 *
 * Faithful text is a hard rule: the words of a provision (text, heading,
 * number as printed, labels as printed) are read-only. A hook changes
 * presentation (number_shown, label_shown, heading_shown, running header
 * and footer, contents page), annotation (topics, note) and ids, and
 * nothing else. */
#include "hooks/hooks_view.h"
#include "base/utf8.h"
#include "hooks/hooks_stdlib.h"

#include <lauxlib.h>

#include <string.h>

enum { MAX_SHOWN = 200, MAX_NOTE = 4000, MAX_ID = 100, MAX_TOPICS = 64 };

static void set_field_str(lua_State *L, const char *k, const char *v) {
  if (!v) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void set_field_int(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static void set_field_bool(lua_State *L, const char *k, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

/* Footnotes referenced from a clause, in order, without repeats. */
static void push_footnotes_inl(lua_State *L, const cc_document *d, const cc_inline *in, int *n) {
  for (; in; in = in->next) {
    if (in->kind == CC_INL_FOOTREF && in->target) {
      cc_id_target t = model_document_find(d, in->target);
      if (t.kind == CC_ID_FOOTNOTE) {
        const cc_footnote *f = t.node;
        lua_newtable(L);
        set_field_str(L, "id", f->id);
        set_field_str(L, "label", f->label);
        set_field_str(L, "text", f->text);
        lua_rawseti(L, -2, ++*n);
      }
    }
    push_footnotes_inl(L, d, in->children, n);
  }
}

static void push_footnotes_blk(lua_State *L, const cc_document *d, const cc_block *b, int *n) {
  for (; b; b = b->next) {
    push_footnotes_inl(L, d, b->inlines, n);
    push_footnotes_blk(L, d, b->children, n);
    for (const cc_item *it = b->items; it; it = it->next) push_footnotes_blk(L, d, it->blocks, n);
  }
}

static void push_clause(lua_State *L, const cc_clause *cl) {
  lua_createtable(L, 0, 16);
  set_field_str(L, "kind", "Clause");
  set_field_str(L, "id", cl->id);
  set_field_str(L, "number", cl->number);
  set_field_str(L, "canonical", cl->canonical);
  set_field_str(L, "number_shown", cl->number_shown);
  set_field_int(L, "ordinal", cl->ordinal);
  set_field_str(L, "heading", cl->heading_text);
  set_field_str(L, "text", cl->text);
  set_field_str(L, "note", cl->note);
  set_field_str(L, "document", cl->doc->slug);
  if (cl->section && cl->section->depth > 0) {
    set_field_str(L, "section", cl->section->id);
    set_field_str(L, "section_number", cl->section->canonical);
    set_field_int(L, "depth", cl->section->depth);
  } else {
    set_field_int(L, "depth", 0);
  }
  lua_createtable(L, (int)cl->ntopic_keys, 0);
  for (size_t i = 0; i < cl->ntopic_keys; i++) {
    lua_pushstring(L, cl->topic_keys[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "topics");
  lua_newtable(L);
  int n = 0;
  if (cl->heading) push_footnotes_inl(L, cl->doc, cl->heading, &n);
  push_footnotes_blk(L, cl->doc, cl->blocks, &n);
  lua_setfield(L, -2, "footnotes");
}

static void push_item(lua_State *L, const cc_item *it) {
  lua_createtable(L, 0, 10);
  set_field_str(L, "kind", "Item");
  set_field_str(L, "id", it->id);
  set_field_str(L, "label", it->label);
  set_field_str(L, "canonical_label", it->canonical_label);
  set_field_str(L, "label_shown", it->label_shown);
  set_field_str(L, "text", it->text);
  if (it->clause) set_field_str(L, "clause", it->clause->id);
  if (it->parent) set_field_str(L, "parent", it->parent->id);
  int depth = 1;
  for (const cc_item *p = it->parent; p; p = p->parent) depth++;
  set_field_int(L, "depth", depth);
}

static void push_section(lua_State *L, const cc_section *s) {
  lua_createtable(L, 0, 10);
  set_field_str(L, "kind", "Section");
  set_field_str(L, "id", s->id);
  set_field_str(L, "number", s->number);
  set_field_str(L, "canonical", s->canonical);
  set_field_int(L, "depth", s->depth);
  set_field_str(L, "heading", s->heading_text);
  set_field_str(L, "heading_shown", s->heading_shown);
  if (s->parent && s->parent->depth > 0) set_field_str(L, "parent", s->parent->id);
}

static void push_document(lua_State *L, const cc_document *d) {
  lua_createtable(L, 0, 16);
  set_field_str(L, "kind", "Document");
  set_field_str(L, "slug", d->slug);
  set_field_str(L, "council", d->council);
  set_field_str(L, "title", d->title);
  set_field_str(L, "part", d->part);
  set_field_str(L, "council_kind", d->kind);
  set_field_str(L, "adopted", d->adopted);
  set_field_str(L, "language", d->language);
  set_field_str(L, "theme", d->theme);
  set_field_bool(L, "numbered", d->numbered);
  set_field_str(L, "running_header", d->running_header);
  set_field_str(L, "running_footer", d->running_footer);
  set_field_bool(L, "show_contents", d->show_contents);
  set_field_int(L, "nclauses", (lua_Integer)d->nclauses);
  set_field_int(L, "nsections", (lua_Integer)d->nsections);
}

void hooks_view_push(lua_State *L, const hooks_target *t) {
  switch (t->kind) {
  case CC_ID_CLAUSE: push_clause(L, t->node); break;
  case CC_ID_ITEM: push_item(L, t->node); break;
  case CC_ID_SECTION: push_section(L, t->node); break;
  default: push_document(L, t->doc); break;
  }
}

/* ---- applying a returned table -------------------------------------------- */

static int bad_bytes(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f) return 1;
  }
  return 0;
}

void hooks_view_set_string(lua_State *L, const hooks_target *t, int idx, char **field,
                           size_t max, const char *what) {
  idx = lua_absindex(L, idx);
  if (lua_type(L, idx) == LUA_TBOOLEAN && !lua_toboolean(L, idx)) {
    *field = NULL;
    return;
  }
  if (lua_type(L, idx) != LUA_TSTRING)
    luaL_error(L, "%s must be a string (or false to reset it), got %s", what, luaL_typename(L, idx));
  size_t len;
  const char *s = lua_tolstring(L, idx, &len);
  size_t bad = utf8_validate(s, len);
  if (bad != len) luaL_error(L, "%s is not valid UTF-8 (bad byte at offset %d)", what, (int)bad);
  if (bad_bytes(s, len)) luaL_error(L, "%s contains a control character (newline, tab, NUL...)", what);
  if (len > max) luaL_error(L, "%s is %d bytes long; the limit is %d", what, (int)len, (int)max);
  if (*field && strlen(*field) == len && memcmp(*field, s, len) == 0) return;
  *field = arena_strndup(t->doc->corpus->arena, s, len);
}

static int valid_id(const char *s, size_t len) {
  if (len == 0 || len > MAX_ID) return 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             (i > 0 && (c == '-' || c == '_' || c == '.'));
    if (!ok) return 0;
  }
  return 1;
}

static void set_id(lua_State *L, const hooks_target *t, int idx, char **field) {
  if (lua_type(L, idx) != LUA_TSTRING) luaL_error(L, "id must be a string, got %s", luaL_typename(L, idx));
  size_t len;
  const char *s = lua_tolstring(L, idx, &len);
  if (*field && strlen(*field) == len && memcmp(*field, s, len) == 0) return;
  if (!valid_id(s, len))
    luaL_error(L, "id '%s' is not an id: use letters, digits, '-', '_' and '.', starting with a "
               "letter or digit, at most %d characters", s, MAX_ID);
  arena *a = t->doc->corpus->arena;
  hooks_change ch = {t->kind, t->node, *field, arena_strndup(a, s, len), t->s->file, t->s->line,
                     t->element};
  if (*t->nchanges == *t->capchanges) {
    *t->capchanges = *t->capchanges ? *t->capchanges * 2 : 8;
    *t->changes = xrealloc(*t->changes, *t->capchanges * sizeof **t->changes);
  }
  (*t->changes)[(*t->nchanges)++] = ch;
  *field = (char *)ch.new_id;
}

static void set_topics(lua_State *L, const hooks_target *t, int idx) {
  cc_clause *cl = t->node;
  cc_corpus *c = t->doc->corpus;
  if (lua_type(L, idx) != LUA_TTABLE)
    luaL_error(L, "topics must be a list of topic keys, got %s", luaL_typename(L, idx));
  lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
  if (n > MAX_TOPICS) luaL_error(L, "topics has %d keys; the limit is %d", (int)n, MAX_TOPICS);
  int same = (size_t)n == cl->ntopic_keys;
  for (lua_Integer i = 1; i <= n; i++) {
    if (lua_rawgeti(L, idx, i) != LUA_TSTRING)
      luaL_error(L, "topics[%d] must be a topic key (a string), got %s", (int)i, luaL_typename(L, -1));
    const char *k = lua_tostring(L, -1);
    if (c->taxonomy_path && !model_corpus_find_topic(c, k))
      luaL_error(L, "unknown topic '%s' in topics: use a key from %s", k, c->taxonomy_path);
    if (same && strcmp(k, cl->topic_keys[i - 1]) != 0) same = 0;
    lua_pop(L, 1);
  }
  if (same) return;
  char **keys = arena_alloc(c->arena, ((size_t)n + 1) * sizeof *keys);
  cc_pos *pos = arena_alloc(c->arena, ((size_t)n + 1) * sizeof *pos);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, idx, i);
    keys[i - 1] = arena_strdup(c->arena, lua_tostring(L, -1));
    lua_pop(L, 1);
    /* the linker reports topic problems here: the hook line that set them */
    pos[i - 1].file = arena_strdup(c->arena, t->s->file);
    pos[i - 1].line = t->s->line;
    pos[i - 1].col = 1;
  }
  cl->topic_keys = keys;
  cl->topic_pos = pos;
  cl->ntopic_keys = (size_t)n;
}

/* A read-only field may come back unchanged (hooks often return the view
 * they were given); anything else is refused, never silently ignored. */
static void check_same_string(lua_State *L, int idx, const char *k, const char *cur) {
  int t = lua_type(L, idx);
  if (t == LUA_TNIL && !cur) return;
  if (t == LUA_TSTRING && cur && strcmp(lua_tostring(L, idx), cur) == 0) return;
  luaL_error(L, "'%s' is read-only: a hook may not change the words of a council's "
             "provisions; change presentation with number_shown, label_shown or heading_shown",
             k);
}

static void check_same_int(lua_State *L, int idx, const char *k, lua_Integer cur) {
  if (lua_isinteger(L, idx) && lua_tointeger(L, idx) == cur) return;
  luaL_error(L, "'%s' is read-only", k);
}

static void check_same_bool(lua_State *L, int idx, const char *k, int cur) {
  if (lua_type(L, idx) == LUA_TBOOLEAN && lua_toboolean(L, idx) == cur) return;
  luaL_error(L, "'%s' is read-only", k);
}

static int is(const char *k, const char *name) { return strcmp(k, name) == 0; }

static void apply_clause(lua_State *L, const hooks_target *t, const char *k, int v) {
  cc_clause *cl = t->node;
  if (is(k, "id")) set_id(L, t, v, &cl->id);
  else if (is(k, "number_shown")) hooks_view_set_string(L, t, v, &cl->number_shown, MAX_SHOWN, "number_shown");
  else if (is(k, "note")) hooks_view_set_string(L, t, v, &cl->note, MAX_NOTE, "note");
  else if (is(k, "topics")) set_topics(L, t, v);
  else if (is(k, "kind")) check_same_string(L, v, k, "Clause");
  else if (is(k, "number")) check_same_string(L, v, k, cl->number);
  else if (is(k, "canonical")) check_same_string(L, v, k, cl->canonical);
  else if (is(k, "heading")) check_same_string(L, v, k, cl->heading_text);
  else if (is(k, "text")) check_same_string(L, v, k, cl->text);
  else if (is(k, "document")) check_same_string(L, v, k, cl->doc->slug);
  else if (is(k, "section") || is(k, "section_number")) {
    const cc_section *s = cl->section && cl->section->depth > 0 ? cl->section : NULL;
    check_same_string(L, v, k, s ? (is(k, "section") ? s->id : s->canonical) : NULL);
  } else if (is(k, "ordinal")) check_same_int(L, v, k, cl->ordinal);
  else if (is(k, "depth")) check_same_int(L, v, k, cl->section ? cl->section->depth : 0);
  else if (is(k, "footnotes")) {
    if (!lua_istable(L, v)) luaL_error(L, "'footnotes' is read-only");
  } else
    luaL_error(L, "unknown field '%s' in a Clause (a hook may set id, number_shown, topics, note)", k);
}

static void apply_item(lua_State *L, const hooks_target *t, const char *k, int v) {
  cc_item *it = t->node;
  if (is(k, "id")) set_id(L, t, v, &it->id);
  else if (is(k, "label_shown")) hooks_view_set_string(L, t, v, &it->label_shown, MAX_SHOWN, "label_shown");
  else if (is(k, "kind")) check_same_string(L, v, k, "Item");
  else if (is(k, "label")) check_same_string(L, v, k, it->label);
  else if (is(k, "canonical_label")) check_same_string(L, v, k, it->canonical_label);
  else if (is(k, "text")) check_same_string(L, v, k, it->text);
  else if (is(k, "clause")) check_same_string(L, v, k, it->clause ? it->clause->id : NULL);
  else if (is(k, "parent")) check_same_string(L, v, k, it->parent ? it->parent->id : NULL);
  else if (is(k, "depth")) {
    int depth = 1;
    for (const cc_item *p = it->parent; p; p = p->parent) depth++;
    check_same_int(L, v, k, depth);
  } else
    luaL_error(L, "unknown field '%s' in an Item (a hook may set id, label_shown)", k);
}

static void apply_section(lua_State *L, const hooks_target *t, const char *k, int v) {
  cc_section *s = t->node;
  if (is(k, "id")) set_id(L, t, v, &s->id);
  else if (is(k, "heading_shown")) hooks_view_set_string(L, t, v, &s->heading_shown, MAX_SHOWN, "heading_shown");
  else if (is(k, "kind")) check_same_string(L, v, k, "Section");
  else if (is(k, "number")) check_same_string(L, v, k, s->number);
  else if (is(k, "canonical")) check_same_string(L, v, k, s->canonical);
  else if (is(k, "heading")) check_same_string(L, v, k, s->heading_text);
  else if (is(k, "parent")) check_same_string(L, v, k, s->parent && s->parent->depth > 0 ? s->parent->id : NULL);
  else if (is(k, "depth")) check_same_int(L, v, k, s->depth);
  else
    luaL_error(L, "unknown field '%s' in a Section (a hook may set id, heading_shown)", k);
}

static void apply_document(lua_State *L, const hooks_target *t, const char *k, int v) {
  cc_document *d = t->doc;
  if (is(k, "running_header")) hooks_view_set_string(L, t, v, &d->running_header, MAX_SHOWN, "running_header");
  else if (is(k, "running_footer")) hooks_view_set_string(L, t, v, &d->running_footer, MAX_SHOWN, "running_footer");
  else if (is(k, "show_contents")) {
    if (lua_type(L, v) != LUA_TBOOLEAN) luaL_error(L, "show_contents must be true or false, got %s", luaL_typename(L, v));
    d->show_contents = lua_toboolean(L, v);
  } else if (is(k, "kind")) check_same_string(L, v, k, "Document");
  else if (is(k, "slug")) check_same_string(L, v, k, d->slug);
  else if (is(k, "council")) check_same_string(L, v, k, d->council);
  else if (is(k, "title")) check_same_string(L, v, k, d->title);
  else if (is(k, "part")) check_same_string(L, v, k, d->part);
  else if (is(k, "council_kind")) check_same_string(L, v, k, d->kind);
  else if (is(k, "adopted")) check_same_string(L, v, k, d->adopted);
  else if (is(k, "language")) check_same_string(L, v, k, d->language);
  else if (is(k, "theme")) check_same_string(L, v, k, d->theme);
  else if (is(k, "numbered")) check_same_bool(L, v, k, d->numbered);
  else if (is(k, "nclauses")) check_same_int(L, v, k, (lua_Integer)d->nclauses);
  else if (is(k, "nsections")) check_same_int(L, v, k, (lua_Integer)d->nsections);
  else
    luaL_error(L, "unknown field '%s' in the Document (a hook may set running_header, "
               "running_footer, show_contents)", k);
}

void hooks_view_apply(lua_State *L, const hooks_target *t, int idx) {
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  /* in the fixed order of pairs(): with two bad fields, the one reported
     must not change between runs */
  while (hooks_stdlib_next(L, idx) != 0) {
    hooks_sandbox_charge(L, 50);
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "the returned table has a %s key; fields are named by strings (clauses, "
                 "sections and items cannot be added or removed)", luaL_typename(L, -2));
    const char *k = lua_tostring(L, -2);
    int v = lua_gettop(L);
    switch (t->kind) {
    case CC_ID_CLAUSE: apply_clause(L, t, k, v); break;
    case CC_ID_ITEM: apply_item(L, t, k, v); break;
    case CC_ID_SECTION: apply_section(L, t, k, v); break;
    default: apply_document(L, t, k, v); break;
    }
    lua_pop(L, 1);
  }
}
