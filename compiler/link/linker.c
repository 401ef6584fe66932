/* linker.c - topic resolution and equivalents (see linker.h). */
#define _POSIX_C_SOURCE 200809L
#include "link/linker.h"
#include "base/buf.h"
#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Every sub-item of CL, nested lists and quotes included, in document
 * order (arena array). */
static void collect_items(arena *a, const cc_block *b, cc_item ***out, size_t *n, size_t *cap) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_QUOTE) collect_items(a, b->children, out, n, cap);
    if (b->kind != CC_BLK_LIST) continue;
    for (cc_item *it = b->items; it; it = it->next) {
      model_push(a, (void ***)out, n, cap, it);
      collect_items(a, it->blocks, out, n, cap);
    }
  }
}

static cc_item **clause_items(arena *a, const cc_clause *cl, size_t *n) {
  cc_item **items = NULL;
  size_t cap = 0;
  *n = 0;
  collect_items(a, cl->blocks, &items, n, &cap);
  return items;
}

/* Resolves KEYS against the taxonomy into *OUT (arena); unknown keys are
 * errors, repeats warnings. Returns the count. */
static size_t resolve(cc_corpus *c, const cc_keys *keys, cc_topic ***out, const char *what,
                      int *failed, diag_list *d) {
  *out = arena_alloc(c->arena, (keys->n + 1) * sizeof(cc_topic *));
  size_t n = 0;
  for (size_t k = 0; k < keys->n; k++) {
    cc_topic *t = model_corpus_find_topic(c, keys->keys[k]);
    cc_pos p = keys->pos[k];
    if (!t) {
      if (c->taxonomy_path) {
        diag_error(d, p.file, p.line, p.col, "unknown topic '%s': use a key from %s, or add the topic there",
                   keys->keys[k], c->taxonomy_path);
        *failed = 1;
      }
      continue;
    }
    int dup = 0;
    for (size_t m = 0; m < n; m++) dup |= (*out)[m] == t;
    if (dup) {
      diag_warning(d, p.file, p.line, p.col, "topic '%s' is given twice for this %s", t->key, what);
      continue;
    }
    (*out)[n++] = t;
  }
  return n;
}

/* Counts suggestions; an unknown key in one is a warning (it will be
 * reviewed, and may be picked again). */
static void count_suggestions(cc_corpus *c, const cc_keys *k, size_t *count, cc_pos *first,
                              diag_list *d) {
  for (size_t i = 0; i < k->n; i++) {
    if (!*count) *first = k->pos[i];
    (*count)++;
    if (c->taxonomy_path && !model_corpus_find_topic(c, k->keys[i]))
      diag_warning(d, k->pos[i].file, k->pos[i].line, k->pos[i].col,
                   "suggested topic '%s' is not in %s: reject it, or pick a topic from there",
                   k->keys[i], c->taxonomy_path);
  }
}

static void add_once(cc_clause *cl, cc_topic *t) {
  for (size_t m = 0; m < cl->ntopics; m++)
    if (cl->topics[m] == t) return;
  cl->topics[cl->ntopics++] = t;
}

/* Are A and B one file (the same path, or two names of one file)? */
static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (strcmp(a, b) == 0) return 1;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Resolves DOC's topics (its clauses' and items'); sets *FAILED on an
 * unknown topic. */
