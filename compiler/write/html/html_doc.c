/* html_doc.c - one council's protocol as an HTML subtree (see html_doc.h).
 *
 * Generated ids (the contents heading, footnote references) start with '_':
 * stable ids from the model never do (docs/annotated-markdown.md section 8,
 * attrs_valid_id), so the two can't collide.
 */
#include "write/html/html_doc.h"
#include "base/buf.h"
#include "model/typo.h"
#include "write/html/html_out.h"
#include "write/html/html_serial.h"
#include "write/html/html_tree.h"
#include "link/linker.h"
#include "write/akn/akn_ids.h"
#include "base/strmap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the "Also in" cache -------------------------------------------------
 * In a corpus of a thousand councils, every clause of a provision that
 * most councils make has the same first equivalents (the first councils
 * in corpus order that make it), so the same "Also in" line appears on
 * nearly every page, and building, writing and freeing its ~200 nodes
 * each time was half the HTML writer. The line is a function of what
 * render_equivalents reads (the provisions shown, the count of the rest, the
 * topic linked), which is the key; the first page to need a line builds it
 * as nodes as before, and its serialisation is reused (html_fragment)
 * by the pages after. Shared by the threads that write pages, so guarded
 * by a mutex; entries are never removed until html_doc_cache_free. */
typedef struct eq_entry {
  char *key;
  html_fragment frag;
} eq_entry;

struct html_doc_cache {
  pthread_mutex_t lock;
  strmap *map; /* key -> eq_entry */
  eq_entry **entries;
  size_t n, cap;
  size_t bytes; /* of the fragments held */
};

/* The cache stops taking fragments past this many bytes: the distinct
 * "Also in" lines grow with the corpus (5.7 MB at 200 councils), and
 * memory should be bounded by a document, not the corpus. Past it a line
 * is rendered each time, which changes the time, never the bytes. */
#ifndef HTML_DOC_CACHE_MAX_BYTES
#define HTML_DOC_CACHE_MAX_BYTES ((size_t)32 << 20)
#endif

html_doc_cache *html_doc_cache_new(void) {
  html_doc_cache *c = xcalloc(1, sizeof *c);
  pthread_mutex_init(&c->lock, NULL);
  c->map = strmap_new();
  return c;
}

void html_doc_cache_free(html_doc_cache *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) {
    html_fragment_free(&c->entries[i]->frag);
    free(c->entries[i]);
  }
  free(c->entries);
  strmap_free(c->map);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

static const html_fragment *cache_get(html_doc_cache *c, const char *key) {
  pthread_mutex_lock(&c->lock);
  eq_entry *e = strmap_get(c->map, key);
  pthread_mutex_unlock(&c->lock);
  return e ? &e->frag : NULL;
}

/* Takes F (its data) whether or not another thread stored KEY first. */
static void cache_put(html_doc_cache *c, const char *key, html_fragment *f) {
  eq_entry *e = xcalloc(1, sizeof *e);
  e->frag = *f;
  pthread_mutex_lock(&c->lock);
  if (c->bytes + f->len <= HTML_DOC_CACHE_MAX_BYTES && strmap_add(c->map, key, e)) {
    c->bytes += f->len;
    if (c->n == c->cap) {
      c->cap = c->cap ? 2 * c->cap : 256;
      c->entries = xrealloc(c->entries, c->cap * sizeof *c->entries);
    }
    c->entries[c->n++] = e;
    e = NULL;
  }
  pthread_mutex_unlock(&c->lock);
  if (e) {
    html_fragment_free(&e->frag);
    free(e);
  }
}

typedef struct render {
  const cc_document *doc;
  arena *a;
  int *fnrefs; /* per footnote: references rendered so far */
  html_doc_cache *cache; /* NULL: no reuse */
  unsigned typo_prev;    /* typo_text's context: the paragraph's text so far */
  const html_doc_links *links; /* NULL: link no downloads */
  akn_ids *eids; /* the Akoma Ntoso eIds, for "cite this provision"; may be NULL */
  html_out *o;   /* the sections, clauses and footnotes, written as bytes */
  const char **ids; /* the id attributes written to O, in order (check_ids) */
  size_t nids, capids;
} render;

static void render_blocks(render *r, const cc_block *b, int in_link);
static void render_equivalents(render *r, const cc_provision *pv);

/* An id attribute on the element just started in r->o, remembered for
 * the duplicate check (NULL: none, as html_attr). */
static void out_id(render *r, const char *id) {
  if (!id) return;
  html_out_attr(r->o, "id", id);
  if (r->nids == r->capids) {
    r->capids = r->capids ? 2 * r->capids : 64;
    r->ids = xrealloc(r->ids, r->capids * sizeof *r->ids);
  }
  r->ids[r->nids++] = id;
}

/* ---- inline content ---------------------------------------------------- */

static int url_allowed(const char *u) {
  if (!u) return 0;
  if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0 || strncmp(u, "mailto:", 7) == 0)
    return 1;
  /* relative: no scheme before the first '/', '?' or '#' */
  size_t n = strcspn(u, ":/?#");
  return u[n] != ':';
}

static size_t footnote_index(const cc_document *doc, const void *node) {
  for (size_t i = 0; i < doc->nfootnotes; i++)
    if (doc->footnotes[i] == node) return i;
  return (size_t)-1;
}

static void render_inlines(render *r, const cc_inline *in, int in_link);

