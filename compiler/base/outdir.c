/* outdir.c - staged, all-or-nothing output (see outdir.h). */
#define _POSIX_C_SOURCE 200809L
#include "base/outdir.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/strmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct outdir {
  char *root;    /* final directory */
  char *staging; /* root/.concord-staging-PID */
  char **rels;   /* staged files, relative */
  char **paths;  /* staged files, full path (owned strings) */
  char **owners; /* staged files, who staged them (outdir_for) or NULL */
  strmap *index; /* rel -> 1 + its position, so staging N files is O(N) */
  size_t n, cap;
  int created_root; /* root did not exist: remove it again on abort */
  pthread_mutex_t lock; /* guards rels/paths/n/cap: writers run in threads (parallel.h) */
  /* a handle from outdir_for: stages into PARENT's directory, as OWNER */
  outdir *parent;
  char *owner;
};

static int mkdirs(const char *path) {
  char *p = xstrdup(path);
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      free(p);
      return -1;
    }
    *s = '/';
  }
  int rc = (mkdir(p, 0777) != 0 && errno != EEXIST) ? -1 : 0;
  free(p);
  return rc;
}

static char *join(const char *a, const char *b) {
  buf x = BUF_INIT;
  buf_printf(&x, "%s/%s", a, b);
  return buf_detach(&x);
}

/* Removes PATH (relative to directory fd AT) and everything under it. */
static void remove_tree_at(int at, const char *path, int depth) {
  if (unlinkat(at, path, 0) == 0 || depth > 64) return;
  int fd = openat(at, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (fd < 0) return;
  DIR *dp = fdopendir(fd);
  if (!dp) {
    close(fd);
    return;
  }
  struct dirent *e;
  while ((e = readdir(dp)) != NULL)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      remove_tree_at(fd, e->d_name, depth + 1);
  closedir(dp);
  unlinkat(at, path, AT_REMOVEDIR);
}

/* Is PID a running concord (the command, its ASan build or a fuzzer)? */
static int concord_running(long pid) {
  if (pid <= 0 || pid == (long)getpid()) return 0;
  if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) return 0;
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
  FILE *f = fopen(path, "rb");
  if (!f) return 1; /* no /proc: it exists, assume it is a build */
  char cmd[512];
  size_t n = fread(cmd, 1, sizeof cmd - 1, f);
  fclose(f);
  cmd[n] = '\0'; /* argv[0] ends at the first NUL */
  const char *base = strrchr(cmd, '/');
  base = base ? base + 1 : cmd;
  return strstr(base, "concord") != NULL || strncmp(base, "fuzz_", 5) == 0;
}

/* A build killed (kill -9, power cut) leaves its .concord-staging-PID
 * behind: remove those whose process is gone, so out/ holds only complete
 * files. A staging directory of a build still running is left alone. */
static void remove_stale_staging(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  DIR *dp = fdopendir(fd);
  if (!dp) {
    close(fd);
    return;
  }
  static const char prefix[] = ".concord-staging-";
  struct dirent *e;
  while ((e = readdir(dp)) != NULL) {
    if (strncmp(e->d_name, prefix, sizeof prefix - 1) != 0) continue;
    char *end;
    long pid = strtol(e->d_name + sizeof prefix - 1, &end, 10);
    if (*end || end == e->d_name + sizeof prefix - 1 || concord_running(pid)) continue;
    remove_tree_at(fd, e->d_name, 0);
  }
  closedir(dp);
}

outdir *outdir_open(const char *dir, diag_list *d) {
  struct stat st;
  int existed = stat(dir, &st) == 0;
  if (mkdirs(dir) != 0) {
    diag_error(d, dir, 0, 0, "cannot create output directory: %s; choose another with -o DIR",
               strerror(errno));
    return NULL;
  }
  if (existed) remove_stale_staging(dir);
  outdir *o = xcalloc(1, sizeof *o);
  o->root = xstrdup(dir);
  o->created_root = !existed;
  pthread_mutex_init(&o->lock, NULL);
  o->index = strmap_new();
  buf s = BUF_INIT;
  buf_printf(&s, "%s/.concord-staging-%ld", dir, (long)getpid());
  o->staging = buf_detach(&s);
  if (mkdir(o->staging, 0777) != 0) {
    diag_error(d, dir, 0, 0, "cannot write in output directory: %s; check its permissions or use -o DIR",
               strerror(errno));
    free(o->staging);
    free(o->root);
    strmap_free(o->index);
    pthread_mutex_destroy(&o->lock);
    free(o);
    return NULL;
  }
  return o;
}

const char *outdir_root(const outdir *o) { return o->parent ? o->parent->root : o->root; }

static int valid_rel(const char *rel) {
  if (!*rel || rel[0] == '/') return 0;
  for (const char *p = rel; *p; p++)
    if (p[0] == '.' && p[1] == '.' && (p == rel || p[-1] == '/')) return 0;
  return 1;
}

outdir *outdir_for(outdir *o, const char *owner) {
  outdir *h = xcalloc(1, sizeof *h);
  h->parent = o->parent ? o->parent : o;
  h->owner = owner ? xstrdup(owner) : NULL;
  return h;
}

void outdir_release(outdir *h) {
  if (!h) return;
  free(h->owner);
  free(h);
}

