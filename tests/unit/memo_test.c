/* memo_test.c - base/memo.h on its own: what the build relies on when it
 * hands a memo to a writer (the search words, docs/performance.md).
 * A value comes back byte for byte and is a copy; a key already known
 * keeps its first value; past MAX entries the memo forgets everything at
 * once and counts it; hits and misses are counted; threads sharing one
 * memo lose nothing (run under ASan+UBSan by t_memo.sh; a data race
 * would need TSan, but a lost or torn value shows here).
 *
 * Prints "ok - name" / "not ok - name" lines (tests/run's format); run by
 * tests/t_memo.sh. Exit status 1 if any check failed.
 */
#include "base/memo.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int failed;

static void check(const char *name, int cond) {
  printf("%s - %s\n", cond ? "ok" : "not ok", name);
  if (!cond) failed = 1;
}

#define NTHREADS 4
#define PER_THREAD 2000

static memo *shared;
static int thread_bad[NTHREADS];

static void *worker(void *arg) {
  int t = (int)(size_t)arg;
  buf key = BUF_INIT, val = BUF_INIT, got = BUF_INIT;
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < PER_THREAD; i++) {
      /* half the keys are every thread's, half this thread's own */
      buf_clear(&key);
      buf_clear(&val);
      buf_clear(&got);
      if (i % 2) buf_printf(&key, "own %d %d", t, i);
      else buf_printf(&key, "all %d", i);
      buf_printf(&val, "words of %s", buf_cstr(&key));
      if (memo_get(shared, buf_cstr(&key), &got)) {
        if (strcmp(buf_cstr(&got), buf_cstr(&val)) != 0) thread_bad[t] = 1;
      } else {
        memo_put(shared, buf_cstr(&key), val.data, val.len);
      }
    }
  buf_free(&key);
  buf_free(&val);
  buf_free(&got);
  return NULL;
}

int main(void) {
  memo *m = memo_new(3);
  buf out = BUF_INIT;
  char value[] = "surgeri member offic";
  check("an unknown key is a miss and leaves OUT alone",
        memo_get(m, "a", &out) == 0 && out.len == 0);
  memo_put(m, "a", value, strlen(value));
  value[0] = 'X'; /* the memo holds a copy */
  check("a known key gives its value back, copied",
        memo_get(m, "a", &out) == 1 && strcmp(buf_cstr(&out), "surgeri member offic") == 0);
  buf_clear(&out);
  buf_puts(&out, "x ");
  memo_get(m, "a", &out);
  check("the value is appended to OUT", strcmp(buf_cstr(&out), "x surgeri member offic") == 0);
  memo_put(m, "a", "other", 5);
  buf_clear(&out);
  memo_get(m, "a", &out);
  check("a key already known keeps its first value",
        strcmp(buf_cstr(&out), "surgeri member offic") == 0);
  memo_put(m, "empty", "", 0);
  buf_clear(&out);
  check("an empty value is a value", memo_get(m, "empty", &out) == 1 && out.len == 0);
  memo_put(m, "b", "bee", 3);
  memo_stats s = memo_get_stats(m);
  check("three entries fit a memo of three", s.entries == 3 && s.forgets == 0);
  memo_put(m, "c", "sea", 3);
  s = memo_get_stats(m);
  buf_clear(&out);
  check("the fourth forgets the three and is kept alone",
        s.entries == 1 && s.forgets == 1 && memo_get(m, "a", &out) == 0 &&
            memo_get(m, "c", &out) == 1 && strcmp(buf_cstr(&out), "sea") == 0);
  s = memo_get_stats(m);
  /* gets: a (miss), a, a, a, empty (hits), a (miss), c (hit) */
  check("hits and misses are counted", s.hits == 5 && s.misses == 2);
  memo_free(m);
  memo_free(NULL);

  shared = memo_new(1000000);
  pthread_t th[NTHREADS];
  for (int t = 0; t < NTHREADS; t++) pthread_create(&th[t], NULL, worker, (void *)(size_t)t);
  for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
  int bad = 0;
  for (int t = 0; t < NTHREADS; t++) bad |= thread_bad[t];
  s = memo_get_stats(shared);
  /* PER_THREAD/2 shared keys + NTHREADS * PER_THREAD/2 own keys */
  size_t keys = PER_THREAD / 2 + (size_t)NTHREADS * PER_THREAD / 2;
  check("threads sharing a memo read back what was put", !bad);
  check("threads sharing a memo keep every key once", s.entries == keys);
  check("every get of the threads is counted once",
        s.hits + s.misses == (size_t)NTHREADS * PER_THREAD * 2 && s.misses >= keys);
  memo_free(shared);
  buf_free(&out);
  return failed;
}
