/* align.c - BM25 vectors of clauses and segments, impact-ordered inverted
 * indexes, candidate generation, pair scoring, few-to-few assignment and
 * the audit (see align.h). */
#include "link/align.h"
#include "link/align_text.h"
#include "link/align_topics.h"
#include "link/align_vec.h"
#include "base/buf.h"
#include "base/parallel.h"
#include "base/strmap.h"

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
  uint32_t council; /* the unit's council, to skip the query's own */
  double w;
} posting;

typedef align_vec vec; /* align_vec.h */

/* An impact-ordered inverted index over one kind of unit (clauses or
 * segments). */
typedef struct inv {
  posting **post;
  size_t *npost;
} inv;

/* Units are provisions (or clauses, with opts.provisions 0); below, as
 * in the method's description, "clause" names a unit. */
struct align_index {
  const cc_corpus *corpus;
  size_t n;                  /* units */
  cc_provision *units;       /* corpus order (document, clause, item) */
  uint32_t *council;         /* document index of each unit */
  size_t *doc_offset;        /* first unit number of each document */
  size_t nclauses;
  size_t *doc_clause;        /* first clause number of each document */
  size_t *clause_unit;       /* first unit of each clause (corpus order);
                                [nclauses] = n */
  vec *v;                    /* unit vectors */
  size_t nseg;               /* segments (sentences, sub-items) */
  vec *sv;                   /* segment vectors */
  uint32_t *seg_owner;       /* unit number of each segment */
  size_t *seg_first;         /* first segment of each unit; [n] = nseg */
  size_t nterms;
  inv cpost, spost;          /* postings of clauses, of segments */
  align_topics topics;       /* the taxonomy as a pivot (empty when off) */
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
  o->ratio = 0; /* the pivot lets a list clause match several clauses of
                   one council, so no few-to-few step */
  o->top_terms = 24;
  o->max_postings = 64;
  o->max_candidates = 24;
  o->max_seg_candidates = 8;
  o->max_per_clause = ALIGN_DEFAULT_MAX_PER_CLAUSE;
  o->use_taxonomy = 1;
  o->topic_weight = ALIGN_TOPIC_WEIGHT;
  o->topic_min_sim = ALIGN_TOPIC_MIN_SIM;
  o->max_topic_candidates = 16;
  o->threads = 1;
  o->provisions = 1;
  o->context = 1;
}

