/* diff_words.h - word-level differences between two texts (Myers' O(ND)
 * algorithm over word tokens).
 *
 * Texts are split into tokens: words (letters and digits, with internal
 * apostrophes and hyphens) and single punctuation marks; each token
 * remembers whether a space preceded it, so the text can be rebuilt.
 * Tokens compare exactly, or case-folded (utf8proc) when asked. Used by
 * the topic pages (clause against the reference wording) and by
 * `concord diff` (old clause against new).
 */
#ifndef CONCORD_DIFF_WORDS_H
#define CONCORD_DIFF_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

typedef struct diff_token {
  char *text;  /* the token as written (in its list's pool) */
  char *key;   /* what is compared: text, or its case fold */
  unsigned id; /* 0, or the key interned by the caller (equal ids <=> equal
                  keys, when both tokens have one): compared instead of the
                  strings, so many diffs over one vocabulary stay cheap */
  bool space;  /* whitespace came before it in the source */
} diff_token;

typedef struct diff_tokens {
  diff_token *t;
  size_t n;
  char *pool; /* every token's text and key, back to back: one block a list */
} diff_tokens;

typedef enum { DIFF_EQUAL, DIFF_DELETE, DIFF_INSERT } diff_kind;

/* One run of the edit script. EQUAL: a[a0..a1) == b[b0..b1); DELETE:
 * a[a0..a1) is not in b; INSERT: b[b0..b1) is not in a. Runs come in text
 * order; at a replacement the DELETE run comes before the INSERT run. */
typedef struct diff_run {
  diff_kind kind;
  size_t a0, a1, b0, b1;
} diff_run;

typedef struct diff_script {
  diff_run *runs;
  size_t n;
  size_t equal; /* tokens in EQUAL runs */
} diff_script;

void diff_tokenize(const char *text, bool fold, diff_tokens *out);
void diff_tokens_free(diff_tokens *t);
/* Gives every token of the N lists the id of its key (1, 2, ... by first
 * appearance), so diff_words compares integers instead of strings.
 * Returns the number of distinct keys (the largest id). */
size_t diff_tokens_intern(diff_tokens *lists, size_t n);

/* The shortest edit script from A to B. Above MAX_COST edits (0: no limit)
 * it gives up on detail and returns "delete all of A, insert all of B",
 * which keeps pathological inputs linear. */
void diff_words(const diff_tokens *a, const diff_tokens *b, size_t max_cost, diff_script *out);
void diff_script_free(diff_script *s);

/* Similarity of A and B from a script: 2 x equal tokens / (|A| + |B|), in
 * [0,1] (1 when both are empty). */
double diff_ratio(const diff_tokens *a, const diff_tokens *b, const diff_script *s);

/* Rendering a script from A to B as B's text with the deleted words shown
 * too: the terminal and HTML renderings walk it the same way.
 *
 *   diff_walk w = diff_walk_start(a, b, s);
 *   for (diff_piece p; diff_walk_next(&w, &p);) ...
 */
typedef struct diff_piece {
  const diff_run *run;
  const diff_tokens *t; /* A's tokens for a DELETE, B's otherwise */
  size_t from, to;      /* the run's tokens in T, never empty */
  bool space;           /* a space goes before it (never before the first) */
} diff_piece;
typedef struct diff_walk {
  const diff_tokens *a, *b;
  const diff_script *s;
  size_t i;
  const diff_run *prev; /* the last piece's run */
} diff_walk;
diff_walk diff_walk_start(const diff_tokens *a, const diff_tokens *b, const diff_script *s);
/* The next non-empty run as *P; false at the end. */
bool diff_walk_next(diff_walk *w, diff_piece *p);
/* Appends tokens [FROM, TO) of T, with a space before each but the first
 * that had one in its text. */
void diff_tokens_text(buf *o, const diff_tokens *t, size_t from, size_t to);

/* Terminal rendering: B's text with "[-deleted-]" and "{+inserted+}" marks
 * (wdiff's notation). Returns a malloc'd string. */
char *diff_render_text(const diff_tokens *a, const diff_tokens *b, const diff_script *s);

#endif
