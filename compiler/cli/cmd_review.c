/* review_cmd.c - `concord review SOURCE.md`: walks an editor through the
 * topic suggestions ({topic?=key}) of a source, in the terminal, and writes
 * the decisions back (docs/provisions.md, "Reviewing suggestions"). The
 * command front end: finding, scoring and editing are author/review.c.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "author/corpus_files.h"
#include "base/fileio.h"
#include "cli/cli_data.h"
#include "cli/cli_diag.h"
#include "cli/cli_help.h"
#include "author/review.h"
#include "base/buf.h"
#include "build/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>



#define WIDTH 78

/* ERRORS_ONLY: the corpus's warnings are not this command's business */
static void print_diags(diag_list *d, int errors_only) { cli_print_diags(d, errors_only, 0); }

/* Characters (not bytes) of S[0..N). */
static size_t width_of(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

/* Prints TEXT wrapped at WIDTH, each line indented by INDENT spaces, at
 * most MAX bytes of it (0: all; cut at a character, then "..."). */
static void wrap(const char *text, int indent, size_t max) {
  size_t len = strlen(text);
  int cut = 0;
  if (max && len > max) {
    len = max;
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) len--;
    cut = 1;
  }
  size_t i = 0;
  while (i < len) {
    size_t pe = i;
    while (pe < len && text[pe] != '\n') pe++;
    size_t col = 0;
    printf("%*s", indent, "");
    size_t j = i;
    while (j < pe) {
      while (j < pe && text[j] == ' ') j++;
      size_t ws = j;
      while (j < pe && text[j] != ' ') j++;
      if (j == ws) break;
      size_t w = width_of(text + ws, j - ws);
      if (col && col + 1 + w + (size_t)indent > WIDTH) {
        printf("\n%*s", indent, "");
        col = 0;
      }
      if (col) {
        putchar(' ');
        col++;
      }
      fwrite(text + ws, 1, j - ws, stdout);
      col += w;
    }
    if (cut && pe == len) fputs(" ...", stdout);
    putchar('\n');
    i = pe + 1;
  }
}

static void show_provision(review_set *rs, const cc_provision *p, int indent, size_t max) {
  const cc_clause *cl = p->clause;
  const char *num = cl->number ? cl->number : "";
  if (!p->item) {
    buf b = BUF_INIT;
    buf_printf(&b, "%s%s%s", num, *num ? " " : "", cl->text ? cl->text : "");
    wrap(buf_cstr(&b), indent, max);
    buf_free(&b);
    return;
  }
  const char *lead = review_lead_in(rs, p);
  buf b = BUF_INIT;
  buf_printf(&b, "%s%s%s", num, *num ? " " : "", lead);
  wrap(buf_cstr(&b), indent, max);
  buf_clear(&b);
  buf_printf(&b, "%s%s%s", p->item->label ? p->item->label : "-", " ",
             p->item->text ? p->item->text : "");
  wrap(buf_cstr(&b), indent + 4, max);
  buf_free(&b);
}

static void show(review_set *rs, const review_suggestion *s, size_t i) {
  printf("\n--- suggestion %zu of %zu: %s:%d:%d  %s", i + 1, rs->n, rs->path, s->line, s->col,
         model_provision_id(&s->unit));
  if (s->unit.item) printf(" (an item of %s)", s->unit.clause->number ? s->unit.clause->number
                                                                      : s->unit.clause->id);
  printf("\n\n");
  const review_suggestion *prev = i ? &rs->items[i - 1] : NULL;
  if (prev && prev->unit.clause == s->unit.clause && prev->unit.item == s->unit.item)
    printf("  (the same %s as above)\n", s->unit.item ? "item" : "clause");
  else
    show_provision(rs, &s->unit, 2, 0);
  if (!s->topic) {
    printf("\nSuggested topic: %s, which is not a topic of %s: reject it (r) or pick another "
           "(p)\n", s->key, rs->corpus->taxonomy_path ? rs->corpus->taxonomy_path
                                                       : "the taxonomy");
    return;
  }
  printf("\nSuggested topic: %s  (score %.2f: definition %.2f, closest wording %.2f)\n", s->key,
         s->score, s->definition, s->closest);
  wrap(s->topic->label ? s->topic->label : s->key, 2, 0);
  if (s->topic->definition) wrap(s->topic->definition, 2, 0);
  if (!s->nwordings) {
    printf("\nNo other council makes this topic yet.\n");
    return;
  }
  printf("\nClosest wording of each other council that makes it:\n");
  for (size_t k = 0; k < s->nwordings; k++) {
    const review_wording *w = &s->wordings[k];
    printf("  %s  (%.2f)\n", model_provision_citation(rs->a, &w->prov), w->sim);
    show_provision(rs, &w->prov, 4, 400);
  }
}

