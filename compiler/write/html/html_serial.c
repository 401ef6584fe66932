/* html_serial.c - HTML5 serialiser over a libxml2 tree (see html_serial.h).
 * Follows the HTML5 serialisation algorithm (WHATWG HTML 13.3) for the
 * subset of nodes Concord builds: elements, attributes, text. */
#include "write/html/html_serial.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What the serialiser needs to know of an element name: void (no end
 * tag), block (a newline before its start tag is
 * insignificant to rendering, so one goes there and the output diffs
 * well), pre (whitespace is content: no newlines added inside). Found with
 * one switch on the first letter and a few comparisons: a page at a
 * thousand councils has hundreds of thousands of elements, and two list
 * scans for each were a tenth of the build. */
enum { EL_VOID = 1, EL_BLOCK = 2, EL_PRE = 4 };

typedef struct el_info {
  const char *name;
  int flags;
} el_info;

static int el_flags(const char *name) {
  const el_info *cand;
  static const el_info a_[] = {{"area", EL_VOID}, {"article", EL_BLOCK}, {"aside", EL_BLOCK}, {NULL, 0}};
  static const el_info b_[] = {{"base", EL_VOID}, {"blockquote", EL_BLOCK}, {"body", EL_BLOCK}, {"br", EL_VOID}, {NULL, 0}};
  static const el_info c_[] = {{"caption", EL_BLOCK}, {"col", EL_VOID}, {NULL, 0}};
  static const el_info d_[] = {{"dd", EL_BLOCK}, {"details", EL_BLOCK}, {"div", EL_BLOCK}, {"dl", EL_BLOCK}, {"dt", EL_BLOCK}, {NULL, 0}};
  static const el_info e_[] = {{"embed", EL_VOID}, {NULL, 0}};
  static const el_info f_[] = {{"figure", EL_BLOCK}, {"footer", EL_BLOCK}, {"form", EL_BLOCK}, {NULL, 0}};
  static const el_info h_[] = {{"h1", EL_BLOCK}, {"h2", EL_BLOCK}, {"h3", EL_BLOCK}, {"h4", EL_BLOCK}, {"h5", EL_BLOCK}, {"h6", EL_BLOCK}, {"head", EL_BLOCK}, {"header", EL_BLOCK}, {"hr", EL_VOID | EL_BLOCK}, {"html", EL_BLOCK}, {NULL, 0}};
  static const el_info i_[] = {{"img", EL_VOID}, {"input", EL_VOID}, {NULL, 0}};
  static const el_info l_[] = {{"li", EL_BLOCK}, {"link", EL_VOID | EL_BLOCK}, {NULL, 0}};
  static const el_info m_[] = {{"main", EL_BLOCK}, {"meta", EL_VOID | EL_BLOCK}, {NULL, 0}};
  static const el_info n_[] = {{"nav", EL_BLOCK}, {NULL, 0}};
  static const el_info o_[] = {{"ol", EL_BLOCK}, {NULL, 0}};
  static const el_info p_[] = {{"p", EL_BLOCK}, {"pre", EL_PRE}, {NULL, 0}};
  static const el_info s_[] = {{"section", EL_BLOCK}, {"source", EL_VOID}, {"summary", EL_BLOCK}, {NULL, 0}};
  static const el_info t_[] = {{"table", EL_BLOCK}, {"tbody", EL_BLOCK}, {"td", EL_BLOCK}, {"textarea", EL_PRE}, {"th", EL_BLOCK}, {"thead", EL_BLOCK}, {"title", EL_BLOCK}, {"tr", EL_BLOCK}, {"track", EL_VOID}, {NULL, 0}};
  static const el_info u_[] = {{"ul", EL_BLOCK}, {NULL, 0}};
  static const el_info w_[] = {{"wbr", EL_VOID}, {NULL, 0}};
  switch (name[0]) {
  case 'a': cand = a_; break;
  case 'b': cand = b_; break;
  case 'c': cand = c_; break;
  case 'd': cand = d_; break;
  case 'e': cand = e_; break;
  case 'f': cand = f_; break;
  case 'h': cand = h_; break;
  case 'i': cand = i_; break;
  case 'l': cand = l_; break;
  case 'm': cand = m_; break;
  case 'n': cand = n_; break;
  case 'o': cand = o_; break;
  case 'p': cand = p_; break;
  case 's': cand = s_; break;
  case 't': cand = t_; break;
  case 'u': cand = u_; break;
  case 'w': cand = w_; break;
  default: return 0;
  }
  for (; cand->name; cand++)
    if (strcmp(cand->name, name) == 0) return cand->flags;
  return 0;
}

