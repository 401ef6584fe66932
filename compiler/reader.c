/* reader.c - annotated Markdown -> model: structure (sections, clauses,
 * prose, items, quotes) and annotations. Implements sections 2-5 and 7 of
 * docs/annotated-markdown.md; inline content is in reader_inline.c,
 * cross-references in xref.c, ids in ids.c.
 */
#include "reader.h"
#include "attrs.h"
#include "buf.h"
#include "frontmatter.h"
#include "numbering.h"
#include "reader_internal.h"

#include <string.h>

/* ---- footnote definitions (before cmark sees the text) ---------------- */

/* "[^1]: text" at the start of a line would be read by CommonMark as a
 * link reference definition or plain text (TECH-NOTES 2e), so definitions
 * are cut out of the body first and replaced by blank lines, which keeps
 * every other line number intact. */
static void extract_footnotes(reader *r, char *body) {
  int line = r->line_offset + 1;
  char *p = body;
  while (*p) {
    char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    if (p[0] == '[' && p[1] == '^') {
      char *close = memchr(p, ']', len);
      if (close && close > p + 2 && close[1] == ':') {
        cc_footnote *fn = model_footnote_new(r->doc);
        fn->label = arena_strndup(r->a, p + 2, (size_t)(close - p - 2));
        fn->id = arena_printf(r->a, "fn-%s", fn->label);
        fn->pos.file = r->file;
        fn->pos.line = line;
        fn->pos.col = 1;
        if (strmap_get(r->footnotes, fn->label)) {
          cc_footnote *first = strmap_get(r->footnotes, fn->label);
          diag_error(r->d, r->file, line, 1,
                     "footnote [^%s] is defined twice (first on line %d); keep one",
                     fn->label, first->pos.line);
        }
        strmap_put(r->footnotes, fn->label, fn);
        /* the definition runs to the next blank line */
        buf text = BUF_INIT;
        char *q = close + 2;
        for (;;) {
          char *qe = strchr(q, '\n');
          size_t qlen = qe ? (size_t)(qe - q) : strlen(q);
          buf_put(&text, q, qlen);
          buf_putc(&text, '\n');
          memset(p, ' ', (size_t)((q + qlen) - p)); /* blank the definition out */
          if (!qe) {
            p = q + qlen;
            break;
          }
          char *next = qe + 1;
          line++;
          int blank = 1;
          for (char *t = next; *t && *t != '\n'; t++) blank &= *t == ' ' || *t == '\t';
          if (blank || (next[0] == '[' && next[1] == '^')) {
            p = next;
            break;
          }
          p = q = next;
        }
        cmark_node *fdoc = cmark_parse_document(text.data, text.len, CMARK_OPT_DEFAULT);
        cmark_node *para = cmark_node_first_child(fdoc);
        cc_block *b = arena_alloc(r->a, sizeof *b);
        b->kind = CC_BLK_PARA;
        b->pos = fn->pos;
        int saved = r->line_offset;
        r->line_offset = fn->pos.line - 1;
        if (para) b->inlines = reader_inlines(r, cmark_node_first_child(para), 0);
        r->line_offset = saved;
        reader_trim_trailing(&b->inlines);
        fn->blocks = b;
        cmark_node_free(fdoc);
        buf_free(&text);
        continue;
      }
    }
    if (!eol) break;
    p = eol + 1;
    line++;
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

/* Takes a trailing {attribute block} off the inline list, if any. */
static int take_attrs(reader *r, cc_inline **list, cc_attrs *at) {
  memset(at, 0, sizeof *at);
  reader_trim_trailing(list);
  cc_inline *t = reader_last_text(*list);
  if (!t) return 0;
  long off = attrs_find_trailing(r->a, t->text, at);
  if (off < 0) return 0;
  if (at->error)
    diag_error(r->d, r->file, t->pos.line, t->pos.col + (int)off + (int)at->error_offset,
               "malformed attribute block: %s", at->error);
  for (size_t i = 0; i < at->nunknown; i++)
    diag_warning(r->d, r->file, t->pos.line, t->pos.col + (int)off,
                 "unknown attribute '%s' is ignored (known: #id, topic=, note=, .prose, "
                 ".clause, .section)", at->unknown[i]);
  /* topic_cols were offsets within the block: make them columns */
  for (size_t i = 0; i < at->ntopics; i++) at->topic_cols[i] += t->pos.col + (int)off;
  t->text[off] = '\0';
  reader_trim_trailing(list);
  return 1;
}

static void add_topics(reader *r, cc_clause *cl, const cc_attrs *at, int line) {
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
    pos[cl->ntopic_keys + i] = (cc_pos){r->file, line, at->topic_cols[i]};
  }
  cl->topic_keys = keys;
  cl->topic_pos = pos;
  cl->ntopic_keys = n;
}

/* Strips a leading clause number from the first text node; *printed gets
 * the number exactly as written. */
static int take_number(reader *r, cc_inline **list, int min_parts, cc_number *num,
                       cc_pos *numpos, char **printed) {
  cc_inline *first = *list;
  if (!first || first->kind != CC_INL_TEXT) return 0;
  if (!numbering_parse(first->text, num) || num->nparts < min_parts) return 0;
  *numpos = first->pos;
  *printed = arena_strndup(r->a, first->text, num->len);
  memmove(first->text, first->text + num->skip, strlen(first->text + num->skip) + 1);
  first->pos.col += (int)num->skip;
  return 1;
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
        char *canon = numbering_format(r->a, parts, n);
        diag_warning(r->d, r->file, pos.line, pos.col,
                     "clause printed as '%s' in section %s: its canonical number is %s "
                     "(kept as printed; id para-%s)", printed, ns->canonical, canon, canon);
      }
    }
  }
  cl->canonical = numbering_format(r->a, parts, n);
}

