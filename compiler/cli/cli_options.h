/* cli_options.h - the one option parser of the command line.
 *
 * A command lists its options in a table of cli_opt and hands argv to
 * cli_parse. Options and arguments may come in any order; an option that
 * takes a value takes the next argument, whatever it is; "-" alone is an
 * argument. On a usage error the message is printed (prefixed with the
 * command, "concord draft") and cli_parse says so; the command returns
 * exit status 2. An option of the table that the option table
 * (cli_table.h) does not list for the command is refused.
 *
 * build, check, watch, dump, align and diff share one set of options
 * (cli_args below); draft and import have tables of their own.
 */
#ifndef CONCORD_CLI_OPTIONS_H
#define CONCORD_CLI_OPTIONS_H

#include <glob.h>
#include <stddef.h>

#include "build/pipeline.h"
#include "cli/cli_table.h"

/* Exit statuses of every command. */
enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

/* A repeatable option's values, or the arguments, in order (malloc'd
 * array of pointers into argv). */
typedef struct cli_list {
  const char **items;
  size_t n;
} cli_list;

void cli_list_add(cli_list *l, const char *s);
void cli_list_free(cli_list *l);

typedef enum cli_opt_kind {
  CLI_OPT_FLAG,  /* sets *flag to 1 */
  CLI_OPT_VALUE, /* *value = the next argument (the last one given wins) */
  CLI_OPT_LIST,  /* adds the next argument to *list (repeatable) */
  CLI_OPT_HELP   /* stops parsing there: cli_parse returns CLI_HELP_WANTED */
} cli_opt_kind;

typedef struct cli_opt {
  const char *name;  /* "--output"; NULL ends a table */
  const char *alias; /* "-o", or NULL */
  cli_opt_kind kind;
  int *flag;
  const char **value;
  cli_list *list;
  const char *needs;   /* a missing value is called this ("a FILE"); NULL: "a value" */
  int attached_digits; /* the value may follow the alias directly: -j4 */
} cli_opt;

typedef struct cli_parser {
  const cli_opt *opts;
  cli_list *args;        /* what is not an option */
  size_t max_args;       /* 0: any number */
  const char *too_many;  /* past MAX_ARGS: "one FILE.txt at a time" */
  /* "build": the messages name it, and only the options the option table
   * (cli_commands) lists for it are accepted */
  const char *command;
} cli_parser;

enum { CLI_PARSED = 0, CLI_HELP_WANTED = 1, CLI_BAD_USAGE = -1 };

/* Parses ARGV[2..ARGC-1] (ARGV[1] is the command). Returns CLI_PARSED,
 * CLI_HELP_WANTED (the command prints its help) or CLI_BAD_USAGE (the
 * message is printed). */
int cli_parse(const cli_parser *p, int argc, char **argv);

/* ---- build, check, watch, dump, align, diff --------------------------- */

typedef struct cli_args {
  const char *outdir;         /* -o, --output */
  const char *formats;        /* --format */
  const char *taxonomy;       /* --topics */
  const char *jobs;           /* -j, --jobs */
  cli_list sources;           /* the arguments */
  cli_list lua;               /* --lua, repeatable */
  int werror, quiet, verbose, no_hooks, no_cache;
  const char *min_score;      /* align: --min-score */
  const char *max_per_clause; /* align: --max-per-clause */
  int audit;                  /* align: --audit */
  int text_only;              /* align: --text-only (no taxonomy pivot) */
  int stats;                  /* dump: --stats (work counters, for tests) */
  glob_t g;                   /* default sources */
  int have_glob;
} cli_args;

/* Parses the options of command ARGV[1] into C (zeroed first). align's own
 * options are usage errors on the other commands. */
int cli_args_parse(cli_args *c, int argc, char **argv);
void cli_args_free(cli_args *c);

/* A whole command of this set: parses ARGV, then calls RUN with the
 * options; -h or --help prints the command's help (cli_help.h) on stdout
 * instead. Returns RUN's exit status, EXIT_OK after the help, or
 * EXIT_USAGE. */
int cli_args_run(int argc, char **argv, int (*run)(cli_args *c));

/* Without arguments: the Markdown files in sources/. -1 (message printed)
 * if there are none. */
int cli_args_default_sources(cli_args *c);

/* -j N: 0 when not given (the number of CPUs); -1 if not a number from 1
 * to 1024. */
int cli_parse_jobs(const char *s);
/* What the library needs to load the corpus C names (its taxonomy,
 * sources, hook files); REQUIRE_TOPICS: warn about a clause without one. */
pipeline_opts cli_pipeline_opts(const cli_args *c, int require_topics);

#endif
