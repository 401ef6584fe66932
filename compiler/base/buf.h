/* buf.h - growable byte buffer (the project's only string builder).
 *
 * Used instead of sprintf/strcat. A buf owns its memory: buf_free releases
 * it, buf_detach hands it to the caller (who frees it with free()).
 */
#ifndef CONCORD_BUF_H
#define CONCORD_BUF_H

#include <stddef.h>

typedef struct buf {
  char *data; /* always NUL-terminated when non-NULL */
  size_t len, cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

void buf_put(buf *b, const char *s, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(buf *b);
/* Returns the contents ("" if empty) and resets b; caller frees. */
char *buf_detach(buf *b);
void buf_free(buf *b);
/* Contents as a C string ("" if empty); valid until the next change. */
const char *buf_cstr(const buf *b);

#endif
