/* outdir.c - staged, all-or-nothing output (see outdir.h).
 *
 * Two ways to commit, chosen by outdir_open:
 * - switch (the usual one): the staging directory is beside the output
 *   directory, PARENT/.NAME.concord-next-PID. At commit the files of the
 *   old output the build did not write again are hard-linked into it, so
 *   it holds the whole new output, and it is exchanged with DIR in one
 *   renameat2(RENAME_EXCHANGE): a reader of DIR sees the old tree or the
 *   new one, never a mix; a build killed at any moment leaves DIR whole.
 * - per file: when DIR's parent cannot be written, DIR is a mount point
 *   or the system has no directory exchange, the staging directory is
 *   DIR/.concord-staging-PID and each file is renamed into place (each
 *   file whole, old or new; the set may be a mix if the build is killed
 *   during the renames).
 * Both check every path before moving anything, so a commit that fails
 * (a symbolic link or a file in the way) writes nothing.
 *
 * A whole buffer (outdir_write) with the bytes the output already holds
 * at its place is not written at all: the old file is kept (hard-linked
 * into the new tree, or left in place), as outdir_keep_old does after the
 * fact. Creating a file is most of what a rebuild of an unchanged page
 * costs (ext4 allocates an inode and, after the last build's files were
 * removed, searches past the recently freed ones); comparing against the
 * old file is a read from the page cache. */
#define _GNU_SOURCE /* renameat2 */
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
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

struct outdir {
  char *root;    /* final directory */
  char *staging; /* PARENT/.NAME.concord-next-PID (switch) or root/.concord-staging-PID */
  int switching; /* commit by exchanging the staging directory with root */
  char **rels;   /* staged files, relative */
  char **paths;  /* staged files, full path (owned strings) */
  char **owners; /* staged files, who staged them (outdir_for) or NULL */
  unsigned char *old; /* outdir_keep_old: the output's own file stays; paths[i] is it */
  outdir_file_stat *st; /* each file's size and mtime where known (outdir_staged_stat) */
  strmap *index; /* rel -> 1 + its position, so staging N files is O(N) */
  strmap *dirs;  /* directories made in staging (relative): each is made once */
  size_t n, cap;
  int created_root; /* root did not exist: remove it again on abort */
  int rootfd;       /* root, to compare against its files; -1: nothing to compare */
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

/* PARENT and NAME of the real path of DIR, or -1 (DIR is "/"). */
static int split_real(const char *dir, char **parent, char **name) {
  char *real = realpath(dir, NULL);
  if (!real) return -1;
  char *slash = strrchr(real, '/');
  if (!slash || !slash[1]) {
    free(real);
    return -1;
  }
  *name = xstrdup(slash + 1);
  if (slash == real) slash[1] = '\0';
  else *slash = '\0';
  *parent = real;
  return 0;
}

/* A build killed before switching leaves PARENT/.NAME.concord-next-PID:
 * remove those whose process is gone. */
static void remove_stale_next(const char *parent, const char *name) {
  buf pre = BUF_INIT;
  buf_printf(&pre, ".%s.concord-next-", name);
  size_t plen = pre.len;
  int fd = open(parent, O_RDONLY | O_DIRECTORY);
  DIR *dp = fd >= 0 ? fdopendir(fd) : NULL;
  if (!dp && fd >= 0) close(fd);
  if (dp) {
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
      if (strncmp(e->d_name, buf_cstr(&pre), plen) != 0) continue;
      char *end;
      long pid = strtol(e->d_name + plen, &end, 10);
      if (*end || end == e->d_name + plen || concord_running(pid)) continue;
      remove_tree_at(fd, e->d_name, 0);
    }
    closedir(dp);
  }
  buf_free(&pre);
}

/* The staging directory for switching, or NULL: DIR's parent must be
 * writable and on DIR's filesystem (a hard link or a rename cannot cross
 * filesystems). */
