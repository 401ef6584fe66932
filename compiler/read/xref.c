/* xref.c - cross-references: detected in text, resolved to ids.
 * Implements docs/annotated-markdown.md section 6.
 *
 * "paragraph 12.1", "paragraphs 3 and 4", "paragraph 5(b)", "clauses 3.1 to
 * 3.3" become internal references to the clause, section or item with that
 * canonical number. "Part 3 Section 4", "Part 4(2) of the Constitution",
 * "paragraph 3 of Part 4" point outside the document: kept as external
 * references, never guessed. References in footnotes and prose are resolved
 * (and warned about) too; only clauses list them. Node positions come from
 * reader_col_at, so escapes and entities earlier on a line do not shift them.
 */
#include "read/reader_internal.h"
#include "base/buf.h"
#include "model/numbering.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const keywords[] = {"paragraphs", "paragraph", "paras", "para",
                                       "clauses", "clause", NULL};

static int word_start(const char *text, const char *p) {
  return p == text || !isalnum((unsigned char)p[-1]);
}

/* A reference number: 12, 12.1, 5(b), 4.2(iii). Returns its length. */
static size_t scan_refnum(const char *p) {
  const char *s = p;
  if (!isdigit((unsigned char)*p)) return 0;
  while (isdigit((unsigned char)*p)) p++;
  bool parts = false;
  while (*p == '.' && isdigit((unsigned char)p[1])) {
    p++;
    while (isdigit((unsigned char)*p)) p++;
    parts = true;
  }
  /* an inserted clause, "2.13A" (a single number with a letter, "3a", is
     not a clause number) */
  if (parts && isalpha((unsigned char)*p) && !isalnum((unsigned char)p[1])) p++;
  if (*p == '(') {
    const char *q = p + 1;
    while (isalnum((unsigned char)*q) && q - p <= 4) q++;
    if (*q == ')' && q > p + 1) p = q + 1;
  }
  if (isalnum((unsigned char)*p)) return 0; /* "12th", "3a" */
  return (size_t)(p - s);
}

/* "Part 3", "Part 3 Section 4", "Part 4(2) of the Constitution". */
static size_t scan_external(const char *p) {
  if (strncmp(p, "Part ", 5) != 0) return 0;
  const char *q = p + 5;
  if (!isdigit((unsigned char)*q)) return 0;
  while (isdigit((unsigned char)*q) || (*q == '.' && isdigit((unsigned char)q[1]))) q++;
  if (*q == '(') {
    const char *e = strchr(q, ')');
    if (e && e - q <= 4) q = e + 1;
  }
  if (strncmp(q, " Section ", 9) == 0 && isdigit((unsigned char)q[9])) {
    q += 9;
    while (isdigit((unsigned char)*q)) q++;
  }
  if (strncmp(q, " of the Constitution", 20) == 0) q += 20;
  else if (strncmp(q, " of this Constitution", 21) == 0) q += 21;
  return (size_t)(q - p);
}

static const char *const joiners[] = {", and ", ", or ", " and ", " or ", " to ", ", ", NULL};

typedef struct match {
  size_t start, len; /* within the text */
  int external;
  char *wanted;      /* the number to resolve */
} match;

/* Finds the next reference at or after *from; 0 if none. */
static int next_match(arena *a, const char *text, size_t from, match *m, size_t *cont_after,
                      int *in_list) {
  const char *t = text;
  if (*in_list) {
    /* after "paragraphs 3": " and 4", ", 5" */
    const char *p = t + from;
    for (int j = 0; joiners[j]; j++) {
      size_t jl = strlen(joiners[j]);
      if (strncmp(p, joiners[j], jl) == 0) {
        size_t n = scan_refnum(p + jl);
        if (n) {
          m->start = (size_t)(p + jl - t);
          m->len = n;
          m->external = 0;
          m->wanted = arena_strndup(a, p + jl, n);
          *cont_after = m->start + n;
          return 1;
        }
      }
    }
    *in_list = 0;
  }
  for (const char *p = t + from; *p; p++) {
    if (*p == 'P' && word_start(t, p)) {
      size_t n = scan_external(p);
      if (n) {
        m->start = (size_t)(p - t);
        m->len = n;
        m->external = 1;
        m->wanted = NULL;
        return 1;
      }
    }
    if ((*p != 'p' && *p != 'P' && *p != 'c' && *p != 'C') || !word_start(t, p)) continue;
    for (int k = 0; keywords[k]; k++) {
      size_t kl = strlen(keywords[k]);
      if (strncasecmp(p, keywords[k], kl) != 0 || p[kl] != ' ') continue;
      size_t n = scan_refnum(p + kl + 1);
      if (!n) break;
      m->start = (size_t)(p - t);
      m->len = kl + 1 + n;
      m->external = 0;
      m->wanted = arena_strndup(a, p + kl + 1, n);
      /* "paragraph 3 of Part 4": a paragraph of another document */
      const char *after = p + m->len;
      size_t ext = strncmp(after, " of ", 4) == 0 ? scan_external(after + 4) : 0;
      if (ext) {
        m->len += 4 + ext;
        m->external = 1;
        m->wanted = NULL;
        return 1;
      }
      *cont_after = m->start + m->len;
      *in_list = 1;
      return 1;
    }
  }
  return 0;
}

