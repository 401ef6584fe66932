/* draft_io.c - atomic single-file output and corpus source lists (see
 * draft_io.h). */
#define _POSIX_C_SOURCE 200809L
#include "author/draft_io.h"
#include "base/arena.h"
#include "base/buf.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int draft_write_atomic(const char *path, const char *data, size_t len, bool force, diag_list *d) {
  struct stat st;
  if (!force && stat(path, &st) == 0) {
    diag_error(d, path, 0, 0, "the file exists already: choose another -o, or add --force "
               "to replace it");
    return -1;
  }
  buf tmp = BUF_INIT;
  buf_printf(&tmp, "%s.tmp", path);
  FILE *f = fopen(buf_cstr(&tmp), "wb");
  if (!f) {
    diag_error(d, path, 0, 0, "cannot write %s (%s): check the folder exists and is writable",
               buf_cstr(&tmp), strerror(errno));
    buf_free(&tmp);
    return -1;
  }
  size_t w = fwrite(data, 1, len, f);
  int bad = w != len;
  bad |= fflush(f) != 0;
  bad |= fsync(fileno(f)) != 0 && errno != EINVAL;
  bad |= fclose(f) != 0;
  if (bad || rename(buf_cstr(&tmp), path) != 0) {
    diag_error(d, path, 0, 0, "cannot write the file (%s); nothing was changed", strerror(errno));
    remove(buf_cstr(&tmp));
    buf_free(&tmp);
    return -1;
  }
  buf_free(&tmp);
  return 0;
}

char *draft_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  buf b = BUF_INIT;
  char chunk[8192];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&b, chunk, got);
  int err = ferror(f);
  fclose(f);
  if (err) {
    buf_free(&b);
    return NULL;
  }
  if (len) *len = b.len;
  return buf_detach(&b);
}

char *draft_source_slug(const char *path) {
  char *t = draft_read_file(path, NULL);
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

char **draft_corpus_sources(const char *dir, const char *exclude_path, const char *exclude_slug,
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
        char *s = draft_source_slug(p);
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

void draft_free_paths(char **p, size_t n) {
  for (size_t i = 0; i < n; i++) free(p[i]);
  free(p);
}
