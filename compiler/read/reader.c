/* reader.c - annotated Markdown -> model: structure (sections, clauses,
 * prose, items, quotes) and annotations. Implements sections 2-5 and 7 of
 * docs/annotated-markdown.md; inline content is in reader_inline.c,
 * cross-references in xref.c, ids in ids.c.
 */
#include "read/reader.h"
#include "read/attrs.h"
#include "base/buf.h"
#include "read/frontmatter.h"
#include "model/numbering.h"
#include "read/reader_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- footnote definitions (before cmark sees the text) ---------------- */

/* Does the line at P start a block of its own (and so end a footnote
 * definition written just above it)? */
static bool starts_block(const char *p) {
  int sp = 0;
  while (*p == ' ' && sp < 4) p++, sp++;
  if (sp == 4 || *p == '\t') return false; /* indented: continues the definition */
  if (*p == '#' || *p == '>' || (p[0] == '[' && p[1] == '^')) return true;
  bool ends = p[1] == ' ' || p[1] == '\t' || p[1] == '\n' || !p[1];
  if ((*p == '-' || *p == '*' || *p == '+') && ends) return true;
  if ((p[0] == '`' && p[1] == '`' && p[2] == '`') || (p[0] == '~' && p[1] == '~' && p[2] == '~'))
    return true;
  cc_number num;
  if (numbering_parse(p, &num) && num.nparts >= 2) return true; /* a clause */
  const char *q = p;
  while (*q >= '0' && *q <= '9') q++;
  return q > p && q - p < 10 && (*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\n' || !q[1]);
}

static bool blank_line(const char *p) {
  while (*p == ' ' || *p == '\t') p++;
  return *p == '\n' || *p == '\0';
}

/* "[^1]: text" at the start of a line would be read by CommonMark as a
 * link reference definition or plain text, so definitions
 * are cut out of the body first and replaced by blank lines (spaces up to
 * each line end), which keeps every other line number and column intact.
 * A definition runs on over the following lines until a blank line or a
 * line that starts a block of its own (see starts_block). */
static void extract_footnotes(reader *r, char *body) {
  int line = r->line_offset + 1;
  char *p = body;
  while (*p) {
    char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char *close = p[0] == '[' && p[1] == '^' ? memchr(p, ']', len) : NULL;
    if (close && close[1] == ':' && close > p + 2 && !memchr(p, ' ', (size_t)(close - p)) &&
        !reader_footnote_label_ok(p + 2, (size_t)(close - p - 2)))
      diag_error(r->d, r->file, line, 3,
                 "footnote label '%.*s' is not valid: use 1 to 32 letters, digits, '-', '_' "
                 "and '.', starting with a letter or digit", (int)(close - p - 2 > 40 ? 40 : close - p - 2), p + 2);
    if (!close || close[1] != ':' || !reader_footnote_label_ok(p + 2, (size_t)(close - p - 2))) {
      if (!eol) break;
      p = eol + 1;
      line++;
      continue;
    }
    int def_line = line;
    char *label = arena_strndup(r->a, p + 2, (size_t)(close - p - 2));
    int shift = (int)(close + 2 - p); /* columns of "[^label]:" */
    buf text = BUF_INIT;
    char *q = close + 2;
    for (;;) {
      char *qe = strchr(q, '\n');
      size_t qlen = qe ? (size_t)(qe - q) : strlen(q);
      buf_put(&text, q, qlen);
      buf_putc(&text, '\n');
      memset(p, ' ', (size_t)((q + qlen) - p)); /* blank the line out */
      p = qe ? qe + 1 : q + qlen;
      if (!qe) break;
      line++;
      if (blank_line(p) || starts_block(p)) break;
      q = p;
    }
    cc_footnote *first = strmap_get(r->footnotes, label);
    if (first) {
      diag_error(r->d, r->file, def_line, 1,
                 "footnote [^%s] is defined twice (first on line %d); keep one, or give "
                 "this one another label", label, first->pos.line);
      buf_free(&text);
      continue;
    }
    cc_footnote *fn = model_footnote_new(r->doc);
    fn->label = label;
    fn->id = arena_printf(r->a, "fn-%s", label);
    fn->pos = (cc_pos){r->file, def_line, 1};
    strmap_put(r->footnotes, label, fn);
    cmark_node *fdoc = cmark_parse_document(text.data, text.len, CMARK_OPT_DEFAULT);
    cmark_node *para = cmark_node_first_child(fdoc);
    cc_block *b = arena_alloc(r->a, sizeof *b);
    b->kind = CC_BLK_PARA;
    b->pos = fn->pos;
    int saved = r->line_offset;
    r->line_offset = def_line - 1;
    r->line1_shift = shift;
    if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH)
      b->inlines = reader_inlines(r, cmark_node_first_child(para), 0);
    r->line_offset = saved;
    r->line1_shift = 0;
    reader_trim_trailing(&b->inlines);
    if (!b->inlines)
      diag_error(r->d, r->file, def_line, 1,
                 "footnote [^%s] has no text; write it on the same line: '[^%s]: text'",
                 label, label);
    fn->blocks = b;
    cmark_node_free(fdoc);
    buf_free(&text);
  }
}

/* ---- helpers ------------------------------------------------------------ */

static void block_append(cc_block **list, cc_block *b) {
  while (*list) list = &(*list)->next;
  *list = b;
}

static cc_block *new_block(reader *r, cc_block_kind k, cc_pos pos) {
  cc_block *b = arena_alloc(r->a, sizeof *b);
  b->kind = k;
  b->pos = pos;
  return b;
}

/* Takes a trailing {attribute block} off the inline list, if any, and
 * reports what is wrong with it. Columns come from the source (the text
 * node's literal may be shorter than its source: escapes, entities). */
