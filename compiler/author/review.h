/* review.h - reviewing topic suggestions ({topic?=key}): what `concord
 * review` shows and how it edits the source (docs/provisions.md,
 * "Reviewing suggestions").
 *
 * review_open finds every suggestion of one document of a linked corpus
 * (the reader's cc_clause.suggested and cc_item.suggested), locates each
 * key and its {...} block in the source's bytes, and scores it:
 *
 *   definition = cosine(unit, the topic's label and definition)
 *   closest    = the best cosine(unit, provision) over the provisions of
 *                other councils that make the topic (0 when none does)
 *   score      = (definition + closest) / 2, in [0,1]
 *
 * The cosine is over the aligner's terms (align_text.h: stemmed content
 * words, local-government synonyms folded), weighted 1 + log tf times
 * idf = log(1 + N / df) counted over the N provisions of the corpus
 * (every clause and every sub-item). A unit's words are a clause's text,
 * or an item's text after its clause's lead-in (the clause's first
 * paragraph), on both sides of a comparison.
 *
 * Decisions are then applied to the bytes (review_apply): accepting turns
 * `topic?=k` into an annotation in the same block (appended to the
 * block's topic= if it has one, else written `topic=k` where the
 * suggestion was), rejecting removes the key, and a `topic?=` left empty
 * is removed, and a block left empty with the spaces before it (or its
 * whole line, when it stood alone on one). Every other byte is kept.
 * review_write replaces the file atomically, and only if it still holds
 * the bytes that were reviewed. Nothing here prints.
 */
#ifndef CONCORD_REVIEW_H
#define CONCORD_REVIEW_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model/model.h"

typedef enum {
  REVIEW_LEAVE,  /* not decided (skipped): the suggestion stays */
  REVIEW_ACCEPT, /* becomes topic=key */
  REVIEW_REJECT, /* removed */
  REVIEW_PICK    /* removed, and topic=pick written instead */
} review_action;

/* The closest wording of one other council that makes the topic. */
typedef struct review_wording {
  const cc_document *doc;
  cc_provision prov;
  double sim;
} review_wording;

typedef struct review_suggestion {
  const char *key;        /* as written */
  int line, col;          /* of the key in the source (1-based, bytes) */
  size_t key_off;         /* byte offset of the key in the source */
  size_t block_start;     /* offset of the block's '{' */
  size_t block_end;       /* offset just past its '}' */
  cc_provision unit;      /* the clause (item NULL) or the item it is on */
  const cc_topic *topic;  /* NULL: the key is not in the taxonomy */
  double definition, closest, score; /* 0 when TOPIC is NULL */
  review_wording *wordings; size_t nwordings; /* one per other council
                             that makes the topic, corpus order */
  review_action action;
  const char *pick;       /* REVIEW_PICK: the topic key written instead */
} review_suggestion;

typedef struct review_ctx review_ctx; /* term statistics (private) */

typedef struct review_set {
  const char *path;             /* the source, as given */
  const char *text; size_t len; /* its bytes, as read before loading */
  const cc_corpus *corpus;
  const cc_document *doc;
  review_suggestion *items; size_t n; /* document order */
  arena *a;                     /* strings of this set */
  review_ctx *ctx;
} review_set;

/* Finds and scores the suggestions of DOC (a document of the linked corpus
 * C, read from TEXT, LEN bytes). 0, or -1 with errors in D (a suggestion
 * that is not where the reader saw it: the file changed while it was
 * read). Free with review_close, also after an error. */
int review_open(review_set *rs, const cc_corpus *c, const cc_document *doc, const char *text,
                size_t len, diag_list *d);
void review_close(review_set *rs);

/* The words of a unit as review compares them: the clause's text, or the
 * item's after its clause's lead-in. Valid until review_close. */
const char *review_unit_words(review_set *rs, const cc_provision *unit);
/* The lead-in of an item's clause (its first paragraph, or its heading),
 * or NULL for a clause. Valid until review_close. */
const char *review_lead_in(review_set *rs, const cc_provision *unit);

/* Scores topic T for UNIT as above; *DEF and *CLOSEST get the parts (may
 * be NULL). */
double review_score(review_set *rs, const cc_provision *unit, const cc_topic *t, double *def,
                    double *closest);

/* The taxonomy's topics best scored for UNIT, best first (ties: taxonomy
 * order): up to MAX into OUT (and their scores into SCORES). Returns the
 * count. */
size_t review_rank_topics(review_set *rs, const cc_provision *unit, size_t max,
                          const cc_topic **out, double *scores);

/* Records decisions: every suggestion whose score is at least MIN and
 * whose key is in the taxonomy is accepted. Returns how many. */
size_t review_accept_above(review_set *rs, double min);

/* The source's bytes with the decisions applied (malloc'd; *LEN gets the
 * length); only the annotation blocks of decided suggestions change. */
char *review_apply(const review_set *rs, size_t *len);

/* Writes DATA over PATH atomically (a temporary file beside it, then
 * rename; PATH's permissions are kept), but only if PATH still holds the
 * LEN bytes ORIG: otherwise nothing is written and D gets an error at the
 * first line and column that differ. 0 or -1. */
int review_write(const char *path, const char *orig, size_t olen, const char *data, size_t len,
                 diag_list *d);

#endif
