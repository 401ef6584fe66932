/* buf.c - growable byte buffer (see buf.h). */
#include "base/buf.h"
#include "base/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_reserve(buf *b, size_t extra) {
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  b->data = xrealloc(b->data, cap);
  b->cap = cap;
}

/* Formats straight into the spare room, and only when the result does not
 * fit a second time into room made to measure: measuring every string
 * first doubled the cost of the writers' commonest call (ids, hrefs,
 * numbers; ~25,000 a build). */
#define BUF_PRINTF_ROOM 64

void buf_printf(buf *b, const char *fmt, ...) {
  va_list ap;
  buf_reserve(b, BUF_PRINTF_ROOM);
  size_t room = b->cap - b->len; /* with the terminating NUL's byte */
  va_start(ap, fmt);
  int n = vsnprintf(b->data + b->len, room, fmt, ap);
  va_end(ap);
  if (n <= 0) {
    b->data[b->len] = '\0'; /* an encoding error may have left bytes */
    return;
  }
  if ((size_t)n >= room) {
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  b->len += (size_t)n;
}

void buf_clear(buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

char *buf_detach(buf *b) {
  char *d = b->data ? b->data : xstrdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return d;
}

void buf_free(buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

const char *buf_cstr(const buf *b) { return b->data ? b->data : ""; }
