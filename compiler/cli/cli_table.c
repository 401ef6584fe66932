/* cli_table.c - the option table: every command's options, documented
 * (see cli_table.h). */
#include "cli/cli_table.h"

#include <stddef.h>
#include <string.h>

/* Shared entries: the same option, described the same way, on each
 * command that takes it. */
#define O_TOPICS(def) {"--topics", NULL, "FILE", "topic taxonomy (default: " def ")"}
#define O_TOPICS_BUILD                                                                        \
  O_TOPICS("topics.yaml beside the first source,\nelse the installed one; none: a warning")
#define O_LUA {"--lua", NULL, "FILE", "apply a Lua hook file to every document (repeatable)"}
#define O_NO_HOOKS                                                                            \
  {"--no-hooks", NULL, NULL, "do not load the councils' own hooks (lua/<slug>.lua, hooks:)"}
#define O_JOBS {"--jobs", "-j", "N", "build N documents at once (default: the number of CPUs)"}
#define O_NO_CACHE                                                                            \
  {"--no-cache", NULL, NULL, "rebuild every output, even those whose inputs are unchanged"}
#define O_WERROR {"--werror", NULL, NULL, "treat warnings as errors"}
#define O_QUIET {"--quiet", "-q", NULL, "print errors only"}
#define O_VERBOSE {"--verbose", "-v", NULL, "say what is being done"}
#define O_FORMAT                                                                              \
  {"--format", NULL, "LIST", "outputs to write: json,html,pdf,akn,matrix or all (default all)"}
#define O_OUTDIR {"--output", "-o", "DIR", "output directory (default: out)"}
#define O_END {NULL, NULL, NULL, NULL}

#define EXIT_STD "0 success; 1 errors in the input (nothing written); 2 usage error"

static const cli_optdoc build_opts[] = {O_OUTDIR,   O_FORMAT, O_TOPICS_BUILD, O_LUA,
                                        O_NO_HOOKS, O_JOBS,   O_NO_CACHE,     O_WERROR,
                                        O_QUIET,    O_VERBOSE, O_END};
static const cli_optdoc check_opts[] = {O_TOPICS_BUILD, O_LUA,   O_NO_HOOKS, O_WERROR,
                                        O_QUIET,        O_VERBOSE, O_END};
static const cli_optdoc dump_opts[] = {
    O_TOPICS("none"),
    {"--stats", NULL, NULL, "end with {\"stats\": {...}}: work counters (id_probes: ids\ntried while generating ids), for tests"},
    O_END};
static const cli_optdoc align_opts[] = {
    {"--min-score", NULL, "S", "propose pairs scoring at least S, 0 to 1\n(default 0.27; 0.30 with --text-only)"},
    {"--max-per-clause", NULL, "K", "each clause keeps its K best pairs\n(default 20; 0: no limit)"},
    {"--jobs", "-j", "N", "score with N threads (default: the number of CPUs)"},
    {"--format", NULL, "tsv|json", "output format (default tsv)"},
    {"--audit", NULL, NULL, "precision and recall against the clauses' topics, then\nthe pairs missed and those that share no topic"},
    {"--text-only", NULL, NULL, "the text alone, without the taxonomy's definitions"},
    O_TOPICS_BUILD,
    O_LUA,
    O_NO_HOOKS,
    {"--verbose", "-v", NULL, "print counts on stderr; with --audit, list every pair"},
    O_END};
static const cli_optdoc diff_opts[] = {
    {"--format", NULL, "html|text", "output format (default html)"},
    {"--output", "-o", "FILE", "write to FILE (replaced whole) instead of stdout"},
    O_QUIET,
    O_END};
static const cli_optdoc compare_opts[] = {
    {"--output", "-o", "FILE", "write the page to FILE (replaced whole) instead of stdout"},
    O_TOPICS_BUILD,
    O_LUA,
    O_NO_HOOKS,
    O_QUIET,
    O_END};
static const cli_optdoc draft_opts[] = {
    {"--answers", NULL, "FILE", "answers (YAML): council, slug, kind, nation, governance,\nparty-groups, staff, press-office, complaints-body, roles,\ninclude, exclude, wording"},
    {"--output", "-o", "FILE", "where to write the draft (default sources/SLUG.md;\n'-': stdout)"},
    {"--force", NULL, NULL, "replace FILE if it exists"},
    {"--save-answers", NULL, "FILE", "also write the answers given to FILE (YAML)"},
    {"--interactive", NULL, NULL, "ask the questions even when stdin is not a terminal"},
    {"--report", NULL, NULL, "compare SOURCE (default: every source) with the other\ncouncils"},
    {"--make-template", NULL, NULL, "regenerate the model protocol from the corpus"},
    {"--template", NULL, "FILE", "the model protocol (default sources/templates/protocol.md,\nelse the installed one)"},
    {"--variants", NULL, "FILE", "which provisions fit which councils (default\nsources/templates/variants.yaml, else the installed one)"},
    {"--sources", NULL, "DIR", "where the draft goes (DIR/SLUG.md) and, with --template or\n--report, the corpus (default sources; topics from\nDIR/topics.yaml, else the installed taxonomy)"},
    {"--topics", NULL, "FILE", "the taxonomy"},
    {"--scorer", NULL, "builtin", "use the built-in similarity instead of the aligner's"},
    O_END};
