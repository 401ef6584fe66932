/* linker.c - topic resolution and equivalents (see linker.h). */
#include "link/linker.h"
#include "base/buf.h"
#include "base/strmap.h"

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

/* Whether clause a comes before clause b in corpus order (document, then
 * clause). */
static int clause_before(const cc_clause *a, const cc_clause *b) {
  if (a->doc->index != b->doc->index) return a->doc->index < b->doc->index;
  return a->index < b->index;
}

static int has_topic(const cc_clause *x, const cc_topic *t) {
  for (size_t i = 0; i < x->ntopics; i++)
    if (x->topics[i] == t) return 1;
  return 0;
}

/* [*lo, *hi): the run of DOC's clauses in T's ordered list. */
static void doc_run(const cc_topic *t, const cc_document *doc, size_t *lo, size_t *hi) {
  size_t a = 0, b = t->nclauses;
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (t->clauses[mid]->doc->index < doc->index) a = mid + 1;
    else b = mid;
  }
  *lo = a;
  while (a < t->nclauses && t->clauses[a]->doc == doc) a++;
  *hi = a;
}

/* Clauses of CL's topics in [from, to) of each list that are counted
 * once: under the first of CL's topics they share. ONLY: restrict each list
 * to that document's run. */
static size_t union_count(const cc_clause *cl, const cc_document *only) {
  size_t n = 0;
  for (size_t k = 0; k < cl->ntopics; k++) {
    const cc_topic *t = cl->topics[k];
    size_t lo = 0, hi = t->nclauses;
    if (only) doc_run(t, only, &lo, &hi);
    for (size_t m = lo; m < hi; m++) {
      const cc_clause *x = t->clauses[m];
      int earlier = 0;
      for (size_t e = 0; e < k && !earlier; e++) earlier = has_topic(x, cl->topics[e]);
      n += !earlier;
    }
  }
  return n;
}

/* cl->equivalents_total = how many equivalents (the list itself is derived on
 * demand): the union of its topics' lists, once per distinct set of
 * topics, less its own council's run, so the counts cost
 * O(clauses x topics x log) plus one union per topic set, not O(N^2). */
static void count_equivalents(cc_corpus *c) {
  strmap *sets = strmap_new();
  buf key = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    for (size_t j = 0; j < doc->nclauses; j++) {
      cc_clause *cl = doc->clauses[j];
      if (!cl->ntopics) continue;
      buf_clear(&key);
      for (size_t k = 0; k < cl->ntopics; k++) buf_printf(&key, "%zu,", cl->topics[k]->index);
      size_t *all = strmap_get(sets, buf_cstr(&key));
      if (!all) {
        all = arena_alloc(c->arena, sizeof *all);
        *all = union_count(cl, NULL);
        strmap_put(sets, buf_cstr(&key), all);
      }
      cl->equivalents_total = *all - union_count(cl, doc);
    }
  }
  buf_free(&key);
  strmap_free(sets);
}

void linker_link(cc_corpus *c) {
  for (size_t t = 0; t < c->ntopics; t++) {
    c->topics[t]->nclauses = 0;
  }
  /* topic->clauses in corpus order (document, then clause): the
     equivalence classes. Per-clause lists of equivalents are not stored
     (N councils give each clause ~N of them: quadratic in time, memory
     and output); linker_equivalents derives them from these lists. */
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    for (size_t j = 0; j < doc->nclauses; j++) {
      cc_clause *cl = doc->clauses[j];
      cl->equivalents = NULL;
      cl->nequivalents = 0;
      cl->equivalents_total = 0;
      for (size_t k = 0; k < cl->ntopics; k++) {
        cc_topic *t = cl->topics[k];
        model_push(c->arena, (void ***)&t->clauses, &t->nclauses, &t->capclauses, cl);
      }
    }
  }
  count_equivalents(c);
}

/* Merges the clause's topics' ordered clause lists into FOUND (room for
 * MAX), skipping the clause's own council and repeats: corpus order, each
 * clause once. Returns how many were written. */
static size_t merge_topics(const cc_clause *cl, size_t max, const cc_clause **found) {
  size_t nt = cl->ntopics, n = 0;
  if (nt == 1) { /* the usual case: one list, already in order */
    const cc_topic *t = cl->topics[0];
    for (size_t m = 0; m < t->nclauses && n < max; m++)
      if (t->clauses[m]->doc != cl->doc) found[n++] = t->clauses[m];
    return n;
  }
  size_t *at = xcalloc(nt ? nt : 1, sizeof *at);
  while (n < max) {
    const cc_clause *min = NULL;
    for (size_t k = 0; k < nt; k++) {
      const cc_topic *t = cl->topics[k];
      while (at[k] < t->nclauses && t->clauses[at[k]]->doc == cl->doc) at[k]++;
      if (at[k] < t->nclauses && (!min || clause_before(t->clauses[at[k]], min)))
        min = t->clauses[at[k]];
    }
    if (!min) break;
    found[n++] = min;
    for (size_t k = 0; k < nt; k++)
      if (at[k] < cl->topics[k]->nclauses && cl->topics[k]->clauses[at[k]] == min) at[k]++;
  }
  free(at);
  return n;
}

size_t linker_equivalents(const cc_clause *cl, const cc_clause ***out) {
  *out = NULL;
  size_t total = 0;
  for (size_t k = 0; k < cl->ntopics; k++) total += cl->topics[k]->nclauses;
  if (!total) return 0;
  const cc_clause **found = xmalloc(total * sizeof *found);
  size_t n = merge_topics(cl, total, found);
  if (!n) {
    free(found);
    return 0;
  }
  *out = found;
  return n;
}

/* The first MAX equivalents (the merge stops there); the total was counted
 * by the linker. */
static size_t head_of_merge(const cc_clause *cl, size_t max, const cc_clause ***out,
                            size_t *total) {
  *total = cl->equivalents_total;
  *out = NULL;
  if (!*total || !max) return 0;
  const cc_clause **found = xmalloc(max * sizeof *found);
  size_t n = merge_topics(cl, max, found);
  *out = found;
  return n;
}

size_t linker_equivalents_head(const cc_clause *cl, size_t max, const cc_clause ***out,
                               size_t *total) {
  return head_of_merge(cl, max, out, total);
}