static int take_attrs(reader *r, cc_inline **list, cc_attrs *at) {
  memset(at, 0, sizeof *at);
  reader_trim_trailing(list);
  cc_inline *t = reader_last_text(*list);
  if (!t) return 0;
  long off = attrs_find_trailing(r->a, t->text, at);
  if (off < 0) return 0;
  size_t o = (size_t)off;
  at->line = t->pos.line;
  if (at->error)
    diag_error(r->d, r->file, t->pos.line, reader_col_at(r, t, o + at->error_offset),
               "malformed attribute block: %s", at->error);
  for (size_t i = 0; i < at->nunknown; i++)
    diag_warning(r->d, r->file, t->pos.line, reader_col_at(r, t, o + at->unknown_offsets[i]),
                 "unknown attribute '%s' is ignored (known: #id, topic=, topic?=, note=, .prose, "
                 ".clause, .section)", at->unknown[i]);
  /* topic_cols were offsets within the block: make them columns */
  for (size_t i = 0; i < at->ntopics; i++)
    at->topic_cols[i] = reader_col_at(r, t, o + (size_t)at->topic_cols[i]);
  for (size_t i = 0; i < at->nsuggested; i++)
    at->suggested_cols[i] = reader_col_at(r, t, o + (size_t)at->suggested_cols[i]);
  if (at->clause && at->section)
    diag_error(r->d, r->file, t->pos.line, reader_col_at(r, t, o),
               "both .clause and .section in one attribute block; keep one");
  t->text[off] = '\0';
  reader_trim_trailing(list);
  return 1;
}

/* Appends N keys (with their columns on LINE) to K. */
static void keys_append(reader *r, cc_keys *k, char **keys, const int *cols, size_t n, int line) {
  if (!n) return;
  char **nk = arena_alloc(r->a, (k->n + n) * sizeof(char *));
  cc_pos *np = arena_alloc(r->a, (k->n + n) * sizeof(cc_pos));
  if (k->n) {
    memcpy(nk, k->keys, k->n * sizeof(char *));
    memcpy(np, k->pos, k->n * sizeof(cc_pos));
  }
  for (size_t i = 0; i < n; i++) {
    nk[k->n + i] = keys[i];
    np[k->n + i] = (cc_pos){r->file, line, cols[i]};
  }
  k->keys = nk;
  k->pos = np;
  k->n += n;
}

static void add_topics(reader *r, cc_clause *cl, const cc_attrs *at) {
  keys_append(r, &cl->suggested, at->suggested, at->suggested_cols, at->nsuggested, at->line);
  if (!at->ntopics) return;
  size_t n = cl->ntopic_keys + at->ntopics;
  char **keys = arena_alloc(r->a, n * sizeof(char *));
  cc_pos *pos = arena_alloc(r->a, n * sizeof(cc_pos));
  if (cl->ntopic_keys) {
    memcpy(keys, cl->topic_keys, cl->ntopic_keys * sizeof(char *));
    memcpy(pos, cl->topic_pos, cl->ntopic_keys * sizeof(cc_pos));
  }
  for (size_t i = 0; i < at->ntopics; i++) {
    keys[cl->ntopic_keys + i] = at->topics[i];
    pos[cl->ntopic_keys + i] = (cc_pos){r->file, at->line, at->topic_cols[i]};
  }
  cl->topic_keys = keys;
  cl->topic_pos = pos;
  cl->ntopic_keys = n;
}

/* Was the first LEN bytes of text node T's literal written with a
 * backslash escape or an entity ("1\.1", "&#49;.1")? Escaping is how a
 * writer says "this number is text". */
static bool escaped(reader *r, const cc_inline *t, size_t len) {
  return reader_col_at(r, t, len) != t->pos.col + (int)len;
}

/* Strips a leading clause number from the first text node; *printed gets
 * the number exactly as written. */
static int take_number(reader *r, cc_inline **list, int min_parts, cc_number *num,
                       cc_pos *numpos, char **printed) {
  cc_inline *first = *list;
  if (!first || first->kind != CC_INL_TEXT) return 0;
  if (!numbering_parse(first->text, num) || num->nparts < min_parts) return 0;
  if (escaped(r, first, num->len)) return 0;
  *numpos = first->pos;
  *printed = arena_strndup(r->a, first->text, num->len);
  first->pos.col = reader_col_at(r, first, num->skip);
  memmove(first->text, first->text + num->skip, strlen(first->text + num->skip) + 1);
  return 1;
}

/* Warns about lines inside a paragraph that begin like a clause or a
 * sub-item: CommonMark joins them to the line above, which
 * silently swallows a clause or an item. The first line is checked only
 * if CHECK_FIRST (a top-level paragraph without a clause number, where
 * "(a) text" is a sub-item that lost its "- "); in quotes and items it is
 * the writer's own text. */
static void check_line_starts(reader *r, const cc_inline *in, bool check_first) {
  bool at_start = true, first = true;
  for (; in; in = in->next) {
    if (in->kind == CC_INL_SOFTBREAK || in->kind == CC_INL_LINEBREAK) {
      at_start = true;
      first = false;
      continue;
    }
    bool line_start = at_start;
    at_start = false;
    if (!line_start || (first && !check_first) || in->kind != CC_INL_TEXT) continue;
    cc_number num;
    char *canon = NULL;
    size_t skip = 0, n;
    if (!first && numbering_parse(in->text, &num) && num.nparts >= 2 &&
        !escaped(r, in, num.len)) {
      int dot = (int)(strchr(in->text, '.') - in->text);
      diag_warning(r->d, r->file, in->pos.line, in->pos.col,
                   "'%.*s' at the start of this line continues the paragraph above (CommonMark "
                   "joins lines that no blank line separates): put a blank line before it if it "
                   "starts a clause, or write '%.*s\\%.*s' if it is text",
                   (int)num.len, in->text, dot, in->text, (int)num.len - dot, in->text + dot);
    } else if ((n = numbering_item_label(r->a, in->text, &canon, &skip)) && !escaped(r, in, n)) {
      const char *esc = in->text[0] == '('
                            ? arena_printf(r->a, "\\%.*s", (int)n, in->text)
                            : arena_printf(r->a, "%.*s\\)", (int)n - 1, in->text);
      diag_warning(r->d, r->file, in->pos.line, in->pos.col,
                   "'%.*s' at the start of this line is not a sub-item: write '- %.*s ...' to "
                   "make it one, or '%s' if it is text", (int)n, in->text, (int)n, in->text, esc);
    }
  }
}

