/* cli_diag.c - diagnostics on stderr (see cli_diag.h). */
#include "cli/cli_diag.h"

#include <stdio.h>
#include <stdlib.h>

void cli_print_diags(diag_list *d, int quiet, int werror) {
  diag_list_sort(d);
  for (size_t i = 0; i < d->count; i++) {
    diag *g = &d->items[i];
    if (quiet && g->severity != DIAG_ERROR && !(werror && g->severity == DIAG_WARNING)) continue;
    char *s = diag_format(g);
    fprintf(stderr, "%s\n", s);
    free(s);
  }
}
