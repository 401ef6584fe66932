/* main.c - the concord command line: picks the command named by argv[1]
 * and returns its exit status. The commands are in cmd_<name>.c
 * (commands.h); they print, and return to main, the only place the
 * process ends.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/cli_data.h"
#include "cli/cli_help.h"
#include "cli/cli_heap.h"
#include "base/parallel.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CONCORD_VERSION
#define CONCORD_VERSION "0.1.0"
#endif


/* The commands, each in its file (commands.h). */
static const struct command {
  const char *name;
  int (*run)(int argc, char **argv);
} commands[] = {
    {"init", cmd_init},     {"build", cmd_build}, {"check", cmd_check},
    {"watch", cmd_watch},   {"dump", cmd_dump},   {"draft", cmd_draft},
    {"import", cmd_import}, {"align", cmd_align}, {"diff", cmd_diff},
    {"review", cmd_review}, {"compare", cmd_compare},
};

int main(int argc, char **argv) {
  cli_heap_tune(); /* large pages: fewer page faults (cli_heap.c) */
  parallel_set_thread_start(cli_heap_tune_thread);
  /* past a file size limit (ulimit -f) a write must fail with EFBIG and be
     reported, not kill the build halfway (leaving its staging directory) */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    cli_help_main(stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    cli_help_main(stdout);
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
  /* for the build (Makefile) and the tests: what the option table makes */
  if (!strcmp(cmd, "__man")) {
    cli_help_man(stdout, CONCORD_VERSION, argc > 2 ? argv[2] : cli_data_dir());
    return EXIT_OK;
  }
  if (!strcmp(cmd, "__bash-completion")) {
    cli_help_bash(stdout);
    return EXIT_OK;
  }
  if (!strcmp(cmd, "__options")) { /* __options CMD: its options, one a line */
    const cli_cmddoc *c = cli_command_doc(argc > 2 ? argv[2] : NULL);
    if (!c) return EXIT_USAGE;
    for (const cli_optdoc *o = c->opts; o->name; o++)
      printf("%s%s%s%s%s\n", o->name, o->alias ? " " : "", o->alias ? o->alias : "",
             o->arg ? " " : "", o->arg ? o->arg : "");
    return EXIT_OK;
  }
  /* only a command of the option table (cli_table.h) runs: its help,
   * man page section and completion exist */
  for (size_t i = 0; cli_command_doc(cmd) && i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(cmd, commands[i].name)) return commands[i].run(argc, argv);
  fprintf(stderr, "concord: unknown command '%s' (see concord --help)\n", cmd);
  return EXIT_USAGE;
}
