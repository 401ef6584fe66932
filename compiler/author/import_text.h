/* import_text.h - plain text (as copied out of a PDF or Word document)
 * to annotated Markdown.
 *
 * Decodes the bytes (UTF-8 with or without BOM; Windows-1252/Latin-1 is
 * converted with a warning), normalises line ends, restores line breaks
 * lost before clause numbers, drops page furniture (page numbers, repeated
 * headers and footers, contents tables) with a note per line, then reads
 * each line as a heading, a numbered clause, a clause with a heading, a
 * sub-item, or text, joining hard-wrapped lines and paragraphs broken
 * across pages. Lines before the first section are kept as prose and give
 * the front matter's title and part. Every other word is kept, in order.
 * Uncertain readings are warnings with the input line.
 */
#ifndef CONCORD_IMPORT_TEXT_H
#define CONCORD_IMPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"

/* Input limits: a protocol is some tens of KB. Over these, import refuses
 * the file with a message rather than work for minutes. */
#define IMPORT_MAX_BYTES (16 << 20)
#define IMPORT_MAX_PARAGRAPH (512 * 1024)

typedef enum {
  IMP_PRELUDE,        /* text before the first section: prose */
  IMP_HEADING,        /* section heading (number optional) */
  IMP_CLAUSE,         /* numbered clause: number + first paragraph */
  IMP_CLAUSE_HEADING, /* numbered clause printed as a heading */
  IMP_PARA,           /* a paragraph */
  IMP_ITEM,           /* a sub-item (label optional) */
  IMP_PROSE,          /* a line that is not a provision (a date) */
  IMP_QUOTE           /* a quoted extract (a block quote), numbers kept as text */
} imp_kind;

typedef struct imp_unit {
  imp_kind kind;
  char *number; /* HEADING, CLAUSE*: as printed, or NULL */
  char *label;  /* ITEM: "(a)", "a)", or NULL */
  char *text;   /* plain text, words as in the input */
  int level;    /* HEADING: 2 or 3 */
  char *id;     /* CLAUSE: an explicit id where the number repeats, or NULL */
  int guessed;  /* HEADING read from its shape only: 1 (above a number), 2 (alone) */
  bool single;  /* CLAUSE: numbered 1, 2, 3 (written "1\\. text {.clause}") */
  size_t cap;   /* bytes allocated for text */
  int line;     /* input line where it starts */
  int out_line; /* Markdown line where it starts (set by import_text_markdown) */
} imp_unit;

/* A structural decision that could be wrong: reported with its input line
 * and why; LOW ones are also comments in the Markdown. */
typedef struct imp_decision {
  int line;
  bool low;
  char *message;
  size_t seq; /* order of recording (ties in line order) */
} imp_decision;

typedef struct imp_history {
  char *date, *text; /* YYYY-MM-DD, the line as printed */
} imp_history;

typedef struct imp_doc {
  imp_unit *u; size_t n, cap;
  char *title, *part;
  char *adopted;               /* YYYY-MM-DD from an adoption line, or NULL */
  imp_history *history; size_t nhistory;
  imp_decision *dec; size_t ndec, capdec;
  bool numbered; /* has numbered clauses */
  size_t dropped_lines, dropped_words;
} imp_doc;

/* Reads DATA (LEN bytes) from PATH. 0, or -1 with errors in D (binary
 * input, nothing readable). Warnings and notes (dropped lines) go to D. */
int import_text_parse(const char *path, const char *data, size_t len, imp_doc *doc, diag_list *d);
void import_doc_free(imp_doc *doc);

/* Records a decision (see imp_decision) and reports it in D: a warning if
 * LOW, else a note. */
void import_decision(imp_doc *doc, diag_list *d, const char *path, int line, bool low,
                     const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Writes DOC as annotated Markdown with front matter for COUNCIL/SLUG.
 * ATTRS (may be NULL): per unit, an attribute block to end its first line
 * ("{topic=...}"), or NULL. Sets each unit's out_line. */
void import_text_markdown(buf *out, imp_doc *doc, const char *council, const char *slug,
                          char *const *attrs);

/* Is unit I of DOC a clause in the Markdown (its first line starts one)? */
bool import_unit_is_clause(const imp_doc *doc, size_t i);

#endif