static char *switch_staging(const char *dir) {
#ifdef RENAME_EXCHANGE
  char *parent, *name;
  if (split_real(dir, &parent, &name) != 0) return NULL;
  struct stat ps, ds;
  char *r = NULL;
  remove_stale_next(parent, name);
  if (stat(parent, &ps) == 0 && stat(dir, &ds) == 0 && ps.st_dev == ds.st_dev &&
      access(parent, W_OK | X_OK) == 0) {
    buf b = BUF_INIT;
    buf_printf(&b, "%s%s.%s.concord-next-%ld", parent, strcmp(parent, "/") ? "/" : "", name,
               (long)getpid());
    r = buf_detach(&b);
  }
  free(parent);
  free(name);
  return r;
#else
  (void)dir;
  return NULL;
#endif
}

static outdir *open_dir(const char *dir, int whole, diag_list *d) {
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
  o->rootfd = existed ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  pthread_mutex_init(&o->lock, NULL);
  o->index = strmap_new();
  o->dirs = strmap_new();
  o->staging = whole ? switch_staging(dir) : NULL;
  o->switching = o->staging != NULL;
  if (!o->staging) {
    buf s = BUF_INIT;
    buf_printf(&s, "%s/.concord-staging-%ld", dir, (long)getpid());
    o->staging = buf_detach(&s);
  }
  if (mkdir(o->staging, 0777) != 0) {
    diag_error(d, dir, 0, 0, "cannot write in output directory: %s; check its permissions or use -o DIR",
               strerror(errno));
    free(o->staging);
    free(o->root);
    if (o->rootfd >= 0) close(o->rootfd);
    strmap_free(o->index);
    strmap_free(o->dirs);
    pthread_mutex_destroy(&o->lock);
    free(o);
    return NULL;
  }
  return o;
}

outdir *outdir_open(const char *dir, diag_list *d) { return open_dir(dir, 0, d); }

outdir *outdir_open_tree(const char *dir, diag_list *d) { return open_dir(dir, 1, d); }

const char *outdir_root(const outdir *o) { return o->parent ? o->parent->root : o->root; }

int outdir_created(const outdir *o) { return (o->parent ? o->parent : o)->created_root; }

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

static void record_stat(outdir_file_stat *f, const struct stat *st) {
  f->known = 1;
  f->size = (long long)st->st_size;
  f->sec = (long long)st->st_mtim.tv_sec;
  f->nsec = (long long)st->st_mtim.tv_nsec;
}

/* Records REL, staged at PATH (taken over), in the staged-file list and
 * its index; OLD: the file is the one already in the output, kept rather
 * than written. The caller holds o->lock. Returns PATH. */
static const char *stage(outdir *o, const char *rel, char *path, const char *owner, int old) {
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 32;
    o->rels = xrealloc(o->rels, o->cap * sizeof(char *));
    o->paths = xrealloc(o->paths, o->cap * sizeof(char *));
    o->owners = xrealloc(o->owners, o->cap * sizeof(char *));
    o->old = xrealloc(o->old, o->cap);
    o->st = xrealloc(o->st, o->cap * sizeof *o->st);
  }
  o->rels[o->n] = xstrdup(rel);
  o->paths[o->n] = path;
  o->owners[o->n] = owner ? xstrdup(owner) : NULL;
  o->old[o->n] = (unsigned char)old;
  o->st[o->n].known = 0;
  strmap_put(o->index, rel, (void *)(uintptr_t)(o->n + 1));
  return o->paths[o->n++];
}

