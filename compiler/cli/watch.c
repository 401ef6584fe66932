/* watch.c - inotify rebuild loop of concord watch (see watch.h). Part of
 * the command line: it prints its status lines on stderr. */
#define _POSIX_C_SOURCE 200809L
#include "cli/watch.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/strmap.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

enum { DIR_SOURCES = 1, DIR_ANY = 2 }; /* what a watched folder may change */

typedef struct watcher {
  int fd;
  strmap *dirs;   /* path -> kind, to avoid watching twice */
  char **wd_path; /* by watch descriptor: the folder */
  int *wd_kind;
  size_t nwd;
  strmap *names;  /* basenames that matter in DIR_SOURCES folders */
  strmap *sources; /* the sources' basenames: a save of one of them alone
                      updates the model in place */
  size_t nwatched;
  /* since the last build: sources saved (folder/name), whether anything
   * else changed, and whether every event was a finished write */
  char **changed;
  size_t nchanged, capchanged;
  int full, settled;
} watcher;

static void add_dir(watcher *w, const char *dir, int kind) {
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return;
  int wd = inotify_add_watch(w->fd, dir,
                             IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                 IN_DELETE | IN_ATTRIB);
  if (wd < 0) return;
  if ((size_t)wd >= w->nwd) {
    size_t n = (size_t)wd + 16;
    w->wd_path = xrealloc(w->wd_path, n * sizeof *w->wd_path);
    w->wd_kind = xrealloc(w->wd_kind, n * sizeof *w->wd_kind);
    for (size_t i = w->nwd; i < n; i++) {
      w->wd_path[i] = NULL;
      w->wd_kind[i] = 0;
    }
    w->nwd = n;
  }
  if (!w->wd_path[wd]) {
    w->wd_path[wd] = xstrdup(dir);
    w->nwatched++;
  }
  w->wd_kind[wd] |= kind;
}

/* DIR and the folders in it (a theme root holds one folder per theme). */
static void add_tree(watcher *w, const char *dir, int depth) {
  add_dir(w, dir, DIR_ANY);
  if (depth >= 3) return;
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    buf p = BUF_INIT;
    buf_printf(&p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(buf_cstr(&p), &st) == 0 && S_ISDIR(st.st_mode)) add_tree(w, buf_cstr(&p), depth + 1);
    buf_free(&p);
  }
  closedir(d);
}

static void dir_of(buf *b, const char *path) {
  const char *slash = strrchr(path, '/');
  if (slash) buf_put(b, path, (size_t)(slash - path));
  else buf_putc(b, '.');
}

static const char *base_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static void add_file_dir(watcher *w, const char *file) {
  buf b = BUF_INIT;
  dir_of(&b, file);
  add_dir(w, buf_cstr(&b), DIR_SOURCES);
  buf_free(&b);
  strmap_put(w->names, base_of(file), NULL);
}

static void add_all(watcher *w, const watch_opts *o) {
  for (size_t i = 0; i < o->nsources; i++) {
    add_file_dir(w, o->sources[i]);
    strmap_put(w->sources, base_of(o->sources[i]), NULL);
    buf b = BUF_INIT;
    dir_of(&b, o->sources[i]);
    size_t base = b.len;
    buf_puts(&b, "/../themes");
    add_tree(w, buf_cstr(&b), 0);
    b.len = base;
    buf_puts(&b, "/themes");
    add_tree(w, buf_cstr(&b), 0);
    buf_free(&b);
  }
  if (o->taxonomy) {
    add_file_dir(w, o->taxonomy);
  } else if (o->nsources) {
    buf b = BUF_INIT;
    dir_of(&b, o->sources[0]);
    buf_puts(&b, "/topics.yaml");
    add_file_dir(w, buf_cstr(&b));
    buf_free(&b);
  }
  for (size_t i = 0; i < o->nlua; i++) add_file_dir(w, o->lua_files[i]);
  add_tree(w, "themes", 0);
  add_tree(w, "lua", 0);
}

