/* draft_fill.c - fills the model protocol (see draft_fill.h). */
#include "author/draft_fill.h"
#include "read/attrs.h"
#include "base/buf.h"
#include "author/md_write.h"
#include "author/draft_template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct chunk {
  bool section;
  char *label;        /* section: heading without its number */
  char *first;        /* clause: first line without number and attributes */
  bool heading;       /* clause written as "### N.M heading" */
  char *rest;         /* clause: the lines after the first */
  char **topics; size_t ntopics;
  char *note;
  int line;
} chunk;

static bool clause_start(const char *l) {
  if (!strncmp(l, "### ", 4)) l += 4;
  if (!isdigit((unsigned char)*l)) return false;
  while (isdigit((unsigned char)*l)) l++;
  return *l == '.' && isdigit((unsigned char)l[1]);
}

/* Skips the number ("2.3" or "2.3.") and the space after it. */
static const char *after_number(const char *l) {
  while (isdigit((unsigned char)*l) || *l == '.') l++;
  while (*l == ' ') l++;
  return l;
}

static size_t parse_template(arena *a, const char *text, chunk **out) {
  chunk *ch = NULL;
  size_t n = 0;
  const char *p = text;
  int line = 1;
  /* front matter: skipped, the draft writes its own */
  if (!strncmp(p, "---\n", 4)) {
    const char *e = strstr(p + 4, "\n---\n");
    if (e) {
      for (const char *q = p; q < e + 5; q++) line += *q == '\n';
      p = e + 5;
    }
  }
  buf rest = BUF_INIT;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    char *l = arena_strndup(a, p, len);
    if (!strncmp(l, "## ", 3) || clause_start(l)) {
      if (n) ch[n - 1].rest = arena_strdup(a, buf_cstr(&rest));
      buf_clear(&rest);
      ch = xrealloc(ch, (n + 1) * sizeof *ch);
      chunk *c = &ch[n++];
      memset(c, 0, sizeof *c);
      c->line = line;
      if (!strncmp(l, "## ", 3)) {
        c->section = true;
        c->label = arena_strdup(a, after_number(l + 3));
      } else {
        c->heading = !strncmp(l, "### ", 4);
        char *body = (char *)after_number(c->heading ? l + 4 : l);
        cc_attrs at;
        memset(&at, 0, sizeof at);
        long off = attrs_find_trailing(a, body, &at);
        if (off >= 0) {
          body[off] = 0;
          c->topics = at.topics;
          c->ntopics = at.ntopics;
          c->note = at.note;
        }
        size_t bl = strlen(body);
        while (bl && body[bl - 1] == ' ') body[--bl] = 0;
        c->first = body;
      }
    } else if (n) {
      buf_put(&rest, l, len);
      buf_putc(&rest, '\n');
    }
    line++;
    p += len + (nl ? 1 : 0);
  }
  if (n) ch[n - 1].rest = arena_strdup(a, buf_cstr(&rest));
  buf_free(&rest);
  *out = ch;
  return n;
}

typedef struct filler {
  const draft_answers *a;
  char *short_name;
  const char *tpath;
  diag_list *d;
  int errors;
} filler;

static const char *placeholder_value(filler *f, const char *name) {
  if (!strcmp(name, "council")) return f->a->council;
  if (!strcmp(name, "short-name")) return f->short_name;
  if (!strcmp(name, "slug")) return f->a->slug;
  if (!strcmp(name, "kind")) return f->a->kind ? f->a->kind : "district";
  if (!strcmp(name, "title"))
    return f->a->title ? f->a->title : "Protocol on Member/Officer Relations";
  for (int i = 0; md_roles[i].name; i++)
    if (!strcmp(md_roles[i].name, name)) return draft_answers_role(f->a, name);
  return NULL;
}

