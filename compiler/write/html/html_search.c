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

int html_search_write_index(const cc_corpus *c, outdir *o, diag_list *d) {
  json_t *root = json_object();
  json_t *councils = json_array();
  json_t *clauses = json_array();
  json_object_set_new(root, "v", json_integer(1));
  json_object_set_new(root, "councils", councils);
  json_object_set_new(root, "clauses", clauses);
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    json_t *row = json_array();
    json_array_append_new(row, json_string(doc->slug));
    json_array_append_new(row, json_string(doc->council ? doc->council : doc->slug));
    json_array_append_new(councils, row);
    for (size_t k = 0; k < doc->nclauses; k++) json_array_append_new(clauses, clause_row(i, doc->clauses[k]));
  }
  /* compact: one line; keys keep insertion order, so the bytes are stable */
  char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (!s) {
    diag_error(d, "site/search-index.json", 0, 0, "could not encode the search index (invalid UTF-8 in a source?)");
    return -1;
  }
  buf b = BUF_INIT;
  buf_puts(&b, s);
  buf_putc(&b, '\n');
  free(s);
  int rc = outdir_write(o, "site/search-index.json", b.data, b.len, d);
  buf_free(&b);
  return rc;
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
