/* cmd_diff.c - `concord diff [--format html|text] [-o FILE] OLD.md NEW.md`:
 * a redline of one council's two versions, clause by clause. */
#include "cli/commands.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/outdir.h"
#include "cli/cli_diag.h"
#include "write/diff/diff_version.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>


static int diff(cli_args *c) {
  if (c->sources.n != 2) {
    fprintf(stderr, "concord: diff takes OLD.md NEW.md\n");
    return EXIT_USAGE;
  }
  int text = 0;
  if (c->formats && !strcmp(c->formats, "text")) text = 1;
  else if (c->formats && strcmp(c->formats, "html") != 0) {
    fprintf(stderr, "concord: diff writes --format html or text, not '%s'\n", c->formats);
    return EXIT_USAGE;
  }
  if (c->outdir) {
    /* -o names the redline's file: a directory (or "dir/") would give a
     * file without a name */
    struct stat st;
    size_t n = strlen(c->outdir);
    if (n == 0 || c->outdir[n - 1] == '/' || (stat(c->outdir, &st) == 0 && S_ISDIR(st.st_mode))) {
      fprintf(stderr, "concord: diff -o takes a file, and '%s' is a directory: give a file name "
              "(e.g. -o %s%sredline.html)\n", c->outdir, c->outdir,
              n && c->outdir[n - 1] == '/' ? "" : "/");
      return EXIT_USAGE;
    }
  }
  diag_list d;
  diag_list_init(&d);
  buf out = BUF_INIT;
  const char *old_md = c->sources.items[0], *new_md = c->sources.items[1];
  int rc = diff_version_run(old_md, new_md, text, &out, &d) == 0 ? EXIT_OK : EXIT_ERRORS;
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
  cli_print_diags(&d, c->quiet, c->werror);
  diag_list_free(&d);
  return rc;
}

int cmd_diff(int argc, char **argv) { return cli_args_run(argc, argv, diff); }
