/* cli_diag.h - the command line's one diagnostics printer.
 *
 * Every command prints its diag_list here, sorted, one
 * "file:line:col: severity: message" line each on stderr. (concord dump
 * writes its diagnostics into the dump on stdout instead.)
 */
#ifndef CONCORD_CLI_DIAG_H
#define CONCORD_CLI_DIAG_H

#include "base/diag.h"

/* Sorts D and prints it on stderr. QUIET: errors only, and warnings too
 * when WERROR makes them errors. */
void cli_print_diags(diag_list *d, int quiet, int werror);

#endif
