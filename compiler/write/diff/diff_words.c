/* diff_words.c - tokens and Myers' diff (see diff_words.h). */
#include "write/diff/diff_words.h"
#include "base/arena.h"
#include "base/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ASCII (nearly every character of the corpus) answers without utf8proc's
 * tables: letters and digits are words, C0 controls, space and DEL are
 * spaces (Zs, Cc), the rest is punctuation; same as the categories say. */
static int word_cp(utf8proc_int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static int space_cp(utf8proc_int32_t cp) {
  if (cp >= 0 && cp < 0x80) return cp <= 0x20 || cp == 0x7F;
  utf8proc_category_t c = utf8proc_category(cp);
  return cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
         (c >= UTF8PROC_CATEGORY_ZS && c <= UTF8PROC_CATEGORY_ZP) || c == UTF8PROC_CATEGORY_CC;
}

/* A list being tokenized: the tokens' texts and keys go into one pool (a
 * malloc per token was most of the tokenizer's time, with the topic pages
 * and the compare pages tokenizing every wording); the pool moves as it
 * grows, so the tokens hold offsets until the list is complete. */
typedef struct tokenizer {
  diff_tokens *out;
  size_t cap;
  char *pool;               /* written directly: four buf calls a token */
  size_t plen, pcap;        /* were a third of the tokenizer's time */
  size_t *text_at, *key_at; /* offsets into pool, per token */
} tokenizer;

/* Room for N more bytes in the pool. */
static char *pool_room(tokenizer *tz, size_t n) {
  if (tz->pcap - tz->plen < n) {
    size_t cap = tz->pcap ? tz->pcap : 256;
    while (cap - tz->plen < n) cap *= 2;
    tz->pool = xrealloc(tz->pool, cap);
    tz->pcap = cap;
  }
  return tz->pool + tz->plen;
}

static void push_token(tokenizer *tz, const char *s, size_t len, bool fold, bool space) {
  diff_tokens *out = tz->out;
  if (out->n == tz->cap) {
    tz->cap = tz->cap ? tz->cap * 2 : 64;
    out->t = xrealloc(out->t, tz->cap * sizeof *out->t);
    tz->text_at = xrealloc(tz->text_at, tz->cap * sizeof *tz->text_at);
    tz->key_at = xrealloc(tz->key_at, tz->cap * sizeof *tz->key_at);
  }
  size_t i = out->n++;
  diff_token *t = &out->t[i];
  t->space = space;
  t->id = 0;
  size_t ascii = 0;
  while (ascii < len && !((unsigned char)s[ascii] & 0x80)) ascii++;
  utf8proc_uint8_t *f = NULL;
  utf8proc_ssize_t flen = -1;
  if (fold && ascii < len)
    flen = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &f,
                        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  size_t klen = flen >= 0 ? (size_t)flen : len;
  char *p = pool_room(tz, len + klen + 2);
  tz->text_at[i] = tz->plen;
  tz->key_at[i] = tz->plen + len + 1;
  tz->plen += len + klen + 2;
  memcpy(p, s, len);
  p[len] = '\0';
  char *k = p + len + 1;
  if (flen >= 0) { /* non-ASCII, folded by utf8proc */
    memcpy(k, f, klen);
  } else if (fold && ascii == len) { /* ASCII folds to lower case */
    for (size_t j = 0; j < len; j++) k[j] = s[j] >= 'A' && s[j] <= 'Z' ? (char)(s[j] + 32) : s[j];
  } else { /* as written (or folding failed: invalid UTF-8) */
    memcpy(k, s, len);
  }
  k[klen] = '\0';
  free(f);
}

/* One UTF-8 character of S[0..LEN) as *CP; its length, or <= 0 if
 * invalid. ASCII (nearly all the text) without a call. */
static utf8proc_ssize_t next_cp(const utf8proc_uint8_t *s, utf8proc_ssize_t len, utf8proc_int32_t *cp) {
  if (*s < 0x80) {
    *cp = *s;
    return 1;
  }
  return utf8proc_iterate(s, len, cp);
}

void diff_tokenize(const char *text, bool fold, diff_tokens *out) {
  out->t = NULL;
  out->n = 0;
  out->pool = NULL;
  if (!text) return;
  tokenizer tz = {out, 0, NULL, 0, 0, NULL, NULL};
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
  utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(text), i = 0;
  bool space = false;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = next_cp(s + i, len - i, &cp);
    if (k <= 0) { /* invalid byte: a token of its own, never a crash */
      push_token(&tz, text + i, 1, false, space);
      space = false;
      i++;
      continue;
    }
    if (space_cp(cp)) {
      space = true;
      i += k;
      continue;
    }
    if (!word_cp(cp)) {
      push_token(&tz, text + i, (size_t)k, fold, space);
      space = false;
      i += k;
      continue;
    }
    utf8proc_ssize_t start = i;
    i += k;
    while (i < len) {
      utf8proc_ssize_t k2 = next_cp(s + i, len - i, &cp);
      if (k2 <= 0) break;
      if (word_cp(cp)) {
        i += k2;
        continue;
      }
      /* an apostrophe or hyphen joins two word characters: "member's",
         "sub-committee" are one word each */
      if (cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010) {
        utf8proc_int32_t nx;
        utf8proc_ssize_t k3 = i + k2 < len ? next_cp(s + i + k2, len - i - k2, &nx) : -1;
        if (k3 > 0 && word_cp(nx)) {
          i += k2;
          continue;
        }
      }
      break;
    }
    push_token(&tz, text + start, (size_t)(i - start), fold, space);
    space = false;
  }
  out->pool = tz.pool; /* the pool has its final place: point into it */
  for (size_t j = 0; j < out->n; j++) {
    out->t[j].text = out->pool + tz.text_at[j];
    out->t[j].key = out->pool + tz.key_at[j];
  }
  free(tz.text_at);
  free(tz.key_at);
}

