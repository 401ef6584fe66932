/* numbering.h - printed numbers and labels: recognising them at the start
 * of text and computing their canonical forms.
 * Implements docs/annotated-markdown.md sections 2-4. */
#ifndef CONCORD_NUMBERING_H
#define CONCORD_NUMBERING_H

#include <stddef.h>

#include "base/arena.h"

#define NUM_MAX_PARTS 8

typedef struct cc_number {
  int parts[NUM_MAX_PARTS];
  int nparts;
  size_t len;   /* bytes of the number as printed (incl. trailing dot) */
  size_t skip;  /* bytes to skip: number plus following spaces */
  char suffix;  /* an inserted clause's letter ("2.13A", "4.1a"), lower-cased; 0 if none */
} cc_number;

/* Recognises "1", "1.", "1.1", "1.1.", "2.10.3" at the start of S followed
 * by a space or the end; a number of two or more parts may end in one
 * letter, an inserted clause ("2.13A", "4.1a."). 1 if found. */
int numbering_parse(const char *s, cc_number *out);
/* "3.1" from parts. */
char *numbering_format(arena *a, const int *parts, int nparts);
/* "3.1", or "2.13a" with a suffix letter (0: none). */
char *numbering_format_suffix(arena *a, const int *parts, int nparts, char suffix);

/* Recognises an item label at the start of S: "(a)", "a)", "(iv)", "(IV)",
 * "(1)", "1)", "(A)" followed by a space (or the end). Returns its length in bytes (without the
 * space) and sets *canon to the label without punctuation, lower-cased;
 * 0 if none. *skip includes the following spaces. */
size_t numbering_item_label(arena *a, const char *s, char **canon, size_t *skip);

#endif
