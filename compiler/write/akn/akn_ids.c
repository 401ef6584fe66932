/* akn_ids.c - Concord ids -> Akoma Ntoso eIds and FRBR URIs (see akn_ids.h). */
#include "write/akn/akn_ids.h"
#include "base/strmap.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct akn_ids {
  strmap *eid_of;  /* Concord id -> eId */
  strmap *id_of;   /* eId -> Concord id (to prove the map one-to-one) */
  bool clash;
};

/* AKN_PREFIX "_" + the id without its Concord prefix. Whitespace (only
 * possible in a hand-written {#id}) becomes '-' because eIds may not hold
 * it; the clash check below catches any id this merges with another. */
static char *local_eid(arena *a, const char *akn_prefix, const char *concord_prefix, const char *id) {
  size_t n = strlen(concord_prefix);
  const char *rest = (strncmp(id, concord_prefix, n) == 0 && id[n]) ? id + n : id;
  char *e = arena_printf(a, "%s_%s", akn_prefix, rest);
  for (char *p = e; *p; p++)
    if (isspace((unsigned char)*p)) *p = '-';
  return e;
}

static void put(akn_ids *m, const char *id, const char *eid, cc_pos pos, diag_list *dl) {
  if (!id) return;
  const char *other = strmap_get(m->id_of, eid);
  if (other && strcmp(other, id) != 0) {
    diag_error(dl, pos.file, pos.line, pos.col,
               "ids '%s' and '%s' both become the Akoma Ntoso eId '%s': give one of them "
               "another {#id}", other, id, eid);
    m->clash = true;
    return;
  }
  /* strmap copies keys; values are borrowed, so they point into the arena */
  strmap_put(m->id_of, eid, (void *)id);
  strmap_put(m->eid_of, id, (void *)eid);
}

static void items(akn_ids *m, arena *a, const cc_block *b, const char *owner_id, const char *owner_eid,
                  diag_list *dl) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_QUOTE) items(m, a, b->children, owner_id, owner_eid, dl);
    if (b->kind != CC_BLK_LIST) continue;
    for (const cc_item *it = b->items; it; it = it->next) {
      if (!it->id) continue; /* items of footnotes have no id, and get no eId */
      size_t n = strlen(owner_id);
      const char *suffix = (strncmp(it->id, owner_id, n) == 0 && it->id[n] == '-' && it->id[n + 1])
                               ? it->id + n + 1 : it->id;
      char *eid = arena_printf(a, "%s__point_%s", owner_eid, suffix);
      for (char *p = eid; *p; p++)
        if (isspace((unsigned char)*p)) *p = '-';
      put(m, it->id, eid, it->pos, dl);
      items(m, a, it->blocks, it->id, eid, dl);
    }
  }
}

akn_ids *akn_ids_build(arena *a, const cc_document *d, diag_list *dl) {
  akn_ids *m = xcalloc(1, sizeof *m);
  m->eid_of = strmap_new();
  m->id_of = strmap_new();
  for (size_t i = 0; i < d->nsections; i++) {
    const cc_section *s = d->sections[i];
    if (s->id) put(m, s->id, local_eid(a, "sec", "sec-", s->id), s->pos, dl);
  }
  for (size_t i = 0; i < d->nclauses; i++) {
    const cc_clause *cl = d->clauses[i];
    if (!cl->id) continue;
    char *eid = local_eid(a, "para", "para-", cl->id);
    put(m, cl->id, eid, cl->pos, dl);
    items(m, a, cl->blocks, cl->id, eid, dl);
  }
  for (size_t i = 0; i < d->nprose; i++) {
    const cc_prose *p = d->prose[i];
    if (!p->id) continue;
    char *eid = local_eid(a, "prose", "prose-", p->id);
    put(m, p->id, eid, p->pos, dl);
    items(m, a, p->blocks, p->id, eid, dl);
  }
  for (size_t i = 0; i < d->nfootnotes; i++) {
    const cc_footnote *f = d->footnotes[i];
    if (f->id) put(m, f->id, local_eid(a, "authorialNote", "fn-", f->id), f->pos, dl);
  }
  if (m->clash) {
    akn_ids_free(m);
    return NULL;
  }
  return m;
}

void akn_ids_free(akn_ids *m) {
  if (!m) return;
  strmap_free(m->eid_of);
  strmap_free(m->id_of);
  free(m);
}

const char *akn_ids_eid(const akn_ids *m, const char *id) {
  return id ? strmap_get(m->eid_of, id) : NULL;
}

/* ---- dates and URIs ------------------------------------------------------ */

/* Only YYYY-MM-DD may become an xsd:date or a URI component. */
static bool iso_date(const char *s) {
  if (!s || strlen(s) != 10) return false;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return false;
    } else if (!isdigit((unsigned char)s[i])) {
      return false;
    }
  }
  return true;
}

const char *akn_work_date(const cc_document *d, const char **name) {
  if (iso_date(d->adopted)) {
    if (name) *name = "adopted";
    return d->adopted;
  }
  const char *best = NULL;
  for (size_t i = 0; i < d->nhistory; i++)
    if (iso_date(d->history[i].date) && (!best || strcmp(d->history[i].date, best) < 0))
      best = d->history[i].date;
  if (name) *name = best ? "earliest-recorded" : NULL;
  return best;
}

const char *akn_expr_date(const cc_document *d, const char **name) {
  const char *best = iso_date(d->adopted) ? d->adopted : NULL;
  const char *nm = best ? "adopted" : NULL;
  for (size_t i = 0; i < d->nhistory; i++)
    if (iso_date(d->history[i].date) && (!best || strcmp(d->history[i].date, best) > 0)) {
      best = d->history[i].date;
      nm = "amended";
    }
  if (name) *name = nm;
  return best;
}

char *akn_work_uri(arena *a, const cc_document *d) {
  const char *date = akn_work_date(d, NULL);
  return arena_printf(a, "/akn/gb/doc/protocol/%s/%s", date ? date : "undated", d->slug);
}

const char *akn_language(const cc_document *d) {
  const char *l = d->language && *d->language ? d->language : "en";
  if ((l[0] == 'e' || l[0] == 'E') && (l[1] == 'n' || l[1] == 'N') && (!l[2] || l[2] == '-' || l[2] == '_'))
    return "eng";
  return l;
}

char *akn_expr_uri(arena *a, const cc_document *d) {
  const char *date = akn_expr_date(d, NULL);
  return arena_printf(a, "%s/%s@%s", akn_work_uri(a, d), akn_language(d), date ? date : "");
}
