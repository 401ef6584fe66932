/* memo.c - a bounded, thread-safe string memo (see memo.h). */
#include "base/memo.h"
#include "base/arena.h"
#include "base/strmap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct memo {
  pthread_mutex_t lock;
  strmap *map; /* key -> malloc'd, NUL-terminated value */
  size_t max;
  memo_stats stats;
};

memo *memo_new(size_t max) {
  memo *m = xcalloc(1, sizeof *m);
  pthread_mutex_init(&m->lock, NULL);
  m->map = strmap_new();
  m->max = max ? max : 1;
  return m;
}

static void forget(memo *m) {
  size_t pos = 0;
  const char *key;
  void *val;
  while (strmap_next(m->map, &pos, &key, &val)) free(val);
  strmap_free(m->map);
  m->map = strmap_new();
}

void memo_free(memo *m) {
  if (!m) return;
  forget(m);
  strmap_free(m->map);
  pthread_mutex_destroy(&m->lock);
  free(m);
}

int memo_get(memo *m, const char *key, buf *out) {
  pthread_mutex_lock(&m->lock);
  const char *known = strmap_get(m->map, key);
  /* copied under the lock: another thread may forget it next */
  if (known) buf_puts(out, known);
  if (known) m->stats.hits++;
  else m->stats.misses++;
  pthread_mutex_unlock(&m->lock);
  return known != NULL;
}

void memo_put(memo *m, const char *key, const char *value, size_t len) {
  char *copy = xmalloc(len + 1);
  if (len) memcpy(copy, value, len);
  copy[len] = '\0';
  pthread_mutex_lock(&m->lock);
  if (strmap_count(m->map) >= m->max) {
    forget(m);
    m->stats.forgets++;
  }
  if (!strmap_add(m->map, key, copy)) free(copy); /* another thread's */
  pthread_mutex_unlock(&m->lock);
}

memo_stats memo_get_stats(memo *m) {
  pthread_mutex_lock(&m->lock);
  memo_stats s = m->stats;
  s.entries = strmap_count(m->map);
  pthread_mutex_unlock(&m->lock);
  return s;
}
