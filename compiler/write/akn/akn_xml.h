/* akn_xml.h - an XML writer for the Akoma Ntoso files: the bytes
 * libxml2's xmlTextWriter (2.9) wrote for them, written straight into a
 * buffer. xmlTextWriter allocated and escaped every string through
 * xmlEncodeSpecialChars and an output buffer layer, most of the export's
 * time; this writes the same bytes (tests: t_akn_xml compares the two on
 * random documents; t_akn, t_reference):
 *
 *   - `<?xml version="1.0" encoding="UTF-8"?>` and a newline first, a
 *     newline last;
 *   - text escapes & < > " and CR (&#13;); attribute values escape
 *     & < > ", tab, LF and CR (&#9; &#10; &#13;); everything else,
 *     UTF-8 included, is written as it is;
 *   - an element with no content ends as `/>`; the root's xmlns goes
 *     after its other attributes, when its start tag is closed;
 *   - an attribute after the start tag was closed is an error (as it was
 *     for xmlTextWriter): the document fails.
 */
#ifndef CONCORD_AKN_XML_H
#define CONCORD_AKN_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

typedef struct akn_xml {
  buf out;
  buf names;        /* the open elements' names, each NUL-terminated */
  size_t *at;       /* where each open element's name starts in names */
  size_t depth, cap;
  bool open;        /* the last start tag waits for its '>' */
  const char *ns;   /* the root's namespace, until its start tag closes */
  bool failed;
} akn_xml;

/* The XML declaration and the root element ROOT in namespace NS. */
void akn_xml_begin(akn_xml *x, const char *root, const char *ns);
void akn_xml_start(akn_xml *x, const char *name);
void akn_xml_attr(akn_xml *x, const char *name, const char *value);
void akn_xml_text(akn_xml *x, const char *s);
void akn_xml_end(akn_xml *x);
/* Ends every open element; returns the document (caller frees), or NULL
 * if it failed. Frees X's memory either way. */
char *akn_xml_finish(akn_xml *x);

#endif