static void render_inline(render *r, const cc_inline *in, int in_link) {
  html_out *o = r->o;
  switch (in->kind) {
  case CC_INL_TEXT: html_out_text(o, typo_text(r->a, in->text, &r->typo_prev)); break;
  case CC_INL_CODE: html_out_el_text(o, "code", NULL, in->text); break;
  case CC_INL_EMPH:
    html_out_start(o, "em", NULL);
    render_inlines(r, in->children, in_link);
    html_out_end(o, "em");
    break;
  case CC_INL_STRONG:
    html_out_start(o, "strong", NULL);
    render_inlines(r, in->children, in_link);
    html_out_end(o, "strong");
    break;
  case CC_INL_SOFTBREAK:
    html_out_text(o, "\n");
    r->typo_prev = ' ';
    break;
  case CC_INL_LINEBREAK:
    html_out_start(o, "br", NULL);
    html_out_end(o, "br");
    break;
  case CC_INL_LINK:
    if (in_link || !url_allowed(in->url)) {
      render_inlines(r, in->children, in_link);
    } else {
      int external = strncmp(in->url, "http", 4) == 0;
      html_out_start(o, "a", external ? "external" : NULL);
      char *href = html_url(in->url);
      html_out_attr(o, "href", href);
      free(href);
      render_inlines(r, in->children, 1);
      html_out_end(o, "a");
    }
    break;
  case CC_INL_XREF: {
    const cc_ref *ref = in->ref;
    int internal = ref && ref->kind == CC_REF_INTERNAL && ref->target &&
                   model_document_find(r->doc, ref->target).kind != CC_ID_NONE;
    if (internal && !in_link) {
      buf href = BUF_INIT;
      buf_putc(&href, '#');
      buf_puts(&href, ref->target);
      html_out_start(o, "a", "xref");
      html_out_attr(o, "href", buf_cstr(&href));
      buf_free(&href);
      render_inlines(r, in->children, 1);
      html_out_end(o, "a");
    } else if (ref && ref->kind == CC_REF_EXTERNAL) {
      /* another document of the constitution: named, not linked */
      html_out_start(o, "span", "xref-external");
      render_inlines(r, in->children, in_link);
      html_out_end(o, "span");
    } else {
      render_inlines(r, in->children, in_link);
    }
    break;
  }
  case CC_INL_FOOTREF: {
    cc_id_target t = in->target ? model_document_find(r->doc, in->target) : (cc_id_target){CC_ID_NONE, NULL};
    size_t fi = t.kind == CC_ID_FOOTNOTE ? footnote_index(r->doc, t.node) : (size_t)-1;
    if (fi == (size_t)-1 || in_link) {
      html_out_el_text(o, "sup", NULL, in->text);
      break;
    }
    int k = ++r->fnrefs[fi];
    html_out_start(o, "sup", "footref");
    html_out_start(o, "a", NULL);
    buf b = BUF_INIT;
    buf_printf(&b, "#%s", in->target);
    html_out_attr(o, "href", buf_cstr(&b));
    out_id(r, arena_printf(r->a, "_ref-%s-%d", in->target, k));
    buf_free(&b);
    html_out_hidden(o, "Footnote ");
    html_out_text(o, in->text);
    html_out_end(o, "a");
    html_out_end(o, "sup");
    break;
  }
  }
}

static void render_inlines(render *r, const cc_inline *in, int in_link) {
  for (; in; in = in->next) render_inline(r, in, in_link);
}

/* ---- blocks -------------------------------------------------------------- */

static int list_has_labels(const cc_block *b) {
  for (const cc_item *it = b->items; it; it = it->next)
    if (it->label || it->label_shown) return 1;
  return 0;
}

static void render_list(render *r, const cc_block *b, int in_link) {
  html_out *o = r->o;
  int labelled = list_has_labels(b);
  /* printed labels ("(a)") are content, so the list's own markers are off */
  const char *list = labelled || b->ordered ? "ol" : "ul";
  html_out_start(o, list, labelled ? "items labelled" : "items");
  for (const cc_item *it = b->items; it; it = it->next) {
    html_out_start(o, "li", NULL);
    out_id(r, it->id);
    const char *label = it->label_shown ? it->label_shown : it->label;
    if (labelled) {
      html_out_el_text(o, "span", "item-label", label ? label : "");
      html_out_start(o, "div", "item-body");
    }
    render_blocks(r, it->blocks, in_link);
    if (it->clause && it->ntopics) { /* a provision of its own: its "Also in" */
      cc_provision item = {it->clause, (cc_item *)it};
      render_equivalents(r, &item);
    }
    if (labelled) html_out_end(o, "div");
    html_out_end(o, "li");
  }
  html_out_end(o, list);
}

static void render_blocks(render *r, const cc_block *b, int in_link) {
  html_out *o = r->o;
  for (; b; b = b->next) {
    switch (b->kind) {
    case CC_BLK_PARA:
      r->typo_prev = 0;
      html_out_start(o, "p", NULL);
      render_inlines(r, b->inlines, in_link);
      html_out_end(o, "p");
      break;
    case CC_BLK_LIST: render_list(r, b, in_link); break;
    case CC_BLK_QUOTE:
      html_out_start(o, "blockquote", NULL);
      render_blocks(r, b->children, in_link);
      html_out_end(o, "blockquote");
      break;
    }
  }
}

/* ---- clauses ------------------------------------------------------------- */

static int heading_level(const cc_section *s) {
  int level = 1; /* the document title is the h1 */
  for (; s && s->depth > 0; s = s->parent) level++;
  return level > 6 ? 6 : level;
}

static const char *hname(int level) {
  static const char *const names[] = {"h1", "h1", "h2", "h3", "h4", "h5", "h6"};
  return names[level < 1 ? 1 : level > 6 ? 6 : level];
}

