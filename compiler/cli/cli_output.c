/* cli_output.c - -o FILE with --force (see cli_output.h). */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli_output.h"
#include "base/fileio.h"

#include <sys/stat.h>

int cli_write_output(const char *path, const char *data, size_t len, bool force, diag_list *d) {
  struct stat st;
  if (!force && stat(path, &st) == 0) {
    diag_error(d, path, 0, 0, "the file exists already: choose another -o, or add --force "
               "to replace it");
    return -1;
  }
  return file_write_atomic(path, data, len, d);
}
