/* versions.h - a council's earlier versions, from dated source files
 * (docs/versions.md).
 *
 * Beside the sources, versions/<slug>/<YYYY-MM-DD>.md holds the text of
 * council <slug> that came into force on that date: a whole source, in
 * the same annotated Markdown. It is read into the model as an earlier
 * version of the current document (doc->versions, oldest first), never
 * as a document of the corpus. Dated files, not the git history: a
 * build is the same from a tarball, a clean clone or a shallow one. */
#ifndef CONCORD_VERSIONS_H
#define CONCORD_VERSIONS_H

#include "base/diag.h"
#include "model/model.h"

/* Reads the versions of every document of C. Refused, with an error at
 * the file: a name that is not a date, a folder whose slug no source
 * has, a text whose slug is another council's, a date on or after the
 * current text's in-force date, and a current text with versions but no
 * in_force date. 0, or -1 with errors in D. */
int versions_read(cc_corpus *c, diag_list *d);

#endif
