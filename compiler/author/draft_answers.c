/* draft_answers.c - answers file, validation and interactive questions
 * (see draft_answers.h). */
#define _POSIX_C_SOURCE 200809L
#include "author/draft_answers.h"
#include "base/buf.h"
#include "author/md_write.h"
#include "read/frontmatter.h"
#include "base/utf8.h"
#include "read/yamltree.h"

#include <stdlib.h>
#include <string.h>

void draft_answers_init(draft_answers *a) {
  memset(a, 0, sizeof *a);
  a->groups = a->press_office = -1;
}

void draft_answers_free(draft_answers *a) {
  free(a->council); free(a->slug); free(a->kind); free(a->title);
  free(a->part); free(a->adopted); free(a->short_name);
  for (int i = 0; i < DRAFT_MAX_ROLES; i++) free(a->roles[i]);
  for (size_t i = 0; i < a->ninclude; i++) free(a->include[i].key);
  for (size_t i = 0; i < a->nexclude; i++) free(a->exclude[i].key);
  for (size_t i = 0; i < a->nwording; i++) { free(a->wording[i].topic); free(a->wording[i].slug); }
  free(a->include); free(a->exclude); free(a->wording);
  free(a->nation); free(a->governance); free(a->staff); free(a->complaints_body);
  draft_answers_init(a);
}

static int role_index(const char *name) {
  for (int i = 0; md_roles[i].name; i++)
    if (!strcmp(md_roles[i].name, name)) return i;
  return -1;
}

static bool known_kind(const char *k) { return dv_in(dv_kinds, k); }

/* yes/no (YAML's true/false too): 1, 0, or -1 */
static int yes_no(const char *v) {
  if (!strcmp(v, "yes") || !strcmp(v, "y") || !strcmp(v, "true")) return 1;
  if (!strcmp(v, "no") || !strcmp(v, "n") || !strcmp(v, "false")) return 0;
  return -1;
}

void draft_answers_profile(const draft_answers *a, dv_profile *p) {
  p->kind = a->kind ? a->kind : "district";
  bool local = dv_kind_is_local(p->kind);
  p->nation = a->nation ? a->nation : dv_kind_nation(p->kind) ? dv_kind_nation(p->kind) : "england";
  p->governance = a->governance ? a->governance : local ? "committee-system" : "leader-and-cabinet";
  p->staff = a->staff ? a->staff : local ? "clerk-only" : "senior-management-team";
  p->groups = a->groups >= 0 ? a->groups == 1 : !local;
  p->press_office = a->press_office >= 0 ? a->press_office == 1 : !local;
}

const char *draft_answers_complaints_body(const draft_answers *a) {
  if (a->complaints_body && *a->complaints_body) return a->complaints_body;
  return dv_kind_is_local(a->kind) ? "the Staffing Committee" : "the Employment Committee";
}

/* which answer the conflict is about: "governance", "staff" or "nation" */
static const char *conflict_key(const dv_profile *p) {
  bool local = dv_kind_is_local(p->kind);
  if (local && strcmp(p->governance, "committee-system")) return "governance";
  if (!local && !strcmp(p->staff, "clerk-only")) return "staff";
  const char *n = dv_kind_nation(p->kind);
  if (n && strcmp(n, p->nation)) return "nation";
  return NULL;
}

const char *draft_answers_conflict(const dv_profile *p) {
  const char *k = conflict_key(p);
  if (!k) return NULL;
  if (!strcmp(k, "governance"))
    return "a parish, town or community council cannot have executive arrangements (a leader "
           "and cabinet or an elected mayor are for principal councils): use governance: "
           "committee-system";
  if (!strcmp(k, "staff"))
    return "a principal council has officers besides a Clerk: use staff: clerk-and-others or "
           "senior-management-team";
  return !strcmp(dv_kind_nation(p->kind), "wales")
             ? "community and Welsh principal councils are in Wales: use nation: wales"
             : "there are no parish, district, metropolitan or London borough councils in "
               "Wales: use nation: england, or kind: community or welsh-principal";
}

