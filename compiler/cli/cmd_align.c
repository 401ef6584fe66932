/* cmd_align.c - `concord align [--min-score S] [--max-per-clause K] [-j N]
 * [--format tsv|json] [--audit] [--text-only] [SOURCE.md ...]`: propose
 * equivalent clauses across councils, on stdout. */
#include "cli/commands.h"
#include "base/diag.h"
#include "base/parallel.h"
#include "build/pipeline.h"
#include "cli/cli_diag.h"
#include "link/align.h"
#include "link/align_report.h"
#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int align(cli_args *c) {
  if (cli_args_default_sources(c) != 0) return EXIT_USAGE;
  align_opts ao;
  align_opts_default(&ao);
  double min_score = -1; /* applied once the mode is known */
  if (c->min_score) {
    char *end;
    min_score = strtod(c->min_score, &end);
    if (*end || end == c->min_score || !(min_score >= 0 && min_score <= 1)) {
      fprintf(stderr, "concord: --min-score takes a number from 0 to 1, not '%s'\n", c->min_score);
      return EXIT_USAGE;
    }
  }
  if (c->max_per_clause) {
    char *end;
    long k = strtol(c->max_per_clause, &end, 10);
    if (*end || end == c->max_per_clause || k < 0 || k > 1000000) {
      fprintf(stderr, "concord: --max-per-clause takes a number of pairs (0 = no limit), not '%s'\n",
              c->max_per_clause);
      return EXIT_USAGE;
    }
    ao.max_per_clause = (size_t)k;
  }
  int jobs = cli_parse_jobs(c->jobs);
  if (jobs < 0) {
    fprintf(stderr, "concord: -j needs a number of threads from 1 to 1024, not '%s'\n", c->jobs);
    return EXIT_USAGE;
  }
  ao.threads = jobs ? jobs : parallel_cpus(); /* same output for any -j */
  int json = 0;
  if (c->formats && !strcmp(c->formats, "json")) json = 1;
  else if (c->formats && strcmp(c->formats, "tsv") != 0) {
    fprintf(stderr, "concord: align writes --format tsv or json, not '%s'\n", c->formats);
    return EXIT_USAGE;
  }
  diag_list d;
  diag_list_init(&d);
  pipeline_opts o = cli_pipeline_opts(c, 0);
  cc_corpus *corpus = pipeline_load(&o, &d);
  int rc = EXIT_OK;
  if (d.errors) {
    rc = EXIT_ERRORS;
  } else {
    /* the taxonomy's definitions are a pivot unless there are none or
       the user asks for the text alone */
    if (c->text_only || !corpus->ntopics) align_opts_text_only(&ao);
    if (min_score >= 0) ao.min_score = min_score;
    align_index *x = align_index_build(corpus, &ao);
    align_result r;
    align_run(x, &ao, &r);
    char *s;
    if (c->audit) {
      align_audit a;
      align_audit_run(&r, corpus, &a);
      s = align_report_audit(&r, &a, &ao, c->verbose ? (size_t)-1 : 40);
      align_audit_free(&a);
    } else {
      s = json ? align_report_json(&r, &ao) : align_report_tsv(&r);
    }
    fputs(s, stdout);
    free(s);
    if (c->verbose)
      fprintf(stderr, "concord: align: %zu clauses, %zu candidate pairs scored of %zu "
              "cross-council pairs, %zu postings visited, %zu pairs proposed\n",
              r.nclauses, r.nscored, r.cross_pairs, r.postings, r.npairs);
    align_result_free(&r);
    align_index_free(x);
  }
  cli_print_diags(&d, 1, 0);
  model_corpus_free(corpus);
  diag_list_free(&d);
  return rc;
}

int cmd_align(int argc, char **argv) { return cli_args_run(argc, argv, align); }
