/* matrix_compare.c - two councils compared (see matrix_write.h): their
 * provisions aligned by topic, what one makes and the other does not, and
 * the word differences where both make one. The same content is a page of
 * the site (site/compare/<a>--<b>.html, for a small corpus) and the
 * self-contained page of `concord compare A B`. Also the excerpts that the
 * matrix's script shows on demand (site/matrix-excerpts.json). */
#include "write/diff/diff_html.h"
#include "write/diff/diff_lcs.h"
#include "write/diff/diff_words.h"
#include "write/html/html_out.h"
#include "write/html/html_serial.h"
#include "write/html/html_tree.h"
#include "write/matrix/matrix_internal.h"
#include "write/matrix/matrix_write.h"

#include <jansson.h>
#include <string.h>

/* Above this edit cost a wording pair is shown as removed and added whole
 * (diff_words.h), as on the topic pages. */
#define COMPARE_DIFF_MAX_COST 4000
/* Below this share of words in common a word diff is mostly markup: the
 * two wordings are shown side by side instead (as on the topic pages). */
#define COMPARE_DIFF_MIN_RATIO 0.3

static const cc_document *find_doc(const cc_corpus *c, const char *slug) {
  for (size_t i = 0; i < c->ndocs; i++)
    if (c->docs[i]->slug && !strcmp(c->docs[i]->slug, slug)) return c->docs[i];
  return NULL;
}

static size_t max_cell(const cc_corpus *c) {
  size_t m = 1;
  for (size_t t = 0; t < c->ntopics; t++)
    if (c->topics[t]->nprovisions > m) m = c->topics[t]->nprovisions;
  return m;
}

/* A link to topic T's page, or its label alone (RELROOT NULL: a page
 * outside the site). */
static void topic_name(html_out *o, const cc_topic *t, const char *relroot) {
  const char *label = t->label ? t->label : t->key;
  if (!relroot) {
    html_out_text(o, label);
    return;
  }
  buf b = BUF_INIT;
  buf_puts(&b, relroot);
  buf_puts(&b, "topics/");
  buf_puts(&b, matrix_printable(t->key));
  buf_puts(&b, ".html");
  html_out_start(o, "a", NULL);
  html_out_attr(o, "href", buf_cstr(&b));
  html_out_text(o, label);
  html_out_end(o, "a");
  buf_free(&b);
}

/* "3.1 (printed 1.1), 3.4": each linked into the council's page unless
 * RELROOT is NULL. */
static void provision_names(html_out *o, const cc_provision **ps, size_t n,
                            const char *relroot) {
  if (relroot) {
    matrix_cell_links_out(o, ps, n, relroot);
    return;
  }
  buf b = BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if (i) buf_puts(&b, ", ");
    matrix_provision_name(&b, ps[i]);
  }
  html_out_text(o, buf_cstr(&b));
  buf_free(&b);
}

static void wording_of(buf *b, const cc_provision **ps, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(b, ' ');
    const char *t = model_provision_text(ps[i]);
    buf_puts(b, t ? t : "");
  }
}

/* Each council's wording of each topic and its tokens, made when a page
 * first needs them and kept for the others: on the site each council is
 * in ndocs - 1 pairs, and tokenizing and interning every wording for every
 * pair was a third of the compare pages' time. A topic's wordings are
 * interned together (diff_lcs.h): the diffs compare ids for equality
 * only, so any pair of them compares as if interned alone. */
typedef struct wordings {
  const cc_corpus *c;
  const cc_document *only[2]; /* the councils, when not the whole corpus */
  size_t slots;               /* councils per topic: ndocs, or 2 */
  const cc_provision **cell;  /* scratch: a council's provisions of a topic */
  size_t maxcl;
  char **text;                /* [topic * slots + slot]: NULL until made */
  diff_tokens *tok;
  size_t *nterms;             /* per topic; (size_t)-1 until made */
} wordings;