/* ---- loading ------------------------------------------------------------ */

static int scalar(const char *file, yt_node *v, const char *what, char **dst, diag_list *d) {
  if (v->kind != YT_SCALAR) {
    diag_error(d, file, v->line, v->col, "'%s' must be a single value, not %s", what,
               yamltree_kind_name(v->kind));
    return -1;
  }
  if (strpbrk(v->scalar, "\r\n")) {
    /* a name or title is one line of the front matter (issue 24: a
       newline made a draft that could not build) */
    diag_error(d, file, v->line, v->col, "'%s' must be on one line: remove the line break", what);
    return -1;
  }
  free(*dst);
  *dst = xstrdup(v->scalar);
  return 0;
}

static int keylist(const char *file, yt_node *v, const char *what, draft_keyref **arr,
                   size_t *n, diag_list *d) {
  /* a list of keys, or a mapping {themes: [...], topics: [...]} */
  if (v->kind == YT_SCALAR && !*v->scalar) return 0;
  if (v->kind == YT_MAPPING) {
    int rc = 0;
    for (size_t i = 0; i < v->count; i++) {
      const char *k = v->keys[i]->scalar;
      if (strcmp(k, "themes") && strcmp(k, "topics")) {
        diag_error(d, file, v->keys[i]->line, v->keys[i]->col,
                   "unknown key '%s' in '%s': use 'themes' and 'topics'", k, what);
        rc = -1;
        continue;
      }
      rc |= keylist(file, v->values[i], what, arr, n, d);
    }
    return rc;
  }
  if (v->kind != YT_SEQUENCE) {
    diag_error(d, file, v->line, v->col,
               "'%s' must be a list of theme or topic keys, like [press-and-publicity]", what);
    return -1;
  }
  for (size_t i = 0; i < v->count; i++) {
    yt_node *e = v->values[i];
    if (e->kind != YT_SCALAR) {
      diag_error(d, file, e->line, e->col, "each entry of '%s' must be a theme or topic key", what);
      return -1;
    }
    *arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
    (*arr)[*n] = (draft_keyref){xstrdup(e->scalar), e->line, e->col};
    (*n)++;
  }
  return 0;
}

