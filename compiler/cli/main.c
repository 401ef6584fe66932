/* main.c - the concord command line. The only file that prints or exits.
 *
 *   concord build [-o DIR] [--format LIST] [options] [SOURCE.md ...]
 *   concord check [options] [SOURCE.md ...]
 *   concord watch [-o DIR] [--format LIST] [options] [SOURCE.md ...]
 *   concord dump [--topics FILE] SOURCE.md
 *   concord align [--min-score S] [--max-per-clause K] [-j N] [--format tsv|json] [--audit]
 *                 [--text-only] [SOURCE.md ...]
 *   concord diff [--format html|text] [-o FILE] OLD.md NEW.md
 */
#define _POSIX_C_SOURCE 200809L
#include "link/align.h"
#include "link/align_report.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/diff/diff_version.h"
#include "base/outdir.h"
#include "base/parallel.h"
#include "base/diag.h"
#include "cli/draft_cmd.h"
#include "build/incremental.h"
#include "cli/progress.h"
#include "cli/watch.h"
#include "write/json/json_export.h"
#include "model/model.h"
#include "build/pipeline.h"
#include "read/reader.h"
#include "read/taxonomy.h"

#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef CONCORD_VERSION
#define CONCORD_VERSION "0.1.0"
#endif

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "usage: concord <command> [options] [SOURCE.md ...]\n"
    "\n"
    "Compiles councils' constitution protocols written in annotated Markdown\n"
    "into a web site, PDFs, a comparison matrix and data exports.\n"
    "\n"
    "commands:\n"
    "  build    compile sources into the output directory (default out/)\n"
    "  check    read and validate sources; write nothing\n"
    "  watch    build, then rebuild whenever a source, topics.yaml, a theme or a\n"
    "           hook file is saved (Ctrl-C to stop)\n"
    "  dump     print the model of one source, one JSON object per line\n"
    "  draft    draft a new protocol from the model protocol, or report on a source\n"
    "           (concord draft --help)\n"
    "  import   turn a plain-text protocol into annotated Markdown (concord import --help)\n"
    "  align    propose equivalent provisions (clauses, list items) across councils\n"
    "           from their text and the taxonomy's definitions (--min-score S,\n"
    "           --max-per-clause K, -j N,\n"
    "           --format tsv|json, --audit against the topics, --text-only)\n"
    "  diff     redline of OLD.md -> NEW.md clause by clause (--format html|text,\n"
    "           -o FILE; HTML by default)\n"
    "\n"
    "options:\n"
    "  -o, --output DIR   output directory for build (default: out)\n"
    "  --format LIST      outputs to write: json,html,pdf,akn,matrix or all (default all)\n"
    "  --topics FILE      topic taxonomy (default: topics.yaml beside the first source)\n"
    "  --lua FILE         apply a Lua hook file to every document (repeatable)\n"
    "  --no-hooks         do not load the councils' own hooks (lua/<slug>.lua, hooks:)\n"
    "  -j, --jobs N       build N documents at once (default: the number of CPUs)\n"
    "  --no-cache         rebuild every output, even those whose inputs are unchanged\n"
    "  --werror           treat warnings as errors\n"
    "  -q, --quiet        print errors only\n"
    "  -v, --verbose      say what is being done\n"
    "  -h, --help         show this help\n"
    "  --version          show the version\n"
    "\n"
    "Without SOURCE arguments, build and check use sources/*.md.\n"
    "Diagnostics are printed as file:line:col: severity: message.\n"
    "Exit status: 0 success, 1 errors in the input (nothing written), 2 usage.\n";

typedef struct cli {
  const char *command;
  const char *outdir;
  const char *formats;
  const char *taxonomy;
  const char **sources;
  size_t nsources;
  const char **lua;
  size_t nlua;
  int werror, quiet, verbose, no_hooks;
  const char *jobs;      /* build, watch: -j N */
  int no_cache;          /* build, watch */
  const char *min_score; /* align */
  const char *max_per_clause; /* align */
  int audit;             /* align */
  int text_only;         /* align: no taxonomy pivot */
  glob_t g;
  int have_glob;
} cli;

