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
} cc_number;

/* Recognises "1", "1.", "1.1", "1.1.", "2.10.3" at the start of S followed
 * by a space or the end. 1 if found. */
int numbering_parse(const char *s, cc_number *out);
/* "3.1" from parts. */
char *numbering_format(arena *a, const int *parts, int nparts);

/* Recognises an item label at the start of S: "(a)", "a)", "(iv)", "(IV)",
 * "(1)", "1)", "(A)" followed by a space (or the end). Returns its length in bytes (without the
 * space) and sets *canon to the label without punctuation, lower-cased;
 * 0 if none. *skip includes the following spaces. */
size_t numbering_item_label(arena *a, const char *s, char **canon, size_t *skip);

#endif
