/* reader_internal.h - state shared by reader.c, reader_inline.c,
 * xref.c and ids.c. Not for writers. */
#ifndef CONCORD_READER_INTERNAL_H
#define CONCORD_READER_INTERNAL_H

#include <cmark.h>
#include <stdbool.h>

#include "diag.h"
#include "model.h"
#include "source.h"
#include "strmap.h"

#define READER_MAX_DEPTH 32

typedef struct reader {
  cc_document *doc;
  arena *a;
  diag_list *d;
  const char *file;
  int line_offset;        /* added to cmark lines (front matter precedes the body) */
  cc_section *sec;        /* current section (doc->root before the first heading) */
  int *sec_level;         /* heading level per section index */
  size_t sec_level_cap;
  cc_clause *clause;      /* open clause: continuation blocks attach to it */
  cc_prose *prose;        /* open prose */
  strmap *footnotes;      /* label -> cc_footnote */
  bool numbered;
} reader;

/* reader_inline.c */
cc_inline *reader_inlines(reader *r, cmark_node *first, int depth);
cc_pos reader_pos(reader *r, cmark_node *n);
/* Splits "[^label]" markers out of text nodes into FOOTREF nodes. */
void reader_footnote_refs(reader *r, cc_inline **list);
/* Last TEXT node of a list (not descending into links), or NULL. */
cc_inline *reader_last_text(cc_inline *list);
/* Removes trailing soft/hard breaks and empty text nodes. */
void reader_trim_trailing(cc_inline **list);

/* xref.c: detection in text, then resolution once the document is read */
void xref_detect_document(reader *r);
void xref_resolve_document(cc_document *doc, diag_list *d);

/* ids.c */
void ids_assign_document(cc_document *doc, diag_list *d);

#endif
