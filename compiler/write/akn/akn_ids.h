/* akn_ids.h - Akoma Ntoso identities of a document: the eId of every node
 * that has a Concord id, and the FRBR Work/Expression URIs.
 *
 * The mapping (docs/akoma-ntoso.md, "eIds"):
 *   section   sec-3 -> sec_3              unnumbered "complaints" -> sec_complaints
 *   clause    para-3.4 -> para_3.4        unnumbered "complaints-a-member" -> para_complaints-a-member
 *   prose     prose-this-guidance -> prose_this-guidance   (hcontainer name="prose")
 *   item      para-1.3-a -> para_1.3__point_a; nested para-1.3-a-ii -> para_1.3__point_a__point_ii
 *   footnote  fn-1 -> authorialNote_1
 * A Concord id that lacks the expected prefix ("sec-", "para-", "prose-",
 * "fn-") keeps all of it after the AKN prefix. The mapping is checked to be
 * one-to-one when it is built: two ids giving one eId is an error.
 *
 * The eId depends only on the node's own Concord id (and, for items, on the
 * owning clause's id), so it is as stable as the Concord id.
 */
#ifndef CONCORD_AKN_IDS_H
#define CONCORD_AKN_IDS_H

#include "base/arena.h"
#include "base/diag.h"
#include "model/model.h"

typedef struct akn_ids akn_ids;

/* Builds the id -> eId map of D. Strings live in A. Returns NULL (and an
 * error in DL) if two Concord ids map to one eId. */
akn_ids *akn_ids_build(arena *a, const cc_document *d, diag_list *dl);
void akn_ids_free(akn_ids *m); /* NULL: nothing */
/* The eId of Concord id ID in this document, or NULL if it names nothing. */
const char *akn_ids_eid(const akn_ids *m, const char *id);

/* Dates: the Work date (adopted, else the earliest history date) and the
 * Expression date (the latest of adopted and history). NULL when the
 * document carries no date at all. *NAME (may be NULL) gets what the date
 * is: "adopted", "earliest-recorded" or "amended". */
const char *akn_work_date(const cc_document *d, const char **name);
const char *akn_expr_date(const cc_document *d, const char **name);

/* "/akn/gb/doc/protocol/<work date or 'undated'>/<slug>" */
char *akn_work_uri(arena *a, const cc_document *d);
/* "<work uri>/eng@<expression date>" ("eng@" when undated: the original) */
char *akn_expr_uri(arena *a, const cc_document *d);
/* "eng" for English (en, en-GB, ...), else the language tag as given. */
const char *akn_language(const cc_document *d);

#endif