/* Copies S to OUT with every %%name%% replaced by its (escaped) value. */
static void fill(filler *f, buf *out, const char *s, int line) {
  while (*s) {
    const char *p = strstr(s, "%%");
    if (!p) {
      buf_puts(out, s);
      return;
    }
    buf_put(out, s, (size_t)(p - s));
    const char *e = strstr(p + 2, "%%");
    char name[64];
    size_t len = e ? (size_t)(e - p - 2) : 0;
    if (!e || len == 0 || len >= sizeof name) {
      buf_puts(out, "%%");
      s = p + 2;
      continue;
    }
    memcpy(name, p + 2, len);
    name[len] = 0;
    const char *v = placeholder_value(f, name);
    if (!v) {
      diag_error(f->d, f->tpath, line, 1, "unknown placeholder %%%%%s%%%% in the template: "
                 "use council, short-name, slug, kind, title or a role name", name);
      f->errors++;
      v = "";
    }
    md_escape(out, v, false, false);
    s = e + 2;
  }
}

static void attrs_text(buf *b, char **topics, size_t n, const char *note) {
  buf_puts(b, "{topic=");
  for (size_t i = 0; i < n; i++) buf_printf(b, "%s%s", i ? "," : "", topics[i]);
  if (note) {
    buf_puts(b, " note=\"");
    for (const char *p = note; *p; p++) buf_putc(b, *p == '"' ? '\'' : *p);
    buf_putc(b, '"');
  }
  buf_putc(b, '}');
}

static const draft_choice *choice_for(const draft_answers *a, const char *topic) {
  for (size_t i = 0; i < a->nwording; i++)
    if (!strcmp(a->wording[i].topic, topic)) return &a->wording[i];
  return NULL;
}

static void yaml_line(buf *b, const char *key, const char *v) {
  if (!v) return;
  buf_printf(b, "%s: \"", key);
  for (; *v; v++) {
    /* YAML double-quoted escapes: a line break never ends the line */
    if (*v == '\n') buf_puts(b, "\\n");
    else if (*v == '\r') buf_puts(b, "\\r");
    else if (*v == '\t') buf_puts(b, "\\t");
    else {
      if (*v == '"' || *v == '\\') buf_putc(b, '\\');
      buf_putc(b, *v);
    }
  }
  buf_puts(b, "\"\n");
}

