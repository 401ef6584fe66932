/* ids.c - stable ids for sections, clauses, items, prose and footnotes.
 * Implements docs/annotated-markdown.md section 8.
 *
 * Numbered nodes take their id from their canonical number, so an id
 * changes only when the council renumbers. Unnumbered clauses take it from
 * their section and first words, so inserting or removing a clause
 * elsewhere leaves it unchanged. Explicit {#id}s win; a clash between
 * explicit ids is an error, a clash of generated ids gets "-2", "-3".
 */
#include "read/reader_internal.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "base/utf8.h"

#include <stdint.h>
#include <string.h>

typedef struct {
  cc_document *doc;
  arena *a;
  diag_list *d;
  /* base -> the next suffix to try (as an integer in the pointer): the
     n-th copy of a base starts where the last one stopped, so n copies
     cost n tries, not n*n/2 (issue 24) */
  strmap *next_suffix;
  buf scratch; /* a failed try is formatted here, never in the arena */
  /* bases and the plain text they are made from: unique_id copies the id
     taken into the corpus arena, so these die with ids_assign_document
     (a clause's whole text was otherwise kept twice for the build) */
  arena *tmp;
} idctx;

/* The line where the node holding an id was written. */
static int id_line(cc_id_target t) {
  switch (t.kind) {
  case CC_ID_SECTION: return ((cc_section *)t.node)->pos.line;
  case CC_ID_CLAUSE: return ((cc_clause *)t.node)->pos.line;
  case CC_ID_ITEM: return ((cc_item *)t.node)->pos.line;
  case CC_ID_PROSE: return ((cc_prose *)t.node)->pos.line;
  case CC_ID_FOOTNOTE: return ((cc_footnote *)t.node)->pos.line;
  default: return 0;
  }
}

static void explicit_id(idctx *c, const char *id, cc_id_kind kind, void *node, cc_pos pos) {
  if (!id) return;
  if (!model_document_register_id(c->doc, id, kind, node)) {
    diag_error(c->d, pos.file, pos.line, pos.col,
               "duplicate id '%s' (first on line %d): ids must be unique in a document; "
               "change one {#...}", id, id_line(model_document_find(c->doc, id)));
  }
}

/* Explicit {#id}s of items (set by the reader; others are still NULL). */
static void explicit_item_ids(idctx *c, cc_block *b) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_QUOTE) explicit_item_ids(c, b->children);
    if (b->kind != CC_BLK_LIST) continue;
    for (cc_item *it = b->items; it; it = it->next) {
      explicit_id(c, it->id, CC_ID_ITEM, it, it->pos);
      explicit_item_ids(c, it->blocks);
    }
  }
}

/* Registers BASE, or BASE-2, BASE-3... and returns the one taken. */
static char *unique_id(idctx *c, const char *base, cc_id_kind kind, void *node) {
  c->doc->id_probes++;
  if (model_document_register_id(c->doc, base, kind, node)) return arena_strdup(c->a, base);
  uintptr_t n = (uintptr_t)strmap_get(c->next_suffix, base);
  if (n < 2) n = 2;
  for (;; n++) {
    c->doc->id_probes++;
    buf_clear(&c->scratch);
    buf_printf(&c->scratch, "%s-%ju", base, (uintmax_t)n);
    if (model_document_register_id(c->doc, buf_cstr(&c->scratch), kind, node)) break;
  }
  strmap_put(c->next_suffix, base, (void *)(n + 1));
  return arena_strdup(c->a, buf_cstr(&c->scratch));
}

static const char *section_key(const cc_section *s) {
  return s && s->depth > 0 && s->id ? s->id : NULL;
}

static void item_ids(idctx *c, cc_block *b, const char *owner, int *seq);

static void list_item_ids(idctx *c, cc_item *it, const char *owner, int *seq) {
  for (; it; it = it->next) {
    if (!it->id) {
      const char *lab = it->canonical_label;
      char *base = it->label ? arena_printf(c->tmp, "%s-%s", owner, lab)
                             : arena_printf(c->tmp, "%s-i%s", owner, lab);
      it->id = unique_id(c, base, CC_ID_ITEM, it);
    }
    item_ids(c, it->blocks, it->id, seq);
  }
}

static void item_ids(idctx *c, cc_block *b, const char *owner, int *seq) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_LIST) list_item_ids(c, b->items, owner, seq);
    if (b->kind == CC_BLK_QUOTE) item_ids(c, b->children, owner, seq);
  }
}

