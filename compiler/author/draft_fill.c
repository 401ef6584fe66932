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
  if (!strcmp(name, "complaints-body")) return draft_answers_complaints_body(f->a);
  if (!strcmp(name, "title"))
    return f->a->title ? f->a->title : "Protocol on Member/Officer Relations";
  for (int i = 0; md_roles[i].name; i++)
    if (!strcmp(md_roles[i].name, name)) return draft_answers_role(f->a, name);
  return NULL;
}

/* Copies S to OUT with every %%name%% replaced by its (escaped) value.
 * Where one officer holds several roles (a town's Clerk is also its
 * monitoring officer), "the %%chief-executive%% or %%monitoring-officer%%"
 * would read "the Town Clerk or Town Clerk": a value repeating the one
 * just before it, joined by only ", ", " or ", " and " or " and/or ", is
 * written once. */
static void fill(filler *f, buf *out, const char *s, int line) {
  static const char *const joins[] = {", ", " or ", " and ", ", or ", " and/or ", " and or ", NULL};
  const char *prev = NULL;
  size_t prev_end = 0;
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
      prev = NULL;
      continue;
    }
    memcpy(name, p + 2, len);
    name[len] = 0;
    const char *v = placeholder_value(f, name);
    if (!v) {
      diag_error(f->d, f->tpath, line, 1, "unknown placeholder %%%%%s%%%% in the template: "
                 "use council, short-name, slug, kind, title, complaints-body or a role name", name);
      f->errors++;
      v = "";
    }
    bool repeat = false;
    if (prev && !strcmp(prev, v) && *v)
      for (int j = 0; joins[j]; j++)
        repeat |= out->len - prev_end == strlen(joins[j]) &&
                  !memcmp(out->data + prev_end, joins[j], strlen(joins[j]));
    if (repeat) {
      out->len = prev_end;
      out->data[out->len] = 0;
    } else {
      md_escape(out, v, false, false);
    }
    prev = v;
    prev_end = out->len;
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

/* Appends TEXT to OUT with every obsolete body of V marked for the drafter
 * to replace, warning (at FILE:LINE, where the clause came from) for each. */
static void mark_obsolete(buf *out, const char *text, const dv_table *v, const dv_profile *prof,
                          const char *file, int line, diag_list *d) {
  buf cur = BUF_INIT;
  buf_puts(&cur, text);
  for (size_t i = 0; v && i < v->nobs; i++) {
    const dv_obsolete *o = &v->obs[i];
    if (!o->phrase || !o->replace || !*o->phrase || !strstr(buf_cstr(&cur), o->phrase)) continue;
    if (o->when && dv_eval(o->when, prof, v->path, o->line, o->col, d) != 1) continue;
    buf next = BUF_INIT;
    const char *p = buf_cstr(&cur), *hit;
    while ((hit = strstr(p, o->phrase))) {
      buf_put(&next, p, (size_t)(hit - p));
      buf_printf(&next, "\\[REPLACE: %s\\]", o->replace);
      p = hit + strlen(o->phrase);
    }
    buf_puts(&next, p);
    buf_free(&cur);
    cur = next;
    diag_warning(d, file, line, 1, "this provision names %s, %s: the draft marks the phrase "
                 "[REPLACE: %s] for you to name the body that does this now", o->phrase,
                 o->why ? o->why : "which no longer exists", o->replace);
  }
  buf_put(out, cur.data ? cur.data : "", cur.len);
  buf_free(&cur);
}

/* The section heading for THEME: a variant's, when one fits P. */
static const char *heading_for(const dv_table *v, const cc_theme *theme, const dv_profile *p,
                               const char *label, diag_list *d) {
  const dv_theme *vt = dv_table_theme(v, theme->key);
  for (size_t i = 0; vt && i < vt->nheading; i++)
    if (vt->heading[i].when && vt->heading[i].label &&
        dv_eval(vt->heading[i].when, p, v->path, vt->heading[i].line, vt->heading[i].col, d) == 1)
      return vt->heading[i].label;
  return label;
}

/* Is KEY the first topic of a clause of the template? */
static bool template_primary(const chunk *ch, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (!ch[i].section && ch[i].ntopics && !strcmp(ch[i].topics[0], key)) return true;
  return false;
}

