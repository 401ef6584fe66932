/* draft_variant.c - conditions and the variants table (see
 * draft_variant.h). */
#include "author/draft_variant.h"
#include "base/buf.h"
#include "base/fileio.h"
#include "base/utf8.h"
#include "read/yamltree.h"

#include <stdlib.h>
#include <string.h>

const char *const dv_kinds[] = {"parish", "town", "community", "district", "county", "unitary",
                                "metropolitan-borough", "london-borough", "welsh-principal",
                                "borough", "city", "combined-authority", NULL};
const char *const dv_governances[] = {"leader-and-cabinet", "elected-mayor", "committee-system",
                                      NULL};
const char *const dv_staffs[] = {"clerk-only", "clerk-and-others", "senior-management-team",
                                 NULL};
const char *const dv_nations[] = {"england", "wales", NULL};
static const char *const yesno[] = {"yes", "no", NULL};

bool dv_in(const char *const *list, const char *v) {
  for (size_t i = 0; v && list[i]; i++)
    if (!strcmp(list[i], v)) return true;
  return false;
}

char *dv_list_text(const char *const *list) {
  buf b = BUF_INIT;
  size_t n = 0;
  while (list[n]) n++;
  for (size_t i = 0; i < n; i++)
    buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", list[i]);
  return buf_detach(&b);
}

bool dv_kind_is_local(const char *kind) {
  return kind && (!strcmp(kind, "parish") || !strcmp(kind, "town") || !strcmp(kind, "community"));
}

const char *dv_kind_nation(const char *kind) {
  static const char *const english[] = {"parish", "district", "metropolitan-borough",
                                        "london-borough", "combined-authority", NULL};
  static const char *const welsh[] = {"community", "welsh-principal", NULL};
  if (dv_in(english, kind)) return "england";
  if (dv_in(welsh, kind)) return "wales";
  return NULL;
}

/* ---- conditions ------------------------------------------------------------ */

/* Values a condition may name for KEY, groups included. */
static const char *const *key_values(const char *key, const char *const **groups) {
  static const char *const kind_groups[] = {"local", "principal", NULL};
  static const char *const gov_groups[] = {"executive", NULL};
  static const char *const none[] = {NULL};
  *groups = none;
  if (!strcmp(key, "kind")) { *groups = kind_groups; return dv_kinds; }
  if (!strcmp(key, "nation")) return dv_nations;
  if (!strcmp(key, "governance")) { *groups = gov_groups; return dv_governances; }
  if (!strcmp(key, "staff")) return dv_staffs;
  if (!strcmp(key, "groups") || !strcmp(key, "press-office")) return yesno;
  return NULL;
}

static bool value_matches(const char *key, const char *want, const dv_profile *p) {
  if (!strcmp(key, "kind")) {
    if (!strcmp(want, "local")) return dv_kind_is_local(p->kind);
    if (!strcmp(want, "principal")) return !dv_kind_is_local(p->kind);
    return !strcmp(want, p->kind);
  }
  if (!strcmp(key, "nation")) return !strcmp(want, p->nation);
  if (!strcmp(key, "governance")) {
    if (!strcmp(want, "executive")) return strcmp(p->governance, "committee-system") != 0;
    return !strcmp(want, p->governance);
  }
  if (!strcmp(key, "staff")) return !strcmp(want, p->staff);
  if (!strcmp(key, "groups")) return !strcmp(want, p->groups ? "yes" : "no");
  return !strcmp(want, p->press_office ? "yes" : "no");
}

static bool word_char(char ch) { return (ch >= 'a' && ch <= 'z') || ch == '-' || (ch >= '0' && ch <= '9'); }