static void resolve_document(cc_corpus *c, cc_document *doc, int require_topics, int *failed,
                             diag_list *d) {
  size_t suggestions = 0;
  cc_pos first_suggestion = {NULL, 0, 0};
  for (size_t j = 0; j < doc->nclauses; j++) {
    cc_clause *cl = doc->clauses[j];
    cc_keys own = {cl->topic_keys, cl->topic_pos, cl->ntopic_keys};
    cl->nown_topics = resolve(c, &own, &cl->own_topics, "clause", failed, d);
    /* the clause's topics: its own, then its items', each once */
    size_t nitems = 0;
    cc_item **items = clause_items(c->arena, cl, &nitems);
    size_t cap = cl->nown_topics + 1;
    for (size_t k = 0; k < nitems; k++) {
      cc_item *it = items[k];
      it->ntopics = resolve(c, &it->topic_keys, &it->topics, "item", failed, d);
      cap += it->ntopics;
      count_suggestions(c, &it->suggested, &suggestions, &first_suggestion, d);
    }
    count_suggestions(c, &cl->suggested, &suggestions, &first_suggestion, d);
    cl->topics = arena_alloc(c->arena, cap * sizeof(cc_topic *));
    cl->ntopics = 0;
    for (size_t k = 0; k < cl->nown_topics; k++) add_once(cl, cl->own_topics[k]);
    for (size_t k = 0; k < nitems; k++)
      for (size_t m = 0; m < items[k]->ntopics; m++) add_once(cl, items[k]->topics[m]);
    if (require_topics && c->taxonomy_path && cl->ntopics == 0 && !cl->suggested.n)
      diag_warning(d, cl->pos.file, cl->pos.line, cl->pos.col,
                   "clause %s has no topic: add {topic=...} (keys in %s) so it can be compared",
                   cl->number ? cl->number : cl->id, c->taxonomy_path);
  }
  if (suggestions)
    diag_warning(d, first_suggestion.file, first_suggestion.line, first_suggestion.col,
                 "%zu topic suggestion%s ({topic?=...}) not reviewed yet: suggestions are "
                 "never linked or published; accept or reject them with 'concord review %s'",
                 suggestions, suggestions == 1 ? "" : "s",
                 doc->path ? doc->path : "SOURCE.md");
}

int linker_resolve_topics(cc_corpus *c, int require_topics, diag_list *d) {
  int failed = 0;
  strmap *slugs = strmap_new();
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    if (!doc->slug) continue;
    cc_document *first = strmap_get(slugs, doc->slug);
    if (first && same_file(first->path, doc->path)) {
      diag_error(d, doc->path, 1, 1, "this source is given twice (also as %s); give each source once",
                 first->path);
      failed = 1;
    } else if (first) {
      const cc_pos *p = &doc->slug_pos;
      diag_error(d, p->file ? p->file : doc->path, p->file ? p->line : 1, p->file ? p->col : 1,
                 "slug '%s' is already used by %s; each council needs its own slug",
                 doc->slug, first->path);
      failed = 1;
    } else {
      strmap_put(slugs, doc->slug, doc);
    }
  }
  strmap_free(slugs);
  for (size_t i = 0; i < c->ndocs; i++) resolve_document(c, c->docs[i], require_topics, &failed, d);
  return failed ? -1 : 0;
}

int linker_resolve_document(cc_corpus *c, cc_document *doc, size_t index, int require_topics,
                            diag_list *d) {
  int failed = 0;
  for (size_t i = 0; doc->slug && i < c->ndocs; i++) {
    const cc_document *other = c->docs[i];
    if (i == index || !other->slug || strcmp(other->slug, doc->slug) != 0) continue;
    if (same_file(other->path, doc->path)) {
      diag_error(d, doc->path, 1, 1, "this source is given twice (also as %s); give each source once",
                 other->path);
    } else {
      const cc_pos *p = &doc->slug_pos;
      diag_error(d, p->file ? p->file : doc->path, p->file ? p->line : 1, p->file ? p->col : 1,
                 "slug '%s' is already used by %s; each council needs its own slug",
                 doc->slug, other->path);
    }
    failed = 1;
    break;
  }
  resolve_document(c, doc, require_topics, &failed, d);
  return failed ? -1 : 0;
}

/* Whether clause a comes before clause b in corpus order (document, then
 * clause). */
static int clause_before(const cc_clause *a, const cc_clause *b) {
  if (a->doc->index != b->doc->index) return a->doc->index < b->doc->index;
  return a->index < b->index;
}

static int has_topic(const cc_clause *x, const cc_topic *t) {
  for (size_t i = 0; i < x->ntopics; i++)
    if (x->topics[i] == t) return 1;
  return 0;
}

/* [*lo, *hi): the run of DOC's clauses in T's ordered list. */
static void doc_run(const cc_topic *t, const cc_document *doc, size_t *lo, size_t *hi) {
  size_t a = 0, b = t->nclauses;
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (t->clauses[mid]->doc->index < doc->index) a = mid + 1;
    else b = mid;
  }
  *lo = a;
  while (a < t->nclauses && t->clauses[a]->doc == doc) a++;
  *hi = a;
}

/* Clauses of CL's topics in [from, to) of each list that are counted
 * once: under the first of CL's topics they share. ONLY: restrict each list
 * to that document's run. */
