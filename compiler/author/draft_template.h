/* draft_template.h - generates the model protocol
 * (sources/templates/protocol.md) from the corpus.
 *
 * For every topic of the taxonomy, in taxonomy order, one council's clause
 * is chosen as the recommended provision: the most typical wording (the
 * clause most similar, on average, to the other councils' clauses on the
 * same topic), preferring clauses that make few provisions already
 * covered and never one with an internal cross-reference or a footnote
 * (those would not resolve in a new document). Its words are kept; only
 * the council's name and role titles become placeholders. The clause goes
 * under the section of its topic's theme, tagged with every topic it makes
 * (the one it was chosen for first) and a note naming its origin.
 */
#ifndef CONCORD_DRAFT_TEMPLATE_H
#define CONCORD_DRAFT_TEMPLATE_H

#include "base/diag.h"
#include "author/similarity.h"
#include "model/model.h"

/* Returns the template as Markdown (malloc'd); topics no clause can
 * represent are reported as warnings in D. */
char *draft_template_generate(const cc_corpus *c, const sim_index *s, diag_list *d);

/* How typical CL's wording is for topic T: mean similarity to the other
 * councils' clauses on T (0.5 when no other council has T). */
double draft_template_typicality(const cc_corpus *c, const sim_index *s, const cc_topic *t,
                                 const cc_clause *cl);

#endif