const char *outdir_path(outdir *h, const char *rel, diag_list *d) {
  outdir *o = h->parent ? h->parent : h;
  if (!valid_rel(rel)) {
    diag_error(d, o->root, 0, 0, "internal: output path '%s' escapes the output directory", rel);
    return NULL;
  }
  pthread_mutex_lock(&o->lock);
  size_t at = (size_t)(uintptr_t)strmap_get(o->index, rel);
  if (at && !o->old[at - 1]) {
    const char *found = o->paths[at - 1];
    pthread_mutex_unlock(&o->lock);
    return found;
  }
  /* new, or written again after the output's own file was kept
   * (outdir_keep_old): staged anew, its directories made */
  /* the directories REL needs, below the staging directory (which exists),
   * each made once: a build stages hundreds of files into a dozen
   * directories, and a mkdir per level per file was a thousand failing
   * system calls */
  char *full = join(o->staging, rel);
  size_t base = strlen(o->staging) + 1;
  for (char *s = full + base; *s; s++) {
    if (*s != '/') continue;
    *s = '\0';
    int made = strmap_has(o->dirs, full + base);
    if (!made && mkdir(full, 0777) != 0 && errno != EEXIST) {
      int e = errno;
      *s = '/';
      pthread_mutex_unlock(&o->lock);
      diag_error(d, o->root, 0, 0, "cannot create directory for %s: %s", rel, strerror(e));
      free(full);
      return NULL;
    }
    if (!made) strmap_put(o->dirs, full + base, (void *)1);
    *s = '/';
  }
  if (at) {
    free(o->paths[at - 1]);
    o->paths[at - 1] = full;
    o->old[at - 1] = 0;
    o->st[at - 1].known = 0;
    pthread_mutex_unlock(&o->lock);
    return full;
  }
  const char *r = stage(o, rel, full, h->owner, 0);
  pthread_mutex_unlock(&o->lock);
  return r;
}

/* Does the output already hold exactly DATA (LEN bytes) at REL, as a
 * regular file reached without a symbolic link? (Never through one: the
 * kept file is what the commit links, and check_path refuses links.)
 * Only where the kernel can promise that (openat2); otherwise "no", and
 * the file is written. */
static int holds_already(const outdir *o, const char *rel, const void *data, size_t len,
                         struct stat *st) {
#if defined(SYS_openat2) && defined(RESOLVE_NO_SYMLINKS)
  if (o->rootfd < 0) return 0;
  struct open_how how = {.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW,
                         .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
  int fd = (int)syscall(SYS_openat2, o->rootfd, rel, &how, sizeof how);
  if (fd < 0) return 0;
  int same = fstat(fd, st) == 0 && S_ISREG(st->st_mode) && (size_t)st->st_size == len;
  char chunk[65536];
  for (size_t at = 0; same && at < len;) {
    ssize_t r = read(fd, chunk, len - at < sizeof chunk ? len - at : sizeof chunk);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0 || memcmp(chunk, (const char *)data + at, (size_t)r) != 0) same = 0;
    else at += (size_t)r;
  }
  close(fd);
  return same;
#else
  (void)o, (void)rel, (void)data, (void)len, (void)st;
  return 0;
#endif
}

/* REL keeps the output's own file (as outdir_keep_old): 1, or 0 if a
 * staged copy was written meanwhile. */
static int keep_unwritten(outdir *o, const outdir *h, const char *rel, const struct stat *st) {
  pthread_mutex_lock(&o->lock);
  size_t at = (size_t)(uintptr_t)strmap_get(o->index, rel);
  if (!at) {
    stage(o, rel, join(o->root, rel), h->owner, 1);
    record_stat(&o->st[o->n - 1], st);
  }
  int kept = !at || o->old[at - 1];
  pthread_mutex_unlock(&o->lock);
  return kept;
}

