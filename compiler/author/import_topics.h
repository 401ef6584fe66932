/* import_topics.h - suggested topics for imported clauses.
 *
 * An imported clause gets the topics of the corpus clauses whose wording
 * is most like it (similarity.h: the aligner's cosine when built in): each
 * topic scores the best similarity among the clauses that carry it; the
 * best topic is suggested if it reaches IMPORT_TOPIC_MIN, and up to
 * IMPORT_TOPIC_MAX others within IMPORT_TOPIC_RATIO of it. Only other
 * councils' clauses are consulted (the imported council's own hand-made
 * source, if any, is left out of the corpus by the caller). Topics are
 * written as suggestions ({topic?=a,b}: never linked or published until
 * `concord review` accepts them), and never on a heading: a clause
 * printed as a heading gets them on its first paragraph.
 */
#ifndef CONCORD_IMPORT_TOPICS_H
#define CONCORD_IMPORT_TOPICS_H

#include "base/diag.h"
#include "author/similarity.h"
#include "author/import_text.h"
#include "model/model.h"

#define IMPORT_TOPIC_MIN 0.15
#define IMPORT_TOPIC_RATIO 0.80
#define IMPORT_TOPIC_MAX 3

/* MD is DOC's Markdown read back into corpus C (so its clauses can be
 * compared); S indexes C. Returns one malloc'd attribute block per unit
 * of DOC ("{topic?=a,b}") or NULL; free with import_topics_free.
 * Clauses with no suggestion are warnings in D at their input line. */
typedef struct import_topic_opts {
  double min_score, ratio;
  size_t max_topics;
} import_topic_opts;
void import_topic_opts_default(import_topic_opts *o);

char **import_topics_suggest(imp_doc *doc, const cc_document *md, const cc_corpus *c,
                             const sim_index *s, const import_topic_opts *o, const char *path,
                             diag_list *d);
void import_topics_free(char **attrs, size_t n);

#endif
