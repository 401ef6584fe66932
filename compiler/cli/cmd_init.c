/* cmd_init.c - `concord init [--force] [--draft ANSWERS.yaml | --import
 * FILE.txt --council NAME --slug SLUG] [DIR]`: make DIR a Concord project
 * from the installed data folder (cli_data.h), so that `concord build`
 * works there with no other step.
 *
 * The starter protocol is a draft of the model protocol (concord draft,
 * with <data>/init/answers.yaml unless --draft), or an imported text
 * (concord import); both run as the commands themselves do. Anything init
 * wrote is removed again when a step fails: DIR is left as it was.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/fileio.h"
#include "cli/cli_data.h"
#include "cli/cli_diag.h"
#include "cli/cli_help.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What init copies from the data folder, and where to in the project.
 * The taxonomy is a copy, not a reference: the project builds the same
 * whatever Concord is installed, and the council may add topics
 * (sources/templates/init/README.md says how to take a newer one). */
static const struct {
  const char *from, *to;
} init_files[] = {
    {"topics.yaml", "sources/topics.yaml"},
    {"init/lua/example.lua", "lua/example.lua"},
    {"init/gitignore", ".gitignore"},
    {"init/gitlab-ci.yml", ".gitlab-ci.yml"},
    {"init/github-pages.yml", ".github/workflows/pages.yml"},
    {"init/README.md", "README.md"},
};

/* What this run made, undone in reverse order when a step fails. */
typedef struct made {
  char **paths;
  int *is_dir;
  size_t n;
} made;

static void made_add(made *m, const char *path, int is_dir) {
  m->paths = xrealloc(m->paths, (m->n + 1) * sizeof *m->paths);
  m->is_dir = xrealloc(m->is_dir, (m->n + 1) * sizeof *m->is_dir);
  m->paths[m->n] = xstrdup(path);
  m->is_dir[m->n++] = is_dir;
}

static void made_undo(made *m) {
  for (size_t i = m->n; i-- > 0;) {
    if (m->is_dir[i]) rmdir(m->paths[i]); /* only if empty: never a user's files */
    else unlink(m->paths[i]);
  }
}

static void made_free(made *m) {
  for (size_t i = 0; i < m->n; i++) free(m->paths[i]);
  free(m->paths);
  free(m->is_dir);
}

/* mkdir -p PATH, recording each folder it creates. -1 with the message
 * printed. */
static int make_dirs(const char *path, made *m) {
  buf b = BUF_INIT;
  buf_puts(&b, path);
  char *p = (char *)buf_cstr(&b);
  int rc = 0;
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s) continue;
    char c = *s;
    *s = '\0';
    struct stat st;
    if (stat(p, &st) != 0) {
      if (mkdir(p, 0777) != 0) {
        fprintf(stderr, "concord init: cannot make the folder %s: %s\n", p, strerror(errno));
        rc = -1;
        break;
      }
      made_add(m, p, 1);
    } else if (!S_ISDIR(st.st_mode)) {
      fprintf(stderr, "concord init: %s is in the way: it is not a folder\n", p);
      rc = -1;
      break;
    }
    *s = c;
    if (!c) break;
  }
  buf_free(&b);
  return rc;
}

/* 1 if DIR exists and holds anything, 0 if empty or missing, -1 if it is
 * not a folder. */
static int dir_state(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0) return 0;
  if (!S_ISDIR(st.st_mode)) return -1;
  DIR *d = opendir(dir);
  if (!d) return 1;
  int any = 0;
  struct dirent *e;
  while (!any && (e = readdir(d)))
    any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  closedir(d);
  return any;
}

static char *join(const char *a, const char *b) {
  buf p = BUF_INIT;
  buf_printf(&p, "%s/%s", a, b);
  return buf_detach(&p);
}

/* Copies <data>/FROM to DIR/TO (atomically). -1 with the message printed. */
static int copy_in(const char *data, const char *from, const char *dir, const char *to, made *m) {
  char *src = join(data, from), *dst = join(dir, to);
  int rc = -1;
  size_t len = 0;
  char *text = file_read_all(src, &len);
  const char *slash = strrchr(dst, '/');
  buf parent = BUF_INIT;
  buf_put(&parent, dst, (size_t)(slash - dst));
  diag_list d;
  diag_list_init(&d);
  if (!text) {
    fprintf(stderr, "concord init: cannot read %s: %s\n", src, strerror(errno));
  } else if (make_dirs(buf_cstr(&parent), m) == 0) {
    struct stat st;
    int existed = stat(dst, &st) == 0;
    if (file_write_atomic(dst, text, len, &d) == 0) {
      if (!existed) made_add(m, dst, 0);
      rc = 0;
    }
  }
  cli_print_diags(&d, 0, 0);
  diag_list_free(&d);
  buf_free(&parent);
  free(text);
  free(src);
  free(dst);
  return rc;
}

typedef struct iopts {
  const char *draft, *import, *council, *slug;
  int force, quiet;
  cli_list args;
} iopts;

