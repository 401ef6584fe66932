/* import_topics.c - topic suggestions by similarity (see import_topics.h). */
#include "author/import_topics.h"
#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

typedef struct cand {
  const cc_topic *t;
  double score;
} cand;

static int by_score(const void *pa, const void *pb) {
  const cand *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return a->t->index < b->t->index ? -1 : a->t->index > b->t->index;
}

void import_topic_opts_default(import_topic_opts *o) {
  o->min_score = IMPORT_TOPIC_MIN;
  o->ratio = IMPORT_TOPIC_RATIO;
  o->max_topics = IMPORT_TOPIC_MAX;
}

char **import_topics_suggest(imp_doc *doc, const cc_document *md, const cc_corpus *c,
                             const sim_index *s, const import_topic_opts *o, const char *path,
                             diag_list *d) {
  char **attrs = xcalloc(doc->n + 1, sizeof *attrs);
  cand *cs = xcalloc(c->ntopics + 1, sizeof *cs);
  for (size_t q = 0; q < md->nclauses; q++) {
    const cc_clause *cl = md->clauses[q];
    /* the unit that starts on the clause's line */
    size_t ui = doc->n, lo = 0, hi = doc->n; /* out_line grows with i */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (doc->u[mid].out_line < cl->pos.line) lo = mid + 1;
      else hi = mid;
    }
    if (lo < doc->n && doc->u[lo].out_line == cl->pos.line) ui = lo;
    if (ui == doc->n) continue;
    /* a heading is never given topics: a clause printed as a heading gets
       its suggestions at the end of its first paragraph (section 5 of
       docs/annotated-markdown.md), and none when no paragraph follows */
    size_t at_unit = ui;
    if (doc->u[ui].kind == IMP_HEADING || doc->u[ui].kind == IMP_CLAUSE_HEADING)
      at_unit = ui + 1 < doc->n && doc->u[ui + 1].kind == IMP_PARA ? ui + 1 : doc->n;
    for (size_t t = 0; t < c->ntopics; t++) cs[t] = (cand){c->topics[t], 0};
    for (size_t t = 0; t < c->ntopics; t++) {
      const cc_topic *tp = c->topics[t];
      for (size_t k = 0; k < tp->nclauses; k++) {
        const cc_clause *oc = tp->clauses[k];
        if (oc->doc == md) continue;
        double sc = sim_score(s, cl, oc);
        if (sc > cs[t].score) cs[t].score = sc;
      }
    }
    qsort(cs, c->ntopics, sizeof *cs, by_score);
    if (!c->ntopics || cs[0].score < o->min_score) {
      diag_warning(d, path, doc->u[ui].line, 1, "no topic suggested for clause %s: no clause "
                   "of the corpus is close enough (best %.2f); tag it by hand",
                   cl->number ? cl->number : cl->id, c->ntopics ? cs[0].score : 0.0);
      continue;
    }
    if (at_unit == doc->n) {
      diag_warning(d, path, doc->u[ui].line, 1, "no topic suggested for clause %s: it is a "
                   "heading with no paragraph after it, and headings get no topics; tag its "
                   "provisions by hand", cl->number ? cl->number : cl->id);
      continue;
    }
    /* a suggestion, not an annotation: never linked or published until an
       editor accepts it (concord review) */
    buf b = BUF_INIT;
    buf_puts(&b, "{topic?=");
    size_t n = 0;
    for (size_t t = 0; t < c->ntopics && n < o->max_topics; t++) {
      if (cs[t].score < o->min_score || cs[t].score < o->ratio * cs[0].score) break;
      buf_printf(&b, "%s%s", n ? "," : "", cs[t].t->key);
      n++;
    }
    buf_putc(&b, '}');
    attrs[at_unit] = buf_detach(&b);
  }
  free(cs);
  return attrs;
}

void import_topics_free(char **attrs, size_t n) {
  if (!attrs) return;
  for (size_t i = 0; i < n; i++) free(attrs[i]);
  free(attrs);
}
