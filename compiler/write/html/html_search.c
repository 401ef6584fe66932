/* html_search.c - the search index and the search form (see html_search.h).
 *
 * The index is built with jansson, so no source text is ever written into
 * JSON by hand; the form is built as a libxml2 tree like the rest of the
 * page. The script (themes/<name>/search.js) is progressive enhancement:
 * the page is complete without it. */
#include "write/html/html_search.h"
#include "base/buf.h"
#include "write/html/html_tree.h"
#include "base/strmap.h"
#include "base/utf8.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

/* ---- normalisation (search.js's norm() and words() do the same) ---------- */

static void flush_word(buf *word, int has_digit, buf *out, strmap *seen) {
  /* one-letter words ("a", the "s" of "member's") are noise; "3" is not */
  if (word->len > 1 || (word->len == 1 && has_digit)) {
    const char *w = buf_cstr(word);
    if (strmap_add(seen, w, NULL)) {
      if (out->len) buf_putc(out, ' ');
      buf_puts(out, w);
    }
  }
  buf_clear(word);
}

/* Appends the normalised words of TEXT not yet in SEEN to OUT. */
static void add_words(buf *out, strmap *seen, const char *text) {
  size_t len;
  char *folded = text && *text ? utf8_match_fold(text, &len) : NULL;
  if (!folded) return; /* invalid UTF-8: the reader has already reported it */
  buf word = BUF_INIT;
  int has_digit = 0;
  for (size_t i = 0, k; i < len; i += k) {
    int32_t cp;
    utf8_class cl = utf8_char_class(folded + i, len - i, &cp, &k);
    if (cl != UTF8_OTHER) {
      buf_put(&word, folded + i, k);
      has_digit |= cl != UTF8_LETTER;
    } else {
      flush_word(&word, has_digit, out, seen);
      has_digit = 0;
    }
  }
  flush_word(&word, has_digit, out, seen);
  buf_free(&word);
  free(folded);
}

/* ---- the index ----------------------------------------------------------- */

#define EXCERPT_BYTES 90

/* The first words of TEXT, cut at a space before EXCERPT_BYTES (so never
 * inside a UTF-8 sequence), with an ellipsis when cut. */
static json_t *excerpt(const char *text) {
  if (!text) return json_string("");
  buf b = BUF_INIT;
  size_t n = strlen(text);
  if (n <= EXCERPT_BYTES) {
    buf_puts(&b, text);
  } else {
    size_t cut = EXCERPT_BYTES;
    while (cut > 0 && text[cut] != ' ') cut--;
    if (cut == 0) cut = EXCERPT_BYTES;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--; /* no half characters */
    buf_put(&b, text, cut);
    buf_puts(&b, "\xE2\x80\xA6"); /* … */
  }
  /* line ends inside a paragraph are spaces on the page too */
  for (size_t i = 0; i < b.len; i++)
    if (b.data[i] == '\n' || b.data[i] == '\t') b.data[i] = ' ';
  json_t *s = json_stringn(b.data ? b.data : "", b.len);
  buf_free(&b);
  return s ? s : json_string("");
}

static const char *section_heading(const cc_section *s) {
  for (; s && s->depth > 0; s = s->parent) {
    const char *h = s->heading_shown ? s->heading_shown : s->heading_text;
    if (h && *h) return h;
  }
  return "";
}

static json_t *clause_row(size_t doc_index, const cc_clause *cl) {
  buf words = BUF_INIT;
  strmap *seen = strmap_new();
  /* the number too, so "3.4" finds paragraph 3.4 */
  add_words(&words, seen, model_clause_number_shown(cl));
  add_words(&words, seen, cl->text);
  for (const cc_section *s = cl->section; s && s->depth > 0; s = s->parent)
    add_words(&words, seen, s->heading_shown ? s->heading_shown : s->heading_text);
  strmap_free(seen);
  const char *num = model_clause_number_shown(cl);
  json_t *row = json_array();
  json_array_append_new(row, json_integer((json_int_t)doc_index));
  json_array_append_new(row, json_string(cl->id));
  json_array_append_new(row, json_string(num ? num : ""));
  json_array_append_new(row, json_string(cl->heading_text ? cl->heading_text : section_heading(cl->section)));
  json_array_append_new(row, cl->heading_text ? json_string("") : excerpt(cl->text));
  json_array_append_new(row, json_stringn(words.data ? words.data : "", words.len));
  buf_free(&words);
  return row;
}

/* Dumps ROOT (consumed) compactly into REL, with a final newline. */
static int write_json(json_t *root, const char *rel, outdir *o, diag_list *d) {
  /* compact: one line; keys keep insertion order, so the bytes are stable */
  char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (!s) {
    diag_error(d, rel, 0, 0, "could not encode the search index (invalid UTF-8 in a source?)");
    return -1;
  }
  buf b = BUF_INIT;
  buf_puts(&b, s);
  buf_putc(&b, '\n');
  free(s);
  int rc = outdir_write(o, rel, b.data, b.len, d);
  buf_free(&b);
  return rc;
}

