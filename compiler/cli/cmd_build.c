/* cmd_build.c - `concord build [-o DIR] [--format LIST] [options]
 * [SOURCE.md ...]`: compile the sources into DIR, all or nothing. Also the
 * run of `concord check` (which writes nothing) and of each rebuild of
 * `concord watch`. */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "base/diag.h"
#include "build/incremental.h"
#include "build/pipeline.h"
#include "cli/cli_diag.h"
#include "cli/progress.h"
#include "model/model.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double ms_between(const struct timespec *a, const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

int cmd_build_run(cli_args *c, int build) {
  if (cli_args_default_sources(c) != 0) return EXIT_USAGE;
  int formats = PIPELINE_ALL;
  if (c->formats) {
    formats = pipeline_parse_formats(c->formats);
    if (formats <= 0) {
      fprintf(stderr, "concord: unknown format in '%s' (use json, html, pdf, akn, matrix, all)\n",
              c->formats);
      return EXIT_USAGE;
    }
  }
  int jobs = cli_parse_jobs(c->jobs);
  if (jobs < 0) {
    fprintf(stderr, "concord: -j needs a number of threads from 1 to 1024, not '%s'\n", c->jobs);
    return EXIT_USAGE;
  }
  diag_list d;
  diag_list_init(&d);
  pipeline_opts o = cli_pipeline_opts(c, 1);
  struct timespec t0, t1, cpu0 = {0, 0}, cpu_read = {0, 0};
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (c->verbose) clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0); /* the read's CPU, all threads */
  /* inputs are hashed before they are read: an edit during the build
   * makes the next build redo the work (incremental.h) */
  incr_inputs *inputs = build ? incr_snapshot(&o) : NULL;
  progress *pr = build ? progress_new(!c->quiet) : NULL;
  cc_corpus *corpus = pipeline_load(&o, &d);
  struct timespec t_read;
  clock_gettime(CLOCK_MONOTONIC, &t_read);
  if (c->verbose) clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_read);
  int rc = 0;
  pipeline_build_opts bo;
  memset(&bo, 0, sizeof bo);
  if (build) {
    const char *dir = c->outdir ? c->outdir : "out";
    bo.formats = formats;
    bo.werror = c->werror;
    bo.jobs = jobs;
    bo.inputs = inputs;
    bo.ignore_cache = c->no_cache;
    bo.part_times = c->verbose;
    pipeline_progress reporter = progress_reporter(pr);
    bo.progress = &reporter;
    rc = pipeline_build(corpus, dir, &bo, &d);
  } else {
    rc = (d.errors || (c->werror && d.warnings)) ? -1 : 0;
  }
  progress_free(pr);
  incr_inputs_free(inputs);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  cli_print_diags(&d, c->quiet, c->werror);
  if (c->verbose && build && rc == 0)
    progress_print_phases("read", ms_between(&t0, &t_read), ms_between(&cpu0, &cpu_read), &bo);
  if (c->verbose || (!c->quiet && build)) {
    size_t clauses = 0;
    for (size_t i = 0; i < corpus->ndocs; i++) clauses += corpus->docs[i]->nclauses;
    double ms = ms_between(&t0, &t1);
    char kept[96] = "";
    if (build && bo.kept)
      snprintf(kept, sizeof kept, ", %zu of %zu document outputs unchanged", bo.kept,
               bo.kept + bo.written);
    if (rc == 0)
      fprintf(stderr, "concord: %s %zu document%s, %zu clauses, %zu topics%s%s in %.0f ms%s "
              "(%zu warning%s)\n", build ? "built" : "checked", corpus->ndocs,
              corpus->ndocs == 1 ? "" : "s", clauses, corpus->ntopics, build ? " into " : "",
              build ? (c->outdir ? c->outdir : "out") : "", ms, kept, d.warnings,
              d.warnings == 1 ? "" : "s");
    else
      fprintf(stderr, "concord: %zu error%s%s; nothing was written\n", d.errors,
              d.errors == 1 ? "" : "s",
              (c->werror && d.warnings && !d.errors) ? " (warnings treated as errors)" : "");
  }
  model_corpus_free(corpus);
  diag_list_free(&d);
  return rc == 0 ? EXIT_OK : EXIT_ERRORS;
}


static int build(cli_args *c) { return cmd_build_run(c, 1); }

int cmd_build(int argc, char **argv) { return cli_args_run(argc, argv, build); }