/* ---- lists -------------------------------------------------------------- */

static cc_block *convert_blocks(reader *r, cmark_node *first, int depth);

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
    it->blocks = convert_blocks(r, cmark_node_first_child(li), depth + 1);
    if (b->ordered) {
      int n = start + ordinal - 1;
      it->label = arena_printf(r->a, "%d%s", n, delim == CMARK_PAREN_DELIM ? ")" : ".");
      it->canonical_label = arena_printf(r->a, "%d", n);
    } else if (it->blocks && it->blocks->kind == CC_BLK_PARA && it->blocks->inlines &&
               it->blocks->inlines->kind == CC_INL_TEXT) {
      cc_inline *t = it->blocks->inlines;
      char *canon = NULL;
      size_t skip = 0;
      size_t len = numbering_item_label(r->a, t->text, &canon, &skip);
      if (len) {
        it->label = arena_strndup(r->a, t->text, len);
        it->canonical_label = canon;
        memmove(t->text, t->text + skip, strlen(t->text + skip) + 1);
        t->pos.col += (int)skip;
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

/* Blocks inside list items and quotes: paragraphs, lists, quotes. */
static cc_block *convert_blocks(reader *r, cmark_node *first, int depth) {
  cc_block *head = NULL;
  for (cmark_node *n = first; n; n = cmark_node_next(n)) {
    cc_pos pos = reader_pos(r, n);
    if (depth > READER_MAX_DEPTH) {
      diag_error(r->d, r->file, pos.line, pos.col,
                 "lists or quotes nested more than %d deep; flatten them", READER_MAX_DEPTH);
      return head;
    }
    cc_block *b = NULL;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
      b = new_block(r, CC_BLK_PARA, pos);
      b->inlines = reader_inlines(r, cmark_node_first_child(n), 0);
      reader_trim_trailing(&b->inlines);
      break;
    case CMARK_NODE_LIST:
      b = convert_list(r, n, depth);
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      b = new_block(r, CC_BLK_QUOTE, pos);
      b->children = convert_blocks(r, cmark_node_first_child(n), depth + 1);
      break;
    case CMARK_NODE_HEADING:
      diag_error(r->d, r->file, pos.line, pos.col,
                 "a heading inside a list or quote; move it out to the left margin");
      break;
    case CMARK_NODE_CODE_BLOCK:
      diag_warning(r->d, r->file, pos.line, pos.col,
                   "indented or fenced text is a code block in CommonMark; its text is kept "
                   "as a paragraph (remove the indentation)");
      b = new_block(r, CC_BLK_PARA, pos);
      b->inlines = arena_alloc(r->a, sizeof(cc_inline));
      b->inlines->kind = CC_INL_TEXT;
      b->inlines->pos = pos;
      b->inlines->text = arena_strdup(r->a, cmark_node_get_literal(n));
      reader_trim_trailing(&b->inlines);
      break;
    case CMARK_NODE_HTML_BLOCK:
      diag_error(r->d, r->file, pos.line, pos.col,
                 "raw HTML is not allowed in a source (it would become markup): write the "
                 "text, or escape '<' as '\\<'");
      break;
    default:
      break;
    }
    if (b) block_append(&head, b);
  }
  return head;
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

static void apply_clause_attrs(reader *r, cc_clause *cl, const cc_attrs *at, int line) {
  if (at->id) cl->id = at->id;
  if (at->note) cl->note = at->note;
  add_topics(r, cl, at, line);
}

static void open_clause_from_heading(reader *r, cmark_node *n, cc_inline *inl,
                                     const cc_number *num, const char *printed,
                                     cc_pos numpos, const cc_attrs *at) {
  cc_clause *cl = model_clause_new(r->doc, r->sec);
  cl->pos = reader_pos(r, n);
  cl->heading = inl;
  if (num) set_clause_number(r, cl, num, printed, numpos);
  apply_clause_attrs(r, cl, at, cl->pos.line);
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
    diag_error(r->d, r->file, pos.line, pos.col, ".prose does not apply to a heading");
  }
  bool as_clause = at.clause || (has_num && num.nparts >= 2 && !at.section);
  if (as_clause && level > sec_level(r, r->sec)) {
    open_clause_from_heading(r, n, inl, has_num ? &num : NULL, num_text, numpos, &at);
    return;
  }
  if (at.ntopics)
    diag_warning(r->d, r->file, pos.line, pos.col,
                 "topics on a section heading are ignored; put them on the section's clauses");
  cc_section *parent = r->sec;
  while (parent->depth > 0 && sec_level(r, parent) >= level) parent = parent->parent;
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
  reader_footnote_refs(r, &b->inlines);
  if (at.section)
    diag_error(r->d, r->file, pos.line, pos.col, ".section applies only to headings");

  if (has_num) {
    cc_clause *cl = model_clause_new(r->doc, r->sec);
    cl->pos = pos;
    set_clause_number(r, cl, &num, printed, numpos);
    block_append(&cl->blocks, b);
    apply_clause_attrs(r, cl, &at, pos.line);
    r->clause = cl;
    r->prose = NULL;
    return;
  }
  if (at.prose) {
    cc_prose *p = open_prose(r, pos);
    if (at.id) p->id = at.id;
    block_append(&p->blocks, b);
    return;
  }
  if (!r->numbered) {
    cc_clause *cl = model_clause_new(r->doc, r->sec);
    cl->pos = pos;
    block_append(&cl->blocks, b);
    apply_clause_attrs(r, cl, &at, pos.line);
    r->clause = cl;
    r->prose = NULL;
    return;
  }
  if (r->clause) { /* continuation of the open clause */
    if (at.id)
      diag_error(r->d, r->file, pos.line, pos.col,
                 "an id on a continuation paragraph of clause %s; put it on the clause's "
                 "first paragraph", r->clause->number ? r->clause->number : "");
    if (at.note) r->clause->note = at.note;
    add_topics(r, r->clause, &at, pos.line);
    block_append(&r->clause->blocks, b);
    return;
  }
  if (at.ntopics)
    diag_warning(r->d, r->file, pos.line, pos.col,
                 "topics on prose are ignored: prose is not a clause (number it, or drop topic=)");
  cc_prose *p = r->prose ? r->prose : open_prose(r, pos);
  if (at.id && !p->id) p->id = at.id;
  block_append(&p->blocks, b);
}

/* Lists and quotes attach to the open clause or prose. */
static void do_attached_block(reader *r, cmark_node *n) {
  cc_block *b;
  if (cmark_node_get_type(n) == CMARK_NODE_LIST) {
    b = convert_list(r, n, 1);
  } else {
    b = new_block(r, CC_BLK_QUOTE, reader_pos(r, n));
    b->children = convert_blocks(r, cmark_node_first_child(n), 1);
  }
  if (r->clause) {
    block_append(&r->clause->blocks, b);
  } else if (!r->numbered && !r->prose) {
    cc_clause *cl = model_clause_new(r->doc, r->sec);
    cl->pos = b->pos;
    block_append(&cl->blocks, b);
    r->clause = cl;
  } else {
    cc_prose *p = r->prose ? r->prose : open_prose(r, b->pos);
    block_append(&p->blocks, b);
  }
}

static void footnote_refs_in_blocks(reader *r, cc_block *b) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_PARA) reader_footnote_refs(r, &b->inlines);
    if (b->kind == CC_BLK_QUOTE) footnote_refs_in_blocks(r, b->children);
    if (b->kind == CC_BLK_LIST)
      for (cc_item *it = b->items; it; it = it->next) footnote_refs_in_blocks(r, it->blocks);
  }
}