int draft_answers_load(draft_answers *a, const char *path, diag_list *d) {
  a->file = path;
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_error(d, path, 0, 0, "cannot read the answers file: check the path");
    return -1;
  }
  buf text = BUF_INIT;
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&text, chunk, got);
  fclose(f);
  arena *ar = arena_new();
  yt_node *root = NULL;
  int pos_nation[2] = {1, 1}, pos_gov[2] = {1, 1}, pos_staff[2] = {1, 1};
  size_t bad = utf8_validate(buf_cstr(&text), text.len);
  int rc = 0;
  if (bad < text.len) {
    diag_error(d, path, 1, 1, "the answers file is not UTF-8: save it as UTF-8");
    rc = -1;
  } else if (yamltree_parse(ar, path, buf_cstr(&text), text.len, 0, &root, d) != 0) {
    rc = -1;
  } else if (!root || root->kind != YT_MAPPING) {
    diag_error(d, path, root ? root->line : 1, root ? root->col : 1,
               "the answers file must be a YAML mapping (council: ..., slug: ..., ...)");
    rc = -1;
  }
  for (size_t i = 0; rc == 0 && root && i < root->count; i++) {
    yt_node *k = root->keys[i], *v = root->values[i];
    const char *key = k->scalar;
    if (!strcmp(key, "council")) rc |= scalar(path, v, key, &a->council, d);
    else if (!strcmp(key, "slug")) {
      if (scalar(path, v, key, &a->slug, d) == 0 && !frontmatter_valid_slug(a->slug)) {
        diag_error(d, path, v->line, v->col,
                   "slug '%s' is not valid: use lower-case letters, digits and single hyphens",
                   a->slug);
        rc = -1;
      }
    } else if (!strcmp(key, "kind")) {
      if (scalar(path, v, key, &a->kind, d) == 0 && !known_kind(a->kind)) {
        char *known = dv_list_text(dv_kinds);
        diag_error(d, path, v->line, v->col, "unknown kind '%s': use %s", a->kind, known);
        free(known);
        rc = -1;
      }
      a->kind_line = v->line;
      a->kind_col = v->col;
    } else if (!strcmp(key, "nation") || !strcmp(key, "governance") || !strcmp(key, "staff")) {
      const char *const *allowed = key[0] == 'n' ? dv_nations : key[0] == 'g' ? dv_governances
                                                                               : dv_staffs;
      char **dst = key[0] == 'n' ? &a->nation : key[0] == 'g' ? &a->governance : &a->staff;
      int *pos = key[0] == 'n' ? pos_nation : key[0] == 'g' ? pos_gov : pos_staff;
      if (scalar(path, v, key, dst, d) == 0 && !dv_in(allowed, *dst)) {
        char *known = dv_list_text(allowed);
        diag_error(d, path, v->line, v->col, "unknown %s '%s': use %s", key, *dst, known);
        free(known);
        rc = -1;
      }
      pos[0] = v->line;
      pos[1] = v->col;
    } else if (!strcmp(key, "party-groups") || !strcmp(key, "press-office")) {
      char *yn = NULL;
      if (scalar(path, v, key, &yn, d) == 0) {
        int b = yes_no(yn);
        if (b < 0) {
          diag_error(d, path, v->line, v->col, "'%s' is yes or no, not '%s'", key, yn);
          rc = -1;
        }
        if (key[1] == 'a') a->groups = b;
        else a->press_office = b;
      } else rc = -1;
      free(yn);
    } else if (!strcmp(key, "complaints-body")) rc |= scalar(path, v, key, &a->complaints_body, d);
    else if (!strcmp(key, "title")) rc |= scalar(path, v, key, &a->title, d);
    else if (!strcmp(key, "part")) rc |= scalar(path, v, key, &a->part, d);
    else if (!strcmp(key, "short-name")) rc |= scalar(path, v, key, &a->short_name, d);
    else if (!strcmp(key, "adopted")) {
      if (scalar(path, v, key, &a->adopted, d) == 0 && !frontmatter_valid_date(a->adopted)) {
        diag_error(d, path, v->line, v->col, "adopted must be a date written YYYY-MM-DD");
        rc = -1;
      }
    } else if (!strcmp(key, "roles")) {
      if (v->kind != YT_MAPPING) {
        diag_error(d, path, v->line, v->col, "'roles' must map role names to titles, "
                   "like 'chief-executive: Town Clerk'");
        rc = -1;
        continue;
      }
      for (size_t j = 0; j < v->count; j++) {
        int r = role_index(v->keys[j]->scalar);
        if (r < 0) {
          buf names = BUF_INIT;
          for (int m = 0; md_roles[m].name; m++)
            buf_printf(&names, "%s%s", m ? ", " : "", md_roles[m].name);
          diag_error(d, path, v->keys[j]->line, v->keys[j]->col, "unknown role '%s': use %s",
                     v->keys[j]->scalar, buf_cstr(&names));
          buf_free(&names);
          rc = -1;
          continue;
        }
        rc |= scalar(path, v->values[j], v->keys[j]->scalar, &a->roles[r], d);
      }
    } else if (!strcmp(key, "include")) {
      a->include_given = true;
      rc |= keylist(path, v, key, &a->include, &a->ninclude, d);
    } else if (!strcmp(key, "exclude")) {
      rc |= keylist(path, v, key, &a->exclude, &a->nexclude, d);
    } else if (!strcmp(key, "wording")) {
      if (v->kind != YT_MAPPING) {
        diag_error(d, path, v->line, v->col, "'wording' must map topic keys to council slugs, "
                   "like 'officers-not-at-member-surgeries: brent'");
        rc = -1;
        continue;
      }
      for (size_t j = 0; j < v->count; j++) {
        yt_node *val = v->values[j];
        if (val->kind != YT_SCALAR) {
          diag_error(d, path, val->line, val->col, "the wording for '%s' must be a council slug",
                     v->keys[j]->scalar);
          rc = -1;
          continue;
        }
        a->wording = xrealloc(a->wording, (a->nwording + 1) * sizeof *a->wording);
        a->wording[a->nwording++] = (draft_choice){xstrdup(v->keys[j]->scalar),
                                                   xstrdup(val->scalar), v->keys[j]->line,
                                                   v->keys[j]->col};
      }
    } else {
      diag_error(d, path, k->line, k->col,
                 "unknown answer '%s': use council, slug, kind, nation, governance, "
                 "party-groups, staff, press-office, complaints-body, title, part, adopted, "
                 "short-name, roles, include, exclude or wording", key);
      rc = -1;
    }
  }
  if (rc == 0 && !a->council) {
    diag_error(d, path, 1, 1, "the answers file needs 'council: <the council's name>'");
    rc = -1;
  }
  if (rc == 0 && !a->slug) {
    diag_error(d, path, 1, 1, "the answers file needs 'slug: <short-name>' (lower case, hyphens)");
    rc = -1;
  }
  if (rc == 0) {
    dv_profile p;
    draft_answers_profile(a, &p);
    const char *k = conflict_key(&p);
    if (k) {
      /* at the answer that conflicts with the kind; at the kind when that
         answer is a default */
      int *pos = !strcmp(k, "governance") ? pos_gov : !strcmp(k, "staff") ? pos_staff : pos_nation;
      bool given = !strcmp(k, "governance") ? a->governance != NULL
                   : !strcmp(k, "staff")    ? a->staff != NULL
                                            : a->nation != NULL;
      diag_error(d, path, given ? pos[0] : a->kind_line, given ? pos[1] : a->kind_col,
                 "kind '%s' with %s '%s': %s", p.kind, k,
                 !strcmp(k, "governance") ? p.governance : !strcmp(k, "staff") ? p.staff : p.nation,
                 draft_answers_conflict(&p));
      rc = -1;
    }
  }
  arena_free(ar);
  buf_free(&text);
  return rc;
}

