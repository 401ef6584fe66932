/* strmap.h - string-keyed hash map (open addressing, FNV-1a).
 *
 * Keys are copied into the map; values are borrowed pointers. Used for id
 * indexes, topic lookup and the aligner's inverted index.
 */
#ifndef CONCORD_STRMAP_H
#define CONCORD_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strmap strmap;

strmap *strmap_new(void);
void strmap_free(strmap *m); /* NULL: nothing */
/* Inserts or replaces; returns true if the key was new. */
bool strmap_put(strmap *m, const char *key, void *value);
/* Inserts only if absent; returns true if inserted. */
bool strmap_add(strmap *m, const char *key, void *value);
void *strmap_get(const strmap *m, const char *key);
bool strmap_has(const strmap *m, const char *key);
size_t strmap_count(const strmap *m);
/* Iteration: *pos starts at 0; returns false when done. Order is the
 * table's, not insertion order: sort if you need determinism. */
bool strmap_next(const strmap *m, size_t *pos, const char **key, void **value);

#endif
