/* layout_hyph.c - libhyphen wrapper (see layout_hyph.h). */
#include "write/layout/layout_hyph.h"
#include "base/arena.h"
#include "base/memo.h"
#include "write/layout/layout_hyph_data.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The patterns come compiled into the program (layout_hyph_data.h): the
 * HyphenDict chain is rebuilt from the tables in one pass, its strings
 * and transitions pointing into them (libhyphen only reads a
 * dictionary, so the casts from const never lead to a write). That pass
 * (17,000 states, about 3 ms) is made by the first lookup, so it runs
 * in the first PDF's job beside the build's other work rather than
 * before any of it; later lookups, on any thread, find it made. */
struct layout_hyph {
  HyphenDict *dict;     /* the first level; each level's states malloc'd */
  atomic_bool ready;    /* DICT is made */
  pthread_mutex_t lock; /* the one making it */
  memo *seen;           /* word -> its break points, for every document */
};

/* Words remembered (memo.h) before all are forgotten: a build of a
 * thousand councils meets a few tens of thousands. */
#define HYPH_SEEN_MAX 200000

layout_hyph *layout_hyph_new(void) {
  if (layout_hyph_patterns.nlevels <= 0) return NULL;
  layout_hyph *h = xcalloc(1, sizeof *h);
  pthread_mutex_init(&h->lock, NULL);
  h->seen = memo_new(HYPH_SEEN_MAX);
  return h;
}

static HyphenDict *make_dict(void) {
  const layout_hyph_data *p = &layout_hyph_patterns;
  HyphenDict *first = NULL, **link = &first;
  for (int l = 0; l < p->nlevels; l++) {
    const layout_hyph_level *lv = &p->levels[l];
    HyphenDict *d = xcalloc(1, sizeof *d);
    d->lhmin = lv->lhmin;
    d->rhmin = lv->rhmin;
    d->clhmin = lv->clhmin;
    d->crhmin = lv->crhmin;
    d->nohyphen = lv->nohyphen >= 0 ? (char *)p->strings + lv->nohyphen : NULL;
    d->nohyphenl = lv->nohyphenl;
    d->num_states = lv->num_states;
    memcpy(d->cset, lv->cset, sizeof d->cset);
    d->utf8 = lv->utf8;
    d->states = xcalloc(lv->num_states ? (size_t)lv->num_states : 1, sizeof *d->states);
    for (int i = 0; i < lv->num_states; i++) {
      const layout_hyph_state *s = &p->states[lv->first_state + i];
      HyphenState *st = &d->states[i];
      st->match = s->match >= 0 ? (char *)p->strings + s->match : NULL;
      st->repl = s->repl >= 0 ? (char *)p->strings + s->repl : NULL;
      st->replindex = s->replindex;
      st->replcut = s->replcut;
      st->fallback_state = s->fallback_state;
      st->num_trans = s->num_trans;
      st->trans = s->num_trans ? (HyphenTrans *)&p->trans[s->trans] : NULL;
    }
    *link = d;
    link = &d->nextlevel;
  }
  return first;
}

static HyphenDict *dict(layout_hyph *h) {
  if (atomic_load_explicit(&h->ready, memory_order_acquire)) return h->dict;
  pthread_mutex_lock(&h->lock);
  if (!atomic_load_explicit(&h->ready, memory_order_relaxed)) {
    h->dict = make_dict();
    atomic_store_explicit(&h->ready, true, memory_order_release);
  }
  pthread_mutex_unlock(&h->lock);
  return h->dict;
}

const char *layout_hyph_digest(void) {
  return layout_hyph_patterns.nlevels > 0 ? layout_hyph_patterns.digest : "none";
}

const char *layout_hyph_source(void) { return layout_hyph_patterns.source; }

void layout_hyph_free(layout_hyph *h) {
  if (!h) return;
  for (HyphenDict *d = h->dict, *next; d; d = next) {
    next = d->nextlevel;
    free(d->states);
    free(d);
  }
  pthread_mutex_destroy(&h->lock);
  memo_free(h->seen);
  free(h);
}

static size_t find_points(layout_hyph *h, const char *word, size_t len, size_t nchars,
                          size_t *out, size_t max);

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
  /* Each document remembers its own words (layout_doc.c), and the
   * councils of a build share most of theirs ("committee", "members"):
   * libhyphen walks its patterns for a word once per build. The memo
   * holds every point (a word of at most 200 bytes has fewer than 200),
   * a byte each; the first MAX of them are the answer. */
  char key[201];
  memcpy(key, word, len);
  key[len] = '\0';
  buf known = BUF_INIT;
  if (memo_get(h->seen, key, &known)) {
    size_t n = known.len < max ? known.len : max;
    for (size_t k = 0; k < n; k++) out[k] = (unsigned char)known.data[k];
    buf_free(&known);
    return n;
  }
  size_t all[256];
  size_t n = find_points(h, word, len, nchars, all, sizeof all / sizeof *all);
  char rec[256];
  for (size_t k = 0; k < n; k++) rec[k] = (char)(unsigned char)all[k];
  memo_put(h->seen, key, rec, n);
  if (n > max) n = max;
  memcpy(out, all, n * sizeof *out);
  return n;
}

/* The break points of WORD (LEN bytes, NCHARS characters, no capitals)
 * as layout_hyph_points, from libhyphen. */
static size_t find_points(layout_hyph *h, const char *word, size_t len, size_t nchars,
                          size_t *out, size_t max) {
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
