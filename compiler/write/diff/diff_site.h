/* diff_site.h - a council's earlier versions on the site (docs/versions.md).
 *
 * For a document with earlier versions (doc->versions, read from dated
 * source files by read/versions.c), writes each version's page,
 * site/<slug>/<YYYY-MM-DD>.html (the council page's rendering, with a
 * "this is not the current version" notice), and the redline of each
 * change, site/<slug>/changes-<YYYY-MM-DD>.html: what changed between the
 * version before that date and the one in force from it, clause by
 * clause (diff_version.h). Versions are history only: they get no PDF,
 * no place in the matrix, the topic pages or the search index. */
#ifndef CONCORD_DIFF_SITE_H
#define CONCORD_DIFF_SITE_H

#include "base/diag.h"
#include "base/outdir.h"
#include "model/model.h"
#include "write/html/html_site.h"

/* Writes DOC's version pages and redlines with the themes of S (nothing
 * when DOC has no versions). 0, or -1 with errors in D. */
int diff_site_write_versions(const html_site *s, const cc_document *doc, outdir *o,
                             diag_list *d);

#endif
