/* versions.c - earlier versions from dated source files (see versions.h). */
#define _POSIX_C_SOURCE 200809L
#include "read/versions.h"
#include "base/buf.h"
#include "read/frontmatter.h"
#include "read/reader.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in DIR but "." files, sorted (the build must not depend on
 * the order readdir gives); NULL if DIR cannot be opened. */
static char **list_dir(arena *a, const char *dir, size_t *n) {
  DIR *dp = opendir(dir);
  *n = 0;
  if (!dp) return NULL;
  size_t cap = 8;
  char **names = xmalloc(cap * sizeof *names);
  for (struct dirent *e; (e = readdir(dp));) {
    if (e->d_name[0] == '.') continue;
    if (*n == cap) names = xrealloc(names, (cap *= 2) * sizeof *names);
    names[(*n)++] = arena_strdup(a, e->d_name);
  }
  closedir(dp);
  qsort(names, *n, sizeof *names, cmp_str);
  return names;
}

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int ends_md(const char *s) {
  size_t n = strlen(s);
  return n > 3 && strcmp(s + n - 3, ".md") == 0;
}

/* The folder of PATH, "" for the current one. */
static char *dir_of(arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? arena_strndup(a, path, (size_t)(slash - path) + 1) : arena_strdup(a, "");
}

/* The current document of SLUG read from folder DIR, or NULL. */
static cc_document *current_of(cc_corpus *c, const char *dir, const char *slug) {
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    if (doc->slug && !strcmp(doc->slug, slug) && !strcmp(dir_of(c->arena, doc->path), dir))
      return doc;
  }
  return NULL;
}

/* Reads one version file of CUR, dated DATE. */
static void read_version(cc_corpus *c, cc_document *cur, const char *path, const char *date,
                         diag_list *d) {
  size_t before = c->ndocs;
  cc_document *v = reader_read_file(c, path, d);
  /* a version is history, not a council of the corpus: off the list */
  c->ndocs = before;
  if (!v) return;
  if (v->slug && strcmp(v->slug, cur->slug) != 0) {
    const cc_pos *p = &v->slug_pos;
    diag_error(d, path, p->line, p->col,
               "this earlier version says slug '%s' but is in versions/%s/: an earlier version "
               "of '%s' keeps its slug; correct the slug or move the file", v->slug, cur->slug,
               cur->slug);
  }
  if (v->in_force && strcmp(v->in_force, date) != 0)
    diag_error(d, path, v->pos.line, v->pos.col,
               "in_force %s differs from the file's name (%s.md), which gives the date this "
               "version came into force; remove in_force or rename the file", v->in_force, date);
  v->in_force = arena_strdup(c->arena, date);
  v->current = cur;
  v->index = cur->index; /* its council's theme and place in the corpus */
  /* the model keeps no capacity for versions: one equal to the count
     makes each push grow the array (a council has few versions) */
  size_t cap = cur->nversions;
  model_push(c->arena, (void ***)&cur->versions, &cur->nversions, &cap, v);
}

/* Every version file in DIR/versions/SLUG/. */
static void read_slug_dir(cc_corpus *c, const char *dir, const char *slug, diag_list *d) {
  arena *a = c->arena;
  char *sdir = arena_printf(a, "%sversions/%s", dir, slug);
  cc_document *cur = current_of(c, dir, slug);
  /* a build of some of the sources (concord build sources/brent.md):
     the versions of a council left out are not this build's */
  struct stat st;
  if (!cur && stat(arena_printf(a, "%s%s.md", dir, slug), &st) == 0) return;
  size_t n;
  char **names = list_dir(a, sdir, &n);
  for (size_t i = 0; i < n; i++) {
    if (!ends_md(names[i])) continue; /* notes, images: not versions */
    char *path = arena_printf(a, "%s/%s", sdir, names[i]);
    char *date = arena_strndup(a, names[i], strlen(names[i]) - 3);
    if (!frontmatter_valid_date(date)) {
      diag_error(d, path, 1, 1,
                 "version file name '%s' is not a date; name it YYYY-MM-DD.md after the date "
                 "this text came into force (e.g. 2021-06-01.md)", names[i]);
      continue;
    }
    if (!cur) {
      diag_error(d, path, 1, 1,
                 "an earlier version of '%s', but no source in %s has slug '%s'; name its "
                 "folder versions/<slug>/ after the council's current source, or add that "
                 "source", slug, *dir ? dir : "this folder", slug);
      continue;
    }
    read_version(c, cur, path, date, d);
  }
  free(names);
}

static void check_dates(cc_document *cur, diag_list *d) {
  if (!cur->nversions) return;
  if (!cur->in_force) {
    diag_error(d, cur->path, cur->pos.line, cur->pos.col,
               "'%s' has earlier versions (in versions/%s/) but no in-force date; add "
               "'in_force: YYYY-MM-DD' to its front matter, the date the current text came "
               "into force", cur->slug, cur->slug);
    return;
  }
  for (size_t k = 0; k < cur->nversions; k++) {
    const cc_document *v = cur->versions[k];
    int cmp = strcmp(v->in_force, cur->in_force);
    if (cmp == 0)
      diag_error(d, v->path, 1, 1,
                 "two versions dated %s: this file and %s (in_force); a date names one "
                 "text: correct the file's name or the current source's in_force", v->in_force,
                 cur->path);
    else if (cmp > 0)
      diag_error(d, v->path, 1, 1,
                 "this version is dated %s, after the current text (%s, in force from %s); "
                 "the newest text is the current source: make this file the source and keep "
                 "the older text here under its own date", v->in_force, cur->path,
                 cur->in_force);
  }
}

int versions_read(cc_corpus *c, diag_list *d) {
  size_t errors = d->errors;
  arena *a = c->arena;
  size_t ndocs = c->ndocs;
  /* each folder the sources come from, once, in corpus order */
  for (size_t i = 0; i < ndocs; i++) {
    char *dir = dir_of(a, c->docs[i]->path);
    int seen = 0;
    for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(dir, dir_of(a, c->docs[j]->path));
    if (seen) continue;
    char *vdir = arena_printf(a, "%sversions", dir);
    size_t n;
    char **names = list_dir(a, vdir, &n);
    for (size_t k = 0; k < n; k++) {
      char *p = arena_printf(a, "%s/%s", vdir, names[k]);
      if (is_dir(p)) read_slug_dir(c, dir, names[k], d);
      else if (ends_md(names[k]))
        diag_error(d, p, 1, 1,
                   "an earlier version must be in a folder named after its council: move it "
                   "to %s/<slug>/%s", vdir, names[k]);
    }
    free(names);
  }
  for (size_t i = 0; i < c->ndocs; i++) check_dates(c->docs[i], d);
  return d->errors > errors ? -1 : 0;
}
