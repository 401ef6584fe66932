/* akn_export.c - model -> Akoma Ntoso 3.0 (see akn_export.h and
 * docs/akoma-ntoso.md for the element choices). */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include "write/akn/akn_export.h"
#include "write/akn/akn_ids.h"
#include "write/akn/akn_roles.h"
#include "write/akn/akn_xml.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define AKN_MAX_DEPTH 128 /* deeper nesting is written, just not indented */
#define AKN_SOURCE "#concord"
#define AKN_TOPICS_DICTIONARY "/akn/ontology/concept/concord/topics"
#define AKN_UNKNOWN_DATE "0001-01-01" /* see docs/akoma-ntoso.md, "Dates" */

typedef struct akn_ctx {
  akn_xml w;
  const cc_document *doc; /* NULL for equivalents.xml */
  const akn_ids *ids;
  arena *a;
  int depth;             /* structural nesting, for indentation */
  int inline_depth;      /* >0 inside mixed content: never add whitespace */
  bool child[AKN_MAX_DEPTH]; /* has element child[depth] a structural child? */
  bool *fn_written;      /* per doc->footnotes index: its authorialNote exists */
} akn_ctx;

/* ---- the XML writer (akn_xml.h) -------------------------------------------- */

static void indent(akn_ctx *c) {
  if (c->inline_depth || c->depth == 0) return;
  char sp[2 * 24 + 2];
  int n = c->depth < 24 ? c->depth : 24;
  sp[0] = '\n';
  memset(sp + 1, ' ', (size_t)(2 * n));
  sp[1 + 2 * n] = '\0';
  akn_xml_text(&c->w, sp);
}

/* A structural element: on its own line, indented by depth. */
static void blk_start(akn_ctx *c, const char *name) {
  if (!c->inline_depth && c->depth > 0 && c->depth <= AKN_MAX_DEPTH) c->child[c->depth - 1] = true;
  indent(c);
  akn_xml_start(&c->w, name);
  if (c->depth < AKN_MAX_DEPTH) c->child[c->depth] = false;
  c->depth++;
}

static void blk_end(akn_ctx *c) {
  c->depth--;
  if (c->depth < AKN_MAX_DEPTH && c->child[c->depth]) indent(c);
  akn_xml_end(&c->w);
}

/* An element holding text (p, num, heading): no whitespace inside. */
static void txt_start(akn_ctx *c, const char *name) {
  blk_start(c, name);
  c->inline_depth++;
}

static void txt_end(akn_ctx *c) {
  c->inline_depth--;
  c->depth--;
  akn_xml_end(&c->w);
}

/* An inline element inside text. */
static void inl_start(akn_ctx *c, const char *name) { akn_xml_start(&c->w, name); }

static void inl_end(akn_ctx *c) { akn_xml_end(&c->w); }

static void attr(akn_ctx *c, const char *name, const char *value) {
  if (value) akn_xml_attr(&c->w, name, value);
}

static void text(akn_ctx *c, const char *s) {
  if (s && *s) akn_xml_text(&c->w, s);
}

/* <name attrs.../> on its own line (metadata). */
static void empty(akn_ctx *c, const char *name, const char *a1, const char *v1, const char *a2,
                  const char *v2, const char *a3, const char *v3) {
  blk_start(c, name);
  attr(c, a1, v1);
  if (a2) attr(c, a2, v2);
  if (a3) attr(c, a3, v3);
  blk_end(c);
}

static bool ctx_open(akn_ctx *c) {
  akn_xml_begin(&c->w, "akomaNtoso", AKN_NS);
  c->child[0] = false;
  c->depth = 1;
  return true;
}

/* Ends the document; returns the XML (caller frees) or NULL. */
static char *ctx_close(akn_ctx *c) {
  blk_end(c); /* akomaNtoso */
  return akn_xml_finish(&c->w);
}

/* ---- inline content -------------------------------------------------------- */

static void blocks_flow(akn_ctx *c, const cc_block *b);
static void blocks_until(akn_ctx *c, const cc_block *b, bool stop_at_list);

