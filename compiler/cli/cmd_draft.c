/* cmd_draft.c - `concord draft`: fill the model protocol from answers
 * (file or questions), report on a source, regenerate the template.
 *
 *   concord draft [--answers FILE.yaml] [-o sources/SLUG.md] [--force]
 *                 [--save-answers FILE.yaml] [--interactive]
 *   concord draft --report [SOURCE.md ...]
 *   concord draft --make-template [-o sources/templates/protocol.md]
 *   common: --template FILE --topics FILE --sources DIR --scorer builtin
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "author/corpus_files.h"
#include "author/draft_answers.h"
#include "author/draft_fill.h"
#include "author/draft_report.h"
#include "author/draft_template.h"
#include "author/draft_variant.h"
#include "author/similarity.h"
#include "base/fileio.h"
#include "build/pipeline.h"
#include "cli/cli_data.h"
#include "cli/cli_diag.h"
#include "cli/cli_help.h"
#include "cli/cli_options.h"
#include "cli/cli_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_TEMPLATE "sources/templates/protocol.md"
#define DEFAULT_VARIANTS "sources/templates/variants.yaml"


typedef struct dopts {
  const char *answers, *out, *save, *tmpl, *dir, *topics, *scorer, *variants;
  /* the councils the model protocol and its variants were made from:
   * DIR, or outside a Concord checkout the installed copy (DATADIR/corpus) */
  const char *corpus_dir;
  char *corpus_dir_own;
  int force, interactive, report, make_template;
  cli_list args; /* --report: the sources to report on */
} dopts;

/* CLI_PARSED, CLI_HELP_WANTED, or CLI_BAD_USAGE (the message printed) */
static int parse(dopts *o, int argc, char **argv) {
  const cli_opt opts[] = {
      {"--answers", NULL, CLI_OPT_VALUE, .value = &o->answers},
      {"--output", "-o", CLI_OPT_VALUE, .value = &o->out},
      {"--save-answers", NULL, CLI_OPT_VALUE, .value = &o->save},
      {"--template", NULL, CLI_OPT_VALUE, .value = &o->tmpl},
      {"--variants", NULL, CLI_OPT_VALUE, .value = &o->variants},
      {"--sources", NULL, CLI_OPT_VALUE, .value = &o->dir},
      {"--topics", NULL, CLI_OPT_VALUE, .value = &o->topics},
      {"--scorer", NULL, CLI_OPT_VALUE, .value = &o->scorer},
      {"--force", NULL, CLI_OPT_FLAG, .flag = &o->force},
      {"--interactive", NULL, CLI_OPT_FLAG, .flag = &o->interactive},
      {"--report", NULL, CLI_OPT_FLAG, .flag = &o->report},
      {"--make-template", NULL, CLI_OPT_FLAG, .flag = &o->make_template},
      {.name = "--help", .alias = "-h", .kind = CLI_OPT_HELP},
      {.name = NULL}};
  cli_parser p = {.opts = opts,
                  .args = &o->args,
                  .command = "draft"};
  int r = cli_parse(&p, argc, argv);
  if (r != CLI_PARSED) return r;
  if (o->scorer && strcmp(o->scorer, "builtin") && strcmp(o->scorer, "aligner")) {
    fprintf(stderr, "concord draft: --scorer is 'aligner' or 'builtin'\n");
    return CLI_BAD_USAGE;
  }
  if (!o->dir) o->dir = "sources";
  /* the variants quote the councils the model protocol was made from:
   * read the corpus beside the model protocol in use, the checkout's
   * sources/ or, outside a checkout (a project made by concord init), the
   * installed copy; with --template, DIR */
  if (!o->tmpl && !o->report && !o->make_template) {
    if (access(DEFAULT_TEMPLATE, R_OK) == 0) {
      o->corpus_dir = "sources";
    } else {
      buf b = BUF_INIT;
      buf_printf(&b, "%s/corpus", cli_data_dir());
      struct stat st;
      if (stat(buf_cstr(&b), &st) == 0 && S_ISDIR(st.st_mode))
        o->corpus_dir = o->corpus_dir_own = buf_detach(&b);
      buf_free(&b);
    }
  }
  return CLI_PARSED;
}

