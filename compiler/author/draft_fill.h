/* draft_fill.h - one council's draft from the model protocol and answers.
 *
 * Keeps the template's clauses whose first topic (the provision each was
 * chosen for) the answers include, drops the other topics' keys from
 * their annotations, swaps in another council's wording where the answers
 * ask for it, renumbers sections and clauses consecutively and fills the
 * %%placeholders%%. The result is a source that `concord build --werror`
 * accepts.
 */
#ifndef CONCORD_DRAFT_FILL_H
#define CONCORD_DRAFT_FILL_H

#include "base/diag.h"
#include "author/draft_answers.h"
#include "author/draft_variant.h"
#include "author/similarity.h"
#include "model/model.h"

/* TEMPLATE (TEMPLATE_PATH for diagnostics) filled from A. C is the
 * corpus (taxonomy and the councils whose wording may be chosen), S its
 * similarity, V the variants table (NULL: every provision fits): a clause
 * whose condition the answers' profile fails is left out, a variant's
 * wording replaces the template's, fill-ins are added and obsolete names
 * marked [REPLACE: ...] with a warning in D. Returns the Markdown
 * (malloc'd) or NULL with errors in D. */
char *draft_fill(const char *template_text, const char *template_path, const draft_answers *a,
                 const cc_corpus *c, const sim_index *s, const dv_table *v, diag_list *d);

#endif