static cc_inline *text_node(reader *r, const char *s, size_t n, cc_pos pos) {
  cc_inline *in = arena_alloc(r->a, sizeof *in);
  in->kind = CC_INL_TEXT;
  in->text = arena_strndup(r->a, s, n);
  in->pos = pos;
  return in;
}

/* Splits one text node into text and XREF nodes; returns the last node. */
static cc_inline *split_text(reader *r, cc_inline *in) {
  const char *text = in->text;
  match m;
  size_t from = 0, cont = 0;
  int in_list = 0;
  cc_inline *head = NULL, **tail = &head;
  size_t done = 0;
  while (next_match(r->a, text, in_list ? cont : from, &m, &cont, &in_list)) {
    if (m.start > done) {
      cc_pos p = in->pos;
      p.col = reader_col_at(r, in, done);
      *tail = text_node(r, text + done, m.start - done, p);
      tail = &(*tail)->next;
    }
    cc_pos p = in->pos;
    p.col = reader_col_at(r, in, m.start);
    cc_inline *x = arena_alloc(r->a, sizeof *x);
    x->kind = CC_INL_XREF;
    x->pos = p;
    x->children = text_node(r, text + m.start, m.len, p);
    x->ref = model_ref_new(r->doc->corpus, m.external ? CC_REF_EXTERNAL : CC_REF_UNRESOLVED,
                           m.wanted, x->children->text, p);
    *tail = x;
    tail = &x->next;
    done = m.start + m.len;
    from = done;
    if (!m.external) cont = done;
  }
  if (!head) return in;
  if (text[done]) {
    cc_pos p = in->pos;
    p.col = reader_col_at(r, in, done);
    *tail = text_node(r, text + done, strlen(text + done), p);
    tail = &(*tail)->next;
  }
  /* replace IN's content by the first new node and splice the rest */
  cc_inline *last = head;
  while (last->next) last = last->next;
  last->next = in->next;
  cc_inline *second = head->next;
  *in = *head;
  in->next = second ? second : last->next;
  if (!second) return in;
  return last;
}

static void detect_inlines(reader *r, cc_inline *list) {
  for (cc_inline *in = list; in; in = in->next) {
    if (in->kind == CC_INL_TEXT) in = split_text(r, in);
    else if (in->kind == CC_INL_EMPH || in->kind == CC_INL_STRONG) detect_inlines(r, in->children);
  }
}

static void detect_blocks(reader *r, cc_block *b) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_PARA) detect_inlines(r, b->inlines);
    if (b->kind == CC_BLK_QUOTE) detect_blocks(r, b->children);
    if (b->kind == CC_BLK_LIST)
      for (cc_item *it = b->items; it; it = it->next) detect_blocks(r, it->blocks);
  }
}

void xref_detect_document(reader *r) {
  cc_document *doc = r->doc;
  for (size_t i = 0; i < doc->nclauses; i++) {
    detect_inlines(r, doc->clauses[i]->heading);
    detect_blocks(r, doc->clauses[i]->blocks);
  }
  for (size_t i = 0; i < doc->nprose; i++) detect_blocks(r, doc->prose[i]->blocks);
  for (size_t i = 0; i < doc->nfootnotes; i++) detect_blocks(r, doc->footnotes[i]->blocks);
}

/* ---- resolution --------------------------------------------------------- */

static cc_item *find_item(cc_block *b, const char *label) {
  for (; b; b = b->next) {
    if (b->kind != CC_BLK_LIST) continue;
    for (cc_item *it = b->items; it; it = it->next)
      if (it->label && strcmp(it->canonical_label, label) == 0) return it;
  }
  return NULL;
}