static int parse(iopts *o, int argc, char **argv) {
  const cli_opt opts[] = {{"--force", NULL, CLI_OPT_FLAG, .flag = &o->force},
                          {"--draft", NULL, CLI_OPT_VALUE, .value = &o->draft},
                          {"--import", NULL, CLI_OPT_VALUE, .value = &o->import},
                          {"--council", NULL, CLI_OPT_VALUE, .value = &o->council},
                          {"--slug", NULL, CLI_OPT_VALUE, .value = &o->slug},
                          {"--quiet", "-q", CLI_OPT_FLAG, .flag = &o->quiet},
                          {.name = "--help", .alias = "-h", .kind = CLI_OPT_HELP},
                          {.name = NULL}};
  cli_parser p = {.opts = opts,
                  .args = &o->args,
                  .max_args = 1,
                  .too_many = "one DIR at a time",
                  .command = "init"};
  int r = cli_parse(&p, argc, argv);
  if (r != CLI_PARSED) return r;
  if (o->draft && o->import) {
    fprintf(stderr, "concord init: give --draft or --import, not both\n");
    return CLI_BAD_USAGE;
  }
  if (o->import && (!o->council || !o->slug)) {
    fprintf(stderr, "concord init: --import FILE.txt needs --council \"NAME\" and --slug SLUG\n");
    return CLI_BAD_USAGE;
  }
  if (!o->import && (o->council || o->slug)) {
    fprintf(stderr, "concord init: --council and --slug go with --import\n");
    return CLI_BAD_USAGE;
  }
  return CLI_PARSED;
}

/* The starter protocol in DIR/sources: concord draft or concord import,
 * run as the commands. Returns their exit status. */
static int starter(const iopts *o, const char *data, const char *dir) {
  char *sources = join(dir, "sources");
  char *answers = o->draft ? xstrdup(o->draft) : join(data, "init/answers.yaml");
  char *out = NULL;
  const char *av[16];
  int ac = 0;
  av[ac++] = "concord";
  if (o->import) {
    buf b = BUF_INIT;
    buf_printf(&b, "%s/%s.md", sources, o->slug);
    out = buf_detach(&b);
    av[ac++] = "import";
    av[ac++] = o->import;
    av[ac++] = "--council";
    av[ac++] = o->council;
    av[ac++] = "--slug";
    av[ac++] = o->slug;
    av[ac++] = "-o";
    av[ac++] = out;
  } else {
    av[ac++] = "draft";
    av[ac++] = "--answers";
    av[ac++] = answers;
  }
  av[ac++] = "--sources";
  av[ac++] = sources;
  if (o->force) av[ac++] = "--force";
  if (o->quiet && o->import) av[ac++] = "-q";
  av[ac] = NULL;
  int rc = o->import ? cmd_import(ac, (char **)av) : cmd_draft(ac, (char **)av);
  free(out);
  free(answers);
  free(sources);
  return rc;
}

int cmd_init(int argc, char **argv) {
  iopts o;
  memset(&o, 0, sizeof o);
  int r = parse(&o, argc, argv);
  const char *dir = o.args.n ? o.args.items[0] : ".";
  cli_list_free(&o.args);
  if (r == CLI_HELP_WANTED) {
    cli_help_command(stdout, cli_command_doc("init"));
    return EXIT_OK;
  }
  if (r != CLI_PARSED) return EXIT_USAGE;

  /* everything needed is there before anything is written */
  const char *data = cli_data_dir();
  for (size_t i = 0; i <= sizeof init_files / sizeof *init_files; i++) {
    const char *rel = i < sizeof init_files / sizeof *init_files ? init_files[i].from
                      : o.draft || o.import                    ? NULL
                                                               : "init/answers.yaml";
    if (!rel) continue;
    char *p = join(data, rel);
    int readable = access(p, R_OK) == 0;
    if (!readable)
      fprintf(stderr, "concord init: %s is missing (looked in the data directory %s): install "
                      "concord's data (make install), or set CONCORD_DATADIR to it\n", p, data);
    free(p);
    if (!readable) return EXIT_ERRORS;
  }
  int state = dir_state(dir);
  if (state < 0) {
    fprintf(stderr, "concord init: %s is not a folder\n", dir);
    return EXIT_ERRORS;
  }
  if (state > 0 && !o.force) {
    fprintf(stderr, "concord init: %s is not empty: give a new or empty folder, or --force to "
                    "write the project's files into it (files of the same name are replaced)\n",
            dir);
    return EXIT_ERRORS;
  }

  made m = {NULL, NULL, 0};
  char *sources = join(dir, "sources");
  int rc = make_dirs(sources, &m) == 0 ? EXIT_OK : EXIT_ERRORS;
  free(sources);
  /* the taxonomy first: the starter's topics are checked against it */
  for (size_t i = 0; rc == EXIT_OK && i < sizeof init_files / sizeof *init_files; i++)
    if (copy_in(data, init_files[i].from, dir, init_files[i].to, &m) != 0) rc = EXIT_ERRORS;
  if (rc == EXIT_OK) rc = starter(&o, data, dir);
  if (rc != EXIT_OK) {
    made_undo(&m);
    fprintf(stderr, "concord init: nothing was written to %s\n", dir);
  } else if (!o.quiet) {
    fprintf(stderr, "concord init: %s is a Concord project: sources/ (the protocols and "
                    "topics.yaml, a copy of the installed taxonomy), lua/, .gitignore, CI "
                    "files for GitLab and GitHub Pages, README.md\n"
                    "next: %s%s%sconcord build   (then open out/site/index.html)\n",
            dir, strcmp(dir, ".") ? "cd " : "", strcmp(dir, ".") ? dir : "",
            strcmp(dir, ".") ? " && " : "");
  }
  made_free(&m);
  return rc;
}
