/* strmap.c - string-keyed hash map (see strmap.h). */
#include "base/strmap.h"
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *key; /* NULL = empty slot */
  void *value;
  uint64_t hash;
} slot;

struct strmap {
  slot *slots;
  size_t cap, count;
};

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  return h;
}

strmap *strmap_new(void) {
  strmap *m = xcalloc(1, sizeof *m);
  m->cap = 16;
  m->slots = xcalloc(m->cap, sizeof(slot));
  return m;
}

void strmap_free(strmap *m) {
  if (!m) return;
  for (size_t i = 0; i < m->cap; i++) free(m->slots[i].key);
  free(m->slots);
  free(m);
}

static slot *find_slot(const strmap *m, const char *key, uint64_t h) {
  size_t i = (size_t)h & (m->cap - 1);
  for (;;) {
    slot *s = &m->slots[i];
    if (!s->key || (s->hash == h && strcmp(s->key, key) == 0)) return s;
    i = (i + 1) & (m->cap - 1);
  }
}

static void grow(strmap *m) {
  slot *old = m->slots;
  size_t oldcap = m->cap;
  m->cap *= 2;
  m->slots = xcalloc(m->cap, sizeof(slot));
  for (size_t i = 0; i < oldcap; i++) {
    if (!old[i].key) continue;
    slot *s = find_slot(m, old[i].key, old[i].hash);
    *s = old[i];
  }
  free(old);
}

static bool insert(strmap *m, const char *key, void *value, bool replace) {
  if ((m->count + 1) * 4 > m->cap * 3) grow(m);
  uint64_t h = hash_str(key);
  slot *s = find_slot(m, key, h);
  if (s->key) {
    if (replace) s->value = value;
    return false;
  }
  s->key = xstrdup(key);
  s->hash = h;
  s->value = value;
  m->count++;
  return true;
}

bool strmap_put(strmap *m, const char *key, void *value) { return insert(m, key, value, true); }
bool strmap_add(strmap *m, const char *key, void *value) { return insert(m, key, value, false); }

void *strmap_get(const strmap *m, const char *key) {
  if (!m) return NULL;
  slot *s = find_slot(m, key, hash_str(key));
  return s->key ? s->value : NULL;
}

bool strmap_has(const strmap *m, const char *key) {
  if (!m) return false;
  return find_slot(m, key, hash_str(key))->key != NULL;
}

size_t strmap_count(const strmap *m) { return m ? m->count : 0; }

bool strmap_next(const strmap *m, size_t *pos, const char **key, void **value) {
  if (!m) return false;
  while (*pos < m->cap) {
    slot *s = &m->slots[(*pos)++];
    if (s->key) {
      if (key) *key = s->key;
      if (value) *value = s->value;
      return true;
    }
  }
  return false;
}
