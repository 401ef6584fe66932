/* align.c - TF-IDF vectors, impact-ordered inverted index, candidate
 * generation, few-to-few assignment and the audit (see align.h). */
#include "align.h"
#include "align_text.h"
#include "buf.h"
#include "strmap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Adjacent-word pairs weigh less than single words: they add precision
 * ("party group" is not "party" + "group") without letting one shared
 * phrase outweigh the rest of the clause. */
#define ALIGN_BIGRAM_WEIGHT 0.5

typedef struct term_w {
  uint32_t term;
  double w;
} term_w;

typedef struct posting {
  uint32_t clause;
  double w;
} posting;

typedef struct vec {
  term_w *e; /* sorted by term id */
  size_t n;
} vec;

struct align_index {
  const cc_corpus *corpus;
  size_t n;                  /* clauses */
  const cc_clause **clauses; /* corpus order */
  uint32_t *council;         /* document index of each clause */
  size_t *doc_offset;        /* first clause number of each document */
  vec *v;
  size_t nterms;
  posting **post; size_t *npost;
};

/* ---- a small open-addressing map from pair keys to scores ------------- */

typedef struct pairmap {
  uint64_t *keys; /* 0 = empty; keys are stored + 1 */
  double *vals;
  size_t cap, count;
} pairmap;

static uint64_t pair_key(uint32_t a, uint32_t b) {
  if (a > b) { uint32_t t = a; a = b; b = t; }
  return ((uint64_t)a << 32 | b) + 1;
}

static size_t pm_slot(const pairmap *m, uint64_t k) {
  uint64_t h = k * 0x9E3779B97F4A7C15ull;
  size_t i = (size_t)(h >> 17) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != k) i = (i + 1) & (m->cap - 1);
  return i;
}

static void pm_put(pairmap *m, uint64_t k, double v) {
  if ((m->count + 1) * 2 > m->cap) {
    pairmap g = {NULL, NULL, m->cap ? m->cap * 2 : 1024, 0};
    g.keys = xcalloc(g.cap, sizeof *g.keys);
    g.vals = xcalloc(g.cap, sizeof *g.vals);
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i]) {
        size_t s = pm_slot(&g, m->keys[i]);
        g.keys[s] = m->keys[i];
        g.vals[s] = m->vals[i];
        g.count++;
      }
    free(m->keys);
    free(m->vals);
    *m = g;
  }
  size_t s = pm_slot(m, k);
  if (!m->keys[s]) m->count++;
  m->keys[s] = k;
  m->vals[s] = v;
}

static int pm_get(const pairmap *m, uint64_t k, double *v) {
  if (!m->cap) return 0;
  size_t s = pm_slot(m, k);
  if (!m->keys[s]) return 0;
  if (v) *v = m->vals[s];
  return 1;
}

static void pm_free(pairmap *m) {
  free(m->keys);
  free(m->vals);
}

/* ---- index ------------------------------------------------------------- */

