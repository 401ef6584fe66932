/* cli_output.h - the one output file of `concord draft` and `concord
 * import` (-o FILE): never replaced without --force, written atomically
 * (base/fileio.h).
 */
#ifndef CONCORD_CLI_OUTPUT_H
#define CONCORD_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

/* Writes LEN bytes of DATA to PATH. FORCE: replace PATH if it exists;
 * otherwise an existing PATH is an error. 0, or -1 with an error in D. */
int cli_write_output(const char *path, const char *data, size_t len, bool force, diag_list *d);

#endif
