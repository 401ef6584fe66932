/* diff_lcs.h - the similarity of two token lists (diff_ratio's number)
 * from the length of their longest common subsequence, computed
 * bit-parallel (Allison-Dix / Hyyro: one pass over B, |A|/64 words per
 * token) instead of by Myers' O((n+m)D) search for the edit script.
 *
 * For pages that need a wording's similarity before deciding whether to
 * show its word diff: unlike wordings (large D) are the slow ones for
 * Myers and the ones shown without a diff. The tokens must be interned
 * (diff_tokens_intern) together. */
#ifndef CONCORD_DIFF_LCS_H
#define CONCORD_DIFF_LCS_H

#include <stddef.h>
#include <stdint.h>

#include "write/diff/diff_words.h"

typedef struct diff_lcs {
  const diff_tokens *a;
  size_t words;    /* 64-bit words per mask */
  uint64_t *masks; /* [id][word]: where token id occurs in A */
  uint64_t *v;     /* scratch row */
} diff_lcs;

/* Set up once per A; NTERMS: the largest token id (diff_tokens_intern's
 * count). */
void diff_lcs_init(diff_lcs *p, const diff_tokens *a, size_t nterms);
void diff_lcs_free(diff_lcs *p);
/* What diff_ratio gives for diff_words(A, B, MAX_COST): the same number,
 * as the shortest edit script keeps the longest common subsequence (past
 * MAX_COST edits, where diff_words gives up, it is diff_words'). */
double diff_lcs_ratio(diff_lcs *p, const diff_tokens *b, size_t max_cost);

#endif