static void set_item_clause(cc_block *b, cc_clause *cl) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_LIST)
      for (cc_item *it = b->items; it; it = it->next) {
        it->clause = cl;
        set_item_clause(it->blocks, cl);
      }
    if (b->kind == CC_BLK_QUOTE) set_item_clause(b->children, cl);
  }
}

void ids_assign_document(cc_document *doc, diag_list *d) {
  idctx c = {doc, doc->corpus->arena, d, strmap_new(), {0}, arena_new()};
  /* 1. explicit ids first, so generated ones step around them */
  for (size_t i = 0; i < doc->nsections; i++)
    explicit_id(&c, doc->sections[i]->id, CC_ID_SECTION, doc->sections[i], doc->sections[i]->pos);
  for (size_t i = 0; i < doc->nclauses; i++)
    explicit_id(&c, doc->clauses[i]->id, CC_ID_CLAUSE, doc->clauses[i], doc->clauses[i]->pos);
  for (size_t i = 0; i < doc->nprose; i++)
    explicit_id(&c, doc->prose[i]->id, CC_ID_PROSE, doc->prose[i], doc->prose[i]->pos);
  for (size_t i = 0; i < doc->nclauses; i++) explicit_item_ids(&c, doc->clauses[i]->blocks);
  for (size_t i = 0; i < doc->nprose; i++) explicit_item_ids(&c, doc->prose[i]->blocks);
  for (size_t i = 0; i < doc->nfootnotes; i++)
    model_document_register_id(doc, doc->footnotes[i]->id, CC_ID_FOOTNOTE, doc->footnotes[i]);

  /* 2. sections */
  for (size_t i = 0; i < doc->nsections; i++) {
    cc_section *s = doc->sections[i];
    if (s->id) continue;
    char *base;
    if (s->canonical) {
      base = arena_printf(c.tmp, "sec-%s", s->canonical);
    } else {
      char *slug = utf8_slug(c.tmp, model_inlines_text(c.tmp, s->heading), 6);
      base = *slug ? slug : arena_strdup(c.tmp, "section");
    }
    s->id = unique_id(&c, base, CC_ID_SECTION, s);
  }

  /* 3. clauses */
  for (size_t i = 0; i < doc->nclauses; i++) {
    cc_clause *cl = doc->clauses[i];
    if (!cl->id) {
      if (cl->canonical) {
        char *base = arena_printf(c.a, "para-%s", cl->canonical);
        if (model_document_register_id(doc, base, CC_ID_CLAUSE, cl)) {
          cl->id = base;
        } else {
          cc_id_target first = model_document_find(doc, base);
          cc_clause *other = first.kind == CC_ID_CLAUSE ? first.node : NULL;
          if (other && other->canonical && strcmp(other->canonical, cl->canonical) == 0)
            diag_error(d, cl->pos.file, cl->pos.line, cl->pos.col,
                       "clause number %s appears twice (first on line %d): correct the number, "
                       "or give this clause its own id with {#...}", cl->canonical,
                       other->pos.line);
          else
            diag_error(d, cl->pos.file, cl->pos.line, cl->pos.col,
                       "clause %s would have the id '%s', but an explicit {#%s} took it "
                       "(line %d); choose another id there", cl->canonical, base, base,
                       id_line(first));
          cl->id = unique_id(&c, base, CC_ID_CLAUSE, cl);
        }
      } else {
        const char *sk = section_key(cl->section);
        char *text = cl->heading ? model_inlines_text(c.tmp, cl->heading)
                                 : model_blocks_text(c.tmp, cl->blocks);
        char *words = utf8_slug(c.tmp, text, 4);
        if (!*words) words = arena_strdup(c.tmp, "clause");
        char *base = sk ? arena_printf(c.tmp, "%s-%s", sk, words) : words;
        cl->id = unique_id(&c, base, CC_ID_CLAUSE, cl);
      }
    }
    set_item_clause(cl->blocks, cl);
  }

  /* 4. items, prose */
  int seq = 0;
  for (size_t i = 0; i < doc->nclauses; i++) item_ids(&c, doc->clauses[i]->blocks, doc->clauses[i]->id, &seq);
  for (size_t i = 0; i < doc->nprose; i++) {
    cc_prose *p = doc->prose[i];
    if (!p->id) {
      char *words = utf8_slug(c.tmp, model_blocks_text(c.tmp, p->blocks), 4);
      p->id = unique_id(&c, arena_printf(c.tmp, "prose-%s", *words ? words : "text"), CC_ID_PROSE, p);
    }
    item_ids(&c, p->blocks, p->id, &seq);
  }
  strmap_free(c.next_suffix);
  buf_free(&c.scratch);
  arena_free(c.tmp);
}