static size_t union_count(const cc_clause *cl, const cc_document *only) {
  size_t n = 0;
  for (size_t k = 0; k < cl->ntopics; k++) {
    const cc_topic *t = cl->topics[k];
    size_t lo = 0, hi = t->nclauses;
    if (only) doc_run(t, only, &lo, &hi);
    for (size_t m = lo; m < hi; m++) {
      const cc_clause *x = t->clauses[m];
      int earlier = 0;
      for (size_t e = 0; e < k && !earlier; e++) earlier = has_topic(x, cl->topics[e]);
      n += !earlier;
    }
  }
  return n;
}

/* cl->equivalents_total = how many equivalents (the list itself is derived on
 * demand): the union of its topics' lists, once per distinct set of
 * topics, less its own council's run, so the counts cost
 * O(clauses x topics x log) plus one union per topic set, not O(N^2). */
/* Whether CL carries a topic marked in ONLY (by topic index; NULL: all),
 * or is in ALSO's document. */
static int touches(const cc_clause *cl, const unsigned char *only, const cc_document *also) {
  if (!only || cl->doc == also) return 1;
  for (size_t k = 0; k < cl->ntopics; k++)
    if (only[cl->topics[k]->index]) return 1;
  return 0;
}

static void count_equivalents(cc_corpus *c, const unsigned char *only, const cc_document *also) {
  strmap *sets = strmap_new();
  buf key = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    for (size_t j = 0; j < doc->nclauses; j++) {
      cc_clause *cl = doc->clauses[j];
      if (!cl->ntopics || !touches(cl, only, also)) continue;
      buf_clear(&key);
      for (size_t k = 0; k < cl->ntopics; k++) buf_printf(&key, "%zu,", cl->topics[k]->index);
      size_t *all = strmap_get(sets, buf_cstr(&key));
      if (!all) {
        all = arena_alloc(c->arena, sizeof *all);
        *all = union_count(cl, NULL);
        strmap_put(sets, buf_cstr(&key), all);
      }
      cl->equivalents_total = *all - union_count(cl, doc);
    }
  }
  buf_free(&key);
  strmap_free(sets);
}

static void push_provision(cc_corpus *c, cc_topic *t, cc_clause *cl, cc_item *it) {
  if (t->nprovisions == t->capprovisions) {
    size_t cap = t->capprovisions ? t->capprovisions * 2 : 4;
    cc_provision *np = arena_alloc(c->arena, cap * sizeof *np);
    if (t->nprovisions) memcpy(np, t->provisions, t->nprovisions * sizeof *np);
    t->provisions = np;
    t->capprovisions = cap;
  }
  t->provisions[t->nprovisions++] = (cc_provision){cl, it};
}

/* Provisions of the topic set TS (N topics) counted once: under the first
 * of the set each carries. ONLY: restrict each list to that document's run
 * (a binary search: the lists are in corpus order). */
static int provision_has_topic(const cc_provision *x, const cc_topic *t) {
  cc_topic *const *ts;
  size_t n = model_provision_topics(x, &ts);
  for (size_t i = 0; i < n; i++)
    if (ts[i] == t) return 1;
  return 0;
}

static size_t provision_union_count(cc_topic *const *ts, size_t n, const cc_document *only) {
  size_t count = 0;
  for (size_t k = 0; k < n; k++) {
    const cc_topic *t = ts[k];
    size_t lo = 0, hi = t->nprovisions;
    if (only) {
      size_t a = 0, b = t->nprovisions;
      while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (t->provisions[mid].clause->doc->index < only->index) a = mid + 1;
        else b = mid;
      }
      lo = a;
      while (a < t->nprovisions && t->provisions[a].clause->doc == only) a++;
      hi = a;
    }
    for (size_t m = lo; m < hi; m++) {
      int earlier = 0;
      for (size_t e = 0; e < k && !earlier; e++) earlier = provision_has_topic(&t->provisions[m], ts[e]);
      count += !earlier;
    }
  }
  return count;
}

/* The total of one provision (topics TS): the union of its topics' lists,
 * computed once per distinct topic set, less its own council's run. The
 * HTML and JSON writers show the first few equivalents of every provision
 * and this count: walking and sorting every topic's whole list for each
 * one made a 10,000-council build quadratic. */