static void wordings_init(wordings *w, const cc_corpus *c, const cc_document *A,
                          const cc_document *B, size_t maxcl) {
  w->c = c;
  w->only[0] = A;
  w->only[1] = B;
  w->slots = A ? 2 : c->ndocs;
  w->maxcl = maxcl;
  w->cell = xcalloc(maxcl + 1, sizeof *w->cell);
  size_t n = c->ntopics * w->slots + 1;
  w->text = xcalloc(n, sizeof *w->text);
  w->tok = xcalloc(n, sizeof *w->tok);
  w->nterms = xcalloc(c->ntopics + 1, sizeof *w->nterms);
  for (size_t t = 0; t < c->ntopics; t++) w->nterms[t] = (size_t)-1;
}

static void wordings_free(wordings *w) {
  size_t n = w->c->ntopics * w->slots;
  for (size_t i = 0; i < n; i++) {
    free(w->text[i]);
    diff_tokens_free(&w->tok[i]);
  }
  free(w->text);
  free(w->tok);
  free(w->nterms);
  free(w->cell);
}

static size_t slot_of(const wordings *w, const cc_document *doc) {
  if (w->only[0]) return doc == w->only[0] ? 0 : 1;
  return doc->index;
}

/* Topic T's wordings (index I in c->topics): every council's that makes
 * it, tokenized and interned. */
static void wordings_make(wordings *w, size_t i) {
  if (w->nterms[i] != (size_t)-1) return;
  const cc_topic *t = w->c->topics[i];
  size_t first = i * w->slots, n = 0;
  for (size_t s = 0; s < w->slots; s++) {
    const cc_document *doc = w->only[0] ? w->only[s] : w->c->docs[s];
    size_t k = matrix_cell(t, doc, w->cell, w->maxcl);
    buf b = BUF_INIT;
    wording_of(&b, w->cell, k);
    w->text[first + s] = buf_detach(&b);
    diff_tokenize(w->text[first + s], true, &w->tok[first + s]);
    n++;
  }
  w->nterms[i] = diff_tokens_intern(&w->tok[first], n);
}

/* One topic both councils make: who says it where, then B's wording with
 * A's words marked (or both wordings, when too different). */
static void both_topic(html_out *o, wordings *w, size_t ti, const cc_document *A,
                       const cc_document *B, const cc_provision **pa, size_t na,
                       const cc_provision **pb, size_t nb, const char *relroot) {
  const cc_topic *t = w->c->topics[ti];
  html_out_start(o, "div", "compare-topic");
  html_out_start(o, "h4", NULL);
  topic_name(o, t, relroot);
  html_out_end(o, "h4");
  wordings_make(w, ti);
  size_t ia = ti * w->slots + slot_of(w, A), ib = ti * w->slots + slot_of(w, B);
  const diff_tokens *ta = &w->tok[ia], *tb = &w->tok[ib];
  /* the similarity first: the word diff is only made for wordings close
     enough to be marked word by word, and the others (most pairs) are
     the ones Myers' search is slow on */
  diff_lcs lcs;
  diff_lcs_init(&lcs, ta, w->nterms[ti]);
  double r = diff_lcs_ratio(&lcs, tb, COMPARE_DIFF_MAX_COST);
  diff_lcs_free(&lcs);
  html_out_start(o, "p", "similarity");
  html_out_text(o, matrix_council_name(A));
  html_out_text(o, " ");
  provision_names(o, pa, na, relroot);
  html_out_text(o, "; ");
  html_out_text(o, matrix_council_name(B));
  html_out_text(o, " ");
  provision_names(o, pb, nb, relroot);
  buf m = BUF_INIT;
  buf_printf(&m, ". %.0f%% of words in common", 100.0 * r);
  if (r < COMPARE_DIFF_MIN_RATIO) buf_puts(&m, " (worded too differently to mark word by word)");
  buf_putc(&m, '.');
  html_out_text(o, buf_cstr(&m));
  html_out_end(o, "p");
  buf_free(&m);
  if (r >= COMPARE_DIFF_MIN_RATIO) {
    diff_script s;
    diff_words(ta, tb, COMPARE_DIFF_MAX_COST, &s);
    html_out_start(o, "p", "wording");
    diff_html_write(o, ta, tb, &s);
    html_out_end(o, "p");
    diff_script_free(&s);
  } else {
    html_out_start(o, "div", "compare-side");
    const cc_document *who[2] = {A, B};
    const char *words[2] = {w->text[ia], w->text[ib]};
    for (int i = 0; i < 2; i++) {
      html_out_start(o, "div", NULL);
      html_out_el_text(o, "p", "lead-in", matrix_council_name(who[i]));
      html_out_el_text(o, "p", "wording", words[i]);
      html_out_end(o, "div");
    }
    html_out_end(o, "div");
  }
  html_out_end(o, "div");
}