/* The interning table: open addressing over the tokens themselves (their
 * keys stay in their lists' pools), so nothing is copied or freed per
 * word, as a strmap would. */
static uint64_t key_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

size_t diff_tokens_intern(diff_tokens *lists, size_t n) {
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += lists[i].n;
  size_t cap = 16;
  while (cap < 2 * total) cap *= 2;
  const diff_token **slot = xcalloc(cap, sizeof *slot);
  size_t nterms = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < lists[i].n; j++) {
      diff_token *w = &lists[i].t[j];
      size_t at = (size_t)key_hash(w->key) & (cap - 1);
      while (slot[at] && strcmp(slot[at]->key, w->key) != 0) at = (at + 1) & (cap - 1);
      if (!slot[at]) {
        slot[at] = w;
        w->id = (unsigned)++nterms; /* by first appearance */
      } else {
        w->id = slot[at]->id;
      }
    }
  free(slot);
  return nterms;
}

void diff_tokens_free(diff_tokens *t) {
  free(t->pool);
  free(t->t);
  t->t = NULL;
  t->pool = NULL;
  t->n = 0;
}

static int tok_eq(const diff_tokens *a, size_t i, const diff_tokens *b, size_t j) {
  unsigned x = a->t[i].id, y = b->t[j].id;
  if (x && y) return x == y;
  return strcmp(a->t[i].key, b->t[j].key) == 0;
}

static void push_run(diff_script *s, size_t *cap, diff_kind k, size_t a0, size_t a1, size_t b0,
                     size_t b1) {
  if (a0 == a1 && b0 == b1) return;
  if (s->n && s->runs[s->n - 1].kind == k) { /* extend the previous run */
    s->runs[s->n - 1].a1 = a1;
    s->runs[s->n - 1].b1 = b1;
    return;
  }
  if (s->n == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    s->runs = xrealloc(s->runs, *cap * sizeof *s->runs);
  }
  s->runs[s->n++] = (diff_run){k, a0, a1, b0, b1};
}

