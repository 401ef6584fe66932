/* html_search.c - the search index and the search form (see html_search.h).
 *
 * The index is built with jansson, so no source text is ever written into
 * JSON by hand; the form is built as a libxml2 tree like the rest of the
 * page. The script (themes/<name>/search.js) is progressive enhancement:
 * the page is complete without it. */
#define _POSIX_C_SOURCE 200809L /* lstat, st_mtim */
#include "write/html/html_search.h"
#include "base/buf.h"
#include "base/memo.h"
#include "write/html/html_tree.h"
#include "base/strmap.h"
#include "base/utf8.h"

#include <jansson.h>
#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

/* ---- normalisation (search.js's norm() and words() do the same) ---------- */

/* The search's stemmer: Snowball English (libstemmer). search.js stems a
 * query with the same algorithm (themes/default/snowball-english.js,
 * Snowball's own JavaScript output of the same version), so "surgery" and
 * "surgeries" meet at "surgeri"; tests/t_search.py checks the two agree on
 * every word of the corpus. Words with a digit ("3rd", "12") are not
 * stemmed.
 *
 * The index's vocabulary: every word is stemmed once and every index
 * word is one vocab_word, which remembers the last list it went into. A
 * council's text is a few thousand distinct words written tens of
 * thousands of times: Snowball's rules on each, and a set of copied
 * strings per clause to list each word once, were most of the index's
 * time. One per index build: a stemmer is not shared between threads. */
typedef struct vocab_word {
  char *text;    /* the stem, or the word as it is */
  size_t len;
  unsigned list; /* the last list it was added to (search_vocab.list) */
} vocab_word;

typedef struct search_vocab {
  struct sb_stemmer *stem; /* NULL: keep the words as they are */
  strmap *stemmed;         /* a word as folded -> its vocab_word, through the stemmer */
  strmap *words;           /* vocab_word text -> vocab_word */
  unsigned list;           /* the list being built: 1, 2, ... (see search_words) */
  buf scratch;
} search_vocab;

/* Words go into OUT, each once (search_words_begin starts a new list). */
typedef struct search_words {
  buf *out;
  search_vocab *v;
} search_words;

static search_words search_words_begin(search_vocab *v, buf *out) {
  v->list++;
  return (search_words){out, v};
}

/* The vocab_word of the text S[0..N). */
static vocab_word *vocab_text(search_vocab *v, const char *s, size_t n) {
  buf_clear(&v->scratch);
  buf_put(&v->scratch, s, n);
  vocab_word *w = strmap_get(v->words, buf_cstr(&v->scratch));
  if (!w) {
    w = xmalloc(sizeof *w);
    w->text = xmalloc(n + 1);
    memcpy(w->text, s, n);
    w->text[n] = '\0';
    w->len = n;
    w->list = 0;
    strmap_put(v->words, w->text, w);
  }
  return w;
}

/* The index word of WORD: its stem (computed once per distinct word), or
 * the word itself when it has a digit or there is no stemmer. */
static vocab_word *vocab_word_of(search_vocab *v, const buf *word, int has_digit) {
  const char *w = buf_cstr(word);
  if (!v->stem || has_digit) return vocab_text(v, w, word->len);
  vocab_word *known = strmap_get(v->stemmed, w);
  if (known) return known;
  const sb_symbol *st = sb_stemmer_stem(v->stem, (const sb_symbol *)w, (int)word->len);
  if (!st) return vocab_text(v, w, word->len); /* out of memory in libstemmer: as it is */
  vocab_word *vw = vocab_text(v, (const char *)st, (size_t)sb_stemmer_length(v->stem));
  strmap_put(v->stemmed, w, vw);
  return vw;
}

static void flush_word(buf *word, int has_digit, search_words *sw) {
  /* one-letter words ("a", the "s" of "member's") are noise; "3" is not */
  if (word->len > 1 || (word->len == 1 && has_digit)) {
    vocab_word *w = vocab_word_of(sw->v, word, has_digit);
    if (w->len && w->list != sw->v->list) {
      w->list = sw->v->list;
      if (sw->out->len) buf_putc(sw->out, ' ');
      buf_put(sw->out, w->text, w->len);
    }
  }
  buf_clear(word);
}

