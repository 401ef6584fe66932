/* matrix_topic.c - site/topics/<key>.html: one provision, every council's
 * wording side by side, word differences against a reference wording.
 *
 * The reference is the "most common" wording in the sense of the medoid:
 * the provision whose words agree best, on average, with the other
 * councils' (ties: corpus order). A provision is a clause, or an item of a
 * list, quoted alone after its clause's lead-in (docs/provisions.md). Each other clause is shown as a word diff
 * from the reference (diff_words.h, case-insensitive), with the share of
 * words it has in common with the reference. */
#include "write/diff/diff_html.h"
#include "write/diff/diff_lcs.h"
#include "write/diff/diff_words.h"
#include "write/html/html_out.h"
#include "write/html/html_tree.h"
#include "write/matrix/matrix_internal.h"

#include <math.h>
#include <stdint.h>

#include <stdlib.h>
#include <string.h>

#define TOPIC_DIFF_MAX_COST 4000
/* Below this share of common words a redline is mostly red and green and
 * helps nobody: the wording is shown plain, with its similarity. */
#define TOPIC_DIFF_MIN_RATIO 0.3

/* Past this many councils a topic page is a summary (summary() below):
 * twenty side-by-side wordings are still read one by one; hundreds are
 * not, and the page grows with the corpus (2.3 MB a topic at 1,000). */
#define TOPIC_FULL_MAX 20
/* In a summary, a wording with at least this share of the typical
 * wording's words is listed as using it; the first TOPIC_SUMMARY_DIFFS
 * others are marked word by word, the rest listed. */
#define TOPIC_SAME_RATIO 0.9
#define TOPIC_SUMMARY_DIFFS 40

/* Up to this many wordings the reference is the exact medoid (every pair
 * diffed: k(k-1)/2 diffs); above it, the wording closest to the topic's
 * term centroid (one pass), so a topic with a wording from each of 1,000
 * councils costs 1,000 diffs, not 500,000. The five councils stay well
 * under it. */
#define TOPIC_EXACT_MAX 16

static size_t reference_of(const cc_topic *t, const double *ratio) {
  size_t k = t->nprovisions, best = 0;
  double best_mean = -1;
  for (size_t i = 0; i < k; i++) {
    double sum = 0;
    size_t n = 0;
    for (size_t j = 0; j < k; j++)
      if (t->provisions[j].clause->doc != t->provisions[i].clause->doc) sum += ratio[i * k + j], n++;
    double mean = n ? sum / (double)n : 0;
    if (mean > best_mean + 1e-12) best_mean = mean, best = i;
  }
  return best;
}

/* The wording whose bag of words (term frequencies, cosine) agrees best
 * with all the others: summed cosine to the others is the dot product
 * with the sum of the unit vectors minus one, so one pass builds that
 * centroid and one more scores every wording against it (SCORE[i]). */
static void centroid_scores(const diff_tokens *tok, size_t k, size_t nterms, double *score) {
  size_t ntok = 0, at = 0;
  for (size_t i = 0; i < k; i++) ntok += tok[i].n;
  uint32_t *term = xmalloc((ntok + 1) * sizeof *term); /* per token, all clauses */
  for (size_t i = 0; i < k; i++)
    for (size_t j = 0; j < tok[i].n; j++) term[at++] = tok[i].t[j].id - 1;
  double *centroid = xcalloc(nterms + 1, sizeof *centroid);
  double *norm = xcalloc(k + 1, sizeof *norm);
  unsigned *count = xcalloc(nterms + 1, sizeof *count);
  const unsigned seen = 0x80000000u;
  at = 0;
  for (size_t i = 0; i < k; i++) { /* centroid: sum of unit TF vectors */
    const uint32_t *w = term + at;
    size_t n = tok[i].n;
    at += n;
    for (size_t j = 0; j < n; j++) count[w[j]]++;
    double sq = 0;
    for (size_t j = 0; j < n; j++) {
      unsigned c = count[w[j]];
      if (c & seen) continue; /* each distinct term once */
      sq += (double)c * c;
      count[w[j]] = c | seen;
    }
    norm[i] = sqrt(sq);
    for (size_t j = 0; j < n; j++) {
      unsigned c = count[w[j]] & ~seen;
      if (!c) continue;
      count[w[j]] = 0;
      centroid[w[j]] += (double)c / norm[i];
    }
  }
  at = 0;
  for (size_t i = 0; i < k; i++) { /* score: cosine with the centroid */
    const uint32_t *w = term + at;
    size_t n = tok[i].n;
    at += n;
    for (size_t j = 0; j < n; j++) count[w[j]]++;
    double dot = 0;
    for (size_t j = 0; j < n; j++) {
      unsigned c = count[w[j]];
      if (!c) continue;
      count[w[j]] = 0;
      dot += (double)c * centroid[w[j]];
    }
    score[i] = norm[i] > 0 ? dot / norm[i] : 0;
  }
  free(term);
  free(centroid);
  free(norm);
  free(count);
}

