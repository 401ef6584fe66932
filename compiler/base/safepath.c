/* safepath.c - paths stay in the project (see safepath.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "base/safepath.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

const char *safepath_rel_problem(const char *rel) {
  if (!*rel) return "is empty";
  if (rel[0] == '/') return "is absolute";
  if (strchr(rel, '\\')) return "contains a backslash";
  for (const char *p = rel; *p; p++)
    if ((p == rel || p[-1] == '/') && p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
      return "climbs out with '..'";
  return NULL;
}

int safepath_inside(const char *dir, const char *path) {
  char *d = realpath(dir, NULL), *p = d ? realpath(path, NULL) : NULL;
  int rc = -1;
  if (d && p) {
    size_t n = strlen(d);
    /* "/" as the project: everything is inside */
    rc = (n == 1 || (strncmp(p, d, n) == 0 && (p[n] == '/' || p[n] == '\0'))) ? 1 : 0;
  }
  free(d);
  free(p);
  return rc;
}