void align_opts_default(align_opts *o) {
  o->min_score = ALIGN_DEFAULT_MIN_SCORE;
  o->ratio = 0.5;
  o->top_terms = 24;
  o->max_postings = 64;
  o->max_candidates = 24;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_posting(const void *pa, const void *pb) {
  const posting *a = pa, *b = pb;
  if (a->w != b->w) return a->w > b->w ? -1 : 1;
  return a->clause < b->clause ? -1 : a->clause > b->clause;
}

static uint32_t term_id(strmap *ids, const char *key, size_t *nterms) {
  void *v = strmap_get(ids, key);
  if (v) return (uint32_t)((uintptr_t)v - 1);
  strmap_put(ids, key, (void *)(uintptr_t)(*nterms + 1));
  return (uint32_t)(*nterms)++;
}

align_index *align_index_build(const cc_corpus *c, const align_opts *o) {
  align_index *x = xcalloc(1, sizeof *x);
  x->corpus = c;
  x->doc_offset = xcalloc(c->ndocs + 1, sizeof(size_t));
  for (size_t d = 0; d < c->ndocs; d++) {
    x->doc_offset[d] = x->n;
    x->n += c->docs[d]->nclauses;
  }
  x->doc_offset[c->ndocs] = x->n;
  x->clauses = xcalloc(x->n + 1, sizeof *x->clauses);
  x->council = xcalloc(x->n + 1, sizeof *x->council);
  x->v = xcalloc(x->n + 1, sizeof *x->v);

  /* 1. terms of each clause as ids (unigrams, then bigrams), term ids in
        order of first appearance so the build is deterministic */
  arena *tmp = arena_new();
  strmap *ids = strmap_new();
  uint32_t **raw = xcalloc(x->n + 1, sizeof *raw);
  size_t *nraw = xcalloc(x->n + 1, sizeof *nraw);
  size_t nterms = 0;
  for (size_t d = 0, k = 0; d < c->ndocs; d++)
    for (size_t j = 0; j < c->docs[d]->nclauses; j++, k++) {
      const cc_clause *cl = c->docs[d]->clauses[j];
      x->clauses[k] = cl;
      x->council[k] = (uint32_t)d;
      size_t nt = 0;
      char **t = align_text_terms(tmp, cl->text, &nt);
      raw[k] = xcalloc(2 * nt + 1, sizeof(uint32_t));
      for (size_t i = 0; i < nt; i++) raw[k][nraw[k]++] = term_id(ids, t[i], &nterms);
      buf b = BUF_INIT;
      for (size_t i = 0; i + 1 < nt; i++) {
        buf_clear(&b);
        buf_puts(&b, t[i]);
        buf_putc(&b, ' ');
        buf_puts(&b, t[i + 1]);
        raw[k][nraw[k]++] = term_id(ids, buf_cstr(&b), &nterms);
      }
      buf_free(&b);
    }
  /* which ids are bigrams: the key holds a space */
  unsigned char *is_bigram = xcalloc(nterms + 1, 1);
  {
    size_t pos = 0;
    const char *key;
    void *val;
    while (strmap_next(ids, &pos, &key, &val))
      is_bigram[(uintptr_t)val - 1] = strchr(key, ' ') != NULL;
  }
  strmap_free(ids);
  arena_free(tmp);
  x->nterms = nterms;

  /* 2. document frequencies (clauses containing the term) */
  size_t *df = xcalloc(nterms + 1, sizeof *df);
  for (size_t k = 0; k < x->n; k++) {
    qsort(raw[k], nraw[k], sizeof(uint32_t), cmp_u32);
    for (size_t i = 0; i < nraw[k]; i++)
      if (i == 0 || raw[k][i] != raw[k][i - 1]) df[raw[k][i]]++;
  }

  /* 3. weights: (1 + ln tf) x ln((N + 1) / df), bigrams scaled down,
        L2-normalised so a dot product is a cosine */
  x->npost = xcalloc(nterms + 1, sizeof *x->npost);
  for (size_t k = 0; k < x->n; k++) {
    vec *v = &x->v[k];
    v->e = xcalloc(nraw[k] + 1, sizeof *v->e);
    double norm = 0;
    for (size_t i = 0; i < nraw[k];) {
      size_t j = i;
      while (j < nraw[k] && raw[k][j] == raw[k][i]) j++;
      uint32_t t = raw[k][i];
      double w = (1.0 + log((double)(j - i))) * log((double)(x->n + 1) / (double)df[t]);
      if (is_bigram[t]) w *= ALIGN_BIGRAM_WEIGHT;
      if (w > 0) {
        v->e[v->n].term = t;
        v->e[v->n].w = w;
        v->n++;
        norm += w * w;
      }
      i = j;
    }
    norm = sqrt(norm);
    for (size_t i = 0; i < v->n; i++) {
      v->e[i].w /= norm;
      x->npost[v->e[i].term]++;
    }
    free(raw[k]);
  }
  free(raw);
  free(nraw);
  free(df);
  free(is_bigram);

  /* 4. postings, impact-ordered (highest weight first) and cut to
        max_postings: a term shared by very many clauses says little and
        would make lookups quadratic */
  x->post = xcalloc(nterms + 1, sizeof *x->post);
  size_t *fill = xcalloc(nterms + 1, sizeof *fill);
  for (size_t t = 0; t < nterms; t++) x->post[t] = xcalloc(x->npost[t] + 1, sizeof(posting));
  for (size_t k = 0; k < x->n; k++)
    for (size_t i = 0; i < x->v[k].n; i++) {
      uint32_t t = x->v[k].e[i].term;
      x->post[t][fill[t]].clause = (uint32_t)k;
      x->post[t][fill[t]].w = x->v[k].e[i].w;
      fill[t]++;
    }
  free(fill);
  for (size_t t = 0; t < nterms; t++) {
    qsort(x->post[t], x->npost[t], sizeof(posting), cmp_posting);
    if (o->max_postings && x->npost[t] > o->max_postings) x->npost[t] = o->max_postings;
  }
  return x;
}

void align_index_free(align_index *x) {
  if (!x) return;
  for (size_t k = 0; k < x->n; k++) free(x->v[k].e);
  for (size_t t = 0; t < x->nterms; t++) free(x->post[t]);
  free(x->post);
  free(x->npost);
  free(x->v);
  free(x->clauses);
  free(x->council);
  free(x->doc_offset);
  free(x);
}

static double dot(const vec *a, const vec *b) {
  double s = 0;
  size_t i = 0, j = 0;
  while (i < a->n && j < b->n) {
    if (a->e[i].term == b->e[j].term) s += a->e[i++].w * b->e[j++].w;
    else if (a->e[i].term < b->e[j].term) i++;
    else j++;
  }
  return s > 1 ? 1 : s;
}

static size_t clause_number(const align_index *x, const cc_clause *cl) {
  return x->doc_offset[cl->doc->index] + cl->index;
}

double align_index_similarity(const align_index *x, const cc_clause *a, const cc_clause *b) {
  return dot(&x->v[clause_number(x, a)], &x->v[clause_number(x, b)]);
}

/* ---- candidates, scoring, assignment ------------------------------------ */

typedef struct cand {
  uint32_t clause;
  double acc;
} cand;

static int cmp_cand(const void *pa, const void *pb) {
  const cand *a = pa, *b = pb;
  if (a->acc != b->acc) return a->acc > b->acc ? -1 : 1;
  return a->clause < b->clause ? -1 : a->clause > b->clause;
}

static int cmp_tw_weight(const void *pa, const void *pb) {
  const term_w *a = pa, *b = pb;
  if (a->w != b->w) return a->w > b->w ? -1 : 1;
  return a->term < b->term ? -1 : a->term > b->term;
}

static int pair_order(const align_pair *a, const align_pair *b) {
  const cc_clause *ca[2] = {a->a, a->b}, *cb[2] = {b->a, b->b};
  for (int i = 0; i < 2; i++) {
    if (ca[i]->doc->index != cb[i]->doc->index) return ca[i]->doc->index < cb[i]->doc->index ? -1 : 1;
    if (ca[i]->index != cb[i]->index) return ca[i]->index < cb[i]->index ? -1 : 1;
  }
  return 0;
}

static int cmp_pair(const void *pa, const void *pb) {
  const align_pair *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return pair_order(a, b);
}

/* best score of a clause against any clause of one other council */
typedef struct best {
  uint32_t clause, council;
  double score;
} best;

static int cmp_best(const void *pa, const void *pb) {
  const best *a = pa, *b = pb;
  if (a->clause != b->clause) return a->clause < b->clause ? -1 : 1;
  if (a->council != b->council) return a->council < b->council ? -1 : 1;
  return a->score > b->score ? -1 : a->score < b->score;
}

static double best_of(const best *bs, size_t n, uint32_t clause, uint32_t council) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (bs[mid].clause < clause || (bs[mid].clause == clause && bs[mid].council < council))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && bs[lo].clause == clause && bs[lo].council == council ? bs[lo].score : 0;
}