/* Whether an event on NAME in watch WD should rebuild. */
static int relevant(const watcher *w, int wd, const char *name) {
  if (wd < 0 || (size_t)wd >= w->nwd || !w->wd_path[wd]) return 0;
  if (!name || !*name) return 1; /* the folder itself */
  size_t n = strlen(name);
  if (name[0] == '.' || name[n - 1] == '~' || name[0] == '#') return 0; /* editors' scratch */
  if (n > 4 && !strcmp(name + n - 4, ".swp")) return 0;
  if (w->wd_kind[wd] & DIR_ANY) return 1;
  return strmap_has(w->names, name);
}

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Notes what event E changed: a source (kept by path), or something that
 * needs a full load. */
static void note_event(watcher *w, const struct inotify_event *e) {
  if (!(e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO))) w->settled = 0;
  if (!e->len || (w->wd_kind[e->wd] & DIR_ANY) || !strmap_has(w->sources, e->name)) {
    w->full = 1; /* the taxonomy, a --lua file, a theme, lua/, a folder */
    return;
  }
  buf p = BUF_INIT;
  buf_printf(&p, "%s/%s", w->wd_path[e->wd], e->name);
  for (size_t i = 0; i < w->nchanged; i++)
    if (!strcmp(w->changed[i], buf_cstr(&p))) {
      buf_free(&p);
      return;
    }
  XGROW(w->changed, w->nchanged, w->capchanged);
  w->changed[w->nchanged++] = buf_detach(&p);
}

/* Reads pending events; returns 1 if one of them matters. */
static int drain(watcher *w) {
  char evbuf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
  int hit = 0;
  for (;;) {
    ssize_t n = read(w->fd, evbuf, sizeof evbuf);
    if (n <= 0) break;
    for (char *p = evbuf; p < evbuf + n;) {
      struct inotify_event *e = (struct inotify_event *)p;
      if (e->mask & IN_Q_OVERFLOW) {
        hit = w->full = 1;
        w->settled = 0;
      } else if (relevant(w, e->wd, e->len ? e->name : NULL)) {
        hit = 1;
        note_event(w, e);
      }
      p += sizeof *e + e->len;
    }
  }
  return hit;
}

static void forget_changes(watcher *w) {
  for (size_t i = 0; i < w->nchanged; i++) free(w->changed[i]);
  w->nchanged = 0;
  w->full = 0;
  w->settled = 1;
}

int watch_run(const watch_opts *o, watch_build_fn build, void *ctx) {
  watcher w;
  memset(&w, 0, sizeof w);
  w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (w.fd < 0) {
    fprintf(stderr, "concord: watch: inotify is not available (%s); use concord build\n",
            strerror(errno));
    return -1;
  }
  w.names = strmap_new();
  w.sources = strmap_new();
  w.settled = 1;
  add_all(&w, o);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll returns EINTR */
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int, old_term;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);

  build(ctx, NULL, 0, 1);
  if (!o->quiet)
    fprintf(stderr, "concord: watching %zu folder%s for changes; Ctrl-C to stop\n", w.nwatched,
            w.nwatched == 1 ? "" : "s");
  while (!stop) {
    struct pollfd pfd = {w.fd, POLLIN, 0};
    int r = poll(&pfd, 1, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (!drain(&w)) continue;
    /* debounce: wait until the editor has finished saving (a finished
     * write or rename needs less time than a file being made) */
    long long last = now_ms();
    while (!stop) {
      long long left = last + (w.settled ? WATCH_SETTLE_MS : WATCH_QUIET_MS) - now_ms();
      if (left <= 0) break;
      r = poll(&pfd, 1, (int)left);
      if (r > 0 && drain(&w)) last = now_ms();
    }
    if (stop) break;
    if (!o->quiet) fprintf(stderr, "concord: change seen; rebuilding\n");
    build(ctx, (const char *const *)w.changed, w.nchanged, w.full);
    forget_changes(&w);
    add_all(&w, o); /* folders made since (a new theme) */
  }
  if (!o->quiet) fprintf(stderr, "concord: watch stopped\n");
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  close(w.fd);
  for (size_t i = 0; i < w.nwd; i++) free(w.wd_path[i]);
  free(w.wd_path);
  free(w.wd_kind);
  strmap_free(w.names);
  strmap_free(w.sources);
  forget_changes(&w);
  free(w.changed);
  return 0;
}