/* One line of input into L (without its line end); 0 at end of input. */
static int read_line(FILE *in, buf *l) {
  buf_clear(l);
  int ch, any = 0;
  while ((ch = fgetc(in)) != EOF) {
    any = 1;
    if (ch == '\n') break;
    buf_putc(l, (char)ch);
  }
  while (l->len && (l->data[l->len - 1] == '\r' || l->data[l->len - 1] == ' ' ||
                    l->data[l->len - 1] == '\t'))
    l->data[--l->len] = 0;
  return any;
}

static const char *trimmed(const buf *l) {
  const char *s = buf_cstr(l);
  while (*s == ' ' || *s == '\t') s++;
  return s;
}

typedef struct asker {
  FILE *in;
  const char *name; /* answers file, for errors; NULL: a terminal */
  int line;
  buf l;
} asker;

/* Asks PROMPT; 0 at end of input. */
static int ask(asker *a, const char *prompt) {
  fputs(prompt, stdout);
  fflush(stdout);
  int r = read_line(a->in, &a->l);
  if (r) a->line++;
  if (a->name) printf("%s\n", buf_cstr(&a->l)); /* echo scripted answers */
  return r;
}

/* An answer that cannot be used: re-ask at a terminal (1), or an error
 * for a script (-1). */
static int bad_answer(asker *a, const char *fmt, const char *arg) {
  if (!a->name) {
    printf(fmt, arg);
    putchar('\n');
    return 1;
  }
  fprintf(stderr, "%s:%d:1: error: ", a->name, a->line);
  fprintf(stderr, fmt, arg);
  fputs("; nothing was written\n", stderr);
  return -1;
}

/* 'p': the topic to write instead, or NULL to go back (0), -1 on a
 * scripted error, 2 at end of input. */
static int pick_topic(review_set *rs, review_suggestion *s, asker *a, const char *given,
                      const cc_topic **out) {
  *out = NULL;
  if (!given || !*given) {
    const cc_topic *best[8];
    double sc[8];
    size_t n = review_rank_topics(rs, &s->unit, 8, best, sc);
    printf("Best-scored topics for this %s:\n", s->unit.item ? "item" : "clause");
    for (size_t i = 0; i < n; i++)
      printf("  %-44s %.2f  %s\n", best[i]->key, sc[i], best[i]->label ? best[i]->label : "");
  }
  for (;;) {
    const char *k = given;
    given = NULL;
    if (!k || !*k) {
      if (!ask(a, "topic key (empty line: back): ")) return 2;
      k = trimmed(&a->l);
      if (!*k) return 0;
    }
    const cc_topic *t = model_corpus_find_topic(rs->corpus, k);
    if (t) {
      *out = t;
      return 0;
    }
    int r = bad_answer(a, "'%s' is not a topic of the taxonomy: type a key from it (the list "
                          "above, or topics.yaml)", k);
    if (r < 0) return -1;
  }
}

/* The interactive (or scripted) walk. 0: answers recorded (maybe none);
 * -1: a scripted answer was wrong. */
static int walk(review_set *rs, asker *a) {
  for (size_t i = 0; i < rs->n; i++) {
    review_suggestion *s = &rs->items[i];
    show(rs, s, i);
    for (;;) {
      if (!ask(a, "\naccept (a), reject (r), pick another topic (p), skip (s), quit (q)? "))
        return 0;
      const char *ans = trimmed(&a->l);
      char c = ans[0];
      const char *rest = ans + (c ? 1 : 0);
      while (*rest == ' ' || *rest == '\t') rest++;
      int r = 0;
      if (c && ans[1] && ans[1] != ' ' && ans[1] != '\t') c = '?'; /* "abc" */
      if (c == 'q' && !*rest) return 0;
      if (c == 's' && !*rest) break;
      if (c == 'r' && !*rest) {
        s->action = REVIEW_REJECT;
        break;
      }
      if (c == 'a' && !*rest) {
        if (s->topic) {
          s->action = REVIEW_ACCEPT;
          break;
        }
        r = bad_answer(a, "'%s' is not a topic of the taxonomy, so it cannot be accepted: "
                          "reject it (r) or pick another (p)", s->key);
      } else if (c == 'p') {
        const cc_topic *t;
        int pr = pick_topic(rs, s, a, rest, &t);
        if (pr < 0) return -1;
        if (pr == 2) return 0;
        if (t) {
          s->action = REVIEW_PICK;
          s->pick = t->key;
          break;
        }
        continue;
      } else {
        r = bad_answer(a, "'%s' is not an answer: type a, r, p (or p KEY), s or q", ans);
      }
      if (r < 0) return -1;
    }
  }
  return 0;
}