/* Myers (1986), "An O(ND) difference algorithm", with the V vector of
 * every round kept (only its live diagonals -d..d, so O(D^2) memory) for
 * the backtrack. OPS gets one letter per step, in reverse: '=', '-', '+'. */
static size_t myers(const diff_tokens *a, size_t ao, size_t n, const diff_tokens *b, size_t bo,
                    size_t m, size_t max_cost, char **ops_out) {
  long N = (long)n, M = (long)m, MAX = N + M;
  if (max_cost && (long)max_cost < MAX) MAX = (long)max_cost;
  long off = MAX + 1;
  long *v = xcalloc((size_t)(2 * MAX + 3), sizeof(long));
  /* round d's diagonals at trace + d*d (rounds 0..d-1 take d*d longs):
     one growing block instead of a malloc per round */
  size_t tcap = 64;
  long *trace = xmalloc(tcap * sizeof(long));
  long D = -1;
  for (long d = 0; d <= MAX && D < 0; d++) {
    for (long k = -d; k <= d; k += 2) {
      long x;
      if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) x = v[off + k + 1];
      else x = v[off + k - 1] + 1;
      long y = x - k;
      while (x < N && y < M && tok_eq(a, ao + (size_t)x, b, bo + (size_t)y)) x++, y++;
      v[off + k] = x;
      if (x >= N && y >= M) {
        D = d;
        break;
      }
    }
    size_t need = (size_t)(d + 1) * (size_t)(d + 1);
    if (need > tcap) {
      while (tcap < need) tcap *= 2;
      trace = xrealloc(trace, tcap * sizeof(long));
    }
    memcpy(trace + (size_t)d * (size_t)d, v + off - d, (size_t)(2 * d + 1) * sizeof(long));
  }
  char *ops = NULL;
  size_t nops = 0;
  if (D >= 0) {
    ops = xmalloc((size_t)(N + M + 1));
    long x = N, y = M;
    for (long d = D; d > 0; d--) {
      const long *pv = trace + (size_t)(d - 1) * (size_t)(d - 1); /* index k -> pv[k + d - 1] */
      long k = x - y, pk;
      if (k == -d || (k != d && pv[k - 1 + d - 1] < pv[k + 1 + d - 1])) pk = k + 1;
      else pk = k - 1;
      long px = pv[pk + d - 1], py = px - pk;
      while (x > px && y > py) { /* the snake after the edit */
        ops[nops++] = '=';
        x--, y--;
      }
      ops[nops++] = x == px ? '+' : '-';
      x = px;
      y = py;
    }
    while (x > 0 && y > 0) {
      ops[nops++] = '=';
      x--, y--;
    }
  }
  free(trace);
  free(v);
  *ops_out = ops;
  return D >= 0 ? nops : (size_t)-1;
}

void diff_words(const diff_tokens *a, const diff_tokens *b, size_t max_cost, diff_script *out) {
  out->runs = NULL;
  out->n = 0;
  out->equal = 0;
  size_t cap = 0, pre = 0, suf = 0;
  while (pre < a->n && pre < b->n && tok_eq(a, pre, b, pre)) pre++;
  while (suf < a->n - pre && suf < b->n - pre && tok_eq(a, a->n - 1 - suf, b, b->n - 1 - suf)) suf++;
  push_run(out, &cap, DIFF_EQUAL, 0, pre, 0, pre);
  size_t n = a->n - pre - suf, m = b->n - pre - suf;
  char *ops = NULL;
  size_t nops = (n || m) ? myers(a, pre, n, b, pre, m, max_cost, &ops) : 0;
  if (nops == (size_t)-1) { /* too different: replace wholesale */
    push_run(out, &cap, DIFF_DELETE, pre, pre + n, pre, pre);
    push_run(out, &cap, DIFF_INSERT, pre + n, pre + n, pre, pre + m);
  } else {
    /* replay forwards; between two equal runs, deletions then insertions */
    size_t x = pre, y = pre, dx0 = 0, dy0 = 0;
    int pending = 0;
    for (size_t i = nops; i-- > 0;) {
      if (ops[i] == '=') {
        if (pending) {
          push_run(out, &cap, DIFF_DELETE, dx0, x, dy0, dy0);
          push_run(out, &cap, DIFF_INSERT, x, x, dy0, y);
          pending = 0;
        }
        push_run(out, &cap, DIFF_EQUAL, x, x + 1, y, y + 1);
        x++, y++;
      } else {
        if (!pending) dx0 = x, dy0 = y, pending = 1;
        if (ops[i] == '-') x++;
        else y++;
      }
    }
    if (pending) {
      push_run(out, &cap, DIFF_DELETE, dx0, x, dy0, dy0);
      push_run(out, &cap, DIFF_INSERT, x, x, dy0, y);
    }
  }
  free(ops);
  push_run(out, &cap, DIFF_EQUAL, a->n - suf, a->n, b->n - suf, b->n);
  for (size_t i = 0; i < out->n; i++)
    if (out->runs[i].kind == DIFF_EQUAL) out->equal += out->runs[i].a1 - out->runs[i].a0;
}

