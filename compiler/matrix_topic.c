/* matrix_topic.c - site/topics/<key>.html: one provision, every council's
 * wording side by side, word differences against a reference wording.
 *
 * The reference is the "most common" wording in the sense of the medoid:
 * the clause whose words agree best, on average, with the other councils'
 * clauses (ties: corpus order). Each other clause is shown as a word diff
 * from the reference (diff_words.h, case-insensitive), with the share of
 * words it has in common with the reference. */
#include "diff_html.h"
#include "diff_words.h"
#include "html_tree.h"
#include "matrix_internal.h"

#include <stdlib.h>
#include <string.h>

#define TOPIC_DIFF_MAX_COST 4000
/* Below this share of common words a redline is mostly red and green and
 * helps nobody: the wording is shown plain, with its similarity. */
#define TOPIC_DIFF_MIN_RATIO 0.3

static size_t reference_of(const cc_topic *t, const double *ratio) {
  size_t k = t->nclauses, best = 0;
  double best_mean = -1;
  for (size_t i = 0; i < k; i++) {
    double sum = 0;
    size_t n = 0;
    for (size_t j = 0; j < k; j++)
      if (t->clauses[j]->doc != t->clauses[i]->doc) sum += ratio[i * k + j], n++;
    double mean = n ? sum / (double)n : 0;
    if (mean > best_mean + 1e-12) best_mean = mean, best = i;
  }
  return best;
}

static void clause_heading(xmlNodePtr parent, const cc_clause *cl) {
  xmlNodePtr h = html_el(parent, "h3", NULL);
  buf b = BUF_INIT;
  buf_printf(&b, "../%s.html#%s", cl->doc->slug, cl->id);
  xmlNodePtr a = html_el(h, "a", NULL);
  html_attr(a, "href", buf_cstr(&b));
  buf_clear(&b);
  buf_printf(&b, "%s ", matrix_council_name(cl->doc));
  html_hidden(a, buf_cstr(&b));
  buf_clear(&b);
  const char *n = model_clause_number_shown(cl);
  if (n && *n) buf_puts(&b, "Paragraph ");
  matrix_clause_label(&b, cl);
  html_text(a, buf_cstr(&b));
  buf_free(&b);
}