/* ---- validation --------------------------------------------------------- */

static bool is_theme(const cc_corpus *c, const char *k) {
  for (size_t i = 0; i < c->nthemes; i++)
    if (!strcmp(c->themes[i]->key, k)) return true;
  return false;
}

static int check_keys(const draft_answers *a, const cc_corpus *c, const draft_keyref *r,
                      size_t n, const char *what, diag_list *d) {
  int rc = 0;
  for (size_t i = 0; i < n; i++)
    if (!is_theme(c, r[i].key) && !model_corpus_find_topic(c, r[i].key)) {
      diag_error(d, a->file, r[i].line, r[i].col,
                 "unknown theme or topic '%s' in '%s': use a key from %s", r[i].key, what,
                 c->taxonomy_path ? c->taxonomy_path : "the taxonomy");
      rc = -1;
    }
  return rc;
}

int draft_answers_validate(const draft_answers *a, const cc_corpus *c, diag_list *d) {
  int rc = check_keys(a, c, a->include, a->ninclude, "include", d);
  rc |= check_keys(a, c, a->exclude, a->nexclude, "exclude", d);
  for (size_t i = 0; i < a->nwording; i++) {
    const draft_choice *w = &a->wording[i];
    cc_topic *t = model_corpus_find_topic(c, w->topic);
    if (!t) {
      diag_error(d, a->file, w->line, w->col, "unknown topic '%s' in 'wording': use a key from %s",
                 w->topic, c->taxonomy_path ? c->taxonomy_path : "the taxonomy");
      rc = -1;
      continue;
    }
    if (!model_corpus_find_document(c, w->slug)) {
      diag_error(d, a->file, w->line, w->col, "no council with slug '%s' in the corpus: "
                 "use the slug of a source in sources/", w->slug);
      rc = -1;
      continue;
    }
    bool has = false;
    for (size_t j = 0; j < t->nclauses; j++) has |= !strcmp(t->clauses[j]->doc->slug, w->slug);
    if (!has) {
      buf who = BUF_INIT;
      for (size_t j = 0; j < t->nclauses; j++)
        if (!strstr(buf_cstr(&who), t->clauses[j]->doc->slug))
          buf_printf(&who, "%s%s", who.len ? ", " : "", t->clauses[j]->doc->slug);
      diag_error(d, a->file, w->line, w->col,
                 "'%s' has no clause with topic '%s'; councils that have one: %s", w->slug,
                 w->topic, buf_cstr(&who));
      buf_free(&who);
      rc = -1;
    }
  }
  return rc;
}

