/* pipeline.c - the phases in order (see pipeline.h). */
#define _POSIX_C_SOURCE 200809L
#include "pipeline.h"
#include "json_export.h"
#include "linker.h"
#include "outdir.h"
#include "reader.h"
#include "taxonomy.h"
#include "writers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static char *default_taxonomy(arena *a, const char *first_source) {
  const char *slash = strrchr(first_source, '/');
  char *path = slash ? arena_printf(a, "%.*s/topics.yaml", (int)(slash - first_source), first_source)
                     : arena_strdup(a, "topics.yaml");
  struct stat st;
  return stat(path, &st) == 0 ? path : NULL;
}

static long long source_date_epoch(void) {
  const char *s = getenv("SOURCE_DATE_EPOCH");
  if (!s || !*s) return -1;
  char *end;
  long long v = strtoll(s, &end, 10);
  return (*end || v < 0) ? -1 : v;
}

cc_corpus *pipeline_load(const pipeline_opts *o, diag_list *d) {
  cc_corpus *c = model_corpus_new();
  c->build_epoch = source_date_epoch();
  const char *tax = o->taxonomy;
  if (!tax && o->nsources) tax = default_taxonomy(c->arena, o->sources[0]);
  if (tax) taxonomy_load(c, tax, d);
  for (size_t i = 0; i < o->nsources; i++) reader_read_file(c, o->sources[i], d);
  if (d->errors) return c;
  if (hooks_run_corpus(c, o->lua_files, o->nlua, o->no_hooks, d) != 0) return c;
  linker_resolve_topics(c, o->require_topics, d);
  if (d->errors) return c;
  linker_link(c);
  return c;
}

static const struct {
  const char *name;
  int bit;
} format_names[] = {{"json", PIPELINE_JSON}, {"html", PIPELINE_HTML}, {"pdf", PIPELINE_PDF},
                    {"akn", PIPELINE_AKN},   {"matrix", PIPELINE_MATRIX}, {"all", PIPELINE_ALL}};

int pipeline_parse_formats(const char *list) {
  int bits = 0;
  const char *p = list;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    int found = 0;
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
      if (strlen(format_names[i].name) == n && strncasecmp(p, format_names[i].name, n) == 0) {
        bits |= format_names[i].bit;
        found = 1;
      }
    if (!found) return -1;
    p += n;
    if (*p == ',') p++;
  }
  return bits;
}

int pipeline_write(cc_corpus *c, const char *dir, int formats, int werror, diag_list *d) {
  if (d->errors || (werror && d->warnings)) return -1;
  outdir *o = outdir_open(dir, d);
  if (!o) return -1;
  for (size_t i = 0; writers[i].name; i++) {
    if (!(formats & writers[i].format)) continue;
    if (writers[i].write(c, o, d) != 0 && !d->errors)
      diag_error(d, NULL, 0, 0, "the %s writer failed", writers[i].name);
    if (d->errors) break;
  }
  if (d->errors || (werror && d->warnings)) {
    outdir_abort(o);
    return -1;
  }
  return outdir_commit(o, d);
}
