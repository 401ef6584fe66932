/* cmd_compare.c - `concord compare A B [-o FILE.html] [SOURCE.md ...]`:
 * two councils of the corpus compared, as one self-contained HTML page
 * (write/matrix/matrix_write.h). The build publishes these pages for a
 * small corpus (site/compare/); this makes any pair's of a large one. */
#include "cli/commands.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/outdir.h"
#include "build/pipeline.h"
#include "cli/cli_diag.h"
#include "model/model.h"
#include "write/matrix/matrix_write.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* -o FILE: staged and renamed like a build, so a failed compare leaves no
 * half-written file (as concord diff does). */
static int write_file(const char *path, const buf *out, diag_list *d) {
  const char *slash = strrchr(path, '/');
  buf dir = BUF_INIT;
  if (slash) buf_put(&dir, path, slash == path ? 1 : (size_t)(slash - path));
  else buf_putc(&dir, '.');
  int rc = -1;
  outdir *od = outdir_open(buf_cstr(&dir), d);
  if (od) {
    if (outdir_write(od, slash ? slash + 1 : path, out->data ? out->data : "", out->len, d) != 0)
      outdir_abort(od);
    else if (outdir_commit(od, d) == 0)
      rc = 0;
  }
  buf_free(&dir);
  return rc;
}

static int compare(cli_args *c) {
  if (c->sources.n < 2) {
    fprintf(stderr, "concord: compare takes two councils' slugs: concord compare A B "
                    "[SOURCE.md ...] (e.g. concord compare brent solihull -o compare.html)\n");
    return EXIT_USAGE;
  }
  if (c->outdir) {
    struct stat st;
    size_t n = strlen(c->outdir);
    if (n == 0 || c->outdir[n - 1] == '/' || (stat(c->outdir, &st) == 0 && S_ISDIR(st.st_mode))) {
      fprintf(stderr, "concord: compare -o takes a file, and '%s' is a directory: give a file "
              "name (e.g. -o %s%scompare.html)\n", c->outdir, c->outdir,
              n && c->outdir[n - 1] == '/' ? "" : "/");
      return EXIT_USAGE;
    }
  }
  const char *a = c->sources.items[0], *b = c->sources.items[1];
  /* the rest are the sources; none: those in sources/ */
  cli_args rest = *c;
  rest.sources = (cli_list){NULL, 0};
  rest.have_glob = 0;
  for (size_t i = 2; i < c->sources.n; i++) cli_list_add(&rest.sources, c->sources.items[i]);
  if (cli_args_default_sources(&rest) != 0) {
    cli_list_free(&rest.sources);
    return EXIT_USAGE;
  }
  diag_list d;
  diag_list_init(&d);
  pipeline_opts o = cli_pipeline_opts(&rest, 0);
  cc_corpus *corpus = pipeline_load(&o, &d);
  buf out = BUF_INIT;
  int rc = EXIT_OK;
  if (d.errors || matrix_compare_page(corpus, a, b, &out, &d) != 0) rc = EXIT_ERRORS;
  else if (c->outdir) rc = write_file(c->outdir, &out, &d) == 0 ? EXIT_OK : EXIT_ERRORS;
  else fwrite(buf_cstr(&out), 1, out.len, stdout);
  buf_free(&out);
  model_corpus_free(corpus);
  cli_print_diags(&d, c->quiet, c->werror);
  diag_list_free(&d);
  cli_list_free(&rest.sources);
  if (rest.have_glob) globfree(&rest.g);
  return rc;
}

int cmd_compare(int argc, char **argv) { return cli_args_run(argc, argv, compare); }
