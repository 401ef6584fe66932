/* html_serial.h - an HTML5 serialiser over a libxml2 tree.
 *
 * Why not libxml2's own HTML dumper: in 2.9 it knows only HTML 4 (it writes
 * <wbr></wbr>, percent-escapes href values and turns non-ASCII into named
 * entities). This walker is small and knows HTML5:
 *   - "<!DOCTYPE html>" first, whatever the tree's DTD says;
 *   - void elements (br, hr, img, input, link, meta, wbr, ...) have no end tag;
 *   - text escapes & < > and attribute values & " < >; UTF-8 is written raw;
 *   - comments, processing instructions and namespace declarations are dropped;
 *   - a newline goes before the start tag of block-level elements, so the
 *     output diffs well; never inside <pre> or inline content.
 * The text of <script>/<style> is raw in HTML, so a "</" inside it is an
 * error (returns -1) rather than a way out of the element.
 */
#ifndef CONCORD_HTML_SERIAL_H
#define CONCORD_HTML_SERIAL_H

#include <libxml/tree.h>

#include "base/buf.h"

/* Appends the serialised document to OUT. 0 on success, -1 if a raw-text
 * element contains "</". */
int html_serial_doc(xmlDocPtr doc, buf *out);

/* A memoised fragment: the serialisation of a subtree that was built with
 * libxml2 (so its text went through this serialiser's escaping like any
 * other), written again where an identical subtree would go. For content
 * repeated across many pages (the "Also in" lines of a large corpus), it
 * saves building, writing and freeing the same nodes a thousand times. */
typedef struct html_fragment {
  char *data;  /* malloc'd */
  size_t len;
  int block;   /* the subtree's root is a block element (newline rule) */
} html_fragment;

/* Serialises element N and its subtree into F as html_serial_doc would
 * inside a page (outside <pre>). 0, or -1 as html_serial_doc. */
int html_serial_fragment(xmlNodePtr n, html_fragment *f);
/* Appends to PARENT a placeholder that the serialiser writes as F's bytes
 * (with the newline a block element gets before it). F must outlive the
 * serialisation; the placeholder has no attributes or children. Only code
 * sets it: a node from a template or parser never is one. */
xmlNodePtr html_serial_add_fragment(xmlNodePtr parent, const html_fragment *f);
void html_fragment_free(html_fragment *f);

/* True for the HTML5 void elements. */
int html_serial_is_void(const char *name);

#endif