int outdir_write(outdir *h, const char *rel, const void *data, size_t len, diag_list *d) {
  outdir *o = h->parent ? h->parent : h;
  if (!valid_rel(rel)) {
    diag_error(d, o->root, 0, 0, "internal: output path '%s' escapes the output directory", rel);
    return -1;
  }
  pthread_mutex_lock(&o->lock);
  size_t at = (size_t)(uintptr_t)strmap_get(o->index, rel);
  int written = at && !o->old[at - 1]; /* staged copy there: write over it */
  pthread_mutex_unlock(&o->lock);
  struct stat st;
  if (!written && holds_already(o, rel, data, len, &st) && keep_unwritten(o, h, rel, &st)) return 0;
  const char *path = outdir_path(h, rel, d);
  if (!path) return -1;
  /* one open, one write, one close: no stdio buffer to allocate and copy
   * through (a build writes hundreds of whole buffers) */
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    diag_error(d, o->root, 0, 0, "cannot write %s: %s", rel, strerror(errno));
    return -1;
  }
  const char *p = data;
  size_t left = len;
  int err = 0;
  while (left > 0) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      err = w < 0 ? errno : EIO;
      break;
    }
    p += w;
    left -= (size_t)w;
  }
  /* the size and mtime the build's cache records, known here for one
   * fstat rather than a stat of every file after the writers */
  int have_st = !err && fstat(fd, &st) == 0;
  if (close(fd) != 0 && !err) err = errno;
  if (have_st && !err) {
    pthread_mutex_lock(&o->lock);
    size_t i = (size_t)(uintptr_t)strmap_get(o->index, rel);
    if (i && !o->old[i - 1] && o->paths[i - 1] == path) record_stat(&o->st[i - 1], &st);
    pthread_mutex_unlock(&o->lock);
  }
  if (err) {
    diag_error(d, o->root, 0, 0, "cannot write %s: %s (%s)", rel, strerror(err),
               err == EFBIG ? "a file size limit reached: see ulimit -f" : "is the disk full?");
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
  free(o->old);
  free(o->st);
  free(o->paths);
  free(o->owners);
  strmap_free(o->index);
  strmap_free(o->dirs);
  free(o->staging);
  free(o->root);
  if (o->rootfd >= 0) close(o->rootfd);
  pthread_mutex_destroy(&o->lock);
  free(o);
}

/* Whether the files at A and B hold the same bytes (both readable). */
static int same_bytes(const char *a, const char *b) {
  struct stat sa, sb;
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0 || sa.st_size != sb.st_size) return 0;
  int fa = open(a, O_RDONLY), fb = open(b, O_RDONLY), same = fa >= 0 && fb >= 0;
  char ba[65536], bb[65536];
  while (same) {
    ssize_t ra = read(fa, ba, sizeof ba);
    if (ra <= 0) {
      same = ra == 0 && read(fb, bb, 1) == 0;
      break;
    }
    ssize_t got = 0;
    while (got < ra) { /* B in pieces of A's length */
      ssize_t rb = read(fb, bb + got, (size_t)(ra - got));
      if (rb <= 0) break;
      got += rb;
    }
    same = got == ra && memcmp(ba, bb, (size_t)ra) == 0;
  }
  if (fa >= 0) close(fa);
  if (fb >= 0) close(fb);
  return same;
}

/* Removes the staging tree: files first, then directories deepest first. */
static void remove_staging(outdir *o) {
  for (size_t i = 0; i < o->n; i++)
    if (!o->old[i]) unlink(o->paths[i]);
  for (size_t i = o->n; i-- > 0;) {
    if (o->old[i]) continue; /* the output's own file, not staged */
    char *p = xstrdup(o->paths[i]);
    char *slash;
    while ((slash = strrchr(p, '/')) && strlen(p) > strlen(o->staging)) {
      *slash = '\0';
      if (strlen(p) <= strlen(o->staging)) break;
      rmdir(p); /* fails harmlessly while not empty */
    }
    free(p);
  }
  /* what is left: the folders of files kept by outdir_keep_old */
  if (rmdir(o->staging) != 0) remove_tree_at(AT_FDCWD, o->staging, 0);
}

void outdir_abort(outdir *o) {
  if (!o) return;
  if (o->switching) remove_tree_at(AT_FDCWD, o->staging, 0);
  else remove_staging(o);
  if (o->created_root) rmdir(o->root);
  free_outdir(o);
}

/* Every component of REL that exists below BASE (a directory fd) must be
 * a real directory, and REL itself not a directory: a symbolic link would
 * make the build write outside the output directory, a file in the way
 * would make a move fail half-way. 0, or -1 with an error. */