/* Appends the normalised (and stemmed) words of TEXT not yet in SW's
 * list to SW's out. */
static void add_words(search_words *sw, const char *text) {
  size_t len;
  char *folded = text && *text ? utf8_match_fold(text, &len) : NULL;
  if (!folded) return; /* invalid UTF-8: the reader has already reported it */
  buf word = BUF_INIT;
  int has_digit = 0;
  for (size_t i = 0, k; i < len; i += k) {
    /* a run of ASCII letters and digits (nearly all the text) in one
       piece; utf8_char_class classes them the same way */
    size_t j = i;
    for (; j < len; j++) {
      char ch = folded[j];
      if (ch >= '0' && ch <= '9') has_digit = 1;
      else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) break;
    }
    if (j > i) {
      buf_put(&word, folded + i, j - i);
      k = j - i;
      continue;
    }
    int32_t cp;
    utf8_class cl = utf8_char_class(folded + i, len - i, &cp, &k);
    if (cl != UTF8_OTHER) {
      buf_put(&word, folded + i, k);
      has_digit |= cl != UTF8_LETTER;
    } else {
      flush_word(&word, has_digit, sw);
      has_digit = 0;
    }
  }
  flush_word(&word, has_digit, sw);
  buf_free(&word);
  free(folded);
}

/* ---- the index ----------------------------------------------------------- */

/* The clause's text as the page shows it, line ends as spaces: search.js
 * cuts the snippet around the matched words from it. */
static json_t *clause_text(const char *text) {
  if (!text) return json_string("");
  size_t n = strlen(text);
  char *t = xmalloc(n + 1);
  memcpy(t, text, n + 1);
  /* line ends inside a paragraph are spaces on the page too */
  for (size_t i = 0; i < n; i++)
    if (t[i] == '\n' || t[i] == '\t') t[i] = ' ';
  json_t *s = json_stringn(t, n);
  free(t);
  return s ? s : json_string("");
}

static const char *section_heading(const cc_section *s) {
  for (; s && s->depth > 0; s = s->parent) {
    const char *h = s->heading_shown ? s->heading_shown : s->heading_text;
    if (h && *h) return h;
  }
  return "";
}

/* The themes of CL's topics (its own and its items'), as indices into the
 * corpus's themes, ascending, each once: the results page's theme filter. */
static json_t *clause_themes(const cc_corpus *c, const cc_clause *cl) {
  json_t *a = json_array();
  for (size_t t = 0; t < c->nthemes; t++) {
    int has = 0;
    for (size_t k = 0; k < cl->ntopics && !has; k++)
      has = cl->topics[k]->theme && cl->topics[k]->theme->index == t;
    if (has) json_array_append_new(a, json_integer((json_int_t)t));
  }
  return a;
}

/* The stemmed words of a clause. Normalising and stemming every clause
 * is most of the index's time, and concord watch rebuilds the index on
 * every save with all but the edited clauses' words as before: so the
 * build may give a memo (build/pipeline.c's session owns it, this file
 * only uses it). The key is everything the words come from, each piece
 * with its length, so equal keys give equal words. */
static void key_piece(buf *k, const char *s) {
  buf_printf(k, "%zu:", s ? strlen(s) : (size_t)0);
  if (s) buf_puts(k, s);
}

static void clause_words(const cc_clause *cl, search_vocab *v, memo *known, buf *words) {
  buf key = BUF_INIT;
  if (known) {
    buf_puts(&key, v->stem ? "s" : "n");
    key_piece(&key, model_clause_number_shown(cl));
    key_piece(&key, cl->text);
    for (const cc_section *s = cl->section; s && s->depth > 0; s = s->parent)
      key_piece(&key, s->heading_shown ? s->heading_shown : s->heading_text);
    if (memo_get(known, buf_cstr(&key), words)) {
      buf_free(&key);
      return;
    }
  }
  search_words sw = search_words_begin(v, words);
  /* the number too, so "3.4" finds paragraph 3.4 */
  add_words(&sw, model_clause_number_shown(cl));
  add_words(&sw, cl->text);
  for (const cc_section *s = cl->section; s && s->depth > 0; s = s->parent)
    add_words(&sw, s->heading_shown ? s->heading_shown : s->heading_text);
  if (known) memo_put(known, buf_cstr(&key), words->data ? words->data : "", words->len);
  buf_free(&key);
}

