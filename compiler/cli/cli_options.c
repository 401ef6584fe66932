/* cli_options.c - option parsing for every command (see cli_options.h). */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli_options.h"
#include "base/arena.h"
#include "base/buf.h"
#include "cli/cli_data.h"
#include "cli/cli_help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_list_add(cli_list *l, const char *s) {
  l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
  l->items[l->n++] = s;
}

void cli_list_free(cli_list *l) {
  free(l->items);
  l->items = NULL;
  l->n = 0;
}

/* The option A names, or NULL; *ATTACHED gets the value of "-j4". */
static const cli_opt *find_opt(const cli_opt *opts, const char *a, const char **attached) {
  *attached = NULL;
  for (const cli_opt *o = opts; o->name; o++)
    if (!strcmp(a, o->name) || (o->alias && !strcmp(a, o->alias))) return o;
  for (const cli_opt *o = opts; o->name; o++) {
    if (!o->attached_digits || !o->alias) continue;
    size_t n = strlen(o->alias);
    if (!strncmp(a, o->alias, n) && a[n] >= '0' && a[n] <= '9') {
      *attached = a + n;
      return o;
    }
  }
  return NULL;
}

int cli_parse(const cli_parser *p, int argc, char **argv) {
  const cli_cmddoc *doc = cli_command_doc(p->command);
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!(a[0] == '-' && a[1])) {
      if (p->max_args && p->args->n >= p->max_args) {
        fprintf(stderr, "concord %s: %s ('%s' is extra)\n", p->command, p->too_many, a);
        return CLI_BAD_USAGE;
      }
      cli_list_add(p->args, a);
      continue;
    }
    const char *attached;
    const cli_opt *o = find_opt(p->opts, a, &attached);
    if (o && o->kind != CLI_OPT_HELP && doc && !cli_command_opt(doc, o->name)) {
      /* shared by the parser, not read by this command: refused, never
       * ignored; say which commands take it */
      buf others = BUF_INIT;
      for (const cli_cmddoc *c = cli_commands; c->name; c++)
        if (cli_command_opt(c, o->name))
          buf_printf(&others, "%sconcord %s", others.len ? ", " : "", c->name);
      fprintf(stderr, "concord %s: %s is not an option of concord %s (it is one of %s; see "
              "concord %s --help)\n", p->command, a, p->command, buf_cstr(&others), p->command);
      buf_free(&others);
      return CLI_BAD_USAGE;
    }
    if (!o) {
      fprintf(stderr, "concord %s: unknown option '%s' for concord %s (see concord %s --help)\n",
              p->command, a, p->command, p->command);
      return CLI_BAD_USAGE;
    }
    if (o->kind == CLI_OPT_HELP) return CLI_HELP_WANTED;
    if (o->kind == CLI_OPT_FLAG) {
      *o->flag = 1;
      continue;
    }
    const char *v = attached;
    if (!v) {
      if (i + 1 >= argc) {
        fprintf(stderr, "concord %s: %s needs %s\n", p->command, a,
                o->needs ? o->needs : "a value");
        return CLI_BAD_USAGE;
      }
      v = argv[++i];
    }
    if (o->kind == CLI_OPT_LIST) cli_list_add(o->list, v);
    else *o->value = v;
  }
  return CLI_PARSED;
}

/* ---- build, check, watch, dump, align, diff --------------------------- */

int cli_args_parse(cli_args *c, int argc, char **argv) {
  memset(c, 0, sizeof *c);
  const cli_opt opts[] = {
      {"--output", "-o", CLI_OPT_VALUE, .value = &c->outdir},
      {"--format", NULL, CLI_OPT_VALUE, .value = &c->formats},
      {"--topics", NULL, CLI_OPT_VALUE, .value = &c->taxonomy},
      {"--jobs", "-j", CLI_OPT_VALUE, .value = &c->jobs, .attached_digits = 1},
      {"--no-cache", NULL, CLI_OPT_FLAG, .flag = &c->no_cache},
      {"--lua", NULL, CLI_OPT_LIST, .list = &c->lua, .needs = "a FILE"},
      {"--werror", NULL, CLI_OPT_FLAG, .flag = &c->werror},
      {"--quiet", "-q", CLI_OPT_FLAG, .flag = &c->quiet},
      {"--verbose", "-v", CLI_OPT_FLAG, .flag = &c->verbose},
      {"--no-hooks", NULL, CLI_OPT_FLAG, .flag = &c->no_hooks},
      {.name = "--help", .alias = "-h", .kind = CLI_OPT_HELP},
      /* align's own; the option table refuses them on the other commands */
      {"--min-score", NULL, CLI_OPT_VALUE, .value = &c->min_score},
      {"--max-per-clause", NULL, CLI_OPT_VALUE, .value = &c->max_per_clause},
      {"--audit", NULL, CLI_OPT_FLAG, .flag = &c->audit},
      {"--text-only", NULL, CLI_OPT_FLAG, .flag = &c->text_only},
      {"--stats", NULL, CLI_OPT_FLAG, .flag = &c->stats},
      {.name = NULL}};
  cli_parser p = {.opts = opts,
                  .args = &c->sources,
                  .command = argv[1]};
  return cli_parse(&p, argc, argv);
}

int cli_args_run(int argc, char **argv, int (*run)(cli_args *c)) {
  cli_args c;
  int rc = cli_args_parse(&c, argc, argv);
  if (rc == CLI_HELP_WANTED) {
    cli_help_command(stdout, cli_command_doc(argv[1]));
    rc = EXIT_OK;
  } else {
    rc = rc == CLI_PARSED ? run(&c) : EXIT_USAGE;
  }
  cli_args_free(&c);
  return rc;
}

void cli_args_free(cli_args *c) {
  cli_list_free(&c->sources);
  cli_list_free(&c->lua);
  if (c->have_glob) globfree(&c->g);
  c->have_glob = 0;
}

int cli_args_default_sources(cli_args *c) {
  if (c->sources.n) return 0;
  if (glob("sources/*.md", 0, NULL, &c->g) != 0) {
    fprintf(stderr, "concord: no sources given and no sources/*.md here; "
                    "run in the project folder or name the files\n");
    return -1;
  }
  c->have_glob = 1;
  for (size_t i = 0; i < c->g.gl_pathc; i++) cli_list_add(&c->sources, c->g.gl_pathv[i]);
  return 0;
}

int cli_parse_jobs(const char *s) {
  if (!s) return 0;
  char *end;
  long v = strtol(s, &end, 10);
  return (*end || v < 1 || v > 1024) ? -1 : (int)v;
}

pipeline_opts cli_pipeline_opts(const cli_args *c, int require_topics) {
  pipeline_opts o = {.taxonomy = c->taxonomy,
                     .sources = c->sources.items,
                     .nsources = c->sources.n,
                     .lua_files = c->lua.items,
                     .nlua = c->lua.n,
                     .require_topics = require_topics,
                     .no_hooks = c->no_hooks,
                     .data_dir = cli_data_dir(),
                     .warn_no_taxonomy = require_topics};
  int jobs = cli_parse_jobs(c->jobs);
  o.jobs = jobs > 0 ? jobs : 0;
  return o;
}
