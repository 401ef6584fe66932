/* cli_help.h - everything generated from the option table (cli_table.h):
 * concord --help, each command's --help, the man page
 * concord(1) and the bash completion script. The Makefile writes the
 * last two at build time (concord __man, concord __bash-completion), so
 * they cannot drift from the binary. */
#ifndef CONCORD_CLI_HELP_H
#define CONCORD_CLI_HELP_H

#include <stdio.h>

#include "cli/cli_table.h"

/* concord --help */
void cli_help_main(FILE *f);
/* concord CMD --help: usage, what it does, options, example, exit status */
void cli_help_command(FILE *f, const cli_cmddoc *c);
/* the man page concord(1), in roff (man(7)); VERSION and DATADIR are
 * printed in it */
void cli_help_man(FILE *f, const char *version, const char *datadir);
/* a bash completion script for concord */
void cli_help_bash(FILE *f);

#endif
