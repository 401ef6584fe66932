/* align_report.c - TSV, JSON and audit text (see align_report.h). */
#include "link/align_report.h"
#include "base/buf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void put_ref(buf *b, const cc_provision *p) {
  buf_puts(b, p->clause->doc->slug ? p->clause->doc->slug : "");
  buf_putc(b, '#');
  buf_puts(b, model_provision_id(p));
}

char *align_report_tsv(const align_result *r) {
  buf b = BUF_INIT;
  for (size_t i = 0; i < r->npairs; i++) {
    buf_printf(&b, "%.4f\t", r->pairs[i].score);
    put_ref(&b, &r->pairs[i].a);
    buf_putc(&b, '\t');
    put_ref(&b, &r->pairs[i].b);
    buf_putc(&b, '\n');
  }
  return buf_detach(&b);
}

static json_t *ref_json(const cc_provision *p) {
  buf b = BUF_INIT;
  put_ref(&b, p);
  json_t *s = json_string(buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* scores rounded to 4 places, as in TSV, so both formats agree and the
 * JSON does not depend on printf's last-digit behaviour */
static json_t *score_json(double s) { return json_real((double)(long long)(s * 10000 + 0.5) / 10000); }

char *align_report_json(const align_result *r, const align_opts *o) {
  json_t *root = json_object();
  json_object_set_new(root, "clauses", json_integer((json_int_t)r->nclauses));
  json_object_set_new(root, "units", json_integer((json_int_t)r->nunits));
  json_object_set_new(root, "councils", json_integer((json_int_t)r->ncouncils));
  json_object_set_new(root, "candidates", json_integer((json_int_t)r->nscored));
  json_object_set_new(root, "cross_pairs", json_integer((json_int_t)r->cross_pairs));
  json_object_set_new(root, "postings", json_integer((json_int_t)r->postings));
  json_object_set_new(root, "method", json_string(o->use_taxonomy ? "text+taxonomy" : "text"));
  json_object_set_new(root, "min_score", score_json(o->min_score));
  json_t *arr = json_array();
  for (size_t i = 0; i < r->npairs; i++) {
    json_t *p = json_object();
    json_object_set_new(p, "score", score_json(r->pairs[i].score));
    json_object_set_new(p, "a", ref_json(&r->pairs[i].a));
    json_object_set_new(p, "b", ref_json(&r->pairs[i].b));
    int ka = align_provision_kind(&r->pairs[i].a), kb = align_provision_kind(&r->pairs[i].b);
    json_object_set_new(p, "kind", json_string(align_pair_kind_name(align_pair_kind(ka, kb))));
    if (r->pairs[i].via) json_object_set_new(p, "via", json_string(r->pairs[i].via->key));
    json_array_append_new(arr, p);
  }
  json_object_set_new(root, "pairs", arr);
  char *s = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  json_decref(root);
  buf b = BUF_INIT;
  buf_puts(&b, s);
  buf_putc(&b, '\n');
  free(s);
  return buf_detach(&b);
}

/* A provision's keys as annotated: the item's, or the clause's own. */
static size_t prov_keys(const cc_provision *p, char ***keys) {
  if (p->item) {
    *keys = p->item->topic_keys.keys;
    return p->item->topic_keys.n;
  }
  *keys = p->clause->topic_keys;
  return p->clause->ntopic_keys;
}

static void shared_keys(buf *b, const cc_provision *x, const cc_provision *y) {
  char **kx, **ky;
  size_t nx = prov_keys(x, &kx), ny = prov_keys(y, &ky);
  int first = 1;
  for (size_t i = 0; i < nx; i++)
    for (size_t j = 0; j < ny; j++)
      if (!strcmp(kx[i], ky[j])) {
        if (!first) buf_putc(b, ',');
        buf_puts(b, kx[i]);
        first = 0;
      }
}

static void keys_of(buf *b, const cc_provision *x) {
  char **k;
  size_t n = prov_keys(x, &k);
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(b, ',');
    buf_puts(b, k[i]);
  }
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 1; }

char *align_report_audit(const align_result *r, const align_audit *a, const align_opts *o,
                         size_t max_lines) {
  buf b = BUF_INIT;
  buf_printf(&b,
             "# aligner audit: %zu units (provisions) from %zu clauses in %zu councils; "
             "min score %.2f\n",
             r->nunits, r->nclauses, r->ncouncils, o->min_score);
  buf_printf(&b, "# annotated provisions: %zu (%zu clauses, %zu list clauses as a whole, %zu items)\n",
             a->provisions, a->nprov_kind[ALIGN_KIND_CLAUSE], a->nprov_kind[ALIGN_KIND_LIST],
             a->nprov_kind[ALIGN_KIND_ITEM]);
  buf_printf(&b, "# method: %s\n", o->use_taxonomy
                                     ? "text and the taxonomy's definitions (--text-only: text alone)"
                                     : "text alone");
  buf_printf(&b, "# candidates scored: %zu of %zu cross-council pairs of units\n", r->nscored,
             r->cross_pairs);
  buf_printf(&b, "precision %.3f (%zu of %zu proposed pairs of provisions share a topic)\n",
             a->precision, a->tp, a->tp + a->fp);
  buf_printf(&b, "recall %.3f (%zu of %zu annotated equivalent pairs of provisions proposed)\n",
             a->recall, a->tp, a->tp + a->fn);
  buf_printf(&b, "recall-at-precision 0.90 %.3f 0.80 %.3f 0.50 %.3f\n", a->r_at_p[0], a->r_at_p[1],
             a->r_at_p[2]);
  buf_printf(&b, "average-precision %.3f\n", a->ap);
  buf_puts(&b, "# by kind of pair (clause: a clause without sub-items; list: a list clause "
               "annotated as a whole; item: a sub-item)\n");
  for (int k = 0; k < ALIGN_NPAIR_KINDS; k++) {
    if (!a->truth_kind[k] && !a->tp_kind[k] && !a->fp_kind[k]) continue;
    buf_printf(&b, "kind\t%s\trecall %.3f (%zu of %zu)\tprecision %.3f (%zu of %zu)\n",
               align_pair_kind_name(k), ratio(a->tp_kind[k], a->truth_kind[k]), a->tp_kind[k],
               a->truth_kind[k], ratio(a->tp_kind[k], a->tp_kind[k] + a->fp_kind[k]),
               a->tp_kind[k], a->tp_kind[k] + a->fp_kind[k]);
  }
  if (a->unjudged)
    buf_printf(&b, "# %zu proposed pairs involve a unit no annotated provision covers (not judged)\n",
               a->unjudged);
  buf_puts(&b, "# missed: annotated equivalents the aligner did not propose (score, a, b, shared topics)\n");
  for (size_t i = 0; i < a->nmissed && i < max_lines; i++) {
    buf_printf(&b, "missed\t%.4f\t", a->missed[i].score);
    put_ref(&b, &a->missed[i].a);
    buf_putc(&b, '\t');
    put_ref(&b, &a->missed[i].b);
    buf_putc(&b, '\t');
    shared_keys(&b, &a->missed[i].a, &a->missed[i].b);
    buf_putc(&b, '\n');
  }
  if (a->nmissed > max_lines) buf_printf(&b, "# ... %zu more\n", a->nmissed - max_lines);
  buf_puts(&b, "# no-shared-topic: proposed pairs whose provisions share no topic (score, a, b, topics of a | topics of b, and the topic both read as)\n");
  for (size_t i = 0; i < a->nextra && i < max_lines; i++) {
    buf_printf(&b, "no-shared-topic\t%.4f\t", a->extra[i].score);
    put_ref(&b, &a->extra[i].a);
    buf_putc(&b, '\t');
    put_ref(&b, &a->extra[i].b);
    buf_putc(&b, '\t');
    keys_of(&b, &a->extra[i].a);
    buf_puts(&b, " | ");
    keys_of(&b, &a->extra[i].b);
    if (a->extra[i].via) buf_printf(&b, "\tvia %s", a->extra[i].via->key);
    buf_putc(&b, '\n');
  }
  if (a->nextra > max_lines) buf_printf(&b, "# ... %zu more\n", a->nextra - max_lines);
  return buf_detach(&b);
}