/* The visible permalink: the printed number, or a pilcrow when the council
 * printed none. The hidden words make the link text meaningful alone. */
static void permalink(render *r, const cc_clause *cl) {
  html_out *o = r->o;
  html_out_start(o, "a", "clause-num");
  buf b = BUF_INIT;
  buf_printf(&b, "#%s", cl->id);
  html_out_attr(o, "href", buf_cstr(&b));
  buf_free(&b);
  const char *num = model_clause_number_shown(cl);
  if (num && *num) {
    html_out_hidden(o, "Paragraph ");
    html_out_text(o, num);
  } else {
    html_out_hidden(o, "Link to ");
    html_out_text(o, "\xC2\xB6");
    char *cite = model_clause_citation(r->a, cl);
    html_out_hidden(o, arena_printf(r->a, " paragraph (%s)", cite));
  }
  html_out_end(o, "a");
}

/* At most this many "Also in" links per clause: in a corpus of hundreds of
 * councils a clause has hundreds of equivalents, and a line of them helps
 * no reader (and makes each page grow with the corpus). The rest are
 * counted and the topic's comparison page, which names every council
 * making the provision, is linked instead. */
#define HTML_EQUIVALENTS_MAX 40

/* CL's citation without its council's name, as "Also in" shows it under
 * the council: "2.1", "Principles \u00b6 1" (model_clause_citation less
 * its "Council " or "Council, " prefix, and any spaces after that). */
static void short_cite(buf *b, const cc_clause *cl) {
  const char *s;
  if (cl->canonical) {
    s = cl->canonical;
  } else if (cl->section && cl->section->heading_text && *cl->section->heading_text) {
    for (s = cl->section->heading_text; *s == ' '; s++) {}
    buf_printf(b, "%s%s\xC2\xB6%d", s, *s ? " " : "", cl->ordinal);
    return;
  } else {
    buf_printf(b, "\xC2\xB6%d", cl->ordinal);
    return;
  }
  while (*s == ' ') s++;
  buf_puts(b, s);
}

/* Appends N to B in base 36 and a separator: a compact cache key. */
static void key_num(buf *b, size_t n, char sep) {
  char tmp[32];
  size_t k = 0;
  do {
    tmp[k++] = "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36];
    n /= 36;
  } while (n);
  while (k) buf_putc(b, tmp[--k]);
  buf_putc(b, sep);
}

/* "Also in: Brent Council 2.1 \u00b7 Cheshire West and Chester 2.9(e), 2.9(f)":
 * the provisions of other councils that make one of P's provisions
 * (linker_provision_equivalents), grouped by council in the linker's
 * order, so each council is named once; each link goes to the provision
 * itself (an item's own id, so a reader lands on 2.9(e), not on the top of
 * an eleven-item list) and also names its council for screen-reader users
 * who list links out of context. */
static void render_equivalents(render *r, const cc_provision *pv) {
  cc_provision *eq;
  size_t total, neq = linker_provision_equivalents_head(pv, HTML_EQUIVALENTS_MAX + 1, &eq, &total);
  if (!neq) {
    free(eq);
    return;
  }
  cc_topic *const *topics;
  size_t ntopics = model_provision_topics(pv, &topics);
  int started = 0;
  const cc_document *prev = NULL;
  size_t hidden = 0;
  if (total > HTML_EQUIVALENTS_MAX) { /* show MAX, count the rest */
    neq = HTML_EQUIVALENTS_MAX;
    hidden = total - HTML_EQUIVALENTS_MAX;
  }
  /* the key: everything below reads (provisions shown, the rest, the topic) */
  buf key = BUF_INIT;
  if (r->cache) {
    key_num(&key, hidden, ':');
    if (hidden && ntopics) key_num(&key, topics[0]->index, ':');
    for (size_t i = 0; i < neq; i++) {
      key_num(&key, eq[i].clause->doc->index, '.');
      key_num(&key, eq[i].clause->index, eq[i].item ? '/' : ',');
      if (eq[i].item) { /* ids hold no control characters */
        buf_puts(&key, eq[i].item->id);
        buf_putc(&key, '\x1f');
      }
    }
    const html_fragment *f = cache_get(r->cache, buf_cstr(&key));
    if (f) {
      html_out_put_fragment(r->o, f);
      buf_free(&key);
      free(eq);
      return;
    }
  }
  /* one link: a line of its own (one tab stop either way); more: a
   * <details> closed by default, one line per council, so the clause
   * costs one tab stop (its summary) and a line of page until opened */
  size_t nlinks = 0, ncouncils = 0;
  for (size_t i = 0; i < neq; i++) {
    const cc_document *other = eq[i].clause->doc;
    if (!other->slug) continue;
    nlinks++;
    if (other != prev) ncouncils++;
    prev = other;
  }
  prev = NULL;
  int collapse = nlinks > 1 || hidden;
  /* written on its own, then copied into the page and kept for the
     others (the line is a fragment from an empty buffer, as
     html_serial_fragment made it from the nodes) */
  html_out e = HTML_OUT_INIT, *o = &e;
  int line_open = 0; /* a council's <li> is open */
  buf b = BUF_INIT;
  for (size_t i = 0; i < neq; i++) {
    const cc_clause *other_cl = eq[i].clause;
    const cc_document *other = other_cl->doc;
    if (!other->slug) continue;
    const char *council = other->council ? other->council : other->slug;
    if (!started) {
      started = 1;
      if (collapse) {
        html_out_start(o, "details", "equivalents");
        html_out_start(o, "summary", NULL);
        html_out_el_text(o, "span", "equivalents-label", "Also in:");
        html_out_text(o, hidden ? arena_printf(r->a, " %zu councils", ncouncils + hidden)
                                : ncouncils == 1 ? " 1 council"
                                                 : arena_printf(r->a, " %zu councils", ncouncils));
        html_out_end(o, "summary");
        html_out_start(o, "ul", "equivalents-list");
      } else {
        html_out_start(o, "p", "equivalents");
        html_out_el_text(o, "span", "equivalents-label", "Also in:");
        html_out_text(o, " ");
      }
    }
    if (other != prev) {
      if (collapse) {
        if (line_open) html_out_end(o, "li");
        html_out_start(o, "li", NULL);
        line_open = 1;
      }
      html_out_text(o, council);
      html_out_text(o, " ");
    } else {
      html_out_text(o, ", ");
    }
    prev = other;
    buf_clear(&b);
    buf_puts(&b, other->slug);
    buf_puts(&b, ".html#");
    buf_puts(&b, model_provision_id(&eq[i]));
    html_out_start(o, "a", NULL);
    html_out_attr(o, "href", buf_cstr(&b));
    buf_clear(&b);
    buf_puts(&b, council);
    buf_putc(&b, ' ');
    html_out_hidden(o, buf_cstr(&b));
    buf_clear(&b);
    short_cite(&b, other_cl); /* "2.1" or "Principles \u00b61" */
    if (eq[i].item) buf_puts(&b, model_provision_label(r->a, &eq[i])); /* "(e)" */
    html_out_text(o, buf_cstr(&b));
    html_out_end(o, "a");
  }
  buf_free(&b);
  if (line_open) html_out_end(o, "li");
  if (hidden && ntopics && started) {
    /* "and 987 more \u2014 compare all": the topic page lists them all */
    html_out_start(o, "li", NULL);
    html_out_text(o, arena_printf(r->a, "and %zu more \xE2\x80\x94 ", hidden));
    html_out_start(o, "a", NULL);
    html_out_attr(o, "href", arena_printf(r->a, "topics/%s.html", topics[0]->key));
    html_out_text(o, "compare all");
    html_out_end(o, "a");
    html_out_end(o, "li");
  }
  if (started) {
    html_out_end(o, collapse ? "ul" : "p");
    if (collapse) html_out_end(o, "details");
    html_fragment f;
    html_out_fragment(o, &f);
    html_out_put_fragment(r->o, &f);
    if (r->cache) cache_put(r->cache, buf_cstr(&key), &f); /* takes F */
    else html_fragment_free(&f);
  }
  html_out_free(o);
  buf_free(&key);
  free(eq);
}