/* ---- attribute blocks inside lists and quotes --------------------------- */

/* A block at the end of a paragraph inside a list item or quote: on an
 * item's first paragraph, its #id names the item and its topics (and
 * suggestions) are the item's: the item is a provision of its own. Topics
 * elsewhere (a quote, an item's later paragraph) and notes are the
 * enclosing clause's; the clause is known only once the list or quote is
 * attached, so they wait here. */
typedef struct pending_attrs {
  cc_attrs at;
  struct pending_attrs *next;
} pending_attrs;

static void nested_attrs(reader *r, const cc_attrs *at, cc_item *item, cc_pos pos) {
  if (at->id) {
    if (item) item->id = at->id;
    else
      diag_error(r->d, r->file, pos.line, pos.col,
                 "an id on a paragraph inside a quote or on an item's second paragraph; put it "
                 "at the end of the item's first paragraph or on the clause");
  }
  if (at->prose || at->clause || at->section)
    diag_error(r->d, r->file, pos.line, pos.col,
               "%s applies only to a paragraph or heading at the left margin, not inside a "
               "list or quote", at->prose ? ".prose" : at->clause ? ".clause" : ".section");
  if (item && (at->ntopics || at->nsuggested)) {
    keys_append(r, &item->topic_keys, at->topics, at->topic_cols, at->ntopics, at->line);
    keys_append(r, &item->suggested, at->suggested, at->suggested_cols, at->nsuggested, at->line);
    if (!at->note) return;
    cc_attrs rest = *at; /* the note is still the clause's */
    rest.ntopics = rest.nsuggested = 0;
    pending_attrs *p = arena_alloc(r->a, sizeof *p);
    p->at = rest;
    pending_attrs **tail = &r->pending;
    while (*tail) tail = &(*tail)->next;
    *tail = p;
    return;
  }
  if (!at->ntopics && !at->nsuggested && !at->note) return;
  pending_attrs *p = arena_alloc(r->a, sizeof *p);
  p->at = *at;
  pending_attrs **tail = &r->pending;
  while (*tail) tail = &(*tail)->next;
  *tail = p;
}

/* Hands waiting topics and notes to clause CL, or drops them (with a
 * warning) when the list or quote ended up in prose. */
static void flush_pending(reader *r, cc_clause *cl) {
  for (pending_attrs *p = r->pending; p; p = p->next) {
    if (cl) {
      add_topics(r, cl, &p->at);
      if (p->at.note) cl->note = p->at.note;
    } else if (p->at.ntopics || p->at.nsuggested) {
      diag_warning(r->d, r->file, p->at.line,
                   p->at.ntopics ? p->at.topic_cols[0] : p->at.suggested_cols[0],
                   "topics on prose are ignored: prose is not a clause (number it, mark it "
                   "{.clause}, or drop topic=)");
    }
  }
  r->pending = NULL;
}

/* Nearest enclosing section with a canonical number. */
static cc_section *numbered_ancestor(cc_section *s) {
  while (s && !s->canonical) s = s->parent;
  return s;
}

static void set_clause_number(reader *r, cc_clause *cl, const cc_number *num, const char *printed,
                              cc_pos pos) {
  cl->number = arena_strdup(r->a, printed);
  cc_section *ns = numbered_ancestor(cl->section);
  int parts[NUM_MAX_PARTS];
  int n = num->nparts;
  memcpy(parts, num->parts, sizeof parts);
  if (ns && n >= 2) {
    /* the prefix of a clause number is its section's number */
    cc_number sn;
    if (numbering_parse(ns->canonical, &sn) && sn.nparts == n - 1) {
      int same = 1;
      for (int i = 0; i < n - 1; i++) same &= sn.parts[i] == parts[i];
      if (!same) {
        for (int i = 0; i < n - 1; i++) parts[i] = sn.parts[i];
        char *canon = numbering_format_suffix(r->a, parts, n, num->suffix);
        diag_warning(r->d, r->file, pos.line, pos.col,
                     "clause printed as '%s' in section %s: its canonical number is %s "
                     "(kept as printed; id para-%s)", printed, ns->canonical, canon, canon);
      }
    }
  }
  cl->canonical = numbering_format_suffix(r->a, parts, n, num->suffix);
}

/* A paragraph marked {.clause} that starts with a single number ("1\\.",
 * "16"): the council numbers its paragraphs 1, 2, 3 ... (often again in
 * every section). Takes the number off the text into *PRINTED (as printed,
 * "1." or "16") and its value into *VALUE. The dot of "1." is written
 * escaped (or CommonMark reads a list), so cmark may split the number over
 * several text nodes; they are joined first. */
static int take_single_number(reader *r, cc_inline **list, char **printed, int *value,
                              cc_pos *numpos) {
  cc_inline *first = *list;
  if (!first || first->kind != CC_INL_TEXT) return 0;
  while (first->next && first->next->kind == CC_INL_TEXT && strlen(first->text) < 8) {
    cc_inline *nx = first->next;
    first->text = arena_printf(r->a, "%s%s", first->text, nx->text);
    first->next = nx->next;
  }
  const char *t = first->text;
  size_t k = 0;
  while (t[k] >= '0' && t[k] <= '9') k++;
  if (k == 0 || k > 3) return 0;
  size_t len = k;
  if (t[len] == '.' || t[len] == ')') len++;
  if (t[len] != ' ' && t[len] != '\t' && t[len] != '\0') return 0;
  size_t skip = len;
  while (t[skip] == ' ' || t[skip] == '\t') skip++;
  *value = 0;
  for (size_t i = 0; i < k; i++) *value = *value * 10 + (t[i] - '0');
  *numpos = first->pos;
  *printed = arena_strndup(r->a, t, len);
  first->pos.col = reader_col_at(r, first, skip);
  memmove(first->text, first->text + skip, strlen(first->text + skip) + 1);
  return 1;
}

