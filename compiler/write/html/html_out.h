/* html_out.h - HTML written straight as bytes, for content too plain and
 * too plentiful to be worth a libxml2 tree (the topic pages, the compare
 * pages: thousands of nodes a page, each allocated, serialised and freed).
 *
 * The bytes are what html_serial would make of the same tree, element by
 * element: text and attribute values go through the serialiser's own
 * escaping (html_serial_text, html_serial_attr), so no source text can
 * become markup; void elements get no end tag; a newline goes before the
 * start tag of a block element unless the byte before is one. The result
 * goes into a page as a fragment (html_serial_add_fragment), which writes
 * the first block element's newline where it lands, as the serialiser
 * would. Not for <pre>, <script> or <style> content.
 *
 *   html_out o = HTML_OUT_INIT;
 *   html_out_start(&o, "p", "note");      <p class="note"
 *   html_out_attr(&o, "id", "x");         <p class="note" id="x"
 *   html_out_text(&o, "a < b");           <p class="note" id="x">a &lt; b
 *   html_out_end(&o, "p");                ...</p>
 *
 * An attribute may only follow its element's start (or another
 * attribute); set each once (xmlSetProp would replace a value in place).
 */
#ifndef CONCORD_HTML_OUT_H
#define CONCORD_HTML_OUT_H

#include <libxml/tree.h>

#include "base/buf.h"
#include "write/html/html_serial.h"

typedef struct html_out {
  buf b;
  int open;        /* a start tag waits for its '>' (attributes may follow) */
  int block_first; /* the bytes begin with a block element's start tag,
                      whose newline the fragment writes where it lands */
} html_out;

#define HTML_OUT_INIT {BUF_INIT, 0, 0}

/* <NAME, with class="CLASS_" unless CLASS_ is NULL. */
void html_out_start(html_out *o, const char *name, const char *class_);
/* NAME="VALUE" on the element just started (VALUE NULL: nothing). */
void html_out_attr(html_out *o, const char *name, const char *value);
/* Text content, escaped (NULL or "": nothing). */
void html_out_text(html_out *o, const char *text);
/* Ends element NAME (a void element: its start tag only). */
void html_out_end(html_out *o, const char *name);
/* <NAME class=CLASS_>TEXT</NAME>. */
void html_out_el_text(html_out *o, const char *name, const char *class_, const char *text);
/* <span class="visually-hidden">TEXT</span>, as html_hidden. */
void html_out_hidden(html_out *o, const char *text);

/* Writes fragment F (html_serial_fragment's, or html_out_fragment's) as
 * the serialiser writes its placeholder. */
void html_out_put_fragment(html_out *o, const html_fragment *f);
/* Moves the bytes into F (free with html_fragment_free) and resets O, so
 * F can be added to a tree with html_serial_add_fragment. */
void html_out_fragment(html_out *o, html_fragment *f);
/* Adds the bytes to PARENT as a fragment that F keeps (F must outlive the
 * serialisation; free it with html_fragment_free after). */
void html_out_append(html_out *o, xmlNodePtr parent, html_fragment *f);
void html_out_free(html_out *o);

#endif
