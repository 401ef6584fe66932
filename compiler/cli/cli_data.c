/* cli_data.c - the installed data folder (see cli_data.h). */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli_data.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DATADIR
#define DATADIR "/usr/local/share/concord"
#endif

const char *cli_data_dir(void) {
  const char *env = getenv("CONCORD_DATADIR");
  return env && *env ? env : DATADIR;
}

char *cli_data_find(const char *project_path, const char *data_rel, buf *searched) {
  if (project_path) {
    if (access(project_path, R_OK) == 0) return xstrdup(project_path);
    if (searched) buf_printf(searched, "%s", project_path);
  }
  buf p = BUF_INIT;
  buf_printf(&p, "%s/%s", cli_data_dir(), data_rel);
  if (access(buf_cstr(&p), R_OK) == 0) return buf_detach(&p);
  if (searched) buf_printf(searched, "%s%s", searched->len ? ", " : "", buf_cstr(&p));
  buf_free(&p);
  return NULL;
}
