/* akn_xml.c - XML as xmlTextWriter wrote it, into a buffer (see akn_xml.h). */
#include "write/akn/akn_xml.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

/* S escaped: runs of bytes that need nothing are copied whole. */
static void escaped(buf *b, const char *s, bool attr) {
  const char *stop = attr ? "&<>\"\t\n\r" : "&<>\"\r";
  for (;;) {
    size_t n = strcspn(s, stop);
    if (n) buf_put(b, s, n);
    s += n;
    switch (*s) {
    case '\0': return;
    case '&': buf_put(b, "&amp;", 5); break;
    case '<': buf_put(b, "&lt;", 4); break;
    case '>': buf_put(b, "&gt;", 4); break;
    case '"': buf_put(b, "&quot;", 6); break;
    case '\t': buf_put(b, "&#9;", 4); break;
    case '\n': buf_put(b, "&#10;", 5); break;
    default: buf_put(b, "&#13;", 5); break; /* '\r' */
    }
    s++;
  }
}

static void put_attr(buf *b, const char *name, const char *value) {
  buf_putc(b, ' ');
  buf_puts(b, name);
  buf_put(b, "=\"", 2);
  escaped(b, value, true);
  buf_putc(b, '"');
}

/* Closes a start tag left open for attributes (with the root's xmlns). */
static void close_start(akn_xml *x) {
  if (!x->open) return;
  if (x->ns) {
    put_attr(&x->out, "xmlns", x->ns);
    x->ns = NULL;
  }
  buf_putc(&x->out, '>');
  x->open = false;
}

void akn_xml_begin(akn_xml *x, const char *root, const char *ns) {
  memset(x, 0, sizeof *x);
  buf_puts(&x->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  akn_xml_start(x, root);
  x->ns = ns;
}

void akn_xml_start(akn_xml *x, const char *name) {
  close_start(x);
  if (x->depth == x->cap) {
    x->cap = x->cap ? 2 * x->cap : 32;
    x->at = xrealloc(x->at, x->cap * sizeof *x->at);
  }
  x->at[x->depth++] = x->names.len;
  buf_puts(&x->names, name);
  buf_putc(&x->names, '\0');
  buf_putc(&x->out, '<');
  buf_puts(&x->out, name);
  x->open = true;
}

void akn_xml_attr(akn_xml *x, const char *name, const char *value) {
  if (!x->open) {
    x->failed = true;
    return;
  }
  put_attr(&x->out, name, value);
}

void akn_xml_text(akn_xml *x, const char *s) {
  if (!x->depth) {
    x->failed = true;
    return;
  }
  close_start(x);
  escaped(&x->out, s, false);
}

void akn_xml_end(akn_xml *x) {
  if (!x->depth) {
    x->failed = true;
    return;
  }
  size_t at = x->at[--x->depth];
  if (x->open) {
    if (x->ns) { /* the root, empty */
      put_attr(&x->out, "xmlns", x->ns);
      x->ns = NULL;
    }
    buf_put(&x->out, "/>", 2);
    x->open = false;
  } else {
    buf_put(&x->out, "</", 2);
    buf_put(&x->out, x->names.data + at, x->names.len - at - 1);
    buf_putc(&x->out, '>');
  }
  x->names.len = at;
}

char *akn_xml_finish(akn_xml *x) {
  while (x->depth) akn_xml_end(x);
  buf_putc(&x->out, '\n');
  char *s = x->failed ? NULL : buf_detach(&x->out);
  buf_free(&x->out);
  buf_free(&x->names);
  free(x->at);
  return s;
}
