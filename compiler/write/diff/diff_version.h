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

/* Appends a self-contained HTML page (TEXT = 0) or terminal text
 * (TEXT = 1) to OUT. 0, or -1 with errors in D. */
int diff_version_run(const char *old_path, const char *new_path, int text, buf *out,
                     diag_list *d);

#endif
