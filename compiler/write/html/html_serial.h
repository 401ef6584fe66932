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

/* A place in a page where other content goes: the end of element EL's
 * children, or (WHOLE) element EL itself. html_serial_doc_holes serialises a page frame once and
 * records where each hole's content would be written, so the content of
 * many pages can be serialised on its own (html_serial_children,
 * html_serial_text) and spliced in, byte for byte what html_serial_doc
 * makes of the whole tree: a block element's newline depends only on the
 * byte before it, and an end tag never gets one. */
typedef struct html_hole {
  xmlNodePtr el; /* in: an element of the document */
  int whole;     /* in: the hole is the element, not the end of its children */
  size_t at;     /* out: offset of the end of its children (WHOLE: of the
                    element, before the newline a block element gets);
                    (size_t)-1 when it is not written (the children of a
                    void element, or an element not in the tree) */
  size_t end;    /* out, WHOLE: offset after the element */
  int pre;       /* out: its children (WHOLE: the element) are inside <pre> */
  int raw;       /* out: it is <script> or <style>: its text is raw */
} html_hole;

/* html_serial_doc, recording the holes H[0..N). */
int html_serial_doc_holes(xmlDocPtr doc, buf *out, html_hole *h, size_t n);
/* Appends N's children as html_serial_doc writes them inside N (in <pre>
 * when PRE), after what OUT holds. 0, or -1 as html_serial_doc. */
int html_serial_children(xmlNodePtr n, buf *out, int pre);
/* Appends element N as html_serial_doc writes it (in <pre> when PRE),
 * after what OUT holds. 0, or -1 as html_serial_doc. */
int html_serial_element(xmlNodePtr n, buf *out, int pre);
/* Appends TEXT as the text of an element: escaped, or, when RAW (<script>,
 * <style>), as it is: -1 if it contains "</". */
int html_serial_text(buf *out, const char *text, int raw);

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
/* True for the elements the serialiser writes a newline before. */
int html_serial_is_block(const char *name);
/* Appends ` NAME="VALUE"`, VALUE escaped as in an element's attribute. */
void html_serial_attr(buf *out, const char *name, const char *value);

#endif