int dv_eval(const char *cond, const dv_profile *p, const char *file, int line, int col,
            diag_list *d) {
  const char *s = cond;
  bool any = false, all = true; /* any alternative holds; this one so far */
  char key[32], val[48];
#define FAIL(...)                                                                 \
  do {                                                                            \
    if (d) diag_error(d, file, line, col + (int)(s - cond), __VA_ARGS__);         \
    return -1;                                                                    \
  } while (0)
  for (;;) {
    while (*s == ' ') s++;
    const char *k = s;
    while (word_char(*s)) s++;
    if (s == k || (size_t)(s - k) >= sizeof key)
      FAIL("expected a condition like 'kind=town' or 'governance!=committee-system' "
           "(keys: kind, nation, governance, groups, staff, press-office)");
    memcpy(key, k, (size_t)(s - k));
    key[s - k] = 0;
    const char *const *groups;
    const char *const *vals = key_values(key, &groups);
    if (!vals) {
      s = k;
      FAIL("unknown condition key '%s': use kind, nation, governance, groups, staff or "
           "press-office", key);
    }
    while (*s == ' ') s++;
    bool neg = false;
    if (*s == '!' && s[1] == '=') { neg = true; s += 2; }
    else if (*s == '=') s++;
    else FAIL("expected '=' or '!=' after '%s'", key);
    bool match = false;
    for (;;) {
      while (*s == ' ') s++;
      const char *v = s;
      while (word_char(*s)) s++;
      if (s == v || (size_t)(s - v) >= sizeof val) FAIL("expected a value for '%s'", key);
      memcpy(val, v, (size_t)(s - v));
      val[s - v] = 0;
      if (!dv_in(vals, val) && !dv_in(groups, val)) {
        char *known = dv_list_text(vals);
        char *grp = groups[0] ? dv_list_text(groups) : NULL;
        s = v;
        if (d)
          diag_error(d, file, line, col + (int)(s - cond), "unknown value '%s' for '%s': use %s%s%s",
                     val, key, known, grp ? "; or the group " : "", grp ? grp : "");
        free(known);
        free(grp);
        return -1;
      }
      if (p) match |= value_matches(key, val, p);
      while (*s == ' ') s++;
      if (*s != ',') break;
      s++;
    }
    if (p && match == neg) all = false;
    if (*s == ';') { s++; continue; }
    if (*s == '|' || !*s) {
      any |= all;
      all = true;
      if (!*s) break;
      s++;
      continue;
    }
    FAIL("unexpected '%c': join tests with ';' (all must hold) or '|' (either)", *s);
  }
#undef FAIL
  return p ? any : 1;
}

/* ---- the table ------------------------------------------------------------------ */

void dv_table_init(dv_table *t) { memset(t, 0, sizeof *t); }

void dv_table_free(dv_table *t) {
  for (size_t i = 0; i < t->nprov; i++) {
    dv_provision *p = &t->prov[i];
    free(p->topic); free(p->when);
    for (size_t j = 0; j < p->nwording; j++) { free(p->wording[j].when); free(p->wording[j].council); }
    free(p->wording);
  }
  for (size_t i = 0; i < t->nfill; i++) {
    free(t->fill[i].after); free(t->fill[i].when); free(t->fill[i].topic); free(t->fill[i].text);
  }
  for (size_t i = 0; i < t->nobs; i++) {
    free(t->obs[i].phrase); free(t->obs[i].why); free(t->obs[i].replace); free(t->obs[i].when);
  }
  for (size_t i = 0; i < t->nthemes; i++) {
    dv_theme *th = &t->themes[i];
    free(th->key); free(th->when);
    for (size_t j = 0; j < th->nheading; j++) { free(th->heading[j].when); free(th->heading[j].label); }
    free(th->heading);
  }
  free(t->themes);
  free(t->prov); free(t->fill); free(t->obs); free(t->path);
  memset(t, 0, sizeof *t);
}

const dv_theme *dv_table_theme(const dv_table *t, const char *key) {
  for (size_t i = 0; t && i < t->nthemes; i++)
    if (!strcmp(t->themes[i].key, key)) return &t->themes[i];
  return NULL;
}

const dv_provision *dv_table_find(const dv_table *t, const char *topic) {
  for (size_t i = 0; t && i < t->nprov; i++)
    if (!strcmp(t->prov[i].topic, topic)) return &t->prov[i];
  return NULL;
}

