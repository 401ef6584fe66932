/* writers.h - the registry of output writers and the transform hooks the
 * pipeline calls. A writer sees only the model and writes through the
 * outdir (staged, all-or-nothing). Add a writer: declare its function in
 * its own header and add a row to writers[] in writers.c. */
#ifndef CONCORD_WRITERS_H
#define CONCORD_WRITERS_H

#include "diag.h"
#include "model.h"
#include "outdir.h"

typedef int (*writer_fn)(const cc_corpus *c, outdir *o, diag_list *d);

typedef struct writer_entry {
  const char *name; /* as in --format */
  int format;       /* PIPELINE_* bit */
  writer_fn write;
} writer_entry;

extern const writer_entry writers[]; /* ends with {NULL, 0, NULL} */

/* Runs the Lua hooks (lua/<slug>.lua, front-matter hooks:, extra files)
 * over every document. 0, or -1 with errors in D. */
int hooks_run_corpus(cc_corpus *c, const char **extra, size_t nextra, int no_discovery,
                     diag_list *d);

#endif