void diff_script_free(diff_script *s) {
  free(s->runs);
  s->runs = NULL;
  s->n = 0;
}

double diff_ratio(const diff_tokens *a, const diff_tokens *b, const diff_script *s) {
  if (!a->n && !b->n) return 1;
  return 2.0 * (double)s->equal / (double)(a->n + b->n);
}

/* Whether a space goes before run R: its first token had one in its own
 * text, or (after a deletion) the deleted words had one before them, so
 * "all | Officers" never runs together as "allOfficers". */
static bool space_before(const diff_tokens *a, const diff_tokens *b, const diff_run *r,
                         const diff_run *prev) {
  bool sp = false;
  if (r->kind == DIFF_DELETE) sp = r->a0 < r->a1 && a->t[r->a0].space;
  else if (r->b0 < r->b1) sp = b->t[r->b0].space;
  if (r->kind == DIFF_EQUAL && r->a0 < r->a1) sp |= a->t[r->a0].space;
  if (r->kind == DIFF_INSERT && prev && prev->kind == DIFF_DELETE && prev->a0 < prev->a1)
    sp |= a->t[prev->a0].space; /* a replacement stands where the deleted words stood */
  return sp;
}

diff_walk diff_walk_start(const diff_tokens *a, const diff_tokens *b, const diff_script *s) {
  diff_walk w = {a, b, s, 0, NULL};
  return w;
}

bool diff_walk_next(diff_walk *w, diff_piece *p) {
  while (w->i < w->s->n) {
    const diff_run *r = &w->s->runs[w->i++];
    bool del = r->kind == DIFF_DELETE;
    p->run = r;
    p->t = del ? w->a : w->b;
    p->from = del ? r->a0 : r->b0;
    p->to = del ? r->a1 : r->b1;
    if (p->from == p->to) continue;
    p->space = w->prev && space_before(w->a, w->b, r, w->prev);
    w->prev = r;
    return true;
  }
  return false;
}

void diff_tokens_text(buf *o, const diff_tokens *t, size_t from, size_t to) {
  for (size_t i = from; i < to; i++) {
    if (t->t[i].space && i > from) buf_putc(o, ' ');
    buf_puts(o, t->t[i].text);
  }
}

char *diff_render_text(const diff_tokens *a, const diff_tokens *b, const diff_script *s) {
  buf o = BUF_INIT;
  diff_walk w = diff_walk_start(a, b, s);
  for (diff_piece p; diff_walk_next(&w, &p);) {
    diff_kind k = p.run->kind;
    if (p.space) buf_putc(&o, ' ');
    if (k != DIFF_EQUAL) buf_puts(&o, k == DIFF_DELETE ? "[-" : "{+");
    diff_tokens_text(&o, p.t, p.from, p.to);
    if (k != DIFF_EQUAL) buf_puts(&o, k == DIFF_DELETE ? "-]" : "+}");
  }
  return buf_detach(&o);
}
