/* linker.h - topics and equivalents across the corpus.
 *
 * Resolves each clause's topic keys against the taxonomy, builds
 * topic -> clauses, and gives every clause its equivalents: the clauses of
 * *other* councils that share a topic key (same provision), in corpus order.
 */
#ifndef CONCORD_LINKER_H
#define CONCORD_LINKER_H

#include "diag.h"
#include "model.h"

/* Checks corpus-wide invariants (unique slugs) and resolves topics.
 * REQUIRE_TOPICS: a clause without a topic is a warning. 0 or -1. */
int linker_resolve_topics(cc_corpus *c, int require_topics, diag_list *d);
/* Fills topic->clauses and clause->equivalents. */
void linker_link(cc_corpus *c);

#endif
