/* parallel.c - a minimal job runner over pthreads (see parallel.h). */
#define _POSIX_C_SOURCE 200809L
#include "base/parallel.h"
#include "base/arena.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

int parallel_cpus(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : (n > 256 ? 256 : (int)n);
}

typedef struct runner {
  pthread_mutex_t lock;
  size_t next, njobs;
  void (*fn)(void *ctx, size_t job);
  void *ctx;
} runner;

static void (*thread_start)(void);

void parallel_set_thread_start(void (*fn)(void)) { thread_start = fn; }

static void *work(void *arg) {
  runner *r = arg;
  for (;;) {
    pthread_mutex_lock(&r->lock);
    size_t j = r->next < r->njobs ? r->next++ : r->njobs;
    pthread_mutex_unlock(&r->lock);
    if (j >= r->njobs) return NULL;
    r->fn(r->ctx, j);
  }
}

static void *started_thread(void *arg) {
  if (thread_start) thread_start();
  return work(arg);
}

void parallel_run(size_t njobs, int threads, void (*fn)(void *ctx, size_t job), void *ctx) {
  if (threads < 1) threads = 1;
  if ((size_t)threads > njobs) threads = njobs ? (int)njobs : 1;
  if (threads == 1) {
    for (size_t j = 0; j < njobs; j++) fn(ctx, j);
    return;
  }
  runner r = {PTHREAD_MUTEX_INITIALIZER, 0, njobs, fn, ctx};
  pthread_t *t = xcalloc((size_t)threads, sizeof *t);
  int *started = xcalloc((size_t)threads, sizeof *started);
  for (int i = 1; i < threads; i++) started[i] = pthread_create(&t[i], NULL, started_thread, &r) == 0;
  work(&r);
  for (int i = 1; i < threads; i++)
    if (started[i]) pthread_join(t[i], NULL);
  free(started);
  free(t);
  pthread_mutex_destroy(&r.lock);
}
