/* frontmatter.c - front matter fields and their checks (see frontmatter.h). */
#include "read/frontmatter.h"
#include "base/buf.h"
#include "base/safepath.h"
#include "read/yamltree.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int frontmatter_valid_slug(const char *s) {
  if (!*s || *s == '-') return 0;
  size_t n = strlen(s);
  if (s[n - 1] == '-' || n > 64) return 0;
  for (const char *p = s; *p; p++) {
    int ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
    if (!ok || (p[0] == '-' && p[1] == '-')) return 0;
  }
  return 1;
}

int frontmatter_valid_date(const char *s) {
  int y, m, dd;
  char tail;
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3) return 0;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1]) return 0;
  if (m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
  return 1;
}

/* A BCP 47 tag, loosely: a 2-3 letter language, then '-'-separated
 * subtags of 1-8 letters or digits ("en-GB", "cy", "sgn-BE-FR"). */
static int valid_language(const char *s) {
  size_t n = 0;
  while (isalpha((unsigned char)s[n])) n++;
  if (n < 2 || n > 3) return 0;
  s += n;
  while (*s == '-') {
    s++;
    n = 0;
    while (isalnum((unsigned char)s[n])) n++;
    if (n < 1 || n > 8) return 0;
    s += n;
  }
  return *s == '\0';
}

/* Is unknown field K probably a misspelling of FIELD: the same word
 * with a suffix ("adopted_on"), a different case, or at most two edits? */