void align_run(const align_index *x, const align_opts *o, align_result *r) {
  memset(r, 0, sizeof *r);
  r->nclauses = x->n;
  r->ncouncils = x->corpus->ndocs;
  for (size_t d = 0; d < x->corpus->ndocs; d++) {
    size_t nd = x->doc_offset[d + 1] - x->doc_offset[d];
    r->cross_pairs += nd * (x->n - x->doc_offset[d + 1]);
  }
  double *acc = xcalloc(x->n + 1, sizeof *acc);
  cand *touched = xcalloc(x->n + 1, sizeof *touched);
  term_w *q = NULL;
  size_t capq = 0, caps = 0;
  pairmap seen = {NULL, NULL, 0, 0};
  for (size_t k = 0; k < x->n; k++) {
    const vec *v = &x->v[k];
    if (v->n > capq) {
      capq = v->n;
      free(q);
      q = xcalloc(capq, sizeof *q);
    }
    if (v->n) memcpy(q, v->e, v->n * sizeof *q);
    qsort(q, v->n, sizeof *q, cmp_tw_weight);
    size_t nq = v->n < o->top_terms ? v->n : o->top_terms, nt = 0;
    for (size_t i = 0; i < nq; i++) {
      const posting *p = x->post[q[i].term];
      size_t np = x->npost[q[i].term];
      r->postings += np;
      for (size_t j = 0; j < np; j++) {
        uint32_t c = p[j].clause;
        if (x->council[c] == x->council[k]) continue;
        if (acc[c] == 0) touched[nt++].clause = c;
        acc[c] += q[i].w * p[j].w;
      }
    }
    for (size_t i = 0; i < nt; i++) {
      touched[i].acc = acc[touched[i].clause];
      acc[touched[i].clause] = 0;
    }
    qsort(touched, nt, sizeof *touched, cmp_cand);
    if (nt > o->max_candidates) nt = o->max_candidates;
    for (size_t i = 0; i < nt; i++) {
      uint32_t c = touched[i].clause;
      uint64_t key = pair_key((uint32_t)k, c);
      if (pm_get(&seen, key, NULL)) continue;
      double s = dot(v, &x->v[c]);
      pm_put(&seen, key, s);
      if (r->nscored == caps) {
        caps = caps ? caps * 2 : 256;
        r->scored = xrealloc(r->scored, caps * sizeof *r->scored);
      }
      align_pair *pr = &r->scored[r->nscored++];
      size_t lo = k < c ? k : c, hi = k < c ? c : k;
      pr->a = x->clauses[lo];
      pr->b = x->clauses[hi];
      pr->score = s;
    }
  }
  free(q);
  free(acc);
  free(touched);
  pm_free(&seen);
  qsort(r->scored, r->nscored, sizeof *r->scored, cmp_pair);

  /* few-to-few assignment per pair of councils: a pair survives when it
     is within `ratio` of the best match of each of its clauses in the
     other's council; ratio 1 is one-to-one competitive linking */
  best *bs = xcalloc(2 * r->nscored + 1, sizeof *bs);
  size_t nb = 0;
  for (size_t i = 0; i < r->nscored; i++) {
    uint32_t a = (uint32_t)clause_number(x, r->scored[i].a), b = (uint32_t)clause_number(x, r->scored[i].b);
    bs[nb++] = (best){a, x->council[b], r->scored[i].score};
    bs[nb++] = (best){b, x->council[a], r->scored[i].score};
  }
  qsort(bs, nb, sizeof *bs, cmp_best);
  size_t nu = 0; /* keep the first (best) of each (clause, council) group */
  for (size_t i = 0; i < nb; i++)
    if (nu == 0 || bs[nu - 1].clause != bs[i].clause || bs[nu - 1].council != bs[i].council)
      bs[nu++] = bs[i];
  r->pairs = xcalloc(r->nscored + 1, sizeof *r->pairs);
  for (size_t i = 0; i < r->nscored; i++) {
    const align_pair *p = &r->scored[i];
    if (p->score < o->min_score) break; /* scored is best first */
    uint32_t a = (uint32_t)clause_number(x, p->a), b = (uint32_t)clause_number(x, p->b);
    if (p->score + 1e-12 < o->ratio * best_of(bs, nu, a, x->council[b])) continue;
    if (p->score + 1e-12 < o->ratio * best_of(bs, nu, b, x->council[a])) continue;
    r->pairs[r->npairs++] = *p;
  }
  free(bs);
}

