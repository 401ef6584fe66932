/* draft_sim.h - how alike two clauses' wording is, for drafting and import.
 *
 * Uses the aligner's TF-IDF cosine (align.h) when the aligner is built in,
 * and a small built-in scorer otherwise (or when asked for): cosine of
 * case-folded word counts, stop words dropped. Both ignore topic
 * annotations. Scores are in [0,1].
 */
#ifndef CONCORD_DRAFT_SIM_H
#define CONCORD_DRAFT_SIM_H

#include <stdbool.h>

#include "model/model.h"

typedef struct draft_sim draft_sim;

/* Indexes every clause of C. BUILTIN: use the built-in scorer even when
 * the aligner is available. */
draft_sim *draft_sim_build(const cc_corpus *c, bool builtin);
double draft_sim_score(const draft_sim *s, const cc_clause *a, const cc_clause *b);
/* "aligner" or "built-in" */
const char *draft_sim_method(const draft_sim *s);
void draft_sim_free(draft_sim *s); /* NULL: nothing */

#endif
