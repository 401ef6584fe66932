/* similarity.h - how alike two clauses' wording is, for drafting and import.
 *
 * Uses the aligner's TF-IDF cosine (align.h) when the aligner is built in,
 * and a small built-in scorer otherwise (or when asked for): cosine of
 * case-folded word counts, stop words dropped. Both ignore topic
 * annotations. Scores are in [0,1].
 */
#ifndef CONCORD_SIMILARITY_H
#define CONCORD_SIMILARITY_H

#include <stdbool.h>

#include "model/model.h"

typedef struct sim_index sim_index;

/* Indexes every clause of C. BUILTIN: use the built-in scorer even when
 * the aligner is available. */
sim_index *sim_build(const cc_corpus *c, bool builtin);
double sim_score(const sim_index *s, const cc_clause *a, const cc_clause *b);
/* "aligner" or "built-in" */
const char *sim_method(const sim_index *s);
void sim_free(sim_index *s); /* NULL: nothing */

#endif