int html_serial_is_void(const char *name) { return (el_flags(name) & EL_VOID) != 0; }
int html_serial_is_block(const char *name) { return (el_flags(name) & EL_BLOCK) != 0; }

/* Escapes S: runs of ordinary bytes are copied in one piece. */
static void put_escaped(buf *b, const char *s, int attr) {
  const char *stop = attr ? "&<>\"" : "&<>";
  for (;;) {
    size_t n = strcspn(s, stop);
    if (n) buf_put(b, s, n);
    s += n;
    switch (*s) {
    case '\0': return;
    case '&': buf_put(b, "&amp;", 5); break;
    case '<': buf_put(b, "&lt;", 4); break;
    case '>': buf_put(b, "&gt;", 4); break;
    default: buf_put(b, "&quot;", 6); break; /* '"', attributes only */
    }
    s++;
  }
}

/* Case-insensitive search for "</" followed by anything: the tokenizer ends
 * a raw-text element at "</name", and refusing every "</" is simplest. */
static int has_end_tag_open(const char *s) { return strstr(s, "</") != NULL; }

/* The holes html_serial_doc_holes records, or NULL. */
typedef struct holes {
  html_hole *h;
  size_t n;
} holes;

static int serialise_children(xmlNodePtr n, buf *b, int pre, const holes *hs);

/* An attribute's value: its one text child as it is (the usual case,
 * no copy), else libxml2's concatenation (free with xmlFree). */
static const char *attr_value(xmlAttrPtr a, xmlChar **owned) {
  xmlNodePtr c = a->children;
  *owned = NULL;
  if (!c) return "";
  if (!c->next && c->type == XML_TEXT_NODE) return c->content ? (const char *)c->content : "";
  *owned = xmlNodeGetContent((xmlNodePtr)a);
  return *owned ? (const char *)*owned : "";
}

/* Element N, its attributes and its children. */
static int serialise_element(xmlNodePtr n, buf *b, int pre, const holes *hs) {
  if (n->_private) { /* a fragment placeholder (html_serial_add_fragment) */
    const html_fragment *f = n->_private;
    if (!pre && f->block && b->len > 0 && b->data[b->len - 1] != '\n') buf_put(b, "\n", 1);
    buf_put(b, f->data, f->len);
    return 0;
  }
  const char *name = (const char *)n->name;
  size_t namelen = strlen(name);
  int flags = el_flags(name);
  int is_pre = pre || (flags & EL_PRE);
  if (!pre && (flags & EL_BLOCK) && b->len > 0 && b->data[b->len - 1] != '\n')
    buf_put(b, "\n", 1);
  buf_put(b, "<", 1);
  buf_put(b, name, namelen);
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    xmlChar *owned;
    const char *v = attr_value(a, &owned);
    buf_put(b, " ", 1);
    buf_puts(b, (const char *)a->name);
    buf_put(b, "=\"", 2);
    put_escaped(b, v, 1);
    buf_put(b, "\"", 1);
    xmlFree(owned);
  }
  buf_put(b, ">", 1);
  if (flags & EL_VOID) return 0; /* children of a void element are dropped */
  if (serialise_children(n, b, is_pre, hs) != 0) return -1;
  if (hs)
    for (size_t i = 0; i < hs->n; i++)
      if (hs->h[i].el == n && !hs->h[i].whole) {
        hs->h[i].at = b->len;
        hs->h[i].pre = is_pre;
      }
  buf_put(b, "</", 2);
  buf_put(b, name, namelen);
  buf_put(b, ">", 1);
  return 0;
}

