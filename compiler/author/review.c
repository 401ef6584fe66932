/* review.c - topic suggestions: found in the source, scored, decided and
 * written back (see review.h). */
#define _XOPEN_SOURCE 700 /* realpath, mkstemp */
#include "author/review.h"
#include "base/fileio.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "link/align_text.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- term vectors --------------------------------------------------------- */

typedef struct tvec {
  size_t *ids;
  double *w;
  size_t n;
  double norm;
} tvec;

struct review_ctx {
  strmap *terms;     /* term -> id + 1 */
  size_t *df;        /* by id: provisions holding the term */
  size_t nterms, capterms;
  size_t nunits;     /* provisions counted (N of the idf) */
  strmap *words;     /* "c%p" / "i%p" -> the unit's words (arena) */
  strmap *vecs;      /* "%p" of a words string -> tvec */
  tvec **all; size_t nall, capall;
};

static size_t term_id(review_ctx *x, const char *t) {
  void *v = strmap_get(x->terms, t);
  if (v) return (size_t)(uintptr_t)v - 1;
  if (x->nterms == x->capterms) {
    x->capterms = x->capterms ? x->capterms * 2 : 1024;
    x->df = xrealloc(x->df, x->capterms * sizeof *x->df);
  }
  x->df[x->nterms] = 0;
  strmap_put(x->terms, t, (void *)(uintptr_t)(x->nterms + 1));
  return x->nterms++;
}

static int cmp_size(const void *a, const void *b) {
  size_t p = *(const size_t *)a, q = *(const size_t *)b;
  return p < q ? -1 : p > q;
}

/* The sorted term ids of TEXT (with repeats); *N gets the count. */
static size_t *text_ids(review_ctx *x, const char *text, size_t *n) {
  arena *tmp = arena_new();
  size_t nt = 0;
  char **terms = align_text_terms(tmp, text ? text : "", &nt);
  size_t *ids = xmalloc((nt + 1) * sizeof *ids);
  for (size_t i = 0; i < nt; i++) ids[i] = term_id(x, terms[i]);
  arena_free(tmp);
  if (nt) qsort(ids, nt, sizeof *ids, cmp_size);
  *n = nt;
  return ids;
}

static void count_df(review_ctx *x, const char *text) {
  size_t n;
  size_t *ids = text_ids(x, text, &n);
  for (size_t i = 0; i < n; i++)
    if (i == 0 || ids[i] != ids[i - 1]) x->df[ids[i]]++;
  free(ids);
  x->nunits++;
}

/* TEXT's vector, cached by the string's address (TEXT lives as long as
 * the set: the corpus's or the set's arena). */
static const tvec *vec_of(review_ctx *x, const char *text) {
  char k[32];
  snprintf(k, sizeof k, "%p", (const void *)text);
  tvec *v = strmap_get(x->vecs, k);
  if (v) return v;
  size_t n;
  size_t *ids = text_ids(x, text, &n);
  v = xcalloc(1, sizeof *v);
  v->ids = xmalloc((n + 1) * sizeof *v->ids);
  v->w = xmalloc((n + 1) * sizeof *v->w);
  double norm = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && ids[j] == ids[i]) j++;
    size_t df = x->df[ids[i]] ? x->df[ids[i]] : 1;
    double w = (1.0 + log((double)(j - i))) * log(1.0 + (double)x->nunits / (double)df);
    v->ids[v->n] = ids[i];
    v->w[v->n++] = w;
    norm += w * w;
    i = j;
  }
  v->norm = sqrt(norm);
  free(ids);
  strmap_put(x->vecs, k, v);
  if (x->nall == x->capall) {
    x->capall = x->capall ? x->capall * 2 : 64;
    x->all = xrealloc(x->all, x->capall * sizeof *x->all);
  }
  x->all[x->nall++] = v;
  return v;
}

static double cosine(review_ctx *x, const char *a, const char *b) {
  const tvec *p = vec_of(x, a), *q = vec_of(x, b);
  if (p->norm == 0 || q->norm == 0) return 0;
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < p->n && j < q->n) {
    if (p->ids[i] < q->ids[j]) i++;
    else if (p->ids[i] > q->ids[j]) j++;
    else dot += p->w[i++] * q->w[j++];
  }
  double s = dot / (p->norm * q->norm);
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

/* ---- units ---------------------------------------------------------------- */

