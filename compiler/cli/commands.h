/* commands.h - the commands of the concord command line, one file each
 * (cmd_<name>.c); main.c only picks one by name.
 *
 * A command takes main's ARGC and ARGV (ARGV[1] is its name), parses its
 * options (cli_options.h), prints its output, messages and diagnostics
 * (cli_diag.h), and returns the process's exit status: EXIT_OK, EXIT_ERRORS
 * or EXIT_USAGE. None of them exits. The work is done by the library,
 * which never prints.
 */
#ifndef CONCORD_COMMANDS_H
#define CONCORD_COMMANDS_H

#include "cli/cli_options.h"

int cmd_init(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_draft(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_align(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_review(int argc, char **argv);

/* A build (BUILD 1) or a check (BUILD 0) of the parsed options C, with its
 * diagnostics and summary line: concord build, check and each rebuild of
 * concord watch. */
int cmd_build_run(cli_args *c, int build);

#endif