/* Canonical numbers of clauses numbered 1, 2, 3 (see take_single_number),
 * once the whole document is read. Numbers that never go down are the
 * document's own (para-16). Numbers that start again (1, 2, 3 in every
 * section, as a web page renders each section as its own list) are
 * section.n like Brent's misprints: the section's canonical number, or,
 * for an unnumbered top-level section, its position among them. */
static void single_number_canonicals(reader *r) {
  bool restart = false;
  int prev = -1;
  for (size_t i = 0; i < r->doc->nclauses; i++) {
    cc_clause *cl = r->doc->clauses[i];
    if (!cl->number || cl->canonical) continue;
    int v = (int)strtol(cl->number, NULL, 10);
    if (v <= prev) restart = true;
    prev = v;
  }
  for (size_t i = 0; i < r->doc->nclauses; i++) {
    cc_clause *cl = r->doc->clauses[i];
    if (!cl->number || cl->canonical) continue;
    int v = (int)strtol(cl->number, NULL, 10);
    cc_section *ns = numbered_ancestor(cl->section);
    cc_section *top = cl->section;
    while (top && top->depth > 1) top = top->parent;
    if (!restart || (!ns && (!top || top->depth == 0))) {
      cl->canonical = arena_printf(r->a, "%d", v);
    } else if (ns) {
      cl->canonical = arena_printf(r->a, "%s.%d", ns->canonical, v);
    } else {
      int pos = 0;
      for (size_t j = 0; j < r->doc->nsections; j++) {
        if (r->doc->sections[j]->depth == 1) pos++;
        if (r->doc->sections[j] == top) break;
      }
      cl->canonical = arena_printf(r->a, "%d.%d", pos, v);
    }
  }
}

/* ---- lists ------------------------------------------------------------- */

static cc_block *convert_blocks(reader *r, cmark_node *first, int depth, cc_item *owner);
static cc_block *convert_block(reader *r, cmark_node *n, int depth, cc_item *owner);

/* "- 1) text": CommonMark reads the "1)" as an ordered list nested in the
 * bullet item. The writer meant a bullet labelled "1)": the inner
 * one-item list is unwrapped and its number becomes the label. */
static cmark_node *unwrap_numbered_bullet(reader *r, cmark_node *li, cc_item *it) {
  cmark_node *inner = cmark_node_first_child(li);
  if (!inner || cmark_node_get_type(inner) != CMARK_NODE_LIST ||
      cmark_node_get_list_type(inner) != CMARK_ORDERED_LIST || cmark_node_next(inner))
    return NULL;
  cmark_node *ili = cmark_node_first_child(inner);
  if (!ili || cmark_node_next(ili)) return NULL;
  int n = cmark_node_get_list_start(inner);
  bool paren = cmark_node_get_list_delim(inner) == CMARK_PAREN_DELIM;
  it->label = arena_printf(r->a, "%d%s", n, paren ? ")" : ".");
  it->canonical_label = arena_printf(r->a, "%d", n);
  return cmark_node_first_child(ili);
}

static cc_block *convert_list(reader *r, cmark_node *list, int depth) {
  cc_block *b = new_block(r, CC_BLK_LIST, reader_pos(r, list));
  b->ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
  int start = cmark_node_get_list_start(list);
  int delim = cmark_node_get_list_delim(list);
  cc_item **tail = &b->items;
  int ordinal = 0;
  for (cmark_node *li = cmark_node_first_child(list); li; li = cmark_node_next(li)) {
    ordinal++;
    cc_item *it = arena_alloc(r->a, sizeof *it);
    it->pos = reader_pos(r, li);
    cmark_node *content = b->ordered ? NULL : unwrap_numbered_bullet(r, li, it);
    it->blocks = convert_blocks(r, content ? content : cmark_node_first_child(li), depth + 1, it);
    if (it->label) {
      /* from unwrap_numbered_bullet */
    } else if (b->ordered) {
      int n = start + ordinal - 1;
      it->label = arena_printf(r->a, "%d%s", n, delim == CMARK_PAREN_DELIM ? ")" : ".");
      it->canonical_label = arena_printf(r->a, "%d", n);
    } else if (it->blocks && it->blocks->kind == CC_BLK_PARA && it->blocks->inlines &&
               it->blocks->inlines->kind == CC_INL_TEXT) {
      cc_inline *t = it->blocks->inlines;
      char *canon = NULL;
      size_t skip = 0;
      size_t len = numbering_item_label(r->a, t->text, &canon, &skip);
      if (len && !escaped(r, t, len)) {
        it->label = arena_strndup(r->a, t->text, len);
        it->canonical_label = canon;
        t->pos.col = reader_col_at(r, t, skip);
        memmove(t->text, t->text + skip, strlen(t->text + skip) + 1);
      }
    }
    if (!it->canonical_label) it->canonical_label = arena_printf(r->a, "%d", ordinal);
    for (cc_block *sub = it->blocks; sub; sub = sub->next)
      if (sub->kind == CC_BLK_LIST)
        for (cc_item *child = sub->items; child; child = child->next) child->parent = it;
    *tail = it;
    tail = &it->next;
  }
  return b;
}

/* Blocks inside list items and quotes: paragraphs, lists, quotes. OWNER:
 * the list item whose content this is (its first paragraph may name it
 * with {#id}), or NULL. */