static int looks_like(const char *k, const char *field) {
  size_t n = strlen(k), m = strlen(field);
  if (n > m && strncasecmp(k, field, m) == 0 && !isalnum((unsigned char)k[m])) return 1;
  if (n > 40 || m > 40 || (n > m ? n - m : m - n) > 2) return 0;
  int prev[41], cur[41];
  for (size_t j = 0; j <= m; j++) prev[j] = (int)j;
  for (size_t i = 1; i <= n; i++) {
    cur[0] = (int)i;
    for (size_t j = 1; j <= m; j++) {
      int sub = prev[j - 1] + (tolower((unsigned char)k[i - 1]) != field[j - 1]);
      int del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    memcpy(prev, cur, sizeof prev);
  }
  return prev[m] <= (m <= 4 ? 1 : 2);
}

static const char *const known_fields[] = {"council", "slug",  "title",    "part",
                                           "kind",    "adopted", "history", "theme",
                                           "hooks",   "language", "source", "in_force",
                                           "region",  NULL};

/* An http(s) address with a host and no control characters (a space, as
 * council file names have, is percent-encoded in the link by html_url):
 * the page links it, so nothing else (javascript:, a local file) may pass. */
static int valid_source_url(const char *u) {
  const char *rest = strncmp(u, "https://", 8) == 0 ? u + 8 : strncmp(u, "http://", 7) == 0 ? u + 7 : NULL;
  if (!rest || !*rest || *rest == '/') return 0;
  for (const unsigned char *p = (const unsigned char *)u; *p; p++)
    if (*p < ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\') return 0;
  return 1;
}

static const char *const known_kinds[] = {"county", "unitary", "metropolitan-borough",
                                          "london-borough", "district", "borough",
                                          "city", "town", "parish", "community",
                                          "welsh-principal", "combined-authority", NULL};

typedef struct {
  cc_document *doc;
  const cc_source *src;
  diag_list *d;
  int failed;
} fm;

static char *scalar_field(fm *f, const yt_node *map, const char *key, int required) {
  yt_node *v = yamltree_get(map, key);
  if (!v) {
    if (required) {
      diag_error(f->d, f->src->path, map->line, map->col,
                 "front matter has no '%s'; add a line '%s: ...'", key, key);
      f->failed = 1;
    }
    return NULL;
  }
  if (v->kind != YT_SCALAR) {
    diag_error(f->d, f->src->path, v->line, v->col,
               "front matter '%s' must be a single value, not %s", key, yamltree_kind_name(v->kind));
    f->failed = 1;
    return NULL;
  }
  if (required && !*v->scalar) {
    diag_error(f->d, f->src->path, v->line, v->col, "front matter '%s' is empty; give a value", key);
    f->failed = 1;
    return NULL;
  }
  return arena_strdup(f->doc->corpus->arena, v->scalar);
}

static void read_history(fm *f, const yt_node *map) {
  yt_node *h = yamltree_get(map, "history");
  if (!h) return;
  if (h->kind != YT_SEQUENCE) {
    diag_error(f->d, f->src->path, h->line, h->col,
               "front matter 'history' must be a list of {date, text} entries");
    f->failed = 1;
    return;
  }
  arena *a = f->doc->corpus->arena;
  f->doc->history = arena_alloc(a, (h->count + 1) * sizeof(cc_history));
  for (size_t i = 0; i < h->count; i++) {
    yt_node *e = h->values[i];
    yt_node *date = yamltree_get(e, "date"), *text = yamltree_get(e, "text");
    if (!e || e->kind != YT_MAPPING || !date || !text || date->kind != YT_SCALAR ||
        text->kind != YT_SCALAR) {
      diag_error(f->d, f->src->path, e ? e->line : h->line, e ? e->col : h->col,
                 "history entry needs 'date: YYYY-MM-DD' and 'text: ...'");
      f->failed = 1;
      continue;
    }
    if (!frontmatter_valid_date(date->scalar)) {
      diag_error(f->d, f->src->path, date->line, date->col,
                 "history date '%s' is not a date; write YYYY-MM-DD", date->scalar);
      f->failed = 1;
      continue;
    }
    cc_history *x = &f->doc->history[f->doc->nhistory++];
    x->date = arena_strdup(a, date->scalar);
    x->text = arena_strdup(a, text->scalar);
    x->pos.file = f->doc->path;
    x->pos.line = e->line;
    x->pos.col = e->col;
  }
}

int frontmatter_apply(cc_document *doc, const cc_source *src, diag_list *d) {
  arena *a = doc->corpus->arena;
  yt_node *root = NULL;
  if (yamltree_parse(a, src->path, src->front, src->front_len, src->front_line - 1, &root, d) != 0)
    return -1;
  if (!root || root->kind != YT_MAPPING) {
    diag_error(d, src->path, root ? root->line : 1, root ? root->col : 1,
               "front matter must be YAML fields (council:, slug:, title:), not %s",
               root ? yamltree_kind_name(root->kind) : "empty");
    return -1;
  }
  fm f = {doc, src, d, 0};
  for (size_t i = 0; i < root->count; i++) {
    const char *k = root->keys[i]->scalar;
    int known = 0;
    const char *near = NULL;
    for (int j = 0; known_fields[j]; j++) {
      known |= strcmp(k, known_fields[j]) == 0;
      if (!near && looks_like(k, known_fields[j])) near = known_fields[j];
    }
    if (known) continue;
    if (near)
      diag_warning(d, src->path, root->keys[i]->line, root->keys[i]->col,
                   "unknown front matter field '%s' is ignored; did you mean '%s'?", k, near);
    else
      diag_warning(d, src->path, root->keys[i]->line, root->keys[i]->col,
                   "unknown front matter field '%s' is ignored (known: council, slug, title, "
                   "part, kind, adopted, history, theme, hooks, language, source, in_force, region)", k);
  }
  doc->council = scalar_field(&f, root, "council", 1);
  doc->slug = scalar_field(&f, root, "slug", 1);
  doc->title = scalar_field(&f, root, "title", 1);
  doc->part = scalar_field(&f, root, "part", 0);
  doc->kind = scalar_field(&f, root, "kind", 0);
  doc->region = scalar_field(&f, root, "region", 0);
  doc->adopted = scalar_field(&f, root, "adopted", 0);
  char *theme = scalar_field(&f, root, "theme", 0);
  if (theme) doc->theme = theme;
  doc->hooks = scalar_field(&f, root, "hooks", 0);
  char *lang = scalar_field(&f, root, "language", 0);
  if (lang) doc->language = lang;
  doc->source_url = scalar_field(&f, root, "source", 0);
  read_history(&f, root);

  yt_node *v;
  if (doc->slug) {
    v = yamltree_get(root, "slug");
    doc->slug_pos = (cc_pos){doc->path, v->line, v->col};
  }
  if (doc->slug && !frontmatter_valid_slug(doc->slug)) {
    v = yamltree_get(root, "slug");
    diag_error(d, src->path, v->line, v->col,
               "slug '%s' must be lower-case letters, digits and single hyphens (e.g. 'brent')",
               doc->slug);
    f.failed = 1;
  }
  if (doc->adopted && !frontmatter_valid_date(doc->adopted)) {
    v = yamltree_get(root, "adopted");
    diag_error(d, src->path, v->line, v->col, "adopted '%s' is not a date; write YYYY-MM-DD",
               doc->adopted);
    f.failed = 1;
  }
  doc->in_force = scalar_field(&f, root, "in_force", 0);
  if (doc->in_force && !frontmatter_valid_date(doc->in_force)) {
    v = yamltree_get(root, "in_force");
    diag_error(d, src->path, v->line, v->col,
               "in_force '%s' is not a date; write YYYY-MM-DD, the date this text came into force",
               doc->in_force);
    f.failed = 1;
  }
  if (doc->kind) {
    int ok = 0;
    buf known = BUF_INIT;
    for (int j = 0; known_kinds[j]; j++) {
      ok |= strcmp(doc->kind, known_kinds[j]) == 0;
      buf_printf(&known, "%s%s", j ? ", " : "", known_kinds[j]);
    }
    if (!ok) {
      v = yamltree_get(root, "kind");
      diag_warning(d, src->path, v->line, v->col, "unknown council kind '%s' (known: %s)",
                   doc->kind, buf_cstr(&known));
    }
    buf_free(&known);
  }
  if (doc->region && model_region_rank(doc->region) < 0) {
    /* a misspelt region would make a group of its own in a large corpus's
       matrix pages; kept (a warning, as for kind) so a build can go on */
    buf known = BUF_INIT;
    for (int j = 0; model_known_regions[j]; j++)
      buf_printf(&known, "%s%s", j ? ", " : "", model_known_regions[j]);
    v = yamltree_get(root, "region");
    diag_warning(d, src->path, v->line, v->col, "unknown region '%s' (known: %s)", doc->region,
                 buf_cstr(&known));
    buf_free(&known);
  }
  if (doc->source_url && !valid_source_url(doc->source_url)) {
    v = yamltree_get(root, "source");
    diag_error(d, src->path, v->line, v->col,
               "source '%s' is not a web address; give the address of the council's published "
               "original, starting https:// or http://", doc->source_url);
    f.failed = 1;
  }
  if (lang && !valid_language(lang)) {
    v = yamltree_get(root, "language");
    diag_error(d, src->path, v->line, v->col,
               "language '%s' is not a BCP 47 language tag (e.g. 'en-GB', 'cy')", lang);
    f.failed = 1;
  }
  if (doc->hooks) {
    /* resolved from the current directory (the project), like sources/:
       it must not name a file elsewhere on the machine */
    v = yamltree_get(root, "hooks");
    const char *why = safepath_rel_problem(doc->hooks);
    if (!why && safepath_inside(".", doc->hooks) == 0) why = "leads outside the project through a symlink";
    if (why) {
      diag_error(d, src->path, v->line, v->col,
                 "hooks '%s' %s: a hook file must be inside the project (e.g. "
                 "'lua/house-style.lua')", doc->hooks, why);
      f.failed = 1;
    }
  }
  if (doc->theme && !frontmatter_valid_slug(doc->theme)) {
    v = yamltree_get(root, "theme");
    diag_error(d, src->path, v->line, v->col,
               "theme '%s' must be the name of a folder in themes/ (e.g. 'default')", doc->theme);
    f.failed = 1;
  }
  return f.failed ? -1 : 0;
}