typedef struct {
  cc_document *doc;
  diag_list *d;
  cc_clause *clause; /* collecting refs into it; NULL in prose */
  /* canonical number -> first clause / section with it: a lookup per
     reference must not scan the document (100,000 clauses, each with a
     reference, would be quadratic) */
  strmap *clauses, *sections;
} resolve_ctx;

/* "5(b)" -> id of clause 5's item b; "3" -> clause 3 or section 3. */
static const char *resolve_number(resolve_ctx *c, const char *wanted) {
  arena *a = c->doc->corpus->arena;
  char *num = arena_strdup(a, wanted);
  char *label = strchr(num, '(');
  if (label) {
    *label++ = '\0';
    char *e = strchr(label, ')');
    if (e) *e = '\0';
    for (char *q = label; *q; q++) *q = (char)tolower((unsigned char)*q);
  }
  for (char *q = num; *q; q++) *q = (char)tolower((unsigned char)*q); /* 2.13A -> 2.13a */
  cc_clause *cl = strmap_get(c->clauses, num);
  if (cl) {
    if (!label) return cl->id;
    cc_item *it = find_item(cl->blocks, label);
    return it ? it->id : NULL;
  }
  if (!label) {
    cc_section *s = strmap_get(c->sections, num);
    if (s) return s->id;
  }
  return NULL;
}

static void resolve_ref(resolve_ctx *c, cc_ref *ref) {
  if (ref->kind == CC_REF_EXTERNAL) return;
  if (ref->explicit_link) {
    if (model_document_find(c->doc, ref->target).kind != CC_ID_NONE) {
      ref->kind = CC_REF_INTERNAL;
      return;
    }
    ref->kind = CC_REF_UNRESOLVED;
    diag_warning(c->d, ref->pos.file, ref->pos.line, ref->pos.col,
                 "link to #%s names nothing in this document; check the id", ref->target);
    return;
  }
  const char *id = resolve_number(c, ref->target);
  if (id) {
    ref->kind = CC_REF_INTERNAL;
    ref->target = arena_strdup(c->doc->corpus->arena, id);
  } else {
    ref->kind = CC_REF_UNRESOLVED;
    /* "4" in "paragraphs 3 and 4" is shown with the word it belongs to */
    bool bare = isdigit((unsigned char)ref->text[0]);
    diag_warning(c->d, ref->pos.file, ref->pos.line, ref->pos.col,
                 "'%s%s' names no clause, section or item of this document; check the number "
                 "(the text is kept as written)", bare ? "paragraph " : "", ref->text);
    ref->target = NULL;
  }
}

static void resolve_inlines(resolve_ctx *c, cc_inline *in) {
  for (; in; in = in->next) {
    if (in->kind == CC_INL_XREF && in->ref) {
      resolve_ref(c, in->ref);
      if (c->clause) model_clause_add_ref(c->doc, c->clause, in->ref);
    }
    if (in->children && in->kind != CC_INL_XREF) resolve_inlines(c, in->children);
  }
}

static void resolve_blocks(resolve_ctx *c, cc_block *b) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_PARA) resolve_inlines(c, b->inlines);
    if (b->kind == CC_BLK_QUOTE) resolve_blocks(c, b->children);
    if (b->kind == CC_BLK_LIST)
      for (cc_item *it = b->items; it; it = it->next) resolve_blocks(c, it->blocks);
  }
}

void xref_resolve_document(cc_document *doc, diag_list *d) {
  resolve_ctx c = {doc, d, NULL, strmap_new(), strmap_new()};
  for (size_t i = 0; i < doc->nclauses; i++)
    if (doc->clauses[i]->canonical) strmap_add(c.clauses, doc->clauses[i]->canonical, doc->clauses[i]);
  for (size_t i = 0; i < doc->nsections; i++)
    if (doc->sections[i]->canonical)
      strmap_add(c.sections, doc->sections[i]->canonical, doc->sections[i]);
  for (size_t i = 0; i < doc->nclauses; i++) {
    c.clause = doc->clauses[i];
    c.clause->nrefs = 0;
    resolve_inlines(&c, c.clause->heading);
    resolve_blocks(&c, c.clause->blocks);
  }
  c.clause = NULL;
  for (size_t i = 0; i < doc->nprose; i++) resolve_blocks(&c, doc->prose[i]->blocks);
  for (size_t i = 0; i < doc->nfootnotes; i++) resolve_blocks(&c, doc->footnotes[i]->blocks);
  strmap_free(c.clauses);
  strmap_free(c.sections);
}