static cc_block *convert_blocks(reader *r, cmark_node *first, int depth, cc_item *owner) {
  cc_block *head = NULL;
  for (cmark_node *n = first; n; n = cmark_node_next(n)) {
    cc_block *b = convert_block(r, n, depth, n == first ? owner : NULL);
    if (b) block_append(&head, b);
    if (depth > READER_MAX_DEPTH) break;
  }
  return head;
}

/* One block node (not its siblings). OWNER: the list item this is the
 * first block of, or NULL. */
static cc_block *convert_block(reader *r, cmark_node *n, int depth, cc_item *owner) {
  cc_pos pos = reader_pos(r, n);
  if (depth > READER_MAX_DEPTH) {
    diag_error(r->d, r->file, pos.line, pos.col,
               "lists or quotes nested more than %d deep; flatten them", READER_MAX_DEPTH);
    return NULL;
  }
  cc_block *b = NULL;
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_PARAGRAPH: {
    b = new_block(r, CC_BLK_PARA, pos);
    b->inlines = reader_inlines(r, cmark_node_first_child(n), 0);
    cc_attrs at;
    if (take_attrs(r, &b->inlines, &at)) nested_attrs(r, &at, owner, pos);
    reader_trim_trailing(&b->inlines);
    check_line_starts(r, b->inlines, false);
    break;
  }
  case CMARK_NODE_LIST:
    b = convert_list(r, n, depth);
    break;
  case CMARK_NODE_BLOCK_QUOTE:
    b = new_block(r, CC_BLK_QUOTE, pos);
    b->children = convert_blocks(r, cmark_node_first_child(n), depth + 1, NULL);
    break;
  case CMARK_NODE_HEADING:
    diag_error(r->d, r->file, pos.line, pos.col,
               "a heading inside a list or quote; move it out to the left margin");
    break;
  case CMARK_NODE_CODE_BLOCK:
    diag_warning(r->d, r->file, pos.line, pos.col,
                 "indented or fenced text is a code block in CommonMark; its text is kept "
                 "as a paragraph (remove the indentation or the fence)");
    b = new_block(r, CC_BLK_PARA, pos);
    b->inlines = arena_alloc(r->a, sizeof(cc_inline));
    b->inlines->kind = CC_INL_TEXT;
    b->inlines->pos = pos;
    b->inlines->text = arena_strdup(r->a, cmark_node_get_literal(n));
    for (size_t len = strlen(b->inlines->text); len && b->inlines->text[len - 1] == '\n';)
      b->inlines->text[--len] = '\0';
    reader_trim_trailing(&b->inlines);
    break;
  case CMARK_NODE_HTML_BLOCK:
    diag_error(r->d, r->file, pos.line, pos.col,
               "raw HTML is not allowed in a source (it would become markup): write the "
               "text, or escape '<' as '\\<'");
    break;
  case CMARK_NODE_THEMATIC_BREAK:
    diag_warning(r->d, r->file, pos.line, pos.col,
                 "a horizontal rule ('---' or '***') has no meaning in a protocol and is ignored");
    break;
  default:
    break;
  }
  return b;
}

/* ---- top-level structure ------------------------------------------------ */

static void set_sec_level(reader *r, cc_section *s, int level) {
  if (s->index >= r->sec_level_cap) {
    size_t ncap = r->sec_level_cap ? r->sec_level_cap * 2 : 32;
    while (ncap <= s->index) ncap *= 2;
    int *nl = arena_alloc(r->a, ncap * sizeof(int));
    if (r->sec_level_cap) memcpy(nl, r->sec_level, r->sec_level_cap * sizeof(int));
    r->sec_level = nl;
    r->sec_level_cap = ncap;
  }
  r->sec_level[s->index] = level;
}

static int sec_level(reader *r, cc_section *s) {
  return s->depth == 0 ? 1 : r->sec_level[s->index];
}

static void apply_clause_attrs(reader *r, cc_clause *cl, const cc_attrs *at) {
  if (at->clause) {
    if (r->nmarked == r->capmarked) {
      size_t cap = r->capmarked ? r->capmarked * 2 : 64;
      const cc_clause **m = arena_alloc(r->a, cap * sizeof *m);
      if (r->nmarked) memcpy(m, r->marked, r->nmarked * sizeof *m);
      r->marked = m;
      r->capmarked = cap;
    }
    r->marked[r->nmarked++] = cl;
  }
  if (at->id) cl->id = at->id;
  if (at->note) cl->note = at->note;
  add_topics(r, cl, at);
}

static void open_clause_from_heading(reader *r, cmark_node *n, cc_inline *inl,
                                     const cc_number *num, const char *printed,
                                     cc_pos numpos, const cc_attrs *at) {
  cc_clause *cl = model_clause_new(r->doc, r->sec);
  cl->pos = reader_pos(r, n);
  cl->heading = inl;
  if (num) set_clause_number(r, cl, num, printed, numpos);
  apply_clause_attrs(r, cl, at);
  r->clause = cl;
  r->prose = NULL;
}