/* The centroid is only a proxy for "agrees best word by word": the
 * TOPIC_CANDIDATES wordings closest to it are each diffed against a fixed,
 * evenly spaced sample of TOPIC_SAMPLE wordings of other councils, and the
 * best mean similarity wins (ties: corpus order). A constant number of
 * diffs per topic, whatever its size. */
#define TOPIC_CANDIDATES 8
#define TOPIC_SAMPLE 64

static size_t reference_large(const cc_topic *t, const diff_tokens *tok, size_t nterms) {
  size_t k = t->nprovisions;
  double *score = xcalloc(k + 1, sizeof *score);
  centroid_scores(tok, k, nterms, score);
  size_t cand[TOPIC_CANDIDATES] = {0}, ncand = 0;
  for (size_t i = 0; i < k; i++) { /* top scores, insertion sort; earlier wins ties */
    size_t at = ncand;
    while (at > 0 && score[i] > score[cand[at - 1]] + 1e-12) at--;
    if (at >= TOPIC_CANDIDATES) continue;
    if (ncand < TOPIC_CANDIDATES) ncand++;
    memmove(cand + at + 1, cand + at, (ncand - 1 - at) * sizeof *cand);
    cand[at] = i;
  }
  free(score);
  size_t step = (k + TOPIC_SAMPLE - 1) / TOPIC_SAMPLE, best = cand[0];
  double best_mean = -1;
  for (size_t c = 0; c < ncand; c++) {
    size_t i = cand[c];
    double sum = 0;
    size_t n = 0;
    diff_lcs lp;
    diff_lcs_init(&lp, &tok[i], nterms);
    for (size_t j = 0; j < k; j += step) {
      if (t->provisions[j].clause->doc == t->provisions[i].clause->doc) continue;
      sum += diff_lcs_ratio(&lp, &tok[j], TOPIC_DIFF_MAX_COST);
      n++;
    }
    diff_lcs_free(&lp);
    double mean = n ? sum / (double)n : 0;
    if (mean > best_mean + 1e-12 || (mean > best_mean - 1e-12 && i < best)) best_mean = mean, best = i;
  }
  return best;
}

/* "Paragraph 2.9(e)", linked to the provision's own anchor; the council's
 * name is read out only (its section's heading shows it) unless
 * SHOW_COUNCIL. */
static void provision_heading(html_out *o, const cc_provision *pv, bool show_council) {
  const cc_clause *cl = pv->clause;
  html_out_start(o, "h3", NULL);
  buf b = BUF_INIT;
  buf_puts(&b, "../");
  buf_puts(&b, matrix_printable(cl->doc->slug));
  buf_puts(&b, ".html#");
  buf_puts(&b, model_provision_id(pv));
  html_out_start(o, "a", NULL);
  html_out_attr(o, "href", buf_cstr(&b));
  buf_clear(&b);
  buf_puts(&b, matrix_printable(matrix_council_name(cl->doc)));
  buf_putc(&b, ' ');
  if (show_council) html_out_text(o, buf_cstr(&b));
  else html_out_hidden(o, buf_cstr(&b));
  buf_clear(&b);
  const char *n = model_clause_number_shown(cl);
  if (n && *n) buf_puts(&b, show_council ? "paragraph " : "Paragraph ");
  matrix_provision_name(&b, pv);
  html_out_text(o, buf_cstr(&b));
  html_out_end(o, "a");
  html_out_end(o, "h3");
  buf_free(&b);
}

