/* linker.c - topic resolution and equivalents (see linker.h). */
#include "linker.h"
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int linker_resolve_topics(cc_corpus *c, int require_topics, diag_list *d) {
  int failed = 0;
  strmap *slugs = strmap_new();
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    if (!doc->slug) continue;
    cc_document *first = strmap_get(slugs, doc->slug);
    if (first) {
      diag_error(d, doc->path, 1, 1, "slug '%s' is already used by %s; each council needs its own slug",
                 doc->slug, first->path);
      failed = 1;
    } else {
      strmap_put(slugs, doc->slug, doc);
    }
  }
  strmap_free(slugs);
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    for (size_t j = 0; j < doc->nclauses; j++) {
      cc_clause *cl = doc->clauses[j];
      cl->topics = arena_alloc(c->arena, (cl->ntopic_keys + 1) * sizeof(cc_topic *));
      cl->ntopics = 0;
      for (size_t k = 0; k < cl->ntopic_keys; k++) {
        cc_topic *t = model_corpus_find_topic(c, cl->topic_keys[k]);
        cc_pos p = cl->topic_pos[k];
        if (!t) {
          if (c->taxonomy_path) {
            diag_error(d, p.file, p.line, p.col,
                       "unknown topic '%s': use a key from %s, or add the topic there",
                       cl->topic_keys[k], c->taxonomy_path);
            failed = 1;
          }
          continue;
        }
        int dup = 0;
        for (size_t m = 0; m < cl->ntopics; m++) dup |= cl->topics[m] == t;
        if (dup) {
          diag_warning(d, p.file, p.line, p.col, "topic '%s' is given twice for this clause",
                       t->key);
          continue;
        }
        cl->topics[cl->ntopics++] = t;
      }
      if (require_topics && c->taxonomy_path && cl->ntopic_keys == 0)
        diag_warning(d, cl->pos.file, cl->pos.line, cl->pos.col,
                     "clause %s has no topic: add {topic=...} (keys in %s) so it can be compared",
                     cl->number ? cl->number : cl->id, c->taxonomy_path);
    }
  }
  return failed ? -1 : 0;
}

static int clause_order(const void *pa, const void *pb) {
  const cc_clause *a = *(cc_clause *const *)pa, *b = *(cc_clause *const *)pb;
  size_t da = a->doc->index, db = b->doc->index;
  if (da != db) return da < db ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

void linker_link(cc_corpus *c) {
  for (size_t t = 0; t < c->ntopics; t++) {
    c->topics[t]->nclauses = 0;
  }
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    for (size_t j = 0; j < doc->nclauses; j++) {
      cc_clause *cl = doc->clauses[j];
      for (size_t k = 0; k < cl->ntopics; k++) {
        cc_topic *t = cl->topics[k];
        model_push(c->arena, (void ***)&t->clauses, &t->nclauses, &t->capclauses, cl);
      }
    }
  }
  /* equivalents: other councils' clauses sharing a topic, each once, in
     corpus order (document, then clause); found through topic->clauses so
     the cost follows the number of shared topics, not clauses squared */
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    for (size_t j = 0; j < doc->nclauses; j++) {
      cc_clause *cl = doc->clauses[j];
      strmap *seen = strmap_new();
      cc_clause **found = NULL;
      size_t n = 0, cap = 0;
      for (size_t k = 0; k < cl->ntopics; k++) {
        cc_topic *t = cl->topics[k];
        for (size_t m = 0; m < t->nclauses; m++) {
          cc_clause *oc = t->clauses[m];
          if (oc->doc == doc) continue;
          char key[64];
          snprintf(key, sizeof key, "%p", (void *)oc);
          if (strmap_add(seen, key, NULL)) model_push(c->arena, (void ***)&found, &n, &cap, oc);
        }
      }
      if (n > 1) qsort(found, n, sizeof *found, clause_order);
      cl->equivalents = arena_alloc(c->arena, (n + 1) * sizeof(char *));
      for (size_t m = 0; m < n; m++)
        cl->equivalents[m] = arena_printf(c->arena, "%s#%s", found[m]->doc->slug, found[m]->id);
      cl->nequivalents = n;
      strmap_free(seen);
    }
  }
}
