/* draft_template.c - the model protocol from the corpus (see
 * draft_template.h). */
#include "author/draft_template.h"
#include "base/buf.h"
#include "author/md_write.h"

#include <stdlib.h>
#include <string.h>

double draft_template_typicality(const cc_corpus *c, const sim_index *s, const cc_topic *t,
                                 const cc_clause *cl) {
  (void)c;
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < t->nclauses; i++) {
    const cc_clause *o = t->clauses[i];
    if (o->doc == cl->doc) continue;
    sum += sim_score(s, cl, o);
    n++;
  }
  return n ? sum / (double)n : 0.5;
}

static bool has_internal_ref(const cc_clause *cl) {
  for (size_t i = 0; i < cl->nrefs; i++)
    if (cl->refs[i]->kind != CC_REF_EXTERNAL) return true;
  return false;
}

typedef struct chosen {
  const cc_clause *cl;
  const cc_topic *primary;
} chosen;

char *draft_template_generate(const cc_corpus *c, const sim_index *s, diag_list *d) {
  bool *covered = xcalloc(c->ntopics + 1, sizeof *covered);
  chosen *ch = xcalloc(c->ntopics + 1, sizeof *ch);
  size_t nch = 0;
  for (size_t ti = 0; ti < c->ntopics; ti++) {
    const cc_topic *t = c->topics[ti];
    if (covered[t->index]) continue;
    const cc_clause *best = NULL;
    double bestscore = -1e9;
    for (size_t i = 0; i < t->nclauses; i++) {
      const cc_clause *cl = t->clauses[i];
      if (has_internal_ref(cl)) continue;
      buf probe = BUF_INIT;
      bool ok = md_clause(&probe, cl, "1.1", "", true);
      buf_free(&probe);
      if (!ok) continue;
      double score = draft_template_typicality(c, s, t, cl);
      for (size_t k = 0; k < cl->ntopics; k++) {
        if (cl->topics[k] == t) continue;
        score -= covered[cl->topics[k]->index] ? 0.15 : 0.03;
      }
      if (score > bestscore + 1e-12) {
        bestscore = score;
        best = cl;
      }
    }
    if (!best) {
      diag_warning(d, c->taxonomy_path, t->pos.line, t->pos.col,
                   "no clause of the corpus can stand for topic '%s' in the template "
                   "(each has a cross-reference or a footnote)", t->key);
      continue;
    }
    ch[nch++] = (chosen){best, t};
    for (size_t k = 0; k < best->ntopics; k++) covered[best->topics[k]->index] = true;
  }
  buf out = BUF_INIT;
  buf_puts(&out,
           "---\n"
           "# The model protocol for `concord draft` (docs/drafting.md). Not a source:\n"
           "# placeholders %%name%% are filled from an answers file.\n"
           "council: \"%%council%%\"\n"
           "slug: \"%%slug%%\"\n"
           "title: \"%%title%%\"\n"
           "kind: \"%%kind%%\"\n"
           "---\n");
  int secno = 0;
  arena *a = c->arena;
  for (size_t th = 0; th < c->nthemes; th++) {
    const cc_theme *theme = c->themes[th];
    int clno = 0;
    for (size_t i = 0; i < nch; i++) {
      if (ch[i].primary->theme != theme) continue;
      if (!clno) buf_printf(&out, "\n## %d. %s\n", ++secno, theme->label);
      char *num = arena_printf(a, "%d.%d", secno, ++clno);
      buf attrs = BUF_INIT;
      buf_printf(&attrs, "{topic=%s", ch[i].primary->key);
      const cc_clause *cl = ch[i].cl;
      for (size_t k = 0; k < cl->ntopics; k++)
        if (cl->topics[k] != ch[i].primary) buf_printf(&attrs, ",%s", cl->topics[k]->key);
      char *cite = model_clause_citation(a, cl);
      for (char *p = cite; *p; p++)
        if (*p == '"') *p = '\'';
      buf_printf(&attrs, " note=\"adapted from %s\"}", cite);
      buf_putc(&out, '\n');
      md_clause(&out, cl, num, buf_cstr(&attrs), true);
      buf_free(&attrs);
    }
  }
  free(covered);
  free(ch);
  return buf_detach(&out);
}
