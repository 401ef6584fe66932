/* fileio.c - whole-file read and atomic single-file write (see fileio.h). */
#define _POSIX_C_SOURCE 200809L
#include "base/fileio.h"
#include "base/buf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int file_write_atomic(const char *path, const char *data, size_t len, diag_list *d) {
  buf tmp = BUF_INIT;
  buf_printf(&tmp, "%s.tmp", path);
  FILE *f = fopen(buf_cstr(&tmp), "wb");
  if (!f) {
    diag_error(d, path, 0, 0, "cannot write %s (%s): check the folder exists and is writable",
               buf_cstr(&tmp), strerror(errno));
    buf_free(&tmp);
    return -1;
  }
  size_t w = fwrite(data, 1, len, f);
  int bad = w != len;
  bad |= fflush(f) != 0;
  bad |= fsync(fileno(f)) != 0 && errno != EINVAL;
  bad |= fclose(f) != 0;
  if (bad || rename(buf_cstr(&tmp), path) != 0) {
    diag_error(d, path, 0, 0, "cannot write the file (%s); nothing was changed", strerror(errno));
    remove(buf_cstr(&tmp));
    buf_free(&tmp);
    return -1;
  }
  buf_free(&tmp);
  return 0;
}

char *file_read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  buf b = BUF_INIT;
  char chunk[8192];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&b, chunk, got);
  int err = ferror(f);
  fclose(f);
  if (err) {
    buf_free(&b);
    return NULL;
  }
  if (len) *len = b.len;
  return buf_detach(&b);
}
