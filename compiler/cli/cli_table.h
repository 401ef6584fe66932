/* cli_table.h - the option table: the one description of the command
 * line. Each command's --help, concord --help, the man page concord(1)
 * and the bash completion are generated from it (cli_help.h), and
 * cli_parse (cli_options.h) accepts on a command only the options listed
 * here for it: none can be accepted without being documented, or
 * documented without being accepted (tests/t_help.sh checks both). */
#ifndef CONCORD_CLI_TABLE_H
#define CONCORD_CLI_TABLE_H

/* One option of one command, as documented. */
typedef struct cli_optdoc {
  const char *name;  /* "--output"; NULL ends a list */
  const char *alias; /* "-o", or NULL */
  const char *arg;   /* its value ("DIR"), or NULL for a flag */
  const char *help;  /* what it does; lines separated by '\n' */
} cli_optdoc;

/* One command: what --help, the man page and the completion show. Every
 * command also takes -h, --help (not listed). */
typedef struct cli_cmddoc {
  const char *name;        /* "build"; NULL ends cli_commands */
  const char *summary;     /* one line, for concord --help */
  const char *usage;       /* after "concord NAME "; '\n' between forms */
  const char *about;       /* what it does; lines separated by '\n' */
  const cli_optdoc *opts;  /* its options */
  const char *example;     /* one command line */
  const char *exit_status; /* what its statuses mean */
} cli_cmddoc;

extern const cli_cmddoc cli_commands[];

/* The command NAME (NULL: not a command). */
const cli_cmddoc *cli_command_doc(const char *name);
/* Command C's option NAME ("--output", not the alias), or NULL. */
const cli_optdoc *cli_command_opt(const cli_cmddoc *c, const char *name);

#endif