static void print_diags(diag_list *d, int quiet, int werror) {
  diag_list_sort(d);
  for (size_t i = 0; i < d->count; i++) {
    diag *g = &d->items[i];
    if (quiet && g->severity != DIAG_ERROR && !(werror && g->severity == DIAG_WARNING)) continue;
    char *s = diag_format(g);
    fprintf(stderr, "%s\n", s);
    free(s);
  }
}

/* Options only `concord align` reads: elsewhere they would be ignored
 * without a word, so they are usage errors. */
static int align_only(const char *a) {
  static const char *const opts[] = {"--min-score", "--max-per-clause", "--audit", "--text-only"};
  for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
    if (!strcmp(a, opts[i])) return 1;
  return 0;
}

static int parse_args(cli *c, int argc, char **argv) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char **value = NULL;
    if (align_only(a) && strcmp(argv[1], "align") != 0) {
      fprintf(stderr, "concord: %s is an option of concord align, not of concord %s\n", a, argv[1]);
      return -1;
    }
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) value = &c->outdir;
    else if (!strcmp(a, "--format")) value = &c->formats;
    else if (!strcmp(a, "--topics")) value = &c->taxonomy;
    else if (!strcmp(a, "--min-score")) value = &c->min_score;
    else if (!strcmp(a, "--max-per-clause")) value = &c->max_per_clause;
    else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) value = &c->jobs;
    else if (!strncmp(a, "-j", 2) && a[2] >= '0' && a[2] <= '9') c->jobs = a + 2;
    else if (!strcmp(a, "--no-cache")) c->no_cache = 1;
    else if (!strcmp(a, "--audit")) c->audit = 1;
    else if (!strcmp(a, "--text-only")) c->text_only = 1;
    else if (!strcmp(a, "--lua")) {
      if (i + 1 >= argc) {
        fprintf(stderr, "concord: --lua needs a FILE\n");
        return -1;
      }
      c->lua = xrealloc(c->lua, (c->nlua + 1) * sizeof(char *));
      c->lua[c->nlua++] = argv[++i];
      continue;
    } else if (!strcmp(a, "--werror")) c->werror = 1;
    else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) c->quiet = 1;
    else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) c->verbose = 1;
    else if (!strcmp(a, "--no-hooks")) c->no_hooks = 1;
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "concord: unknown option '%s' (see concord --help)\n", a);
      return -1;
    } else {
      c->sources = xrealloc(c->sources, (c->nsources + 1) * sizeof(char *));
      c->sources[c->nsources++] = a;
      continue;
    }
    if (value) {
      if (i + 1 >= argc) {
        fprintf(stderr, "concord: %s needs a value\n", a);
        return -1;
      }
      *value = argv[++i];
    }
  }
  return 0;
}

static int default_sources(cli *c) {
  if (c->nsources) return 0;
  if (glob("sources/*.md", 0, NULL, &c->g) != 0) {
    fprintf(stderr, "concord: no sources given and no sources/*.md here; "
                    "run in the project folder or name the files\n");
    return -1;
  }
  c->have_glob = 1;
  c->sources = xrealloc(c->sources, c->g.gl_pathc * sizeof(char *));
  for (size_t i = 0; i < c->g.gl_pathc; i++) c->sources[c->nsources++] = c->g.gl_pathv[i];
  return 0;
}

