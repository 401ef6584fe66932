/* html_tree.h - small helpers for building HTML as a libxml2 tree.
 *
 * Text and attribute values are stored as given (xmlNewDocText, xmlSetProp
 * never interpret '&' or '<'), and html_serial escapes them on output, so
 * no source text can ever become markup. Nodes belong to the parent's
 * document and are freed with it (xmlFreeDoc).
 */
#ifndef CONCORD_HTML_TREE_H
#define CONCORD_HTML_TREE_H

#include <libxml/tree.h>

#include "base/buf.h"

/* New element NAME appended to PARENT; CLASS_ may be NULL. */
xmlNodePtr html_el(xmlNodePtr parent, const char *name, const char *class_);
/* Appends TEXT (NULL or "" appends nothing) to PARENT. */
void html_text(xmlNodePtr parent, const char *text);
/* Sets attribute NAME to VALUE (NULL: does nothing). */
void html_attr(xmlNodePtr n, const char *name, const char *value);
/* New element with text content: <NAME class=CLASS_>TEXT</NAME>. */
xmlNodePtr html_el_text(xmlNodePtr parent, const char *name, const char *class_, const char *text);
/* <span class="visually-hidden">TEXT</span>: words for screen readers. */
void html_hidden(xmlNodePtr parent, const char *text);
/* First element (depth-first, document order) whose attribute ATTR equals VALUE. */
xmlNodePtr html_find_attr(xmlNodePtr root, const char *attr, const char *value);
/* Removes attribute ATTR from every element under ROOT. */
void html_strip_attr(xmlNodePtr root, const char *attr);
/* "10 October 2006" for y, m (1-12), d. */
void html_format_date(buf *b, int y, int m, int d);
/* Appends <time datetime=YMD>10 October 2006</time>, or YMD as text if it
 * is not a YYYY-MM-DD date. */
void html_time(xmlNodePtr parent, const char *ymd);
/* URL as an href value: bytes a URL may not contain (controls, space,
 * " < > \ ^ ` { | }) percent-encoded, everything else (including '%' and
 * UTF-8) kept, so the Nu checker accepts it and the link goes where the
 * source meant. Returns a malloc'd string (free it). */
char *html_url(const char *url);
/* Removes every child of N. */
void html_clear(xmlNodePtr n);
/* A new self-contained page (no theme: `concord diff`, `concord compare`):
 * <html lang=LANG (NULL: en-GB)> with a <head> holding the UTF-8 charset
 * and the viewport; the caller adds its title, styles and body. */
xmlDocPtr html_standalone_doc(const char *lang, xmlNodePtr *html, xmlNodePtr *head);

#endif