/* "Cite this provision": the permalink and the Akoma Ntoso eId as
 * selectable text, hidden by the theme's CSS until the clause is the
 * page's target (its number, the permalink, was followed), so it costs no
 * tab stop and needs no script. */
static void render_cite(render *r, const cc_clause *cl) {
  html_out *o = r->o;
  html_out_start(o, "p", "cite");
  html_out_el_text(o, "strong", NULL, "Cite this provision:");
  html_out_text(o, " ");
  char *cite = model_clause_citation(r->a, cl);
  if (cite && *cite) {
    html_out_text(o, cite);
    /* an earlier version's provision is cited with its date */
    if (r->doc->current) html_out_text(o, arena_printf(r->a, " (version of %s)", r->doc->in_force));
    html_out_text(o, " \xC2\xB7 ");
  }
  html_out_text(o, "permalink ");
  html_out_el_text(o, "code", NULL,
                   r->doc->current
                       ? arena_printf(r->a, "%s/%s.html#%s", r->doc->current->slug, r->doc->in_force, cl->id)
                       : arena_printf(r->a, "%s.html#%s", r->doc->slug, cl->id));
  const char *eid = r->eids ? akn_ids_eid(r->eids, cl->id) : NULL;
  if (eid) {
    html_out_text(o, " \xC2\xB7 Akoma Ntoso eId ");
    html_out_el_text(o, "code", NULL, eid);
  }
  html_out_end(o, "p");
}

static void render_clause(render *r, const cc_clause *cl) {
  html_out *o = r->o;
  html_out_start(o, "div", "clause");
  out_id(r, cl->id);
  if (cl->heading) {
    /* Lydney's "2.3 Chairmen and Vice Chairmen": the number leads the heading */
    const char *h = hname(heading_level(cl->section) + 1);
    html_out_start(o, h, "clause-heading");
    permalink(r, cl);
    html_out_text(o, " ");
    r->typo_prev = 0;
    render_inlines(r, cl->heading, 0);
    html_out_end(o, h);
    render_blocks(r, cl->blocks, 0);
  } else if (cl->blocks && cl->blocks->kind == CC_BLK_PARA) {
    /* the number leads the first paragraph, as printed; CSS hangs it */
    html_out_start(o, "p", NULL);
    permalink(r, cl);
    html_out_text(o, " ");
    r->typo_prev = 0;
    render_inlines(r, cl->blocks->inlines, 0);
    html_out_end(o, "p");
    render_blocks(r, cl->blocks->next, 0);
  } else {
    html_out_start(o, "p", "clause-num-only");
    permalink(r, cl);
    html_out_end(o, "p");
    render_blocks(r, cl->blocks, 0);
  }
  render_cite(r, cl);
  if (cl->note) {
    html_out_start(o, "p", "clause-note");
    html_out_el_text(o, "strong", NULL, "Note:");
    html_out_text(o, " ");
    html_out_text(o, cl->note);
    html_out_end(o, "p");
  }
  /* the clause as a whole, when it makes provisions of its own; its
   * items' lines are under each item (render_list) */
  if (cl->nown_topics) {
    cc_provision whole = {(cc_clause *)cl, NULL};
    render_equivalents(r, &whole);
  }
  html_out_end(o, "div");
}

