/* model.c - constructors, id index and plain-text views of the model
 * (see model.h). */
#include "model/model.h"
#include "base/buf.h"
#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

/* Room for one more element of SIZE bytes in the arena array ARR holding
 * N of *CAP: returns ARR, or a copy with double the capacity (from 8) when
 * full. The old block stays in the arena until it is freed whole. */
static void *model_grow(arena *a, void *arr, size_t n, size_t *cap, size_t size) {
  if (n < *cap) return arr;
  size_t ncap = *cap ? *cap * 2 : 8;
  void *na = arena_alloc(a, ncap * size);
  if (n) memcpy(na, arr, n * size);
  *cap = ncap;
  return na;
}

void model_push(arena *a, void ***arr, size_t *n, size_t *cap, void *p) {
  *arr = model_grow(a, *arr, *n, cap, sizeof(void *));
  (*arr)[(*n)++] = p;
}

cc_corpus *model_corpus_new(void) {
  cc_corpus *c = xcalloc(1, sizeof *c);
  c->arena = arena_new();
  c->topic_index = strmap_new();
  c->build_epoch = -1;
  return c;
}

void model_corpus_free(cc_corpus *c) {
  if (!c) return;
  for (size_t i = 0; i < c->ndocs; i++) {
    for (size_t k = 0; k < c->docs[i]->nversions; k++) strmap_free(c->docs[i]->versions[k]->ids);
    strmap_free(c->docs[i]->ids);
  }
  strmap_free(c->topic_index);
  arena_free(c->arena);
  free(c);
}

void model_corpus_add_document(cc_corpus *c, cc_document *d) {
  d->corpus = c;
  d->index = c->ndocs;
  model_push(c->arena, (void ***)&c->docs, &c->ndocs, &c->capdocs, d);
}

void model_corpus_absorb(cc_corpus *c, cc_corpus *from) {
  if (!from) return;
  arena_adopt(c->arena, from->arena);
  strmap_free(from->topic_index);
  free(from);
}

cc_document *model_document_new(cc_corpus *c, const char *path) {
  cc_document *d = arena_alloc(c->arena, sizeof *d);
  d->corpus = c;
  d->index = c->ndocs;
  d->path = arena_strdup(c->arena, path);
  d->theme = arena_strdup(c->arena, "default");
  d->language = arena_strdup(c->arena, "en-GB");
  d->show_contents = true;
  d->ids = strmap_new();
  d->root = arena_alloc(c->arena, sizeof *d->root);
  d->root->depth = 0;
  d->pos.file = d->path;
  d->pos.line = 1;
  d->pos.col = 1;
  model_push(c->arena, (void ***)&c->docs, &c->ndocs, &c->capdocs, d);
  return d;
}

static void section_add_child(arena *a, cc_section *s, cc_node node) {
  s->children = model_grow(a, s->children, s->nchildren, &s->capchildren, sizeof node);
  s->children[s->nchildren++] = node;
}

cc_section *model_section_new(cc_document *d, cc_section *parent) {
  arena *a = d->corpus->arena;
  cc_section *s = arena_alloc(a, sizeof *s);
  if (!parent) parent = d->root;
  s->parent = parent;
  s->depth = parent->depth + 1;
  s->index = d->nsections;
  model_push(a, (void ***)&d->sections, &d->nsections, &d->capsections, s);
  section_add_child(a, parent, (cc_node){.kind = CC_NODE_SECTION, .u.section = s});
  return s;
}

cc_clause *model_clause_new(cc_document *d, cc_section *s) {
  arena *a = d->corpus->arena;
  cc_clause *cl = arena_alloc(a, sizeof *cl);
  if (!s) s = d->root;
  cl->section = s;
  cl->doc = d;
  cl->index = d->nclauses;
  int ord = 0;
  for (size_t i = 0; i < s->nchildren; i++)
    if (s->children[i].kind == CC_NODE_CLAUSE) ord++;
  cl->ordinal = ord + 1;
  model_push(a, (void ***)&d->clauses, &d->nclauses, &d->capclauses, cl);
  section_add_child(a, s, (cc_node){.kind = CC_NODE_CLAUSE, .u.clause = cl});
  return cl;
}

cc_prose *model_prose_new(cc_document *d, cc_section *s) {
  arena *a = d->corpus->arena;
  cc_prose *p = arena_alloc(a, sizeof *p);
  if (!s) s = d->root;
  p->section = s == d->root ? NULL : s;
  model_push(a, (void ***)&d->prose, &d->nprose, &d->capprose, p);
  section_add_child(a, s, (cc_node){.kind = CC_NODE_PROSE, .u.prose = p});
  return p;
}

cc_footnote *model_footnote_new(cc_document *d) {
  arena *a = d->corpus->arena;
  cc_footnote *f = arena_alloc(a, sizeof *f);
  model_push(a, (void ***)&d->footnotes, &d->nfootnotes, &d->capfootnotes, f);
  return f;
}