bool draft_answers_wants(const draft_answers *a, const cc_topic *t) {
  for (size_t i = 0; i < a->nexclude; i++)
    if (!strcmp(a->exclude[i].key, t->key) || !strcmp(a->exclude[i].key, t->theme->key))
      return false;
  if (!a->include_given || a->ninclude == 0) return true;
  for (size_t i = 0; i < a->ninclude; i++)
    if (!strcmp(a->include[i].key, t->key) || !strcmp(a->include[i].key, t->theme->key))
      return true;
  return false;
}

const char *draft_answers_role(const draft_answers *a, const char *name) {
  int r = role_index(name);
  if (r >= 0 && a->roles[r] && *a->roles[r]) return a->roles[r];
  /* in a parish, town or community council the Clerk is head of paid
     service, monitoring officer and manager of staff */
  if (dv_kind_is_local(a->kind) && (!strcmp(name, "head-of-paid-service") ||
                                    !strcmp(name, "monitoring-officer") ||
                                    !strcmp(name, "hr-officer")))
    return draft_answers_role(a, "chief-executive");
  return md_role_default(name, a->kind);
}

/* ---- interactive -------------------------------------------------------- */

/* One answer: the line typed, or DEF when it is empty. NULL at EOF. */
static char *ask(FILE *in, FILE *out, const char *q, const char *def) {
  if (def && *def) fprintf(out, "%s [%s]: ", q, def);
  else fprintf(out, "%s: ", q);
  fflush(out);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, in);
  if (n < 0) {
    free(line);
    return NULL;
  }
  while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = 0;
  size_t s = 0;
  while (line[s] == ' ') s++;
  if (!line[s]) {
    free(line);
    return xstrdup(def ? def : "");
  }
  char *r = xstrdup(line + s);
  free(line);
  return r;
}

static void split_keys(const char *s, draft_keyref **arr, size_t *n) {
  while (*s) {
    while (*s == ',' || *s == ' ') s++;
    const char *e = s;
    while (*e && *e != ',' && *e != ' ') e++;
    if (e > s) {
      *arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
      char *k = xmalloc((size_t)(e - s) + 1);
      memcpy(k, s, (size_t)(e - s));
      k[e - s] = 0;
      (*arr)[(*n)++] = (draft_keyref){k, 0, 0};
    }
    s = e;
  }
}

/* One of ALLOWED, re-asked (listing them) until it is. NULL at EOF. */
static char *ask_choice(FILE *in, FILE *out, const char *q, const char *const *allowed,
                        const char *def) {
  char *known = dv_list_text(allowed);
  buf question = BUF_INIT;
  buf_printf(&question, "%s (%s)", q, known);
  for (;;) {
    char *v = ask(in, out, buf_cstr(&question), def);
    if (!v || dv_in(allowed, v)) {
      buf_free(&question);
      free(known);
      return v;
    }
    fprintf(out, "  '%s' is not one of the answers: use %s.\n", v, known);
    free(v);
  }
}