/* ---- sections and contents ---------------------------------------------- */

static void heading_text(render *r, const cc_section *s) {
  html_out *o = r->o;
  if (s->number) {
    html_out_el_text(o, "span", "section-num", s->number);
    html_out_text(o, " ");
  }
  if (s->heading_shown) {
    unsigned prev = 0;
    html_out_text(o, typo_text(r->a, s->heading_shown, &prev));
  }
  else if (s->heading) {
    r->typo_prev = 0;
    render_inlines(r, s->heading, 0);
  }
  else if (!s->number) html_out_text(o, s->id);
}

static void render_children(render *r, const cc_section *s);

/* The label of section S in navigation: "3. OFFICER ADVICE" */
static const char *section_label(render *r, const cc_section *s) {
  const char *h = s->heading_shown ? s->heading_shown : s->heading_text ? s->heading_text : "";
  unsigned prev = 0; /* the heading's punctuation as the heading itself prints it */
  h = typo_text(r->a, h, &prev);
  if (s->number) return arena_printf(r->a, "%s %s", s->number, h);
  return *h ? h : s->id;
}

/* Previous, up (the contents) and next at the end of a top-level
 * section, so a reader who has read one section can go on without
 * scrolling back. A paragraph, not a <nav>: a landmark per section would
 * crowd the landmark list. */
static void render_section_nav(render *r, const cc_section *s, int toc) {
  html_out *o = r->o;
  const cc_section *root = r->doc->root, *prev = NULL, *next = NULL;
  size_t at = (size_t)-1;
  for (size_t i = 0; i < root->nchildren; i++)
    if (root->children[i].kind == CC_NODE_SECTION && root->children[i].u.section == s) at = i;
  if (at == (size_t)-1) return;
  for (size_t i = at; i-- > 0;)
    if (root->children[i].kind == CC_NODE_SECTION) {
      prev = root->children[i].u.section;
      break;
    }
  for (size_t i = at + 1; i < root->nchildren && !next; i++)
    if (root->children[i].kind == CC_NODE_SECTION) next = root->children[i].u.section;
  if (!prev && !next) return;
  html_out_start(o, "p", "section-nav");
  if (prev) {
    html_out_start(o, "a", "section-prev");
    html_out_attr(o, "href", arena_printf(r->a, "#%s", prev->id));
    html_out_text(o, "\xE2\x86\x90 "); /* ← */
    html_out_hidden(o, "Previous section: ");
    html_out_text(o, section_label(r, prev));
    html_out_end(o, "a");
  }
  if (toc) {
    if (prev) html_out_text(o, " ");
    html_out_start(o, "a", "section-up");
    html_out_attr(o, "href", "#_contents");
    html_out_text(o, "\xE2\x86\x91 Contents");
    html_out_end(o, "a");
  }
  if (next) {
    if (prev || toc) html_out_text(o, " ");
    html_out_start(o, "a", "section-next");
    html_out_attr(o, "href", arena_printf(r->a, "#%s", next->id));
    html_out_hidden(o, "Next section: ");
    html_out_text(o, section_label(r, next));
    html_out_text(o, " \xE2\x86\x92"); /* → */
    html_out_end(o, "a");
  }
  html_out_end(o, "p");
}

static int has_toc(const cc_document *doc) { return doc->nsections >= 2; }

static void render_section(render *r, const cc_section *s) {
  html_out *o = r->o;
  html_out_start(o, "section", "section");
  out_id(r, s->id);
  const char *h = hname(heading_level(s));
  html_out_start(o, h, NULL);
  heading_text(r, s);
  html_out_end(o, h);
  render_children(r, s);
  if (s->depth == 1) render_section_nav(r, s, has_toc(r->doc));
  html_out_end(o, "section");
}

static void render_children(render *r, const cc_section *s) {
  for (size_t i = 0; i < s->nchildren; i++) {
    const cc_node *n = &s->children[i];
    if (n->kind == CC_NODE_SECTION) {
      render_section(r, n->u.section);
    } else if (n->kind == CC_NODE_CLAUSE) {
      render_clause(r, n->u.clause);
    } else {
      html_out_start(r->o, "div", "prose");
      out_id(r, n->u.prose->id);
      render_blocks(r, n->u.prose->blocks, 0);
      html_out_end(r->o, "div");
    }
  }
}

static int toc_entries(render *r, xmlNodePtr ol, const cc_section *s) {
  int count = 0;
  for (size_t i = 0; i < s->nchildren; i++) {
    const cc_node *n = &s->children[i];
    const char *id = NULL;
    buf label = BUF_INIT;
    const cc_section *sub = NULL;
    if (n->kind == CC_NODE_SECTION) {
      sub = n->u.section;
      id = sub->id;
      if (sub->number) buf_printf(&label, "%s ", sub->number);
      unsigned prev = 0;
      buf_puts(&label, typo_text(r->a, sub->heading_shown ? sub->heading_shown
                                       : sub->heading_text ? sub->heading_text : "", &prev));
    } else if (n->kind == CC_NODE_CLAUSE && n->u.clause->heading_text) {
      /* clauses with their own heading are worth listing */
      const char *num = model_clause_number_shown(n->u.clause);
      id = n->u.clause->id;
      if (num) buf_printf(&label, "%s ", num);
      unsigned prev = 0;
      buf_puts(&label, typo_text(r->a, n->u.clause->heading_text, &prev));
    }
    if (id) {
      xmlNodePtr li = html_el(ol, "li", NULL);
      xmlNodePtr a = html_el_text(li, "a", NULL, buf_cstr(&label));
      html_attr(a, "href", arena_printf(r->a, "#%s", id));
      if (sub) {
        xmlNodePtr inner = html_el(li, "ol", NULL);
        if (!toc_entries(r, inner, sub)) {
          xmlUnlinkNode(inner);
          xmlFreeNode(inner);
        }
      }
      count++;
    }
    buf_free(&label);
  }
  return count;
}