static int check_path(const outdir *o, int base, const char *rel, diag_list *d) {
  char *p = xstrdup(rel);
  int rc = 0;
  for (char *s = p;; s++) {
    if (*s && *s != '/') continue;
    char c = *s;
    *s = '\0';
    struct stat st;
    if (fstatat(base, p, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      if (S_ISLNK(st.st_mode)) {
        diag_error(d, o->root, 0, 0, "%s/%s is a symbolic link: concord never writes through one; "
                   "remove the link (nothing was written)", o->root, p);
        rc = -1;
      } else if (c && !S_ISDIR(st.st_mode)) {
        diag_error(d, o->root, 0, 0, "%s/%s is not a directory, but the build writes %s: "
                   "remove it (nothing was written)", o->root, p, rel);
        rc = -1;
      } else if (!c && S_ISDIR(st.st_mode)) {
        diag_error(d, o->root, 0, 0, "%s/%s is a directory, but the build writes a file there: "
                   "remove it (nothing was written)", o->root, p);
        rc = -1;
      }
    } else {
      c = 0; /* the rest does not exist yet */
    }
    if (rc || !c) break;
    *s = c;
  }
  free(p);
  return rc;
}

/* Fills the staging directory TO (fd) with the old output FROM (fd): what
 * the build did not write again is hard-linked (symbolic links copied as
 * links, never followed). The staged version wins over the old one; a
 * symbolic link in the old output where the build writes is an error.
 * (A running per-file build's .concord-staging-PID is carried over with
 * the rest: dead builds' were removed by outdir_open.) -1 on failure (errno set, or an error in D). */
static int link_tree(const outdir *o, int from, int to, const char *at, int depth, diag_list *d) {
  if (depth > 64) {
    errno = ELOOP;
    return -1;
  }
  int dfd = dup(from);
  DIR *dp = dfd >= 0 ? fdopendir(dfd) : NULL;
  if (!dp) {
    if (dfd >= 0) close(dfd);
    return -1;
  }
  rewinddir(dp);
  int rc = 0;
  struct dirent *e;
  while (rc == 0 && (e = readdir(dp)) != NULL) {
    const char *n = e->d_name;
    if (!strcmp(n, ".") || !strcmp(n, "..")) continue;
    struct stat st, staged;
    int have = fstatat(to, n, &staged, AT_SYMLINK_NOFOLLOW) == 0;
    if (fstatat(from, n, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      rc = -1;
    } else if (S_ISLNK(st.st_mode)) {
      if (have) {
        diag_error(d, o->root, 0, 0, "%s/%s%s is a symbolic link: concord never writes through one; "
                   "remove the link (nothing was written)", o->root, at, n);
        errno = 0;
        rc = -1;
      } else {
        char target[4096];
        ssize_t len = readlinkat(from, n, target, sizeof target - 1);
        if (len < 0) {
          rc = -1;
        } else {
          target[len] = '\0';
          rc = symlinkat(target, to, n);
        }
      }
    } else if (S_ISDIR(st.st_mode)) {
      if (have && !S_ISDIR(staged.st_mode)) continue; /* the build put a file there */
      int sub = -1, tsub = -1;
      if ((!have && mkdirat(to, n, 0700) != 0) ||
          (sub = openat(from, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0 ||
          (tsub = openat(to, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0) {
        rc = -1;
      } else {
        buf sat = BUF_INIT;
        buf_printf(&sat, "%s%s/", at, n);
        rc = link_tree(o, sub, tsub, buf_cstr(&sat), depth + 1, d);
        buf_free(&sat);
        if (rc == 0) fchmod(tsub, st.st_mode & 07777);
      }
      if (sub >= 0) close(sub);
      if (tsub >= 0) close(tsub);
    } else if (!have) {
      rc = linkat(from, n, to, n, 0);
    }
  }
  int saved = errno;
  closedir(dp);
  errno = saved;
  return rc;
}

/* Switch: the staging directory becomes the whole new output, then
 * changes places with the old one, which is removed. When the build
 * wrote nothing new (every file kept: a rebuild of unchanged inputs),
 * the new output is the old one as it stands: nothing to link, switch
 * or remove but the empty staging directory. */
static int commit_switch(outdir *o, diag_list *d) {
  size_t fresh = 0;
  for (size_t i = 0; i < o->n; i++) fresh += !o->old[i];
  if (fresh == 0 && !o->created_root) {
    remove_tree_at(AT_FDCWD, o->staging, 0);
    return 0;
  }
  struct stat rst;
  int rc = 0;
  int rootfd = open(o->root, O_RDONLY | O_DIRECTORY);
  int nextfd = open(o->staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (rootfd < 0 || nextfd < 0 || fstat(rootfd, &rst) != 0) {
    diag_error(d, o->root, 0, 0, "cannot open the output directory: %s (nothing was written)",
               strerror(errno));
    rc = -1;
  } else if (link_tree(o, rootfd, nextfd, "", 0, d) != 0) {
    if (errno)
      diag_error(d, o->root, 0, 0, "cannot prepare the new output beside %s: %s (nothing was written)",
                 o->root, strerror(errno));
    rc = -1;
  } else {
    fchmod(nextfd, rst.st_mode & 07777);
    /* the one step readers see: DIR is the old tree before, the new after */
    if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->root, RENAME_EXCHANGE) != 0) {
      diag_error(d, o->root, 0, 0, "cannot switch the new output into place: %s (nothing was written)",
                 strerror(errno));
      rc = -1;
    }
  }
  if (rootfd >= 0) close(rootfd);
  if (nextfd >= 0) close(nextfd);
  /* the staging path now holds the old output, or the unfinished new one */
  remove_tree_at(AT_FDCWD, o->staging, 0);
  return rc;
}

/* Per file: every path is checked before the first move. */
static int commit_per_file(outdir *o, diag_list *d) {
  int rc = 0;
  int rootfd = open(o->root, O_RDONLY | O_DIRECTORY);
  for (size_t i = 0; i < o->n && rootfd >= 0; i++)
    if (check_path(o, rootfd, o->rels[i], d) != 0) rc = -1;
  if (rootfd >= 0) close(rootfd);
  for (size_t i = 0; i < o->n && rc == 0; i++) {
    if (o->old[i]) continue; /* outdir_keep_old: already in place */
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
  return rc;
}

int outdir_commit(outdir *o, diag_list *d) {
  int rc = o->switching ? commit_switch(o, d) : commit_per_file(o, d);
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

int outdir_keep_old(outdir *o, size_t i) {
  pthread_mutex_lock(&o->lock);
  int kept = 0;
  if (i < o->n && !o->old[i]) {
    char *final = join(o->root, o->rels[i]);
    struct stat fs;
    /* only a regular file (never through a symbolic link: check_path) */
    if (lstat(final, &fs) == 0 && S_ISREG(fs.st_mode) && same_bytes(o->paths[i], final)) {
      unlink(o->paths[i]);
      free(o->paths[i]);
      o->paths[i] = final;
      o->old[i] = 1;
      o->st[i].known = 0;
      kept = 1;
    } else {
      free(final);
    }
  }
  pthread_mutex_unlock(&o->lock);
  return kept;
}

int outdir_staged_kept(outdir *o, size_t i) {
  pthread_mutex_lock(&o->lock);
  int kept = i < o->n && o->old[i];
  pthread_mutex_unlock(&o->lock);
  return kept;
}

int outdir_staged_stat(outdir *o, size_t i, outdir_file_stat *st) {
  pthread_mutex_lock(&o->lock);
  int known = i < o->n && o->st[i].known;
  if (known) *st = o->st[i];
  pthread_mutex_unlock(&o->lock);
  return known;
}

const char *outdir_staged_owner(outdir *o, size_t i) {
  pthread_mutex_lock(&o->lock);
  const char *owner = i < o->n ? o->owners[i] : NULL;
  pthread_mutex_unlock(&o->lock);
  return owner;
}