/* The words an item is read with: its clause's lead-in (heading and first
 * paragraph, "Officers can expect members:") and, for a nested item, the
 * first paragraph of each item it is in ("(b) to treat them fairly"), so
 * "(e) to treat them fairly and with respect" is quoted as the clause
 * frames it without the other ten items of the list. */
/* IT and the items it is in, outermost first: each one's label and first
 * paragraph. */
static void enclosing_items(buf *b, arena *a, const cc_item *it) {
  if (!it) return;
  enclosing_items(b, a, it->parent);
  if (b->len) buf_putc(b, ' ');
  const char *label = it->label_shown ? it->label_shown : it->label;
  if (label && *label) buf_printf(b, "%s ", label);
  if (it->blocks && it->blocks->kind == CC_BLK_PARA) buf_puts(b, model_inlines_text(a, it->blocks->inlines));
}

static void lead_in_text(buf *b, arena *a, const cc_provision *pv) {
  const cc_clause *cl = pv->clause;
  if (cl->heading_text && *cl->heading_text) buf_puts(b, cl->heading_text);
  if (cl->blocks && cl->blocks->kind == CC_BLK_PARA) {
    if (b->len) buf_putc(b, ' ');
    buf_puts(b, model_inlines_text(a, cl->blocks->inlines));
  }
  enclosing_items(b, a, pv->item->parent);
}

/* An item's lead-in, ending in an ellipsis (the other items are left out),
 * then its label: the wording that follows is the item's own. */
static void lead_in(html_out *o, arena *a, const cc_provision *pv) {
  if (!pv->item) return;
  buf b = BUF_INIT;
  lead_in_text(&b, a, pv);
  if (b.len) {
    buf_puts(&b, " \xE2\x80\xA6");
    html_out_start(o, "p", "lead-in");
    html_out_hidden(o, "The clause begins: ");
    html_out_text(o, buf_cstr(&b));
    html_out_end(o, "p");
  }
  buf_free(&b);
}

/* What a topic page shows its wordings with. */
typedef struct wordings {
  const cc_provision *pv;
  size_t k, ref;
  const double *rref;     /* similarity of each wording to the reference */
  const diff_tokens *tok;
  diff_script *script;    /* word diffs against the reference, made when shown */
  arena *a;
  bool show_council;      /* no council heading above: name it */
} wordings;

/* Wording J as an article of PARENT: its heading, then the reference
 * wording, or its similarity and its words marked against the
 * reference. */
static void wording_body(const wordings *w, html_out *o, size_t j) {
  const cc_provision *pv = w->pv;
  const char *text = model_provision_text(&pv[j]);
  provision_heading(o, &pv[j], w->show_council);
  if (j == w->ref && w->k > 1) {
    html_out_el_text(o, "p", "similarity", "Reference wording");
    lead_in(o, w->a, &pv[j]);
    html_out_el_text(o, "p", "wording", text);
    return;
  }
  if (w->k == 1) {
    lead_in(o, w->a, &pv[j]);
    html_out_el_text(o, "p", "wording", text);
    return;
  }
  double r = w->rref[j];
  buf b = BUF_INIT;
  buf_printf(&b, "Similarity to the reference: %.0f%%", 100.0 * r);
  if (r < TOPIC_DIFF_MIN_RATIO) buf_puts(&b, " (worded too differently to mark word by word)");
  html_out_el_text(o, "p", "similarity", buf_cstr(&b));
  buf_free(&b);
  lead_in(o, w->a, &pv[j]);
  if (r < TOPIC_DIFF_MIN_RATIO) {
    html_out_el_text(o, "p", "wording", text);
    return;
  }
  if (!w->script[j].runs)
    diff_words(&w->tok[w->ref], &w->tok[j], TOPIC_DIFF_MAX_COST, &w->script[j]);
  html_out_start(o, "p", "wording");
  diff_html_write(o, &w->tok[w->ref], &w->tok[j], &w->script[j]);
  html_out_end(o, "p");
}

static void wording(const wordings *w, html_out *o, size_t j) {
  html_out_start(o, "article", "compare-clause");
  wording_body(w, o, j);
  html_out_end(o, "article");
}