const char *review_lead_in(review_set *rs, const cc_provision *unit) {
  if (!unit->item) return NULL;
  const cc_clause *cl = unit->clause;
  char k[40];
  snprintf(k, sizeof k, "l%p", (const void *)cl);
  const char *s = strmap_get(rs->ctx->words, k);
  if (s) return s;
  if (cl->blocks && cl->blocks->kind == CC_BLK_PARA)
    s = model_inlines_text(rs->a, cl->blocks->inlines);
  if ((!s || !*s) && cl->heading_text) s = cl->heading_text;
  if (!s) s = "";
  strmap_put(rs->ctx->words, k, (void *)s);
  return s;
}

const char *review_unit_words(review_set *rs, const cc_provision *unit) {
  char k[40];
  snprintf(k, sizeof k, "%c%p", unit->item ? 'i' : 'c',
           unit->item ? (const void *)unit->item : (const void *)unit->clause);
  const char *s = strmap_get(rs->ctx->words, k);
  if (s) return s;
  if (!unit->item) {
    s = unit->clause->text ? unit->clause->text : "";
  } else {
    const char *lead = review_lead_in(rs, unit);
    s = arena_printf(rs->a, "%s%s%s", lead, *lead ? " " : "",
                     unit->item->text ? unit->item->text : "");
  }
  strmap_put(rs->ctx->words, k, (void *)s);
  return s;
}

static const char *topic_words(review_set *rs, const cc_topic *t) {
  char k[40];
  snprintf(k, sizeof k, "t%p", (const void *)t);
  const char *s = strmap_get(rs->ctx->words, k);
  if (s) return s;
  s = arena_printf(rs->a, "%s. %s", t->label ? t->label : t->key,
                   t->definition ? t->definition : "");
  strmap_put(rs->ctx->words, k, (void *)s);
  return s;
}

/* Calls F on every item under the blocks B (nested lists and quotes). */
static void each_item(const cc_block *b, void (*f)(void *, const cc_item *), void *ctx) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_LIST)
      for (const cc_item *it = b->items; it; it = it->next) {
        f(ctx, it);
        each_item(it->blocks, f, ctx);
      }
    else if (b->kind == CC_BLK_QUOTE)
      each_item(b->children, f, ctx);
  }
}

static void df_item(void *ctx, const cc_item *it) {
  review_set *rs = ctx;
  cc_provision p = {it->clause, (cc_item *)it};
  if (it->clause) count_df(rs->ctx, review_unit_words(rs, &p));
}

/* The best similarity of UNIT to a provision of each other council making
 * T: BEST[doc index] (-1: none). */
static void closest_by_doc(review_set *rs, const cc_provision *unit, const cc_topic *t,
                           double *best, const cc_provision **at) {
  const cc_corpus *c = rs->corpus;
  for (size_t i = 0; i < c->ndocs; i++) best[i] = -1;
  const char *w = review_unit_words(rs, unit);
  for (size_t k = 0; k < t->nprovisions; k++) {
    const cc_provision *p = &t->provisions[k];
    const cc_document *d = p->clause->doc;
    if (d == unit->clause->doc) continue;
    double s = cosine(rs->ctx, w, review_unit_words(rs, p));
    if (s > best[d->index]) {
      best[d->index] = s;
      if (at) at[d->index] = p;
    }
  }
}

double review_score(review_set *rs, const cc_provision *unit, const cc_topic *t, double *def,
                    double *closest) {
  double dsim = cosine(rs->ctx, review_unit_words(rs, unit), topic_words(rs, t));
  double *best = xcalloc(rs->corpus->ndocs + 1, sizeof *best);
  closest_by_doc(rs, unit, t, best, NULL);
  double top = 0;
  for (size_t i = 0; i < rs->corpus->ndocs; i++)
    if (best[i] > top) top = best[i];
  free(best);
  if (def) *def = dsim;
  if (closest) *closest = top;
  return (dsim + top) / 2;
}

typedef struct ranked {
  const cc_topic *t;
  double score;
} ranked;

static int by_rank(const void *pa, const void *pb) {
  const ranked *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return a->t->index < b->t->index ? -1 : a->t->index > b->t->index;
}