const char *outdir_path(outdir *h, const char *rel, diag_list *d) {
  outdir *o = h->parent ? h->parent : h;
  if (!valid_rel(rel)) {
    diag_error(d, o->root, 0, 0, "internal: output path '%s' escapes the output directory", rel);
    return NULL;
  }
  pthread_mutex_lock(&o->lock);
  size_t at = (size_t)(uintptr_t)strmap_get(o->index, rel);
  if (at) {
    const char *found = o->paths[at - 1];
    pthread_mutex_unlock(&o->lock);
    return found;
  }
  pthread_mutex_unlock(&o->lock);
  /* mkdirs outside the lock: concurrent mkdir of one directory is EEXIST */
  char *full = join(o->staging, rel);
  char *slash = strrchr(full, '/');
  *slash = '\0';
  int rc = mkdirs(full);
  *slash = '/';
  if (rc != 0) {
    diag_error(d, o->root, 0, 0, "cannot create directory for %s: %s", rel, strerror(errno));
    free(full);
    return NULL;
  }
  pthread_mutex_lock(&o->lock);
  at = (size_t)(uintptr_t)strmap_get(o->index, rel); /* staged meanwhile by another thread? */
  if (at) {
    const char *found = o->paths[at - 1];
    pthread_mutex_unlock(&o->lock);
    free(full);
    return found;
  }
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 32;
    o->rels = xrealloc(o->rels, o->cap * sizeof(char *));
    o->paths = xrealloc(o->paths, o->cap * sizeof(char *));
    o->owners = xrealloc(o->owners, o->cap * sizeof(char *));
  }
  o->rels[o->n] = xstrdup(rel);
  o->paths[o->n] = full;
  o->owners[o->n] = h->owner ? xstrdup(h->owner) : NULL;
  strmap_put(o->index, rel, (void *)(uintptr_t)(o->n + 1));
  const char *r = o->paths[o->n++];
  pthread_mutex_unlock(&o->lock);
  return r;
}

int outdir_write(outdir *h, const char *rel, const void *data, size_t len, diag_list *d) {
  const outdir *o = h->parent ? h->parent : h;
  const char *path = outdir_path(h, rel, d);
  if (!path) return -1;
  FILE *f = fopen(path, "wb");
  if (!f) {
    diag_error(d, o->root, 0, 0, "cannot write %s: %s", rel, strerror(errno));
    return -1;
  }
  size_t w = len ? fwrite(data, 1, len, f) : 0;
  int bad = (w != len) | ferror(f);
  if (fclose(f) != 0) bad = 1;
  if (bad) {
    diag_error(d, o->root, 0, 0, "cannot write %s: %s (is the disk full?)", rel,
               strerror(errno ? errno : EIO));
    return -1;
  }
  return 0;
}

static void free_outdir(outdir *o) {
  for (size_t i = 0; i < o->n; i++) {
    free(o->rels[i]);
    free(o->paths[i]);
    free(o->owners[i]);
  }
  free(o->rels);
  free(o->paths);
  free(o->owners);
  strmap_free(o->index);
  free(o->staging);
  free(o->root);
  pthread_mutex_destroy(&o->lock);
  free(o);
}

/* Removes the staging tree: files first, then directories deepest first. */
static void remove_staging(outdir *o) {
  for (size_t i = 0; i < o->n; i++) unlink(o->paths[i]);
  for (size_t i = o->n; i-- > 0;) {
    char *p = xstrdup(o->paths[i]);
    char *slash;
    while ((slash = strrchr(p, '/')) && strlen(p) > strlen(o->staging)) {
      *slash = '\0';
      if (strlen(p) <= strlen(o->staging)) break;
      rmdir(p); /* fails harmlessly while not empty */
    }
    free(p);
  }
  rmdir(o->staging);
}

void outdir_abort(outdir *o) {
  if (!o) return;
  remove_staging(o);
  if (o->created_root) rmdir(o->root);
  free_outdir(o);
}

int outdir_commit(outdir *o, diag_list *d) {
  int rc = 0;
  for (size_t i = 0; i < o->n; i++) {
    char *final = join(o->root, o->rels[i]);
    char *slash = strrchr(final, '/');
    *slash = '\0';
    int mk = mkdirs(final);
    *slash = '/';
    if (mk != 0 || rename(o->paths[i], final) != 0) {
      diag_error(d, o->root, 0, 0, "cannot move %s into place: %s", o->rels[i], strerror(errno));
      rc = -1;
    }
    free(final);
  }
  remove_staging(o);
  free_outdir(o);
  return rc;
}

size_t outdir_staged_count(outdir *o) {
  pthread_mutex_lock(&o->lock);
  size_t n = o->n;
  pthread_mutex_unlock(&o->lock);
  return n;
}

const char *outdir_staged_rel(outdir *o, size_t i, const char **path) {
  pthread_mutex_lock(&o->lock);
  const char *rel = i < o->n ? o->rels[i] : NULL;
  if (path) *path = i < o->n ? o->paths[i] : NULL;
  pthread_mutex_unlock(&o->lock);
  return rel;
}

const char *outdir_staged_owner(outdir *o, size_t i) {
  pthread_mutex_lock(&o->lock);
  const char *owner = i < o->n ? o->owners[i] : NULL;
  pthread_mutex_unlock(&o->lock);
  return owner;
}