static const cli_optdoc import_opts[] = {
    {"--council", NULL, "NAME", "the council's name, as printed"},
    {"--slug", NULL, "SLUG", "short name: lower-case letters, digits, hyphens"},
    {"--output", "-o", "FILE", "write the Markdown to FILE (atomically)"},
    {"--force", NULL, NULL, "replace FILE if it exists"},
    {"--sources", NULL, "DIR", "corpus used for topic suggestions (default sources); a\nsource there with the same slug is left out"},
    {"--topics", NULL, "FILE", "the taxonomy (default DIR/topics.yaml, else the installed one)"},
    {"--no-topics", NULL, NULL, "do not suggest topics"},
    {"--min-score", NULL, "S", "suggest a topic only from this similarity (default 0.15)"},
    {"--max-topics", NULL, "N", "at most N topics per clause (default 3)"},
    {"--scorer", NULL, "builtin", "built-in similarity instead of the aligner's"},
    {"--raw", NULL, NULL, "print the Markdown unchecked and without topics (debugging)"},
    O_QUIET,
    O_END};
static const cli_optdoc review_opts[] = {
    {"--topics", NULL, "FILE", "the taxonomy (default topics.yaml beside SOURCE.md, else\nthe installed one)"},
    {"--list", NULL, NULL, "print the suggestions, one a line:\nFILE:LINE:COL: UNIT-ID KEY SCORE (- if not a topic);\nwrite nothing"},
    {"--accept-all-above", NULL, "SCORE", "accept every suggestion scoring at least SCORE (0 to 1),\nleave the others"},
    {"--answers", NULL, "FILE", "read the answers from FILE ('-': standard input), one a\nline ('p KEY' to pick), instead of from a terminal"},
    O_QUIET,
    O_END};
static const cli_optdoc init_opts[] = {
    {"--force", NULL, NULL, "write into DIR even if it is not empty (files of the same\nname are replaced)"},
    {"--draft", NULL, "FILE", "start from a draft: answers (YAML) as for concord draft\n--answers, instead of the starter protocol"},
    {"--import", NULL, "FILE", "start from a protocol in plain text (concord import),\ninstead of the starter protocol"},
    {"--council", NULL, "NAME", "with --import: the council's name, as printed"},
    {"--slug", NULL, "SLUG", "with --import: the council's short name"},
    O_QUIET,
    O_END};