static void do_heading(reader *r, cmark_node *n) {
  cc_pos pos = reader_pos(r, n);
  int level = cmark_node_get_heading_level(n);
  cc_inline *inl = reader_inlines(r, cmark_node_first_child(n), 0);
  cc_attrs at;
  take_attrs(r, &inl, &at);
  reader_footnote_refs(r, &inl);
  if (pos.line > 0 && pos.line <= r->nlines) {
    /* a line of '---' or '===' right under text makes that text a heading
       ("setext"); a writer who meant a rule, or front matter, is misled */
    const char *l = r->text + r->line_start[pos.line - 1];
    while (*l == ' ') l++;
    if (*l != '#')
      diag_warning(r->d, r->file, pos.line, pos.col,
                   "the line under this text ('%s') makes it a heading; write headings as "
                   "'## ...', and leave a blank line above a '---' meant as a rule",
                   level == 1 ? "===" : "---");
  }
  if (level == 1) {
    diag_error(r->d, r->file, pos.line, pos.col,
               "a level-1 heading ('# ...'): the title comes from the front matter "
               "(title:); use '## ' for sections");
    level = 2;
  }
  cc_number num;
  cc_pos numpos;
  char *num_text = NULL;
  int has_num = take_number(r, &inl, 1, &num, &numpos, &num_text);
  if (at.prose) {
    diag_error(r->d, r->file, pos.line, pos.col,
               ".prose does not apply to a heading; use .clause or .section");
  }
  /* like any heading, this one closes the open sections at its level or
     deeper; what remains is the section it belongs to */
  cc_section *parent = r->sec;
  while (parent->depth > 0 && sec_level(r, parent) >= level) parent = parent->parent;
  bool as_clause = at.clause || (has_num && num.nparts >= 2 && !at.section);
  if (as_clause) {
    /* "## 2.3 Chairmen" at the level of "## 2. Roles": a clause of the
       current top-level section (a clause never starts a new section) */
    if (parent->depth == 0) {
      parent = r->sec;
      while (parent->depth > 1) parent = parent->parent;
    }
    r->sec = parent;
    open_clause_from_heading(r, n, inl, has_num ? &num : NULL, num_text, numpos, &at);
    return;
  }
  if (at.ntopics)
    diag_warning(r->d, r->file, at.line, at.topic_cols[0],
                 "topics on a section heading are ignored; put them on the section's clauses");
  if (at.note)
    diag_warning(r->d, r->file, pos.line, pos.col,
                 "a note on a section heading is ignored; put it on a clause");
  cc_section *s = model_section_new(r->doc, parent);
  set_sec_level(r, s, level);
  s->pos = pos;
  s->heading = inl;
  if (has_num) {
    s->number = num_text;
    s->canonical = numbering_format(r->a, num.parts, num.nparts);
  }
  if (at.id) s->id = at.id;
  r->sec = s;
  r->clause = NULL;
  r->prose = NULL;
}

static cc_prose *open_prose(reader *r, cc_pos pos) {
  cc_prose *p = model_prose_new(r->doc, r->sec);
  p->pos = pos;
  r->prose = p;
  r->clause = NULL;
  return p;
}

static cc_clause *open_clause(reader *r, cc_pos pos) {
  cc_clause *cl = model_clause_new(r->doc, r->sec);
  cl->pos = pos;
  r->clause = cl;
  r->prose = NULL;
  return cl;
}

static void do_paragraph(reader *r, cmark_node *n) {
  cc_pos pos = reader_pos(r, n);
  cc_block *b = new_block(r, CC_BLK_PARA, pos);
  b->inlines = reader_inlines(r, cmark_node_first_child(n), 0);
  cc_attrs at;
  take_attrs(r, &b->inlines, &at);
  cc_number num;
  cc_pos numpos;
  char *printed = NULL;
  /* "4 SUPPORT SERVICES": a single number is not a clause number */
  int has_num = !at.prose && take_number(r, &b->inlines, 2, &num, &numpos, &printed);
  /* "1\\. text {.clause}", "16 text {.clause}": numbered 1, 2, 3 */
  int value = 0;
  bool single = !has_num && at.clause && !at.prose &&
                take_single_number(r, &b->inlines, &printed, &value, &numpos);
  check_line_starts(r, b->inlines, !has_num && !single && !at.prose);
  reader_footnote_refs(r, &b->inlines);
  if (at.section)
    diag_error(r->d, r->file, pos.line, pos.col,
               ".section applies only to headings; a paragraph is a clause or prose");

  if (single) {
    cc_clause *cl = open_clause(r, pos);
    cl->number = printed; /* canonical: single_number_canonicals */
    block_append(&cl->blocks, b);
    apply_clause_attrs(r, cl, &at);
    return;
  }
  if (has_num) {
    cc_clause *cl = open_clause(r, pos);
    set_clause_number(r, cl, &num, printed, numpos);
    block_append(&cl->blocks, b);
    apply_clause_attrs(r, cl, &at);
    return;
  }
  if (at.prose) {
    if (at.clause)
      diag_error(r->d, r->file, pos.line, pos.col, "both .prose and .clause; keep one");
    if (at.ntopics)
      diag_warning(r->d, r->file, at.line, at.topic_cols[0],
                   "topics on prose are ignored: prose is not a clause (drop .prose, or topic=)");
    cc_prose *p = open_prose(r, pos);
    if (at.id) p->id = at.id;
    block_append(&p->blocks, b);
    return;
  }
  /* in an unnumbered document every paragraph starts a clause; .clause
     starts one anywhere */
  if (!r->numbered || at.clause) {
    cc_clause *cl = open_clause(r, pos);
    block_append(&cl->blocks, b);
    apply_clause_attrs(r, cl, &at);
    return;
  }
  if (r->clause) { /* continuation of the open clause */
    if (at.id)
      diag_error(r->d, r->file, pos.line, pos.col,
                 "an id on a continuation paragraph of the clause on line %d; put it at the end "
                 "of the clause's first paragraph", r->clause->pos.line);
    if (at.note) r->clause->note = at.note;
    add_topics(r, r->clause, &at);
    block_append(&r->clause->blocks, b);
    return;
  }
  if (at.ntopics)
    diag_warning(r->d, r->file, at.line, at.topic_cols[0],
                 "topics on prose are ignored: prose is not a clause (number it, mark it "
                 "{.clause}, or drop topic=)");
  cc_prose *p = r->prose ? r->prose : open_prose(r, pos);
  if (at.id) {
    if (!p->id) p->id = at.id;
    else
      diag_error(r->d, r->file, pos.line, pos.col,
                 "a second id on the same prose (it already has '%s'); keep one", p->id);
  }
  block_append(&p->blocks, b);
}