static int serialise_node(xmlNodePtr n, buf *b, int pre, const holes *hs) {
  switch (n->type) {
  case XML_TEXT_NODE:
  case XML_CDATA_SECTION_NODE: {
    const char *t = (const char *)n->content;
    if (!t) return 0;
    const char *parent = n->parent && n->parent->name ? (const char *)n->parent->name : "";
    if ((parent[0] == 's') && (strcmp(parent, "script") == 0 || strcmp(parent, "style") == 0)) {
      if (has_end_tag_open(t)) return -1;
      buf_puts(b, t);
    } else {
      put_escaped(b, t, 0);
    }
    return 0;
  }
  case XML_ELEMENT_NODE: {
    size_t start = b->len;
    if (serialise_element(n, b, pre, hs) != 0) return -1;
    if (hs)
      for (size_t i = 0; i < hs->n; i++)
        if (hs->h[i].el == n && hs->h[i].whole) {
          hs->h[i].at = start;
          hs->h[i].end = b->len;
          hs->h[i].pre = pre;
        }
    return 0;
  }
  case XML_ENTITY_REF_NODE:
  case XML_ENTITY_NODE:
    /* Only reachable if a template used an unexpanded entity; templates are
     * parsed with XML_PARSE_NOENT, so write the expansion as text. */
    return serialise_children(n, b, pre, hs);
  default:
    return 0; /* comments, PIs, DTD nodes: not part of the page */
  }
}

static int serialise_children(xmlNodePtr n, buf *b, int pre, const holes *hs) {
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (serialise_node(c, b, pre, hs) != 0) return -1;
  return 0;
}

static int serialise_doc(xmlDocPtr doc, buf *out, const holes *hs) {
  buf_puts(out, "<!DOCTYPE html>");
  for (xmlNodePtr c = doc->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (serialise_node(c, out, 0, hs) != 0) return -1;
  }
  buf_putc(out, '\n');
  return 0;
}

int html_serial_doc(xmlDocPtr doc, buf *out) { return serialise_doc(doc, out, NULL); }

int html_serial_doc_holes(xmlDocPtr doc, buf *out, html_hole *h, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *name = (const char *)h[i].el->name;
    h[i].at = h[i].end = (size_t)-1;
    h[i].pre = 0;
    h[i].raw = name[0] == 's' && (strcmp(name, "script") == 0 || strcmp(name, "style") == 0);
  }
  holes hs = {h, n};
  return serialise_doc(doc, out, &hs);
}

int html_serial_children(xmlNodePtr n, buf *out, int pre) {
  return serialise_children(n, out, pre, NULL);
}

int html_serial_element(xmlNodePtr n, buf *out, int pre) {
  return serialise_node(n, out, pre, NULL);
}

void html_serial_attr(buf *out, const char *name, const char *value) {
  buf_put(out, " ", 1);
  buf_puts(out, name);
  buf_put(out, "=\"", 2);
  put_escaped(out, value, 1);
  buf_put(out, "\"", 1);
}

int html_serial_text(buf *out, const char *text, int raw) {
  if (!raw) {
    put_escaped(out, text, 0);
    return 0;
  }
  if (has_end_tag_open(text)) return -1;
  buf_puts(out, text);
  return 0;
}

int html_serial_fragment(xmlNodePtr n, html_fragment *f) {
  buf b = BUF_INIT;
  f->data = NULL;
  f->len = 0;
  f->block = n->type == XML_ELEMENT_NODE && (el_flags((const char *)n->name) & EL_BLOCK);
  /* from an empty buffer, so no newline before N itself: the placeholder
     decides that where it is written, as N would have */
  if (serialise_node(n, &b, 0, NULL) != 0) {
    buf_free(&b);
    return -1;
  }
  f->len = b.len;
  f->data = buf_detach(&b);
  return 0;
}

xmlNodePtr html_serial_add_fragment(xmlNodePtr parent, const html_fragment *f) {
  xmlNodePtr n = xmlNewDocNode(parent->doc, NULL, (const xmlChar *)"concord-fragment", NULL);
  n->_private = (void *)(uintptr_t)f; /* read-only: the serialiser only reads it */
  xmlAddChild(parent, n);
  return n;
}

void html_fragment_free(html_fragment *f) {
  free(f->data);
  f->data = NULL;
  f->len = 0;
}