void align_opts_text_only(align_opts *o) {
  o->use_taxonomy = 0;
  o->min_score = ALIGN_TEXT_MIN_SCORE;
  o->ratio = 0.5;
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

/* Term ids. Words are looked up by string; an adjacent pair by its two
 * word ids and a word's 4-grams through the word's id (both cached), so
 * each distinct pair and word is spelt out once. Ids are given in order of
 * first appearance, exactly as if every feature were looked up by its
 * string, so the build is deterministic. */
typedef struct termtab {
  strmap *ids;
  unsigned char *kind; /* KIND_* of each term id */
  size_t n, cap;
  pairmap pairs;       /* ordered pair (word id, word id) + 1 -> its
                          term id (exact in a double) */
  uint32_t *gstart, *gcount; /* by word id: its 4-grams in grams[] */
  uint32_t *grams;
  size_t ngrams, capgrams;
} termtab;

static uint32_t term_id(termtab *tt, const char *key, int kind) {
  void *v = strmap_get(tt->ids, key);
  if (v) return (uint32_t)((uintptr_t)v - 1);
  strmap_put(tt->ids, key, (void *)(uintptr_t)(tt->n + 1));
  if (tt->n == tt->cap) {
    tt->cap = tt->cap ? tt->cap * 2 : 1024;
    tt->kind = xrealloc(tt->kind, tt->cap);
    tt->gstart = xrealloc(tt->gstart, tt->cap * sizeof *tt->gstart);
    tt->gcount = xrealloc(tt->gcount, tt->cap * sizeof *tt->gcount);
  }
  tt->kind[tt->n] = (unsigned char)kind;
  tt->gstart[tt->n] = 0;
  tt->gcount[tt->n] = UINT32_MAX; /* 4-grams not listed yet */
  return (uint32_t)tt->n++;
}

/* The id of the adjacent pair "A B" of word ids A and B. */
static uint32_t bigram_id(termtab *tt, char *const *t, size_t i, uint32_t a, uint32_t b) {
  uint64_t k = ((uint64_t)a << 32 | b) + 1; /* ordered, unlike pair_key */
  double known;
  if (pm_get(&tt->pairs, k, &known)) return (uint32_t)known;
  buf b2 = BUF_INIT;
  buf_puts(&b2, t[i]);
  buf_putc(&b2, ' ');
  buf_puts(&b2, t[i + 1]);
  uint32_t id = term_id(tt, buf_cstr(&b2), KIND_BIGRAM);
  buf_free(&b2);
  pm_put(&tt->pairs, k, id);
  return id;
}

/* Lists the 4-grams of word W (id WID) in tt->grams, once per word. */
static void word_grams(termtab *tt, const char *w0, uint32_t wid) {
  if (tt->gcount[wid] != UINT32_MAX) return;
  buf b = BUF_INIT;
  buf_putc(&b, '_');
  buf_puts(&b, w0);
  buf_putc(&b, '_');
  const char *w = buf_cstr(&b);
  size_t len = strlen(w), start = tt->ngrams;
  char g[ALIGN_GRAM_LEN + 2];
  g[0] = '#'; /* words never start with '#' */
  for (size_t k = 0; k + ALIGN_GRAM_LEN <= len; k++) {
    memcpy(g + 1, w + k, ALIGN_GRAM_LEN);
    g[ALIGN_GRAM_LEN + 1] = '\0';
    uint32_t id = term_id(tt, g, KIND_GRAM);
    if (tt->ngrams == tt->capgrams) {
      tt->capgrams = tt->capgrams ? tt->capgrams * 2 : 4096;
      tt->grams = xrealloc(tt->grams, tt->capgrams * sizeof *tt->grams);
    }
    tt->grams[tt->ngrams++] = id;
  }
  buf_free(&b);
  tt->gstart[wid] = (uint32_t)start;
  tt->gcount[wid] = (uint32_t)(tt->ngrams - start);
}

static void termtab_free(termtab *tt) {
  strmap_free(tt->ids);
  free(tt->kind);
  pm_free(&tt->pairs);
  free(tt->gstart);
  free(tt->gcount);
  free(tt->grams);
}

/* Feature ids of the terms T[0..NT) (words, adjacent pairs, character
 * 4-grams of each word with "_" marking its ends), repeats kept
 * (= counts), not sorted yet (sort_features). */
static uint32_t *features_of_terms(termtab *tt, char **t, size_t nt, size_t *nout) {
  size_t cap = 2 * nt + 1;
  for (size_t i = 0; i < nt; i++) cap += strlen(t[i]) + 2;
  uint32_t *f = xcalloc(cap, sizeof *f);
  size_t n = 0;
  for (size_t i = 0; i < nt; i++) f[n++] = term_id(tt, t[i], KIND_WORD);
  for (size_t i = 0; i + 1 < nt; i++) {
    uint32_t id = bigram_id(tt, t, i, f[i], f[i + 1]);
    f[n++] = id;
  }
  for (size_t i = 0; i < nt; i++) {
    uint32_t wid = f[i];
    word_grams(tt, t[i], wid);
    for (uint32_t j = 0; j < tt->gcount[wid]; j++) f[n++] = tt->grams[tt->gstart[wid] + j];
  }
  *nout = n;
  return f;
}

/* Average length of the NUNITS feature lists, for BM25. */
static double avg_len(const size_t *nraw, size_t nunits) {
  double avg = 0;
  for (size_t k = 0; k < nunits; k++) avg += (double)nraw[k];
  return nunits && avg > 0 ? avg / (double)nunits : 1;
}

/* idf of every term from its DF over NDF units, computed once per term. */
static double *idf_table(const size_t *df, size_t nterms, size_t ndf) {
  double *idf = xcalloc(nterms + 1, sizeof *idf);
  for (size_t t = 0; t < nterms; t++) {
    double d = df[t] ? (double)df[t] : 1;
    idf[t] = log(1 + ((double)ndf - d + 0.5) / (d + 0.5));
  }
  return idf;
}

/* Sorts A[0..N) ascending (qsort without a call per comparison: the
 * feature lists hold some ten million ids). */
static void sort_u32(uint32_t *a, size_t n) {
  while (n > 16) {
    uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
    uint32_t piv = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    size_t i = 0, j = n - 1;
    for (;;) { /* Hoare partition */
      while (a[i] < piv) i++;
      while (a[j] > piv) j--;
      if (i >= j) break;
      uint32_t t = a[i];
      a[i++] = a[j];
      a[j--] = t;
    }
    /* [0, j] <= piv <= [j + 1, n): recurse on the smaller side */
    if (j + 1 < n - j - 1) {
      sort_u32(a, j + 1);
      a += j + 1;
      n -= j + 1;
    } else {
      sort_u32(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  for (size_t i = 1; i < n; i++) {
    uint32_t v = a[i];
    size_t j = i;
    while (j > 0 && a[j - 1] > v) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = v;
  }
}

/* Room for the vectors of each clause and of its segments in one block,
 * term ids together and weights together: scoring a candidate then reads
 * one contiguous run of memory, not one allocation per segment. The block
 * is owned by the clause vector (v[k].w is its start). */
static void place_vectors(align_index *x, const size_t *nraw, const size_t *nsraw) {
  for (size_t k = 0; k < x->n; k++) {
    size_t total = nraw[k] + 1;
    for (size_t sg = x->seg_first[k]; sg < x->seg_first[k + 1]; sg++) total += nsraw[sg] + 1;
    unsigned char *block = xcalloc(total, sizeof(double) + sizeof(uint32_t));
    double *w = (double *)(void *)block; /* weights first: aligned */
    uint32_t *t = (uint32_t *)(void *)(block + total * sizeof(double));
    x->v[k].w = w;
    x->v[k].t = t;
    w += nraw[k] + 1;
    t += nraw[k] + 1;
    for (size_t sg = x->seg_first[k]; sg < x->seg_first[k + 1]; sg++) {
      x->sv[sg].w = w;
      x->sv[sg].t = t;
      w += nsraw[sg] + 1;
      t += nsraw[sg] + 1;
    }
  }
}

/* BM25 weights of unit K, idf from DF over NDF units, L2-normalised so a
 * dot product is a cosine in [0,1]. RAW (sorted) is freed. */
static void weigh_unit(vec *v, uint32_t *raw, size_t nraw, double avg, const double *idft,
                       const unsigned char *kind) {
  v->n = 0; /* v->w and v->t have room for NRAW entries (place_vectors) */
  double norm = 0, lnorm = 1 - ALIGN_BM25_B + ALIGN_BM25_B * (double)nraw / avg;
  for (size_t i = 0; i < nraw;) {
    size_t j = i;
    while (j < nraw && raw[j] == raw[i]) j++;
    uint32_t t = raw[i];
    double tf = (double)(j - i), idf = idft[t];
    double w = idf * tf * (ALIGN_BM25_K1 + 1) / (tf + ALIGN_BM25_K1 * lnorm);
    if (kind[t] == KIND_BIGRAM) w *= ALIGN_BIGRAM_WEIGHT;
    else if (kind[t] == KIND_GRAM) w *= ALIGN_GRAM_WEIGHT;
    if (w > 0) {
      v->t[v->n] = t;
      v->w[v->n] = w;
      v->n++;
      norm += w * w;
    }
    i = j;
  }
  norm = sqrt(norm);
  for (size_t i = 0; i < v->n; i++) v->w[i] /= norm;
  free(raw);
}

/* Sifts P[i] down the heap P[0..n) whose root is the *worst* posting
 * under cmp_posting (the one that would sort last). */
static void post_sift(posting *p, size_t n, size_t i) {
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && cmp_posting(&p[l], &p[m]) > 0) m = l;
    if (r < n && cmp_posting(&p[r], &p[m]) > 0) m = r;
    if (m == i) return;
    posting t = p[i];
    p[i] = p[m];
    p[m] = t;
    i = m;
  }
}

/* Postings, impact-ordered (highest weight first, ties by unit) and cut
 * to max_postings (the cap L of docs/aligner.md): a term shared by very
 * many units says little and would make lookups quadratic. A term's
 * postings are streamed through a bounded heap of its L best, so memory
 * is sum(min(df, L)) postings, not every occurrence of every feature, and
 * the result is exactly the first L of the fully sorted list. */
static void inv_build(inv *ix, const vec *v, size_t nunits, const uint32_t *council, size_t nterms,
                      size_t max_postings) {
  ix->npost = xcalloc(nterms + 1, sizeof *ix->npost);
  ix->post = xcalloc(nterms + 1, sizeof *ix->post);
  size_t *df = xcalloc(nterms + 1, sizeof *df);
  for (size_t k = 0; k < nunits; k++)
    for (size_t i = 0; i < v[k].n; i++) df[v[k].t[i]]++;
  for (size_t t = 0; t < nterms; t++) {
    size_t cap = max_postings && df[t] > max_postings ? max_postings : df[t];
    ix->post[t] = xcalloc(cap + 1, sizeof(posting));
    df[t] = cap; /* from here: the room for term t's postings */
  }
  for (size_t k = 0; k < nunits; k++)
    for (size_t i = 0; i < v[k].n; i++) {
      uint32_t t = v[k].t[i];
      posting p = {(uint32_t)k, council[k], v[k].w[i]}, *h = ix->post[t];
      size_t cap = df[t];
      if (ix->npost[t] < cap) {
        h[ix->npost[t]++] = p;
        if (ix->npost[t] == cap && max_postings && cap == max_postings)
          for (size_t j = cap / 2; j-- > 0;) post_sift(h, cap, j);
      } else if (cmp_posting(&p, &h[0]) < 0) {
        /* units come in increasing order, so an equal weight never
           displaces an earlier unit: ties keep the lower unit, as the
           full sort would */
        h[0] = p;
        post_sift(h, cap, 0);
      }
    }
  free(df);
  for (size_t t = 0; t < nterms; t++) qsort(ix->post[t], ix->npost[t], sizeof(posting), cmp_posting);
}

static void inv_free(inv *ix, size_t nterms) {
  if (ix->post)
    for (size_t t = 0; t < nterms; t++) free(ix->post[t]);
  free(ix->post);
  free(ix->npost);
}

/* The terms of one clause and of its segments (a segment of fewer than
 * ALIGN_SEG_MIN_TERMS words, such as "In particular:" or a heading, joins
 * the next: alone it would match any clause using the same two words;
 * segments without terms are dropped). */
typedef struct clause_terms {
  char **t;
  size_t nt;
  char ***st;
  size_t *nst, nseg;
} clause_terms;

/* Jobs of the index build: blocks of units, each writing only its own
 * units' slots. */
typedef struct build_ctx {
  align_index *x;
  const char **whole;      /* tokens: by unit, the text of its vector */
  const char **own;        /* tokens: by unit, the text of its segments */
  size_t block, nunits;
  clause_terms *ct;        /* tokens: by clause */
  arena **arenas;          /* tokens: by job */
  uint32_t **raw;          /* weights: feature lists of the units */
  size_t *nraw;
  vec *v;
  double avg;
  const double *idf;        /* by term */
  const unsigned char *kind;
  size_t max_postings;     /* postings: job 0 clauses, job 1 segments */
} build_ctx;

static void job_tokens(void *vctx, size_t job) {
  build_ctx *bc = vctx;
  align_index *x = bc->x;
  size_t lo = job * bc->block, hi = lo + bc->block < x->n ? lo + bc->block : x->n;
  arena *a = bc->arenas[job] = arena_new();
  for (size_t k = lo; k < hi; k++) {
    clause_terms *ct = &bc->ct[k];
    const char *text = bc->own[k];
    ct->t = align_text_terms(a, bc->whole[k], &ct->nt);
    size_t ns = 0;
    char **segs = align_text_segments(a, text, &ns);
    ct->st = arena_alloc(a, (ns + 1) * sizeof *ct->st);
    ct->nst = arena_alloc(a, (ns + 1) * sizeof *ct->nst);
    buf pend = BUF_INIT;
    for (size_t i = 0; i < ns; i++) {
      if (pend.len) buf_putc(&pend, ' ');
      buf_puts(&pend, segs[i]);
      size_t nw = 0;
      char **tw = align_text_terms(a, buf_cstr(&pend), &nw);
      if (nw < ALIGN_SEG_MIN_TERMS && i + 1 < ns) continue;
      buf_clear(&pend);
      if (!nw) continue; /* punctuation or numbers only */
      ct->st[ct->nseg] = tw;
      ct->nst[ct->nseg++] = nw;
    }
    buf_free(&pend);
  }
}

static void job_weigh(void *vctx, size_t job) {
  build_ctx *bc = vctx;
  size_t lo = job * bc->block, hi = lo + bc->block < bc->nunits ? lo + bc->block : bc->nunits;
  for (size_t k = lo; k < hi; k++) {
    sort_u32(bc->raw[k], bc->nraw[k]);
    weigh_unit(&bc->v[k], bc->raw[k], bc->nraw[k], bc->avg, bc->idf, bc->kind);
  }
}

static void job_postings(void *vctx, size_t job) {
  build_ctx *bc = vctx;
  align_index *x = bc->x;
  if (job == 0) {
    inv_build(&x->cpost, x->v, x->n, x->council, x->nterms, bc->max_postings);
  } else {
    uint32_t *sc = xcalloc(x->nseg + 1, sizeof *sc);
    for (size_t k = 0; k < x->nseg; k++) sc[k] = x->council[x->seg_owner[k]];
    inv_build(&x->spost, x->sv, x->nseg, sc, x->nterms, bc->max_postings);
    free(sc);
  }
}

/* Blocks of about BLOCK units for THREADS threads: a few per thread
 * balance the load; the partition changes no result. */
static size_t blocks_for(size_t n, int threads, size_t *block) {
  size_t nb = (size_t)(threads > 0 ? threads : 1) * 8;
  if (nb > n) nb = n ? n : 1;
  *block = (n + nb - 1) / nb;
  if (!*block) *block = 1;
  return (n + *block - 1) / *block;
}

static void weigh_all(build_ctx *bc, vec *v, uint32_t **raw, size_t *nraw, size_t nunits,
                      int threads) {
  bc->v = v;
  bc->raw = raw;
  bc->nraw = nraw;
  bc->nunits = nunits;
  bc->avg = avg_len(nraw, nunits);
  size_t nb = blocks_for(nunits, threads, &bc->block);
  parallel_run(nb, threads, job_weigh, bc);
}

/* The sub-items of CL's lists (top level; a nested item's words are in
 * its parent's text), or 0 when CL has none or UNITS is 0. */
static size_t clause_items(const cc_clause *cl, int units, const cc_item **out) {
  size_t n = 0;
  if (!units) return 0;
  for (const cc_block *b = cl->blocks; b; b = b->next)
    if (b->kind == CC_BLK_LIST)
      for (const cc_item *it = b->items; it; it = it->next) {
        if (out) out[n] = it;
        n++;
      }
  return n;
}

/* The lead-in of a list clause: its heading and every block but its
 * lists (the words around the items), in arena A. */
static const char *clause_lead_in(arena *a, const cc_clause *cl) {
  buf b = BUF_INIT;
  if (cl->heading_text) buf_puts(&b, cl->heading_text);
  for (const cc_block *bl = cl->blocks; bl; bl = bl->next) {
    if (bl->kind == CC_BLK_LIST) continue;
    char *t = bl->kind == CC_BLK_PARA ? model_inlines_text(a, bl->inlines)
                                      : model_blocks_text(a, bl->children);
    if (b.len) buf_putc(&b, '\n');
    buf_puts(&b, t);
  }
  char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

align_index *align_index_build(const cc_corpus *c, const align_opts *o) {
  align_index *x = xcalloc(1, sizeof *x);
  int threads = o->threads > 0 ? o->threads : 1;
  x->corpus = c;
  x->doc_offset = xcalloc(c->ndocs + 1, sizeof(size_t));
  /* 0. the units: a clause without sub-items, or each sub-item of a
        list clause (from the structure only, never the annotations) */
  x->doc_clause = xcalloc(c->ndocs + 1, sizeof(size_t));
  for (size_t d = 0; d < c->ndocs; d++) {
    x->doc_offset[d] = x->n;
    x->doc_clause[d] = x->nclauses;
    x->nclauses += c->docs[d]->nclauses;
    for (size_t j = 0; j < c->docs[d]->nclauses; j++) {
      size_t ni = clause_items(c->docs[d]->clauses[j], o->provisions, NULL);
      x->n += ni ? ni : 1;
    }
  }
  x->doc_offset[c->ndocs] = x->n;
  x->units = xcalloc(x->n + 1, sizeof *x->units);
  x->council = xcalloc(x->n + 1, sizeof *x->council);
  x->clause_unit = xcalloc(x->nclauses + 1, sizeof *x->clause_unit);
  x->v = xcalloc(x->n + 1, sizeof *x->v);
  x->seg_first = xcalloc(x->n + 1, sizeof *x->seg_first);
  build_ctx bc;
  memset(&bc, 0, sizeof bc);
  bc.x = x;
  bc.whole = xcalloc(x->n + 1, sizeof *bc.whole);
  bc.own = xcalloc(x->n + 1, sizeof *bc.own);
  arena *lead = arena_new();
  for (size_t d = 0, k = 0, ci = 0; d < c->ndocs; d++)
    for (size_t j = 0; j < c->docs[d]->nclauses; j++, ci++) {
      cc_clause *cl = c->docs[d]->clauses[j];
      x->clause_unit[ci] = k;
      size_t ni = clause_items(cl, o->provisions, NULL);
      if (!ni) {
        x->units[k] = (cc_provision){cl, NULL};
        x->council[k] = (uint32_t)d;
        bc.whole[k] = bc.own[k] = cl->text ? cl->text : "";
        k++;
        continue;
      }
      const cc_item **items = xcalloc(ni, sizeof *items);
      clause_items(cl, 1, items);
      const char *li = o->context ? clause_lead_in(lead, cl) : "";
      for (size_t i = 0; i < ni; i++, k++) {
        const char *t = items[i]->text ? items[i]->text : "";
        x->units[k] = (cc_provision){cl, (cc_item *)items[i]};
        x->council[k] = (uint32_t)d;
        bc.own[k] = t;
        bc.whole[k] = *li ? arena_printf(lead, "%s\n%s", li, t) : t;
      }
      free(items);
    }
  x->clause_unit[x->nclauses] = x->n;

  /* 1. terms of each unit and of its segments (in parallel), then
        feature ids in corpus order (ids are given in order of first
        appearance, so this part is sequential) */
  bc.ct = xcalloc(x->n + 1, sizeof *bc.ct);
  size_t nb = blocks_for(x->n, threads, &bc.block);
  bc.arenas = xcalloc(nb + 1, sizeof *bc.arenas);
  parallel_run(nb, threads, job_tokens, &bc);
  termtab tt;
  memset(&tt, 0, sizeof tt);
  tt.ids = strmap_new();
  uint32_t **raw = xcalloc(x->n + 1, sizeof *raw);
  size_t *nraw = xcalloc(x->n + 1, sizeof *nraw);
  for (size_t k = 0; k < x->n; k++) x->nseg += bc.ct[k].nseg;
  uint32_t **sraw = xcalloc(x->nseg + 1, sizeof *sraw);
  size_t *nsraw = xcalloc(x->nseg + 1, sizeof *nsraw);
  x->seg_owner = xcalloc(x->nseg + 1, sizeof *x->seg_owner);
  for (size_t k = 0, sg = 0; k < x->n; k++) {
    const clause_terms *ct = &bc.ct[k];
    raw[k] = features_of_terms(&tt, ct->t, ct->nt, &nraw[k]);
    x->seg_first[k] = sg;
    for (size_t i = 0; i < ct->nseg; i++, sg++) {
      sraw[sg] = features_of_terms(&tt, ct->st[i], ct->nst[i], &nsraw[sg]);
      x->seg_owner[sg] = (uint32_t)k;
    }
    if ((k + 1) % bc.block == 0 || k + 1 == x->n) { /* a block's terms are done with */
      arena_free(bc.arenas[k / bc.block]);
      bc.arenas[k / bc.block] = NULL;
    }
  }
  x->seg_first[x->n] = x->nseg;
  free(bc.arenas);
  free(bc.ct);
  free(bc.whole);
  free(bc.own);
  arena_free(lead);
  /* the taxonomy's topics, label and definition, as units of their own
     (after the clauses, so clause feature ids do not depend on them) */
  size_t ntop = o->use_taxonomy ? c->ntopics : 0;
  uint32_t **traw = xcalloc(ntop + 1, sizeof *traw);
  size_t *ntraw = xcalloc(ntop + 1, sizeof *ntraw);
  if (ntop) {
    arena *ta = arena_new();
    buf tb = BUF_INIT;
    for (size_t t = 0; t < ntop; t++) {
      const cc_topic *tp = c->topics[t];
      buf_clear(&tb);
      buf_printf(&tb, "%s.\n%s", tp->label ? tp->label : "", tp->definition ? tp->definition : "");
      size_t nw = 0;
      char **tw = align_text_terms(ta, buf_cstr(&tb), &nw);
      traw[t] = features_of_terms(&tt, tw, nw, &ntraw[t]);
    }
    buf_free(&tb);
    arena_free(ta);
  }
  x->nterms = tt.n;

  /* 2. document frequencies over segments: a word that recurs in every
        sentence of a long clause is not thereby rare (a segment's
        features are not sorted yet: count each term once per segment
        through a last-seen mark) */
  size_t *df = xcalloc(tt.n + 1, sizeof *df);
  uint32_t *last = xcalloc(tt.n + 1, sizeof *last); /* segment + 1 */
  for (size_t k = 0; k < x->nseg; k++)
    for (size_t i = 0; i < nsraw[k]; i++)
      if (last[sraw[k][i]] != k + 1) {
        last[sraw[k][i]] = (uint32_t)(k + 1);
        df[sraw[k][i]]++;
      }
  free(last);

  /* 3. weights (in parallel), 4. postings (the two indexes in parallel) */
  x->sv = xcalloc(x->nseg + 1, sizeof *x->sv);
  place_vectors(x, nraw, nsraw);
  double *idf = idf_table(df, tt.n, x->nseg);
  bc.idf = idf;
  bc.kind = tt.kind;
  weigh_all(&bc, x->v, raw, nraw, x->n, threads);
  weigh_all(&bc, x->sv, sraw, nsraw, x->nseg, threads);
  if (ntop) { /* topic vectors, then what each clause reads as */
    vec *tv = xcalloc(ntop, sizeof *tv);
    for (size_t t = 0; t < ntop; t++) {
      unsigned char *block = xcalloc(ntraw[t] + 1, sizeof(double) + sizeof(uint32_t));
      tv[t].w = (double *)(void *)block; /* as place_vectors */
      tv[t].t = (uint32_t *)(void *)(block + (ntraw[t] + 1) * sizeof(double));
    }
    weigh_all(&bc, tv, traw, ntraw, ntop, threads);
    align_topics_build(&x->topics, tv, ntop, x->nterms, x->v, x->sv, x->seg_first, x->n,
                       o->topic_min_sim, threads);
    for (size_t t = 0; t < ntop; t++) free(tv[t].w);
    free(tv);
  }
  free(traw);
  free(ntraw);
  free(raw);
  free(nraw);
  free(sraw);
  free(nsraw);
  free(df);
  free(idf);
  termtab_free(&tt);
  bc.max_postings = o->max_postings;
  parallel_run(2, threads, job_postings, &bc);
  return x;
}

void align_index_free(align_index *x) {
  if (!x) return;
  for (size_t k = 0; k < x->n; k++) free(x->v[k].w); /* with its segments' */
  inv_free(&x->cpost, x->nterms);
  inv_free(&x->spost, x->nterms);
  align_topics_free(&x->topics);
  free(x->v);
  free(x->sv);
  free(x->seg_owner);
  free(x->seg_first);
  free(x->units);
  free(x->clause_unit);
  free(x->doc_clause);
  free(x->council);
  free(x->doc_offset);
  free(x);
}

static double dot(const vec *a, const vec *b) {
  double s = 0;
  size_t i = 0, j = 0;
  while (i < a->n && j < b->n) {
    if (a->t[i] == b->t[j]) s += a->w[i++] * b->w[j++];
    else if (a->t[i] < b->t[j]) i++;
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

/* The number of CL among the corpus's clauses. */
static size_t clause_number(const align_index *x, const cc_clause *cl) {
  return x->doc_clause[cl->doc->index] + cl->index;
}

double align_index_similarity(const align_index *x, const cc_clause *a, const cc_clause *b) {
  size_t ca = clause_number(x, a), cb = clause_number(x, b);
  double best = 0;
  for (size_t i = x->clause_unit[ca]; i < x->clause_unit[ca + 1]; i++)
    for (size_t j = x->clause_unit[cb]; j < x->clause_unit[cb + 1]; j++) {
      double s = pair_score(x, i, j);
      if (s > best) best = s;
    }
  return best;
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

/* Moves the K first of BASE[0..N) under CMP (a total order: no two
 * elements compare equal) to BASE[0..K), sorted; the rest is left in no
 * particular order. The same K, in the same order, as qsort followed by
 * truncation, in O(N log K): a bounded heap whose root is the worst kept
 * element. */
static void select_top(void *base, size_t n, size_t size, size_t k,
                       int (*cmp)(const void *, const void *)) {
  char *b = base, tmp[32];
  if (k >= n || size > sizeof tmp) {
    qsort(base, n, size, cmp);
    return;
  }
  if (k == 0) return;
#define EL(i) (b + (i) * size)
#define SWAP(i, j) (memcpy(tmp, EL(i), size), memcpy(EL(i), EL(j), size), memcpy(EL(j), tmp, size))
  for (size_t r = k / 2; r-- > 0;)
    for (size_t i = r;;) { /* sift down: the root is the worst (largest) */
      size_t l = 2 * i + 1, m = i;
      if (l < k && cmp(EL(l), EL(m)) > 0) m = l;
      if (l + 1 < k && cmp(EL(l + 1), EL(m)) > 0) m = l + 1;
      if (m == i) break;
      SWAP(i, m);
      i = m;
    }
  for (size_t j = k; j < n; j++) {
    if (cmp(EL(j), EL(0)) >= 0) continue;
    SWAP(0, j);
    for (size_t i = 0;;) {
      size_t l = 2 * i + 1, m = i;
      if (l < k && cmp(EL(l), EL(m)) > 0) m = l;
      if (l + 1 < k && cmp(EL(l + 1), EL(m)) > 0) m = l + 1;
      if (m == i) break;
      SWAP(i, m);
      i = m;
    }
  }
#undef SWAP
#undef EL
  qsort(base, k, size, cmp);
}

/* scratch space for gather(), reused across the queries of one job */
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
 * postings kept per term (L), whatever the corpus size. */
static size_t gather(const vec *v, const inv *ix, uint32_t self, size_t top_terms, size_t keep,
                     gather_ws *g, size_t *postings) {
  if (v->n > g->capq) {
    g->capq = v->n;
    free(g->q);
    g->q = xcalloc(g->capq, sizeof *g->q);
  }
  for (size_t i = 0; i < v->n; i++) g->q[i] = (term_w){v->t[i], v->w[i]};
  size_t nq = v->n < top_terms ? v->n : top_terms, nt = 0;
  select_top(g->q, v->n, sizeof *g->q, nq, cmp_tw_weight);
#if defined(__GNUC__)
  /* start loading every list now: they lie anywhere in memory */
  for (size_t i = 0; i < nq; i++)
    for (size_t j = 0; j < ix->npost[g->q[i].term]; j += 4) __builtin_prefetch(ix->post[g->q[i].term] + j);
#endif
  for (size_t i = 0; i < nq; i++) {
    const posting *p = ix->post[g->q[i].term];
    size_t np = ix->npost[g->q[i].term];
    *postings += np;
    for (size_t j = 0; j < np; j++) {
      uint32_t u = p[j].unit;
      if (p[j].council == self) continue;
      if (g->acc[u] == 0) g->touched[nt++].unit = u;
      g->acc[u] += g->q[i].w * p[j].w;
    }
  }
  for (size_t i = 0; i < nt; i++) {
    g->touched[i].acc = g->acc[g->touched[i].unit];
    g->acc[g->touched[i].unit] = 0;
  }
  size_t kept = nt < keep ? nt : keep;
  select_top(g->touched, nt, sizeof *g->touched, kept, cmp_cand);
  return kept;
}

/* Scratch space for scoring every candidate of one clause K against it:
 * K's clause vector scattered over term ids, and for each term the list
 * of K's segments that carry it. A candidate's vectors are then walked
 * once (in increasing term order, so every dot product adds the same
 * products in the same order as dot(), and scores are bit-identical to
 * pair_score()), instead of once per segment of K. */
typedef struct score_ws {
  double *cw;      /* by term: weight in K's clause vector, 0 if absent */
  int32_t *shead;  /* by term: first entry of K's segments with it, -1 */
  struct sent {
    uint32_t seg;  /* K's segment, 0-based within K */
    int32_t next;
    double w;
  } *ent;
  size_t nent, capent;
  double *sacc;    /* by K's segment: dot with the current segment */
  size_t capsacc;
  /* When K has few segments (SEG_DENSE_MAX), its segment weights as
     dense rows instead of lists: term t's weights in K's segments are
     rows[row[t] x ns ...], and row 0, all zeros, stands for every term K
     lacks, so the loop has no branch (adding 0 x w leaves a non-negative
     sum unchanged, bit for bit). */
  uint32_t *row;   /* by term */
  double *rows;
  size_t nrows, caprows;
} score_ws;

#define SEG_DENSE_MAX 8

static void score_ws_init(score_ws *w, size_t nterms) {
  memset(w, 0, sizeof *w);
  w->cw = xcalloc(nterms + 1, sizeof *w->cw);
  w->shead = xmalloc((nterms + 1) * sizeof *w->shead);
  for (size_t t = 0; t <= nterms; t++) w->shead[t] = -1;
  w->row = xcalloc(nterms + 1, sizeof *w->row);
}

static void score_ws_free(score_ws *w) {
  free(w->cw);
  free(w->shead);
  free(w->ent);
  free(w->sacc);
  free(w->row);
  free(w->rows);
}

static void score_load(const align_index *x, size_t k, score_ws *w) {
  for (size_t i = 0; i < x->v[k].n; i++) w->cw[x->v[k].t[i]] = x->v[k].w[i];
  size_t ns = x->seg_first[k + 1] - x->seg_first[k];
  if (ns > w->capsacc) {
    w->capsacc = ns;
    free(w->sacc);
    w->sacc = xcalloc(ns, sizeof *w->sacc);
  }
  w->nent = 0;
  if (ns <= SEG_DENSE_MAX) {
    size_t total = 1;
    for (size_t i = 0; i < ns; i++) total += x->sv[x->seg_first[k] + i].n;
    if (total * ns > w->caprows) {
      w->caprows = 2 * total * ns;
      free(w->rows);
      w->rows = xcalloc(w->caprows, sizeof *w->rows);
    }
    memset(w->rows, 0, ns * sizeof *w->rows); /* row 0 */
    w->nrows = 1;
    for (size_t i = 0; i < ns; i++) {
      const vec *sv = &x->sv[x->seg_first[k] + i];
      for (size_t j = 0; j < sv->n; j++) {
        uint32_t t = sv->t[j];
        if (!w->row[t]) {
          w->row[t] = (uint32_t)w->nrows;
          memset(w->rows + w->nrows * ns, 0, ns * sizeof *w->rows);
          w->nrows++;
        }
        w->rows[w->row[t] * ns + i] = sv->w[j];
      }
    }
    return;
  }
  for (size_t i = 0; i < ns; i++) {
    const vec *sv = &x->sv[x->seg_first[k] + i];
    if (w->nent + sv->n > w->capent) {
      w->capent = 2 * (w->nent + sv->n);
      w->ent = xrealloc(w->ent, w->capent * sizeof *w->ent);
    }
    for (size_t j = 0; j < sv->n; j++) {
      uint32_t t = sv->t[j];
      w->ent[w->nent] = (struct sent){(uint32_t)i, w->shead[t], sv->w[j]};
      w->shead[t] = (int32_t)w->nent++;
    }
  }
}

static void score_unload(const align_index *x, size_t k, score_ws *w) {
  for (size_t i = 0; i < x->v[k].n; i++) w->cw[x->v[k].t[i]] = 0;
  for (size_t sg = x->seg_first[k]; sg < x->seg_first[k + 1]; sg++)
    for (size_t j = 0; j < x->sv[sg].n; j++) {
      w->shead[x->sv[sg].t[j]] = -1;
      w->row[x->sv[sg].t[j]] = 0;
    }
}

/* Asks the CPU to start loading clause C's term ids while the current
 * candidate is scored: candidates lie anywhere in memory, and scoring is
 * otherwise bound by waiting for them. */
static void prefetch_clause(const align_index *x, size_t c) {
#if defined(__GNUC__)
  /* the term ids of the clause and of its segments are one run
     (place_vectors) */
  const uint32_t *end = x->seg_first[c + 1] > x->seg_first[c]
                            ? x->sv[x->seg_first[c + 1] - 1].t + x->sv[x->seg_first[c + 1] - 1].n
                            : x->v[c].t + x->v[c].n;
  for (const uint32_t *p = x->v[c].t; p < end; p += 16) __builtin_prefetch(p);
#else
  (void)x;
  (void)c;
#endif
}

/* pair_score(x, k, c) for the clause K loaded in W. */
static double score_loaded(const align_index *x, size_t k, size_t c, const score_ws *w) {
  double cs = 0;
  const vec *vc = &x->v[c];
  /* terms K lacks add 0 x w: the same sum, bit for bit, without a
     branch that the CPU cannot predict */
  for (size_t i = 0; i < vc->n; i++) cs += w->cw[vc->t[i]] * vc->w[i];
  if (cs > 1) cs = 1;
  double bestseg = 0;
  size_t ns = x->seg_first[k + 1] - x->seg_first[k];
  for (size_t sg = x->seg_first[c]; sg < x->seg_first[c + 1]; sg++) {
    memset(w->sacc, 0, ns * sizeof *w->sacc);
    const vec *sv = &x->sv[sg];
    if (ns <= SEG_DENSE_MAX) {
      for (size_t j = 0; j < sv->n; j++) {
        const double *m = w->rows + w->row[sv->t[j]] * ns;
        for (size_t i = 0; i < ns; i++) w->sacc[i] += m[i] * sv->w[j];
      }
    } else {
      for (size_t j = 0; j < sv->n; j++)
        for (int32_t e = w->shead[sv->t[j]]; e >= 0; e = w->ent[e].next)
          w->sacc[w->ent[e].seg] += w->ent[e].w * sv->w[j];
    }
    for (size_t i = 0; i < ns; i++) {
      double s = w->sacc[i] > 1 ? 1 : w->sacc[i];
      if (s > bestseg) bestseg = s;
    }
  }
  double s = ALIGN_CLAUSE_WEIGHT * cs + (1 - ALIGN_CLAUSE_WEIGHT) * bestseg;
  return s > 1 ? 1 : s;
}

/* A clause's pair with a clause of COUNCIL: its SCORE and its place in
 * the best-first order (ORDER), for the few-to-few step. */
typedef struct best {
  uint32_t council, order;
  double score;
} best;

static int cmp_best(const void *pa, const void *pb) {
  const best *a = pa, *b = pb;
  if (a->council != b->council) return a->council < b->council ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* The best score in L[0..N) (one entry per council, by council) against
 * COUNCIL, 0 if none. */
static double best_of(const best *l, size_t n, uint32_t council) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (l[mid].council < council) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && l[lo].council == council ? l[lo].score : 0;
}

/* A scored pair by clause numbers (a < b), for sorting without following
 * pointers. */
typedef struct spair {
  double score;
  uint32_t a, b;
  int32_t via; /* the topic the pair's topic score came through, or -1 */
} spair;

/* Best first, ties in corpus order (clause numbers follow it): the order
 * of the output. */
static int cmp_spair(const void *pa, const void *pb) {
  const spair *x = pa, *y = pb;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  if (x->a != y->a) return x->a < y->a ? -1 : 1;
  return x->b < y->b ? -1 : x->b > y->b;
}

/* State shared by the jobs of align_run. Jobs are blocks of clauses; each
 * writes only its own clauses' slots, so results do not depend on the
 * number of threads. */
typedef struct run_ctx {
  const align_index *x;
  const align_opts *o;
  size_t block;        /* clauses per job */
  uint32_t **cands;    /* phase 1: candidates of each clause (repeats kept) */
  size_t *ncands;
  size_t *postings;    /* phase 1: postings visited, by job */
  uint32_t *partners;  /* phase 2: partners c > k of each clause k, sorted */
  size_t *pstart;      /* first partner of clause k; [n] = total */
  spair *scored;       /* phase 3: slot pstart[k] + i for partner i */
} run_ctx;

static void job_candidates(void *vctx, size_t job) {
  run_ctx *rc = vctx;
  const align_index *x = rc->x;
  const align_opts *o = rc->o;
  size_t lo = job * rc->block, hi = lo + rc->block < x->n ? lo + rc->block : x->n;
  size_t units = (x->n > x->nseg ? x->n : x->nseg) + 1;
  gather_ws g = {xcalloc(units, sizeof(double)), xcalloc(units, sizeof(cand)), NULL, 0};
  size_t post = 0;
  for (size_t k = lo; k < hi; k++) {
    /* the clause's best-accumulating clauses, then for each of its
       segments the clauses owning the best-accumulating segments */
    size_t nseg = x->seg_first[k + 1] - x->seg_first[k];
    const align_topics *tp = &x->topics;
    size_t ntk = tp->of ? tp->nof[k] : 0;
    size_t capc = o->max_candidates + nseg * o->max_seg_candidates +
                  ntk * o->max_topic_candidates + 1, nc = 0;
    uint32_t *cands = xmalloc(capc * sizeof *cands);
    size_t nt = gather(&x->v[k], &x->cpost, x->council[k], o->top_terms, o->max_candidates, &g,
                       &post);
    for (size_t i = 0; i < nt; i++) cands[nc++] = g.touched[i].unit;
    for (size_t sg = x->seg_first[k]; sg < x->seg_first[k + 1]; sg++) {
      nt = gather(&x->sv[sg], &x->spost, x->council[k], o->top_terms, o->max_seg_candidates, &g,
                  &post);
      for (size_t i = 0; i < nt; i++) cands[nc++] = x->seg_owner[g.touched[i].unit];
    }
    /* the clauses of other councils that read most like each topic this
       one reads as (bounded like the index lookups) */
    for (size_t i = 0; i < ntk; i++) {
      uint32_t t = tp->of[k][i].topic;
      for (size_t j = 0, took = 0; j < tp->nmembers[t] && took < o->max_topic_candidates; j++) {
        uint32_t m = tp->members[t][j];
        if (x->council[m] == x->council[k]) continue;
        cands[nc++] = m;
        took++;
      }
    }
    rc->cands[k] = cands;
    rc->ncands[k] = nc;
  }
  rc->postings[job] = post;
  free(g.q);
  free(g.acc);
  free(g.touched);
}

static void job_score(void *vctx, size_t job) {
  run_ctx *rc = vctx;
  const align_index *x = rc->x;
  size_t lo = job * rc->block, hi = lo + rc->block < x->n ? lo + rc->block : x->n;
  score_ws w;
  score_ws_init(&w, x->nterms);
  for (size_t k = lo; k < hi; k++) {
    if (rc->pstart[k] == rc->pstart[k + 1]) continue;
    score_load(x, k, &w);
    for (size_t i = rc->pstart[k]; i < rc->pstart[k + 1]; i++) {
      uint32_t c = rc->partners[i];
      if (i + 1 < rc->pstart[k + 1]) prefetch_clause(x, rc->partners[i + 1]);
      int32_t via = -1;
      double s = score_loaded(x, k, c, &w);
      if (x->topics.of) {
        double ts = align_topics_pair(&x->topics, k, c, &via);
        s = (1 - rc->o->topic_weight) * s + rc->o->topic_weight * ts;
      }
      rc->scored[i] = (spair){s, (uint32_t)k, c, via};
    }
    score_unload(x, k, &w);
  }
  score_ws_free(&w);
}

void align_run(const align_index *x, const align_opts *o, align_result *r) {
  memset(r, 0, sizeof *r);
  r->nclauses = x->nclauses;
  r->nunits = x->n;
  r->ncouncils = x->corpus->ndocs;
  for (size_t d = 0; d < x->corpus->ndocs; d++) {
    size_t nd = x->doc_offset[d + 1] - x->doc_offset[d];
    r->cross_pairs += nd * (x->n - x->doc_offset[d + 1]);
  }
  int threads = o->threads > 0 ? o->threads : 1;
  run_ctx rc = {x, o, 0, NULL, NULL, NULL, NULL, NULL, NULL};
  size_t nblocks = blocks_for(x->n, threads, &rc.block);

  /* 1. candidates of each clause */
  rc.cands = xcalloc(x->n + 1, sizeof *rc.cands);
  rc.ncands = xcalloc(x->n + 1, sizeof *rc.ncands);
  rc.postings = xcalloc(nblocks + 1, sizeof *rc.postings);
  parallel_run(nblocks, threads, job_candidates, &rc);
  for (size_t b = 0; b < nblocks; b++) r->postings += rc.postings[b];

  /* 2. the distinct unordered pairs, grouped by their first clause: a
     pair proposed from both sides is scored once */
  rc.pstart = xcalloc(x->n + 2, sizeof *rc.pstart);
  for (size_t k = 0; k < x->n; k++)
    for (size_t i = 0; i < rc.ncands[k]; i++) {
      uint32_t c = rc.cands[k][i];
      rc.pstart[(c < k ? c : k) + 1]++;
    }
  for (size_t k = 0; k < x->n; k++) rc.pstart[k + 1] += rc.pstart[k];
  rc.partners = xmalloc((rc.pstart[x->n] + 1) * sizeof *rc.partners);
  size_t *fill = xcalloc(x->n + 1, sizeof *fill);
  for (size_t k = 0; k < x->n; k++) {
    for (size_t i = 0; i < rc.ncands[k]; i++) {
      uint32_t c = rc.cands[k][i];
      size_t lo = c < k ? c : k, hi = c < k ? k : c;
      rc.partners[rc.pstart[lo] + fill[lo]++] = (uint32_t)hi;
    }
    free(rc.cands[k]);
  }
  free(rc.cands);
  free(rc.ncands);
  free(rc.postings);
  size_t np = 0; /* sort and de-duplicate each group, compacting in place */
  for (size_t k = 0; k < x->n; k++) {
    uint32_t *p = rc.partners + rc.pstart[k];
    size_t m = fill[k], u = 0;
    qsort(p, m, sizeof *p, cmp_u32);
    rc.pstart[k] = np;
    for (size_t i = 0; i < m; i++)
      if (u == 0 || p[i] != p[u - 1]) p[u++] = p[i];
    memmove(rc.partners + np, p, u * sizeof *p);
    np += u;
  }
  rc.pstart[x->n] = np;
  free(fill);

  /* 3. scores */
  r->nscored = np;
  spair *sp = xcalloc(np + 1, sizeof *sp);
  rc.scored = sp;
  parallel_run(nblocks, threads, job_score, &rc);
  free(rc.partners);
  free(rc.pstart);
  qsort(sp, np, sizeof *sp, cmp_spair);
  r->scored = xcalloc(np + 1, sizeof *r->scored);
  for (size_t i = 0; i < np; i++)
    r->scored[i] = (align_pair){sp[i].score, x->units[sp[i].a], x->units[sp[i].b],
                                sp[i].via >= 0 ? x->corpus->topics[sp[i].via] : NULL};

  /* 4. few-to-few assignment per pair of councils: a pair survives when
     it is within `ratio` of the best match of each of its clauses in the
     other's council; ratio 1 is one-to-one competitive linking. Each
     clause's pairs are listed by council, best first (the pairs come
     best first), and the first of each council is its best. */
  size_t *bstart = xcalloc(x->n + 2, sizeof *bstart);
  for (size_t i = 0; i < np; i++) {
    bstart[sp[i].a + 1]++;
    bstart[sp[i].b + 1]++;
  }
  for (size_t k = 0; k < x->n; k++) bstart[k + 1] += bstart[k];
  best *bl = xmalloc((2 * np + 1) * sizeof *bl);
  size_t *bfill = xcalloc(x->n + 1, sizeof *bfill);
  for (size_t i = 0; i < np; i++) {
    bl[bstart[sp[i].a] + bfill[sp[i].a]++] = (best){x->council[sp[i].b], (uint32_t)i, sp[i].score};
    bl[bstart[sp[i].b] + bfill[sp[i].b]++] = (best){x->council[sp[i].a], (uint32_t)i, sp[i].score};
  }
  for (size_t k = 0; k < x->n; k++) { /* by council, keeping the first (best) of each */
    best *l = bl + bstart[k];
    size_t m = bfill[k], u = 0;
    qsort(l, m, sizeof *l, cmp_best);
    for (size_t i = 0; i < m; i++)
      if (u == 0 || l[u - 1].council != l[i].council) l[u++] = l[i];
    bfill[k] = u;
  }
  r->ranked = xcalloc(np + 1, sizeof *r->ranked);
  size_t *rank = xcalloc(x->n + 1, sizeof *rank); /* pairs so far, by clause */
  for (size_t i = 0; i < np; i++) {
    uint32_t a = sp[i].a, b = sp[i].b;
    double score = sp[i].score;
    /* every pair is ranked, whatever min_score: a pair's fate depends
       only on better pairs, so the proposed pairs are the prefix of the
       ranking at or above min_score (and the audit sees the ranking) */
    double ba = best_of(bl + bstart[a], bfill[a], x->council[b]);
    double bb = best_of(bl + bstart[b], bfill[b], x->council[a]);
    if (score + 1e-12 < o->ratio * ba) continue;
    if (score + 1e-12 < o->ratio * bb) continue;
    /* each clause keeps its max_per_clause best pairs (pairs come best
       first, so a clause's rank is its count so far), and a pair is
       proposed when either of its clauses keeps it: where hundreds of
       councils make the same provision a clause gets its best matches,
       not every copy, and the output is at most max_per_clause x clauses.
       (Keeping only pairs both clauses keep would leave clauses whose
       best partners all rank them low with nothing at all.) */
    size_t ra = rank[a]++, rb = rank[b]++;
    if (o->max_per_clause && ra >= o->max_per_clause && rb >= o->max_per_clause) continue;
    r->ranked[r->nranked++] = i;
  }
  while (r->npairs < r->nranked && r->scored[r->ranked[r->npairs]].score >= o->min_score)
    r->npairs++;
  r->pairs = xcalloc(r->npairs + 1, sizeof *r->pairs);
  for (size_t i = 0; i < r->npairs; i++) r->pairs[i] = r->scored[r->ranked[i]];
  free(rank);
  free(sp);
  free(bl);
  free(bstart);
  free(bfill);
}

void align_result_free(align_result *r) {
  free(r->pairs);
  free(r->ranked);
  free(r->scored);
  memset(r, 0, sizeof *r);
}

/* ---- audit --------------------------------------------------------------- */

int align_provision_kind(const cc_provision *p) {
  if (p->item) return ALIGN_KIND_ITEM;
  return clause_items(p->clause, 1, NULL) ? ALIGN_KIND_LIST : ALIGN_KIND_CLAUSE;
}

const char *align_kind_name(int kind) {
  static const char *const names[ALIGN_NKINDS] = {"clause", "list", "item"};
  return kind >= 0 && kind < ALIGN_NKINDS ? names[kind] : "?";
}

int align_pair_kind(int ka, int kb) {
  if (ka > kb) { int t = ka; ka = kb; kb = t; }
  return ka * ALIGN_NKINDS - ka * (ka - 1) / 2 + (kb - ka);
}

const char *align_pair_kind_name(int pk) {
  /* by align_pair_kind: (clause,clause) (clause,list) (clause,item)
     (list,list) (list,item) (item,item); the finer provision first */
  static const char *const names[ALIGN_NPAIR_KINDS] = {
      "clause-clause", "list-clause", "item-clause", "list-list", "item-list", "item-item"};
  return pk >= 0 && pk < ALIGN_NPAIR_KINDS ? names[pk] : "?";
}

/* An annotated provision: its keys as written (so the audit also works
 * without a taxonomy) and its council. */
typedef struct aprov {
  cc_provision p;
  char **keys;
  size_t nkeys;
  int kind;
} aprov;

typedef struct audit_ctx {
  aprov *prov;
  size_t nprov, capprov;
  pairmap index;  /* clause or item pointer -> provision number */
  pairmap pairs;  /* pair_key(provision numbers) -> entry number */
  align_audit_pair *ent;
  unsigned char *seen; /* by entry: 1 once ranked */
  size_t nent, capent;
} audit_ctx;

static void add_prov(audit_ctx *ac, cc_clause *cl, cc_item *it, char **keys, size_t nkeys) {
  if (!nkeys) return;
  if (ac->nprov == ac->capprov) {
    ac->capprov = ac->capprov ? ac->capprov * 2 : 256;
    ac->prov = xrealloc(ac->prov, ac->capprov * sizeof *ac->prov);
  }
  cc_provision p = {cl, it};
  ac->prov[ac->nprov] = (aprov){p, keys, nkeys, align_provision_kind(&p)};
  pm_put(&ac->index, it ? (uint64_t)(uintptr_t)it : (uint64_t)(uintptr_t)cl, (double)ac->nprov);
  ac->nprov++;
}

static void add_items(audit_ctx *ac, cc_clause *cl, cc_block *b) {
  for (; b; b = b->next)
    if (b->kind == CC_BLK_LIST)
      for (cc_item *it = b->items; it; it = it->next) {
        add_prov(ac, cl, it, it->topic_keys.keys, it->topic_keys.n);
        add_items(ac, cl, it->blocks);
      }
    else if (b->kind == CC_BLK_QUOTE) add_items(ac, cl, b->children);
}

static int prov_share(const aprov *a, const aprov *b) {
  for (size_t i = 0; i < a->nkeys; i++)
    for (size_t j = 0; j < b->nkeys; j++)
      if (!strcmp(a->keys[i], b->keys[j])) return 1;
  return 0;
}

/* The annotated provisions covering unit U, most specific first: its
 * item (if annotated), its clause (if it has topics of its own). */
static size_t covers(const audit_ctx *ac, const cc_provision *u, size_t out[2]) {
  size_t n = 0;
  double v;
  if (u->item && pm_get(&ac->index, (uint64_t)(uintptr_t)u->item, &v)) out[n++] = (size_t)v;
  if (pm_get(&ac->index, (uint64_t)(uintptr_t)u->clause, &v)) out[n++] = (size_t)v;
  return n;
}

/* The entry of the pair of provisions X and Y, created if new. */
static size_t entry(audit_ctx *ac, size_t x, size_t y, int truth) {
  if (x > y) { size_t t = x; x = y; y = t; }
  uint64_t k = pair_key((uint32_t)x, (uint32_t)y);
  double v;
  if (pm_get(&ac->pairs, k, &v)) return (size_t)v;
  if (ac->nent == ac->capent) {
    ac->capent = ac->capent ? ac->capent * 2 : 256;
    ac->ent = xrealloc(ac->ent, ac->capent * sizeof *ac->ent);
    ac->seen = xrealloc(ac->seen, ac->capent);
  }
  ac->ent[ac->nent] = (align_audit_pair){0, ac->prov[x].p, ac->prov[y].p, NULL,
                                         align_pair_kind(ac->prov[x].kind, ac->prov[y].kind),
                                         truth, x, y};
  ac->seen[ac->nent] = 0;
  pm_put(&ac->pairs, k, (double)ac->nent);
  return ac->nent++;
}

/* The entries a pair of units stands for: every pair of provisions
 * covering them that shares a topic, or else the pair of their most
 * specific provisions. Returns how many (0: not judged). */
static size_t unit_pair_entries(audit_ctx *ac, const align_pair *p, size_t out[4]) {
  size_t ca[2], cb[2], na = covers(ac, &p->a, ca), nb = covers(ac, &p->b, cb), n = 0;
  if (!na || !nb) return 0;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (prov_share(&ac->prov[ca[i]], &ac->prov[cb[j]])) out[n++] = entry(ac, ca[i], cb[j], 1);
  if (!n) out[n++] = entry(ac, ca[0], cb[0], 0);
  return n;
}

static int cmp_missed(const void *pa, const void *pb) {
  const align_audit_pair *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  if (a->ia != b->ia) return a->ia < b->ia ? -1 : 1;
  return a->ib < b->ib ? -1 : a->ib > b->ib;
}

void align_audit_run(const align_result *r, const cc_corpus *c, align_audit *a) {
  memset(a, 0, sizeof *a);
  audit_ctx ac;
  memset(&ac, 0, sizeof ac);
  for (size_t d = 0; d < c->ndocs; d++)
    for (size_t j = 0; j < c->docs[d]->nclauses; j++) {
      cc_clause *cl = c->docs[d]->clauses[j];
      add_prov(&ac, cl, NULL, cl->topic_keys, cl->ntopic_keys);
      add_items(&ac, cl, cl->blocks);
    }
  a->provisions = ac.nprov;
  for (size_t i = 0; i < ac.nprov; i++) a->nprov_kind[ac.prov[i].kind]++;

  /* 1. true pairs, through each key's provisions */
  strmap *by_key = strmap_new();
  size_t **lists = NULL, *nlist = NULL, nkeys = 0, capkeys = 0;
  for (size_t i = 0; i < ac.nprov; i++)
    for (size_t k = 0; k < ac.prov[i].nkeys; k++) {
      void *v = strmap_get(by_key, ac.prov[i].keys[k]);
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
        strmap_put(by_key, ac.prov[i].keys[k], (void *)(uintptr_t)(ki + 1));
      } else {
        ki = (uintptr_t)v - 1;
      }
      if (nlist[ki] && lists[ki][nlist[ki] - 1] == i) continue; /* key repeated */
      lists[ki] = xrealloc(lists[ki], (nlist[ki] + 1) * sizeof **lists);
      lists[ki][nlist[ki]++] = i;
    }
  for (size_t ki = 0; ki < nkeys; ki++) {
    for (size_t i = 0; i < nlist[ki]; i++)
      for (size_t j = i + 1; j < nlist[ki]; j++) {
        const aprov *x = &ac.prov[lists[ki][i]], *y = &ac.prov[lists[ki][j]];
        if (x->p.clause->doc == y->p.clause->doc) continue;
        size_t before = ac.nent, e = entry(&ac, lists[ki][i], lists[ki][j], 1);
        if (ac.nent > before) a->truth_kind[ac.ent[e].kind]++;
      }
    free(lists[ki]);
  }
  free(lists);
  free(nlist);
  strmap_free(by_key);
  size_t ntruth = ac.nent;

  /* 2. every scored pair: the best score of each pair of provisions (for
     the list of missed pairs) */
  size_t out[4];
  for (size_t i = 0; i < r->nscored; i++) {
    size_t n = unit_pair_entries(&ac, &r->scored[i], out);
    for (size_t k = 0; k < n; k++)
      if (r->scored[i].score > ac.ent[out[k]].score) ac.ent[out[k]].score = r->scored[i].score;
  }

  /* 3. the ranking, best first: each pair of provisions at its first
     (best) place; the proposed pairs are the prefix at or above
     min_score (r->npairs of the ranking) */
  size_t nrank = 0, caprank = 0, *rank = NULL, *rank_pos = NULL;
  size_t prefix = 0; /* entries ranked from the proposed unit pairs */
  for (size_t i = 0; i < r->nranked; i++) {
    const align_pair *p = &r->scored[r->ranked[i]];
    size_t n = unit_pair_entries(&ac, p, out);
    if (!n && i < r->npairs) a->unjudged++;
    for (size_t k = 0; k < n; k++) {
      if (ac.seen[out[k]]) continue;
      ac.seen[out[k]] = 1;
      if (nrank == caprank) {
        caprank = caprank ? caprank * 2 : 256;
        rank = xrealloc(rank, caprank * sizeof *rank);
        rank_pos = xrealloc(rank_pos, caprank * sizeof *rank_pos);
      }
      ac.ent[out[k]].via = p->via;
      ac.ent[out[k]].score = p->score;
      rank_pos[nrank] = i;
      rank[nrank++] = out[k];
    }
    if (i + 1 == r->npairs) prefix = nrank;
  }
  if (r->npairs == 0) prefix = 0;

  /* 4. figures: at min_score, then over the whole ranking */
  size_t cap_extra = 0;
  for (size_t i = 0; i < prefix; i++) {
    align_audit_pair *e = &ac.ent[rank[i]];
    if (e->truth) {
      a->tp++;
      a->tp_kind[e->kind]++;
    } else {
      a->fp++;
      a->fp_kind[e->kind]++;
      if (a->nextra == cap_extra) {
        cap_extra = cap_extra ? cap_extra * 2 : 64;
        a->extra = xrealloc(a->extra, cap_extra * sizeof *a->extra);
      }
      a->extra[a->nextra++] = *e;
    }
  }
  a->fn = ntruth - a->tp;
  a->precision = a->tp + a->fp ? (double)a->tp / (double)(a->tp + a->fp) : 1;
  a->recall = ntruth ? (double)a->tp / (double)ntruth : 1;
  static const double levels[3] = {0.90, 0.80, 0.50};
  size_t tp = 0;
  for (size_t i = 0; i < nrank; i++) {
    if (ac.ent[rank[i]].truth) {
      tp++;
      a->ap += (double)tp / (double)(i + 1);
    }
    /* a cut falls between two unit pairs of different scores (ties
       stand or fall together) */
    int cut = i + 1 == nrank ||
              r->scored[r->ranked[rank_pos[i + 1]]].score != r->scored[r->ranked[rank_pos[i]]].score;
    if (!cut || !ntruth) continue;
    double pr = (double)tp / (double)(i + 1), rc = (double)tp / (double)ntruth;
    for (int l = 0; l < 3; l++)
      if (pr >= levels[l] && rc > a->r_at_p[l]) a->r_at_p[l] = rc;
  }
  if (ntruth) a->ap /= (double)ntruth;
  /* missed: true pairs not in the proposed prefix */
  unsigned char *in_prefix = xcalloc(ac.nent + 1, 1);
  for (size_t i = 0; i < prefix; i++) in_prefix[rank[i]] = 1;
  a->missed = xcalloc(a->fn + 1, sizeof *a->missed);
  for (size_t e = 0; e < ntruth; e++)
    if (!in_prefix[e]) a->missed[a->nmissed++] = ac.ent[e];
  if (a->nmissed) qsort(a->missed, a->nmissed, sizeof *a->missed, cmp_missed);
  free(in_prefix);
  free(rank);
  free(rank_pos);
  free(ac.prov);
  free(ac.ent);
  free(ac.seen);
  pm_free(&ac.index);
  pm_free(&ac.pairs);
}

void align_audit_free(align_audit *a) {
  free(a->missed);
  free(a->extra);
  memset(a, 0, sizeof *a);
}
