/* cli_help.c - help, man page and completion from the option table (see
 * cli_help.h). */
#include "cli/cli_help.h"
#include "base/buf.h"

#include <string.h>

/* "-o, --output DIR" */
static void opt_left(buf *b, const cli_optdoc *o) {
  b->len = 0;
  if (o->alias) buf_printf(b, "%s, ", o->alias);
  buf_puts(b, o->name);
  if (o->arg) buf_printf(b, " %s", o->arg);
}

/* Prints TEXT's lines, the first after what is already on the line, the
 * others indented by INDENT. */
static void put_lines(FILE *f, const char *text, int indent) {
  for (const char *p = text;;) {
    const char *nl = strchr(p, '\n');
    fprintf(f, "%.*s\n", (int)(nl ? nl - p : (long)strlen(p)), p);
    if (!nl) break;
    p = nl + 1;
    fprintf(f, "%*s", indent, "");
  }
}

static void put_option(FILE *f, const char *left, const char *help, int col) {
  int n = (int)strlen(left);
  if (n + 3 > col) fprintf(f, "  %s\n%*s", left, col, "");
  else fprintf(f, "  %-*s", col - 2, left);
  put_lines(f, help, col);
}

void cli_help_command(FILE *f, const cli_cmddoc *c) {
  const char *u = c->usage;
  fputs("usage: ", f);
  for (int first = 1;; first = 0) {
    const char *nl = strchr(u, '\n');
    fprintf(f, "%sconcord %s %.*s\n", first ? "" : "       ", c->name,
            (int)(nl ? nl - u : (long)strlen(u)), u);
    if (!nl) break;
    u = nl + 1;
  }
  fprintf(f, "\n%s\n\noptions:\n", c->about);
  int col = 0;
  buf b = BUF_INIT;
  for (const cli_optdoc *o = c->opts; o->name; o++) {
    opt_left(&b, o);
    if ((int)b.len > col && b.len <= 24) col = (int)b.len;
  }
  col += 5; /* two before, three after */
  if (col < 21) col = 21;
  for (const cli_optdoc *o = c->opts; o->name; o++) {
    opt_left(&b, o);
    put_option(f, buf_cstr(&b), o->help, col);
  }
  put_option(f, "-h, --help", "show this help", col);
  buf_free(&b);
  fprintf(f, "\nexample:\n  %s\n\nexit status: %s\n", c->example, c->exit_status);
}

void cli_help_main(FILE *f) {
  fputs("usage: concord <command> [options] [SOURCE.md ...]\n"
        "\n"
        "Compiles councils' constitution protocols written in annotated Markdown\n"
        "into a web site, PDFs, a comparison matrix and data exports.\n"
        "\n"
        "commands:\n", f);
  for (const cli_cmddoc *c = cli_commands; c->name; c++) fprintf(f, "  %-8s %s\n", c->name, c->summary);
  fputs("\n"
        "concord COMMAND --help lists the options of one command; man concord\n"
        "describes them all.\n"
        "\n"
        "options:\n"
        "  -h, --help         show this help\n"
        "  --version          show the version (with -v: and the data directory)\n"
        "\n"
        "Without SOURCE arguments, build and check use sources/*.md; what a project\n"
        "lacks (themes, topics.yaml, the model protocol) comes from the installed\n"
        "data directory (concord -v --version names it; CONCORD_DATADIR overrides).\n"
        "Diagnostics are printed as file:line:col: severity: message.\n"
        "Exit status: 0 success, 1 errors in the input (nothing written), 2 usage.\n", f);
}

/* ---- man page ---------------------------------------------------------- */

/* TEXT as roff text: backslashes and hyphens escaped, no line starting
 * with a control character. Each '\n' of TEXT ends an output line. */
static void roff(FILE *f, const char *text) {
  int bol = 1;
  for (const char *p = text; *p; p++) {
    if (bol && (*p == '.' || *p == '\'')) fputs("\\&", f);
    bol = 0;
    switch (*p) {
    case '\\': fputs("\\e", f); break;
    case '-': fputs("\\-", f); break;
    case '\n': fputc('\n', f); bol = 1; break;
    default: fputc(*p, f);
    }
  }
}

static void roff_line(FILE *f, const char *text) {
  roff(f, text);
  fputc('\n', f);
}