size_t review_rank_topics(review_set *rs, const cc_provision *unit, size_t max,
                          const cc_topic **out, double *scores) {
  const cc_corpus *c = rs->corpus;
  ranked *r = xcalloc(c->ntopics + 1, sizeof *r);
  for (size_t i = 0; i < c->ntopics; i++)
    r[i] = (ranked){c->topics[i], review_score(rs, unit, c->topics[i], NULL, NULL)};
  if (c->ntopics) qsort(r, c->ntopics, sizeof *r, by_rank);
  size_t n = c->ntopics < max ? c->ntopics : max;
  for (size_t i = 0; i < n; i++) {
    out[i] = r[i].t;
    if (scores) scores[i] = r[i].score;
  }
  free(r);
  return n;
}

/* ---- attribute blocks in the source's bytes -------------------------------- */

enum { TOK_OTHER, TOK_TOPIC, TOK_SUGGESTED };

typedef struct rkey {
  size_t off, len; /* in the source; len 0 for a key added (then s is set) */
  const char *s;
  bool removed;
} rkey;

typedef struct rtok {
  size_t pre, start, vstart, end; /* [pre,start) blanks before it; [start,vstart)
                                     "topic=" (before a quote); [start,end) all */
  int kind;
  rkey *keys; size_t nkeys;
  bool changed, removed, added;
} rtok;

typedef struct rblock {
  size_t open, close; /* offsets of '{' and '}' */
  rtok *t; size_t n;
} rblock;

static bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}

static void block_free(rblock *b) {
  for (size_t i = 0; i < b->n; i++) free(b->t[i].keys);
  free(b->t);
  b->t = NULL;
  b->n = 0;
}

static void tok_add_key(rtok *t, size_t off, size_t len, const char *s) {
  t->keys = xrealloc(t->keys, (t->nkeys + 1) * sizeof *t->keys);
  t->keys[t->nkeys++] = (rkey){off, len, s, false};
}

/* Splits the inside of the block [OPEN+1, CLOSE) of S into tokens as
 * attrs.c reads them. 0, or -1 if it is not a well-formed block. */
static int block_parse(const char *s, size_t open, size_t close, rblock *b) {
  memset(b, 0, sizeof *b);
  b->open = open;
  b->close = close;
  size_t i = open + 1;
  while (i < close) {
    size_t pre = i;
    while (i < close && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i >= close) break;
    rtok t;
    memset(&t, 0, sizeof t);
    t.pre = pre;
    t.start = i;
    if (s[i] == '#' || s[i] == '.') {
      while (i < close && s[i] != ' ' && s[i] != '\t') i++;
      t.kind = TOK_OTHER;
      t.vstart = t.end = i;
    } else {
      size_t ks = i;
      while (i < close && is_key_char(s[i])) i++;
      size_t ke = i;
      if (i + 1 < close && s[i] == '?' && s[i + 1] == '=' && ke - ks == 5 &&
          !strncmp(s + ks, "topic", 5)) {
        t.kind = TOK_SUGGESTED;
        i++;
      } else if (i < close && s[i] == '=' &&
                 ((ke - ks == 5 && !strncmp(s + ks, "topic", 5)) ||
                  (ke - ks == 6 && !strncmp(s + ks, "topics", 6)))) {
        t.kind = TOK_TOPIC;
      } else {
        t.kind = TOK_OTHER;
      }
      if (ke == ks || i >= close || s[i] != '=') {
        block_free(b);
        return -1;
      }
      i++;
      t.vstart = i;
      size_t vs = i, ve;
      if (i < close && s[i] == '"') {
        i++;
        vs = i;
        while (i < close && s[i] != '"') {
          if (s[i] == '\\' && i + 1 < close) i++;
          i++;
        }
        if (i >= close) {
          block_free(b);
          return -1;
        }
        ve = i++;
      } else {
        while (i < close && s[i] != ' ' && s[i] != '\t') i++;
        ve = i;
      }
      t.end = i;
      if (t.kind != TOK_OTHER)
        for (size_t k = vs; k <= ve;) {
          size_t ks2 = k;
          while (k < ve && s[k] != ',') k++;
          size_t e = k;
          while (ks2 < e && s[ks2] == ' ') ks2++;
          if (e > ks2) tok_add_key(&t, ks2, e - ks2, NULL);
          k++;
        }
    }
    b->t = xrealloc(b->t, (b->n + 1) * sizeof *b->t);
    b->t[b->n++] = t;
  }
  return 0;
}

typedef struct lines {
  size_t *start; size_t n; /* start[i]: offset of line i + 1 */
} lines;