/* Loads the sources of DIR (less EXCLUDE_PATH / EXCLUDE_SLUG) plus EXTRA. */
static cc_corpus *load_corpus(const dopts *o, const char *exclude_path, const char *exclude_slug,
                              const char **extra, size_t nextra, diag_list *d) {
  size_t n = 0;
  char **paths = corpus_sources(o->corpus_dir ? o->corpus_dir : o->dir, exclude_path,
                                exclude_slug, &n);
  const char **all = xcalloc(n + nextra + 1, sizeof *all);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    bool dup = false;
    for (size_t j = 0; j < nextra; j++) dup |= !strcmp(paths[i], extra[j]);
    if (!dup) all[m++] = paths[i];
  }
  for (size_t j = 0; j < nextra; j++) all[m++] = extra[j];
  char *tax = NULL;
  if (!o->topics) {
    /* the project's taxonomy, else the installed one (cli_data.h) */
    buf own = BUF_INIT;
    buf_printf(&own, "%s/topics.yaml", o->dir);
    tax = cli_data_find(buf_cstr(&own), "topics.yaml", NULL);
    if (!tax) tax = buf_detach(&own); /* reported as missing */
    buf_free(&own);
  }
  /* the councils' clauses as written: no hooks, and no topic warnings */
  pipeline_opts po = {.taxonomy = o->topics ? o->topics : tax,
                      .sources = all,
                      .nsources = m,
                      .require_topics = 0,
                      .no_hooks = 1};
  /* the councils' sources are not the user's to fix here: their warnings
     (Brent's numbering, say) would bury the draft's own, so only errors
     (which stop the command) and what concerns the sources named on the
     command line (EXTRA) are passed on */
  diag_list ld;
  diag_list_init(&ld);
  cc_corpus *c = pipeline_load(&po, &ld);
  for (size_t i = 0; i < ld.count; i++) {
    const diag *g = &ld.items[i];
    bool own = g->severity == DIAG_ERROR || !g->file || (g->file && !strstr(g->file, ".md"));
    for (size_t j = 0; j < nextra && !own; j++) own = g->file && !strcmp(g->file, extra[j]);
    if (own) diag_add(d, g->severity, g->file, g->line, g->col, "%s", g->message);
  }
  diag_list_free(&ld);
  free(tax);
  free(all);
  corpus_free_paths(paths, n);
  return c;
}

static int do_report(const dopts *o) {
  diag_list d;
  diag_list_init(&d);
  /* a source outside DIR with a corpus council's slug replaces it */
  const char *exclude_slug = NULL;
  char *slug = NULL;
  if (o->args.n == 1) exclude_slug = slug = corpus_source_slug(o->args.items[0]);
  cc_corpus *c = load_corpus(o, NULL, exclude_slug, o->args.items, o->args.n, &d);
  free(slug);
  if (d.errors) {
    cli_print_diags(&d, 0, 0);
    fprintf(stderr, "concord draft: the sources have errors; fix them first\n");
    model_corpus_free(c);
    diag_list_free(&d);
    return EXIT_ERRORS;
  }
  sim_index *s = sim_build(c, o->scorer && !strcmp(o->scorer, "builtin"));
  buf out = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    bool wanted = o->args.n == 0;
    for (size_t j = 0; j < o->args.n; j++) wanted |= !strcmp(doc->path, o->args.items[j]);
    if (!wanted) continue;
    if (out.len) buf_puts(&out, "\n");
    draft_report(&out, c, doc, s);
  }
  fputs(buf_cstr(&out), stdout);
  buf_free(&out);
  sim_free(s);
  model_corpus_free(c);
  diag_list_free(&d);
  return EXIT_OK;
}

static int do_make_template(const dopts *o) {
  diag_list d;
  diag_list_init(&d);
  cc_corpus *c = load_corpus(o, NULL, NULL, NULL, 0, &d);
  int rc = EXIT_ERRORS;
  if (!d.errors) {
    sim_index *s = sim_build(c, o->scorer && !strcmp(o->scorer, "builtin"));
    char *md = draft_template_generate(c, s, &d);
    const char *path = o->out ? o->out : DEFAULT_TEMPLATE;
    if (file_write_atomic(path, md, strlen(md), &d) == 0) {
      fprintf(stderr, "concord draft: wrote the model protocol to %s (similarity: %s)\n", path,
              sim_method(s));
      rc = EXIT_OK;
    }
    free(md);
    sim_free(s);
  }
  cli_print_diags(&d, 0, 0);
  model_corpus_free(c);
  diag_list_free(&d);
  return rc;
}

