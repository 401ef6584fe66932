/* diff_version.h - `concord diff OLD.md NEW.md`: what changed between two
 * versions of one council's protocol, clause by clause.
 *
 * Clauses are matched in three passes: identical text (whatever the id:
 * a pure move or renumbering); then the same id, if the texts still share
 * at least 40% of their words; then the most similar remaining pair, if
 * at least 50% alike (moved or renumbered and reworded). The rest are
 * added or removed. Changed clauses get a word diff (diff_words.h).
 */
#ifndef CONCORD_DIFF_VERSION_H
#define CONCORD_DIFF_VERSION_H

#include "base/buf.h"
#include "base/diag.h"
#include "model/model.h"

#include <libxml/tree.h>

/* Appends a self-contained HTML page (TEXT = 0) or terminal text
 * (TEXT = 1) to OUT. 0, or -1 with errors in D. */
int diff_version_run(const char *old_path, const char *new_path, int text, buf *out,
                     diag_list *d);

/* The redline of OD -> ND (two versions in the model) appended to PARENT:
 * a summary line, what the marks mean, and a section per clause with its
 * heading at level HLEVEL (2 or 3) and its words marked with <del> and
 * <ins>. The published versions' pages use it (diff_site.h). */
void diff_version_append(xmlNodePtr parent, const cc_document *od, const cc_document *nd,
                         int hlevel);

#endif
