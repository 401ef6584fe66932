/* align_topics.h - the taxonomy's definitions as a pivot for the aligner.
 *
 * Two clauses make the same provision when both make the provision a topic
 * of the shared taxonomy defines. Each topic's label and definition become
 * a vector like any clause's (same terms, same idf); each unit of a clause
 * (the whole clause and each of its segments) names the topic whose
 * definition it is most like, when that cosine reaches the floor; a clause
 * then "reads as" those topics, with the best cosine any of its units
 * reached. A pair's topic score is, over the topics both clauses read as,
 * the best of the smaller of their two cosines.
 *
 * Only the definitions are read: which topics a clause is *annotated*
 * with never enters (docs/aligner.md).
 */
#ifndef CONCORD_ALIGN_TOPICS_H
#define CONCORD_ALIGN_TOPICS_H

#include "link/align_vec.h"

typedef struct align_topic_sim {
  uint32_t topic;
  double sim;
} align_topic_sim;

typedef struct align_topics {
  size_t ntopics, nclauses;
  align_topic_sim **of;  /* by clause: the topics it reads as, by topic */
  size_t *nof;
  uint32_t **members;    /* by topic: clauses reading as it, best cosine
                            first, ties in corpus order */
  size_t *nmembers;
} align_topics;

/* Fills TP for NCLAUSES clauses with vectors CV, segments SV (clause k's
 * are SV[seg_first[k] .. seg_first[k+1])), against NTOPICS topic vectors
 * TV over NTERMS term ids. Units below MIN_SIM name no topic. Runs on
 * THREADS threads; the result does not depend on their number. */
void align_topics_build(align_topics *tp, const align_vec *tv, size_t ntopics, size_t nterms,
                        const align_vec *cv, const align_vec *sv, const size_t *seg_first,
                        size_t nclauses, double min_sim, int threads);

/* The topic score of clauses A and B (0 when they read as no common
 * topic); *VIA gets the topic it came through (or -1). */
double align_topics_pair(const align_topics *tp, size_t a, size_t b, int32_t *via);

void align_topics_free(align_topics *tp);

#endif