char *draft_fill(const char *template_text, const char *template_path, const draft_answers *a,
                 const cc_corpus *c, const sim_index *s, diag_list *d) {
  arena *ar = arena_new();
  chunk *ch = NULL;
  size_t n = parse_template(ar, template_text, &ch);
  filler f = {a, a->short_name ? xstrdup(a->short_name) : md_short_name(a->council),
              template_path, d, 0};
  buf out = BUF_INIT;
  buf_puts(&out, "---\n");
  yaml_line(&out, "council", a->council);
  yaml_line(&out, "slug", a->slug);
  yaml_line(&out, "title", a->title ? a->title : "Protocol on Member/Officer Relations");
  yaml_line(&out, "part", a->part);
  yaml_line(&out, "kind", a->kind ? a->kind : "district");
  yaml_line(&out, "adopted", a->adopted);
  buf_puts(&out, "---\n");
  int secno = 0, clno = 0;
  const chunk *pending = NULL; /* section heading not yet written */
  const cc_clause **used = xcalloc(a->nwording + 1, sizeof *used);
  size_t nused = 0;
  size_t nclauses = 0;
  for (size_t i = 0; i < n; i++) {
    const chunk *k = &ch[i];
    if (k->section) {
      pending = k;
      continue;
    }
    if (!k->ntopics) {
      diag_error(d, template_path, k->line, 1, "template clause without {topic=...}: every "
                 "clause of the template must say which provision it makes");
      f.errors++;
      continue;
    }
    /* topics this clause keeps, the one it was chosen for first */
    char **keep = arena_alloc(ar, (k->ntopics + 1) * sizeof(char *));
    size_t nkeep = 0;
    const cc_topic *primary = model_corpus_find_topic(c, k->topics[0]);
    if (!primary) {
      diag_error(d, template_path, k->line, 1, "template topic '%s' is not in the taxonomy: "
                 "regenerate the template (concord draft --make-template)", k->topics[0]);
      f.errors++;
      continue;
    }
    if (!draft_answers_wants(a, primary)) continue;
    for (size_t t = 0; t < k->ntopics; t++) {
      const cc_topic *tp = model_corpus_find_topic(c, k->topics[t]);
      if (tp && draft_answers_wants(a, tp)) keep[nkeep++] = k->topics[t];
    }
    const draft_choice *w = choice_for(a, primary->key);
    const cc_clause *alt = NULL;
    if (w) {
      double best = -1;
      for (size_t j = 0; j < primary->nclauses; j++) {
        const cc_clause *cl = primary->clauses[j];
        if (strcmp(cl->doc->slug, w->slug)) continue;
        double sc = draft_template_typicality(c, s, primary, cl);
        if (sc > best) { best = sc; alt = cl; }
      }
    }
    for (int pass = 0; pass < 2; pass++) {
      /* pass 0: the chosen council's wording (if any); pass 1: the
         template's clause, with what the chosen wording does not cover */
      char **tk = keep;
      size_t ntk = nkeep;
      if (pass == 0 && !alt) continue;
      if (pass == 0) {
        bool dup = false;
        for (size_t u = 0; u < nused; u++) dup |= used[u] == alt;
        if (dup) continue;
        used[nused++] = alt;
        tk = arena_alloc(ar, (alt->ntopics + 2) * sizeof(char *));
        ntk = 0;
        tk[ntk++] = primary->key;
        for (size_t t = 0; t < alt->ntopics; t++)
          if (alt->topics[t] != primary && draft_answers_wants(a, alt->topics[t]))
            tk[ntk++] = alt->topics[t]->key;
      } else if (alt) {
        char **left = arena_alloc(ar, (nkeep + 1) * sizeof(char *));
        size_t nl = 0;
        for (size_t t = 0; t < nkeep; t++) {
          bool covered = !strcmp(keep[t], primary->key);
          for (size_t m = 0; m < alt->ntopics; m++) covered |= !strcmp(alt->topics[m]->key, keep[t]);
          if (!covered) left[nl++] = keep[t];
        }
        if (!nl) continue;
        tk = left;
        ntk = nl;
      }
      if (pending) {
        buf_printf(&out, "\n## %d. ", ++secno);
        fill(&f, &out, pending->label, pending->line);
        buf_putc(&out, '\n');
        pending = NULL;
        clno = 0;
      }
      char num[32];
      snprintf(num, sizeof num, "%d.%d", secno, ++clno);
      buf attrs = BUF_INIT;
      buf_putc(&out, '\n');
      if (pass == 0) {
        char *cite = model_clause_citation(c->arena, alt);
        char *note = arena_printf(ar, "wording of %s, chosen in %s", cite, a->file ? a->file : "the answers");
        attrs_text(&attrs, tk, ntk, note);
        buf tmp = BUF_INIT;
        md_clause(&tmp, alt, num, buf_cstr(&attrs), true);
        fill(&f, &out, buf_cstr(&tmp), w->line);
        buf_free(&tmp);
      } else {
        attrs_text(&attrs, tk, ntk, k->note);
        buf_printf(&out, k->heading ? "### %s " : "%s ", num);
        fill(&f, &out, k->first, k->line);
        buf_printf(&out, " %s\n", buf_cstr(&attrs));
        fill(&f, &out, k->rest, k->line + 1);
      }
      nclauses++;
      buf_free(&attrs);
    }
  }
  /* trailing blank lines: one newline at the end */
  while (out.len > 1 && out.data[out.len - 1] == '\n' && out.data[out.len - 2] == '\n')
    out.data[--out.len] = 0;
  if (!nclauses && !f.errors) {
    diag_error(d, a->file, 1, 1, "the answers leave out every topic: the draft would be empty");
    f.errors++;
  }
  free(used);
  free(ch);
  free(f.short_name);
  arena_free(ar);
  if (f.errors) {
    buf_free(&out);
    return NULL;
  }
  return buf_detach(&out);
}
