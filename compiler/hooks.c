/* hooks.c - Lua hooks: placeholder until the sandboxed runtime lands
 * (issue "Lua hooks"). Hook files named explicitly are refused loudly
 * rather than ignored. */
#include "writers.h"

int hooks_run_corpus(cc_corpus *c, const char **extra, size_t nextra, int no_discovery,
                     diag_list *d) {
  (void)c;
  (void)no_discovery;
  for (size_t i = 0; i < nextra; i++)
    diag_error(d, extra[i], 0, 0, "Lua hooks are not supported by this build yet");
  return nextra ? -1 : 0;
}
