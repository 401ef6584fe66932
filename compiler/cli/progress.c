/* progress.c - progress line on a terminal (see progress.h). */
#define _POSIX_C_SOURCE 200809L
#include "cli/progress.h"
#include "base/arena.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct progress {
  int on;
  int shown;          /* a line is on the screen */
  int delay_ms;       /* PROGRESS_DELAY_MS; 0 when forced (tests) */
  pthread_mutex_t lock;
  struct timespec t0; /* when the build began */
  long long last_ms;  /* last redraw */
  const char *what;
  size_t done, total;
  char name[96];
};

static long long since_ms(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)(t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

progress *progress_new(int enabled) {
  progress *p = xcalloc(1, sizeof *p);
  const char *env = getenv("CONCORD_PROGRESS");
  p->on = enabled && isatty(2);
  p->delay_ms = PROGRESS_DELAY_MS;
  if (env && !strcmp(env, "always")) {
    p->on = enabled;
    p->delay_ms = 0;
  }
  if (env && !strcmp(env, "never")) p->on = 0;
  pthread_mutex_init(&p->lock, NULL);
  clock_gettime(CLOCK_MONOTONIC, &p->t0);
  p->last_ms = -1000;
  return p;
}

/* Caller holds the lock. Redraws at most every 100 ms, and only after the
 * build has run PROGRESS_DELAY_MS (short builds never show a line). */
static void draw(progress *p, int force) {
  long long ms = since_ms(&p->t0);
  if (ms < p->delay_ms || (!force && ms - p->last_ms < 100)) return;
  p->last_ms = ms;
  fprintf(stderr, "\r\033[Kconcord: %zu/%zu %s%s%s", p->done, p->total, p->what ? p->what : "",
          p->name[0] ? " \xC2\xB7 " : "", p->name);
  fflush(stderr);
  p->shown = 1;
}

void progress_start(progress *p, const char *what, size_t total) {
  if (!p || !p->on) return;
  pthread_mutex_lock(&p->lock);
  p->what = what;
  p->total = total;
  p->done = 0;
  p->name[0] = '\0';
  draw(p, 1);
  pthread_mutex_unlock(&p->lock);
}

static void set_name(progress *p, const char *name) {
  size_t n = name ? strlen(name) : 0;
  if (n >= sizeof p->name) n = sizeof p->name - 1;
  if (n) memcpy(p->name, name, n);
  p->name[n] = '\0';
}

void progress_step(progress *p, const char *name) {
  if (!p || !p->on) return;
  pthread_mutex_lock(&p->lock);
  if (p->done < p->total) p->done++;
  set_name(p, name);
  draw(p, p->done == p->total);
  pthread_mutex_unlock(&p->lock);
}

void progress_note(progress *p, const char *name) {
  if (!p || !p->on) return;
  pthread_mutex_lock(&p->lock);
  set_name(p, name);
  draw(p, 0);
  pthread_mutex_unlock(&p->lock);
}

void progress_clear(progress *p) {
  if (!p || !p->on) return;
  pthread_mutex_lock(&p->lock);
  if (p->shown) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->shown = 0;
  }
  pthread_mutex_unlock(&p->lock);
}

void progress_free(progress *p) {
  if (!p) return;
  progress_clear(p);
  pthread_mutex_destroy(&p->lock);
  free(p);
}

static void on_start(void *p, const char *what, size_t total) { progress_start(p, what, total); }
static void on_step(void *p, const char *name) { progress_step(p, name); }
static void on_note(void *p, const char *name) { progress_note(p, name); }
static void on_clear(void *p) { progress_clear(p); }

pipeline_progress progress_reporter(progress *p) {
  pipeline_progress r = {p, on_start, on_step, on_note, on_clear};
  return r;
}

void progress_print_phases(const char *first, double first_ms, double first_cpu_ms,
                           const pipeline_build_opts *bo) {
  fprintf(stderr, "concord: phases (ms wall/cpu): %s %.1f", first, first_ms);
  if (first_cpu_ms >= 0) fprintf(stderr, "/%.1f", first_cpu_ms);
  for (size_t i = 0; i < bo->nphases; i++)
    fprintf(stderr, ", %s %.1f/%.1f", bo->phases[i].name, bo->phases[i].ms, bo->phases[i].cpu_ms);
  fputs("; slowest parts (ms cpu):", stderr);
  for (size_t i = 0; i < bo->nslowest; i++)
    fprintf(stderr, " %s %.1f", bo->slowest[i].key, bo->slowest[i].cpu_ms);
  fputc('\n', stderr);
}