static size_t provision_total(cc_corpus *c, strmap *sets, buf *key, cc_topic *const *ts,
                              size_t n, const cc_document *doc) {
  if (!n) return 0;
  buf_clear(key);
  for (size_t k = 0; k < n; k++) buf_printf(key, "%zu,", ts[k]->index);
  size_t *all = strmap_get(sets, buf_cstr(key));
  if (!all) {
    all = arena_alloc(c->arena, sizeof *all);
    *all = provision_union_count(ts, n, NULL);
    strmap_put(sets, buf_cstr(key), all);
  }
  return *all - provision_union_count(ts, n, doc);
}

static void count_provision_equivalents(cc_corpus *c, const unsigned char *only,
                                        const cc_document *also) {
  strmap *sets = strmap_new();
  buf key = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    for (size_t j = 0; j < doc->nclauses; j++) {
      cc_clause *cl = doc->clauses[j];
      /* a provision's topics are among its clause's (cl->topics: the
       * union of its own and its items') */
      if (!touches(cl, only, also)) continue;
      cl->provision_equivalents_total =
          provision_total(c, sets, &key, cl->own_topics, cl->nown_topics, doc);
      size_t nitems = 0;
      cc_item **items = clause_items(c->arena, cl, &nitems);
      for (size_t m = 0; m < nitems; m++)
        items[m]->equivalents_total =
            provision_total(c, sets, &key, items[m]->topics, items[m]->ntopics, doc);
    }
  }
  buf_free(&key);
  strmap_free(sets);
}

void linker_link(cc_corpus *c) {
  for (size_t t = 0; t < c->ntopics; t++) {
    c->topics[t]->nclauses = 0;
    c->topics[t]->nprovisions = 0;
  }
  /* topic->clauses in corpus order (document, then clause): the
     equivalence classes. Per-clause lists of equivalents are not stored
     (N councils give each clause ~N of them: quadratic in time, memory
     and output); linker_equivalents derives them from these lists. */
  for (size_t i = 0; i < c->ndocs; i++) {
    cc_document *doc = c->docs[i];
    for (size_t j = 0; j < doc->nclauses; j++) {
      cc_clause *cl = doc->clauses[j];
      cl->equivalents = NULL;
      cl->nequivalents = 0;
      cl->equivalents_total = 0;
      for (size_t k = 0; k < cl->ntopics; k++) {
        cc_topic *t = cl->topics[k];
        model_push(c->arena, (void ***)&t->clauses, &t->nclauses, &t->capclauses, cl);
      }
      /* the provisions: the clause as a whole, then its items, in order */
      for (size_t k = 0; k < cl->nown_topics; k++)
        push_provision(c, cl->own_topics[k], cl, NULL);
      size_t nitems = 0;
      cc_item **items = clause_items(c->arena, cl, &nitems);
      for (size_t m = 0; m < nitems; m++)
        for (size_t k = 0; k < items[m]->ntopics; k++)
          push_provision(c, items[m]->topics[k], cl, items[m]);
    }
  }
  count_equivalents(c, NULL, NULL);
  count_provision_equivalents(c, NULL, NULL);
}

/* ---- replacing one document (concord watch) ------------------------------- */

/* What DOC brings to topic T's lists, as text: each clause carrying T (its
 * index and topics) and each provision making T (clause index, item
 * ordinal, the provision's topics). Two documents with the same
 * signature for T give every other clause the same counts. */
static void topic_signature(arena *a, const cc_document *doc, const cc_topic *t, buf *b) {
  buf_clear(b);
  for (size_t j = 0; j < doc->nclauses; j++) {
    const cc_clause *cl = doc->clauses[j];
    if (!has_topic(cl, t)) continue;
    buf_printf(b, "c%zu:", j);
    for (size_t k = 0; k < cl->ntopics; k++) buf_printf(b, "%zu,", cl->topics[k]->index);
    for (size_t k = 0; k < cl->nown_topics; k++) buf_printf(b, "o%zu,", cl->own_topics[k]->index);
    size_t nitems = 0;
    cc_item **items = clause_items(a, cl, &nitems);
    for (size_t m = 0; m < nitems; m++) {
      int makes = 0;
      for (size_t k = 0; k < items[m]->ntopics; k++) makes |= items[m]->topics[k] == t;
      if (!makes) continue;
      buf_printf(b, "i%zu:", m);
      for (size_t k = 0; k < items[m]->ntopics; k++) buf_printf(b, "%zu,", items[m]->topics[k]->index);
    }
    buf_putc(b, ';');
  }
}