/* The topics only OWN makes (OTHER lacks), as a list, under an h2 with
 * id ID. */
static void only_list(html_out *o, const cc_corpus *c, const cc_document *own,
                      const cc_document *other, const char *id, size_t n,
                      const cc_provision **cell, size_t maxcl, const char *relroot) {
  html_out_start(o, "section", NULL);
  html_out_attr(o, "id", id);
  buf b = BUF_INIT;
  buf_printf(&b, "Only %s makes these (%zu)", matrix_council_name(own), n);
  html_out_el_text(o, "h2", NULL, buf_cstr(&b));
  buf_free(&b);
  if (!n) {
    html_out_el_text(o, "p", NULL, "None.");
    html_out_end(o, "section");
    return;
  }
  html_out_start(o, "ul", NULL);
  for (size_t t = 0; t < c->ntopics; t++) {
    const cc_topic *tp = c->topics[t];
    const cc_provision *theirs[1];
    size_t k = matrix_cell(tp, own, cell, maxcl);
    if (!k || matrix_cell(tp, other, theirs, 1)) continue;
    html_out_start(o, "li", NULL);
    topic_name(o, tp, relroot);
    html_out_text(o, ": ");
    provision_names(o, cell, k, relroot);
    html_out_end(o, "li");
  }
  html_out_end(o, "ul");
  html_out_end(o, "section");
}

/* The comparison of A and B, as bytes (html_out.h) for a page's <main>:
 * a page of a thousand small nodes cost more to build, serialise and free
 * as a tree than its word diffs did to compute. */
static void compare_fill(html_out *o, wordings *w, const cc_document *A, const cc_document *B,
                         const char *relroot) {
  const cc_corpus *c = w->c;
  size_t maxcl = w->maxcl;
  const cc_provision **pa = xcalloc(maxcl + 1, sizeof *pa), **pb = xcalloc(maxcl + 1, sizeof *pb);
  size_t both = 0, only_a = 0, only_b = 0, neither = 0;
  for (size_t t = 0; t < c->ntopics; t++) {
    size_t na = matrix_cell(c->topics[t], A, pa, maxcl), nb = matrix_cell(c->topics[t], B, pb, maxcl);
    both += na && nb;
    only_a += na && !nb;
    only_b += !na && nb;
    neither += !na && !nb;
  }
  buf b = BUF_INIT;
  buf_printf(&b, "%s and %s compared", matrix_council_name(A), matrix_council_name(B));
  html_out_el_text(o, "h1", NULL, buf_cstr(&b));
  buf_clear(&b);
  buf_printf(&b,
             "Of the taxonomy's %zu provisions (topics), both councils make %zu, only %s "
             "makes %zu, only %s makes %zu, and neither makes %zu.",
             c->ntopics, both, matrix_council_name(A), only_a, matrix_council_name(B), only_b,
             neither);
  html_out_el_text(o, "p", "summary", buf_cstr(&b));
  buf_clear(&b);
  html_out_start(o, "nav", "compare-contents");
  html_out_attr(o, "aria-label", "On this page");
  html_out_start(o, "ul", NULL);
  const char *const ids[3] = {"both", "only-a", "only-b"};
  for (int i = 0; i < 3; i++) {
    buf_clear(&b);
    if (i == 0) buf_printf(&b, "Made by both (%zu)", both);
    else buf_printf(&b, "Only %s (%zu)", matrix_council_name(i == 1 ? A : B), i == 1 ? only_a : only_b);
    buf href = BUF_INIT;
    buf_printf(&href, "#%s", ids[i]);
    html_out_start(o, "li", NULL);
    html_out_start(o, "a", NULL);
    html_out_attr(o, "href", buf_cstr(&href));
    html_out_text(o, buf_cstr(&b));
    html_out_end(o, "a");
    html_out_end(o, "li");
    buf_free(&href);
  }
  html_out_end(o, "ul");
  html_out_end(o, "nav");

  html_out_start(o, "section", NULL);
  html_out_attr(o, "id", "both");
  buf_clear(&b);
  buf_printf(&b, "Made by both (%zu)", both);
  html_out_el_text(o, "h2", NULL, buf_cstr(&b));
  buf_clear(&b);
  buf_printf(&b,
             "Each wording below is %s's, marked against %s's: words only %s uses are "
             "underlined and marked \"inserted\", words only %s uses are struck through and "
             "marked \"deleted\".",
             matrix_council_name(B), matrix_council_name(A), matrix_council_name(B),
             matrix_council_name(A));
  html_out_el_text(o, "p", NULL, buf_cstr(&b));
  for (size_t h = 0; h <= c->nthemes; h++) {
    const cc_theme *th = h < c->nthemes ? c->themes[h] : NULL;
    int heading = 0;
    for (size_t t = 0; t < c->ntopics; t++) {
      const cc_topic *tp = c->topics[t];
      if (tp->theme != th) continue;
      size_t na = matrix_cell(tp, A, pa, maxcl), nb = matrix_cell(tp, B, pb, maxcl);
      if (!na || !nb) continue;
      if (!heading) html_out_el_text(o, "h3", NULL, th ? th->label : "Other provisions");
      heading = 1;
      both_topic(o, w, t, A, B, pa, na, pb, nb, relroot);
    }
  }
  html_out_end(o, "section");
  only_list(o, c, A, B, "only-a", only_a, pa, maxcl, relroot);
  only_list(o, c, B, A, "only-b", only_b, pa, maxcl, relroot);
  buf_free(&b);
  free(pa);
  free(pb);
}