static json_t *clause_row(const cc_corpus *c, size_t doc_index, const cc_clause *cl,
                          search_vocab *v, memo *known) {
  buf words = BUF_INIT;
  clause_words(cl, v, known, &words);
  const char *num = model_clause_number_shown(cl);
  json_t *row = json_array();
  json_array_append_new(row, json_integer((json_int_t)doc_index));
  json_array_append_new(row, json_string(cl->id));
  json_array_append_new(row, json_string(num ? num : ""));
  json_array_append_new(row, json_string(cl->heading_text ? cl->heading_text : section_heading(cl->section)));
  json_array_append_new(row, clause_text(cl->text));
  json_array_append_new(row, json_stringn(words.data ? words.data : "", words.len));
  json_array_append_new(row, clause_themes(c, cl));
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
  /* a shard with the bytes the output holds is left as it is (outdir_write):
   * a save under concord watch changes a few of a thousand */
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

static json_t *themes_json(const cc_corpus *c) {
  json_t *themes = json_array();
  for (size_t i = 0; i < c->nthemes; i++) {
    json_t *row = json_array();
    json_array_append_new(row, json_string(c->themes[i]->key));
    json_array_append_new(row, json_string(c->themes[i]->label ? c->themes[i]->label : c->themes[i]->key));
    json_array_append_new(themes, row);
  }
  return themes;
}

static search_vocab *vocab_new(diag_list *d) {
  struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
  if (!st) {
    diag_error(d, "site/search-index.json", 0, 0,
               "libstemmer has no English stemmer: install libstemmer0d (make deps)");
    return NULL;
  }
  search_vocab *v = xcalloc(1, sizeof *v);
  v->stem = st;
  v->stemmed = strmap_new();
  v->words = strmap_new();
  return v;
}

static void vocab_free(search_vocab *v) {
  size_t pos = 0;
  const char *key;
  void *val;
  while (strmap_next(v->words, &pos, &key, &val)) {
    vocab_word *w = val;
    free(w->text);
    free(w);
  }
  strmap_free(v->words);
  strmap_free(v->stemmed);
  sb_stemmer_delete(v->stem);
  buf_free(&v->scratch);
  free(v);
}

/* ---- the sharded index (large corpora) ------------------------------------
 *
 * One file of every clause's words is 3.8 MB at 200 councils and about
 * 19 MB at 1,000, fetched whole before the first result. Past
 * SEARCH_SHARD_MIN councils the index is an inverted index in pieces:
 * search/w-<hex>.json maps each word beginning with the same two
 * characters (hex: their UTF-8 bytes; one if the first is a digit) to the
 * clauses containing it, and
 * search/c-<k>.json holds the rows shown for clauses k*SEARCH_BLOCK ...,
 * and search/t-<k>.json the clauses of theme k (the theme filter);
 * a query fetches the word files of its words and the row blocks of the
 * results it shows. A row carries the clause's text (for the snippet,
 * about 400 bytes): blocks of 1,000 were 410 KB, and the 50 results of
 * one query, spread over the corpus, fetched 22 of them (9 MB); blocks of
 * 50 are about 20 KB, so the rows of a page of results stay under 1 MB. */

#define SEARCH_SHARD_MIN 100
#define SEARCH_BLOCK 50

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

static int write_sharded(const cc_corpus *c, search_vocab *v, memo *known, outdir *o,
                         diag_list *d) {
  strmap *index = strmap_new(); /* word -> posting number + 1 */
  /* the theme filter: per theme, the clauses with a topic of it */
  json_t **by_theme = xcalloc(c->nthemes + 1, sizeof *by_theme);
  for (size_t t = 0; t < c->nthemes; t++) by_theme[t] = json_array();
  /* the council filter: each council's first clause */
  json_t *starts = json_array();
  posting *ps = NULL;
  size_t nps = 0, capps = 0, g = 0, nblocks = 0;
  json_t *block = NULL;
  int rc = 0;
  buf rel = BUF_INIT, head = BUF_INIT, one = BUF_INIT;
  for (size_t i = 0; i < c->ndocs && rc == 0; i++) {
    const cc_document *doc = c->docs[i];
    json_array_append_new(starts, json_integer((json_int_t)g));
    for (size_t k = 0; k < doc->nclauses && rc == 0; k++, g++) {
      json_t *row = clause_row(c, i, doc->clauses[k], v, known);
      json_t *ts = json_array_get(row, 6);
      for (size_t ti = 0; ti < json_array_size(ts); ti++)
        json_array_append_new(by_theme[json_integer_value(json_array_get(ts, ti))], json_integer((json_int_t)g));
      /* the heading bonus of search.js: words of the heading and number */
      buf_clear(&head);
      search_words hw = search_words_begin(v, &head);
      add_words(&hw, json_string_value(json_array_get(row, 3)));
      add_words(&hw, json_string_value(json_array_get(row, 2)));
      strmap *in_head = strmap_new();
      for (const char *h = buf_cstr(&head); *h;) {
        size_t hl = strcspn(h, " ");
        buf_clear(&one);
        buf_put(&one, h, hl);
        strmap_add(in_head, buf_cstr(&one), NULL);
        h += hl + (h[hl] == ' ');
      }
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
      json_array_set_new(row, 5, json_string("")); /* the words are in the word files */
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
  for (size_t t = 0; t < c->nthemes; t++) {
    if (rc == 0) {
      buf_clear(&rel);
      buf_printf(&rel, "site/search/t-%zu.json", t);
      rc = write_json(by_theme[t], buf_cstr(&rel), o, d);
    } else {
      json_decref(by_theme[t]);
    }
  }
  free(by_theme);
  for (size_t i = 0; i < nps; i++) free(ps[i].v);
  free(ps);
  strmap_free(index);
  buf_free(&rel);
  buf_free(&head);
  buf_free(&one);
  if (rc != 0) {
    json_decref(starts);
    return rc;
  }
  json_t *root = json_object();
  json_object_set_new(root, "v", json_integer(2));
  json_object_set_new(root, "councils", councils_json(c));
  json_object_set_new(root, "starts", starts);
  json_object_set_new(root, "themes", themes_json(c));
  json_object_set_new(root, "block", json_integer(SEARCH_BLOCK));
  json_object_set_new(root, "clauses", json_integer((json_int_t)g));
  return write_json(root, "site/search-index.json", o, d);
}

/* ---- the one-file index, written as bytes ----------------------------------
 *
 * The bytes json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) made of the
 * jansson tree this replaced (building and dumping it was a third of the
 * index's time): strings escaped as jansson escapes them (quote,
 * backslash, controls; UTF-8 as it is), and a string that is not valid
 * UTF-8 left out of its array, as json_string's NULL was by
 * json_array_append_new (sources are checked UTF-8, so never in
 * practice). */

typedef struct jw {
  buf *b;
  int first; /* no element yet in the innermost array */
} jw;

static int js_valid(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] & 0x80) return utf8_validate(s + i, n - i) == n - i;
  return 1;
}

static void js_sep(jw *w) {
  if (!w->first) buf_putc(w->b, ',');
  w->first = 0;
}

static void js_open(jw *w) {
  js_sep(w);
  buf_putc(w->b, '[');
  w->first = 1;
}

static void js_close(jw *w) {
  buf_putc(w->b, ']');
  w->first = 0;
}

static void js_int(jw *w, long long v) {
  js_sep(w);
  buf_printf(w->b, "%lld", v);
}

/* S[0..N) as a string element. */
static void js_strn(jw *w, const char *s, size_t n) {
  if (!s || !js_valid(s, n)) return;
  js_sep(w);
  buf *b = w->b;
  buf_putc(b, '"');
  const char *run = s, *end = s + n;
  for (const char *p = s; p < end; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    if (p > run) buf_put(b, run, (size_t)(p - run));
    run = p + 1;
    switch (c) {
    case '"': buf_puts(b, "\\\""); break;
    case '\\': buf_puts(b, "\\\\"); break;
    case '\b': buf_puts(b, "\\b"); break;
    case '\f': buf_puts(b, "\\f"); break;
    case '\n': buf_puts(b, "\\n"); break;
    case '\r': buf_puts(b, "\\r"); break;
    case '\t': buf_puts(b, "\\t"); break;
    default: buf_printf(b, "\\u%04X", (unsigned)c);
    }
  }
  if (end > run) buf_put(b, run, (size_t)(end - run));
  buf_putc(b, '"');
}

static void js_str(jw *w, const char *s) {
  if (s) js_strn(w, s, strlen(s));
}

static void write_row(jw *w, const cc_corpus *c, size_t doc_index, const cc_clause *cl,
                      search_vocab *v, memo *known, buf *scratch) {
  buf words = BUF_INIT;
  clause_words(cl, v, known, &words);
  const char *num = model_clause_number_shown(cl);
  js_open(w);
  js_int(w, (long long)doc_index);
  js_str(w, cl->id);
  js_str(w, num ? num : "");
  js_str(w, cl->heading_text ? cl->heading_text : section_heading(cl->section));
  /* the text as clause_text gives it: line ends as spaces, "" if not UTF-8 */
  buf_clear(scratch);
  if (cl->text) buf_puts(scratch, cl->text);
  for (size_t i = 0; i < scratch->len; i++)
    if (scratch->data[i] == '\n' || scratch->data[i] == '\t') scratch->data[i] = ' ';
  const char *t = scratch->data ? scratch->data : "";
  if (js_valid(t, scratch->len)) js_strn(w, t, scratch->len);
  else js_str(w, "");
  js_strn(w, words.data ? words.data : "", words.len);
  js_open(w); /* the themes of its topics (clause_themes) */
  for (size_t th = 0; th < c->nthemes; th++) {
    int has = 0;
    for (size_t k = 0; k < cl->ntopics && !has; k++)
      has = cl->topics[k]->theme && cl->topics[k]->theme->index == th;
    if (has) js_int(w, (long long)th);
  }
  js_close(w);
  js_close(w);
  buf_free(&words);
}

static int write_index_file(const cc_corpus *c, search_vocab *v, memo *known, outdir *o,
                            diag_list *d) {
  buf b = BUF_INIT, scratch = BUF_INIT;
  jw w = {&b, 1};
  buf_puts(&b, "{\"v\":1,\"councils\":");
  js_open(&w);
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    js_open(&w);
    js_str(&w, doc->slug);
    js_str(&w, doc->council ? doc->council : doc->slug);
    js_close(&w);
  }
  js_close(&w);
  buf_puts(&b, ",\"themes\":");
  w.first = 1;
  js_open(&w);
  for (size_t i = 0; i < c->nthemes; i++) {
    js_open(&w);
    js_str(&w, c->themes[i]->key);
    js_str(&w, c->themes[i]->label ? c->themes[i]->label : c->themes[i]->key);
    js_close(&w);
  }
  js_close(&w);
  buf_puts(&b, ",\"clauses\":");
  w.first = 1;
  js_open(&w);
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *doc = c->docs[i];
    for (size_t k = 0; k < doc->nclauses; k++) write_row(&w, c, i, doc->clauses[k], v, known, &scratch);
  }
  js_close(&w);
  buf_puts(&b, "}\n");
  int rc = outdir_write(o, "site/search-index.json", b.data, b.len, d);
  buf_free(&b);
  buf_free(&scratch);
  return rc;
}

