/* source.c - reading and checking source files (see source.h). */
#include "read/source.h"
#include "base/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void source_line_col(const char *text, size_t off, int *line, int *col) {
  int l = 1;
  size_t start = 0;
  for (size_t i = 0; i < off; i++)
    if (text[i] == '\n') {
      l++;
      start = i + 1;
    }
  *line = l;
  *col = (int)(off - start) + 1;
}

/* CRLF -> LF, lone CR -> LF, in place. */
static size_t normalise_line_ends(char *s, size_t len) {
  /* most files have no CR at all: nothing to move */
  char *cr = memchr(s, '\r', len);
  if (!cr) {
    s[len] = '\0';
    return len;
  }
  size_t w = (size_t)(cr - s);
  for (size_t r = w; r < len; r++) {
    if (s[r] == '\r') {
      s[w++] = '\n';
      if (r + 1 < len && s[r + 1] == '\n') r++;
    } else {
      s[w++] = s[r];
    }
  }
  s[w] = '\0';
  return w;
}

/* Is the line starting at p exactly `marker` (optionally trailing blanks)? */
static int is_fence_line(const char *p, const char *marker) {
  size_t n = strlen(marker);
  if (strncmp(p, marker, n) != 0) return 0;
  p += n;
  while (*p == ' ' || *p == '\t') p++;
  return *p == '\n' || *p == '\0';
}

static int split_front_matter(cc_source *src, diag_list *d) {
  char *t = src->text;
  if (!is_fence_line(t, "---")) {
    diag_error(d, src->path, 1, 1,
               "missing front matter: a source starts with a line '---', then YAML with "
               "council, slug and title, then a line '---'");
    return -1;
  }
  char *p = strchr(t, '\n');
  int line = 2;
  char *yaml = p ? p + 1 : t + src->len;
  for (char *q = yaml; q && *q; line++) {
    if (is_fence_line(q, "---") || is_fence_line(q, "...")) {
      src->front = yaml;
      src->front_len = (size_t)(q - yaml);
      src->front_line = 2;
      char *nl = strchr(q, '\n');
      src->body = nl ? nl + 1 : q + strlen(q);
      src->body_len = (size_t)(t + src->len - src->body);
      src->body_line = line + 1;
      return 0;
    }
    char *nl = strchr(q, '\n');
    q = nl ? nl + 1 : NULL;
  }
  diag_error(d, src->path, 1, 1,
             "front matter is not closed: add a line '---' after the YAML fields");
  return -1;
}

/* Unicode bidirectional controls (U+202A-U+202E, U+2066-U+2069) make text
 * display in another order than it is stored ("Trojan Source"): a clause
 * could read differently on screen from what it says. They are kept (a
 * council may quote Arabic or Hebrew) but each is a warning, so --werror
 * refuses them. The first 20 are reported. */
static void warn_bidi_controls(const cc_source *src, diag_list *d) {
  /* a source with none (nearly all) is not walked byte by byte for lines
     and columns */
  if (!utf8_find_bidi(src->text, src->len)) return;
  int line = 1, col = 1, n = 0;
  for (const unsigned char *p = (const unsigned char *)src->text; *p; p++, col++) {
    if (*p == '\n') {
      line++;
      col = 0;
      continue;
    }
    if (p[0] != 0xE2 || !p[1] || !p[2]) continue;
    unsigned cp = ((p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)) + 0x2000u;
    if (!((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
          (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
      continue;
    if (n++ < 20)
      diag_warning(d, src->path, line, col,
                   "Unicode bidirectional control U+%04X: it can make the text display in "
                   "another order than it is written; remove it unless the text needs it", cp);
  }
}

static int load_buffer(arena *a, const char *path, const char *data, size_t len,
                       cc_source *src, diag_list *d, int front_matter) {
  memset(src, 0, sizeof *src);
  src->path = arena_strdup(a, path);
  if (len == 0) {
    diag_error(d, path, 1, 1, "empty file: a source needs front matter (council, slug, title) "
               "and the protocol's text");
    return -1;
  }
  if (len > SOURCE_MAX_BYTES) {
    diag_error(d, path, 1, 1, "file is %zu bytes, more than the %zu-byte limit for one source; "
               "split it", len, SOURCE_MAX_BYTES);
    return -1;
  }
  const char *nul = memchr(data, '\0', len);
  if (nul) {
    int line, col;
    char *tmp = arena_strndup(a, data, (size_t)(nul - data));
    source_line_col(tmp, (size_t)(nul - data), &line, &col);
    diag_error(d, path, line, col, "NUL byte in the file (is it a binary file?); "
               "a source must be UTF-8 text");
    return -1;
  }
  size_t bad = utf8_validate(data, len);
  if (bad != len) {
    int line, col;
    char *tmp = arena_strndup(a, data, len);
    source_line_col(tmp, bad, &line, &col);
    diag_error(d, path, line, col, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8 "
               "(from Latin-1: iconv -f latin1 -t utf-8)", (unsigned char)data[bad]);
    return -1;
  }
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* BOM: harmless, drop */
    data += 3;
    len -= 3;
  }
  src->text = arena_strndup(a, data, len);
  src->len = normalise_line_ends(src->text, len);
  /* one line as long as a book is not a protocol; it would also make one
     paragraph run over thousands of PDF lines and pages */
  int lineno = 1;
  for (const char *p = src->text, *end = src->text + src->len; p < end; lineno++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    if (n > SOURCE_MAX_LINE) {
      diag_error(d, path, lineno, 1, "line is %zu bytes long, more than the %zu-byte limit for "
                 "one line; break it into lines (a single line break inside a paragraph does "
                 "not change the text)", n, SOURCE_MAX_LINE);
      return -1;
    }
    if (!nl) break;
    p = nl + 1;
  }
  warn_bidi_controls(src, d);
  if (!front_matter) {
    src->body = src->text;
    src->body_len = src->len;
    src->body_line = 1;
    return 0;
  }
  return split_front_matter(src, d);
}

int source_load_buffer(arena *a, const char *path, const char *data, size_t len,
                       cc_source *src, diag_list *d) {
  return load_buffer(a, path, data, len, src, d, 1);
}

int source_load_text_buffer(arena *a, const char *path, const char *data, size_t len,
                            cc_source *src, diag_list *d) {
  return load_buffer(a, path, data, len, src, d, 0);
}

static int load_file(arena *a, const char *path, cc_source *src, diag_list *d, int front_matter) {
  struct stat st;
  if (stat(path, &st) != 0) {
    diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  if (S_ISDIR(st.st_mode)) {
    diag_error(d, path, 0, 0, "is a directory; give the .md files in it (e.g. %s/*.md)", path);
    return -1;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  char *data = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? cap * 2 : 65536;
      if (cap > SOURCE_MAX_BYTES * 2) break;
      data = xrealloc(data, cap);
    }
    size_t n = fread(data + len, 1, cap - len, f);
    len += n;
    if (n == 0) break;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(data);
    diag_error(d, path, 0, 0, "cannot read: I/O error");
    return -1;
  }
  int rc = load_buffer(a, path, data ? data : "", len, src, d, front_matter);
  free(data);
  return rc;
}

int source_load(arena *a, const char *path, cc_source *src, diag_list *d) {
  return load_file(a, path, src, d, 1);
}

int source_load_text(arena *a, const char *path, cc_source *src, diag_list *d) {
  return load_file(a, path, src, d, 0);
}
