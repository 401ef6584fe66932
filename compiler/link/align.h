/* align.h - proposes equivalent provisions across councils from their
 * text and the taxonomy's definitions (never the topic annotations).
 *
 * Units are provisions (docs/provisions.md), found from the structure
 * alone: a clause without sub-items is one unit, and each sub-item of a
 * list clause is one, scored with its clause's lead-in as context; the
 * sentences of a unit are its segments, so a clause that makes two
 * provisions in two sentences meets each through one of them.
 *
 * Method (docs/aligner.md): every unit, and every segment of it
 * (sentence), becomes a BM25-weighted vector over stemmed
 * content words (local-government synonyms folded first), adjacent word
 * pairs and character 4-grams (align_text.h), with document frequencies
 * counted over segments. Candidates come from two impact-ordered inverted
 * indexes, of clauses and of segments (each query looks up only its
 * highest-weighted terms, each term keeps only its highest-weighted
 * postings, each query keeps only its best-accumulating units), so the
 * number of pairs scored grows linearly with the corpus, not
 * quadratically. A pair's text score is half its whole-clause cosine
 * plus half its best segment-pair cosine. By default the taxonomy's
 * definitions are a pivot (align_topics.h): the pair score is 0.3 x text
 * + 0.7 x how well both clauses read as one topic's definition, and
 * clauses reading as the same topic are candidates too. With text alone
 * (--text-only, or no taxonomy) a few-to-few assignment between each pair
 * of councils instead keeps a pair only when it is (nearly) the best
 * match for both of its clauses. Each clause then keeps at most
 * max_per_clause pairs, so the output is linear too. Topic annotations
 * are never read. Deterministic: ties break on corpus order, whatever
 * the thread count.
 */
#ifndef CONCORD_ALIGN_H
#define CONCORD_ALIGN_H

#include <stddef.h>

#include "model/model.h"

/* Default thresholds, with and without the taxonomy pivot: the lowest
 * with precision >= 0.90 against the annotations of the five councils
 * (with the pivot, 0.26 reaches 0.908 but 0.27, at 0.920, keeps a pair of
 * margin; docs/aligner.md). */
#define ALIGN_DEFAULT_MIN_SCORE 0.27
#define ALIGN_TEXT_MIN_SCORE 0.30
/* Each unit keeps its best max_per_clause pairs and a pair is proposed
 * when either of its units keeps it. On the five councils 20 changes
 * nothing from --min-score 0.05 up (the default threshold needs 6); on
 * large corpora it keeps the output linear (docs/aligner.md). */
#define ALIGN_DEFAULT_MAX_PER_CLAUSE 20
/* The taxonomy pivot (align_topics.h): a unit names the topic whose
 * definition it is most like from cosine 0.15 (where, on the five
 * councils, nine in ten such namings agree with the annotations), and the
 * pair score weighs the topic score 0.7 and the text score 0.3
 * (docs/aligner.md). */
#define ALIGN_TOPIC_WEIGHT 0.7
#define ALIGN_TOPIC_MIN_SIM 0.15

typedef struct align_opts {
  double min_score;      /* pairs below this are not proposed */
  double ratio;          /* few-to-few: keep (a,b) only if its score is at
                            least ratio x a's best in b's council and
                            ratio x b's best in a's council (1 = one-to-one) */
  size_t top_terms;      /* terms of a clause used to look up candidates */
  size_t max_postings;   /* postings kept per term, highest weight first */
  size_t max_candidates; /* candidates scored per clause (clause index) */
  size_t max_seg_candidates; /* candidate segments per segment (segment
                                index); their clauses are scored too */
  size_t max_per_clause; /* pairs each clause keeps, best first; a pair
                            is proposed if either clause keeps it
                            (0 = no limit) */
  int use_taxonomy;      /* read the taxonomy's definitions as a pivot
                            (align_topics.h); 0: text alone */
  double topic_weight;   /* score = (1 - w) x text score + w x topic score */
  double topic_min_sim;  /* a unit names its closest topic from this cosine */
  size_t max_topic_candidates; /* clauses of other councils taken as
                            candidates per topic a clause reads as */
  int threads;           /* threads for candidates and scoring; the
                            result does not depend on it */
  int provisions;        /* 1: units are provisions (each sub-item of a
                            list clause is one); 0: whole clauses, as
                            align_index_similarity's callers compare */
  int context;           /* an item's unit vector also holds its clause's
                            lead-in (its segments do not) */
} align_opts;