/* T's lists with DOC's run (found by document index) replaced by what
 * NEW brings, in the order linker_link pushes. */
static void replace_run(cc_corpus *c, arena *scratch, cc_topic *t, const cc_document *old,
                        cc_document *nw) {
  size_t lo, hi;
  doc_run(t, old, &lo, &hi);
  size_t add = 0;
  for (size_t j = 0; j < nw->nclauses; j++) add += has_topic(nw->clauses[j], t);
  size_t n = t->nclauses - (hi - lo) + add;
  /* the usual edit keeps the run's length: overwrite it in place (the
   * arena is not freed piecemeal, so a new list per save would grow it) */
  cc_clause **cls = add == hi - lo ? t->clauses : arena_alloc(c->arena, (n + 1) * sizeof *cls);
  if (cls != t->clauses) memcpy(cls, t->clauses, lo * sizeof *cls);
  size_t at = lo;
  for (size_t j = 0; j < nw->nclauses; j++)
    if (has_topic(nw->clauses[j], t)) cls[at++] = nw->clauses[j];
  if (cls != t->clauses) {
    memcpy(cls + at, t->clauses + hi, (t->nclauses - hi) * sizeof *cls);
    t->clauses = cls;
    t->nclauses = t->capclauses = n;
  }

  /* the provisions: the same, by binary search on their clauses' documents */
  size_t a = 0, b = t->nprovisions;
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (t->provisions[mid].clause->doc->index < old->index) a = mid + 1;
    else b = mid;
  }
  size_t plo = a;
  while (a < t->nprovisions && t->provisions[a].clause->doc == old) a++;
  size_t phi = a;
  cc_provision *mine = NULL;
  size_t nmine = 0, capmine = 0;
  for (size_t j = 0; j < nw->nclauses; j++) {
    cc_clause *cl = nw->clauses[j];
    if (!has_topic(cl, t)) continue;
    for (size_t k = 0; k < cl->nown_topics; k++)
      if (cl->own_topics[k] == t) {
        XGROW(mine, nmine, capmine);
        mine[nmine++] = (cc_provision){cl, NULL};
      }
    size_t nitems = 0;
    cc_item **items = clause_items(scratch, cl, &nitems);
    for (size_t m = 0; m < nitems; m++)
      for (size_t k = 0; k < items[m]->ntopics; k++)
        if (items[m]->topics[k] == t) {
          XGROW(mine, nmine, capmine);
          mine[nmine++] = (cc_provision){cl, items[m]};
        }
  }
  if (nmine == phi - plo) {
    if (nmine) memcpy(t->provisions + plo, mine, nmine * sizeof *mine);
  } else {
    size_t np = t->nprovisions - (phi - plo) + nmine;
    cc_provision *ps = arena_alloc(c->arena, (np + 1) * sizeof *ps);
    memcpy(ps, t->provisions, plo * sizeof *ps);
    if (nmine) memcpy(ps + plo, mine, nmine * sizeof *ps);
    memcpy(ps + plo + nmine, t->provisions + phi, (t->nprovisions - phi) * sizeof *ps);
    t->provisions = ps;
    t->nprovisions = t->capprovisions = np;
  }
  free(mine);
}