static json_t *councils_json(const cc_corpus *c) {
  json_t *councils = json_array();
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    json_t *row = json_array();
    json_array_append_new(row, json_string(doc->slug));
    json_array_append_new(row, json_string(doc->council ? doc->council : doc->slug));
    json_array_append_new(councils, row);
  }
  return councils;
}

/* ---- the sharded index (large corpora) ------------------------------------
 *
 * One file of every clause's words is 3.8 MB at 200 councils and about
 * 19 MB at 1,000, fetched whole before the first result. Past
 * SEARCH_SHARD_MIN councils the index is an inverted index in pieces:
 * search/w-<hex>.json maps each word beginning with the same two
 * characters (hex: their UTF-8 bytes; one if the first is a digit) to the
 * clauses containing it, and
 * search/c-<k>.json holds the rows shown for clauses k*SEARCH_BLOCK ...;
 * a query fetches one word file per query word and the row blocks of the
 * results it shows. */

#define SEARCH_SHARD_MIN 100
#define SEARCH_BLOCK 1000

typedef struct posting {
  const char *word; /* the strmap's copy */
  uint32_t *v;      /* clause * 2 + 1 if the word is in its heading or number */
  size_t n, cap;
} posting;

static int posting_cmp(const void *a, const void *b) {
  return strcmp((*(const posting *const *)a)->word, (*(const posting *const *)b)->word);
}

/* The bytes of W's shard key: its first two characters, or only the
 * first when that is a digit (a one-digit query, "3", must find "30" and
 * "3rd": the digit's file holds every word that begins with it). */
static size_t shard_len(const char *w) {
  size_t n = 0;
  if (*w >= '0' && *w <= '9') return 1;
  for (int chars = 0; w[n] && chars < 2; chars++) {
    n++;
    while (((unsigned char)w[n] & 0xC0) == 0x80) n++;
  }
  return n;
}

static int write_sharded(const cc_corpus *c, outdir *o, diag_list *d) {
  strmap *index = strmap_new(); /* word -> posting number + 1 */
  posting *ps = NULL;
  size_t nps = 0, capps = 0, g = 0, nblocks = 0;
  json_t *block = NULL;
  int rc = 0;
  buf rel = BUF_INIT, head = BUF_INIT, one = BUF_INIT;
  for (size_t i = 0; i < c->ndocs && rc == 0; i++) {
    const cc_document *doc = c->docs[i];
    for (size_t k = 0; k < doc->nclauses && rc == 0; k++, g++) {
      json_t *row = clause_row(i, doc->clauses[k]);
      /* the heading bonus of search.js: words of the heading and number */
      strmap *in_head = strmap_new();
      buf_clear(&head);
      add_words(&head, in_head, json_string_value(json_array_get(row, 3)));
      add_words(&head, in_head, json_string_value(json_array_get(row, 2)));
      const char *w = json_string_value(json_array_get(row, 5));
      while (w && *w) {
        const char *e = strchr(w, ' ');
        size_t len = e ? (size_t)(e - w) : strlen(w);
        buf_clear(&one);
        buf_put(&one, w, len);
        const char *word = buf_cstr(&one);
        uintptr_t at = (uintptr_t)strmap_get(index, word);
        if (!at) {
          XGROW(ps, nps, capps);
          memset(&ps[nps], 0, sizeof ps[nps]);
          strmap_put(index, word, (void *)(at = ++nps));
        }
        posting *p = &ps[at - 1];
        XGROW(p->v, p->n, p->cap);
        p->v[p->n++] = (uint32_t)(g * 2 + (strmap_has(in_head, word) ? 1 : 0));
        w = e ? e + 1 : w + len;
      }
      strmap_free(in_head);
      json_array_remove(row, 5); /* the words are in the word files */
      if (!block) block = json_array();
      json_array_append_new(block, row);
      if (json_array_size(block) == SEARCH_BLOCK) {
        buf_clear(&rel);
        buf_printf(&rel, "site/search/c-%zu.json", nblocks++);
        rc = write_json(block, buf_cstr(&rel), o, d);
        block = NULL;
      }
    }
  }
  if (block && rc == 0) {
    buf_clear(&rel);
    buf_printf(&rel, "site/search/c-%zu.json", nblocks++);
    rc = write_json(block, buf_cstr(&rel), o, d);
    block = NULL;
  }
  json_decref(block);
  /* the word files, in byte order of the words: deterministic */
  posting **sorted = xmalloc((nps + 1) * sizeof *sorted);
  size_t pos = 0, n = 0;
  const char *key;
  void *val;
  while (strmap_next(index, &pos, &key, &val)) {
    ps[(uintptr_t)val - 1].word = key;
    sorted[n++] = &ps[(uintptr_t)val - 1];
  }
  qsort(sorted, n, sizeof *sorted, posting_cmp);
  for (size_t i = 0; i < n && rc == 0;) {
    size_t kl = shard_len(sorted[i]->word), j = i;
    json_t *shard = json_object();
    while (j < n && shard_len(sorted[j]->word) == kl &&
           memcmp(sorted[j]->word, sorted[i]->word, kl) == 0) {
      json_t *list = json_array();
      for (size_t k = 0; k < sorted[j]->n; k++)
        json_array_append_new(list, json_integer((json_int_t)sorted[j]->v[k]));
      json_object_set_new(shard, sorted[j]->word, list);
      j++;
    }
    buf_clear(&rel);
    buf_puts(&rel, "site/search/w-");
    for (size_t k = 0; k < kl; k++) buf_printf(&rel, "%02x", (unsigned char)sorted[i]->word[k]);
    buf_puts(&rel, ".json");
    rc = write_json(shard, buf_cstr(&rel), o, d);
    i = j;
  }
  free(sorted);
  for (size_t i = 0; i < nps; i++) free(ps[i].v);
  free(ps);
  strmap_free(index);
  buf_free(&rel);
  buf_free(&head);
  buf_free(&one);
  if (rc != 0) return rc;
  json_t *root = json_object();
  json_object_set_new(root, "v", json_integer(2));
  json_object_set_new(root, "councils", councils_json(c));
  json_object_set_new(root, "block", json_integer(SEARCH_BLOCK));
  json_object_set_new(root, "clauses", json_integer((json_int_t)g));
  return write_json(root, "site/search-index.json", o, d);
}

