/* linker.h - topics and equivalents across the corpus.
 *
 * Resolves each clause's topic keys against the taxonomy, builds
 * topic -> clauses, and derives every clause's equivalents: the clauses of
 * *other* councils that share a topic key (same provision), in corpus order.
 */
#ifndef CONCORD_LINKER_H
#define CONCORD_LINKER_H

#include "base/diag.h"
#include "model/model.h"

/* Checks corpus-wide invariants (unique slugs) and resolves topics.
 * REQUIRE_TOPICS: a clause without a topic is a warning. 0 or -1. */
int linker_resolve_topics(cc_corpus *c, int require_topics, diag_list *d);
/* Fills topic->clauses (corpus order). */
void linker_link(cc_corpus *c);
/* The equivalents of CL: clauses of other councils sharing one of its
 * topics, each once, in corpus order (document, then clause). Derived on
 * demand from topic->clauses after linker_link (stored per clause they
 * would be quadratic in the corpus). Reads the model only, so writers may
 * call it from several threads. Returns the count; *OUT gets a malloc'd
 * array (caller frees), NULL when there are none. */
size_t linker_equivalents(const cc_clause *cl, const cc_clause ***out);
/* The first MAX of them (returned count, *OUT as above, possibly longer
 * than MAX) and in *TOTAL how many there are: cheap for the usual clause
 * with one topic, whatever the size of the corpus. */
size_t linker_equivalents_head(const cc_clause *cl, size_t max, const cc_clause ***out,
                               size_t *total);

#endif