int linker_replace_document(cc_corpus *c, size_t index, cc_document *nw) {
  cc_document *old = c->docs[index];
  nw->index = index;
  unsigned char *touched = xcalloc(c->ntopics + 1, 1), *changed = xcalloc(c->ntopics + 1, 1);
  for (size_t j = 0; j < old->nclauses; j++)
    for (size_t k = 0; k < old->clauses[j]->ntopics; k++) touched[old->clauses[j]->topics[k]->index] = 1;
  for (size_t j = 0; j < nw->nclauses; j++) {
    cc_clause *cl = nw->clauses[j];
    cl->equivalents = NULL;
    cl->nequivalents = 0;
    cl->equivalents_total = 0;
    for (size_t k = 0; k < cl->ntopics; k++) touched[cl->topics[k]->index] = 1;
  }
  buf sa = BUF_INIT, sb = BUF_INIT;
  arena *scratch = arena_new();
  int nchanged = 0;
  for (size_t t = 0; t < c->ntopics; t++) {
    if (!touched[t]) continue;
    topic_signature(scratch, old, c->topics[t], &sa);
    topic_signature(scratch, nw, c->topics[t], &sb);
    if (sa.len != sb.len || memcmp(sa.data, sb.data, sa.len) != 0) {
      changed[t] = 1;
      nchanged++;
    }
    replace_run(c, scratch, c->topics[t], old, nw);
  }
  buf_free(&sa);
  buf_free(&sb);
  c->docs[index] = nw;
  if (nchanged) {
    /* every clause sharing a changed topic may count another total */
    count_equivalents(c, changed, nw);
    count_provision_equivalents(c, changed, nw);
  } else {
    /* the same shape: the totals are the old document's, clause by clause
     * and item by item (topic_signature compared them) */
    for (size_t j = 0; j < nw->nclauses && j < old->nclauses; j++) {
      cc_clause *cl = nw->clauses[j], *was = old->clauses[j];
      cl->equivalents_total = was->equivalents_total;
      cl->provision_equivalents_total = was->provision_equivalents_total;
      size_t ni = 0, no = 0;
      cc_item **items = clause_items(scratch, cl, &ni), **olds = clause_items(scratch, was, &no);
      for (size_t m = 0; m < ni && m < no; m++) items[m]->equivalents_total = olds[m]->equivalents_total;
    }
  }
  arena_free(scratch);
  free(touched);
  free(changed);
  return nchanged;
}

/* Merges the clause's topics' ordered clause lists into FOUND (room for
 * MAX), skipping the clause's own council and repeats: corpus order, each
 * clause once. Returns how many were written. */
static size_t merge_topics(const cc_clause *cl, size_t max, const cc_clause **found) {
  size_t nt = cl->ntopics, n = 0;
  if (nt == 1) { /* the usual case: one list, already in order */
    const cc_topic *t = cl->topics[0];
    for (size_t m = 0; m < t->nclauses && n < max; m++)
      if (t->clauses[m]->doc != cl->doc) found[n++] = t->clauses[m];
    return n;
  }
  size_t *at = xcalloc(nt ? nt : 1, sizeof *at);
  while (n < max) {
    const cc_clause *min = NULL;
    for (size_t k = 0; k < nt; k++) {
      const cc_topic *t = cl->topics[k];
      while (at[k] < t->nclauses && t->clauses[at[k]]->doc == cl->doc) at[k]++;
      if (at[k] < t->nclauses && (!min || clause_before(t->clauses[at[k]], min)))
        min = t->clauses[at[k]];
    }
    if (!min) break;
    found[n++] = min;
    for (size_t k = 0; k < nt; k++)
      if (at[k] < cl->topics[k]->nclauses && cl->topics[k]->clauses[at[k]] == min) at[k]++;
  }
  free(at);
  return n;
}

size_t linker_equivalents(const cc_clause *cl, const cc_clause ***out) {
  *out = NULL;
  size_t total = 0;
  for (size_t k = 0; k < cl->ntopics; k++) total += cl->topics[k]->nclauses;
  if (!total) return 0;
  const cc_clause **found = xmalloc(total * sizeof *found);
  size_t n = merge_topics(cl, total, found);
  if (!n) {
    free(found);
    return 0;
  }
  *out = found;
  return n;
}

/* The first MAX equivalents (the merge stops there); the total was counted
 * by the linker. */
static size_t head_of_merge(const cc_clause *cl, size_t max, const cc_clause ***out,
                            size_t *total) {
  *total = cl->equivalents_total;
  *out = NULL;
  if (!*total || !max) return 0;
  const cc_clause **found = xmalloc(max * sizeof *found);
  size_t n = merge_topics(cl, max, found);
  *out = found;
  return n;
}

size_t linker_equivalents_head(const cc_clause *cl, size_t max, const cc_clause ***out,
                               size_t *total) {
  return head_of_merge(cl, max, out, total);
}

/* ---- provisions ---------------------------------------------------------- */