int html_search_write_index(const cc_corpus *c, memo *known, outdir *o, diag_list *d) {
  search_vocab *v = vocab_new(d);
  if (!v) return -1;
  int rc;
  if (c->ndocs > SEARCH_SHARD_MIN) {
    rc = write_sharded(c, v, known, o, d);
  } else {
    rc = write_index_file(c, v, known, o, d);
  }
  vocab_free(v);
  return rc;
}

static int html_search_has_script(const html_theme *theme) {
  char *path = html_theme_file(theme, "search.js"); /* its own or inherited */
  int ok = path != NULL;
  free(path);
  return ok;
}

/* ---- the results page ----------------------------------------------------- */

static void add_option(xmlNodePtr select, const char *value, const char *label) {
  xmlNodePtr o = html_el_text(select, "option", NULL, label);
  html_attr(o, "value", value);
}

static void add_filter(xmlNodePtr form, const char *id, const char *name, const char *label,
                       const char *all) {
  xmlNodePtr div = html_el(form, "div", "search-filter");
  xmlNodePtr l = html_el_text(div, "label", NULL, label);
  html_attr(l, "for", id);
  xmlNodePtr sel = html_el(div, "select", NULL);
  html_attr(sel, "id", id);
  html_attr(sel, "name", name);
  add_option(sel, "", all);
}

