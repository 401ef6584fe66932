/* cmd_dump.c - `concord dump [--topics FILE] SOURCE.md`: the model of one
 * source, one JSON object per line, on stdout. */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "base/diag.h"
#include "model/model.h"
#include "read/reader.h"
#include "read/taxonomy.h"
#include "write/json/json_export.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dump(cli_args *c) {
  if (c->sources.n != 1) {
    fprintf(stderr, "concord: dump takes exactly one SOURCE.md\n");
    return EXIT_USAGE;
  }
  diag_list d;
  diag_list_init(&d);
  cc_corpus *corpus = model_corpus_new();
  if (c->taxonomy) taxonomy_load(corpus, c->taxonomy, &d);
  cc_document *doc = reader_read_file(corpus, c->sources.items[0], &d);
  if (doc) {
    char *s = json_export_dump(doc);
    fputs(s, stdout);
    free(s);
  }
  /* diagnostics go to stdout too, as lines of the dump, without the
     source's file name (the spec examples compare them) */
  diag_list_sort(&d);
  for (size_t i = 0; i < d.count; i++) {
    diag *g = &d.items[i];
    char *line = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&line, &n);
    /* a problem in another file (the --topics taxonomy) names it */
    if (g->file && strcmp(g->file, c->sources.items[0]) != 0) fprintf(m, "%s:", g->file);
    fprintf(m, "%d:%d: %s: %s", g->line, g->col, diag_severity_name(g->severity), g->message);
    fclose(m);
    json_t *o = json_pack("{s:s}", "diag", line);
    char *js = json_dumps(o, JSON_COMPACT);
    printf("%s\n", js);
    free(js);
    json_decref(o);
    free(line);
  }
  if (c->stats && doc) printf("{\"stats\": {\"id_probes\": %zu}}\n", doc->id_probes);
  int rc = d.errors ? EXIT_ERRORS : EXIT_OK;
  model_corpus_free(corpus);
  diag_list_free(&d);
  return rc;
}

int cmd_dump(int argc, char **argv) { return cli_args_run(argc, argv, dump); }
