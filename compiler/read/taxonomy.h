/* taxonomy.h - the shared topic taxonomy (sources/topics.yaml): themes
 * and topics, each topic one provision. */
#ifndef CONCORD_TAXONOMY_H
#define CONCORD_TAXONOMY_H

#include <stddef.h>

#include "base/diag.h"
#include "model/model.h"

/* Loads PATH into c->themes / c->topics. 0, or -1 with errors in D. */
int taxonomy_load(cc_corpus *c, const char *path, diag_list *d);
/* Same, from memory (LEN bytes of DATA); PATH is used in diagnostics. */
int taxonomy_load_buffer(cc_corpus *c, const char *path, const char *data, size_t len,
                         diag_list *d);

#endif
