/* arena.h - bump allocator that owns every model node of a corpus.
 *
 * Model nodes, strings and arrays are allocated from one arena and die
 * with it (arena_free), so readers and transforms never free nodes one by
 * one. Allocation failure aborts in one place (arena.c), as cmark does.
 */
#ifndef CONCORD_ARENA_H
#define CONCORD_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
/* Frees every block of the arena. arena_free(NULL) does nothing. */
void arena_free(arena *a);
/* Moves every block of FROM into TO and frees FROM: what was allocated
 * from FROM now lives (and dies) with TO. The two must not be in use on
 * other threads. Lets work done on another thread, in an arena of its
 * own, join the model without a copy (pipeline_load reads each source
 * into an arena of its own). */
void arena_adopt(arena *to, arena *from);

/* Zero-filled memory, aligned for any type; never returns NULL. */
void *arena_alloc(arena *a, size_t size);
/* Copies of strings, NUL-terminated; NULL in gives NULL out. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t len);
/* printf-style formatting into the arena. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Process-wide allocation helpers for non-arena memory: abort on OOM. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

/* Makes room for one more element in a malloc'd array ARR holding N of
 * CAP: doubles CAP (from 16) with xrealloc when full. The caller then
 * writes ARR[N] and increments N. */
#define XGROW(arr, n, cap)                                      \
  do {                                                          \
    if ((n) == (cap)) {                                         \
      (cap) = (cap) ? (cap) * 2 : 16;                           \
      (arr) = xrealloc((arr), (cap) * sizeof *(arr));           \
    }                                                           \
  } while (0)

#endif
