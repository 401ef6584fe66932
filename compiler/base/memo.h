/* memo.h - a bounded, thread-safe map from strings to strings: work that
 * a build may remember for the next build of the same process.
 *
 * Who owns one: the build (build/pipeline.c: the session `concord watch`
 * keeps between saves). Who uses one: the code that computes the values
 * (a writer, given the memo through writer_config), which asks before
 * computing and tells after. The memo holds no meaning of its own, so the
 * key must be exactly what the value is computed from: equal keys must
 * give equal values.
 *
 * Keys and values are copied. Past MAX entries the memo forgets
 * everything at once: what it holds is only a saving, keys that will not
 * come again (the earlier words of an edited clause) pile up, and
 * forgetting whole keeps no order. Every call takes the memo's own lock,
 * so writers on several threads may share one.
 */
#ifndef CONCORD_MEMO_H
#define CONCORD_MEMO_H

#include <stddef.h>

#include "base/buf.h"

typedef struct memo memo;

/* MAX: entries held before the memo forgets them all (at least 1). */
memo *memo_new(size_t max);
void memo_free(memo *m); /* NULL: nothing */

/* KEY's value appended to OUT: 1; or 0, OUT untouched, if KEY is unknown.
 * Counts a hit or a miss. */
int memo_get(memo *m, const char *key, buf *out);
/* Remembers VALUE (LEN bytes) for KEY. A KEY already known (another
 * thread computed it too) keeps its value. */
void memo_put(memo *m, const char *key, const char *value, size_t len);

/* What the memo did since it was made (`concord watch -v` prints the
 * difference between two builds). */
typedef struct memo_stats {
  size_t hits, misses; /* memo_get calls that found a value, and not */
  size_t entries;      /* held now */
  size_t forgets;      /* times it was full and forgot everything */
} memo_stats;
memo_stats memo_get_stats(memo *m);

#endif
