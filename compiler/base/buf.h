/* buf.h - growable byte buffer (the project's only string builder).
 *
 * Used instead of sprintf/strcat. A buf owns its memory: buf_free releases
 * it, buf_detach hands it to the caller (who frees it with free()).
 */
#ifndef CONCORD_BUF_H
#define CONCORD_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct buf {
  char *data; /* always NUL-terminated when non-NULL */
  size_t len, cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

/* Makes room for EXTRA more bytes and the NUL (the slow path of the
 * appends below). */
void buf_reserve(buf *b, size_t extra);

/* The appends are inline: the writers make about 1.5 million of them in
 * a build of the five councils, most of a few bytes, and a call with
 * its own memcpy cost more than the copy (callgrind: 39 M instructions). */
static inline void buf_put(buf *b, const char *s, size_t len) {
  if (b->len + len >= b->cap) buf_reserve(b, len);
  if (len) memcpy(b->data + b->len, s, len);
  b->len += len;
  b->data[b->len] = '\0';
}

static inline void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static inline void buf_putc(buf *b, char c) {
  if (b->len + 1 >= b->cap) buf_reserve(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
}
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(buf *b);
/* Returns the contents ("" if empty) and resets b; caller frees. */
char *buf_detach(buf *b);
void buf_free(buf *b);
/* Contents as a C string ("" if empty); valid until the next change. */
const char *buf_cstr(const buf *b);

#endif
