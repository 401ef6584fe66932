/* cmd_import.c - `concord import FILE.txt --council NAME --slug SLUG
 * [-o FILE.md]`: plain text to annotated Markdown with suggested topics.
 * A command (commands.h): it prints; the work is in import_text.c and
 * import_topics.c.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "author/corpus_files.h"
#include "author/import_text.h"
#include "author/import_topics.h"
#include "author/similarity.h"
#include "base/fileio.h"
#include "build/pipeline.h"
#include "cli/cli_data.h"
#include "cli/cli_diag.h"
#include "cli/cli_help.h"
#include "cli/cli_options.h"
#include "cli/cli_output.h"
#include "read/frontmatter.h"
#include "read/reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int cmd_import(int argc, char **argv) {
  const char *in = NULL, *council = NULL, *slug = NULL, *out = NULL, *dir = "sources",
             *topics = NULL, *scorer = NULL, *min_score = NULL, *max_topics = NULL;
  int force = 0, no_topics = 0, quiet = 0, raw = 0;
  cli_list args = {NULL, 0};
  const cli_opt opts[] = {
      {"--council", NULL, CLI_OPT_VALUE, .value = &council},
      {"--slug", NULL, CLI_OPT_VALUE, .value = &slug},
      {"--output", "-o", CLI_OPT_VALUE, .value = &out},
      {"--sources", NULL, CLI_OPT_VALUE, .value = &dir},
      {"--topics", NULL, CLI_OPT_VALUE, .value = &topics},
      {"--scorer", NULL, CLI_OPT_VALUE, .value = &scorer},
      {"--min-score", NULL, CLI_OPT_VALUE, .value = &min_score},
      {"--max-topics", NULL, CLI_OPT_VALUE, .value = &max_topics},
      {"--force", NULL, CLI_OPT_FLAG, .flag = &force},
      {"--no-topics", NULL, CLI_OPT_FLAG, .flag = &no_topics},
      {"--raw", NULL, CLI_OPT_FLAG, .flag = &raw},
      {"--quiet", "-q", CLI_OPT_FLAG, .flag = &quiet},
      {.name = "--help", .alias = "-h", .kind = CLI_OPT_HELP},
      {.name = NULL}};
  cli_parser p = {.opts = opts,
                  .args = &args,
                  .max_args = 1,
                  .too_many = "one FILE.txt at a time",
                  .command = "import"};
  int parsed = cli_parse(&p, argc, argv);
  if (args.n) in = args.items[0];
  cli_list_free(&args);
  if (parsed == CLI_HELP_WANTED) {
    cli_help_command(stdout, cli_command_doc("import"));
    return EXIT_OK;
  }
  if (parsed != CLI_PARSED) return EXIT_USAGE;
  if (!in || !council || !slug) {
    fprintf(stderr, "concord import: give FILE.txt, --council \"NAME\" and --slug SLUG "
                    "(see concord import --help)\n");
    return EXIT_USAGE;
  }
  if (!frontmatter_valid_slug(slug)) {
    fprintf(stderr, "concord import: slug '%s' is not valid: use lower-case letters, digits "
                    "and single hyphens\n", slug);
    return EXIT_USAGE;
  }
  import_topic_opts to;
  import_topic_opts_default(&to);
  if (min_score) {
    char *e;
    to.min_score = strtod(min_score, &e);
    if (*e || e == min_score || to.min_score < 0 || to.min_score > 1) {
      fprintf(stderr, "concord import: --min-score takes a number from 0 to 1\n");
      return EXIT_USAGE;
    }
  }
  if (max_topics) {
    char *e;
    long m = strtol(max_topics, &e, 10);
    if (*e || e == max_topics || m < 1 || m > 20) {
      fprintf(stderr, "concord import: --max-topics takes a number from 1 to 20\n");
      return EXIT_USAGE;
    }
    to.max_topics = (size_t)m;
  }
  diag_list d;
  diag_list_init(&d);
  size_t len = 0;
  errno = 0;
  char *data = file_read_all(in, &len);
  if (!data) {
    fprintf(stderr, "concord import: cannot read %s: %s\n", in,
            errno ? strerror(errno) : "read error");
    diag_list_free(&d);
    return EXIT_ERRORS;
  }
  imp_doc doc;
  int rc = EXIT_ERRORS;
  cc_corpus *c = NULL;
  sim_index *s = NULL;
  char **attrs = NULL;
  buf md = BUF_INIT, md2 = BUF_INIT;
  if (import_text_parse(in, data, len, &doc, &d) != 0) goto done;
  import_text_markdown(&md, &doc, council, slug, NULL);
  if (raw) { /* the Markdown as first written, unchecked (debugging) */
    fputs(buf_cstr(&md), stdout);
    rc = EXIT_OK;
    goto done;
  }
  const char *mdpath = out ? out : "<stdout>";
  /* read the Markdown back among the other councils: it must be a valid
     source, and its clauses can then be compared with theirs */
  size_t n = 0;
  char **paths = corpus_sources(dir, out, slug, &n);
  char *tax = NULL;
  buf searched = BUF_INIT; /* where the taxonomy was looked for */
  if (!topics) {
    /* the project's taxonomy, else the installed one (cli_data.h) */
    buf own = BUF_INIT;
    buf_printf(&own, "%s/topics.yaml", dir);
    tax = cli_data_find(buf_cstr(&own), "topics.yaml", &searched);
    if (!tax) tax = buf_detach(&own); /* reported as missing below */
    buf_free(&own);
  }
  if (!no_topics) {
    /* say why there will be no suggestions, never a silent "0 topics" */
    FILE *tf = fopen(topics ? topics : tax, "rb");
    if (tf) fclose(tf);
    if (!tf && topics) {
      fprintf(stderr, "concord import: cannot read the topics file %s: %s; give an existing "
                      "taxonomy with --topics FILE, or --no-topics\n", topics, strerror(errno));
      corpus_free_paths(paths, n);
      free(tax);
      buf_free(&searched);
      goto done;
    }
    if (!tf) {
      diag_warning(&d, in, 0, 0, "no topics file (looked for %s): importing without topic "
                   "suggestions (give --topics FILE or --sources DIR, or --no-topics to say so)",
                   buf_cstr(&searched));
      no_topics = 1;
    } else if (!n) {
      diag_warning(&d, in, 0, 0, "no other council's source in %s/ to compare with: importing "
                   "without topic suggestions (give --sources DIR)", dir);
      no_topics = 1;
    }
  }
  diag_list cd;
  diag_list_init(&cd);
  if (!no_topics && n) {
    pipeline_opts po = {.taxonomy = topics ? topics : tax,
                        .sources = (const char **)paths,
                        .nsources = n,
                        .require_topics = 0,
                        .no_hooks = 1};
    c = pipeline_load(&po, &cd);
  }
  if (!c) c = model_corpus_new();
  if (cd.errors) {
    fprintf(stderr, "concord import: the corpus in %s/ has errors; importing without topic "
                    "suggestions\n", dir);
    no_topics = 1;
  }
  diag_list_free(&cd);
  corpus_free_paths(paths, n);
  free(tax);
  buf_free(&searched);
  diag_list rd;
  diag_list_init(&rd);
  cc_document *mdoc = reader_read_buffer(c, mdpath, buf_cstr(&md), md.len, &rd);
  if (rd.errors || !mdoc) {
    /* a bug in the importer, not in the input: say so plainly */
    for (size_t i = 0; i < rd.count; i++)
      if (rd.items[i].severity == DIAG_ERROR)
        diag_error(&d, in, 0, 0, "internal: the Markdown written is not a valid source "
                   "(line %d: %s); please report this with the input file",
                   rd.items[i].line, rd.items[i].message);
    diag_list_free(&rd);
    goto done;
  }
  diag_list_free(&rd);
  if (!no_topics && c->ntopics) {
    s = sim_build(c, scorer && !strcmp(scorer, "builtin"));
    attrs = import_topics_suggest(&doc, mdoc, c, s, &to, in, &d);
  }
  import_text_markdown(&md2, &doc, council, slug, attrs);
  if (out) {
    if (cli_write_output(out, buf_cstr(&md2), md2.len, force, &d) != 0) goto done;
  } else {
    fputs(buf_cstr(&md2), stdout);
  }
  size_t nclauses = mdoc->nclauses, tagged = 0;
  for (size_t i = 0; attrs && i < doc.n; i++) tagged += attrs[i] != NULL;
  if (!nclauses)
    diag_warning(&d, in, 0, 0, "no clause found: every paragraph was kept as text; check the "
                 "report above, and that this is a protocol's text");
  else if (s && !tagged)
    diag_warning(&d, in, 0, 0, "no clause got a suggested topic: none is close enough to a "
                 "tagged clause of the corpus in %s/; tag them by hand", dir);
  if (!quiet)
    fprintf(stderr, "concord import: %s: %zu clauses (%s), %zu with suggested topics%s%s; "
            "%zu lines of page furniture dropped\n", in, nclauses,
            doc.numbered ? "numbered" : "unnumbered", tagged,
            s ? ", similarity: " : "", s ? sim_method(s) : "", doc.dropped_lines);
  if (!quiet && out && tagged)
    fprintf(stderr, "concord import: the topics are suggestions ({topic?=...}), never linked "
            "or published: accept or reject them with 'concord review %s'\n", out);
  rc = EXIT_OK;
done:
  cli_print_diags(&d, quiet, 0);
  import_topics_free(attrs, doc.n);
  import_doc_free(&doc);
  sim_free(s);
  model_corpus_free(c);
  buf_free(&md);
  buf_free(&md2);
  free(data);
  diag_list_free(&d);
  return rc;
}
