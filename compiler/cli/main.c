/* main.c - the concord command line: picks the command named by argv[1]
 * and returns its exit status. The commands are in cmd_<name>.c
 * (commands.h); they print, and return to main, the only place the
 * process ends.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/cli_data.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CONCORD_VERSION
#define CONCORD_VERSION "0.1.0"
#endif

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
    "  review   accept or reject a source's suggested topics (concord review --help)\n"
    "  align    propose equivalent provisions (clauses, list items) across councils\n"
    "           from their text and the taxonomy's definitions (--min-score S,\n"
    "           --max-per-clause K, -j N,\n"
    "           --format tsv|json, --audit against the topics, --text-only)\n"
    "  diff     redline of OLD.md -> NEW.md clause by clause (--format html|text,\n"
    "           -o FILE; HTML by default)\n"
    "\n"
    "options:\n"
    "  -o, --output DIR   output directory for build (default: out)\n"
    CLI_HELP_FORMAT
    CLI_HELP_TOPICS
    CLI_HELP_LUA
    CLI_HELP_NO_HOOKS
    CLI_HELP_JOBS
    CLI_HELP_NO_CACHE
    CLI_HELP_WERROR
    CLI_HELP_QUIET
    CLI_HELP_VERBOSE
    CLI_HELP_HELP
    "  --version          show the version (with -v: and the data directory)\n"
    "\n"
    "Without SOURCE arguments, build and check use sources/*.md.\n"
    "Diagnostics are printed as file:line:col: severity: message.\n"
    "Exit status: 0 success, 1 errors in the input (nothing written), 2 usage.\n";

/* The commands, each in its file (commands.h). */
static const struct command {
  const char *name;
  int (*run)(int argc, char **argv);
} commands[] = {
    {"build", cmd_build}, {"check", cmd_check},   {"watch", cmd_watch}, {"dump", cmd_dump},
    {"draft", cmd_draft}, {"import", cmd_import}, {"align", cmd_align}, {"diff", cmd_diff},
    {"review", cmd_review},
};

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
  if (!strcmp(cmd, "--version") ||
      (argc > 2 && (!strcmp(cmd, "-v") || !strcmp(cmd, "--verbose")) &&
       !strcmp(argv[2], "--version"))) {
    printf("concord %s\n", CONCORD_VERSION);
    int verbose = argc > 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose") ||
                               !strcmp(argv[2], "-v") || !strcmp(argv[2], "--verbose"));
    if (verbose) {
      /* where the data a project lacks comes from (cli_data.h) */
      const char *dd = cli_data_dir();
      printf("data directory: %s%s%s\n", dd, access(dd, R_OK) == 0 ? "" : " (missing)",
             getenv("CONCORD_DATADIR") && *getenv("CONCORD_DATADIR") ? " (from CONCORD_DATADIR)"
                                                                   : "");
    }
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(cmd, commands[i].name)) return commands[i].run(argc, argv);
  fprintf(stderr, "concord: unknown command '%s' (see concord --help)\n", cmd);
  return EXIT_USAGE;
}