/* A list item linking to wording J on its council's page, with its
 * similarity to the reference unless SIM is false. */
static void wording_link(const wordings *w, html_out *o, size_t j, bool sim) {
  const cc_provision *pv = &w->pv[j];
  html_out_start(o, "li", NULL);
  buf b = BUF_INIT;
  buf_puts(&b, "../");
  buf_puts(&b, matrix_printable(pv->clause->doc->slug));
  buf_puts(&b, ".html#");
  buf_puts(&b, model_provision_id(pv));
  html_out_start(o, "a", NULL);
  html_out_attr(o, "href", buf_cstr(&b));
  buf_clear(&b);
  buf_puts(&b, matrix_printable(matrix_council_name(pv->clause->doc)));
  buf_putc(&b, ' ');
  matrix_provision_name(&b, pv);
  html_out_text(o, buf_cstr(&b));
  html_out_end(o, "a");
  if (sim) {
    buf_clear(&b);
    buf_printf(&b, " (%.0f%%)", 100.0 * w->rref[j]);
    html_out_text(o, buf_cstr(&b));
  }
  html_out_end(o, "li");
  buf_free(&b);
}

/* The page of a topic in a large corpus: the typical wording once, the
 * wordings that repeat it as links, the ones that depart from it marked
 * word by word (at most TOPIC_SUMMARY_DIFFS, then links), and the
 * councils that do not make it as links. Listing every council's wording
 * in full made pages of megabytes that repeat one text hundreds of times. */
static void summary(const cc_corpus *c, const wordings *w, html_out *o, size_t present) {
  size_t k = w->k, close = 0, far = 0;
  for (size_t j = 0; j < k; j++) { /* no wording (k == 0): no reference either */
    if (j == w->ref) continue;
    if (w->rref[j] >= TOPIC_SAME_RATIO) close++;
    else far++;
  }
  buf b = BUF_INIT;
  buf_printf(&b, "Made by %zu of %zu councils, in %zu wording%s.", present, c->ndocs, k,
             k == 1 ? "" : "s");
  html_out_start(o, "p", NULL);
  html_out_text(o, buf_cstr(&b));
  buf_clear(&b);
  html_out_text(o, " In a corpus this large the page shows the typical wording once (the "
                   "one closest to all the others), lists the councils that use it or "
                   "nearly so, marks word by word the wordings that depart from it, and "
                   "lists the councils that do not make the provision. Similarity is the "
                   "share of words a wording has in common with the typical one.");
  html_out_end(o, "p");
  if (k) {
    html_out_el_text(o, "h2", NULL, "The typical wording");
    wording(w, o, w->ref);
  }

  buf_printf(&b, "Worded as the typical wording or nearly (at least %.0f%% of words in "
                 "common): %zu",
             100.0 * TOPIC_SAME_RATIO, close);
  html_out_el_text(o, "h2", NULL, buf_cstr(&b));
  buf_clear(&b);
  if (close) {
    html_out_start(o, "ul", "council-list");
    for (size_t j = 0; j < k; j++)
      if (j != w->ref && w->rref[j] >= TOPIC_SAME_RATIO) wording_link(w, o, j, true);
    html_out_end(o, "ul");
  }

  buf_printf(&b, "Worded differently: %zu", far);
  html_out_el_text(o, "h2", NULL, buf_cstr(&b));
  buf_clear(&b);
  if (far) {
    /* the grid holds the first TOPIC_SUMMARY_DIFFS, the others are a list
       after it */
    html_out_start(o, "div", "compare-grid");
    size_t shown = 0;
    int rest = 0;
    for (size_t j = 0; j < k; j++) {
      if (j == w->ref || w->rref[j] >= TOPIC_SAME_RATIO) continue;
      if (shown++ < TOPIC_SUMMARY_DIFFS) {
        wording(w, o, j);
        continue;
      }
      if (!rest) {
        html_out_end(o, "div");
        buf_printf(&b, "The other %zu, each linked to its council's page:",
                   far - TOPIC_SUMMARY_DIFFS);
        html_out_el_text(o, "p", NULL, buf_cstr(&b));
        buf_clear(&b);
        html_out_start(o, "ul", "council-list");
        rest = 1;
      }
      wording_link(w, o, j, true);
    }
    html_out_end(o, rest ? "ul" : "div");
  }

  buf_printf(&b, "Councils that do not make this provision: %zu", c->ndocs - present);
  html_out_el_text(o, "h2", NULL, buf_cstr(&b));
  buf_clear(&b);
  if (present < c->ndocs) {
    html_out_start(o, "ul", "council-list");
    for (size_t i = 0, j = 0; i < c->ndocs; i++) {
      const cc_document *doc = c->docs[i];
      while (j < k && w->pv[j].clause->doc->index < doc->index) j++;
      if (j < k && w->pv[j].clause->doc == doc) continue;
      buf_printf(&b, "../%s.html", doc->slug);
      html_out_start(o, "li", NULL);
      html_out_start(o, "a", NULL);
      html_out_attr(o, "href", buf_cstr(&b));
      html_out_text(o, matrix_council_name(doc));
      html_out_end(o, "a");
      html_out_end(o, "li");
      buf_clear(&b);
    }
    html_out_end(o, "ul");
  }
  buf_free(&b);
}

