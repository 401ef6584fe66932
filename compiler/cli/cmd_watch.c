/* cmd_watch.c - `concord watch [-o DIR] [--format LIST] [options]
 * [SOURCE.md ...]`: build, then rebuild whenever an input is saved (the
 * loop is in watch.c). The model stays in memory between builds
 * (pipeline_session): a save of sources re-reads only them. */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "base/diag.h"
#include "base/memo.h"
#include "build/pipeline.h"
#include "cli/cli_diag.h"
#include "cli/progress.h"
#include "cli/watch.h"
#include "write/pdf/pdf_font.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct watch_ctx {
  cli_args *c;
  pipeline_opts o;
  pipeline_session *s;
  int formats, jobs;
} watch_ctx;

static double ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int watch_build(void *ctx, const char *const *changed, size_t nchanged, int full) {
  watch_ctx *w = ctx;
  cli_args *c = w->c;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  diag_list d;
  diag_list_init(&d);
  size_t reread = 0;
  const char *dir = c->outdir ? c->outdir : "out";
  pipeline_build_opts bo;
  memset(&bo, 0, sizeof bo);
  progress *pr = progress_new(!c->quiet);
  int rc = pipeline_session_update(w->s, changed, nchanged, full, &d, &reread);
  double update_ms = ms_since(&t0);
  cc_corpus *corpus = pipeline_session_corpus(w->s);
  memo *words = pipeline_session_search_words(w->s);
  memo_stats words0 = memo_get_stats(words);
  size_t faces0 = pdf_faces_loaded(pipeline_session_pdf_faces(w->s));
  if (rc == 0) {
    bo.formats = w->formats;
    bo.werror = c->werror;
    bo.jobs = w->jobs;
    bo.inputs = pipeline_session_inputs(w->s);
    bo.ignore_cache = c->no_cache && full;
    bo.cache = pipeline_session_cache(w->s);
    /* a save stems only the clauses whose words are new */
    bo.search_words = words;
    /* and loads the PDF fonts once */
    bo.pdf_faces = pipeline_session_pdf_faces(w->s);
    /* after the first build, rename only the files a save rewrites
     * (docs/performance.md: "Committing a save") */
    bo.commit_files = !full;
    bo.part_times = c->verbose; /* -v prints the slowest parts */
    pipeline_progress reporter = progress_reporter(pr);
    bo.progress = &reporter;
    rc = pipeline_build(corpus, dir, &bo, &d);
  }
  progress_free(pr);
  double ms = ms_since(&t0);
  cli_print_diags(&d, c->quiet, c->werror);
  if (c->verbose) {
    progress_print_phases("update", update_ms, -1, &bo);
    memo_stats words1 = memo_get_stats(words);
    /* a count, not a time: tests/t_watch.sh checks that a save re-stems
     * only the clauses it changed */
    fprintf(stderr, "concord: search words: %zu clause%s stemmed, %zu remembered\n",
            words1.misses - words0.misses, words1.misses - words0.misses == 1 ? "" : "s",
            words1.hits - words0.hits);
    size_t faces = pdf_faces_loaded(pipeline_session_pdf_faces(w->s)) - faces0;
    fprintf(stderr, "concord: PDF fonts: %zu face%s loaded\n", faces, faces == 1 ? "" : "s");
  }
  if (!c->quiet) {
    if (rc == 0)
      fprintf(stderr, "concord: built %zu document%s into %s in %.0f ms: read %zu source%s, "
              "wrote %zu file%s, %zu of %zu document outputs unchanged (%zu warning%s)\n",
              corpus->ndocs, corpus->ndocs == 1 ? "" : "s", dir, ms, reread,
              reread == 1 ? "" : "s", bo.files_written, bo.files_written == 1 ? "" : "s", bo.kept,
              bo.kept + bo.written, d.warnings, d.warnings == 1 ? "" : "s");
    else
      fprintf(stderr, "concord: %zu error%s%s; nothing was written, %s keeps the last good build\n",
              d.errors, d.errors == 1 ? "" : "s",
              (c->werror && d.warnings && !d.errors) ? " (warnings treated as errors)" : "", dir);
  }
  diag_list_free(&d);
  return rc == 0 ? EXIT_OK : EXIT_ERRORS;
}

static int watch(cli_args *c) {
  if (cli_args_default_sources(c) != 0) return EXIT_USAGE;
  if (cli_parse_jobs(c->jobs) < 0 || (c->formats && pipeline_parse_formats(c->formats) <= 0))
    return cmd_build_run(c, 1); /* reports the usage error */
  watch_ctx w;
  memset(&w, 0, sizeof w);
  w.c = c;
  w.o = cli_pipeline_opts(c, 1);
  w.formats = c->formats ? pipeline_parse_formats(c->formats) : PIPELINE_ALL;
  w.jobs = cli_parse_jobs(c->jobs);
  w.s = pipeline_session_new(&w.o);
  watch_opts wo = {.sources = c->sources.items,
                   .nsources = c->sources.n,
                   .taxonomy = c->taxonomy,
                   .lua_files = c->lua.items,
                   .nlua = c->lua.n,
                   .quiet = c->quiet};
  int rc = watch_run(&wo, watch_build, &w);
  pipeline_session_free(w.s);
  return rc == 0 ? EXIT_OK : EXIT_ERRORS;
}

int cmd_watch(int argc, char **argv) { return cli_args_run(argc, argv, watch); }
