/* cmd_check.c - `concord check [options] [SOURCE.md ...]`: read and
 * validate the sources as a build would, and write nothing. */
#include "cli/commands.h"

static const char help[] =
    "usage: concord check [options] [SOURCE.md ...]\n"
    "\n"
    "Reads and validates the sources as concord build does, and writes nothing.\n"
    "Without SOURCE arguments, uses sources/*.md.\n"
    "\n"
    "options:\n"
    CLI_HELP_TOPICS
    CLI_HELP_LUA
    CLI_HELP_NO_HOOKS
    CLI_HELP_WERROR
    CLI_HELP_QUIET
    CLI_HELP_VERBOSE
    CLI_HELP_HELP;

static int check(cli_args *c) { return cmd_build_run(c, 0); }

int cmd_check(int argc, char **argv) { return cli_args_run(argc, argv, help, check); }
