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
  void (*slot_fn)(void *ctx, size_t job, int slot);
  void *ctx;
} runner;

typedef struct worker {
  runner *r;
  int slot;
} worker;

static void (*thread_start)(void);

void parallel_set_thread_start(void (*fn)(void)) { thread_start = fn; }

static void *work(void *arg) {
  worker *w = arg;
  runner *r = w->r;
  for (;;) {
    pthread_mutex_lock(&r->lock);
    size_t j = r->next < r->njobs ? r->next++ : r->njobs;
    pthread_mutex_unlock(&r->lock);
    if (j >= r->njobs) return NULL;
    if (r->slot_fn) r->slot_fn(r->ctx, j, w->slot);
    else r->fn(r->ctx, j);
  }
}

static void *started_thread(void *arg) {
  if (thread_start) thread_start();
  return work(arg);
}

int parallel_threads(size_t njobs, int threads) {
  if (threads < 1) threads = 1;
  if ((size_t)threads > njobs) threads = njobs ? (int)njobs : 1;
  return threads;
}

static void run(size_t njobs, int threads, runner *r) {
  threads = parallel_threads(njobs, threads);
  if (threads == 1) {
    for (size_t j = 0; j < njobs; j++) {
      if (r->slot_fn) r->slot_fn(r->ctx, j, 0);
      else r->fn(r->ctx, j);
    }
    return;
  }
  pthread_mutex_init(&r->lock, NULL);
  pthread_t *t = xcalloc((size_t)threads, sizeof *t);
  worker *w = xcalloc((size_t)threads, sizeof *w);
  int *started = xcalloc((size_t)threads, sizeof *started);
  for (int i = 0; i < threads; i++) w[i] = (worker){r, i};
  for (int i = 1; i < threads; i++) started[i] = pthread_create(&t[i], NULL, started_thread, &w[i]) == 0;
  work(&w[0]);
  for (int i = 1; i < threads; i++)
    if (started[i]) pthread_join(t[i], NULL);
  free(started);
  free(w);
  free(t);
  pthread_mutex_destroy(&r->lock);
}

void parallel_run(size_t njobs, int threads, void (*fn)(void *ctx, size_t job), void *ctx) {
  runner r = {.njobs = njobs, .fn = fn, .ctx = ctx};
  run(njobs, threads, &r);
}

void parallel_run_slots(size_t njobs, int threads,
                        void (*fn)(void *ctx, size_t job, int slot), void *ctx) {
  runner r = {.njobs = njobs, .slot_fn = fn, .ctx = ctx};
  run(njobs, threads, &r);
}
