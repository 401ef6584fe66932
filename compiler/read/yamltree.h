/* yamltree.h - a YAML document as a small tree with source positions.
 *
 * libyaml does the parsing; this module turns its document into nodes the
 * rest of Concord can walk, each with line:col, and reports libyaml's
 * errors as diagnostics. Front matter and sources/topics.yaml use it.
 */
#ifndef CONCORD_YAMLTREE_H
#define CONCORD_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

typedef enum { YT_SCALAR, YT_SEQUENCE, YT_MAPPING } yt_kind;

typedef struct yt_node {
  yt_kind kind;
  char *scalar;            /* YT_SCALAR: the value (UTF-8) */
  bool plain;              /* YT_SCALAR: written without quotes */
  struct yt_node **values; /* YT_SEQUENCE items / YT_MAPPING values */
  struct yt_node **keys;   /* YT_MAPPING keys (scalars) */
  size_t count;
  int line, col;           /* 1-based, in the file */
} yt_node;

/* Parses TEXT (LEN bytes) as one YAML document. LINE_OFFSET is added to
 * every line (front matter starts on line 2 of its file). Returns the root
 * (NULL for an empty document) and 0, or -1 with errors in D. */
int yamltree_parse(arena *a, const char *file, const char *text, size_t len,
                   int line_offset, yt_node **root, diag_list *d);

/* Value of KEY in a mapping, or NULL. */
yt_node *yamltree_get(const yt_node *map, const char *key);
const char *yamltree_kind_name(yt_kind k);

#endif
