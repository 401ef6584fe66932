/* attrs.h - attribute blocks "{#id topic=a,b topic?=c .prose note="..."}".
 * Implements docs/annotated-markdown.md section 5. */
#ifndef CONCORD_ATTRS_H
#define CONCORD_ATTRS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct cc_attrs {
  char *id;             /* #id */
  char **topics;        /* topic=a,b (and topics=) */
  size_t ntopics;
  int *topic_cols;      /* byte offset of each key within the block
                           (from its '{') */
  char **suggested;     /* topic?=c,d: topics proposed by a tool, not yet
                           reviewed (never linked or published) */
  int *suggested_cols;  /* as topic_cols */
  size_t nsuggested;
  bool prose, clause, section;
  char *note;
  char *error;          /* set when the block is malformed: what is wrong */
  size_t error_offset;  /* byte offset of the problem from the '{' */
  char **unknown;       /* unknown keys / classes (warnings), as written */
  size_t *unknown_offsets; /* byte offset of each within the block */
  size_t nunknown;
  int line;             /* not set by the parser: the caller's record of the
                           line the block is on (topic_cols are on it) */
} cc_attrs;

/* If TEXT ends with an attribute block (after optional spaces), returns its
 * start offset and parses it into *OUT; otherwise returns -1. A block that
 * starts like an attribute block but is malformed is still returned, with
 * out->error set. */
long attrs_find_trailing(arena *a, const char *text, cc_attrs *out);

/* Is S a valid explicit id ([A-Za-z0-9][A-Za-z0-9._-]*)? */
bool attrs_valid_id(const char *s);

#endif