typedef struct loader {
  const char *path;
  const cc_corpus *c;
  diag_list *d;
  int rc;
} loader;

static int scol(const yt_node *v) { return v->col + (v->plain ? 0 : 1); }

static char *get_scalar(loader *L, const yt_node *map, const char *key, bool required) {
  yt_node *v = yamltree_get(map, key);
  if (!v) {
    if (required) {
      diag_error(L->d, L->path, map->line, map->col, "this entry needs '%s: ...'", key);
      L->rc = -1;
    }
    return NULL;
  }
  if (v->kind != YT_SCALAR) {
    diag_error(L->d, L->path, v->line, v->col, "'%s' must be a single value, not %s", key,
               yamltree_kind_name(v->kind));
    L->rc = -1;
    return NULL;
  }
  return xstrdup(v->scalar);
}

static char *get_cond(loader *L, const yt_node *map, const char *key, bool required) {
  yt_node *v = yamltree_get(map, key);
  char *s = get_scalar(L, map, key, required);
  if (s && dv_eval(s, NULL, L->path, v->line, scol(v), L->d) < 0) L->rc = -1;
  return s;
}

static void check_keys(loader *L, const yt_node *map, const char *const *known, const char *what) {
  for (size_t i = 0; i < map->count; i++)
    if (!dv_in(known, map->keys[i]->scalar)) {
      char *k = dv_list_text(known);
      diag_error(L->d, L->path, map->keys[i]->line, map->keys[i]->col,
                 "unknown key '%s' in %s: use %s", map->keys[i]->scalar, what, k);
      free(k);
      L->rc = -1;
    }
}

static const cc_topic *known_topic(loader *L, const char *key, int line, int col) {
  const cc_topic *t = model_corpus_find_topic(L->c, key);
  if (!t) {
    diag_error(L->d, L->path, line, col, "unknown topic '%s': use a key from %s", key,
               L->c->taxonomy_path ? L->c->taxonomy_path : "the taxonomy");
    L->rc = -1;
  }
  return t;
}

static void load_provision(loader *L, dv_table *t, const yt_node *k, const yt_node *v) {
  const cc_topic *topic = known_topic(L, k->scalar, k->line, k->col);
  t->prov = xrealloc(t->prov, (t->nprov + 1) * sizeof *t->prov);
  dv_provision *p = &t->prov[t->nprov++];
  memset(p, 0, sizeof *p);
  p->topic = xstrdup(k->scalar);
  p->line = k->line;
  p->col = k->col;
  if (v->kind == YT_SCALAR) { /* just a condition */
    p->when = xstrdup(v->scalar);
    p->when_line = v->line;
    p->when_col = scol(v);
    if (dv_eval(p->when, NULL, L->path, v->line, scol(v), L->d) < 0) L->rc = -1;
    return;
  }
  if (v->kind != YT_MAPPING) {
    diag_error(L->d, L->path, v->line, v->col, "'%s' must be a condition, or a mapping with "
               "'when' and/or 'wording'", k->scalar);
    L->rc = -1;
    return;
  }
  static const char *const keys[] = {"when", "wording", NULL};
  check_keys(L, v, keys, "a provision");
  yt_node *w = yamltree_get(v, "when");
  if (w) {
    p->when = get_cond(L, v, "when", false);
    p->when_line = w->line;
    p->when_col = scol(w);
  }
  yt_node *ws = yamltree_get(v, "wording");
  if (!ws) return;
  if (ws->kind != YT_SEQUENCE) {
    diag_error(L->d, L->path, ws->line, ws->col,
               "'wording' must be a list of {when: CONDITION, council: SLUG}");
    L->rc = -1;
    return;
  }
  for (size_t i = 0; i < ws->count; i++) {
    yt_node *e = ws->values[i];
    if (e->kind != YT_MAPPING) {
      diag_error(L->d, L->path, e->line, e->col, "each wording is {when: CONDITION, council: SLUG}");
      L->rc = -1;
      continue;
    }
    static const char *const wkeys[] = {"when", "council", NULL};
    check_keys(L, e, wkeys, "a wording");
    dv_wording dw = {get_cond(L, e, "when", true), get_scalar(L, e, "council", true), e->line,
                     e->col};
    yt_node *cn = yamltree_get(e, "council");
    if (dw.council && topic) {
      bool has = false;
      for (size_t j = 0; j < topic->nclauses; j++) has |= !strcmp(topic->clauses[j]->doc->slug, dw.council);
      if (!has) {
        diag_error(L->d, L->path, cn->line, cn->col, "'%s' has no clause with topic '%s': name "
                   "a council whose protocol makes the provision", dw.council, topic->key);
        L->rc = -1;
      }
    }
    p->wording = xrealloc(p->wording, (p->nwording + 1) * sizeof *p->wording);
    p->wording[p->nwording++] = dw;
  }
}

