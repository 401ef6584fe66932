/* similarity.c - clause similarity: the aligner's, or a built-in fallback
 * (see similarity.h). */
#include "author/similarity.h"
#include "base/strmap.h"
#include "base/utf8.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The aligner (link/align.h) is part of the library; SIM_NO_ALIGNER builds
 * the fallback alone. (No __has_include test: when the folders moved it
 * stopped finding "align.h" and every build fell back without a word.) */
#ifndef SIM_NO_ALIGNER
#define SIM_HAVE_ALIGNER 1
#include "link/align.h"
#endif

typedef struct wvec {
  size_t *ids; double *w; size_t n; /* sorted by id */
  double norm;
} wvec;

struct sim_index {
  const cc_corpus *corpus;
#ifdef SIM_HAVE_ALIGNER
  align_index *ax;
#endif
  strmap *clause_slot; /* "%p" of clause -> slot + 1 */
  wvec *v;
  size_t n;
};

static const char *const stop[] = {
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "they", "this",
    "to", "which", "will", "with", "should", "any", "all", "not", "may", "must", "such",
    "other", "be", "been", "there", "these", "those", "would", "can", NULL};

static bool is_stop(const char *w) {
  for (int i = 0; stop[i]; i++)
    if (!strcmp(stop[i], w)) return true;
  return false;
}

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

static void builtin_vec(arena *a, strmap *terms, size_t *nterms, const char *text, wvec *v) {
  char *f = utf8_fold(a, text ? text : "");
  size_t *ids = NULL, n = 0, cap = 0;
  for (size_t i = 0; f[i];) {
    if (!isalpha((unsigned char)f[i])) { i++; continue; }
    size_t s = i;
    while (isalpha((unsigned char)f[i])) i++;
    char w[64];
    size_t len = i - s < 63 ? i - s : 63;
    memcpy(w, f + s, len);
    w[len] = 0;
    if (len < 3 || is_stop(w)) continue;
    if (len > 4 && w[len - 1] == 's') w[len - 1] = 0; /* plural */
    void *id = strmap_get(terms, w);
    if (!id) {
      id = (void *)(uintptr_t)(++*nterms);
      strmap_put(terms, w, id);
    }
    if (n == cap) { cap = cap ? cap * 2 : 32; ids = xrealloc(ids, cap * sizeof *ids); }
    ids[n++] = (size_t)(uintptr_t)id;
  }
  if (n) qsort(ids, n, sizeof *ids, cmp_size); /* qsort wants a valid pointer even for 0 */
  v->ids = xmalloc((n + 1) * sizeof *v->ids);
  v->w = xmalloc((n + 1) * sizeof *v->w);
  v->n = 0;
  double norm = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && ids[j] == ids[i]) j++;
    double w = 1.0 + log((double)(j - i));
    v->ids[v->n] = ids[i];
    v->w[v->n++] = w;
    norm += w * w;
    i = j;
  }
  v->norm = sqrt(norm);
  free(ids);
}

static void key_of(char *k, size_t n, const cc_clause *cl) {
  /* pointer identity: clauses live as long as the corpus */
  size_t v = (size_t)(uintptr_t)cl;
  size_t i = 0;
  while (v && i + 1 < n) { k[i++] = (char)('a' + (v & 15)); v >>= 4; }
  k[i] = 0;
}

sim_index *sim_build(const cc_corpus *c, bool builtin) {
  sim_index *s = xcalloc(1, sizeof *s);
  s->corpus = c;
#ifdef SIM_HAVE_ALIGNER
  if (!builtin) {
    align_opts o;
    align_opts_default(&o);
    align_opts_text_only(&o); /* only the text similarity is used here */
    o.provisions = 0;         /* of whole clauses, as before provisions */
    s->ax = align_index_build(c, &o);
    return s;
  }
#else
  (void)builtin;
#endif
  s->clause_slot = strmap_new();
  size_t total = 0;
  for (size_t i = 0; i < c->ndocs; i++) total += c->docs[i]->nclauses;
  s->v = xcalloc(total + 1, sizeof *s->v);
  strmap *terms = strmap_new();
  size_t nterms = 0;
  arena *tmp = arena_new();
  for (size_t i = 0; i < c->ndocs; i++)
    for (size_t j = 0; j < c->docs[i]->nclauses; j++) {
      const cc_clause *cl = c->docs[i]->clauses[j];
      char k[32];
      key_of(k, sizeof k, cl);
      builtin_vec(tmp, terms, &nterms, cl->text, &s->v[s->n]);
      strmap_put(s->clause_slot, k, (void *)(uintptr_t)(s->n + 1));
      s->n++;
    }
  arena_free(tmp);
  strmap_free(terms);
  return s;
}

double sim_score(const sim_index *s, const cc_clause *a, const cc_clause *b) {
#ifdef SIM_HAVE_ALIGNER
  if (s->ax) return align_index_similarity(s->ax, a, b);
#endif
  char ka[32], kb[32];
  key_of(ka, sizeof ka, a);
  key_of(kb, sizeof kb, b);
  size_t ia = (size_t)(uintptr_t)strmap_get(s->clause_slot, ka);
  size_t ib = (size_t)(uintptr_t)strmap_get(s->clause_slot, kb);
  if (!ia || !ib) return 0;
  const wvec *x = &s->v[ia - 1], *y = &s->v[ib - 1];
  if (x->norm == 0 || y->norm == 0) return 0;
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < x->n && j < y->n) {
    if (x->ids[i] < y->ids[j]) i++;
    else if (x->ids[i] > y->ids[j]) j++;
    else dot += x->w[i++] * y->w[j++];
  }
  return dot / (x->norm * y->norm);
}

const char *sim_method(const sim_index *s) {
#ifdef SIM_HAVE_ALIGNER
  if (s->ax) return "aligner";
#else
  (void)s;
#endif
  return "built-in";
}

void sim_free(sim_index *s) {
  if (!s) return;
#ifdef SIM_HAVE_ALIGNER
  align_index_free(s->ax);
#endif
  for (size_t i = 0; i < s->n; i++) {
    free(s->v[i].ids);
    free(s->v[i].w);
  }
  free(s->v);
  strmap_free(s->clause_slot);
  free(s);
}