static void lines_index(lines *l, const char *s, size_t len) {
  size_t cap = 64;
  l->start = xmalloc(cap * sizeof *l->start);
  l->n = 0;
  l->start[l->n++] = 0;
  for (size_t i = 0; i < len; i++) {
    bool end = s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n'));
    if (!end) continue;
    if (l->n == cap) l->start = xrealloc(l->start, (cap *= 2) * sizeof *l->start);
    l->start[l->n++] = i + 1;
  }
}

/* End of line LINE's text (before its line end). */
static size_t line_end(const char *s, size_t len, size_t from) {
  while (from < len && s[from] != '\n' && s[from] != '\r') from++;
  return from;
}

/* Does token T of B hold a key at offset OFF? Its index, or -1. */
static long key_at(const rtok *t, size_t off) {
  for (size_t i = 0; i < t->nkeys; i++)
    if (t->keys[i].off == off) return (long)i;
  return -1;
}

/* Finds the block on the line [LS, LE) that holds a suggested key KEY, at
 * *OFF if the reader's column is right, else anywhere in the block (the
 * first not in USED). 0 and *OPEN, *CLOSE, *OFF set; -1 if none. */
static int locate(const char *s, size_t ls, size_t le, const char *key, size_t *off,
                  size_t *open, size_t *close) {
  size_t e = le;
  while (e > ls && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
  if (e == ls || s[e - 1] != '}') return -1;
  size_t cl = e - 1;
  size_t klen = strlen(key);
  for (size_t o = cl; o-- > ls;) {
    if (s[o] != '{') continue;
    if (o > ls && s[o - 1] != ' ' && s[o - 1] != '\t') continue;
    rblock b;
    if (block_parse(s, o, cl, &b) != 0) continue;
    int found = -1;
    for (size_t i = 0; i < b.n && found < 0; i++) {
      if (b.t[i].kind != TOK_SUGGESTED) continue;
      if (*off > o && *off < cl && key_at(&b.t[i], *off) >= 0 && *off + klen <= cl &&
          !strncmp(s + *off, key, klen) && b.t[i].keys[key_at(&b.t[i], *off)].len == klen)
        found = 1;
    }
    /* the reader's column does not point at the key: look for it by name */
    for (size_t i = 0; i < b.n && found < 0; i++) {
      if (b.t[i].kind != TOK_SUGGESTED) continue;
      for (size_t k = 0; k < b.t[i].nkeys && found < 0; k++)
        if (b.t[i].keys[k].len == klen && !strncmp(s + b.t[i].keys[k].off, key, klen)) {
          *off = b.t[i].keys[k].off;
          found = 1;
        }
    }
    block_free(&b);
    if (found > 0) {
      *open = o;
      *close = cl;
      return 0;
    }
  }
  return -1;
}

/* ---- finding and scoring ---------------------------------------------------- */

typedef struct collect {
  review_set *rs;
  lines *l;
  diag_list *d;
  int failed;
} collect;

static void add_suggestions(collect *co, const cc_keys *k, cc_clause *cl, cc_item *it) {
  review_set *rs = co->rs;
  for (size_t i = 0; i < k->n; i++) {
    const cc_pos *p = &k->pos[i];
    size_t off = (size_t)-1, open = 0, close = 0;
    int ok = p->line >= 1 && (size_t)p->line <= co->l->n;
    if (ok) {
      size_t ls = co->l->start[p->line - 1];
      size_t le = line_end(rs->text, rs->len, ls);
      off = p->col >= 1 ? ls + (size_t)p->col - 1 : ls;
      ok = locate(rs->text, ls, le, k->keys[i], &off, &open, &close) == 0;
      /* two suggestions of one key in a block: the second one found by
         name must not take the first one's place */
      for (size_t j = 0; ok && j < rs->n; j++)
        if (rs->items[j].key_off == off) ok = 0;
    }
    if (!ok) {
      diag_error(co->d, rs->path, p->line, p->col,
                 "the suggestion '%s' is not where the file was read: it changed while it was "
                 "being read; run concord review again", k->keys[i]);
      co->failed = 1;
      continue;
    }
    review_suggestion *s = &rs->items[rs->n++];
    memset(s, 0, sizeof *s);
    s->key = k->keys[i];
    s->line = p->line;
    s->col = (int)(off - co->l->start[p->line - 1]) + 1;
    s->key_off = off;
    s->block_start = open;
    s->block_end = close + 1;
    s->unit = (cc_provision){cl, it};
    s->topic = model_corpus_find_topic(rs->corpus, s->key);
  }
}

typedef struct item_walk {
  collect *co;
  cc_clause *cl;
} item_walk;

static void collect_item(void *ctx, const cc_item *it) {
  item_walk *w = ctx;
  add_suggestions(w->co, &it->suggested, w->cl, (cc_item *)it);
}

static void count_item_suggestions(void *ctx, const cc_item *it) {
  *(size_t *)ctx += it->suggested.n;
}

static int by_offset(const void *pa, const void *pb) {
  const review_suggestion *a = pa, *b = pb;
  return a->key_off < b->key_off ? -1 : a->key_off > b->key_off;
}

static void score_suggestion(review_set *rs, review_suggestion *s) {
  if (!s->topic) return;
  const cc_corpus *c = rs->corpus;
  double *best = xcalloc(c->ndocs + 1, sizeof *best);
  const cc_provision **at = xcalloc(c->ndocs + 1, sizeof *at);
  closest_by_doc(rs, &s->unit, s->topic, best, at);
  s->definition = cosine(rs->ctx, review_unit_words(rs, &s->unit), topic_words(rs, s->topic));
  s->closest = 0;
  size_t n = 0;
  for (size_t i = 0; i < c->ndocs; i++) n += best[i] >= 0;
  s->wordings = arena_alloc(rs->a, (n + 1) * sizeof *s->wordings);
  for (size_t i = 0; i < c->ndocs; i++) {
    if (best[i] < 0) continue;
    s->wordings[s->nwordings++] = (review_wording){c->docs[i], *at[i], best[i]};
    if (best[i] > s->closest) s->closest = best[i];
  }
  s->score = (s->definition + s->closest) / 2;
  free(best);
  free(at);
}

int review_open(review_set *rs, const cc_corpus *c, const cc_document *doc, const char *text,
                size_t len, diag_list *d) {
  memset(rs, 0, sizeof *rs);
  rs->path = doc->path;
  rs->text = text;
  rs->len = len;
  rs->corpus = c;
  rs->doc = doc;
  rs->a = arena_new();
  rs->ctx = xcalloc(1, sizeof *rs->ctx);
  rs->ctx->terms = strmap_new();
  rs->ctx->words = strmap_new();
  rs->ctx->vecs = strmap_new();
  /* document frequencies over every provision of the corpus */
  for (size_t i = 0; i < c->ndocs; i++)
    for (size_t j = 0; j < c->docs[i]->nclauses; j++) {
      cc_clause *cl = c->docs[i]->clauses[j];
      cc_provision p = {cl, NULL};
      count_df(rs->ctx, review_unit_words(rs, &p));
      each_item(cl->blocks, df_item, rs);
    }
  size_t total = 0;
  for (size_t j = 0; j < doc->nclauses; j++) {
    total += doc->clauses[j]->suggested.n;
    each_item(doc->clauses[j]->blocks, count_item_suggestions, &total);
  }
  rs->items = xcalloc(total + 1, sizeof *rs->items);
  lines l;
  lines_index(&l, text, len);
  collect co = {rs, &l, d, 0};
  for (size_t j = 0; j < doc->nclauses; j++) {
    cc_clause *cl = doc->clauses[j];
    add_suggestions(&co, &cl->suggested, cl, NULL);
    item_walk w = {&co, cl};
    each_item(cl->blocks, collect_item, &w);
  }
  free(l.start);
  if (rs->n) qsort(rs->items, rs->n, sizeof *rs->items, by_offset);
  for (size_t i = 0; i < rs->n; i++) score_suggestion(rs, &rs->items[i]);
  return co.failed ? -1 : 0;
}

void review_close(review_set *rs) {
  if (rs->ctx) {
    for (size_t i = 0; i < rs->ctx->nall; i++) {
      free(rs->ctx->all[i]->ids);
      free(rs->ctx->all[i]->w);
      free(rs->ctx->all[i]);
    }
    free(rs->ctx->all);
    free(rs->ctx->df);
    strmap_free(rs->ctx->terms);
    strmap_free(rs->ctx->words);
    strmap_free(rs->ctx->vecs);
    free(rs->ctx);
  }
  free(rs->items);
  if (rs->a) arena_free(rs->a);
  memset(rs, 0, sizeof *rs);
}

size_t review_accept_above(review_set *rs, double min) {
  size_t n = 0;
  for (size_t i = 0; i < rs->n; i++) {
    review_suggestion *s = &rs->items[i];
    if (s->action != REVIEW_LEAVE || !s->topic || s->score < min) continue;
    s->action = REVIEW_ACCEPT;
    n++;
  }
  return n;
}

/* ---- applying decisions ------------------------------------------------------ */

static bool key_is(const char *s, const rkey *k, const char *key) {
  const char *ks = k->s ? k->s : s + k->off;
  size_t kl = k->s ? strlen(k->s) : k->len;
  return kl == strlen(key) && !strncmp(ks, key, kl);
}

/* Writes topic KEY into block B (appended to its first topic= token, or
 * as a new token before token AT), unless it is there already. */
static void block_add_topic(const char *s, rblock *b, size_t at, const char *key) {
  rtok *first = NULL;
  for (size_t i = 0; i < b->n; i++) {
    rtok *t = &b->t[i];
    if (t->kind != TOK_TOPIC || t->removed) continue;
    for (size_t k = 0; k < t->nkeys; k++)
      if (!t->keys[k].removed && key_is(s, &t->keys[k], key)) return;
    if (!first) first = t;
  }
  if (first) {
    tok_add_key(first, 0, 0, key);
    first->changed = true;
    return;
  }
  rtok nt;
  memset(&nt, 0, sizeof nt);
  nt.kind = TOK_TOPIC;
  nt.added = true;
  nt.changed = true;
  tok_add_key(&nt, 0, 0, key);
  b->t = xrealloc(b->t, (b->n + 1) * sizeof *b->t);
  memmove(b->t + at + 1, b->t + at, (b->n - at) * sizeof *b->t);
  b->t[at] = nt;
  b->n++;
}

static void emit_keys(buf *o, const char *s, const rtok *t) {
  bool first = true;
  for (size_t k = 0; k < t->nkeys; k++) {
    const rkey *key = &t->keys[k];
    if (key->removed) continue;
    if (!first) buf_putc(o, ',');
    if (key->s) buf_puts(o, key->s);
    else buf_put(o, s + key->off, key->len);
    first = false;
  }
}

/* The block's new text into O; false when nothing is left of it. */
static bool block_emit(buf *o, const char *s, const rblock *b) {
  size_t lead_from = b->open + 1;
  size_t lead_to = lead_from;
  for (size_t i = 0; i < b->n; i++)
    if (!b->t[i].added) {
      lead_to = b->t[i].start;
      break;
    }
  size_t tail_from = b->close;
  for (size_t i = b->n; i-- > 0;)
    if (!b->t[i].added) {
      tail_from = b->t[i].end;
      break;
    }
  size_t kept = 0;
  for (size_t i = 0; i < b->n; i++) kept += !b->t[i].removed;
  if (!kept) return false;
  buf_putc(o, '{');
  bool first = true;
  for (size_t i = 0; i < b->n; i++) {
    const rtok *t = &b->t[i];
    if (t->removed) continue;
    if (first) buf_put(o, s + lead_from, lead_to - lead_from);
    else if (t->added || t->pre == lead_from) buf_putc(o, ' ');
    else buf_put(o, s + t->pre, t->start - t->pre);
    first = false;
    if (t->added) {
      buf_puts(o, "topic=");
      emit_keys(o, s, t);
    } else if (t->changed) {
      buf_put(o, s + t->start, t->vstart - t->start);
      emit_keys(o, s, t);
    } else {
      buf_put(o, s + t->start, t->end - t->start);
    }
  }
  buf_put(o, s + tail_from, b->close - tail_from);
  buf_putc(o, '}');
  return true;
}

char *review_apply(const review_set *rs, size_t *len) {
  const char *s = rs->text;
  buf o = BUF_INIT;
  size_t pos = 0;
  for (size_t i = 0; i < rs->n;) {
    size_t j = i;
    bool decided = false;
    while (j < rs->n && rs->items[j].block_start == rs->items[i].block_start) {
      decided |= rs->items[j].action != REVIEW_LEAVE;
      j++;
    }
    if (!decided) {
      i = j;
      continue;
    }
    rblock b;
    if (block_parse(s, rs->items[i].block_start, rs->items[i].block_end - 1, &b) != 0) {
      i = j; /* cannot happen: review_open parsed it */
      continue;
    }
    for (size_t k = i; k < j; k++) {
      const review_suggestion *sg = &rs->items[k];
      if (sg->action == REVIEW_LEAVE) continue;
      size_t at = b.n;
      for (size_t t = 0; t < b.n && at == b.n; t++) {
        if (b.t[t].kind != TOK_SUGGESTED || b.t[t].added) continue;
        long ki = key_at(&b.t[t], sg->key_off);
        if (ki < 0) continue;
        b.t[t].keys[ki].removed = true;
        b.t[t].changed = true;
        at = t;
      }
      if (at == b.n) continue;
      if (sg->action == REVIEW_ACCEPT) block_add_topic(s, &b, at, sg->key);
      else if (sg->action == REVIEW_PICK && sg->pick) block_add_topic(s, &b, at, sg->pick);
    }
    for (size_t t = 0; t < b.n; t++) {
      rtok *tk = &b.t[t];
      if (tk->kind != TOK_SUGGESTED || !tk->changed) continue;
      bool any = false;
      for (size_t k = 0; k < tk->nkeys; k++) any |= !tk->keys[k].removed;
      if (!any) tk->removed = true;
    }
    buf nb = BUF_INIT;
    size_t from = b.open, to = b.close + 1;
    if (!block_emit(&nb, s, &b)) {
      /* nothing left: the block goes with the blanks before it, and its
         line when it stood alone on one */
      while (from > 0 && (s[from - 1] == ' ' || s[from - 1] == '\t')) from--;
      size_t le = line_end(s, rs->len, to), k = to;
      while (k < le && (s[k] == ' ' || s[k] == '\t')) k++;
      if ((from == 0 || s[from - 1] == '\n' || s[from - 1] == '\r') && k == le) {
        to = le;
        if (to < rs->len && s[to] == '\r') to++;
        if (to < rs->len && s[to] == '\n') to++;
      }
    }
    buf_put(&o, s + pos, from - pos);
    buf_put(&o, buf_cstr(&nb), nb.len);
    pos = to;
    buf_free(&nb);
    block_free(&b);
    i = j;
  }
  buf_put(&o, s + pos, rs->len - pos);
  *len = o.len;
  return buf_detach(&o);
}

/* ---- writing ------------------------------------------------------------------ */

int review_write(const char *path, const char *orig, size_t olen, const char *data, size_t len,
                 diag_list *d) {
  /* a link is followed: the file it points to is replaced */
  char *real = realpath(path, NULL);
  const char *target = real ? real : path;
  struct stat st;
  if (stat(target, &st) != 0) {
    diag_error(d, path, 0, 0, "cannot read the file (%s); nothing was written", strerror(errno));
    free(real);
    return -1;
  }
  buf tmp = BUF_INIT;
  buf_printf(&tmp, "%s.review-XXXXXX", target);
  char *tname = buf_detach(&tmp);
  int fd = mkstemp(tname);
  if (fd < 0) {
    diag_error(d, path, 0, 0, "cannot write beside the file (%s): check the folder is "
               "writable; nothing was written", strerror(errno));
    free(tname);
    free(real);
    return -1;
  }
  int bad = 0;
  for (size_t w = 0; w < len && !bad;) {
    ssize_t r = write(fd, data + w, len - w);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) bad = 1;
    else w += (size_t)r;
  }
  bad |= fchmod(fd, st.st_mode & 07777) != 0;
  bad |= fsync(fd) != 0 && errno != EINVAL;
  bad |= close(fd) != 0;
  int rc = -1;
  if (bad) {
    diag_error(d, path, 0, 0, "cannot write the file (%s); nothing was written",
               strerror(errno));
    goto out;
  }
  /* the file must still be the one reviewed */
  size_t clen = 0;
  char *cur = file_read_all(target, &clen);
  if (!cur || clen != olen || memcmp(cur, orig, olen) != 0) {
    int line = 1, col = 1;
    size_t n = cur ? (clen < olen ? clen : olen) : 0;
    for (size_t i = 0; i < n && cur[i] == orig[i]; i++) {
      if (cur[i] == '\n') line++, col = 1;
      else col++;
    }
    diag_error(d, path, line, col, "the file changed on disk while it was being reviewed (it "
               "differs from here on): nothing was written; run concord review again");
    free(cur);
    goto out;
  }
  free(cur);
  if (rename(tname, target) != 0) {
    diag_error(d, path, 0, 0, "cannot replace the file (%s); nothing was written",
               strerror(errno));
    goto out;
  }
  rc = 0;
out:
  if (rc != 0) unlink(tname);
  free(tname);
  free(real);
  return rc;
}