int matrix_write_topic(const cc_corpus *c, const cc_topic *t, const html_theme *theme,
                       outdir *od, diag_list *d) {
  buf b = BUF_INIT;
  buf_printf(&b, "%s \xE2\x80\x94 compare councils", t->label ? t->label : t->key);
  html_page *p = html_page_new(theme, buf_cstr(&b), "../", NULL, c->build_epoch);
  buf_clear(&b);
  matrix_add_css(p, "../");
  /* the content as bytes (html_out.h): a page of a few thousand small
     nodes cost more to build, serialise and free as a tree than the
     similarities did to compute */
  html_out out = HTML_OUT_INIT, *o = &out;
  html_out_start(o, "nav", "breadcrumbs");
  html_out_attr(o, "aria-label", "Breadcrumb");
  buf_printf(&b, "../matrix.html#topic-%s", t->key);
  html_out_start(o, "a", NULL);
  html_out_attr(o, "href", buf_cstr(&b));
  html_out_text(o, "Compare councils");
  html_out_end(o, "a");
  buf_clear(&b);
  if (t->theme) {
    html_out_text(o, " \xE2\x80\xBA ");
    html_out_text(o, t->theme->label);
  }
  html_out_end(o, "nav");
  html_out_el_text(o, "h1", NULL, t->label ? t->label : t->key);
  if (t->definition) html_out_el_text(o, "p", "definition", t->definition);

  /* the provisions: a clause's words, or an item's own (its lead-in is
     context, shown but not compared) */
  const cc_provision *pv = t->provisions;
  size_t k = t->nprovisions;
  arena *a = arena_new(); /* lead-ins; never the corpus arena (threads) */
  diff_tokens *tok = xcalloc(k + 1, sizeof *tok);
  for (size_t i = 0; i < k; i++) diff_tokenize(model_provision_text(&pv[i]), true, &tok[i]);
  /* one id per distinct word of the topic: the diffs compare integers */
  size_t nterms = diff_tokens_intern(tok, k);
  /* script[j]: wording j against the reference, kept for the page */
  diff_script *script = xcalloc(k + 1, sizeof *script);
  /* rref[j]: similarity of wording j to the reference */
  double *rref = xcalloc(k + 1, sizeof *rref);
  size_t ref = 0;
  if (k <= TOPIC_EXACT_MAX) {
    /* every pair's similarity, as diff_ratio would give it (diff_lcs.h) */
    double *ratio = xcalloc(k * k + 1, sizeof *ratio);
    for (size_t i = 0; i < k; i++) {
      diff_lcs lp;
      diff_lcs_init(&lp, &tok[i], nterms);
      for (size_t j = i + 1; j < k; j++)
        ratio[i * k + j] = ratio[j * k + i] = diff_lcs_ratio(&lp, &tok[j], TOPIC_DIFF_MAX_COST);
      diff_lcs_free(&lp);
    }
    ref = k ? reference_of(t, ratio) : 0;
    for (size_t j = 0; j < k; j++) rref[j] = ratio[j * k + ref];
    free(ratio);
  } else {
    ref = reference_large(t, tok, nterms);
    /* the similarity only; the word diff is made for the page when the
       wording is close enough to be shown as one */
    diff_lcs lp;
    diff_lcs_init(&lp, &tok[ref], nterms);
    for (size_t j = 0; j < k; j++)
      if (j != ref) rref[j] = diff_lcs_ratio(&lp, &tok[j], TOPIC_DIFF_MAX_COST);
    diff_lcs_free(&lp);
  }

  /* t->provisions is in corpus order (linker), so one walk along it per
     pass over the documents finds each council's provisions: O(councils + k) */
  size_t present = 0;
  for (size_t i = 0, j = 0; i < c->ndocs; i++) {
    int has = 0;
    while (j < k && pv[j].clause->doc->index <= c->docs[i]->index) {
      has |= pv[j].clause->doc == c->docs[i];
      j++;
    }
    present += (size_t)has;
  }
  wordings w = {pv, k, ref, rref, tok, script, a, c->ndocs > TOPIC_FULL_MAX};
  if (c->ndocs > TOPIC_FULL_MAX) {
    summary(c, &w, o, present);
    goto done;
  }
  buf_printf(&b, "Made by %zu of %zu councils.", present, c->ndocs);
  html_out_start(o, "p", NULL);
  html_out_text(o, buf_cstr(&b));
  buf_clear(&b);
  if (k > 1) {
    html_out_text(o, " Each wording is compared with the reference wording, ");
    buf_puts(&b, matrix_printable(matrix_council_name(pv[ref].clause->doc)));
    buf_putc(&b, ' ');
    matrix_provision_name(&b, &pv[ref]);
    html_out_el_text(o, "strong", NULL, buf_cstr(&b));
    buf_clear(&b);
    html_out_text(o, " (the one closest to all the others): ");
    html_out_el_text(o, "ins", NULL, "inserted words");
    html_out_text(o, " are in that council's wording but not in the reference; ");
    html_out_el_text(o, "del", NULL, "deleted words");
    html_out_text(o, " are in the reference but not in that wording. Similarity is the "
                     "share of words the two wordings have in common. Where an item of a "
                     "list makes the provision, only that item is compared, after the words "
                     "that introduce it.");
  }
  html_out_end(o, "p");

  html_out_start(o, "div", "compare-grid");
  size_t next = 0; /* first provision of t->provisions not yet shown */
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    html_out_start(o, "section", "compare-council");
    buf_puts(&b, "council-");
    buf_puts(&b, matrix_printable(doc->slug));
    html_out_attr(o, "aria-labelledby", buf_cstr(&b));
    html_out_start(o, "h2", NULL);
    html_out_attr(o, "id", buf_cstr(&b));
    buf_clear(&b);
    buf_puts(&b, "../");
    buf_puts(&b, matrix_printable(doc->slug));
    buf_puts(&b, ".html");
    html_out_start(o, "a", NULL);
    html_out_attr(o, "href", buf_cstr(&b));
    html_out_text(o, matrix_council_name(doc));
    html_out_end(o, "a");
    html_out_end(o, "h2");
    buf_clear(&b);
    size_t shown = 0;
    while (next < k && pv[next].clause->doc->index < doc->index) next++;
    for (size_t j = next; j < k && pv[j].clause->doc == doc; j++) {
      shown++;
      wording(&w, o, j);
    }
    if (!shown)
      html_out_el_text(o, "p", "absent",
                       "None: no clause of this council's protocol makes this provision.");
    html_out_end(o, "section");
  }
  html_out_end(o, "div");
done:
  for (size_t i = 0; i < k; i++) {
    diff_tokens_free(&tok[i]);
    diff_script_free(&script[i]);
  }
  free(script);
  free(tok);
  free(rref);
  arena_free(a);
  html_fragment frag;
  html_out_append(o, html_page_main(p), &frag);
  buf_printf(&b, "site/topics/%s.html", t->key);
  int rc = html_page_write(p, od, buf_cstr(&b), d);
  html_fragment_free(&frag);
  buf_free(&b);
  return rc;
}

