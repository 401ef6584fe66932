/* draft_report.h - how one source compares with the corpus: provisions
 * most other councils make that it lacks, and, topic by topic, how far its
 * wording departs from the most common wording (the other councils' most
 * typical clause on the topic), by the clause similarity of similarity.h.
 */
#ifndef CONCORD_DRAFT_REPORT_H
#define CONCORD_DRAFT_REPORT_H

#include "base/buf.h"
#include "author/similarity.h"
#include "model/model.h"

/* Below this similarity to the most common wording, a clause is listed as
 * departing from it. */
#define DRAFT_REPORT_DEPARTS 0.25
/* At or above this similarity to some other council's clause, a clause is
 * that council's wording (copied, with names and titles changed): never
 * "departing", however unusual that council's wording is. */
#define DRAFT_REPORT_COPY 0.90

/* Appends a plain-text report on DOC (a document of C) to OUT. Missing
 * provisions are counted among councils of DOC's class (parish, town and
 * community councils; or principal councils) when the corpus has any,
 * else among all the others. */
void draft_report(buf *out, const cc_corpus *c, const cc_document *doc, const sim_index *s);

#endif