static const cc_footnote *find_footnote(const cc_document *d, const char *id, size_t *index) {
  for (size_t i = 0; id && i < d->nfootnotes; i++)
    if (d->footnotes[i]->id && strcmp(d->footnotes[i]->id, id) == 0) {
      *index = i;
      return d->footnotes[i];
    }
  return NULL;
}

static void inlines(akn_ctx *c, const cc_inline *in);

static void footref(akn_ctx *c, const cc_inline *in) {
  size_t fi = 0;
  const cc_footnote *f = c->doc ? find_footnote(c->doc, in->target, &fi) : NULL;
  const char *eid = f ? akn_ids_eid(c->ids, f->id) : NULL;
  if (!f || !eid) { /* a dangling reference: keep its label as text */
    text(c, in->text);
    return;
  }
  if (c->fn_written[fi]) {
    /* the note sits at its first reference; later ones point to it */
    inl_start(c, "noteRef");
    attr(c, "marker", f->label);
    attr(c, "href", arena_printf(c->a, "#%s", eid));
    inl_end(c);
    return;
  }
  c->fn_written[fi] = true;
  inl_start(c, "authorialNote");
  attr(c, "eId", eid);
  attr(c, "marker", f->label);
  attr(c, "placement", "bottom");
  blocks_flow(c, f->blocks);
  inl_end(c);
}

static void xref(akn_ctx *c, const cc_inline *in) {
  const cc_ref *r = in->ref;
  const char *eid = r && r->kind == CC_REF_INTERNAL ? akn_ids_eid(c->ids, r->target) : NULL;
  if (eid) {
    inl_start(c, "ref");
    attr(c, "href", arena_printf(c->a, "#%s", eid));
  } else if (r && r->kind == CC_REF_EXTERNAL) {
    /* another part of the constitution: the model has its words, not its
     * address, so it is marked but not linked */
    inl_start(c, "inline");
    attr(c, "name", "externalReference");
  } else { /* unresolved: the words only */
    if (in->children) inlines(c, in->children);
    else if (r) text(c, r->text);
    return;
  }
  if (in->children) inlines(c, in->children);
  else if (r) text(c, r->text);
  inl_end(c);
}

static void inlines(akn_ctx *c, const cc_inline *in) {
  for (; in; in = in->next) {
    switch (in->kind) {
    case CC_INL_TEXT: text(c, in->text); break;
    case CC_INL_CODE:
      inl_start(c, "inline");
      attr(c, "name", "code");
      text(c, in->text);
      inl_end(c);
      break;
    case CC_INL_EMPH:
      inl_start(c, "i");
      inlines(c, in->children);
      inl_end(c);
      break;
    case CC_INL_STRONG:
      inl_start(c, "b");
      inlines(c, in->children);
      inl_end(c);
      break;
    case CC_INL_LINK:
      inl_start(c, "ref");
      attr(c, "href", in->url ? in->url : "");
      if (in->children) inlines(c, in->children);
      else text(c, in->url);
      inl_end(c);
      break;
    case CC_INL_XREF: xref(c, in); break;
    case CC_INL_FOOTREF: footref(c, in); break;
    case CC_INL_SOFTBREAK: text(c, " "); break;
    case CC_INL_LINEBREAK:
      inl_start(c, "br");
      inl_end(c);
      break;
    }
  }
}

/* ---- blocks ---------------------------------------------------------------- */

static void hier_body(akn_ctx *c, const cc_block *b);

static char *refers(akn_ctx *c, cc_topic *const *topics, size_t n);

static void point(akn_ctx *c, const cc_item *it) {
  blk_start(c, "point");
  attr(c, "eId", akn_ids_eid(c->ids, it->id));
  /* an item with topics is a provision of its own (docs/provisions.md) */
  attr(c, "refersTo", refers(c, it->topics, it->ntopics));
  /* the label as printed in the source: house-style relabelling is
   * presentation, and the canonical label is already in the eId */
  const char *label = it->label;
  if (label && *label) {
    txt_start(c, "num");
    text(c, label);
    txt_end(c);
  }
  hier_body(c, it->blocks);
  blk_end(c);
}

