/* draft_report.c - missing provisions and departing wording (see
 * draft_report.h). */
#include "author/draft_report.h"
#include "base/arena.h"
#include "author/draft_variant.h"

#include <stdlib.h>
#include <string.h>

typedef struct row {
  const cc_topic *t;
  const cc_clause *mine, *common;
  double sim_common, best;
  const cc_clause *bestcl;
  size_t others;
} row;

static int by_sim(const void *pa, const void *pb) {
  const row *a = pa, *b = pb;
  if (a->sim_common != b->sim_common) return a->sim_common < b->sim_common ? -1 : 1;
  return a->t->index < b->t->index ? -1 : a->t->index > b->t->index;
}

/* Councils other than DOC (among PEERS, when not NULL) that have topic T. */
static size_t councils_with(const cc_corpus *c, const cc_topic *t, const cc_document *doc,
                            const bool *peers, bool *seen) {
  memset(seen, 0, (c->ndocs + 1) * sizeof *seen);
  size_t n = 0;
  for (size_t i = 0; i < t->nclauses; i++) {
    const cc_document *o = t->clauses[i]->doc;
    if (o == doc || seen[o->index] || (peers && !peers[o->index])) continue;
    seen[o->index] = true;
    n++;
  }
  return n;
}

void draft_report(buf *out, const cc_corpus *c, const cc_document *doc, const sim_index *s) {
  size_t others = c->ndocs ? c->ndocs - 1 : 0;
  bool *seen = xcalloc(c->ndocs + 1, sizeof *seen);
  /* comparable councils: the same class as DOC, when the corpus has any */
  bool local = dv_kind_is_local(doc->kind);
  bool *peers = xcalloc(c->ndocs + 1, sizeof *peers);
  size_t npeers = 0;
  for (size_t i = 0; i < c->ndocs; i++)
    if (c->docs[i] != doc && c->docs[i]->kind && dv_kind_is_local(c->docs[i]->kind) == local) {
      peers[c->docs[i]->index] = true;
      npeers++;
    }
  bool by_class = npeers > 0 && doc->kind;
  buf_printf(out, "Report on %s (%s), against %zu other council%s; similarity: %s\n\n",
             doc->council ? doc->council : doc->path, doc->path, others, others == 1 ? "" : "s",
             sim_method(s));
  if (by_class)
    buf_printf(out, "Compared for missing provisions with the %zu %s in the corpus\n\n", npeers,
               local ? (npeers == 1 ? "parish, town or community council"
                                    : "parish, town or community councils")
                     : (npeers == 1 ? "other principal council" : "other principal councils"));
  size_t base = by_class ? npeers : others;
  /* 1. provisions most councils make that this one lacks */
  size_t nmissing = 0;
  buf miss = BUF_INIT;
  for (size_t ti = 0; ti < c->ntopics; ti++) {
    const cc_topic *t = c->topics[ti];
    bool mine = false;
    for (size_t i = 0; i < t->nclauses; i++) mine |= t->clauses[i]->doc == doc;
    if (mine) continue;
    size_t n = councils_with(c, t, doc, by_class ? peers : NULL, seen);
    if (base == 0 || n * 2 <= base) continue;
    nmissing++;
    buf_printf(&miss, "  %-45s %zu of %zu:", t->key, n, base);
    for (size_t i = 0, shown = 0; i < t->nclauses && shown < 4; i++) {
      if (t->clauses[i]->doc == doc) continue;
      if (by_class && !peers[t->clauses[i]->doc->index]) continue;
      buf_printf(&miss, "%s %s", shown++ ? "," : "", model_clause_citation(c->arena, t->clauses[i]));
    }
    buf_printf(&miss, "\n      %s\n", t->label);
  }
  buf_printf(out, "Provisions most %s make that this source lacks: %zu\n",
             by_class ? "comparable councils" : "other councils", nmissing);
  buf_puts(out, buf_cstr(&miss));
  buf_free(&miss);
  /* 2. wording, topic by topic */
  row *rows = xcalloc(c->ntopics + 1, sizeof *rows);
  size_t nrows = 0;
  for (size_t ti = 0; ti < c->ntopics; ti++) {
    const cc_topic *t = c->topics[ti];
    const cc_clause *mine = NULL;
    for (size_t i = 0; i < t->nclauses && !mine; i++)
      if (t->clauses[i]->doc == doc) mine = t->clauses[i];
    if (!mine) continue;
    size_t n = councils_with(c, t, doc, NULL, seen);
    if (n == 0) continue;
    /* the most common wording: the other councils' clause most like the
       rest of the others' clauses on the topic */
    const cc_clause *common = NULL;
    double bestmean = -1;
    for (size_t i = 0; i < t->nclauses; i++) {
      const cc_clause *a = t->clauses[i];
      if (a->doc == doc) continue;
      double sum = 0;
      size_t m = 0;
      for (size_t j = 0; j < t->nclauses; j++) {
        const cc_clause *b = t->clauses[j];
        if (b->doc == doc || b->doc == a->doc) continue;
        sum += sim_score(s, a, b);
        m++;
      }
      double mean = m ? sum / (double)m : 0;
      if (mean > bestmean + 1e-12) { bestmean = mean; common = a; }
    }
    row *r = &rows[nrows++];
    r->t = t;
    r->mine = mine;
    r->common = common;
    r->others = n;
    /* this source's closest clause on the topic, against the common one */
    r->sim_common = -1;
    for (size_t i = 0; i < t->nclauses; i++) {
      const cc_clause *x = t->clauses[i];
      if (x->doc != doc) continue;
      double sc = sim_score(s, x, common);
      if (sc > r->sim_common) { r->sim_common = sc; r->mine = x; }
      for (size_t j = 0; j < t->nclauses; j++) {
        const cc_clause *y = t->clauses[j];
        if (y->doc == doc) continue;
        double b = sim_score(s, x, y);
        if (b > r->best) { r->best = b; r->bestcl = y; }
      }
    }
  }
  qsort(rows, nrows, sizeof *rows, by_sim);
  size_t ndep = 0, ncopies = 0;
  for (size_t i = 0; i < nrows; i++) {
    bool copy = rows[i].best >= DRAFT_REPORT_COPY;
    ncopies += copy;
    ndep += rows[i].sim_common < DRAFT_REPORT_DEPARTS && !copy;
  }
  buf_printf(out, "\nWording against the most common wording, per topic (%zu topics shared; "
             "%zu depart: similarity below %.2f; %zu another council's own wording, marked =)\n",
             nrows, ndep, DRAFT_REPORT_DEPARTS, ncopies);
  buf_puts(out, "  similarity  closest  topic / this source / most common wording\n");
  for (size_t i = 0; i < nrows; i++) {
    const row *r = &rows[i];
    bool copy = r->best >= DRAFT_REPORT_COPY;
    buf_printf(out, "  %s %.2f      %.2f     %s: %s vs %s (closest: %s)\n",
               copy ? "=" : r->sim_common < DRAFT_REPORT_DEPARTS ? "*" : " ", r->sim_common, r->best,
               r->t->key, model_clause_citation(c->arena, r->mine),
               model_clause_citation(c->arena, r->common),
               r->bestcl ? model_clause_citation(c->arena, r->bestcl) : "-");
  }
  free(rows);
  free(peers);
  free(seen);
}