static void load_theme(loader *L, dv_table *t, const yt_node *k, const yt_node *v) {
  bool known = false;
  for (size_t i = 0; i < L->c->nthemes; i++) known |= !strcmp(L->c->themes[i]->key, k->scalar);
  if (!known) {
    diag_error(L->d, L->path, k->line, k->col, "unknown theme '%s': use a theme key from %s",
               k->scalar, L->c->taxonomy_path ? L->c->taxonomy_path : "the taxonomy");
    L->rc = -1;
  }
  if (v->kind != YT_MAPPING) {
    diag_error(L->d, L->path, v->line, v->col, "theme '%s' takes 'when' and/or 'heading'", k->scalar);
    L->rc = -1;
    return;
  }
  static const char *const keys[] = {"when", "heading", NULL};
  check_keys(L, v, keys, "a theme");
  t->themes = xrealloc(t->themes, (t->nthemes + 1) * sizeof *t->themes);
  dv_theme *th = &t->themes[t->nthemes++];
  memset(th, 0, sizeof *th);
  th->key = xstrdup(k->scalar);
  th->line = k->line;
  th->col = k->col;
  yt_node *w = yamltree_get(v, "when");
  if (w) {
    th->when = get_cond(L, v, "when", false);
    th->when_line = w->line;
    th->when_col = scol(w);
  }
  yt_node *hs = yamltree_get(v, "heading");
  if (!hs) return;
  if (hs->kind != YT_SEQUENCE) {
    diag_error(L->d, L->path, hs->line, hs->col, "'heading' must be a list of {when, label}");
    L->rc = -1;
    return;
  }
  for (size_t i = 0; i < hs->count; i++) {
    yt_node *e = hs->values[i];
    if (e->kind != YT_MAPPING) {
      diag_error(L->d, L->path, e->line, e->col, "each heading is {when: CONDITION, label: TEXT}");
      L->rc = -1;
      continue;
    }
    static const char *const hk[] = {"when", "label", NULL};
    check_keys(L, e, hk, "a heading");
    dv_heading h = {get_cond(L, e, "when", true), get_scalar(L, e, "label", true), e->line, e->col};
    th->heading = xrealloc(th->heading, (th->nheading + 1) * sizeof *th->heading);
    th->heading[th->nheading++] = h;
  }
}

