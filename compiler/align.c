/* align.c - BM25 vectors of clauses and segments, impact-ordered inverted
 * indexes, candidate generation, pair scoring, few-to-few assignment and
 * the audit (see align.h). */
#include "align.h"
#include "align_text.h"
#include "buf.h"
#include "strmap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Adjacent-word pairs and character 4-grams weigh less than single words:
 * pairs add precision ("party group" is not "party" + "group"), 4-grams
 * let morphological variants the stemmer misses meet ("impartial" /
 * "partiality", "confer" / "conference"), and neither should let one
 * shared phrase or stem outweigh the rest of the text. */
#define ALIGN_BIGRAM_WEIGHT 0.5
#define ALIGN_GRAM_WEIGHT 0.5
#define ALIGN_GRAM_LEN 4
/* BM25 term-frequency saturation and length normalisation (the usual
 * values from the IR literature, not tuned here). */
#define ALIGN_BM25_K1 1.2
#define ALIGN_BM25_B 0.75
/* Score = CLAUSE_WEIGHT x whole-clause cosine + (1 - CLAUSE_WEIGHT) x the
 * best segment-pair cosine: a long clause listing a dozen expectations
 * still meets a short clause making one of them through that item, and
 * two whole clauses that say the same thing in many sentences still
 * score high. */
#define ALIGN_CLAUSE_WEIGHT 0.5
#define ALIGN_SEG_MIN_TERMS 3

enum { KIND_WORD, KIND_BIGRAM, KIND_GRAM };

typedef struct term_w {
  uint32_t term;
  double w;
} term_w;

typedef struct posting {
  uint32_t unit;
  double w;
} posting;

typedef struct vec {
  term_w *e; /* sorted by term id */
  size_t n;
} vec;

/* An impact-ordered inverted index over one kind of unit (clauses or
 * segments). */
typedef struct inv {
  posting **post;
  size_t *npost;
} inv;

