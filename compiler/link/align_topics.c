/* align_topics.c - the taxonomy's definitions as a pivot (see
 * align_topics.h). */
#include "link/align_topics.h"
#include "base/arena.h"
#include "base/parallel.h"

#include <stdlib.h>
#include <string.h>

/* Topic vectors inverted: for each term, the topics whose definition
 * has it and its weight there. A unit's cosine with every topic is then
 * one walk over the unit's terms. */
typedef struct topic_post {
  uint32_t topic;
  double w;
} topic_post;

typedef struct build_ctx {
  align_topics *tp;
  topic_post **post;
  size_t *npost;
  const align_vec *cv, *sv;
  const size_t *seg_first;
  double min_sim;
  size_t block;
} build_ctx;

/* The topic unit V is most like (lowest index on a tie) and its cosine,
 * using ACC (ntopics zeros, left zero). */
static double best_topic(const build_ctx *bc, const align_vec *v, double *acc, uint32_t *best) {
  size_t nt = bc->tp->ntopics;
  for (size_t i = 0; i < v->n; i++) {
    const topic_post *p = bc->post[v->t[i]];
    for (size_t j = 0; j < bc->npost[v->t[i]]; j++) acc[p[j].topic] += v->w[i] * p[j].w;
  }
  double s = 0;
  *best = 0;
  for (size_t t = 0; t < nt; t++) {
    if (acc[t] > s) {
      s = acc[t];
      *best = (uint32_t)t;
    }
    acc[t] = 0;
  }
  return s > 1 ? 1 : s;
}

static int cmp_topic(const void *pa, const void *pb) {
  const align_topic_sim *a = pa, *b = pb;
  return a->topic < b->topic ? -1 : a->topic > b->topic;
}

/* Clauses of one block: the topics their units name. */
static void job_clauses(void *vctx, size_t job) {
  build_ctx *bc = vctx;
  align_topics *tp = bc->tp;
  size_t lo = job * bc->block, hi = lo + bc->block < tp->nclauses ? lo + bc->block : tp->nclauses;
  double *acc = xcalloc(tp->ntopics + 1, sizeof *acc);
  for (size_t k = lo; k < hi; k++) {
    size_t nunits = 1 + bc->seg_first[k + 1] - bc->seg_first[k], n = 0;
    align_topic_sim *l = xcalloc(nunits, sizeof *l);
    for (size_t u = 0; u < nunits; u++) {
      const align_vec *v = u ? &bc->sv[bc->seg_first[k] + u - 1] : &bc->cv[k];
      uint32_t t;
      double s = best_topic(bc, v, acc, &t);
      if (s <= 0 || s < bc->min_sim) continue;
      size_t i = 0;
      while (i < n && l[i].topic != t) i++;
      if (i == n) l[n++] = (align_topic_sim){t, s};
      else if (s > l[i].sim) l[i].sim = s;
    }
    qsort(l, n, sizeof *l, cmp_topic);
    tp->of[k] = l;
    tp->nof[k] = n;
  }
  free(acc);
}

typedef struct member {
  uint32_t clause;
  double sim;
} member;

static int cmp_member(const void *pa, const void *pb) {
  const member *a = pa, *b = pb;
  if (a->sim != b->sim) return a->sim > b->sim ? -1 : 1;
  return a->clause < b->clause ? -1 : a->clause > b->clause;
}

