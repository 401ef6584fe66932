/* html_serial.c - HTML5 serialiser over a libxml2 tree (see html_serial.h).
 * Follows the HTML5 serialisation algorithm (WHATWG HTML 13.3) for the
 * subset of nodes Concord builds: elements, attributes, text. */
#include "html_serial.h"

#include <string.h>

static const char *const void_elements[] = {"area", "base", "br", "col", "embed", "hr", "img",
                                            "input", "link", "meta", "source", "track", "wbr", NULL};

/* Elements before which a newline is insignificant to rendering. */
static const char *const block_elements[] = {
    "html", "head", "body", "title", "meta", "link", "header", "nav", "main", "footer", "section",
    "article", "aside", "div", "p", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption", "figure",
    "hr", "form", "details", "summary", NULL};

static int in_list(const char *const *list, const char *name) {
  for (size_t i = 0; list[i]; i++)
    if (strcmp(list[i], name) == 0) return 1;
  return 0;
}

int html_serial_is_void(const char *name) { return in_list(void_elements, name); }

static void put_escaped(buf *b, const char *s, int attr) {
  for (; *s; s++) {
    switch (*s) {
    case '&': buf_puts(b, "&amp;"); break;
    case '<': buf_puts(b, "&lt;"); break;
    case '>': buf_puts(b, "&gt;"); break;
    case '"':
      if (attr) buf_puts(b, "&quot;");
      else buf_putc(b, '"');
      break;
    default: buf_putc(b, *s);
    }
  }
}

/* Case-insensitive search for "</" followed by anything: the tokenizer ends
 * a raw-text element at "</name", and refusing every "</" is simplest. */
static int has_end_tag_open(const char *s) { return strstr(s, "</") != NULL; }

static int serialise_children(xmlNodePtr n, buf *b, int pre);

static int serialise_node(xmlNodePtr n, buf *b, int pre) {
  switch (n->type) {
  case XML_TEXT_NODE:
  case XML_CDATA_SECTION_NODE: {
    const char *t = (const char *)n->content;
    if (!t) return 0;
    const char *parent = n->parent && n->parent->name ? (const char *)n->parent->name : "";
    if (strcmp(parent, "script") == 0 || strcmp(parent, "style") == 0) {
      if (has_end_tag_open(t)) return -1;
      buf_puts(b, t);
    } else {
      put_escaped(b, t, 0);
    }
    return 0;
  }
  case XML_ELEMENT_NODE: {
    const char *name = (const char *)n->name;
    int is_pre = pre || strcmp(name, "pre") == 0 || strcmp(name, "textarea") == 0;
    if (!pre && in_list(block_elements, name) && b->len > 0 && b->data[b->len - 1] != '\n')
      buf_putc(b, '\n');
    buf_putc(b, '<');
    buf_puts(b, name);
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
      xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
      buf_putc(b, ' ');
      buf_puts(b, (const char *)a->name);
      buf_puts(b, "=\"");
      put_escaped(b, v ? (const char *)v : "", 1);
      buf_putc(b, '"');
      xmlFree(v);
    }
    buf_putc(b, '>');
    if (html_serial_is_void(name)) return 0; /* children of a void element are dropped */
    if (serialise_children(n, b, is_pre) != 0) return -1;
    buf_puts(b, "</");
    buf_puts(b, name);
    buf_putc(b, '>');
    return 0;
  }
  case XML_ENTITY_REF_NODE:
  case XML_ENTITY_NODE:
    /* Only reachable if a template used an unexpanded entity; templates are
     * parsed with XML_PARSE_NOENT, so write the expansion as text. */
    return serialise_children(n, b, pre);
  default:
    return 0; /* comments, PIs, DTD nodes: not part of the page */
  }
}

static int serialise_children(xmlNodePtr n, buf *b, int pre) {
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (serialise_node(c, b, pre) != 0) return -1;
  return 0;
}

int html_serial_doc(xmlDocPtr doc, buf *out) {
  buf_puts(out, "<!DOCTYPE html>");
  for (xmlNodePtr c = doc->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (serialise_node(c, out, 0) != 0) return -1;
  }
  buf_putc(out, '\n');
  return 0;
}
