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

/* Appends a plain-text report on DOC (a document of C) to OUT. */
void draft_report(buf *out, const cc_corpus *c, const cc_document *doc, const sim_index *s);

#endif