/* 1 or 0, re-asked until yes or no. -1 at EOF. */
static int ask_yes_no(FILE *in, FILE *out, const char *q, bool def) {
  for (;;) {
    char *v = ask(in, out, q, def ? "yes" : "no");
    if (!v) return -1;
    int b = yes_no(v);
    if (b >= 0) {
      free(v);
      return b;
    }
    fprintf(out, "  '%s' is not an answer here: use yes or no.\n", v);
    free(v);
  }
}

int draft_answers_ask(draft_answers *a, const cc_corpus *c, FILE *in, FILE *out) {
  a->file = "<interactive>";
  fprintf(out, "Drafting a new protocol. Press Enter to accept the [default].\n");
  char *v;
  for (;;) {
    if (!(v = ask(in, out, "Council's name, as printed (e.g. Newtown Town Council)", a->council)))
      return -1;
    if (*v) break;
    free(v);
    fprintf(out, "  the council's name is needed.\n");
  }
  free(a->council);
  a->council = v;
  arena *ar = arena_new();
  char *defslug = utf8_slug(ar, a->council, 0);
  for (;;) {
    if (!(v = ask(in, out, "Slug (file and URL name)", a->slug ? a->slug : defslug))) {
      arena_free(ar);
      return -1;
    }
    if (frontmatter_valid_slug(v)) break;
    fprintf(out, "  use lower-case letters, digits and single hyphens.\n");
    free(v);
  }
  arena_free(ar);
  free(a->slug);
  a->slug = v;
  const char *defkind = a->kind                            ? a->kind
                        : strstr(a->council, "Town")        ? "town"
                        : strstr(a->council, "Parish")      ? "parish"
                        : strstr(a->council, "Community")   ? "community"
                                                            : "district";
  if (!(v = ask_choice(in, out, "Kind of council", dv_kinds, defkind))) return -1;
  free(a->kind);
  a->kind = v;
  dv_profile p;
  const char *implied = dv_kind_nation(a->kind);
  if (implied) {
    fprintf(out, "  (a %s council is in %s)\n", a->kind, implied);
    free(a->nation);
    a->nation = xstrdup(implied);
  } else {
    if (!(v = ask_choice(in, out, "Nation (the law and bodies differ)", dv_nations,
                         a->nation ? a->nation : "england")))
      return -1;
    free(a->nation);
    a->nation = v;
  }
  /* governance and staff: re-asked while the kind rules them out */
  for (;;) {
    draft_answers_profile(a, &p);
    if (!(v = ask_choice(in, out, "Governance", dv_governances, p.governance))) return -1;
    free(a->governance);
    a->governance = v;
    draft_answers_profile(a, &p);
    const char *why = draft_answers_conflict(&p);
    if (!why) break;
    fprintf(out, "  not for a %s council: %s.\n", a->kind, why);
    free(a->governance); /* so that the default for the kind is offered again */
    a->governance = NULL;
  }
  if ((a->groups = ask_yes_no(in, out, "Does the council have party (political) groups?",
                              p.groups)) < 0)
    return -1;
  for (;;) {
    draft_answers_profile(a, &p);
    if (!(v = ask_choice(in, out, "Staff", dv_staffs, p.staff))) return -1;
    free(a->staff);
    a->staff = v;
    draft_answers_profile(a, &p);
    const char *why = draft_answers_conflict(&p);
    if (!why) break;
    fprintf(out, "  not for a %s council: %s.\n", a->kind, why);
    free(a->staff);
    a->staff = NULL;
  }
  if ((a->press_office = ask_yes_no(in, out, "Does the council have a press office?",
                                    p.press_office)) < 0)
    return -1;
  draft_answers_profile(a, &p);
  if (!(v = ask(in, out, "Who handles complaints about the most senior officer?",
                draft_answers_complaints_body(a))))
    return -1;
  free(a->complaints_body);
  a->complaints_body = v;
  /* only the titles this council has: the Clerk's alone when the Clerk is
     the only officer, the press officer's only with a press office */
  bool clerk_only = !strcmp(p.staff, "clerk-only");
  for (int i = 0; md_roles[i].name; i++) {
    const char *n = md_roles[i].name;
    if (clerk_only && (!strcmp(n, "head-of-paid-service") || !strcmp(n, "monitoring-officer") ||
                       !strcmp(n, "hr-officer")))
      continue;
    if (!p.press_office && !strcmp(n, "communications-officer")) continue;
    if (!(v = ask(in, out, md_roles[i].question, draft_answers_role(a, n)))) return -1;
    free(a->roles[i]);
    a->roles[i] = v;
  }
  fprintf(out, "Themes:");
  for (size_t i = 0; i < c->nthemes; i++) fprintf(out, " %s", c->themes[i]->key);
  fprintf(out, "\n");
  for (;;) {
    if (!(v = ask(in, out, "Themes or topics to leave out (keys, comma-separated)", "none")))
      return -1;
    if (!strcmp(v, "none")) {
      free(v);
      break;
    }
    draft_keyref *ks = NULL;
    size_t nk = 0;
    split_keys(v, &ks, &nk);
    bool ok = true;
    for (size_t i = 0; i < nk; i++)
      if (!is_theme(c, ks[i].key) && !model_corpus_find_topic(c, ks[i].key)) {
        fprintf(out, "  unknown theme or topic '%s'.\n", ks[i].key);
        ok = false;
      }
    free(v);
    if (ok) {
      a->exclude = ks;
      a->nexclude = nk;
      break;
    }
    for (size_t i = 0; i < nk; i++) free(ks[i].key);
    free(ks);
  }
  return 0;
}