/* ---- concord compare A B -------------------------------------------------- */

static const char page_css[] =
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:56rem;margin:0 auto;"
    "padding:1rem;color:#1b1b1b;background:#fff}\n"
    "h1{font-size:1.5rem}h2{font-size:1.25rem}h3{font-size:1.1rem}\n"
    "a{color:#1d4f91}a:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}\n";

static void slug_error(const cc_corpus *c, const char *slug, diag_list *d) {
  buf b = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++) buf_printf(&b, "%s%s", i ? ", " : "", c->docs[i]->slug);
  diag_error(d, NULL, 0, 0, "no council in the corpus has the slug '%s'; give two of: %s", slug,
             buf_cstr(&b));
  buf_free(&b);
}

int matrix_compare_page(const cc_corpus *c, const char *a, const char *b, buf *out, diag_list *d) {
  const cc_document *A = find_doc(c, a), *B = find_doc(c, b);
  if (!A) slug_error(c, a, d);
  if (!B && strcmp(a, b)) slug_error(c, b, d);
  if (A && B && A == B)
    diag_error(d, NULL, 0, 0, "compare needs two different councils, not '%s' twice", a);
  if (!A || !B || A == B) return -1;
  xmlNodePtr html, head;
  xmlDocPtr doc = html_standalone_doc(A->language, &html, &head);
  buf t = BUF_INIT;
  buf_printf(&t, "%s and %s compared", matrix_council_name(A), matrix_council_name(B));
  html_el_text(head, "title", NULL, buf_cstr(&t));
  buf_clear(&t);
  buf_puts(&t, page_css);
  buf_puts(&t, matrix_css);
  buf_puts(&t, diff_html_css);
  html_el_text(head, "style", NULL, buf_cstr(&t));
  buf_free(&t);
  xmlNodePtr main = html_el(html_el(html, "body", NULL), "main", NULL);
  wordings w;
  wordings_init(&w, c, A, B, max_cell(c));
  html_out content = HTML_OUT_INIT;
  compare_fill(&content, &w, A, B, NULL);
  wordings_free(&w);
  html_fragment frag;
  html_out_append(&content, main, &frag);
  int rc = html_serial_doc(doc, out);
  html_fragment_free(&frag);
  xmlFreeDoc(doc);
  if (rc) diag_error(d, NULL, 0, 0, "could not write the comparison page");
  return rc;
}

/* ---- the site: site/compare/, and the matrix's excerpts -------------------- */

static void pair_href(buf *b, const cc_document *x, const cc_document *y) {
  buf_printf(b, "%s--%s.html", x->slug, y->slug);
}