int html_search_write_page(const cc_corpus *c, const html_theme *theme, outdir *o, diag_list *d) {
  if (!html_search_has_script(theme)) return 0;
  html_page *p = html_page_new(theme, "Search \xE2\x80\x93 Council protocols", "", "search.html",
                               c->build_epoch);
  xmlNodePtr main = html_page_main(p);
  html_page_set_lang(p, "en-GB");
  xmlNodePtr hd = html_el(main, "header", "doc-header");
  html_el_text(hd, "h1", NULL, "Search the protocols");
  /* without JavaScript the form below stays hidden: say what to do instead */
  xmlNodePtr off = html_el(main, "p", "search-off");
  html_attr(off, "id", "_search-off");
  html_text(off, "Search needs JavaScript, which is off or did not load. Every council's protocol is "
                 "listed on the ");
  xmlNodePtr a = html_el_text(off, "a", NULL, "home page");
  html_attr(a, "href", "index.html");
  html_text(off, ", each with its contents.");

  xmlNodePtr sec = html_el(main, "section", "site-search");
  html_attr(sec, "id", "_search");
  html_attr(sec, "hidden", "");
  html_attr(sec, "aria-label", "Search and results");
  html_attr(sec, "data-index", "search-index.json");
  xmlNodePtr form = html_el(sec, "form", "search-form");
  html_attr(form, "role", "search");
  html_attr(form, "aria-label", "Search with filters");
  html_attr(form, "action", "search.html"); /* a plain GET: ?q=&council=&theme= */
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
  xmlNodePtr filters = html_el(form, "div", "search-filters");
  add_filter(filters, "_search-council", "council", "Council", "All councils");
  xmlNodePtr sel = xmlLastElementChild(xmlLastElementChild(filters));
  for (size_t i = 0; i < c->ndocs; i++)
    add_option(sel, c->docs[i]->slug, c->docs[i]->council ? c->docs[i]->council : c->docs[i]->slug);
  if (c->nthemes) {
    add_filter(filters, "_search-theme", "theme", "Theme", "All themes");
    sel = xmlLastElementChild(xmlLastElementChild(filters));
    for (size_t i = 0; i < c->nthemes; i++)
      add_option(sel, c->themes[i]->key, c->themes[i]->label ? c->themes[i]->label : c->themes[i]->key);
  }

  /* the script fills these with textContent and createElement only */
  xmlNodePtr status = html_el(sec, "p", "search-status");
  html_attr(status, "id", "_search-status");
  html_attr(status, "role", "status");
  xmlNodePtr results = html_el(sec, "div", "search-results");
  html_attr(results, "id", "_search-results");

  /* the stemmer before the search script, which uses it (the page's other
     script, search.js, is added by html_page_new with every page's) */
  buf b = BUF_INIT;
  buf_printf(&b, "themes/%s/snowball-english.js", theme->name);
  html_page_add_script(p, buf_cstr(&b));
  buf_free(&b);
  return html_page_write(p, o, "site/search.html", d);
}