/* On every page with two sections or more: show_contents (house style)
 * decides the PDF's contents page only, which matches the printed
 * original; a web page has no other way to find a section. */
static void render_toc(render *r, xmlNodePtr parent) {
  if (!has_toc(r->doc)) return;
  xmlNodePtr nav = html_el(parent, "nav", "toc");
  html_attr(nav, "aria-labelledby", "_contents");
  xmlNodePtr h = html_el_text(nav, "h2", NULL, "Contents");
  html_attr(h, "id", "_contents");
  toc_entries(r, html_el(nav, "ol", NULL), r->doc->root);
}

/* ---- header and footnotes ----------------------------------------------- */

const char *html_doc_last_amended(const cc_document *doc) {
  const char *last = NULL;
  for (size_t i = 0; i < doc->nhistory; i++)
    if (doc->history[i].date && (!last || strcmp(doc->history[i].date, last) > 0)) last = doc->history[i].date;
  /* with earlier versions published, the current text's coming into
     force is an amendment too */
  if (doc->nversions && doc->in_force && (!last || strcmp(doc->in_force, last) > 0))
    last = doc->in_force;
  return last;
}

/* ---- versions (docs/versions.md) ------------------------------------------ */

/* Where version K of CUR is in force until: the next version's date, or
 * the current text's. */
static const char *version_end(const cc_document *cur, size_t k) {
  return k + 1 < cur->nversions ? cur->versions[k + 1]->in_force : cur->in_force;
}

/* A link whose words are "WORDS <time>DATE</time>[ to <time>TO</time>]". */
static xmlNodePtr dated_link(xmlNodePtr parent, const char *href, const char *words,
                             const char *date, const char *to) {
  xmlNodePtr a = html_el(parent, "a", NULL);
  html_attr(a, "href", href);
  html_text(a, words);
  html_time(a, date);
  if (to) {
    html_text(a, " to ");
    html_time(a, to);
  }
  return a;
}

/* The current page's timeline: each earlier version (in force from ... to
 * ...) and the redline of each change, then the current version. */
static void render_timeline(render *r, xmlNodePtr parent) {
  const cc_document *doc = r->doc;
  if (!doc->nversions || !doc->in_force) return;
  xmlNodePtr sec = html_el(parent, "section", "versions");
  html_attr(sec, "aria-labelledby", "_versions");
  html_attr(html_el_text(sec, "h2", NULL, "Versions"), "id", "_versions");
  xmlNodePtr ol = html_el(sec, "ol", "timeline");
  for (size_t k = 0; k <= doc->nversions; k++) {
    const char *from = k < doc->nversions ? doc->versions[k]->in_force : doc->in_force;
    xmlNodePtr li = html_el(ol, "li", NULL);
    if (k < doc->nversions) {
      dated_link(li, arena_printf(r->a, "%s/%s.html", doc->slug, from), "Version in force from ",
                 from, version_end(doc, k));
    } else {
      html_attr(li, "class", "current");
      xmlNodePtr s = html_el(li, "strong", NULL);
      html_text(s, "This version, in force from ");
      html_time(s, from);
    }
    if (k > 0) {
      html_text(li, " \xC2\xB7 "); /* a middle dot */
      dated_link(li, arena_printf(r->a, "%s/changes-%s.html", doc->slug, from),
                 "What changed on ", from, NULL);
    }
  }
}

/* On an earlier version's page: it is not the current text, when it was
 * in force, and the way to the current text and to what changed. */
static void render_version_notice(render *r, xmlNodePtr parent) {
  const cc_document *v = r->doc, *cur = v->current;
  size_t k = 0;
  while (k < cur->nversions && cur->versions[k] != v) k++;
  const char *to = version_end(cur, k);
  xmlNodePtr box = html_el(parent, "div", "version-notice");
  html_attr(box, "role", "note");
  xmlNodePtr p = html_el(box, "p", NULL);
  html_el_text(p, "strong", NULL, "This is not the current version.");
  html_text(p, " It was in force from ");
  html_time(p, v->in_force);
  html_text(p, " to ");
  html_time(p, to);
  html_text(p, ".");
  xmlNodePtr ul = html_el(box, "ul", NULL);
  html_attr(html_el_text(html_el(ul, "li", NULL), "a", NULL, "Read the current version"), "href",
            arena_printf(r->a, "../%s.html", cur->slug));
  dated_link(html_el(ul, "li", NULL), arena_printf(r->a, "changes-%s.html", to),
             "What changed on ", to, NULL);
  if (k > 0)
    dated_link(html_el(ul, "li", NULL), arena_printf(r->a, "changes-%s.html", v->in_force),
               "What changed on ", v->in_force, NULL);
}

/* One line per date of the amendment history: entries that repeat a date
 * share its line, and a text that already says the date (as most
 * councils print "Amended by Council 23 January 2017 minute 371") shows
 * it once, marked as the <time>, rather than after the date again. */