struct align_index {
  const cc_corpus *corpus;
  size_t n;                  /* clauses */
  const cc_clause **clauses; /* corpus order */
  uint32_t *council;         /* document index of each clause */
  size_t *doc_offset;        /* first clause number of each document */
  vec *v;                    /* clause vectors */
  size_t nseg;               /* segments (sentences, sub-items) */
  vec *sv;                   /* segment vectors */
  uint32_t *seg_owner;       /* clause number of each segment */
  size_t *seg_first;         /* first segment of each clause; [n] = nseg */
  size_t nterms;
  inv cpost, spost;          /* postings of clauses, of segments */
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
  o->max_seg_candidates = 8;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_posting(const void *pa, const void *pb) {
  const posting *a = pa, *b = pb;
  if (a->w != b->w) return a->w > b->w ? -1 : 1;
  return a->unit < b->unit ? -1 : a->unit > b->unit;
}

typedef struct termtab {
  strmap *ids;
  unsigned char *kind; /* KIND_* of each term id */
  size_t n, cap;
} termtab;

static uint32_t term_id(termtab *tt, const char *key, int kind) {
  void *v = strmap_get(tt->ids, key);
  if (v) return (uint32_t)((uintptr_t)v - 1);
  strmap_put(tt->ids, key, (void *)(uintptr_t)(tt->n + 1));
  if (tt->n == tt->cap) {
    tt->cap = tt->cap ? tt->cap * 2 : 1024;
    tt->kind = xrealloc(tt->kind, tt->cap);
  }
  tt->kind[tt->n] = (unsigned char)kind;
  return (uint32_t)tt->n++;
}

/* Feature ids of TEXT (words, adjacent pairs, character 4-grams of each
 * word with "_" marking its ends), sorted, repeats kept (= counts). Term
 * ids are given in order of first appearance, so the build is
 * deterministic. */
static uint32_t *features(arena *tmp, termtab *tt, const char *text, size_t *nout) {
  size_t nt = 0;
  char **t = align_text_terms(tmp, text, &nt);
  size_t cap = 2 * nt + 1;
  for (size_t i = 0; i < nt; i++) cap += strlen(t[i]) + 2;
  uint32_t *f = xcalloc(cap, sizeof *f);
  size_t n = 0;
  buf b = BUF_INIT;
  for (size_t i = 0; i < nt; i++) f[n++] = term_id(tt, t[i], KIND_WORD);
  for (size_t i = 0; i + 1 < nt; i++) {
    buf_clear(&b);
    buf_puts(&b, t[i]);
    buf_putc(&b, ' ');
    buf_puts(&b, t[i + 1]);
    f[n++] = term_id(tt, buf_cstr(&b), KIND_BIGRAM);
  }
  for (size_t i = 0; i < nt; i++) {
    buf_clear(&b);
    buf_putc(&b, '_');
    buf_puts(&b, t[i]);
    buf_putc(&b, '_');
    const char *w = buf_cstr(&b);
    size_t len = strlen(w);
    char g[ALIGN_GRAM_LEN + 2];
    g[0] = '#'; /* words never start with '#' */
    for (size_t k = 0; k + ALIGN_GRAM_LEN <= len; k++) {
      memcpy(g + 1, w + k, ALIGN_GRAM_LEN);
      g[ALIGN_GRAM_LEN + 1] = '\0';
      f[n++] = term_id(tt, g, KIND_GRAM);
    }
  }
  buf_free(&b);
  qsort(f, n, sizeof *f, cmp_u32);
  *nout = n;
  return f;
}

/* BM25 weights, idf from DF over NDF units, L2-normalised so a dot
 * product is a cosine in [0,1]. Frees RAW[k]. */
static void weigh(vec *v, uint32_t **raw, const size_t *nraw, size_t nunits, const size_t *df,
                  size_t ndf, const unsigned char *kind) {
  double avg = 0;
  for (size_t k = 0; k < nunits; k++) avg += (double)nraw[k];
  avg = nunits && avg > 0 ? avg / (double)nunits : 1;
  for (size_t k = 0; k < nunits; k++) {
    v[k].e = xcalloc(nraw[k] + 1, sizeof *v[k].e);
    v[k].n = 0;
    double norm = 0, lnorm = 1 - ALIGN_BM25_B + ALIGN_BM25_B * (double)nraw[k] / avg;
    for (size_t i = 0; i < nraw[k];) {
      size_t j = i;
      while (j < nraw[k] && raw[k][j] == raw[k][i]) j++;
      uint32_t t = raw[k][i];
      double tf = (double)(j - i), d = df[t] ? (double)df[t] : 1;
      double idf = log(1 + ((double)ndf - d + 0.5) / (d + 0.5));
      double w = idf * tf * (ALIGN_BM25_K1 + 1) / (tf + ALIGN_BM25_K1 * lnorm);
      if (kind[t] == KIND_BIGRAM) w *= ALIGN_BIGRAM_WEIGHT;
      else if (kind[t] == KIND_GRAM) w *= ALIGN_GRAM_WEIGHT;
      if (w > 0) {
        v[k].e[v[k].n].term = t;
        v[k].e[v[k].n].w = w;
        v[k].n++;
        norm += w * w;
      }
      i = j;
    }
    norm = sqrt(norm);
    for (size_t i = 0; i < v[k].n; i++) v[k].e[i].w /= norm;
    free(raw[k]);
  }
}

/* Postings, impact-ordered (highest weight first) and cut to
 * max_postings: a term shared by very many units says little and would
 * make lookups quadratic. */
static void inv_build(inv *ix, const vec *v, size_t nunits, size_t nterms, size_t max_postings) {
  ix->npost = xcalloc(nterms + 1, sizeof *ix->npost);
  ix->post = xcalloc(nterms + 1, sizeof *ix->post);
  for (size_t k = 0; k < nunits; k++)
    for (size_t i = 0; i < v[k].n; i++) ix->npost[v[k].e[i].term]++;
  size_t *fill = xcalloc(nterms + 1, sizeof *fill);
  for (size_t t = 0; t < nterms; t++) ix->post[t] = xcalloc(ix->npost[t] + 1, sizeof(posting));
  for (size_t k = 0; k < nunits; k++)
    for (size_t i = 0; i < v[k].n; i++) {
      uint32_t t = v[k].e[i].term;
      ix->post[t][fill[t]].unit = (uint32_t)k;
      ix->post[t][fill[t]].w = v[k].e[i].w;
      fill[t]++;
    }
  free(fill);
  for (size_t t = 0; t < nterms; t++) {
    qsort(ix->post[t], ix->npost[t], sizeof(posting), cmp_posting);
    if (max_postings && ix->npost[t] > max_postings) ix->npost[t] = max_postings;
  }
}

static void inv_free(inv *ix, size_t nterms) {
  if (ix->post)
    for (size_t t = 0; t < nterms; t++) free(ix->post[t]);
  free(ix->post);
  free(ix->npost);
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
  x->seg_first = xcalloc(x->n + 1, sizeof *x->seg_first);

  /* 1. features of each clause and of each of its segments */
  arena *tmp = arena_new();
  termtab tt = {strmap_new(), NULL, 0, 0};
  uint32_t **raw = xcalloc(x->n + 1, sizeof *raw);
  size_t *nraw = xcalloc(x->n + 1, sizeof *nraw);
  uint32_t **sraw = NULL;
  size_t *nsraw = NULL, capseg = 0;
  for (size_t d = 0, k = 0; d < c->ndocs; d++)
    for (size_t j = 0; j < c->docs[d]->nclauses; j++, k++) {
      const cc_clause *cl = c->docs[d]->clauses[j];
      x->clauses[k] = cl;
      x->council[k] = (uint32_t)d;
      raw[k] = features(tmp, &tt, cl->text, &nraw[k]);
      x->seg_first[k] = x->nseg;
      size_t ns = 0;
      char **segs = align_text_segments(tmp, cl->text, &ns);
      buf pend = BUF_INIT;
      for (size_t i = 0; i < ns; i++) {
        /* a segment of fewer than ALIGN_SEG_MIN_TERMS words ("In
           particular:", a heading) joins the next: alone it would match
           any clause using the same two words */
        if (pend.len) buf_putc(&pend, ' ');
        buf_puts(&pend, segs[i]);
        size_t nw = 0;
        align_text_terms(tmp, buf_cstr(&pend), &nw);
        if (nw < ALIGN_SEG_MIN_TERMS && i + 1 < ns) continue;
        if (x->nseg == capseg) {
          capseg = capseg ? capseg * 2 : 256;
          sraw = xrealloc(sraw, capseg * sizeof *sraw);
          nsraw = xrealloc(nsraw, capseg * sizeof *nsraw);
          x->seg_owner = xrealloc(x->seg_owner, capseg * sizeof *x->seg_owner);
        }
        sraw[x->nseg] = features(tmp, &tt, buf_cstr(&pend), &nsraw[x->nseg]);
        buf_clear(&pend);
        if (!nsraw[x->nseg]) { /* punctuation or numbers only */
          free(sraw[x->nseg]);
          continue;
        }
        x->seg_owner[x->nseg++] = (uint32_t)k;
      }
      buf_free(&pend);
    }
  x->seg_first[x->n] = x->nseg;
  strmap_free(tt.ids);
  arena_free(tmp);
  x->nterms = tt.n;

  /* 2. document frequencies over segments: a word that recurs in every
        sentence of a long clause is not thereby rare */
  size_t *df = xcalloc(tt.n + 1, sizeof *df);
  for (size_t k = 0; k < x->nseg; k++)
    for (size_t i = 0; i < nsraw[k]; i++)
      if (i == 0 || sraw[k][i] != sraw[k][i - 1]) df[sraw[k][i]]++;

  /* 3. weights, 4. postings */
  x->sv = xcalloc(x->nseg + 1, sizeof *x->sv);
  weigh(x->v, raw, nraw, x->n, df, x->nseg, tt.kind);
  weigh(x->sv, sraw, nsraw, x->nseg, df, x->nseg, tt.kind);
  free(raw);
  free(nraw);
  free(sraw);
  free(nsraw);
  free(df);
  free(tt.kind);
  inv_build(&x->cpost, x->v, x->n, x->nterms, o->max_postings);
  inv_build(&x->spost, x->sv, x->nseg, x->nterms, o->max_postings);
  return x;
}

void align_index_free(align_index *x) {
  if (!x) return;
  for (size_t k = 0; k < x->n; k++) free(x->v[k].e);
  for (size_t k = 0; k < x->nseg; k++) free(x->sv[k].e);
  inv_free(&x->cpost, x->nterms);
  inv_free(&x->spost, x->nterms);
  free(x->v);
  free(x->sv);
  free(x->seg_owner);
  free(x->seg_first);
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

/* The pair score of clause numbers A and B (see ALIGN_CLAUSE_WEIGHT). */
static double pair_score(const align_index *x, size_t a, size_t b) {
  double best = 0;
  for (size_t i = x->seg_first[a]; i < x->seg_first[a + 1]; i++)
    for (size_t j = x->seg_first[b]; j < x->seg_first[b + 1]; j++) {
      double s = dot(&x->sv[i], &x->sv[j]);
      if (s > best) best = s;
    }
  double s = ALIGN_CLAUSE_WEIGHT * dot(&x->v[a], &x->v[b]) + (1 - ALIGN_CLAUSE_WEIGHT) * best;
  return s > 1 ? 1 : s;
}

static size_t clause_number(const align_index *x, const cc_clause *cl) {
  return x->doc_offset[cl->doc->index] + cl->index;
}

double align_index_similarity(const align_index *x, const cc_clause *a, const cc_clause *b) {
  return pair_score(x, clause_number(x, a), clause_number(x, b));
}

/* ---- candidates, scoring, assignment ------------------------------------ */

typedef struct cand {
  uint32_t unit;
  double acc;
} cand;

static int cmp_cand(const void *pa, const void *pb) {
  const cand *a = pa, *b = pb;
  if (a->acc != b->acc) return a->acc > b->acc ? -1 : 1;
  return a->unit < b->unit ? -1 : a->unit > b->unit;
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

/* scratch space for gather(), reused across queries */
typedef struct gather_ws {
  double *acc;   /* per unit, all zero between queries */
  cand *touched;
  term_w *q;
  size_t capq;
} gather_ws;

/* The KEEP units (clauses, or segments when OWNER maps segments to their
 * clauses) of councils other than SELF that accumulate the highest partial
 * dot product with V over V's TOP_TERMS heaviest terms, in G->touched,
 * best first; returns how many. Work is bounded by TOP_TERMS x the
 * postings kept per term. */
static size_t gather(const align_index *x, const vec *v, const inv *ix, const uint32_t *owner,
                     uint32_t self, size_t top_terms, size_t keep, gather_ws *g,
                     size_t *postings) {
  if (v->n > g->capq) {
    g->capq = v->n;
    free(g->q);
    g->q = xcalloc(g->capq, sizeof *g->q);
  }
  if (v->n) memcpy(g->q, v->e, v->n * sizeof *g->q);
  qsort(g->q, v->n, sizeof *g->q, cmp_tw_weight);
  size_t nq = v->n < top_terms ? v->n : top_terms, nt = 0;
  for (size_t i = 0; i < nq; i++) {
    const posting *p = ix->post[g->q[i].term];
    size_t np = ix->npost[g->q[i].term];
    *postings += np;
    for (size_t j = 0; j < np; j++) {
      uint32_t u = p[j].unit;
      if (x->council[owner ? owner[u] : u] == self) continue;
      if (g->acc[u] == 0) g->touched[nt++].unit = u;
      g->acc[u] += g->q[i].w * p[j].w;
    }
  }
  for (size_t i = 0; i < nt; i++) {
    g->touched[i].acc = g->acc[g->touched[i].unit];
    g->acc[g->touched[i].unit] = 0;
  }
  qsort(g->touched, nt, sizeof *g->touched, cmp_cand);
  return nt < keep ? nt : keep;
}

void align_run(const align_index *x, const align_opts *o, align_result *r) {
  memset(r, 0, sizeof *r);
  r->nclauses = x->n;
  r->ncouncils = x->corpus->ndocs;
  for (size_t d = 0; d < x->corpus->ndocs; d++) {
    size_t nd = x->doc_offset[d + 1] - x->doc_offset[d];
    r->cross_pairs += nd * (x->n - x->doc_offset[d + 1]);
  }
  size_t units = (x->n > x->nseg ? x->n : x->nseg) + 1;
  gather_ws g = {xcalloc(units, sizeof(double)), xcalloc(units, sizeof(cand)), NULL, 0};
  size_t caps = 0;
  pairmap seen = {NULL, NULL, 0, 0};
  uint32_t *cands = xcalloc(o->max_candidates + 1, sizeof *cands);
  size_t capc = o->max_candidates + 1;
  for (size_t k = 0; k < x->n; k++) {
    /* candidates: the clause's best-accumulating clauses, then for each of
       its segments the clauses owning the best-accumulating segments */
    size_t nc = 0;
    size_t nt = gather(x, &x->v[k], &x->cpost, NULL, x->council[k], o->top_terms,
                       o->max_candidates, &g, &r->postings);
    for (size_t i = 0; i < nt; i++) cands[nc++] = g.touched[i].unit;
    for (size_t sg = x->seg_first[k]; sg < x->seg_first[k + 1]; sg++) {
      nt = gather(x, &x->sv[sg], &x->spost, x->seg_owner, x->council[k], o->top_terms,
                  o->max_seg_candidates, &g, &r->postings);
      if (nc + nt > capc) {
        capc = 2 * (nc + nt);
        cands = xrealloc(cands, capc * sizeof *cands);
      }
      for (size_t i = 0; i < nt; i++) cands[nc++] = x->seg_owner[g.touched[i].unit];
    }
    for (size_t i = 0; i < nc; i++) {
      uint32_t c = cands[i];
      uint64_t key = pair_key((uint32_t)k, c);
      if (pm_get(&seen, key, NULL)) continue;
      double s = pair_score(x, k, c);
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
  free(cands);
  free(g.q);
  free(g.acc);
  free(g.touched);
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
