/* reader_internal.h - state shared by reader.c, reader_inline.c,
 * xref.c and ids.c. Not for writers. */
#ifndef CONCORD_READER_INTERNAL_H
#define CONCORD_READER_INTERNAL_H

#include <cmark.h>
#include <stdbool.h>

#include "base/diag.h"
#include "model/model.h"
#include "read/source.h"
#include "base/strmap.h"

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
  /* The file as read (after BOM and line-end normalisation), never
   * modified: inline positions are checked against it. */
  const char *text;
  /* What lives only while this one source is read (the file's text, the
   * line table, plain text for checks), freed when reading ends: kept in
   * the corpus arena it was about 30 KB a council for the whole build. */
  arena *scratch;
  size_t *line_start;     /* byte offset of each line, 0-based index */
  int nlines;
  int line1_shift;        /* columns to add on cmark line 1 (footnote text
                             parsed without its "[^label]:" prefix) */
  /* attribute blocks met inside lists and quotes, applied to the clause
     (or prose) the block ends up in: see take_nested_attrs in reader.c */
  struct pending_attrs *pending;
  /* clauses whose paragraph says {.clause} (structure.c does not call them
     headings) */
  const cc_clause **marked;
  size_t nmarked, capmarked;
} reader;

/* reader_inline.c */
cc_inline *reader_inlines(reader *r, cmark_node *first, int depth);
cc_pos reader_pos(reader *r, cmark_node *n);
/* Source column of byte OFF of text node T's literal. Backslash escapes
 * and entities make a literal shorter than its source, so this re-reads
 * the source line; falls back to t->pos.col + OFF. */
int reader_col_at(reader *r, const cc_inline *t, size_t off);
/* Is "[^LABEL]" (LEN bytes of label) a footnote label? 1-32 bytes, no
 * blanks or brackets. */
bool reader_footnote_label_ok(const char *label, size_t len);
/* Splits "[^label]" markers out of text nodes into FOOTREF nodes. */
void reader_footnote_refs(reader *r, cc_inline **list);
/* Last TEXT node of a list (not descending into links), or NULL. */
cc_inline *reader_last_text(cc_inline *list);
/* Removes trailing soft/hard breaks and empty text nodes. */
void reader_trim_trailing(cc_inline **list);

/* xref.c: detection in text, then resolution once the document is read */
void xref_detect_document(reader *r);
void xref_resolve_document(cc_document *doc, diag_list *d);

/* structure.c: warnings where structure seems lost (joined clauses,
 * headings written as clauses, gaps and steps back in the numbering) */
void structure_check_document(reader *r);

/* ids.c */
void ids_assign_document(cc_document *doc, diag_list *d);

#endif