void align_result_free(align_result *r) {
  free(r->pairs);
  free(r->scored);
  memset(r, 0, sizeof *r);
}

/* ---- audit --------------------------------------------------------------- */

static uint32_t corpus_number(const cc_clause *cl) {
  /* a stable number for pair keys without the index: doc in the high bits */
  return (uint32_t)(cl->doc->index << 20 | cl->index);
}

static int shares_topic(const cc_clause *a, const cc_clause *b) {
  for (size_t i = 0; i < a->ntopic_keys; i++)
    for (size_t j = 0; j < b->ntopic_keys; j++)
      if (!strcmp(a->topic_keys[i], b->topic_keys[j])) return 1;
  return 0;
}

static void push_pair(align_pair **arr, size_t *n, size_t *cap, align_pair p) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 64;
    *arr = xrealloc(*arr, *cap * sizeof **arr);
  }
  (*arr)[(*n)++] = p;
}

void align_audit_run(const align_result *r, const cc_corpus *c, align_audit *a) {
  memset(a, 0, sizeof *a);
  size_t capmissed = 0, capextra = 0;
  pairmap proposed = {NULL, NULL, 0, 0}, scored = {NULL, NULL, 0, 0}, truth = {NULL, NULL, 0, 0};
  for (size_t i = 0; i < r->npairs; i++)
    pm_put(&proposed, pair_key(corpus_number(r->pairs[i].a), corpus_number(r->pairs[i].b)),
           r->pairs[i].score);
  for (size_t i = 0; i < r->nscored; i++)
    pm_put(&scored, pair_key(corpus_number(r->scored[i].a), corpus_number(r->scored[i].b)),
           r->scored[i].score);
  /* true pairs, through each key's clauses (annotated keys as written, so
     the audit also works without a taxonomy) */
  strmap *by_key = strmap_new();
  const cc_clause ***lists = NULL;
  size_t *nlist = NULL, nkeys = 0, capkeys = 0;
  for (size_t d = 0; d < c->ndocs; d++)
    for (size_t j = 0; j < c->docs[d]->nclauses; j++) {
      const cc_clause *cl = c->docs[d]->clauses[j];
      if (cl->ntopic_keys) a->annotated_clauses++;
      for (size_t k = 0; k < cl->ntopic_keys; k++) {
        void *v = strmap_get(by_key, cl->topic_keys[k]);
        size_t ki;
        if (!v) {
          if (nkeys == capkeys) {
            capkeys = capkeys ? capkeys * 2 : 64;
            lists = xrealloc(lists, capkeys * sizeof *lists);
            nlist = xrealloc(nlist, capkeys * sizeof *nlist);
          }
          ki = nkeys++;
          lists[ki] = NULL;
          nlist[ki] = 0;
          strmap_put(by_key, cl->topic_keys[k], (void *)(uintptr_t)(ki + 1));
        } else {
          ki = (uintptr_t)v - 1;
        }
        lists[ki] = xrealloc(lists[ki], (nlist[ki] + 1) * sizeof **lists);
        lists[ki][nlist[ki]++] = cl;
      }
    }
  for (size_t ki = 0; ki < nkeys; ki++) {
    for (size_t i = 0; i < nlist[ki]; i++)
      for (size_t j = i + 1; j < nlist[ki]; j++) {
        const cc_clause *x = lists[ki][i], *y = lists[ki][j];
        if (x->doc == y->doc || x == y) continue;
        uint64_t key = pair_key(corpus_number(x), corpus_number(y));
        if (pm_get(&truth, key, NULL)) continue;
        pm_put(&truth, key, 1);
        double s = 0;
        if (pm_get(&proposed, key, NULL)) {
          a->tp++;
        } else {
          a->fn++;
          pm_get(&scored, key, &s);
          align_pair p = {s, x, y};
          if (pair_order(&(align_pair){0, y, x}, &p) < 0) p = (align_pair){s, y, x};
          push_pair(&a->missed, &a->nmissed, &capmissed, p);
        }
      }
    free(lists[ki]);
  }
  free(lists);
  free(nlist);
  strmap_free(by_key);
  for (size_t i = 0; i < r->npairs; i++) {
    const align_pair *p = &r->pairs[i];
    if (!p->a->ntopic_keys || !p->b->ntopic_keys) {
      a->unjudged++;
      continue;
    }
    if (!shares_topic(p->a, p->b)) {
      a->fp++;
      push_pair(&a->extra, &a->nextra, &capextra, *p);
    }
  }
  a->precision = a->tp + a->fp ? (double)a->tp / (double)(a->tp + a->fp) : 1;
  a->recall = a->tp + a->fn ? (double)a->tp / (double)(a->tp + a->fn) : 1;
  if (a->nmissed) qsort(a->missed, a->nmissed, sizeof *a->missed, cmp_pair);
  pm_free(&proposed);
  pm_free(&scored);
  pm_free(&truth);
}

void align_audit_free(align_audit *a) {
  free(a->missed);
  free(a->extra);
  memset(a, 0, sizeof *a);
}