static void render_history(render *r, xmlNodePtr dd) {
  const cc_document *doc = r->doc;
  xmlNodePtr ol = html_el(dd, "ol", "history");
  for (size_t i = 0; i < doc->nhistory; i++) {
    const cc_history *h = &doc->history[i];
    size_t j = 0;
    while (j < i && strcmp(doc->history[j].date, h->date) != 0) j++;
    if (j < i) continue; /* on an earlier line */
    xmlNodePtr li = html_el(ol, "li", NULL);
    buf words = BUF_INIT;
    int y, m, dd_;
    if (sscanf(h->date, "%4d-%2d-%2d", &y, &m, &dd_) == 3) html_format_date(&words, y, m, dd_);
    const char *at = words.len && h->text ? strstr(h->text, buf_cstr(&words)) : NULL;
    if (at) {
      char *before = arena_strndup(r->a, h->text, (size_t)(at - h->text));
      html_text(li, before);
      html_attr(html_el_text(li, "time", NULL, buf_cstr(&words)), "datetime", h->date);
      html_text(li, at + words.len);
    } else {
      html_time(li, h->date);
      if (h->text) {
        html_text(li, ": ");
        html_text(li, h->text);
      }
    }
    buf_free(&words);
    /* the same date again: its text on this line, unless it is the same */
    for (size_t k = i + 1; k < doc->nhistory; k++) {
      const cc_history *o = &doc->history[k];
      if (strcmp(o->date, h->date) != 0 || !o->text) continue;
      int dup = 0;
      for (size_t m2 = i; m2 < k && !dup; m2++)
        dup = !strcmp(doc->history[m2].date, h->date) && doc->history[m2].text &&
              !strcmp(doc->history[m2].text, o->text);
      if (dup) continue;
      html_text(li, "; ");
      html_text(li, o->text);
    }
  }
}

static xmlNodePtr meta_row(xmlNodePtr dl, const char *term) {
  xmlNodePtr div = html_el(dl, "div", NULL);
  html_el_text(div, "dt", NULL, term);
  return html_el(div, "dd", NULL);
}

static void render_header(render *r, xmlNodePtr parent) {
  const cc_document *doc = r->doc;
  xmlNodePtr hd = html_el(parent, "header", "doc-header");
  html_el_text(hd, "p", "doc-council", doc->council);
  html_el_text(hd, "h1", NULL, doc->title ? doc->title : doc->council);
  if (doc->current) render_version_notice(r, hd);
  if (!doc->part && !doc->adopted && !doc->nhistory && !(doc->in_force && !doc->current)) return;
  xmlNodePtr dl = html_el(hd, "dl", "doc-meta");
  if (doc->part) html_text(meta_row(dl, "Part of the constitution"), doc->part);
  if (doc->adopted) html_time(meta_row(dl, "Adopted"), doc->adopted);
  if (doc->in_force && !doc->current) html_time(meta_row(dl, "In force from"), doc->in_force);
  const char *last = doc->current ? NULL : html_doc_last_amended(doc);
  if (last) {
    xmlNodePtr dd = meta_row(dl, "Last amended");
    html_time(dd, last);
    /* the redline of that amendment, when it is the current text's */
    if (doc->nversions && doc->in_force && !strcmp(last, doc->in_force)) {
      html_text(dd, " (");
      html_attr(html_el_text(dd, "a", NULL, "see what changed"), "href",
                arena_printf(r->a, "%s/changes-%s.html", doc->slug, last));
      html_text(dd, ")");
    }
  }
  if (doc->nhistory) render_history(r, meta_row(dl, "Amendment history"));
}

/* The council's files in other formats, each one link whose words say
 * what it is (screen readers list links out of context). */
static void render_downloads(render *r, xmlNodePtr parent) {
  const html_doc_links *l = r->links;
  const char *orig = r->doc->source_url;
  if (!l || !(l->pdf || l->akn || l->json || orig)) return;
  const char *slug = r->doc->slug;
  xmlNodePtr sec = html_el(parent, "section", "downloads");
  html_attr(sec, "aria-labelledby", "_downloads");
  html_attr(html_el_text(sec, "h2", NULL, "Downloads"), "id", "_downloads");
  xmlNodePtr ul = html_el(sec, "ul", "download-list");
  if (l->pdf)
    html_attr(html_el_text(html_el(ul, "li", NULL), "a", NULL, "PDF, for printing"), "href",
              arena_printf(r->a, "downloads/pdf/%s.pdf", slug));
  if (l->akn)
    html_attr(html_el_text(html_el(ul, "li", NULL), "a", NULL, "Akoma Ntoso XML"), "href",
              arena_printf(r->a, "downloads/akn/%s.xml", slug));
  if (l->json)
    html_attr(html_el_text(html_el(ul, "li", NULL), "a", NULL, "JSON data"), "href",
              arena_printf(r->a, "downloads/json/%s.json", slug));
  if (orig) { /* checked by the reader: http(s) only */
    xmlNodePtr a = html_el_text(html_el(ul, "li", NULL), "a", "external",
                                "The council\xE2\x80\x99s published original");
    char *href = html_url(orig);
    html_attr(a, "href", href);
    free(href);
  }
}