static void list(akn_ctx *c, const cc_block *b, const cc_block *intro_from) {
  blk_start(c, "list");
  if (intro_from && intro_from != b) {
    blk_start(c, "intro");
    blocks_until(c, intro_from, true); /* the text up to b, the next list */
    blk_end(c);
  }
  for (const cc_item *it = b->items; it; it = it->next) point(c, it);
  blk_end(c);
}

static void quote(akn_ctx *c, const cc_block *b) {
  /* a quoted extract is an embedded structure inside a paragraph of text */
  txt_start(c, "p");
  inl_start(c, "embeddedStructure");
  blocks_flow(c, b->children);
  inl_end(c);
  txt_end(c);
}

/* Blocks where any of p, list and quote may follow one another (inside a
 * note, a quote, an intro, content): stops at the first list when called
 * for an intro (the list is written by the caller). */
static void blocks_until(akn_ctx *c, const cc_block *b, bool stop_at_list) {
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_PARA) {
      txt_start(c, "p");
      inlines(c, b->inlines);
      txt_end(c);
    } else if (b->kind == CC_BLK_QUOTE) {
      quote(c, b);
    } else {
      if (stop_at_list) return;
      list(c, b, NULL);
    }
  }
}

/* Inside a subFlow (authorialNote, embeddedStructure, note) lists may sit
 * among blocks. Inside content/intro/wrapUp (blocks only) hier_body never
 * passes a list. */
static void blocks_flow(akn_ctx *c, const cc_block *b) { blocks_until(c, b, false); }

static bool has_list(const cc_block *b) {
  for (; b; b = b->next)
    if (b->kind == CC_BLK_LIST) return true;
  return false;
}

/* The body of a hierarchical element (clause, item, prose): <content> when
 * it is text only; otherwise <intro> (text before the first list), one
 * <list> per list of items (text between two lists is the next list's
 * <intro>), and <wrapUp> (text after the last list). */
static void hier_body(akn_ctx *c, const cc_block *b) {
  if (!has_list(b)) {
    blk_start(c, "content");
    if (!b) { /* an empty item: content needs a block */
      txt_start(c, "p");
      txt_end(c);
    }
    blocks_until(c, b, false);
    blk_end(c);
    return;
  }
  if (b->kind != CC_BLK_LIST) {
    blk_start(c, "intro");
    blocks_until(c, b, true);
    blk_end(c);
  }
  const cc_block *run = NULL; /* first text block after the previous list */
  bool first = true;
  for (; b; b = b->next) {
    if (b->kind != CC_BLK_LIST) {
      if (!first && !run) run = b;
      continue;
    }
    list(c, b, first ? NULL : run);
    run = NULL;
    first = false;
  }
  if (run) {
    blk_start(c, "wrapUp");
    blocks_until(c, run, false);
    blk_end(c);
  }
}

/* ---- structure --------------------------------------------------------------- */