/* Attaches a list, quote or code block B to the open clause or prose. In
 * an unnumbered document a list or quote that follows a heading starts a
 * clause of its own. */
static void attach_block(reader *r, cc_block *b) {
  if (!b) {
    flush_pending(r, r->clause);
    return;
  }
  if (r->clause) {
    block_append(&r->clause->blocks, b);
  } else if (!r->numbered && !r->prose) {
    block_append(&open_clause(r, b->pos)->blocks, b);
  } else {
    cc_prose *p = r->prose ? r->prose : open_prose(r, b->pos);
    block_append(&p->blocks, b);
  }
  flush_pending(r, r->clause);
}

static void footnote_refs_in_blocks(reader *r, cc_block *b) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_PARA) reader_footnote_refs(r, &b->inlines);
    if (b->kind == CC_BLK_QUOTE) footnote_refs_in_blocks(r, b->children);
    if (b->kind == CC_BLK_LIST)
      for (cc_item *it = b->items; it; it = it->next) footnote_refs_in_blocks(r, it->blocks);
  }
}

/* A clause number (2+ parts) at the start of paragraph or heading N,
 * written without escapes; its parts in *NUM. */
static bool starts_with_clause_number(reader *r, cmark_node *n, cc_number *num) {
  cmark_node *c = cmark_node_first_child(n);
  if (!c || cmark_node_get_type(c) != CMARK_NODE_TEXT) return false;
  cc_inline t = {.kind = CC_INL_TEXT, .text = (char *)cmark_node_get_literal(c),
                 .pos = reader_pos(r, c)};
  return numbering_parse(t.text, num) && num->nparts >= 2 && !escaped(r, &t, num->len);
}

/* Paragraph N starts with a single number and ends with {... .clause}
 * (see take_single_number). */
static bool starts_single_number_clause(reader *r, cmark_node *n) {
  cmark_node *c = cmark_node_first_child(n);
  if (!c || cmark_node_get_type(c) != CMARK_NODE_TEXT) return false;
  const char *lit = cmark_node_get_literal(c);
  if (!lit || lit[0] < '0' || lit[0] > '9') return false;
  cmark_node *last = cmark_node_last_child(n);
  if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT) return false;
  cc_attrs at;
  const char *lt = cmark_node_get_literal(last);
  return lt && attrs_find_trailing(r->a, lt, &at) >= 0 && at.clause && !at.prose;
}

/* Does any paragraph or heading start with a clause number (2+ parts), or
 * a paragraph with a single number mark itself {.clause}? */
static bool prescan_numbered(reader *r, cmark_node *docnode) {
  cc_number num;
  for (cmark_node *n = cmark_node_first_child(docnode); n; n = cmark_node_next(n)) {
    cmark_node_type t = cmark_node_get_type(n);
    if ((t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) &&
        starts_with_clause_number(r, n, &num))
      return true;
    if (t == CMARK_NODE_PARAGRAPH && starts_single_number_clause(r, n)) return true;
  }
  return false;
}

/* The first line of list N's first item, for messages ("" if none). */
static const char *list_first_words(cmark_node *n) {
  cmark_node *li = cmark_node_first_child(n);
  cmark_node *para = li ? cmark_node_first_child(li) : NULL;
  cmark_node *t = para ? cmark_node_first_child(para) : NULL;
  const char *lit =
      t && cmark_node_get_type(t) == CMARK_NODE_TEXT ? cmark_node_get_literal(t) : NULL;
  return lit ? lit : "";
}

/* Is top-level ordered list N really a section heading that CommonMark
 * took for a list ("2. RELATIONS" followed by clause 2.1, or "1. INTRO"
 * with clause 1.1 on the next line)? Always suspect where no clause or
 * prose is open, as the list would have nothing to belong to. */
static bool list_looks_like_heading(reader *r, cmark_node *n) {
  if (cmark_node_get_list_type(n) != CMARK_ORDERED_LIST) return false;
  if (!r->clause && !r->prose) return true;
  int last = cmark_node_get_list_start(n);
  for (cmark_node *li = cmark_node_first_child(n); li; li = cmark_node_next(li), last++) {
    cmark_node *para = cmark_node_first_child(li);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) continue;
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
      cmark_node *t = cmark_node_next(c);
      cc_number num;
      if (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK && t &&
          cmark_node_get_type(t) == CMARK_NODE_TEXT &&
          numbering_parse(cmark_node_get_literal(t), &num) && num.nparts >= 2 &&
          num.parts[0] == last)
        return true;
    }
  }
  last--;
  cmark_node *next = cmark_node_next(n);
  cc_number num;
  return next && cmark_node_get_type(next) == CMARK_NODE_PARAGRAPH &&
         starts_with_clause_number(r, next, &num) && num.parts[0] == last;
}

/* The one case where the intent is beyond doubt: a one-item list of one
 * line, "2. RELATIONS", directly followed by clause 2.1. It is read as the
 * section heading "## 2. RELATIONS" (with a warning), rather than as a
 * sub-item of the clause above followed by a misnumbered 2.1. Returns the
 * item's paragraph, or NULL. */
static cmark_node *list_is_heading(reader *r, cmark_node *n) {
  cmark_node *li = cmark_node_first_child(n);
  if (!li || cmark_node_next(li)) return NULL;
  cmark_node *para = cmark_node_first_child(li);
  if (!para || cmark_node_next(para) || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
    return NULL;
  for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c))
    if (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK ||
        cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)
      return NULL;
  cmark_node *next = cmark_node_next(n);
  cc_number num;
  if (!next || cmark_node_get_type(next) != CMARK_NODE_PARAGRAPH ||
      !starts_with_clause_number(r, next, &num) || num.parts[0] != cmark_node_get_list_start(n))
    return NULL;
  return para;
}