cc_theme *model_theme_new(cc_corpus *c) {
  cc_theme *t = arena_alloc(c->arena, sizeof *t);
  t->index = c->nthemes;
  model_push(c->arena, (void ***)&c->themes, &c->nthemes, &c->capthemes, t);
  return t;
}

cc_topic *model_topic_new(cc_corpus *c) {
  cc_topic *t = arena_alloc(c->arena, sizeof *t);
  t->index = c->ntopics;
  model_push(c->arena, (void ***)&c->topics, &c->ntopics, &c->captopics, t);
  return t;
}

cc_ref *model_ref_new(cc_corpus *c, cc_ref_kind kind, const char *target,
                      const char *text, cc_pos pos) {
  cc_ref *r = arena_alloc(c->arena, sizeof *r);
  r->kind = kind;
  r->target = arena_strdup(c->arena, target);
  r->text = arena_strdup(c->arena, text);
  r->pos = pos;
  return r;
}

void model_clause_add_ref(cc_document *d, cc_clause *cl, cc_ref *r) {
  model_push(d->corpus->arena, (void ***)&cl->refs, &cl->nrefs, &cl->caprefs, r);
}

/* ---- id index ----------------------------------------------------------- */

typedef struct id_entry {
  cc_id_kind kind;
  void *node;
} id_entry;

bool model_document_register_id(cc_document *d, const char *id, cc_id_kind kind, void *node) {
  if (!id) return false;
  if (strmap_has(d->ids, id)) return false;
  id_entry *e = arena_alloc(d->corpus->arena, sizeof *e);
  e->kind = kind;
  e->node = node;
  strmap_put(d->ids, id, e);
  return true;
}

cc_id_target model_document_find(const cc_document *d, const char *id) {
  cc_id_target t = {CC_ID_NONE, NULL};
  if (!id) return t;
  id_entry *e = strmap_get(d->ids, id);
  if (e) {
    t.kind = e->kind;
    t.node = e->node;
  }
  return t;
}

static void reindex_items(cc_document *d, cc_block *b);

static void reindex_item_list(cc_document *d, cc_item *it) {
  for (; it; it = it->next) {
    model_document_register_id(d, it->id, CC_ID_ITEM, it);
    reindex_items(d, it->blocks);
  }
}

static void reindex_items(cc_document *d, cc_block *b) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_LIST) reindex_item_list(d, b->items);
    if (b->kind == CC_BLK_QUOTE) reindex_items(d, b->children);
  }
}

void model_document_reindex(cc_document *d) {
  strmap_free(d->ids);
  d->ids = strmap_new();
  for (size_t i = 0; i < d->nsections; i++)
    model_document_register_id(d, d->sections[i]->id, CC_ID_SECTION, d->sections[i]);
  for (size_t i = 0; i < d->nclauses; i++) {
    model_document_register_id(d, d->clauses[i]->id, CC_ID_CLAUSE, d->clauses[i]);
    reindex_items(d, d->clauses[i]->blocks);
  }
  for (size_t i = 0; i < d->nprose; i++)
    model_document_register_id(d, d->prose[i]->id, CC_ID_PROSE, d->prose[i]);
  for (size_t i = 0; i < d->nfootnotes; i++)
    model_document_register_id(d, d->footnotes[i]->id, CC_ID_FOOTNOTE, d->footnotes[i]);
}

cc_topic *model_corpus_find_topic(const cc_corpus *c, const char *key) {
  return strmap_get(c->topic_index, key);
}

cc_document *model_corpus_find_document(const cc_corpus *c, const char *slug) {
  for (size_t i = 0; i < c->ndocs; i++)
    if (c->docs[i]->slug && strcmp(c->docs[i]->slug, slug) == 0) return c->docs[i];
  return NULL;
}

/* ---- plain text ---------------------------------------------------------- */

static void inlines_text(buf *b, const cc_inline *in) {
  for (; in; in = in->next) {
    switch (in->kind) {
    case CC_INL_TEXT:
    case CC_INL_CODE:
      buf_puts(b, in->text ? in->text : "");
      break;
    case CC_INL_SOFTBREAK:
    case CC_INL_LINEBREAK:
      buf_putc(b, ' ');
      break;
    case CC_INL_FOOTREF:
      break; /* a footnote marker is not part of the sentence */
    default:
      inlines_text(b, in->children);
    }
  }
}

static void blocks_text(buf *b, const cc_block *bl);

static void items_text(buf *b, const cc_item *it) {
  for (; it; it = it->next) {
    if (b->len) buf_putc(b, '\n');
    if (it->label) {
      buf_puts(b, it->label);
      buf_putc(b, ' ');
    }
    blocks_text(b, it->blocks);
  }
}