static int write_index(const cc_corpus *c, const html_theme *theme, outdir *o, diag_list *d) {
  html_page *p = html_page_new(theme, "Compare two councils", "../", "compare/index.html",
                               c->build_epoch);
  matrix_add_css(p, "../");
  xmlNodePtr main = html_page_main(p);
  xmlNodePtr crumbs = html_el(main, "p", "breadcrumbs");
  html_attr(html_el_text(crumbs, "a", NULL, "Compare councils"), "href", "../matrix.html");
  html_text(crumbs, " \xE2\x80\xBA Two councils");
  html_el_text(main, "h1", NULL, "Compare two councils");
  buf b = BUF_INIT;
  if (c->ndocs > COMPARE_PAIRS_MAX || c->ndocs < 2) {
    buf_printf(&b,
               "With %zu councils a page for every pair would be %zu pages, so this site has "
               "none: run concord compare with two councils' slugs (concord compare %s %s "
               "-o compare.html) to make the page of any pair.",
               c->ndocs, c->ndocs * (c->ndocs ? c->ndocs - 1 : 0) / 2,
               c->ndocs ? c->docs[0]->slug : "A", c->ndocs > 1 ? c->docs[1]->slug : "B");
    html_el_text(main, "p", NULL, buf_cstr(&b));
    buf_free(&b);
    return html_page_write(p, o, "site/compare/index.html", d);
  }
  html_el_text(main, "p", NULL,
               "Pick two councils to see their provisions aligned by topic: what both make, "
               "with the differences in their wording marked word by word, and what one "
               "makes and the other does not.");
  /* the picker goes to a pair's page: the script's; hidden without it */
  xmlNodePtr form = html_el(main, "form", "compare-pick");
  html_attr(form, "id", "cp");
  html_attr(form, "hidden", "");
  html_attr(form, "action", "index.html");
  const char *const which[2] = {"First council", "Second council"};
  for (int k = 0; k < 2; k++) {
    xmlNodePtr div = html_el(form, "div", "mf-field");
    buf_clear(&b);
    buf_printf(&b, "cp-%d", k + 1);
    html_attr(html_el_text(div, "label", NULL, which[k]), "for", buf_cstr(&b));
    xmlNodePtr sel = html_el(div, "select", NULL);
    html_attr(sel, "id", buf_cstr(&b));
    for (size_t i = 0; i < c->ndocs; i++) {
      xmlNodePtr opt = html_el_text(sel, "option", NULL, matrix_council_name(c->docs[i]));
      html_attr(opt, "value", c->docs[i]->slug);
      if (i == (size_t)k) html_attr(opt, "selected", "");
    }
  }
  html_attr(html_el_text(form, "button", "search-button", "Compare"), "type", "submit");
  xmlNodePtr st = html_el(form, "p", "mf-status");
  html_attr(st, "id", "cp-status");
  html_attr(st, "role", "status");
  /* every pair, for readers without the script: one Tab stop until opened */
  xmlNodePtr det = html_el(main, "details", NULL);
  buf_clear(&b);
  buf_printf(&b, "Every pair of councils (%zu)", c->ndocs * (c->ndocs - 1) / 2);
  html_el_text(det, "summary", NULL, buf_cstr(&b));
  xmlNodePtr ul = html_el(det, "ul", "compare-pairs");
  for (size_t i = 0; i < c->ndocs; i++)
    for (size_t j = i + 1; j < c->ndocs; j++) {
      buf_clear(&b);
      pair_href(&b, c->docs[i], c->docs[j]);
      buf t = BUF_INIT;
      buf_printf(&t, "%s and %s", matrix_council_name(c->docs[i]), matrix_council_name(c->docs[j]));
      html_attr(html_el_text(html_el(ul, "li", NULL), "a", NULL, buf_cstr(&t)), "href",
                buf_cstr(&b));
      buf_free(&t);
    }
  buf_free(&b);
  matrix_add_script(p, "../", "compare.js");
  return html_page_write(p, o, "site/compare/index.html", d);
}