static int write_topic(const cc_corpus *c, const cc_topic *t, const html_theme *theme, outdir *o,
                       diag_list *d) {
  buf b = BUF_INIT;
  buf_printf(&b, "%s \xE2\x80\x94 compare councils", t->label ? t->label : t->key);
  html_page *p = html_page_new(theme, buf_cstr(&b), "../", NULL, c->build_epoch);
  buf_clear(&b);
  matrix_add_css(p, "../");
  xmlNodePtr main = html_page_main(p);

  xmlNodePtr crumbs = html_el(main, "nav", "breadcrumbs");
  html_attr(crumbs, "aria-label", "Breadcrumb");
  buf_printf(&b, "../matrix.html#topic-%s", t->key);
  html_attr(html_el_text(crumbs, "a", NULL, "Compare councils"), "href", buf_cstr(&b));
  buf_clear(&b);
  if (t->theme) {
    html_text(crumbs, " \xE2\x80\xBA ");
    html_text(crumbs, t->theme->label);
  }
  html_el_text(main, "h1", NULL, t->label ? t->label : t->key);
  if (t->definition) html_el_text(main, "p", "definition", t->definition);

  size_t k = t->nclauses;
  diff_tokens *tok = xcalloc(k + 1, sizeof *tok);
  for (size_t i = 0; i < k; i++) diff_tokenize(t->clauses[i]->text, true, &tok[i]);
  double *ratio = xcalloc(k * k + 1, sizeof *ratio);
  for (size_t i = 0; i < k; i++)
    for (size_t j = i + 1; j < k; j++) {
      diff_script s;
      diff_words(&tok[i], &tok[j], TOPIC_DIFF_MAX_COST, &s);
      ratio[i * k + j] = ratio[j * k + i] = diff_ratio(&tok[i], &tok[j], &s);
      diff_script_free(&s);
    }
  size_t ref = k ? reference_of(t, ratio) : 0;

  size_t present = 0;
  for (size_t i = 0; i < c->ndocs; i++)
    for (size_t j = 0; j < k; j++)
      if (t->clauses[j]->doc == c->docs[i]) {
        present++;
        break;
      }
  buf_printf(&b, "Made by %zu of %zu councils.", present, c->ndocs);
  xmlNodePtr intro = html_el_text(main, "p", NULL, buf_cstr(&b));
  buf_clear(&b);
  if (k > 1) {
    html_text(intro, " Each wording is compared with the reference wording, ");
    buf_puts(&b, matrix_council_name(t->clauses[ref]->doc));
    buf_putc(&b, ' ');
    matrix_clause_label(&b, t->clauses[ref]);
    html_el_text(intro, "strong", NULL, buf_cstr(&b));
    buf_clear(&b);
    html_text(intro, " (the one closest to all the others): ");
    xmlNodePtr ins = html_el_text(intro, "ins", NULL, "inserted words");
    (void)ins;
    html_text(intro, " are in that council's clause but not in the reference; ");
    html_el_text(intro, "del", NULL, "deleted words");
    html_text(intro, " are in the reference but not in that clause. Similarity is the "
                     "share of words the two wordings have in common.");
  }

  xmlNodePtr grid = html_el(main, "div", "compare-grid");
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    xmlNodePtr sec = html_el(grid, "section", "compare-council");
    buf_printf(&b, "council-%s", doc->slug);
    html_attr(sec, "aria-labelledby", buf_cstr(&b));
    xmlNodePtr h2 = html_el(sec, "h2", NULL);
    html_attr(h2, "id", buf_cstr(&b));
    buf_clear(&b);
    buf_printf(&b, "../%s.html", doc->slug);
    html_attr(html_el_text(h2, "a", NULL, matrix_council_name(doc)), "href", buf_cstr(&b));
    buf_clear(&b);
    size_t shown = 0;
    for (size_t j = 0; j < k; j++) {
      const cc_clause *cl = t->clauses[j];
      if (cl->doc != doc) continue;
      shown++;
      xmlNodePtr art = html_el(sec, "article", "compare-clause");
      clause_heading(art, cl);
      if (j == ref && k > 1) {
        html_el_text(art, "p", "similarity", "Reference wording");
        html_el_text(art, "p", "wording", cl->text);
      } else if (k == 1) {
        html_el_text(art, "p", "wording", cl->text);
      } else {
        double r = ratio[j * k + ref];
        buf_printf(&b, "Similarity to the reference: %.0f%%", 100.0 * r);
        if (r < TOPIC_DIFF_MIN_RATIO)
          buf_puts(&b, " (worded too differently to mark word by word)");
        html_el_text(art, "p", "similarity", buf_cstr(&b));
        buf_clear(&b);
        if (r < TOPIC_DIFF_MIN_RATIO) {
          html_el_text(art, "p", "wording", cl->text);
          continue;
        }
        diff_script s;
        diff_words(&tok[ref], &tok[j], TOPIC_DIFF_MAX_COST, &s);
        diff_html_append(html_el(art, "p", "wording"), &tok[ref], &tok[j], &s);
        diff_script_free(&s);
      }
    }
    if (!shown)
      html_el_text(sec, "p", "absent",
                   "None: no clause of this council's protocol makes this provision.");
  }
  for (size_t i = 0; i < k; i++) diff_tokens_free(&tok[i]);
  free(tok);
  free(ratio);
  buf_printf(&b, "site/topics/%s.html", t->key);
  int rc = html_page_write(p, o, buf_cstr(&b), d);
  buf_free(&b);
  return rc;
}

int matrix_write_topics(const cc_corpus *c, const html_theme *theme, outdir *o, diag_list *d) {
  for (size_t t = 0; t < c->ntopics; t++)
    if (write_topic(c, c->topics[t], theme, o, d) != 0) return -1;
  return 0;
}