void align_topics_build(align_topics *tp, const align_vec *tv, size_t ntopics, size_t nterms,
                        const align_vec *cv, const align_vec *sv, const size_t *seg_first,
                        size_t nclauses, double min_sim, int threads) {
  memset(tp, 0, sizeof *tp);
  tp->ntopics = ntopics;
  tp->nclauses = nclauses;
  tp->of = xcalloc(nclauses + 1, sizeof *tp->of);
  tp->nof = xcalloc(nclauses + 1, sizeof *tp->nof);
  tp->members = xcalloc(ntopics + 1, sizeof *tp->members);
  tp->nmembers = xcalloc(ntopics + 1, sizeof *tp->nmembers);
  if (!ntopics || !nclauses) return;

  build_ctx bc = {tp, xcalloc(nterms + 1, sizeof(topic_post *)), xcalloc(nterms + 1, sizeof(size_t)),
                  cv, sv, seg_first, min_sim, 0};
  for (size_t t = 0; t < ntopics; t++)
    for (size_t i = 0; i < tv[t].n; i++) bc.npost[tv[t].t[i]]++;
  for (size_t term = 0; term < nterms; term++) {
    if (bc.npost[term]) bc.post[term] = xcalloc(bc.npost[term], sizeof(topic_post));
    bc.npost[term] = 0;
  }
  for (size_t t = 0; t < ntopics; t++)
    for (size_t i = 0; i < tv[t].n; i++) {
      uint32_t term = tv[t].t[i];
      bc.post[term][bc.npost[term]++] = (topic_post){(uint32_t)t, tv[t].w[i]};
    }

  size_t nthreads = threads > 0 ? (size_t)threads : 1, nblocks = nthreads * 8;
  if (nblocks > nclauses) nblocks = nclauses;
  bc.block = (nclauses + nblocks - 1) / nblocks;
  nblocks = (nclauses + bc.block - 1) / bc.block;
  parallel_run(nblocks, threads, job_clauses, &bc);
  for (size_t term = 0; term < nterms; term++) free(bc.post[term]);
  free(bc.post);
  free(bc.npost);

  /* members of each topic, best first */
  for (size_t k = 0; k < nclauses; k++)
    for (size_t i = 0; i < tp->nof[k]; i++) tp->nmembers[tp->of[k][i].topic]++;
  member **m = xcalloc(ntopics + 1, sizeof *m);
  for (size_t t = 0; t < ntopics; t++) {
    m[t] = xcalloc(tp->nmembers[t] + 1, sizeof **m);
    tp->nmembers[t] = 0;
  }
  for (size_t k = 0; k < nclauses; k++)
    for (size_t i = 0; i < tp->nof[k]; i++) {
      uint32_t t = tp->of[k][i].topic;
      m[t][tp->nmembers[t]++] = (member){(uint32_t)k, tp->of[k][i].sim};
    }
  for (size_t t = 0; t < ntopics; t++) {
    qsort(m[t], tp->nmembers[t], sizeof **m, cmp_member);
    tp->members[t] = xcalloc(tp->nmembers[t] + 1, sizeof **tp->members);
    for (size_t i = 0; i < tp->nmembers[t]; i++) tp->members[t][i] = m[t][i].clause;
    free(m[t]);
  }
  free(m);
}

double align_topics_pair(const align_topics *tp, size_t a, size_t b, int32_t *via) {
  double best = 0;
  *via = -1;
  if (!tp->of) return 0;
  const align_topic_sim *x = tp->of[a], *y = tp->of[b];
  size_t i = 0, j = 0, nx = tp->nof[a], ny = tp->nof[b];
  while (i < nx && j < ny) {
    if (x[i].topic < y[j].topic) i++;
    else if (x[i].topic > y[j].topic) j++;
    else {
      double s = x[i].sim < y[j].sim ? x[i].sim : y[j].sim;
      if (s > best) {
        best = s;
        *via = (int32_t)x[i].topic;
      }
      i++;
      j++;
    }
  }
  return best;
}

void align_topics_free(align_topics *tp) {
  if (tp->of)
    for (size_t k = 0; k < tp->nclauses; k++) free(tp->of[k]);
  if (tp->members)
    for (size_t t = 0; t < tp->ntopics; t++) free(tp->members[t]);
  free(tp->of);
  free(tp->nof);
  free(tp->members);
  free(tp->nmembers);
  memset(tp, 0, sizeof *tp);
}
