/* linker.h - topics and equivalents across the corpus.
 *
 * Resolves the topic keys of each clause and sub-item against the
 * taxonomy (a clause's topics are its own and its items'), builds
 * topic -> clauses and topic -> provisions, and derives equivalents: the
 * clauses, or provisions, of *other* councils that share a topic key (the
 * same provision), in corpus order. Suggestions ({topic?=...}) are
 * counted and reported, never linked.
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
/* concord watch: the checks and topics of linker_resolve_topics for DOC
 * alone, which is to replace c->docs[INDEX] (its slug must differ from
 * every other document's). 0 or -1. */
int linker_resolve_document(cc_corpus *c, cc_document *doc, size_t index, int require_topics,
                            diag_list *d);
/* Puts NEW (resolved) in place of c->docs[INDEX] in a linked corpus and
 * relinks only what changed: the lists of the topics either version
 * carries, and the equivalents totals of the clauses sharing a topic whose
 * list changed shape (a clause gained or lost a topic); for an edit of
 * words only, NEW's totals are the old document's. The result is the
 * model linker_link makes of the new corpus. Returns how many topics
 * changed shape. The old document stays in the arena (its id index is the
 * caller's to free). */
int linker_replace_document(cc_corpus *c, size_t index, cc_document *nw);
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

/* ---- provisions (docs/provisions.md) ----------------------------------- */

/* The provisions CL makes: the clause as a whole when it has topics of its
 * own, then each sub-item with topics, in the order written. Returns the
 * count; *OUT is malloc'd (caller frees), also when the count is 0. */
size_t linker_clause_provisions(const cc_clause *cl, cc_provision **out);
/* The equivalents of provision P: the provisions of other councils that
 * share one of its topics, each once, in corpus order (document, clause,
 * the clause before its items). Thread-safe, as linker_equivalents.
 * Returns the count; *OUT is malloc'd (caller frees), NULL when none. */
size_t linker_provision_equivalents(const cc_provision *p, cc_provision **out);
/* The first MAX of them (returned count; *OUT malloc'd, possibly longer
 * than MAX, NULL when none) and in *TOTAL how many there are: one pass
 * over the topic's list for the usual provision with one topic, so a
 * writer citing a few of them costs O(corpus), not a sort, per provision. */
size_t linker_provision_equivalents_head(const cc_provision *p, size_t max, cc_provision **out,
                                         size_t *total);

#endif