static void render_footnotes(render *r) {
  const cc_document *doc = r->doc;
  html_out *o = r->o;
  if (!doc->nfootnotes) return;
  html_out_start(o, "section", "footnotes");
  html_out_attr(o, "aria-labelledby", "_footnotes");
  html_out_start(o, "h2", NULL);
  out_id(r, "_footnotes");
  html_out_text(o, "Footnotes");
  html_out_end(o, "h2");
  html_out_start(o, "ol", "footnote-list");
  for (size_t i = 0; i < doc->nfootnotes; i++) {
    const cc_footnote *f = doc->footnotes[i];
    html_out_start(o, "li", NULL);
    out_id(r, f->id);
    html_out_el_text(o, "span", "item-label", f->label);
    html_out_start(o, "div", "item-body");
    render_blocks(r, f->blocks, 0);
    if (r->fnrefs[i]) {
      /* back-links go in the last paragraph, or a paragraph of their own:
         a last block that is a paragraph is reopened (its end tag taken
         back off the bytes) */
      const cc_block *last = f->blocks;
      while (last && last->next) last = last->next;
      buf *out = &o->b;
      if (last && last->kind == CC_BLK_PARA && out->len >= 4 &&
          memcmp(out->data + out->len - 4, "</p>", 4) == 0)
        out->len -= 4;
      else
        html_out_start(o, "p", NULL);
      for (int k = 1; k <= r->fnrefs[i]; k++) {
        html_out_text(o, " ");
        html_out_start(o, "a", "backref");
        html_out_attr(o, "href", arena_printf(r->a, "#_ref-%s-%d", f->id, k));
        html_out_text(o, "\xE2\x86\xA9"); /* ↩ */
        html_out_hidden(o, r->fnrefs[i] > 1 ? arena_printf(r->a, " Back to reference %d to footnote %s", k, f->label)
                                            : arena_printf(r->a, " Back to the text of footnote %s", f->label));
        html_out_end(o, "a");
      }
      html_out_end(o, "p");
    }
    html_out_end(o, "div");
    html_out_end(o, "li");
  }
  html_out_end(o, "ol");
  html_out_end(o, "section");
}

/* ---- ids ----------------------------------------------------------------- */

/* An id of the page's frame (html_page_frame_ids) or of the content
 * written as bytes, in document order. */
static int check_id(strmap *seen, const char *id, const cc_document *doc, diag_list *d) {
  if (strmap_add(seen, id, (void *)id)) return 0;
  diag_error(d, doc->pos.file, doc->pos.line, doc->pos.col,
             "the HTML page would have two elements with id '%s': give one of them "
             "another id with {#...}", id);
  return -1;
}

/* The ids of the tree under N in document order; at the placeholder of
 * the content written as bytes (R's fragment), the ids it was written
 * with. */
static int check_ids(const render *r, const html_fragment *body, xmlNodePtr n, strmap *seen,
                     const cc_document *doc, diag_list *d) {
  int rc = 0;
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (body && n->_private == body) {
      for (size_t i = 0; i < r->nids; i++)
        if (check_id(seen, r->ids[i], doc, d) != 0) rc = -1;
      continue;
    }
    xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
    if (id && !strmap_add(seen, (const char *)id, n)) {
      diag_error(d, doc->pos.file, doc->pos.line, doc->pos.col,
                 "the HTML page would have two elements with id '%s': give one of them "
                 "another id with {#...}", (const char *)id);
      rc = -1;
    }
    xmlFree(id);
    if (check_ids(r, body, n->children, seen, doc, d) != 0) rc = -1;
  }
  return rc;
}

int html_doc_render(const cc_document *doc, xmlNodePtr main, html_page *page, arena *a,
                    html_doc_cache *cache, const html_doc_links *links, diag_list *d) {
  html_out out = HTML_OUT_INIT;
  render r = {doc, a, NULL, cache, 0, links, NULL, &out, NULL, 0, 0};
  diag_list scratch; /* an id Akoma Ntoso cannot name is akn's to report */
  diag_list_init(&scratch);
  r.eids = akn_ids_build(a, doc, &scratch);
  diag_list_free(&scratch);
  r.fnrefs = arena_alloc(a, (doc->nfootnotes + 1) * sizeof(int));
  memset(r.fnrefs, 0, (doc->nfootnotes + 1) * sizeof(int));
  xmlNodePtr art = html_el(main, "article", "protocol");
  render_header(&r, art);
  render_timeline(&r, art);
  render_downloads(&r, art);
  render_toc(&r, art);
  /* the sections, clauses and footnotes, nearly all of the page, as bytes
     (html_out.h): as nodes they cost more to build, write and free than
     the rest of the page; in A, which outlives the page's serialisation */
  render_children(&r, doc->root);
  render_footnotes(&r);
  html_fragment *body = arena_alloc(a, sizeof *body);
  html_fragment f;
  html_out_fragment(&out, &f);
  body->len = f.len;
  body->block = f.block;
  body->data = arena_alloc(a, f.len + 1);
  memcpy(body->data, f.data, f.len);
  html_fragment_free(&f);
  html_out_free(&out);
  if (body->len) html_serial_add_fragment(art, body);
  strmap *seen = strmap_new();
  /* the whole page's ids: the frame's before the content, the content's,
     the frame's after it */
  const char *const *fids = NULL;
  size_t before = 0, nf = page ? html_page_frame_ids(page, &fids, &before) : 0;
  int rc = 0;
  for (size_t i = 0; i < before; i++)
    if (check_id(seen, fids[i], doc, d) != 0) rc = -1;
  if (check_ids(&r, body, main, seen, doc, d) != 0) rc = -1;
  for (size_t i = before; i < nf; i++)
    if (check_id(seen, fids[i], doc, d) != 0) rc = -1;
  strmap_free(seen);
  free(r.ids);
  akn_ids_free(r.eids);
  return rc;
}