static int cmd_dump(cli *c) {
  if (c->nsources != 1) {
    fprintf(stderr, "concord: dump takes exactly one SOURCE.md\n");
    return EXIT_USAGE;
  }
  diag_list d;
  diag_list_init(&d);
  cc_corpus *corpus = model_corpus_new();
  if (c->taxonomy) taxonomy_load(corpus, c->taxonomy, &d);
  cc_document *doc = reader_read_file(corpus, c->sources[0], &d);
  if (doc) {
    char *s = json_export_dump(doc);
    fputs(s, stdout);
    free(s);
  }
  /* diagnostics go to stdout too, as lines of the dump, without the file
     name (the spec examples compare them) */
  diag_list_sort(&d);
  for (size_t i = 0; i < d.count; i++) {
    diag *g = &d.items[i];
    char *line = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&line, &n);
    fprintf(m, "%d:%d: %s: %s", g->line, g->col, diag_severity_name(g->severity), g->message);
    fclose(m);
    json_t *o = json_pack("{s:s}", "diag", line);
    char *js = json_dumps(o, JSON_COMPACT);
    printf("%s\n", js);
    free(js);
    json_decref(o);
    free(line);
  }
  int rc = d.errors ? EXIT_ERRORS : EXIT_OK;
  model_corpus_free(corpus);
  diag_list_free(&d);
  return rc;
}

/* -j N: 0 (default) = online CPUs; -1 = not a number. */
static int parse_jobs(const char *s) {
  if (!s) return 0;
  char *end;
  long v = strtol(s, &end, 10);
  return (*end || v < 1 || v > 1024) ? -1 : (int)v;
}

static int cmd_build_or_check(cli *c, int build) {
  if (default_sources(c) != 0) return EXIT_USAGE;
  int formats = PIPELINE_ALL;
  if (c->formats) {
    formats = pipeline_parse_formats(c->formats);
    if (formats <= 0) {
      fprintf(stderr, "concord: unknown format in '%s' (use json, html, pdf, akn, matrix, all)\n",
              c->formats);
      return EXIT_USAGE;
    }
  }
  int jobs = parse_jobs(c->jobs);
  if (jobs < 0) {
    fprintf(stderr, "concord: -j needs a number of threads from 1 to 1024, not '%s'\n", c->jobs);
    return EXIT_USAGE;
  }
  diag_list d;
  diag_list_init(&d);
  pipeline_opts o = {c->taxonomy, c->sources, c->nsources, c->lua, c->nlua, 1, c->no_hooks};
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  /* inputs are hashed before they are read: an edit during the build
   * makes the next build redo the work (incremental.h) */
  incr_inputs *inputs = build ? incr_snapshot(&o) : NULL;
  progress *pr = build ? progress_new(!c->quiet) : NULL;
  cc_corpus *corpus = pipeline_load(&o, &d);
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
    pipeline_progress reporter = progress_reporter(pr);
    bo.progress = &reporter;
    rc = pipeline_build(corpus, dir, &bo, &d);
  } else {
    rc = (d.errors || (c->werror && d.warnings)) ? -1 : 0;
  }
  progress_free(pr);
  incr_inputs_free(inputs);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  print_diags(&d, c->quiet, c->werror);
  if (c->verbose || (!c->quiet && build)) {
    size_t clauses = 0;
    for (size_t i = 0; i < corpus->ndocs; i++) clauses += corpus->docs[i]->nclauses;
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
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

static int watch_build(void *ctx) { return cmd_build_or_check(ctx, 1); }

static int cmd_watch(cli *c) {
  if (default_sources(c) != 0) return EXIT_USAGE;
  if (parse_jobs(c->jobs) < 0 || (c->formats && pipeline_parse_formats(c->formats) <= 0))
    return cmd_build_or_check(c, 1); /* reports the usage error */
  watch_opts w = {c->sources, c->nsources, c->taxonomy, c->lua, c->nlua, c->quiet};
  return watch_run(&w, watch_build, c) == 0 ? EXIT_OK : EXIT_ERRORS;
}

static int cmd_align(cli *c) {
  if (default_sources(c) != 0) return EXIT_USAGE;
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
  int jobs = parse_jobs(c->jobs);
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
  pipeline_opts o = {c->taxonomy, c->sources, c->nsources, c->lua, c->nlua, 0, c->no_hooks};
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
      fprintf(stderr, "concord: align: %zu clauses, %zu units, %zu candidate pairs scored of %zu "
              "cross-council pairs, %zu postings visited, %zu pairs proposed\n",
              r.nclauses, r.nunits, r.nscored, r.cross_pairs, r.postings, r.npairs);
    align_result_free(&r);
    align_index_free(x);
  }
  print_diags(&d, 1, 0);
  model_corpus_free(corpus);
  diag_list_free(&d);
  return rc;
}