/* "#topic_a #topic_b", or NULL (no attribute) for none. */
static char *refers(akn_ctx *c, cc_topic *const *topics, size_t n) {
  if (!n) return NULL;
  buf b = BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&b, ' ');
    buf_printf(&b, "#topic_%s", topics[i]->key);
  }
  char *s = arena_strdup(c->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static void clause(akn_ctx *c, const cc_clause *cl) {
  blk_start(c, "paragraph");
  attr(c, "eId", akn_ids_eid(c->ids, cl->id));
  /* the provisions the clause makes as a whole; its items' are on them */
  attr(c, "refersTo", refers(c, cl->own_topics, cl->nown_topics));
  const char *num = cl->number; /* as printed (see point) */
  if (num && *num) {
    txt_start(c, "num");
    text(c, num);
    txt_end(c);
  }
  if (cl->heading) {
    txt_start(c, "heading");
    inlines(c, cl->heading);
    txt_end(c);
  }
  hier_body(c, cl->blocks);
  blk_end(c);
}

static void prose(akn_ctx *c, const cc_prose *p) {
  blk_start(c, "hcontainer");
  attr(c, "eId", akn_ids_eid(c->ids, p->id));
  attr(c, "name", "prose");
  hier_body(c, p->blocks);
  blk_end(c);
}

static void section_children(akn_ctx *c, const cc_section *s);

static void section(akn_ctx *c, const cc_section *s) {
  blk_start(c, "section");
  attr(c, "eId", akn_ids_eid(c->ids, s->id));
  if (s->number && *s->number) {
    txt_start(c, "num");
    text(c, s->number);
    txt_end(c);
  }
  if (s->heading) { /* as written, like numbers and labels */
    txt_start(c, "heading");
    inlines(c, s->heading);
    txt_end(c);
  }
  section_children(c, s);
  blk_end(c);
}

static void section_children(akn_ctx *c, const cc_section *s) {
  for (size_t i = 0; i < s->nchildren; i++) {
    const cc_node *n = &s->children[i];
    if (n->kind == CC_NODE_SECTION) section(c, n->u.section);
    else if (n->kind == CC_NODE_CLAUSE) clause(c, n->u.clause);
    else prose(c, n->u.prose);
  }
}

/* ---- metadata ------------------------------------------------------------------ */

static const char *generation_date(akn_ctx *c, long long epoch, const char *fallback) {
  if (epoch < 0) return fallback;
  time_t t = (time_t)epoch;
  struct tm tm;
  if (!gmtime_r(&t, &tm)) return fallback;
  return arena_printf(c->a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void frbr_level(akn_ctx *c, const char *level, const char *this_uri, const char *uri,
                       const char *date, const char *date_name, const char *author) {
  blk_start(c, level);
  empty(c, "FRBRthis", "value", this_uri, NULL, NULL, NULL, NULL);
  empty(c, "FRBRuri", "value", uri, NULL, NULL, NULL, NULL);
  empty(c, "FRBRdate", "date", date, "name", date_name, NULL, NULL);
  empty(c, "FRBRauthor", "href", author, NULL, NULL, NULL, NULL);
}

static void identification(akn_ctx *c, const char *work, const char *expr, const char *wdate,
                           const char *wname, const char *edate, const char *ename,
                           const char *author, const char *number, const char *name,
                           const char *subtype, const char *lang, long long epoch) {
  blk_start(c, "identification");
  attr(c, "source", AKN_SOURCE);
  frbr_level(c, "FRBRWork", arena_printf(c->a, "%s/!main", work), work, wdate, wname, author);
  empty(c, "FRBRcountry", "value", "gb", NULL, NULL, NULL, NULL);
  empty(c, "FRBRsubtype", "value", subtype, NULL, NULL, NULL, NULL);
  empty(c, "FRBRnumber", "value", number, NULL, NULL, NULL, NULL);
  if (name) empty(c, "FRBRname", "value", name, NULL, NULL, NULL, NULL);
  blk_end(c);
  frbr_level(c, "FRBRExpression", arena_printf(c->a, "%s/!main", expr), expr, edate, ename, author);
  empty(c, "FRBRlanguage", "language", lang, NULL, NULL, NULL, NULL);
  blk_end(c);
  frbr_level(c, "FRBRManifestation", arena_printf(c->a, "%s/!main.xml", expr),
             arena_printf(c->a, "%s.akn", expr), generation_date(c, epoch, edate), "generation",
             "#concord");
  empty(c, "FRBRformat", "value", "application/akn+xml", NULL, NULL, NULL, NULL);
  blk_end(c);
  blk_end(c);
}

/* Topics used by the document, in taxonomy order (deterministic). */
static size_t doc_topics(const cc_document *d, const cc_topic **out) {
  const cc_corpus *cp = d->corpus;
  size_t n = 0;
  for (size_t t = 0; t < cp->ntopics; t++) {
    bool used = false;
    for (size_t i = 0; i < d->nclauses && !used; i++)
      for (size_t k = 0; k < d->clauses[i]->ntopics && !used; k++)
        used = d->clauses[i]->topics[k] == cp->topics[t];
    if (used) out[n++] = cp->topics[t];
  }
  return n;
}

static void meta(akn_ctx *c, const cc_document *d, const char *org_eid, const cc_topic **topics,
                 size_t ntopics) {
  const char *wname = NULL, *ename = NULL;
  const char *wdate = akn_work_date(d, &wname);
  const char *edate = akn_expr_date(d, &ename);
  const char *work = akn_work_uri(c->a, d), *expr = akn_expr_uri(c->a, d);
  blk_start(c, "meta");
  identification(c, work, expr, wdate ? wdate : AKN_UNKNOWN_DATE, wdate ? wname : "unknown",
                 edate ? edate : AKN_UNKNOWN_DATE, edate ? ename : "unknown",
                 arena_printf(c->a, "#%s", org_eid), d->slug, d->title, "protocol",
                 akn_language(d), d->corpus->build_epoch);

  if (ntopics) {
    blk_start(c, "classification");
    attr(c, "source", AKN_SOURCE);
    for (size_t i = 0; i < ntopics; i++) {
      blk_start(c, "keyword");
      attr(c, "eId", arena_printf(c->a, "keyword_%s", topics[i]->key));
      attr(c, "value", topics[i]->key);
      attr(c, "showAs", topics[i]->label ? topics[i]->label : topics[i]->key);
      attr(c, "dictionary", AKN_TOPICS_DICTIONARY);
      blk_end(c);
    }
    blk_end(c);
  }

  /* the adoption and each recorded amendment, oldest first */
  bool any = false;
  const char *adopted = akn_work_date(d, &wname);
  if (adopted && strcmp(wname, "adopted") == 0) {
    blk_start(c, "lifecycle");
    attr(c, "source", AKN_SOURCE);
    any = true;
    empty(c, "eventRef", "date", adopted, "source", "#original", "type", "generation");
  }
  for (size_t i = 0; i < d->nhistory; i++) {
    const char *date = d->history[i].date;
    if (!date || strlen(date) != 10) continue;
    if (!any) {
      blk_start(c, "lifecycle");
      attr(c, "source", AKN_SOURCE);
      any = true;
    }
    blk_start(c, "eventRef");
    attr(c, "eId", arena_printf(c->a, "event_%zu", i + 1));
    attr(c, "date", date);
    attr(c, "source", "#original");
    attr(c, "refersTo", arena_printf(c->a, "#amendment_%zu", i + 1));
    attr(c, "type", "amendment");
    blk_end(c);
  }
  if (any) blk_end(c);

  blk_start(c, "references");
  attr(c, "source", AKN_SOURCE);
  empty(c, "original", "eId", "original", "href", work, "showAs", d->title ? d->title : d->slug);
  empty(c, "TLCOrganization", "eId", org_eid, "href",
        arena_printf(c->a, "/akn/ontology/organization/gb/%s", org_eid), "showAs",
        d->council ? d->council : d->slug);
  empty(c, "TLCOrganization", "eId", "concord", "href", "/akn/ontology/organization/concord",
        "showAs", "Concord (document compiler)");
  const akn_role **roles = arena_alloc(c->a, (akn_roles_count() + 1) * sizeof *roles);
  size_t nroles = akn_roles_find(d, roles);
  for (size_t i = 0; i < nroles; i++)
    empty(c, "TLCRole", "eId", roles[i]->eid, "href",
          arena_printf(c->a, "/akn/ontology/role/gb/%s", roles[i]->eid), "showAs", roles[i]->title);
  for (size_t i = 0; i < ntopics; i++)
    empty(c, "TLCConcept", "eId", arena_printf(c->a, "topic_%s", topics[i]->key), "href",
          arena_printf(c->a, "/akn/ontology/concept/concord/%s", topics[i]->key), "showAs",
          topics[i]->label ? topics[i]->label : topics[i]->key);
  for (size_t i = 0; i < d->nhistory; i++)
    if (d->history[i].date && strlen(d->history[i].date) == 10)
      empty(c, "TLCEvent", "eId", arena_printf(c->a, "amendment_%zu", i + 1), "href",
            arena_printf(c->a, "/akn/ontology/event/gb/%s/amendment-%s", d->slug, d->history[i].date),
            "showAs", d->history[i].text ? d->history[i].text : d->history[i].date);
  blk_end(c);

  /* footnotes never referenced from the text still belong to the document */
  bool notes = false;
  for (size_t i = 0; i < d->nfootnotes; i++) {
    if (d->footnotes[i]->referenced) continue;
    if (!notes) {
      blk_start(c, "notes");
      attr(c, "source", AKN_SOURCE);
      notes = true;
    }
    c->fn_written[i] = true;
    blk_start(c, "note");
    attr(c, "eId", akn_ids_eid(c->ids, d->footnotes[i]->id));
    attr(c, "marker", d->footnotes[i]->label);
    c->inline_depth++; /* mixed-content rules apply inside notes too */
    blocks_flow(c, d->footnotes[i]->blocks);
    c->inline_depth--;
    blk_end(c);
  }
  if (notes) blk_end(c);
  blk_end(c); /* meta */
}

static void preface(akn_ctx *c, const cc_document *d) {
  blk_start(c, "preface");
  if (d->title) {
    txt_start(c, "p");
    inl_start(c, "docTitle");
    text(c, d->title);
    inl_end(c);
    txt_end(c);
  }
  if (d->part) {
    txt_start(c, "p");
    inl_start(c, "docNumber");
    text(c, d->part);
    inl_end(c);
    txt_end(c);
  }
  if (d->council) {
    txt_start(c, "p");
    inl_start(c, "docAuthority");
    text(c, d->council);
    inl_end(c);
    txt_end(c);
  }
  blk_end(c);
}

char *akn_document_xml(const cc_document *d, diag_list *dl) {
  arena *a = arena_new();
  akn_ids *ids = akn_ids_build(a, d, dl);
  if (!ids) {
    arena_free(a);
    return NULL;
  }
  akn_ctx c;
  memset(&c, 0, sizeof c);
  c.doc = d;
  c.ids = ids;
  c.a = a;
  c.fn_written = arena_alloc(a, (d->nfootnotes + 1) * sizeof(bool));
  char *xml = NULL;
  if (ctx_open(&c)) {
    blk_start(&c, "doc");
    attr(&c, "name", "protocol");
    char *org = utf8_slug(a, d->council ? d->council : d->slug, 12);
    if (!*org) org = arena_strdup(a, "council");
    const cc_topic **topics = arena_alloc(a, (d->corpus->ntopics + 1) * sizeof *topics);
    size_t ntopics = doc_topics(d, topics);
    meta(&c, d, org, topics, ntopics);
    if (d->title || d->part || d->council) preface(&c, d);
    blk_start(&c, "mainBody");
    if (d->root && d->root->nchildren) section_children(&c, d->root);
    else { /* mainBody needs one element */
      txt_start(&c, "p");
      txt_end(&c);
    }
    blk_end(&c);
    blk_end(&c); /* doc */
    xml = ctx_close(&c);
  }
  if (!xml) diag_error(dl, d->path, 0, 0, "could not write the Akoma Ntoso XML of '%s' (out of memory?)", d->slug);
  akn_ids_free(ids);
  arena_free(a);
  return xml;
}

/* ---- equivalents.xml -------------------------------------------------------------- */

char *akn_equivalents_xml(const cc_corpus *cp, diag_list *dl) {
  arena *a = arena_new();
  akn_ctx c;
  memset(&c, 0, sizeof c);
  c.a = a;
  /* eIds of every document, to link each provision */
  akn_ids **ids = arena_alloc(a, (cp->ndocs + 1) * sizeof *ids);
  bool ok = true;
  const char *latest = NULL; /* the corpus is as recent as its latest document */
  for (size_t i = 0; i < cp->ndocs; i++) {
    ids[i] = akn_ids_build(a, cp->docs[i], dl);
    if (!ids[i]) ok = false;
    const char *e = akn_expr_date(cp->docs[i], NULL);
    if (e && (!latest || strcmp(e, latest) > 0)) latest = e;
  }
  char *xml = NULL;
  if (ok && ctx_open(&c)) {
    blk_start(&c, "doc");
    attr(&c, "name", "equivalences");
    const char *date = latest ? latest : AKN_UNKNOWN_DATE;
    const char *work = "/akn/gb/doc/equivalences/concord/topics";
    const char *expr = arena_printf(a, "%s/eng@%s", work, latest ? latest : "");
    blk_start(&c, "meta");
    identification(&c, work, expr, date, latest ? "latest-document" : "unknown", date,
                   latest ? "latest-document" : "unknown", "#concord", "topics",
                   "Equivalent provisions of councils' protocols, by topic", "equivalences", "eng",
                   cp->build_epoch);
    blk_start(&c, "references");
    attr(&c, "source", AKN_SOURCE);
    empty(&c, "TLCOrganization", "eId", "concord", "href", "/akn/ontology/organization/concord",
          "showAs", "Concord (document compiler)");
    for (size_t i = 0; i < cp->ndocs; i++)
      empty(&c, "activeRef", "eId", arena_printf(a, "doc_%s", cp->docs[i]->slug), "href",
            akn_work_uri(a, cp->docs[i]), "showAs",
            cp->docs[i]->council ? cp->docs[i]->council : cp->docs[i]->slug);
    blk_end(&c);
    blk_end(&c); /* meta */
    blk_start(&c, "mainBody");
    size_t written = 0;
    for (size_t t = 0; t < cp->ntopics; t++) {
      const cc_topic *tp = cp->topics[t];
      if (!tp->nprovisions) continue;
      written++;
      blk_start(&c, "hcontainer");
      attr(&c, "eId", arena_printf(a, "topic_%s", tp->key));
      attr(&c, "name", "topic");
      txt_start(&c, "heading");
      text(&c, tp->label ? tp->label : tp->key);
      txt_end(&c);
      blk_start(&c, "content");
      if (tp->definition) {
        txt_start(&c, "p");
        text(&c, tp->definition);
        txt_end(&c);
      }
      blk_start(&c, "blockList");
      /* the provisions: a clause as a whole (its paragraph), or an item
       * of a list (its point), never a list for one of its items */
      for (size_t k = 0; k < tp->nprovisions; k++) {
        const cc_provision *pv = &tp->provisions[k];
        const cc_document *doc = pv->clause->doc;
        const char *eid = akn_ids_eid(ids[doc->index], model_provision_id(pv));
        blk_start(&c, "item");
        txt_start(&c, "p");
        inl_start(&c, "ref");
        attr(&c, "href", arena_printf(a, "%s#%s", akn_work_uri(a, doc), eid ? eid : ""));
        text(&c, model_provision_citation(a, pv));
        inl_end(&c);
        txt_end(&c);
        blk_end(&c);
      }
      blk_end(&c); /* blockList */
      blk_end(&c); /* content */
      blk_end(&c); /* hcontainer */
    }
    if (!written) {
      txt_start(&c, "p");
      text(&c, "No clause carries a topic yet, so there are no equivalences to list.");
      txt_end(&c);
    }
    blk_end(&c); /* mainBody */
    blk_end(&c); /* doc */
    xml = ctx_close(&c);
    if (!xml) diag_error(dl, NULL, 0, 0, "could not write akn/equivalents.xml (out of memory?)");
  }
  for (size_t i = 0; i < cp->ndocs; i++) akn_ids_free(ids[i]);
  arena_free(a);
  return xml;
}