static void blocks_text(buf *b, const cc_block *bl) {
  for (; bl; bl = bl->next) {
    switch (bl->kind) {
    case CC_BLK_PARA:
      if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n') buf_putc(b, '\n');
      inlines_text(b, bl->inlines);
      break;
    case CC_BLK_LIST:
      items_text(b, bl->items);
      break;
    case CC_BLK_QUOTE:
      blocks_text(b, bl->children);
      break;
    }
  }
}

char *model_inlines_text(arena *a, const cc_inline *in) {
  buf b = BUF_INIT;
  inlines_text(&b, in);
  char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

char *model_blocks_text(arena *a, const cc_block *bl) {
  buf b = BUF_INIT;
  blocks_text(&b, bl);
  char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static void compute_item_text(arena *a, cc_block *bl) {
  for (; bl; bl = bl->next) {
    if (bl->kind == CC_BLK_LIST) {
      for (cc_item *it = bl->items; it; it = it->next) {
        it->text = model_blocks_text(a, it->blocks);
        compute_item_text(a, it->blocks);
      }
    } else if (bl->kind == CC_BLK_QUOTE) {
      compute_item_text(a, bl->children);
    }
  }
}

void model_document_compute_text(cc_document *d) {
  arena *a = d->corpus->arena;
  for (size_t i = 0; i < d->nsections; i++)
    d->sections[i]->heading_text = model_inlines_text(a, d->sections[i]->heading);
  for (size_t i = 0; i < d->nclauses; i++) {
    cc_clause *cl = d->clauses[i];
    buf b = BUF_INIT;
    if (cl->heading) {
      cl->heading_text = model_inlines_text(a, cl->heading);
      buf_puts(&b, cl->heading_text);
    }
    blocks_text(&b, cl->blocks);
    cl->text = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    compute_item_text(a, cl->blocks);
  }
  for (size_t i = 0; i < d->nprose; i++) {
    d->prose[i]->text = model_blocks_text(a, d->prose[i]->blocks);
    compute_item_text(a, d->prose[i]->blocks);
  }
  for (size_t i = 0; i < d->nfootnotes; i++)
    d->footnotes[i]->text = model_blocks_text(a, d->footnotes[i]->blocks);
}

const char *model_clause_number_shown(const cc_clause *cl) {
  return cl->number_shown ? cl->number_shown : cl->number;
}

char *model_clause_citation(arena *a, const cc_clause *cl) {
  const char *council = cl->doc->council ? cl->doc->council : cl->doc->slug;
  if (cl->canonical) return arena_printf(a, "%s %s", council, cl->canonical);
  const char *sec = cl->section && cl->section->heading_text ? cl->section->heading_text : "";
  if (*sec) return arena_printf(a, "%s, %s \xC2\xB6%d", council, sec, cl->ordinal);
  return arena_printf(a, "%s \xC2\xB6%d", council, cl->ordinal);
}

/* ---- provisions ---------------------------------------------------------- */

const char *model_provision_id(const cc_provision *p) {
  return p->item ? p->item->id : p->clause->id;
}

/* One item's own label, as the house style shows it, else as printed. */
/* Whether S holds a letter or digit: "(e)", "iv." do; a bullet ("•",
 * a house style's mark for an unlabelled item) does not, and cannot be
 * cited. */
static bool citable(const char *s) {
  for (; s && *s; s++)
    if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')) return true;
  return false;
}

void model_item_label_put(buf *b, const cc_item *it) {
  if (!it) return;
  model_item_label_put(b, it->parent); /* "(b)(ii)", not a bare "(ii)" */
  if (citable(it->label_shown)) buf_puts(b, it->label_shown);
  else if (citable(it->label)) buf_puts(b, it->label);
  else buf_printf(b, " item %s", it->canonical_label ? it->canonical_label : "?");
}

char *model_provision_label(arena *a, const cc_provision *p) {
  buf b = BUF_INIT;
  model_item_label_put(&b, p->item);
  char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

char *model_provision_citation(arena *a, const cc_provision *p) {
  char *c = model_clause_citation(a, p->clause);
  if (!p->item) return c;
  return arena_printf(a, "%s%s", c, model_provision_label(a, p));
}

const char *model_provision_text(const cc_provision *p) {
  return p->item ? p->item->text : p->clause->text;
}

size_t model_provision_topics(const cc_provision *p, cc_topic *const **out) {
  if (p->item) {
    *out = p->item->topics;
    return p->item->ntopics;
  }
  *out = p->clause->own_topics;
  return p->clause->nown_topics;
}

const char *const model_known_regions[] = {
    "North East",      "North West", "Yorkshire and the Humber", "East Midlands",
    "West Midlands",   "East of England", "London", "South East", "South West",
    "Wales",           "Scotland",   "Northern Ireland", NULL};

int model_region_rank(const char *region) {
  if (!region) return -1;
  for (int i = 0; model_known_regions[i]; i++)
    if (strcmp(region, model_known_regions[i]) == 0) return i;
  return -1;
}
