/* diag.h - diagnostics: errors and warnings with file:line:col.
 *
 * Library code never prints: it appends to a diag_list, and the command line
 * prints the list GNU-style ("path:line:col: error: message", cli_diag.c).
 * A message says what is wrong and what to do about it.
 */
#ifndef CONCORD_DIAG_H
#define CONCORD_DIAG_H

#include <stddef.h>

struct buf;

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_severity;

typedef struct diag {
  diag_severity severity;
  char *file; /* owned; may be NULL for whole-run problems */
  int line, col; /* 1-based; 0 when unknown */
  char *message; /* owned */
} diag;

typedef struct diag_list {
  diag *items;
  size_t count, cap;
  size_t errors, warnings;
} diag_list;

void diag_list_init(diag_list *d);
void diag_list_free(diag_list *d);

void diag_add(diag_list *d, diag_severity sev, const char *file, int line, int col,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
#define diag_error(d, file, line, col, ...) diag_add((d), DIAG_ERROR, (file), (line), (col), __VA_ARGS__)
#define diag_warning(d, file, line, col, ...) diag_add((d), DIAG_WARNING, (file), (line), (col), __VA_ARGS__)

/* Sorts diagnostics by file, line, column (stable), for reproducible output. */
void diag_list_sort(diag_list *d);
/* Formats one diagnostic as "file:line:col: severity: message" (caller frees). */
char *diag_format(const diag *g);
const char *diag_severity_name(diag_severity s);

/* Appends LEN bytes of S to B with control characters, C1 characters and
 * bytes that are not UTF-8 shown as escapes (\n, \x1b, \u009b, \xff):
 * text from a source or a hook, made safe to print on a terminal. Every
 * diagnostic's message and file name go through it. */
void diag_escape(struct buf *b, const char *s, size_t len);

#endif