char *draft_fill(const char *template_text, const char *template_path, const draft_answers *a,
                 const cc_corpus *c, const sim_index *s, const dv_table *v, diag_list *d) {
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
  /* the variants table is keyed by the topics the template's clauses were
     chosen for: one that is not is out of step with the template */
  for (size_t i = 0; v && i < v->nprov; i++)
    if (!template_primary(ch, n, v->prov[i].topic)) {
      diag_error(d, v->path, v->prov[i].line, v->prov[i].col,
                 "'%s' is not the topic a clause of %s was chosen for (its first topic): "
                 "key each provision by one, or drop the entry", v->prov[i].topic, template_path);
      f.errors++;
    }
  for (size_t i = 0; v && i < v->nfill; i++)
    if (v->fill[i].after && !template_primary(ch, n, v->fill[i].after)) {
      diag_error(d, v->path, v->fill[i].line, v->fill[i].col,
                 "fill-in after '%s': no clause of %s was chosen for that topic",
                 v->fill[i].after, template_path);
      f.errors++;
    }
  dv_profile prof;
  draft_answers_profile(a, &prof);
  int secno = 0, clno = 0;
  const chunk *pending = NULL; /* section heading not yet written */
  const cc_clause **used = xcalloc(n + a->nwording + 1, sizeof *used); /* one per clause at most */
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
    if (!draft_answers_wants(a, primary)) goto fillins;
    const dv_theme *vt = dv_table_theme(v, primary->theme->key);
    if (vt && vt->when && dv_eval(vt->when, &prof, v->path, vt->when_line, vt->when_col, d) != 1)
      goto fillins;
    const dv_provision *vp = dv_table_find(v, primary->key);
    if (vp && vp->when && dv_eval(vp->when, &prof, v->path, vp->when_line, vp->when_col, d) != 1)
      goto fillins;
    for (size_t t = 0; t < k->ntopics; t++) {
      const cc_topic *tp = model_corpus_find_topic(c, k->topics[t]);
      if (tp && draft_answers_wants(a, tp)) keep[nkeep++] = k->topics[t];
    }
    const draft_choice *w = choice_for(a, primary->key);
    const char *chosen_in = a->file ? a->file : "the answers";
    draft_choice vw;
    for (size_t j = 0; !w && vp && j < vp->nwording; j++) {
      const dv_wording *x = &vp->wording[j];
      if (dv_eval(x->when, &prof, v->path, x->line, x->col, d) != 1) continue;
      vw = (draft_choice){primary->key, x->council, x->line, x->col};
      w = &vw;
      chosen_in = arena_printf(ar, "%s for councils where %s", v->path, x->when);
    }
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
        fill(&f, &out, heading_for(v, primary->theme, &prof, pending->label, d), pending->line);
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
        char *note = arena_printf(ar, "wording of %s, chosen in %s", cite, chosen_in);
        attrs_text(&attrs, tk, ntk, note);
        buf tmp = BUF_INIT;
        md_clause(&tmp, alt, num, buf_cstr(&attrs), true);
        buf filled = BUF_INIT;
        fill(&f, &filled, buf_cstr(&tmp), w->line);
        mark_obsolete(&out, buf_cstr(&filled), v, &prof, template_path, k->line, d);
        buf_free(&filled);
        buf_free(&tmp);
      } else {
        attrs_text(&attrs, tk, ntk, k->note);
        buf filled = BUF_INIT;
        buf_printf(&filled, k->heading ? "### %s " : "%s ", num);
        fill(&f, &filled, k->first, k->line);
        buf_printf(&filled, " %s\n", buf_cstr(&attrs));
        fill(&f, &filled, k->rest, k->line + 1);
        mark_obsolete(&out, buf_cstr(&filled), v, &prof, template_path, k->line, d);
        buf_free(&filled);
      }
      nclauses++;
      buf_free(&attrs);
    }
  fillins:
    /* sentences the answers supply where no council's protocol has one,
       after the clause chosen for the topic they complete */
    for (size_t j = 0; v && j < v->nfill; j++) {
      const dv_fillin *fi = &v->fill[j];
      if (!fi->after || !fi->topic || !fi->text || strcmp(fi->after, primary->key)) continue;
      if (fi->when && dv_eval(fi->when, &prof, v->path, fi->line, fi->col, d) != 1) continue;
      const cc_topic *ft = model_corpus_find_topic(c, fi->topic);
      if (!ft || !draft_answers_wants(a, ft)) continue;
      if (pending) {
        buf_printf(&out, "\n## %d. ", ++secno);
        fill(&f, &out, heading_for(v, primary->theme, &prof, pending->label, d), pending->line);
        buf_putc(&out, '\n');
        pending = NULL;
        clno = 0;
      }
      buf_printf(&out, "\n%d.%d ", secno, ++clno);
      fill(&f, &out, fi->text, fi->line);
      buf_printf(&out, " {topic=%s note=\"fill-in written by concord draft from the answers "
                 "(%s), not a council's wording: check it\"}\n", fi->topic, v->path);
      nclauses++;
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