static void collect_provisions(const cc_block *b, const cc_clause *cl, cc_provision **out, size_t *n,
                               size_t *cap) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_QUOTE) collect_provisions(b->children, cl, out, n, cap);
    if (b->kind != CC_BLK_LIST) continue;
    for (cc_item *it = b->items; it; it = it->next) {
      if (it->ntopics) {
        if (*n == *cap) {
          *cap = *cap ? *cap * 2 : 8;
          *out = xrealloc(*out, *cap * sizeof **out);
        }
        (*out)[(*n)++] = (cc_provision){(cc_clause *)cl, it};
      }
      collect_provisions(it->blocks, cl, out, n, cap);
    }
  }
}

size_t linker_clause_provisions(const cc_clause *cl, cc_provision **out) {
  size_t n = 0, cap = 8;
  *out = xmalloc(cap * sizeof **out);
  if (cl->nown_topics) (*out)[n++] = (cc_provision){(cc_clause *)cl, NULL};
  collect_provisions(cl->blocks, cl, out, &n, &cap);
  return n;
}

/* Corpus order: document, clause, then the clause as a whole before its
 * items, items in the order they are written. */
static int provision_cmp(const void *pa, const void *pb) {
  const cc_provision *a = pa, *b = pb;
  if (a->clause->doc->index != b->clause->doc->index)
    return a->clause->doc->index < b->clause->doc->index ? -1 : 1;
  if (a->clause->index != b->clause->index) return a->clause->index < b->clause->index ? -1 : 1;
  if (!a->item || !b->item) return (a->item != NULL) - (b->item != NULL);
  if (a->item->pos.line != b->item->pos.line) return a->item->pos.line < b->item->pos.line ? -1 : 1;
  if (a->item->pos.col != b->item->pos.col) return a->item->pos.col < b->item->pos.col ? -1 : 1;
  return 0;
}

size_t linker_provision_equivalents(const cc_provision *p, cc_provision **out) {
  cc_topic *const *topics;
  size_t nt = model_provision_topics(p, &topics);
  size_t n = 0;
  for (size_t k = 0; k < nt; k++) n += topics[k]->nprovisions;
  *out = NULL;
  if (!n) return 0;
  cc_provision *all = xmalloc(n * sizeof *all);
  size_t m = 0;
  for (size_t k = 0; k < nt; k++)
    for (size_t i = 0; i < topics[k]->nprovisions; i++) {
      const cc_provision *q = &topics[k]->provisions[i];
      if (q->clause->doc != p->clause->doc) all[m++] = *q;
    }
  if (m > 1) qsort(all, m, sizeof *all, provision_cmp);
  size_t u = 0;
  for (size_t i = 0; i < m; i++)
    if (!u || all[u - 1].clause != all[i].clause || all[u - 1].item != all[i].item) all[u++] = all[i];
  if (!u) {
    free(all);
    return 0;
  }
  *out = all;
  return u;
}

size_t linker_provision_equivalents_head(const cc_provision *p, size_t max, cc_provision **out,
                                         size_t *total) {
  cc_topic *const *topics;
  size_t nt = model_provision_topics(p, &topics);
  *out = NULL;
  *total = p->item ? p->item->equivalents_total : p->clause->provision_equivalents_total;
  if (!nt || !*total || !max) return 0;
  /* the first MAX of the topics' lists merged in corpus order, skipping
   * the provision's own council and repeats: the merge stops there */
  const cc_document *own = p->clause->doc;
  size_t *at = xcalloc(nt, sizeof *at), n = 0;
  *out = xmalloc(max * sizeof **out);
  while (n < max) {
    const cc_provision *min = NULL;
    for (size_t k = 0; k < nt; k++) {
      const cc_topic *t = topics[k];
      while (at[k] < t->nprovisions && t->provisions[at[k]].clause->doc == own) at[k]++;
      if (at[k] < t->nprovisions && (!min || provision_cmp(&t->provisions[at[k]], min) < 0))
        min = &t->provisions[at[k]];
    }
    if (!min) break;
    cc_provision next = *min;
    (*out)[n++] = next;
    for (size_t k = 0; k < nt; k++) /* the same provision under its other topics */
      while (at[k] < topics[k]->nprovisions &&
             provision_cmp(&topics[k]->provisions[at[k]], &next) == 0)
        at[k]++;
  }
  free(at);
  if (!n) {
    free(*out);
    *out = NULL;
  }
  return n;
}