/* Opens the top-level section that list N (see list_is_heading) stands for. */
static void list_as_heading(reader *r, cmark_node *n, cmark_node *para) {
  cc_inline *inl = reader_inlines(r, cmark_node_first_child(para), 0);
  cc_attrs at;
  take_attrs(r, &inl, &at);
  reader_footnote_refs(r, &inl);
  int start = cmark_node_get_list_start(n);
  cc_section *s = model_section_new(r->doc, r->doc->root);
  set_sec_level(r, s, 2);
  s->pos = reader_pos(r, n);
  s->heading = inl;
  s->number = arena_printf(r->a, "%d%s", start,
                           cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ")" : ".");
  s->canonical = arena_printf(r->a, "%d", start);
  if (at.id) s->id = at.id;
  r->sec = s;
  r->clause = NULL;
  r->prose = NULL;
}

static void walk(reader *r, cmark_node *docnode) {
  for (cmark_node *n = cmark_node_first_child(docnode); n; n = cmark_node_next(n)) {
    cc_pos pos = reader_pos(r, n);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING:
      do_heading(r, n);
      break;
    case CMARK_NODE_PARAGRAPH:
      do_paragraph(r, n);
      break;
    case CMARK_NODE_LIST: {
      int start = cmark_node_get_list_start(n);
      const char *delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ")" : ".";
      const char *words = list_first_words(n);
      cmark_node *heading = list_is_heading(r, n);
      if (heading) {
        cc_number num;
        starts_with_clause_number(r, cmark_node_next(n), &num);
        diag_warning(r->d, r->file, pos.line, pos.col,
                     "'%d%s %.40s' is an ordered list to CommonMark; it is read as the section "
                     "heading '## %d%s %.40s' because clause %s follows: write it as that "
                     "heading", start, delim, words, start, delim, words,
                     numbering_format(r->a, num.parts, num.nparts));
        list_as_heading(r, n, heading);
        break;
      }
      if (list_looks_like_heading(r, n))
        diag_warning(r->d, r->file, pos.line, pos.col,
                     "CommonMark reads '%d%s %.40s' here as an ordered list: if it is a section "
                     "heading write '## %d%s %.40s', if it is text escape the dot: '%d\\%s'",
                     start, delim, words, start, delim, words, start, delim);
      attach_block(r, convert_list(r, n, 1));
      break;
    }
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
      attach_block(r, convert_block(r, n, 1, NULL));
      break;
    default:
      break;
    }
  }
  single_number_canonicals(r);
  for (size_t i = 0; i < r->doc->nclauses; i++)
    footnote_refs_in_blocks(r, r->doc->clauses[i]->blocks);
  for (size_t i = 0; i < r->doc->nprose; i++)
    footnote_refs_in_blocks(r, r->doc->prose[i]->blocks);
}

static void check_footnotes(reader *r) {
  for (size_t i = 0; i < r->doc->nfootnotes; i++) {
    cc_footnote *fn = r->doc->footnotes[i];
    if (!fn->referenced)
      diag_warning(r->d, r->file, fn->pos.line, fn->pos.col,
                   "footnote [^%s] is defined but never referenced; add [^%s] in the text "
                   "or remove the definition", fn->label, fn->label);
  }
}

/* SRC lives in SCRATCH, freed by the caller once the document is read:
 * nothing in the model may point into it. */
static cc_document *read_source(cc_corpus *c, cc_source *src, arena *scratch, diag_list *d) {
  cc_document *doc = model_document_new(c, src->path);
  frontmatter_apply(doc, src, d);
  reader r;
  memset(&r, 0, sizeof r);
  r.doc = doc;
  r.a = c->arena;
  r.d = d;
  r.file = doc->path;
  r.line_offset = src->body_line - 1;
  r.sec = doc->root;
  r.footnotes = strmap_new();
  r.text = src->text;
  r.scratch = scratch;
  for (const char *p = src->text;; p++) {
    if (p == src->text || p[-1] == '\n') r.nlines++;
    if (!*p) break;
  }
  r.line_start = arena_alloc(scratch, (size_t)r.nlines * sizeof(size_t));
  int ln = 0;
  for (const char *p = src->text;; p++) {
    if (p == src->text || p[-1] == '\n') r.line_start[ln++] = (size_t)(p - src->text);
    if (!*p) break;
  }
  /* footnote definitions are blanked out of a copy: r.text stays as read.
     The copy lives only until cmark has parsed it (cmark copies what it
     keeps): in the corpus arena it was a second copy of every source held
     for the whole build, 230 MB at 10,000 councils. */
  char *body = xmalloc(src->body_len + 1);
  memcpy(body, src->body, src->body_len);
  body[src->body_len] = '\0';
  extract_footnotes(&r, body);
  cmark_node *root = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT);
  free(body);
  r.numbered = prescan_numbered(&r, root);
  doc->numbered = r.numbered;
  walk(&r, root);
  cmark_node_free(root);
  check_footnotes(&r);
  xref_detect_document(&r);
  ids_assign_document(doc, d);
  structure_check_document(&r);
  xref_resolve_document(doc, d);
  model_document_compute_text(doc);
  strmap_free(r.footnotes);
  return doc;
}

cc_document *reader_read_buffer(cc_corpus *c, const char *path, const char *data,
                                size_t len, diag_list *d) {
  cc_source src;
  arena *scratch = arena_new();
  cc_document *doc = NULL;
  if (source_load_buffer(scratch, path, data, len, &src, d) == 0)
    doc = read_source(c, &src, scratch, d);
  arena_free(scratch);
  return doc;
}

cc_document *reader_read_file(cc_corpus *c, const char *path, diag_list *d) {
  cc_source src;
  arena *scratch = arena_new();
  cc_document *doc = NULL;
  if (source_load(scratch, path, &src, d) == 0) doc = read_source(c, &src, scratch, d);
  arena_free(scratch);
  return doc;
}