void cli_help_man(FILE *f, const char *version, const char *datadir) {
  fputs(".\\\" concord(1), generated from the option table by concord __man\n", f);
  fprintf(f, ".TH CONCORD 1 \"\" \"concord %s\" \"User Commands\"\n", version);
  fputs(".SH NAME\n"
        "concord \\- compile councils' constitution protocols into a web site, PDFs and data\n"
        ".SH SYNOPSIS\n", f);
  for (const cli_cmddoc *c = cli_commands; c->name; c++) {
    const char *u = c->usage;
    for (;;) {
      const char *nl = strchr(u, '\n');
      fprintf(f, ".B concord %s\n", c->name);
      buf b = BUF_INIT;
      buf_put(&b, u, nl ? (size_t)(nl - u) : strlen(u));
      roff_line(f, buf_cstr(&b));
      buf_free(&b);
      fputs(".br\n", f);
      if (!nl) break;
      u = nl + 1;
    }
  }
  fputs(".B concord \\-\\-help\n.br\n.B concord \\-v \\-\\-version\n", f);
  fputs(".SH DESCRIPTION\n"
        ".B concord\n"
        "reads councils' constitution protocols written in annotated Markdown\n"
        "(sources/*.md) into one clause model, links equivalent provisions through\n"
        "a shared topic taxonomy (topics.yaml), and writes a web site, tagged PDFs,\n"
        "a comparison matrix and data exports (JSON, Akoma Ntoso, CSV).\n"
        "A build is all or nothing: the output directory changes only when the\n"
        "whole build succeeded.\n"
        ".PP\n"
        "A project is a folder with sources/ (one Markdown file per council and\n"
        "sources/topics.yaml), and optionally lua/ (hooks, lua/<slug>.lua) and\n"
        "themes/ (HTML themes);\n"
        ".B concord init\n"
        "makes one. What a project lacks (themes, the taxonomy, the model protocol)\n"
        "is taken from the installed data directory.\n"
        "Diagnostics are printed as file:line:col: severity: message.\n"
        ".SH COMMANDS\n", f);
  for (const cli_cmddoc *c = cli_commands; c->name; c++) {
    fprintf(f, ".SS \"concord %s\"\n", c->name);
    roff_line(f, c->about);
    fputs(".PP\nOptions:\n", f);
    for (const cli_optdoc *o = c->opts; o->name; o++) {
      fputs(".TP\n", f);
      if (o->alias) {
        fputs("\\fB", f);
        roff(f, o->alias);
        fputs("\\fR, ", f);
      }
      fputs("\\fB", f);
      roff(f, o->name);
      fputs("\\fR", f);
      if (o->arg) {
        fputs(" \\fI", f);
        roff(f, o->arg);
        fputs("\\fR", f);
      }
      fputc('\n', f);
      roff_line(f, o->help);
    }
    fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow the command's help\n", f);
    fputs(".PP\nExample:\n.PP\n.RS\n.nf\n", f);
    roff_line(f, c->example);
    fputs(".fi\n.RE\n.PP\nExit status: ", f);
    roff_line(f, c->exit_status);
  }
  fputs(".SH ENVIRONMENT\n"
        ".TP\n.B CONCORD_DATADIR\n"
        "the data directory to use instead of the installed one\n"
        ".TP\n.B SOURCE_DATE_EPOCH\n"
        "the build date printed in outputs (seconds since 1970); unset: none, so\n"
        "the same sources give the same bytes\n"
        ".SH FILES\n"
        ".TP\n", f);
  fputs(".I ", f);
  roff_line(f, datadir);
  fputs("the data directory: themes/ (HTML themes), topics.yaml (the shared\n"
        "taxonomy), templates/protocol.md (the model protocol for concord draft),\n"
        "lua/example.lua and init/ (what concord init writes)\n"
        ".TP\n.I out/\n"
        "the default output directory: site/, pdf/, akn/, corpus.json, matrix.csv\n"
        ".SH EXIT STATUS\n"
        "0 success; 1 errors in the input (nothing written); 2 usage error.\n"
        ".SH SEE ALSO\n"
        "The documentation in docs/ of the Concord repository, and\n"
        ".B concord\n"
        ".I command\n"
        ".BR \\-\\-help .\n", f);
}

/* ---- bash completion ------------------------------------------------- */

void cli_help_bash(FILE *f) {
  fputs("# bash completion for concord, generated from the option table by\n"
        "# concord __bash-completion\n"
        "_concord() {\n"
        "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
        "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
        "    COMPREPLY=($(compgen -W \"", f);
  for (const cli_cmddoc *c = cli_commands; c->name; c++) fprintf(f, "%s ", c->name);
  fputs("--help --version\" -- \"$cur\"))\n"
        "    return\n"
        "  fi\n"
        "  local opts=\"\" dirs=\"\" files=\"\" values=\"\"\n"
        "  case ${COMP_WORDS[1]} in\n", f);
  for (const cli_cmddoc *c = cli_commands; c->name; c++) {
    fprintf(f, "  %s)\n    opts=\"", c->name);
    for (const cli_optdoc *o = c->opts; o->name; o++)
      fprintf(f, "%s%s%s ", o->name, o->alias ? " " : "", o->alias ? o->alias : "");
    fputs("--help -h\"\n", f);
    const char *kinds[3] = {"dirs", "files", "values"};
    for (int k = 0; k < 3; k++) {
      fprintf(f, "    %s=\"", kinds[k]);
      for (const cli_optdoc *o = c->opts; o->name; o++) {
        if (!o->arg) continue;
        int kind = !strcmp(o->arg, "DIR") ? 0 : strstr(o->arg, "FILE") ? 1 : 2;
        if (kind == k) fprintf(f, " %s%s%s ", o->name, o->alias ? " " : "", o->alias ? o->alias : "");
      }
      fputs("\"\n", f);
    }
    fputs("    ;;\n", f);
  }
  fputs("  esac\n"
        "  case \" $dirs \" in *\" $prev \"*) COMPREPLY=($(compgen -d -- \"$cur\")); return ;; esac\n"
        "  case \" $files \" in *\" $prev \"*) COMPREPLY=($(compgen -f -- \"$cur\")); return ;; esac\n"
        "  case \" $values \" in *\" $prev \"*) COMPREPLY=(); return ;; esac\n"
        "  if [[ $cur == -* ]]; then\n"
        "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
        "  else\n"
        "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
        "  fi\n"
        "}\n"
        "complete -o filenames -F _concord concord\n", f);
}