int html_search_write_index(const cc_corpus *c, outdir *o, diag_list *d) {
  if (c->ndocs > SEARCH_SHARD_MIN) return write_sharded(c, o, d);
  json_t *root = json_object();
  json_t *clauses = json_array();
  json_object_set_new(root, "v", json_integer(1));
  json_object_set_new(root, "councils", councils_json(c));
  json_object_set_new(root, "clauses", clauses);
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    for (size_t k = 0; k < doc->nclauses; k++) json_array_append_new(clauses, clause_row(i, doc->clauses[k]));
  }
  return write_json(root, "site/search-index.json", o, d);
}

/* ---- the form ------------------------------------------------------------ */

static int theme_has_script(const html_theme *theme) {
  char *path = html_theme_file(theme, "search.js"); /* its own or inherited */
  int ok = path != NULL;
  free(path);
  return ok;
}

void html_search_form(xmlNodePtr main, const html_theme *theme, const char *relroot) {
  if (!theme_has_script(theme)) return;
  buf b = BUF_INIT;
  /* hidden until search.js runs: without it there is no form that does nothing */
  xmlNodePtr sec = html_el(main, "section", "site-search");
  html_attr(sec, "id", "_search");
  html_attr(sec, "hidden", "");
  html_attr(sec, "aria-labelledby", "_search-heading");
  buf_puts(&b, relroot);
  buf_puts(&b, "search-index.json");
  html_attr(sec, "data-index", buf_cstr(&b));
  xmlNodePtr h = html_el_text(sec, "h2", NULL, "Search all protocols");
  html_attr(h, "id", "_search-heading");

  xmlNodePtr form = html_el(sec, "form", "search-form");
  html_attr(form, "role", "search");
  buf_clear(&b);
  buf_puts(&b, relroot);
  buf_puts(&b, "index.html");
  html_attr(form, "action", buf_cstr(&b)); /* a plain GET to the index: ?q= */
  html_attr(form, "method", "get");
  xmlNodePtr label = html_el_text(form, "label", "search-label", "Words to find in any council's protocol");
  html_attr(label, "for", "_search-q");
  xmlNodePtr row = html_el(form, "div", "search-row");
  xmlNodePtr input = html_el(row, "input", "search-input");
  html_attr(input, "type", "search");
  html_attr(input, "id", "_search-q");
  html_attr(input, "name", "q");
  html_attr(input, "autocomplete", "off");
  html_attr(input, "spellcheck", "false");
  xmlNodePtr btn = html_el_text(row, "button", "search-button", "Search");
  html_attr(btn, "type", "submit");

  /* the script fills these with textContent and createElement only */
  xmlNodePtr status = html_el(sec, "p", "search-status");
  html_attr(status, "id", "_search-status");
  html_attr(status, "role", "status");
  xmlNodePtr results = html_el(sec, "div", "search-results");
  html_attr(results, "id", "_search-results");

  /* the script, at the end of <body> */
  xmlNodePtr body = main;
  while (body && !(body->type == XML_ELEMENT_NODE && strcmp((const char *)body->name, "body") == 0))
    body = body->parent;
  if (body) {
    buf_clear(&b);
    buf_puts(&b, relroot);
    buf_puts(&b, "themes/");
    buf_puts(&b, theme->name);
    buf_puts(&b, "/search.js");
    xmlNodePtr script = html_el(body, "script", NULL);
    html_attr(script, "src", buf_cstr(&b));
  }
  buf_free(&b);
}