static int cmd_diff(cli *c) {
  if (c->nsources != 2) {
    fprintf(stderr, "concord: diff takes OLD.md NEW.md\n");
    return EXIT_USAGE;
  }
  int text = 0;
  if (c->formats && !strcmp(c->formats, "text")) text = 1;
  else if (c->formats && strcmp(c->formats, "html") != 0) {
    fprintf(stderr, "concord: diff writes --format html or text, not '%s'\n", c->formats);
    return EXIT_USAGE;
  }
  diag_list d;
  diag_list_init(&d);
  buf out = BUF_INIT;
  int rc = diff_version_run(c->sources[0], c->sources[1], text, &out, &d) == 0 ? EXIT_OK
                                                                            : EXIT_ERRORS;
  if (rc == EXIT_OK && c->outdir) {
    /* staged and renamed like a build, so a failed diff leaves no half file */
    const char *slash = strrchr(c->outdir, '/');
    buf dir = BUF_INIT;
    if (slash) buf_put(&dir, c->outdir, slash == c->outdir ? 1 : (size_t)(slash - c->outdir));
    else buf_putc(&dir, '.');
    outdir *od = outdir_open(buf_cstr(&dir), &d);
    if (!od) rc = EXIT_ERRORS;
    else if (outdir_write(od, slash ? slash + 1 : c->outdir, buf_cstr(&out), out.len, &d) != 0) {
      outdir_abort(od);
      rc = EXIT_ERRORS;
    } else if (outdir_commit(od, &d) != 0) {
      rc = EXIT_ERRORS;
    }
    buf_free(&dir);
  } else if (rc == EXIT_OK) {
    fwrite(buf_cstr(&out), 1, out.len, stdout);
  }
  buf_free(&out);
  print_diags(&d, c->quiet, c->werror);
  diag_list_free(&d);
  return rc;
}

int main(int argc, char **argv) {
  /* past a file size limit (ulimit -f) a write must fail with EFBIG and be
     reported, not kill the build halfway (leaving its staging directory) */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    fputs(usage, stdout);
    return EXIT_OK;
  }
  if (!strcmp(cmd, "--version")) {
    printf("concord %s\n", CONCORD_VERSION);
    return EXIT_OK;
  }
  /* draft and import have their own options (draft_cmd.c) */
  if (!strcmp(cmd, "draft")) return draft_command(argc, argv);
  if (!strcmp(cmd, "import")) return import_command(argc, argv);
  cli c;
  memset(&c, 0, sizeof c);
  c.command = cmd;
  if (parse_args(&c, argc, argv) != 0) return EXIT_USAGE;
  int rc;
  if (!strcmp(cmd, "build")) rc = cmd_build_or_check(&c, 1);
  else if (!strcmp(cmd, "check")) rc = cmd_build_or_check(&c, 0);
  else if (!strcmp(cmd, "watch")) rc = cmd_watch(&c);
  else if (!strcmp(cmd, "dump")) rc = cmd_dump(&c);
  else if (!strcmp(cmd, "align")) rc = cmd_align(&c);
  else if (!strcmp(cmd, "diff")) rc = cmd_diff(&c);
  else {
    fprintf(stderr, "concord: unknown command '%s' (see concord --help)\n", cmd);
    rc = EXIT_USAGE;
  }
  free(c.sources);
  free(c.lua);
  if (c.have_glob) globfree(&c.g);
  return rc;
}