static int write_pair(wordings *w, const html_theme *theme, const cc_document *A,
                      const cc_document *B, outdir *o, diag_list *d) {
  const cc_corpus *c = w->c;
  buf b = BUF_INIT;
  buf_printf(&b, "%s and %s compared", matrix_council_name(A), matrix_council_name(B));
  html_page *p = html_page_new(theme, buf_cstr(&b), "../", "compare/", c->build_epoch);
  matrix_add_css(p, "../");
  html_out out = HTML_OUT_INIT, *h = &out;
  html_out_start(h, "p", "breadcrumbs");
  html_out_start(h, "a", NULL);
  html_out_attr(h, "href", "../matrix.html");
  html_out_text(h, "Compare councils");
  html_out_end(h, "a");
  html_out_text(h, " \xE2\x80\xBA ");
  html_out_start(h, "a", NULL);
  html_out_attr(h, "href", "index.html");
  html_out_text(h, "Two councils");
  html_out_end(h, "a");
  html_out_end(h, "p");
  compare_fill(h, w, A, B, "../");
  html_fragment frag;
  html_out_append(h, html_page_main(p), &frag);
  buf_clear(&b);
  buf_puts(&b, "site/compare/");
  pair_href(&b, A, B);
  int rc = html_page_write(p, o, buf_cstr(&b), d);
  html_fragment_free(&frag);
  buf_free(&b);
  return rc;
}

#define EXCERPT_BYTES 160

/* The first words of TEXT, cut at a space (never inside a character),
 * with an ellipsis when cut. */
static json_t *excerpt(const char *text) {
  buf b = BUF_INIT;
  size_t n = text ? strlen(text) : 0;
  if (n <= EXCERPT_BYTES) {
    buf_put(&b, text ? text : "", n);
  } else {
    size_t cut = EXCERPT_BYTES;
    while (cut > 0 && text[cut] != ' ') cut--;
    if (cut == 0) cut = EXCERPT_BYTES;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
    buf_put(&b, text, cut);
    buf_puts(&b, "\xE2\x80\xA6");
  }
  for (size_t i = 0; i < b.len; i++)
    if (b.data[i] == '\n' || b.data[i] == '\t') b.data[i] = ' ';
  json_t *s = json_stringn(b.data ? b.data : "", b.len);
  buf_free(&b);
  return s ? s : json_string("");
}

/* {"<slug>": {"<provision id>": "opening words…"}}: every provision a
 * matrix cell cites. */
static int write_excerpts(const cc_corpus *c, outdir *o, diag_list *d) {
  json_t *root = json_object();
  for (size_t i = 0; i < c->ndocs; i++) json_object_set_new(root, c->docs[i]->slug, json_object());
  for (size_t t = 0; t < c->ntopics; t++) {
    const cc_topic *tp = c->topics[t];
    for (size_t k = 0; k < tp->nprovisions; k++) {
      const cc_provision *pv = &tp->provisions[k];
      json_t *doc = json_object_get(root, pv->clause->doc->slug);
      const char *id = model_provision_id(pv);
      if (doc && !json_object_get(doc, id))
        json_object_set_new(doc, id, excerpt(model_provision_text(pv)));
    }
  }
  char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (!s) {
    diag_error(d, "site/matrix-excerpts.json", 0, 0,
               "could not encode the matrix's excerpts (invalid UTF-8 in a source?)");
    return -1;
  }
  buf b = BUF_INIT;
  buf_puts(&b, s);
  buf_putc(&b, '\n');
  free(s);
  int rc = outdir_write(o, "site/matrix-excerpts.json", b.data, b.len, d);
  buf_free(&b);
  return rc;
}

int matrix_compare_write_site(const cc_corpus *c, const html_theme *theme, outdir *o,
                              diag_list *d) {
  /* the excerpts serve the full table's script; past MATRIX_HTML_FULL_MAX
   * the matrix is a summary without cells (3 MB of excerpts at 200) */
  if (c->ndocs <= MATRIX_HTML_FULL_MAX && write_excerpts(c, o, d) != 0) return -1;
  if (write_index(c, theme, o, d) != 0) return -1;
  if (c->ndocs > COMPARE_PAIRS_MAX) return 0;
  wordings w;
  wordings_init(&w, c, NULL, NULL, max_cell(c));
  int rc = 0;
  for (size_t i = 0; i < c->ndocs && rc == 0; i++)
    for (size_t j = i + 1; j < c->ndocs && rc == 0; j++)
      rc = write_pair(&w, theme, c->docs[i], c->docs[j], o, d);
  wordings_free(&w);
  return rc;
}
