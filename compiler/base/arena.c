/* arena.c - bump allocator for the model (see arena.h). */
#include "base/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_MIN (64 * 1024)
#define ARENA_ALIGN 16

struct arena_block {
  struct arena_block *next;
  size_t size, used;
  /* data follows, aligned by the allocation below */
};

struct arena {
  struct arena_block *head;
};

static void out_of_memory(void) {
  fputs("concord: fatal: out of memory\n", stderr);
  abort();
}

void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p) out_of_memory();
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) out_of_memory();
  return p;
}

void *xrealloc(void *p, size_t size) {
  void *q = realloc(p, size ? size : 1);
  if (!q) out_of_memory();
  return q;
}

char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = xmalloc(n);
  memcpy(d, s, n);
  return d;
}

arena *arena_new(void) { return xcalloc(1, sizeof(arena)); }

void arena_free(arena *a) {
  if (!a) return;
  struct arena_block *b = a->head;
  while (b) {
    struct arena_block *next = b->next;
    free(b);
    b = next;
  }
  free(a);
}

void arena_adopt(arena *to, arena *from) {
  if (!from) return;
  struct arena_block *last = from->head;
  if (last) {
    while (last->next) last = last->next;
    /* behind TO's current block: allocation goes on where it was */
    if (to->head) {
      last->next = to->head->next;
      to->head->next = from->head;
    } else {
      to->head = from->head;
    }
  }
  free(from);
}

static size_t header_size(void) {
  return (sizeof(struct arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

void *arena_alloc(arena *a, size_t size) {
  size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  struct arena_block *b = a->head;
  if (!b || b->size - b->used < size) {
    size_t want = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
    if (want > SIZE_MAX - header_size()) out_of_memory();
    b = xmalloc(header_size() + want);
    b->size = want;
    b->used = 0;
    b->next = a->head;
    a->head = b;
  }
  char *p = (char *)b + header_size() + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t len) {
  if (!s) return NULL;
  char *d = arena_alloc(a, len + 1);
  memcpy(d, s, len);
  d[len] = '\0';
  return d;
}

char *arena_strdup(arena *a, const char *s) {
  return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...) {
  /* formatted once into a buffer on the stack when it fits (ids, names:
     nearly every call), instead of once to measure and once to write */
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return arena_strdup(a, "");
  if ((size_t)n < sizeof small) return arena_strndup(a, small, (size_t)n);
  char *d = arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(d, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return d;
}