static int do_draft(const dopts *o) {
  diag_list d;
  diag_list_init(&d);
  draft_answers a;
  draft_answers_init(&a);
  int rc = EXIT_ERRORS;
  cc_corpus *c = NULL;
  char *tmpl = NULL, *tmpl_path = NULL, *variants_path = NULL, *md = NULL;
  sim_index *s = NULL;
  dv_table vt;
  dv_table_init(&vt);
  bool ask = !o->answers;
  if (ask && !o->interactive && !isatty(STDIN_FILENO)) {
    fprintf(stderr, "concord draft: give --answers FILE.yaml, or run on a terminal to answer "
                    "questions (or add --interactive to read answers from stdin)\n");
    return EXIT_USAGE;
  }
  if (o->answers && draft_answers_load(&a, o->answers, &d) != 0) goto done;
  c = load_corpus(o, o->out, NULL, NULL, 0, &d);
  if (d.errors) {
    fprintf(stderr, "concord draft: the corpus in %s/ has errors; fix them first\n", o->dir);
    goto done;
  }
  if (ask) {
    if (draft_answers_ask(&a, c, stdin, stderr) != 0) {
      fprintf(stderr, "\nconcord draft: input ended before every question was answered; "
                      "nothing was written\n");
      goto done;
    }
  }
  if (draft_answers_validate(&a, c, &d) != 0) goto done;
  size_t tlen = 0;
  /* the project's model protocol, else the installed one (cli_data.h) */
  buf searched = BUF_INIT;
  tmpl_path = o->tmpl ? xstrdup(o->tmpl)
                      : cli_data_find(DEFAULT_TEMPLATE, "templates/protocol.md", &searched);
  tmpl = tmpl_path ? file_read_all(tmpl_path, &tlen) : NULL;
  if (!tmpl) {
    diag_error(&d, tmpl_path ? tmpl_path : DEFAULT_TEMPLATE, 0, 0,
               "cannot read the model protocol%s%s%s: give --template FILE, install concord's "
               "data (make install), or run concord draft --make-template",
               searched.len ? " (looked for " : "", buf_cstr(&searched),
               searched.len ? ")" : "");
    buf_free(&searched);
    goto done;
  }
  buf_free(&searched);
  /* which provisions fit which councils: beside the model protocol */
  buf vsearched = BUF_INIT;
  variants_path = o->variants ? xstrdup(o->variants)
                              : cli_data_find(DEFAULT_VARIANTS, "templates/variants.yaml", &vsearched);
  if (!variants_path) {
    diag_error(&d, DEFAULT_VARIANTS, 0, 0,
               "cannot find the variants table (looked for %s): give --variants FILE, or "
               "install concord's data (make install)", buf_cstr(&vsearched));
    buf_free(&vsearched);
    goto done;
  }
  buf_free(&vsearched);
  if (dv_table_load(&vt, variants_path, c, &d) != 0) goto done;
  s = sim_build(c, o->scorer && !strcmp(o->scorer, "builtin"));
  md = draft_fill(tmpl, tmpl_path, &a, c, s, &vt, &d);
  if (!md) goto done;
  char *defout = NULL;
  const char *out = o->out;
  if (!out) {
    size_t l = strlen(o->dir) + strlen(a.slug) + 8;
    defout = xmalloc(l);
    snprintf(defout, l, "%s/%s.md", o->dir, a.slug);
    out = defout;
  }
  if (o->save) {
    char *y = draft_answers_yaml(&a);
    int w = file_write_atomic(o->save, y, strlen(y), &d);
    free(y);
    if (w != 0) {
      free(defout);
      goto done;
    }
    fprintf(stderr, "concord draft: saved the answers to %s\n", o->save);
  }
  if (!strcmp(out, "-")) {
    fputs(md, stdout);
    rc = EXIT_OK;
  } else if (cli_write_output(out, md, strlen(md), o->force, &d) == 0) {
    fprintf(stderr, "concord draft: wrote %s for %s; check it with: concord build --werror\n",
            out, a.council);
    rc = EXIT_OK;
  }
  free(defout);
done:
  cli_print_diags(&d, 0, 0);
  free(md);
  free(tmpl);
  free(tmpl_path);
  free(variants_path);
  sim_free(s);
  model_corpus_free(c);
  draft_answers_free(&a);
  dv_table_free(&vt);
  diag_list_free(&d);
  return rc;
}

int cmd_draft(int argc, char **argv) {
  dopts o;
  memset(&o, 0, sizeof o);
  int rc = parse(&o, argc, argv);
  if (rc == CLI_HELP_WANTED) {
    cli_help_command(stdout, cli_command_doc("draft"));
    rc = EXIT_OK;
  } else if (rc != CLI_PARSED) {
    rc = EXIT_USAGE;
  } else if (o.report) {
    rc = do_report(&o);
  } else if (o.make_template) {
    rc = do_make_template(&o);
  } else if (o.args.n) {
    fprintf(stderr, "concord draft: unexpected argument '%s' (sources go with --report)\n",
            o.args.items[0]);
    rc = EXIT_USAGE;
  } else {
    rc = do_draft(&o);
  }
  cli_list_free(&o.args);
  free(o.corpus_dir_own);
  return rc;
}
