/* source.h - loading a source file: bytes checked, line ends normalised,
 * front matter split from the Markdown body.
 *
 * Rejects what must never reach cmark or libyaml: directories, unreadable
 * or empty files, files over SOURCE_MAX_BYTES or with a line over
 * SOURCE_MAX_LINE, NUL bytes, invalid UTF-8 (with the line:col of the first
 * bad byte). Accepts a UTF-8 BOM and CRLF or lone-CR line ends (normalised
 * to LF, columns unchanged up to the line end).
 */
#ifndef CONCORD_SOURCE_H
#define CONCORD_SOURCE_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

#define SOURCE_MAX_BYTES ((size_t)64 * 1024 * 1024) /* one source file */
#define SOURCE_MAX_LINE ((size_t)1024 * 1024)         /* one line of it */

typedef struct cc_source {
  const char *path;
  char *text;             /* whole file, NUL-terminated (arena) */
  size_t len;
  const char *front;      /* front matter YAML (between the --- lines) */
  size_t front_len;
  int front_line;         /* line of the first YAML line */
  char *body;             /* Markdown after the closing ---, mutable (arena) */
  size_t body_len;
  int body_line;          /* line of the first body line */
} cc_source;

/* Reads PATH (arena-owned results). 0 on success, -1 with errors in D. */
int source_load(arena *a, const char *path, cc_source *src, diag_list *d);
/* Same checks for a plain text file (no front matter): body = whole text. */
int source_load_text(arena *a, const char *path, cc_source *src, diag_list *d);
/* Same, from memory (tests, fuzzing, stdin). */
int source_load_buffer(arena *a, const char *path, const char *data, size_t len,
                       cc_source *src, diag_list *d);
/* source_load_text from memory. */
int source_load_text_buffer(arena *a, const char *path, const char *data, size_t len,
                            cc_source *src, diag_list *d);

/* Byte offset -> 1-based line:col within text. */
void source_line_col(const char *text, size_t off, int *line, int *col);

#endif