/* Does any paragraph or heading start with a clause number (2+ parts)? */
static bool prescan_numbered(cmark_node *docnode) {
  for (cmark_node *n = cmark_node_first_child(docnode); n; n = cmark_node_next(n)) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING) continue;
    cmark_node *c = cmark_node_first_child(n);
    cc_number num;
    if (c && cmark_node_get_type(c) == CMARK_NODE_TEXT &&
        numbering_parse(cmark_node_get_literal(c), &num) && num.nparts >= 2)
      return true;
  }
  return false;
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
    case CMARK_NODE_LIST:
      if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST && !r->clause && !r->prose) {
        diag_warning(r->d, r->file, pos.line, pos.col,
                     "CommonMark reads '%d%s ...' here as an ordered list; if it is a section "
                     "heading write '## %d. ...', if it is text escape the dot: '%d\\.'",
                     cmark_node_get_list_start(n),
                     cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ")" : ".",
                     cmark_node_get_list_start(n), cmark_node_get_list_start(n));
      }
      do_attached_block(r, n);
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      do_attached_block(r, n);
      break;
    case CMARK_NODE_THEMATIC_BREAK:
      diag_warning(r->d, r->file, pos.line, pos.col,
                   "a horizontal rule ('---' or '***') has no meaning in a protocol and is ignored");
      break;
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK: {
      cc_block *b = convert_blocks(r, n, 1);
      if (!b) break;
      if (r->clause) block_append(&r->clause->blocks, b);
      else block_append(&(r->prose ? r->prose : open_prose(r, pos))->blocks, b);
      break;
    }
    default:
      break;
    }
  }
  for (size_t i = 0; i < r->doc->nclauses; i++) footnote_refs_in_blocks(r, r->doc->clauses[i]->blocks);
  for (size_t i = 0; i < r->doc->nprose; i++) footnote_refs_in_blocks(r, r->doc->prose[i]->blocks);
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

static cc_document *read_source(cc_corpus *c, cc_source *src, diag_list *d) {
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
  extract_footnotes(&r, src->body);
  cmark_node *root = cmark_parse_document(src->body, strlen(src->body), CMARK_OPT_DEFAULT);
  r.numbered = prescan_numbered(root);
  doc->numbered = r.numbered;
  walk(&r, root);
  cmark_node_free(root);
  check_footnotes(&r);
  xref_detect_document(&r);
  ids_assign_document(doc, d);
  xref_resolve_document(doc, d);
  model_document_compute_text(doc);
  strmap_free(r.footnotes);
  return doc;
}

cc_document *reader_read_buffer(cc_corpus *c, const char *path, const char *data,
                                size_t len, diag_list *d) {
  cc_source src;
  if (source_load_buffer(c->arena, path, data, len, &src, d) != 0) return NULL;
  return read_source(c, &src, d);
}

cc_document *reader_read_file(cc_corpus *c, const char *path, diag_list *d) {
  cc_source src;
  if (source_load(c->arena, path, &src, d) != 0) return NULL;
  return read_source(c, &src, d);
}
