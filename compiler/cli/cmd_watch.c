/* cmd_watch.c - `concord watch [-o DIR] [--format LIST] [options]
 * [SOURCE.md ...]`: build, then rebuild whenever an input is saved (the
 * loop is in watch.c). */
#include "cli/commands.h"
#include "build/pipeline.h"
#include "cli/watch.h"


static int watch_build(void *ctx) { return cmd_build_run(ctx, 1); }

static int watch(cli_args *c) {
  if (cli_args_default_sources(c) != 0) return EXIT_USAGE;
  if (cli_parse_jobs(c->jobs) < 0 || (c->formats && pipeline_parse_formats(c->formats) <= 0))
    return cmd_build_run(c, 1); /* reports the usage error */
  watch_opts w = {.sources = c->sources.items,
                  .nsources = c->sources.n,
                  .taxonomy = c->taxonomy,
                  .lua_files = c->lua.items,
                  .nlua = c->lua.n,
                  .quiet = c->quiet};
  return watch_run(&w, watch_build, c) == 0 ? EXIT_OK : EXIT_ERRORS;
}

int cmd_watch(int argc, char **argv) { return cli_args_run(argc, argv, watch); }
