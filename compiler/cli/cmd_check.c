/* cmd_check.c - `concord check [options] [SOURCE.md ...]`: read and
 * validate the sources as a build would, and write nothing. */
#include "cli/commands.h"


static int check(cli_args *c) { return cmd_build_run(c, 0); }

int cmd_check(int argc, char **argv) { return cli_args_run(argc, argv, check); }
