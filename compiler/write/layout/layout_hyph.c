/* layout_hyph.c - libhyphen wrapper (see layout_hyph.h). */
#include "write/layout/layout_hyph.h"
#include "base/arena.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loading the en-GB patterns takes libhyphen about 7 ms, at the start
 * of every build with PDFs, before any document can be laid out. So the
 * file is loaded on a thread of its own, started by layout_hyph_new, and
 * the first lookup waits for it: meanwhile the build runs the other
 * writers' parts. If the thread cannot be started, the file is loaded
 * there and then. */
struct layout_hyph {
  char *path;
  HyphenDict *dict;
  pthread_t loader;
  bool loading;         /* LOADER is running or not yet joined */
  atomic_bool ready;    /* DICT is final */
  pthread_mutex_t lock; /* the join */
};

static void *load(void *arg) {
  layout_hyph *h = arg;
  h->dict = hnj_hyphen_load(h->path);
  return NULL;
}

layout_hyph *layout_hyph_new(const char *dic_path) {
  FILE *f = fopen(dic_path, "r"); /* the one way hnj_hyphen_load fails */
  if (!f) return NULL;
  fclose(f);
  layout_hyph *h = xcalloc(1, sizeof *h);
  h->path = xstrdup(dic_path);
  pthread_mutex_init(&h->lock, NULL);
  h->loading = pthread_create(&h->loader, NULL, load, h) == 0;
  if (!h->loading) {
    load(h);
    atomic_store(&h->ready, true);
  }
  return h;
}

/* The patterns, once loaded (NULL if they could not be). */
static HyphenDict *dict(layout_hyph *h) {
  if (atomic_load_explicit(&h->ready, memory_order_acquire)) return h->dict;
  pthread_mutex_lock(&h->lock);
  if (h->loading) {
    pthread_join(h->loader, NULL);
    h->loading = false;
    atomic_store_explicit(&h->ready, true, memory_order_release);
  }
  pthread_mutex_unlock(&h->lock);
  return h->dict;
}

void layout_hyph_free(layout_hyph *h) {
  if (!h) return;
  HyphenDict *d = dict(h);
  if (d) hnj_hyphen_free(d);
  pthread_mutex_destroy(&h->lock);
  free(h->path);
  free(h);
}

size_t layout_hyph_points(layout_hyph *h, const char *word, size_t len, size_t *out, size_t max) {
  if (!h || len < 5 || len > 200) return 0;
  /* capitalised words (names: "Council", "Executive") and capitals
   * (acronyms, headings) are never broken, as in print */
  size_t upper = 0, nchars = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)word[i];
    if ((c & 0xC0) != 0x80) nchars++;
    if (c >= 'A' && c <= 'Z') upper++;
  }
  if (nchars < LAYOUT_HYPH_LEFTMIN + LAYOUT_HYPH_RIGHTMIN || upper > 0) return 0;
  char lower[256];
  for (size_t i = 0; i < len; i++) {
    char c = word[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  lower[len] = '\0';
  char hyphens[256 + 5];
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  HyphenDict *hd = dict(h);
  if (!hd) return 0;
  if (hnj_hyphen_hyphenate2(hd, lower, (int)len, hyphens, NULL, &rep, &pos, &cut) != 0)
    return 0;
  if (rep) {
    /* non-standard hyphenation (not used by English patterns): ignore */
    for (size_t i = 0; i < len; i++) free(rep[i]);
    free(rep);
    free(pos);
    free(cut);
    return 0;
  }
  /* hyphens[] is indexed by character for UTF-8 dictionaries: map the
   * character index back to the byte offset after that character. */
  size_t n = 0, ci = 0;
  for (size_t i = 0; i < len && n < max; i++) {
    if (i + 1 < len && (((unsigned char)word[i + 1]) & 0xC0) == 0x80) continue;
    /* at least LEFTMIN characters before the break and RIGHTMIN after */
    if ((hyphens[ci] - '0') % 2 == 1 && i + 1 < len && ci + 1 >= LAYOUT_HYPH_LEFTMIN &&
        nchars - (ci + 1) >= LAYOUT_HYPH_RIGHTMIN)
      out[n++] = i + 1;
    ci++;
  }
  return n;
}
