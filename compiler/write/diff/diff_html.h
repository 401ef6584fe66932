/* diff_html.h - a word diff as HTML (libxml2 nodes): unchanged words as
 * text, removed words in <del>, added words in <ins>, each change wrapped
 * in visually hidden "(deleted: ...)" / "(inserted: ...)" words because
 * most screen readers do not announce del/ins by themselves. */
#ifndef CONCORD_DIFF_HTML_H
#define CONCORD_DIFF_HTML_H

#include <libxml/tree.h>

#include "write/diff/diff_words.h"
#include "write/html/html_out.h"

/* Appends the rendering of S (from A to B) to PARENT. */
void diff_html_append(xmlNodePtr parent, const diff_tokens *a, const diff_tokens *b,
                      const diff_script *s);

/* The same, written as bytes into the element O has open. */
void diff_html_write(html_out *o, const diff_tokens *a, const diff_tokens *b,
                     const diff_script *s);

/* The CSS the rendering needs (ins/del colours plus a non-colour cue:
 * underline and strike-through), for pages that bring their own style. */
extern const char diff_html_css[];

#endif
