/* corpus_files.c - the source files of a corpus folder (see
 * corpus_files.h). */
#define _POSIX_C_SOURCE 200809L
#include "author/corpus_files.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/fileio.h"

#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *corpus_source_slug(const char *path) {
  char *t = file_read_all(path, NULL);
  if (!t) return NULL;
  char *r = NULL;
  const char *p = t;
  if (!strncmp(p, "\xEF\xBB\xBF", 3)) p += 3;
  if (strncmp(p, "---", 3)) {
    free(t);
    return NULL;
  }
  const char *end = strstr(p + 3, "\n---");
  for (const char *l = strchr(p, '\n'); l && (!end || l < end); l = strchr(l + 1, '\n')) {
    if (strncmp(l + 1, "slug:", 5)) continue;
    const char *v = l + 6;
    while (*v == ' ' || *v == '"' || *v == '\'') v++;
    const char *e = v;
    while (*e && *e != '\n' && *e != '\r' && *e != '"' && *e != '\'' && *e != ' ' && *e != '#') e++;
    r = xmalloc((size_t)(e - v) + 1);
    memcpy(r, v, (size_t)(e - v));
    r[e - v] = 0;
    break;
  }
  free(t);
  return r;
}

static bool same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

char **corpus_sources(const char *dir, const char *exclude_path, const char *exclude_slug,
                      size_t *n) {
  buf pat = BUF_INIT;
  buf_printf(&pat, "%s/*.md", dir);
  glob_t g;
  char **out = NULL;
  *n = 0;
  if (glob(buf_cstr(&pat), 0, NULL, &g) == 0) {
    out = xcalloc(g.gl_pathc + 1, sizeof *out);
    for (size_t i = 0; i < g.gl_pathc; i++) {
      const char *p = g.gl_pathv[i];
      if (exclude_path && same_file(p, exclude_path)) continue;
      if (exclude_slug) {
        char *s = corpus_source_slug(p);
        bool skip = s && !strcmp(s, exclude_slug);
        free(s);
        if (skip) continue;
      }
      out[(*n)++] = xstrdup(p);
    }
    globfree(&g);
  }
  buf_free(&pat);
  return out;
}

void corpus_free_paths(char **p, size_t n) {
  for (size_t i = 0; i < n; i++) free(p[i]);
  free(p);
}