typedef struct align_pair {
  double score;         /* pair score in [0,1] */
  cc_provision a;       /* earlier in corpus order */
  cc_provision b;       /* (item NULL: the clause as a whole) */
  const cc_topic *via;  /* the taxonomy topic both read as, or NULL */
} align_pair;

typedef struct align_result {
  align_pair *pairs;  size_t npairs;   /* proposed, best first */
  size_t *ranked; size_t nranked;      /* what would be proposed at
                                          --min-score 0, as indexes into
                                          scored: pairs is its prefix at
                                          or above min_score */
  align_pair *scored; size_t nscored;  /* every candidate scored, any score */
  size_t nclauses, ncouncils;
  size_t nunits;      /* units compared: provisions (or clauses) */
  size_t cross_pairs; /* cross-council pairs an all-pairs method would score */
  size_t postings;    /* inverted-index entries visited */
} align_result;

typedef struct align_index align_index;

/* The default: text and the taxonomy's definitions. */
void align_opts_default(align_opts *o);
/* Turns O into the text-only aligner (no pivot; few-to-few ratio 0.5,
 * threshold ALIGN_TEXT_MIN_SCORE), as used when there is no taxonomy or
 * with --text-only. */
void align_opts_text_only(align_opts *o);

/* Builds the term vectors and the inverted index for every clause of C. */
align_index *align_index_build(const cc_corpus *c, const align_opts *o);
void align_index_free(align_index *x); /* NULL: nothing */
/* Text similarity of two clauses of the indexed corpus, in [0,1]: half
 * the cosine of the whole clauses plus half the best cosine between a
 * segment of one and a segment of the other (no taxonomy pivot). With
 * provision units, the best over the units of each clause. */
double align_index_similarity(const align_index *x, const cc_clause *a, const cc_clause *b);

/* Proposes pairs. R is filled (free with align_result_free). */
void align_run(const align_index *x, const align_opts *o, align_result *r);
void align_result_free(align_result *r);

/* The aligner against the topic annotations, at provision level. The
 * annotated provisions are the clauses with topics of their own and the
 * sub-items with topics; two of different councils that share a topic
 * key are a true pair. A unit stands for the annotated provisions that
 * cover it (its item, if annotated, and its clause, if the clause has
 * topics of its own), so a proposed pair of units is the pair of
 * provisions through which they share a topic, or, when none does, the
 * pair of their most specific provisions (a false pair); pairs of units
 * that map to one pair of provisions count once, at the best score. A
 * unit no annotated provision covers is not judged. */
enum { ALIGN_KIND_CLAUSE, ALIGN_KIND_LIST, ALIGN_KIND_ITEM, ALIGN_NKINDS };
/* pair kinds: kind pairs (i <= j), ALIGN_NKINDS x (ALIGN_NKINDS + 1) / 2 */
#define ALIGN_NPAIR_KINDS 6

typedef struct align_audit_pair {
  double score;          /* best score of a unit pair mapping to it, or 0 */
  cc_provision a, b;     /* annotated provisions, a earlier */
  const cc_topic *via;
  int kind;              /* ALIGN_NPAIR_KINDS index */
  int truth;             /* share a topic key */
  size_t ia, ib;         /* their numbers among the annotated provisions
                            (corpus order) */
} align_audit_pair;

typedef struct align_audit {
  size_t tp, fp, fn;
  size_t unjudged;          /* proposed unit pairs with a unit no annotated
                               provision covers */
  size_t provisions;        /* annotated provisions */
  size_t nprov_kind[ALIGN_NKINDS];
  double precision, recall; /* 1 when the denominator is 0 */
  double ap;                /* average precision over the whole ranking */
  double r_at_p[3];         /* best recall at precision >= .90, .80, .50 */
  size_t truth_kind[ALIGN_NPAIR_KINDS], tp_kind[ALIGN_NPAIR_KINDS],
      fp_kind[ALIGN_NPAIR_KINDS];
  align_audit_pair *missed; size_t nmissed; /* true pairs not proposed */
  align_audit_pair *extra;  size_t nextra;  /* proposed false pairs */
} align_audit;

/* "clause", "list" (a list clause as a whole), "item". */
const char *align_kind_name(int kind);
/* "clause-clause", "item-clause", ... for a pair kind index. */
const char *align_pair_kind_name(int pair_kind);
/* The pair kind of two provision kinds. */
int align_pair_kind(int ka, int kb);
/* The kind of provision P (as a judged provision). */
int align_provision_kind(const cc_provision *p);

void align_audit_run(const align_result *r, const cc_corpus *c, align_audit *a);
void align_audit_free(align_audit *a);

#endif
