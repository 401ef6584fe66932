/* draft_cmd.c - `concord draft`: fill the model protocol from answers
 * (file or questions), report on a source, regenerate the template.
 *
 *   concord draft [--answers FILE.yaml] [-o sources/SLUG.md] [--force]
 *                 [--save-answers FILE.yaml] [--interactive]
 *   concord draft --report [SOURCE.md ...]
 *   concord draft --make-template [-o sources/templates/protocol.md]
 *   common: --template FILE --topics FILE --sources DIR --scorer builtin
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/draft_cmd.h"
#include "author/draft_answers.h"
#include "author/draft_fill.h"
#include "author/corpus_files.h"
#include "author/draft_report.h"
#include "author/similarity.h"
#include "author/draft_template.h"
#include "base/fileio.h"
#include "cli/cli_diag.h"
#include "cli/cli_output.h"
#include "build/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_TEMPLATE "sources/templates/protocol.md"

static const char draft_usage[] =
    "usage: concord draft [--answers FILE.yaml] [-o FILE.md] [--force] [--save-answers FILE]\n"
    "       concord draft --report [SOURCE.md ...]\n"
    "       concord draft --make-template [-o FILE.md]\n"
    "\n"
    "Drafts a new council's protocol from the model protocol (" DEFAULT_TEMPLATE "),\n"
    "filled from an answers file, or from questions asked on the terminal when\n"
    "--answers is not given (see docs/drafting.md).\n"
    "\n"
    "  --answers FILE     answers (YAML): council, slug, kind, roles, include, exclude, wording\n"
    "  -o FILE            where to write the draft (default sources/SLUG.md)\n"
    "  --force            replace FILE if it exists\n"
    "  --save-answers F   also write the answers given to F (YAML)\n"
    "  --interactive      ask the questions even when stdin is not a terminal\n"
    "  --report           compare SOURCE (default: every source) with the other councils\n"
    "  --make-template    regenerate the model protocol from the corpus\n"
    "  --template FILE    the model protocol (default " DEFAULT_TEMPLATE ")\n"
    "  --sources DIR      the corpus (default sources; topics from DIR/topics.yaml)\n"
    "  --topics FILE      the taxonomy\n"
    "  --scorer builtin   use the built-in similarity instead of the aligner's\n";

typedef struct dopts {
  const char *answers, *out, *save, *tmpl, *dir, *topics, *scorer;
  int force, interactive, report, make_template;
  const char **args; size_t nargs;
} dopts;

static int parse(dopts *o, int argc, char **argv) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char **v = NULL;
    if (!strcmp(a, "--answers")) v = &o->answers;
    else if (!strcmp(a, "-o") || !strcmp(a, "--output")) v = &o->out;
    else if (!strcmp(a, "--save-answers")) v = &o->save;
    else if (!strcmp(a, "--template")) v = &o->tmpl;
    else if (!strcmp(a, "--sources")) v = &o->dir;
    else if (!strcmp(a, "--topics")) v = &o->topics;
    else if (!strcmp(a, "--scorer")) v = &o->scorer;
    else if (!strcmp(a, "--force")) o->force = 1;
    else if (!strcmp(a, "--interactive")) o->interactive = 1;
    else if (!strcmp(a, "--report")) o->report = 1;
    else if (!strcmp(a, "--make-template")) o->make_template = 1;
    else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(draft_usage, stdout);
      exit(0);
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "concord draft: unknown option '%s' (see concord draft --help)\n", a);
      return -1;
    } else {
      o->args = xrealloc(o->args, (o->nargs + 1) * sizeof *o->args);
      o->args[o->nargs++] = a;
      continue;
    }
    if (!v) continue;
    if (i + 1 >= argc) {
      fprintf(stderr, "concord draft: %s needs a value\n", a);
      return -1;
    }
    *v = argv[++i];
  }
  if (o->scorer && strcmp(o->scorer, "builtin") && strcmp(o->scorer, "aligner")) {
    fprintf(stderr, "concord draft: --scorer is 'aligner' or 'builtin'\n");
    return -1;
  }
  if (!o->dir) o->dir = "sources";
  if (!o->tmpl) o->tmpl = DEFAULT_TEMPLATE;
  return 0;
}

/* Loads the sources of DIR (less EXCLUDE_PATH / EXCLUDE_SLUG) plus EXTRA. */
static cc_corpus *load_corpus(const dopts *o, const char *exclude_path, const char *exclude_slug,
                              const char **extra, size_t nextra, diag_list *d) {
  size_t n = 0;
  char **paths = corpus_sources(o->dir, exclude_path, exclude_slug, &n);
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
    size_t l = strlen(o->dir) + 16;
    tax = xmalloc(l);
    snprintf(tax, l, "%s/topics.yaml", o->dir);
  }
  /* the councils' clauses as written: no hooks, and no topic warnings */
  pipeline_opts po = {.taxonomy = o->topics ? o->topics : tax,
                      .sources = all,
                      .nsources = m,
                      .require_topics = 0,
                      .no_hooks = 1};
  cc_corpus *c = pipeline_load(&po, d);
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
  if (o->nargs == 1) exclude_slug = slug = corpus_source_slug(o->args[0]);
  cc_corpus *c = load_corpus(o, NULL, exclude_slug, o->args, o->nargs, &d);
  free(slug);
  if (d.errors) {
    cli_print_diags(&d, 0, 0);
    fprintf(stderr, "concord draft: the sources have errors; fix them first\n");
    model_corpus_free(c);
    diag_list_free(&d);
    return 1;
  }
  sim_index *s = sim_build(c, o->scorer && !strcmp(o->scorer, "builtin"));
  buf out = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    bool wanted = o->nargs == 0;
    for (size_t j = 0; j < o->nargs; j++) wanted |= !strcmp(doc->path, o->args[j]);
    if (!wanted) continue;
    if (out.len) buf_puts(&out, "\n");
    draft_report(&out, c, doc, s);
  }
  fputs(buf_cstr(&out), stdout);
  buf_free(&out);
  sim_free(s);
  model_corpus_free(c);
  diag_list_free(&d);
  return 0;
}