int cmd_review(int argc, char **argv) {
  const char *src = NULL, *topics = NULL, *above = NULL, *answers = NULL;
  int list = 0, quiet = 0;
  cli_list args = {NULL, 0};
  const cli_opt opts[] = {
      {"--topics", NULL, CLI_OPT_VALUE, .value = &topics},
      {"--accept-all-above", NULL, CLI_OPT_VALUE, .value = &above},
      {"--answers", NULL, CLI_OPT_VALUE, .value = &answers},
      {"--list", NULL, CLI_OPT_FLAG, .flag = &list},
      {"--quiet", "-q", CLI_OPT_FLAG, .flag = &quiet},
      {.name = "--help", .alias = "-h", .kind = CLI_OPT_HELP},
      {.name = NULL}};
  cli_parser p = {.opts = opts,
                  .args = &args,
                  .max_args = 1,
                  .too_many = "one SOURCE.md at a time",
                  .command = "review"};
  int parsed = cli_parse(&p, argc, argv);
  if (args.n) src = args.items[0];
  cli_list_free(&args);
  if (parsed == CLI_HELP_WANTED) {
    cli_help_command(stdout, cli_command_doc("review"));
    return EXIT_OK;
  }
  if (parsed != CLI_PARSED) return EXIT_USAGE;
  if (!src) {
    fprintf(stderr, "concord review: give the SOURCE.md to review (see concord review --help)\n");
    return EXIT_USAGE;
  }
  if (list + (above != NULL) + (answers != NULL) > 1) {
    fprintf(stderr, "concord review: give one of --list, --accept-all-above and --answers\n");
    return EXIT_USAGE;
  }
  double min = 0;
  if (above) {
    char *e;
    min = strtod(above, &e);
    if (*e || e == above || !(min >= 0 && min <= 1)) {
      fprintf(stderr, "concord review: --accept-all-above takes a score from 0 to 1, not '%s'\n",
              above);
      return EXIT_USAGE;
    }
  }
  if (!list && !above && !answers && !isatty(STDIN_FILENO)) {
    fprintf(stderr, "concord review: standard input is not a terminal, so there is no one to "
                    "ask: use --list to print the suggestions, --accept-all-above SCORE to "
                    "accept the best of them, or --answers FILE to answer from a file\n");
    return EXIT_USAGE;
  }
  FILE *ans_in = stdin;
  if (answers && strcmp(answers, "-") != 0) {
    ans_in = fopen(answers, "r");
    if (!ans_in) {
      fprintf(stderr, "concord review: cannot read the answers file %s\n", answers);
      return EXIT_ERRORS;
    }
  }

  int rc = EXIT_ERRORS;
  diag_list d;
  diag_list_init(&d);
  size_t len = 0;
  /* the bytes reviewed, read before the model: the file is written back
     only if it still holds them */
  char *text = file_read_all(src, &len);
  cc_corpus *c = NULL;
  review_set rs;
  memset(&rs, 0, sizeof rs);
  char *dir = NULL, *tax = NULL, *slug = NULL, **others = NULL;
  size_t nothers = 0;
  const char **paths = NULL;
  if (!text) {
    fprintf(stderr, "concord review: cannot read %s\n", src);
    goto done;
  }
  /* the corpus: SOURCE.md and the other councils in its folder (a source
     there with the same slug is an older copy of it and is left out) */
  const char *slash = strrchr(src, '/');
  dir = slash ? strndup(src, slash == src ? 1 : (size_t)(slash - src)) : strdup(".");
  slug = corpus_source_slug(src);
  others = corpus_sources(dir, src, slug, &nothers);
  paths = xcalloc(nothers + 2, sizeof *paths);
  paths[0] = src;
  for (size_t i = 0; i < nothers; i++) paths[i + 1] = others[i];
  if (!topics) {
    /* the project's taxonomy, else the installed one (cli_data.h) */
    buf b = BUF_INIT;
    buf_printf(&b, "%s/topics.yaml", dir);
    buf searched = BUF_INIT;
    tax = cli_data_find(buf_cstr(&b), "topics.yaml", &searched);
    if (!tax)
      fprintf(stderr, "concord review: no taxonomy (looked for %s): give the topics file with "
                      "--topics FILE\n", buf_cstr(&searched));
    buf_free(&searched);
    buf_free(&b);
    if (!tax) goto done;
  }
  struct stat st;
  if (topics && stat(topics, &st) != 0) {
    fprintf(stderr, "concord review: no taxonomy at %s: give the topics file with --topics "
                    "FILE\n", topics);
    goto done;
  }
  pipeline_opts po = {.taxonomy = topics ? topics : tax, .sources = paths, .nsources = nothers + 1,
                      .no_hooks = 1};
  c = pipeline_load(&po, &d);
  const cc_document *doc = NULL;
  for (size_t i = 0; c && i < c->ndocs; i++)
    if (c->docs[i]->path && !strcmp(c->docs[i]->path, src)) doc = c->docs[i];
  int own_errors = 0, other_errors = 0;
  for (size_t i = 0; i < d.count; i++) {
    if (d.items[i].severity != DIAG_ERROR) continue;
    if (d.items[i].file && !strcmp(d.items[i].file, src)) own_errors++;
    else other_errors++;
  }
  if (own_errors || !doc || !c->ntopics) {
    print_diags(&d, 1);
    fprintf(stderr, "concord review: %s cannot be reviewed until %s reads without errors\n",
            src, own_errors || !doc ? "it" : "the taxonomy");
    goto done;
  }
  if (other_errors) {
    print_diags(&d, 1);
    fprintf(stderr, "concord review: note: the other sources above have errors; their "
                    "wordings may be missing\n");
  }
  diag_list_free(&d);
  diag_list_init(&d);
  if (review_open(&rs, c, doc, text, len, &d) != 0) {
    print_diags(&d, 0);
    goto done;
  }
  if (!rs.n) {
    if (!quiet) fprintf(stderr, "concord review: %s holds no suggestions\n", src);
    rc = EXIT_OK;
    goto done;
  }
  if (list) {
    for (size_t i = 0; i < rs.n; i++) {
      const review_suggestion *s = &rs.items[i];
      if (s->topic)
        printf("%s:%d:%d: %s %s %.2f\n", src, s->line, s->col, model_provision_id(&s->unit),
               s->key, s->score);
      else
        printf("%s:%d:%d: %s %s -\n", src, s->line, s->col, model_provision_id(&s->unit),
               s->key);
    }
    rc = EXIT_OK;
    goto done;
  }
  if (above) {
    review_accept_above(&rs, min);
    for (size_t i = 0; i < rs.n && !quiet; i++) {
      const review_suggestion *s = &rs.items[i];
      if (s->action == REVIEW_ACCEPT)
        printf("%s:%d:%d: accepted %s %s %.2f\n", src, s->line, s->col,
               model_provision_id(&s->unit), s->key, s->score);
    }
  } else {
    asker a = {ans_in, answers ? (strcmp(answers, "-") ? answers : "<stdin>") : NULL, 0,
               BUF_INIT};
    int wr = walk(&rs, &a);
    buf_free(&a.l);
    if (wr != 0) goto done;
  }
  size_t acc = 0, rej = 0, pick = 0, left = 0;
  for (size_t i = 0; i < rs.n; i++) {
    review_action act = rs.items[i].action;
    acc += act == REVIEW_ACCEPT;
    rej += act == REVIEW_REJECT;
    pick += act == REVIEW_PICK;
    left += act == REVIEW_LEAVE;
  }
  if (acc + rej + pick == 0) {
    if (!quiet) fprintf(stderr, "concord review: nothing decided; %s is unchanged (%zu "
                                "suggestion%s left)\n", src, left, left == 1 ? "" : "s");
    rc = EXIT_OK;
    goto done;
  }
  size_t nlen = 0;
  char *out = review_apply(&rs, &nlen);
  int w = review_write(src, text, len, out, nlen, &d);
  free(out);
  if (w != 0) {
    print_diags(&d, 0);
    goto done;
  }
  if (!quiet)
    fprintf(stderr, "concord review: %s: %zu accepted, %zu rejected, %zu replaced by another "
                    "topic, %zu left\n", src, acc, rej, pick, left);
  rc = EXIT_OK;
done:
  if (ans_in && ans_in != stdin) fclose(ans_in);
  review_close(&rs);
  model_corpus_free(c);
  free(paths);
  corpus_free_paths(others, nothers);
  free(dir);
  free(tax);
  free(slug);
  free(text);
  diag_list_free(&d);
  return rc;
}