const cli_cmddoc cli_commands[] = {
    {"init", "start a new project folder: sources/, topics.yaml, lua/, CI",
     "[--force] [--draft ANSWERS.yaml | --import FILE.txt --council NAME --slug SLUG] [DIR]",
     "Makes DIR (default: the current folder) a Concord project: sources/ with a\n"
     "starter protocol (or a draft, or an imported text), sources/topics.yaml (a\n"
     "copy of the installed taxonomy), lua/ with an example hook, a .gitignore\n"
     "for out/, and commented CI files that build and publish out/site on every\n"
     "commit (.gitlab-ci.yml, .github/workflows/pages.yml). concord build then\n"
     "works there with no other step. DIR must be empty or missing, unless --force.",
     init_opts, "concord init my-council && cd my-council && concord build", EXIT_STD},
    {"build", "compile sources into the output directory (default out/)",
     "[-o DIR] [--format LIST] [options] [SOURCE.md ...]",
     "Compiles the sources into the output directory: a web site, PDFs, the\n"
     "comparison matrix and data exports. Nothing is written unless the whole\n"
     "build succeeds; outputs whose inputs are unchanged are kept.\n"
     "Without SOURCE arguments, uses sources/*.md.",
     build_opts, "concord build -o public --format html,pdf", EXIT_STD},
    {"check", "read and validate sources, topics included; write nothing",
     "[options] [SOURCE.md ...]",
     "Reads and validates the sources as concord build does, topics against the\n"
     "taxonomy build would use, and writes nothing.\n"
     "Without SOURCE arguments, uses sources/*.md.",
     check_opts, "concord check --werror sources/newtown.md",
     "0 valid (warnings allowed unless --werror); 1 errors; 2 usage error"},
    {"watch", "build, then rebuild whenever an input is saved",
     "[-o DIR] [--format LIST] [options] [SOURCE.md ...]",
     "Builds as concord build does, then rebuilds whenever a source, topics.yaml,\n"
     "a theme or a hook file is saved (Ctrl-C to stop).\n"
     "Without SOURCE arguments, uses sources/*.md.",
     build_opts, "concord watch --format html", EXIT_STD},
    {"dump", "print the model of one source, one JSON object per line", "[--topics FILE] [--stats] SOURCE.md",
     "Prints the model of one source on stdout, one JSON object per line, its\n"
     "diagnostics included (as {\"diag\": \"line:col: severity: message\"}).",
     dump_opts, "concord dump sources/brent.md", EXIT_STD},
    {"draft", "draft a new protocol from the model protocol, or report on a source",
     "[--answers FILE.yaml] [-o FILE.md] [--force] [--save-answers FILE]\n"
     "--report [SOURCE.md ...]\n"
     "--make-template [-o FILE.md]",
     "Drafts a new council's protocol from the model protocol, filled from an\n"
     "answers file, or from questions asked on the terminal when --answers is\n"
     "not given (see docs/drafting.md).",
     draft_opts, "concord draft --answers newtown.yaml -o sources/newtown.md", EXIT_STD},
    {"import", "turn a plain-text protocol into annotated Markdown",
     "FILE.txt --council NAME --slug SLUG [-o FILE.md] [--force]",
     "Turns a protocol in plain text (copied out of a PDF or Word document) into\n"
     "annotated Markdown with front matter, sections, numbered clauses, sub-items\n"
     "and suggested topics (see docs/import.md). Without -o the Markdown goes to\n"
     "stdout. Everything uncertain is reported on stderr with its input line.",
     import_opts,
     "concord import protocol.txt --council \"Newtown Town Council\" --slug newtown -o sources/newtown.md",
     EXIT_STD},
    {"review", "accept or reject a source's suggested topics",
     "SOURCE.md [--topics FILE] [--list | --accept-all-above SCORE | --answers FILE]",
     "Walks through the topic suggestions ({topic?=key}, written by concord import) in\n"
     "SOURCE.md one by one: the clause or item, the suggested topic's label and\n"
     "definition, and the closest wording of each other council that makes the topic\n"
     "(the other sources in SOURCE.md's folder). Answer\n"
     "  a  accept: the suggestion becomes an annotation, topic=key\n"
     "  r  reject: the suggestion is removed\n"
     "  p  pick another topic (the best-scored are listed; type a key), written topic=key\n"
     "  s  skip: leave the suggestion for later\n"
     "  q  quit: write the answers given so far (end of input does the same;\n"
     "     Ctrl-C stops without writing anything)\n"
     "The source is then rewritten atomically with only those annotations changed,\n"
     "and not at all if it changed on disk meanwhile.\n"
     "A suggestion's score, from 0 to 1, is the mean of the similarity of the unit's\n"
     "words to the topic's label and definition and to the closest wording of another\n"
     "council that makes the topic (docs/provisions.md).\n"
     "Without a terminal, give --list, --accept-all-above or --answers.",
     review_opts, "concord review sources/newtown.md --accept-all-above 0.6", EXIT_STD},
    {"align", "propose equivalent provisions across councils",
     "[--min-score S] [--max-per-clause K] [-j N] [--format tsv|json] [--audit] "
     "[--text-only] [options] [SOURCE.md ...]",
     "Proposes equivalent clauses across councils from their text and the\n"
     "taxonomy's definitions, best first, on stdout (see docs/aligner.md).\n"
     "Without SOURCE arguments, uses sources/*.md.",
     align_opts, "concord align --audit", EXIT_STD},
    {"diff", "redline of OLD.md -> NEW.md clause by clause",
     "[--format html|text] [-o FILE] OLD.md NEW.md",
     "Redline of OLD.md -> NEW.md, one council's two versions, clause by clause:\n"
     "clauses matched by text or id, words removed and added (see docs/matrix.md).",
     diff_opts, "concord diff old/brent.md sources/brent.md -o redline.html", EXIT_STD},
    {"compare", "two councils' provisions side by side, as an HTML page",
     "A B [-o FILE.html] [options] [SOURCE.md ...]",
     "Compares the councils whose slugs are A and B: their provisions aligned by\n"
     "topic, the words that differ where both make one, and what one makes and the\n"
     "other does not, as one self-contained HTML page (see docs/matrix.md). A build\n"
     "publishes these pages itself (site/compare/) for up to 10 councils; this makes\n"
     "any pair's in a larger corpus. Without SOURCE arguments, uses sources/*.md.",
     compare_opts, "concord compare brent solihull -o brent-solihull.html", EXIT_STD},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL}};

const cli_cmddoc *cli_command_doc(const char *name) {
  for (const cli_cmddoc *c = cli_commands; name && c->name; c++)
    if (!strcmp(c->name, name)) return c;
  return NULL;
}

const cli_optdoc *cli_command_opt(const cli_cmddoc *c, const char *name) {
  for (const cli_optdoc *o = c->opts; o->name; o++)
    if (!strcmp(o->name, name)) return o;
  return NULL;
}
