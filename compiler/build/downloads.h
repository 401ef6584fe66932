/* downloads.h - the site's own copies of the other outputs.
 *
 * A council page links its PDF, Akoma Ntoso XML and JSON, and the matrix
 * page its CSV and PDF. Those files are written outside out/site (out/pdf,
 * out/akn, out/json, out/matrix.csv), so a site served on its own would
 * have broken links. After the writers have run, the build stages a hard
 * link (a copy where a link cannot be made) of each of them under
 * site/downloads/ with the same relative name (site/downloads/pdf/<slug>.pdf).
 * The writers write each file once and know nothing of this; the files
 * are the registry row DOWNLOADS_WRITER's corpus files (writers.c). */
#ifndef CONCORD_DOWNLOADS_H
#define CONCORD_DOWNLOADS_H

#include "base/diag.h"
#include "base/outdir.h"
#include "model/model.h"

/* The name of the registry row (writers.c) that owns site/downloads/. */
#define DOWNLOADS_WRITER "downloads"

/* Stages site/downloads/<rel> for every file of FORMATS (PIPELINE_* bits)
 * that a page links: from the file staged this build, else from the one
 * the last build left in the output directory (kept by the cache). When
 * FORMATS has no HTML, only copies a previous build made are refreshed,
 * so none goes stale. 0, or -1 with errors in D. */
int downloads_stage(const cc_corpus *c, outdir *o, int formats, diag_list *d);

#endif