static int do_make_template(const dopts *o) {
  diag_list d;
  diag_list_init(&d);
  cc_corpus *c = load_corpus(o, NULL, NULL, NULL, 0, &d);
  int rc = 1;
  if (!d.errors) {
    sim_index *s = sim_build(c, o->scorer && !strcmp(o->scorer, "builtin"));
    char *md = draft_template_generate(c, s, &d);
    const char *path = o->out ? o->out : DEFAULT_TEMPLATE;
    if (file_write_atomic(path, md, strlen(md), &d) == 0) {
      fprintf(stderr, "concord draft: wrote the model protocol to %s (similarity: %s)\n", path,
              sim_method(s));
      rc = 0;
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
  int rc = 1;
  cc_corpus *c = NULL;
  char *tmpl = NULL, *md = NULL;
  sim_index *s = NULL;
  bool ask = !o->answers;
  if (ask && !o->interactive && !isatty(STDIN_FILENO)) {
    fprintf(stderr, "concord draft: give --answers FILE.yaml, or run on a terminal to answer "
                    "questions (or add --interactive to read answers from stdin)\n");
    return 2;
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
  tmpl = file_read_all(o->tmpl, &tlen);
  if (!tmpl) {
    diag_error(&d, o->tmpl, 0, 0, "cannot read the model protocol: give --template FILE, or "
               "run concord draft --make-template");
    goto done;
  }
  s = sim_build(c, o->scorer && !strcmp(o->scorer, "builtin"));
  md = draft_fill(tmpl, o->tmpl, &a, c, s, &d);
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
    rc = 0;
  } else if (cli_write_output(out, md, strlen(md), o->force, &d) == 0) {
    fprintf(stderr, "concord draft: wrote %s for %s; check it with: concord build --werror\n",
            out, a.council);
    rc = 0;
  }
  free(defout);
done:
  cli_print_diags(&d, 0, 0);
  free(md);
  free(tmpl);
  sim_free(s);
  model_corpus_free(c);
  draft_answers_free(&a);
  diag_list_free(&d);
  return rc;
}

int draft_command(int argc, char **argv) {
  dopts o;
  memset(&o, 0, sizeof o);
  if (parse(&o, argc, argv) != 0) return 2;
  int rc;
  if (o.report) rc = do_report(&o);
  else if (o.make_template) rc = do_make_template(&o);
  else if (o.nargs) {
    fprintf(stderr, "concord draft: unexpected argument '%s' (sources go with --report)\n",
            o.args[0]);
    rc = 2;
  } else rc = do_draft(&o);
  free(o.args);
  return rc;
}
