/* diff_lcs.c - similarity by bit-parallel LCS (see diff_lcs.h). */
#include "write/diff/diff_lcs.h"
#include "base/arena.h"

#include <stdlib.h>

void diff_lcs_init(diff_lcs *p, const diff_tokens *a, size_t nterms) {
  p->a = a;
  p->words = a->n / 64 + 1;
  p->masks = xcalloc((nterms + 1) * p->words, sizeof *p->masks);
  p->v = xmalloc(p->words * sizeof *p->v);
  for (size_t i = 0; i < a->n; i++)
    p->masks[(size_t)a->t[i].id * p->words + i / 64] |= (uint64_t)1 << (i % 64);
}

void diff_lcs_free(diff_lcs *p) {
  free(p->masks);
  free(p->v);
}

double diff_lcs_ratio(diff_lcs *p, const diff_tokens *b, size_t max_cost) {
  const diff_tokens *a = p->a;
  if (!a->n && !b->n) return 1;
  size_t W = p->words;
  uint64_t *v = p->v;
  for (size_t w = 0; w < W; w++) v[w] = ~(uint64_t)0;
  for (size_t j = 0; j < b->n; j++) {
    const uint64_t *m = p->masks + (size_t)b->t[j].id * W;
    uint64_t carry = 0;
    for (size_t w = 0; w < W; w++) {
      uint64_t u = v[w] & m[w], x = v[w] & ~m[w];
      uint64_t sum = v[w] + u, c1 = sum < v[w];
      uint64_t sum2 = sum + carry, c2 = sum2 < sum;
      carry = c1 | c2;
      v[w] = sum2 | x;
    }
  }
  size_t ones = 0;
  for (size_t w = 0; w < W; w++) {
    uint64_t x = v[w];
    size_t bits = w + 1 < W ? 64 : a->n % 64;
    if (bits < 64) x &= ((uint64_t)1 << bits) - 1;
    ones += (size_t)__builtin_popcountll(x);
  }
  size_t lcs = a->n - ones;
  if (max_cost && a->n + b->n - 2 * lcs > max_cost) { /* diff_words gives up there: agree */
    diff_script s;
    diff_words(a, b, max_cost, &s);
    double r = diff_ratio(a, b, &s);
    diff_script_free(&s);
    return r;
  }
  return 2.0 * (double)lcs / (double)(a->n + b->n);
}