int dv_table_load(dv_table *t, const char *path, const cc_corpus *c, diag_list *d) {
  t->path = xstrdup(path);
  size_t len = 0;
  char *text = file_read_all(path, &len);
  if (!text) {
    diag_error(d, path, 0, 0, "cannot read the variants table: give --variants FILE "
               "(default sources/templates/variants.yaml)");
    return -1;
  }
  loader L = {path, c, d, 0};
  arena *ar = arena_new();
  yt_node *root = NULL;
  if (utf8_validate(text, len) < len) {
    diag_error(d, path, 1, 1, "the variants table is not UTF-8: save it as UTF-8");
    L.rc = -1;
  } else if (yamltree_parse(ar, path, text, len, 0, &root, d) != 0) {
    L.rc = -1;
  } else if (!root || root->kind != YT_MAPPING) {
    diag_error(d, path, 1, 1, "the variants table must be a mapping with 'provisions', "
               "'fill-ins' and 'obsolete'");
    L.rc = -1;
  }
  if (L.rc == 0) {
    static const char *const top[] = {"themes", "provisions", "fill-ins", "obsolete", NULL};
    check_keys(&L, root, top, "the variants table");
    yt_node *tv = yamltree_get(root, "themes");
    if (tv && tv->kind != YT_MAPPING) {
      diag_error(d, path, tv->line, tv->col, "'themes' maps theme keys to {when, heading}");
      L.rc = -1;
    } else if (tv) {
      for (size_t i = 0; i < tv->count; i++) load_theme(&L, t, tv->keys[i], tv->values[i]);
    }
    yt_node *pv = yamltree_get(root, "provisions");
    if (pv && pv->kind != YT_MAPPING) {
      diag_error(d, path, pv->line, pv->col, "'provisions' maps topic keys to conditions");
      L.rc = -1;
    } else if (pv) {
      for (size_t i = 0; i < pv->count; i++) {
        if (dv_table_find(t, pv->keys[i]->scalar)) {
          diag_error(d, path, pv->keys[i]->line, pv->keys[i]->col,
                     "topic '%s' is listed twice: keep one entry", pv->keys[i]->scalar);
          L.rc = -1;
          continue;
        }
        load_provision(&L, t, pv->keys[i], pv->values[i]);
      }
    }
    yt_node *fl = yamltree_get(root, "fill-ins");
    yt_node *ob = yamltree_get(root, "obsolete");
    for (int w = 0; w < 2; w++) {
      yt_node *l = w ? ob : fl;
      if (l && l->kind != YT_SEQUENCE) {
        diag_error(d, path, l->line, l->col, "'%s' must be a list", w ? "obsolete" : "fill-ins");
        L.rc = -1;
      }
    }
    for (size_t i = 0; fl && i < fl->count; i++) {
      yt_node *e = fl->values[i];
      if (fl->kind != YT_SEQUENCE || e->kind != YT_MAPPING) {
        diag_error(d, path, e->line, e->col, "each fill-in is {after, when, topic, text}");
        L.rc = -1;
        continue;
      }
      static const char *const fk[] = {"after", "when", "topic", "text", NULL};
      check_keys(&L, e, fk, "a fill-in");
      dv_fillin f = {get_scalar(&L, e, "after", true), get_cond(&L, e, "when", false),
                     get_scalar(&L, e, "topic", true), get_scalar(&L, e, "text", true), e->line,
                     e->col};
      if (f.after) known_topic(&L, f.after, e->line, e->col);
      if (f.topic) known_topic(&L, f.topic, e->line, e->col);
      t->fill = xrealloc(t->fill, (t->nfill + 1) * sizeof *t->fill);
      t->fill[t->nfill++] = f;
    }
    for (size_t i = 0; ob && i < ob->count; i++) {
      yt_node *e = ob->values[i];
      if (ob->kind != YT_SEQUENCE || e->kind != YT_MAPPING) {
        diag_error(d, path, e->line, e->col, "each obsolete entry is {phrase, why, replace}");
        L.rc = -1;
        continue;
      }
      static const char *const ok[] = {"phrase", "why", "replace", "when", NULL};
      check_keys(&L, e, ok, "an obsolete entry");
      dv_obsolete o = {get_scalar(&L, e, "phrase", true), get_scalar(&L, e, "why", true),
                       get_scalar(&L, e, "replace", true), get_cond(&L, e, "when", false),
                       e->line, e->col};
      t->obs = xrealloc(t->obs, (t->nobs + 1) * sizeof *t->obs);
      t->obs[t->nobs++] = o;
    }
  }
  arena_free(ar);
  free(text);
  return L.rc;
}