/* ---- saving ------------------------------------------------------------- */

static void yaml_str(buf *b, const char *s) {
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') buf_putc(b, '\\');
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

char *draft_answers_yaml(const draft_answers *a) {
  buf b = BUF_INIT;
  buf_puts(&b, "# Answers for concord draft (docs/drafting.md)\n");
  const char *names[] = {"council", "slug", "kind", "title", "part", "adopted", "short-name"};
  const char *vals[] = {a->council, a->slug, a->kind, a->title, a->part, a->adopted, a->short_name};
  for (int i = 0; i < 7; i++)
    if (vals[i]) {
      buf_printf(&b, "%s: ", names[i]);
      yaml_str(&b, vals[i]);
      buf_putc(&b, '\n');
    }
  dv_profile p;
  draft_answers_profile(a, &p);
  buf_printf(&b, "nation: %s\ngovernance: %s\nparty-groups: %s\nstaff: %s\npress-office: %s\n",
             p.nation, p.governance, p.groups ? "yes" : "no", p.staff,
             p.press_office ? "yes" : "no");
  buf_puts(&b, "complaints-body: ");
  yaml_str(&b, draft_answers_complaints_body(a));
  buf_putc(&b, '\n');
  buf_puts(&b, "roles:\n");
  for (int i = 0; md_roles[i].name; i++) {
    buf_printf(&b, "  %s: ", md_roles[i].name);
    yaml_str(&b, draft_answers_role(a, md_roles[i].name));
    buf_putc(&b, '\n');
  }
  if (a->include_given) {
    buf_puts(&b, "include: [");
    for (size_t i = 0; i < a->ninclude; i++) buf_printf(&b, "%s%s", i ? ", " : "", a->include[i].key);
    buf_puts(&b, "]\n");
  }
  buf_puts(&b, "exclude: [");
  for (size_t i = 0; i < a->nexclude; i++) buf_printf(&b, "%s%s", i ? ", " : "", a->exclude[i].key);
  buf_puts(&b, "]\n");
  if (a->nwording) {
    buf_puts(&b, "wording:\n");
    for (size_t i = 0; i < a->nwording; i++)
      buf_printf(&b, "  %s: %s\n", a->wording[i].topic, a->wording[i].slug);
  }
  return buf_detach(&b);
}
