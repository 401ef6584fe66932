/* html_serial.h - an HTML5 serialiser over a libxml2 tree.
 *
 * Why not libxml2's own HTML dumper: in 2.9 it knows only HTML 4 (it writes
 * <wbr></wbr>, percent-escapes href values and turns non-ASCII into named
 * entities; see TECH-NOTES 5a). This walker is small and knows HTML5:
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

#include "buf.h"

/* Appends the serialised document to OUT. 0 on success, -1 if a raw-text
 * element contains "</". */
int html_serial_doc(xmlDocPtr doc, buf *out);

/* True for the HTML5 void elements. */
int html_serial_is_void(const char *name);

#endif
