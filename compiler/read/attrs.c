/* attrs.c - attribute block parser (see attrs.h). */
#include "read/attrs.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <string.h>

static int is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.';
}

bool attrs_valid_id(const char *s) {
  if (!s || !*s || !is_id_char(*s) || *s == '-' || *s == '.' || *s == '_') return false;
  for (; *s; s++)
    if (!is_id_char(*s)) return false;
  return true;
}

#define INVALID_ID \
  "invalid id: use letters, digits, '-', '_' and '.', starting with a letter or digit"

static void add_unknown(arena *a, cc_attrs *at, const char *s, size_t n, size_t off) {
  char **nu = arena_alloc(a, (at->nunknown + 1) * sizeof(char *));
  size_t *no = arena_alloc(a, (at->nunknown + 1) * sizeof(size_t));
  if (at->nunknown) {
    memcpy(nu, at->unknown, at->nunknown * sizeof(char *));
    memcpy(no, at->unknown_offsets, at->nunknown * sizeof(size_t));
  }
  nu[at->nunknown] = arena_strndup(a, s, n);
  no[at->nunknown++] = off;
  at->unknown = nu;
  at->unknown_offsets = no;
}

static void set_error(cc_attrs *at, arena *a, const char *msg, size_t off) {
  if (at->error) return;
  at->error = arena_strdup(a, msg);
  at->error_offset = off;
}

/* Appends the keys of V (N bytes, "a,b") to *KEYS / *COLS / *N. */
static void parse_topics(arena *a, cc_attrs *at, char ***keys, int **cols, size_t *count,
                         const char *v, size_t vlen, size_t voff) {
  size_t i = 0;
  while (i < vlen) {
    size_t s = i;
    while (i < vlen && v[i] != ',') i++;
    size_t e = i;
    while (s < e && v[s] == ' ') s++;
    if (e > s) {
      char **nt = arena_alloc(a, (*count + 1) * sizeof(char *));
      int *nc = arena_alloc(a, (*count + 1) * sizeof(int));
      if (*count) {
        memcpy(nt, *keys, *count * sizeof(char *));
        memcpy(nc, *cols, *count * sizeof(int));
      }
      nt[*count] = arena_strndup(a, v + s, e - s);
      nc[*count] = (int)(voff + s);
      *keys = nt;
      *cols = nc;
      (*count)++;
    } else {
      set_error(at, a, "empty topic key in topic=; write topic=key1,key2", voff + s);
    }
    i++;
  }
}

/* Parses the inside of a block: S (N bytes) starts after '{'. */
static void parse_block(arena *a, const char *s, size_t n, cc_attrs *at) {
  size_t i = 0;
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i >= n) break;
    size_t start = i;
    if (s[i] == '#' || s[i] == '.') {
      char kind = s[i++];
      size_t ws = i;
      while (i < n && s[i] != ' ' && s[i] != '\t') i++;
      char *word = arena_strndup(a, s + ws, i - ws);
      if (kind == '#') {
        if (at->id) set_error(at, a, "two ids in one attribute block; keep one", start + 1);
        else if (!attrs_valid_id(word))
          set_error(at, a, INVALID_ID, start + 1);
        at->id = word;
      } else if (strcmp(word, "prose") == 0) {
        at->prose = true;
      } else if (strcmp(word, "clause") == 0) {
        at->clause = true;
      } else if (strcmp(word, "section") == 0) {
        at->section = true;
      } else {
        add_unknown(a, at, s + start, i - start, start + 1);
      }
      continue;
    }
    size_t ks = i;
    while (i < n && (is_id_char(s[i]) && s[i] != '.')) i++;
    /* "topic?=": a suggestion, not an annotation */
    int suggested = i + 1 < n && s[i] == '?' && s[i + 1] == '=' && i - ks == 5 &&
                    strncmp(s + ks, "topic", 5) == 0;
    size_t keyend = i;
    if (suggested) i++;
    if (i == ks || i >= n || s[i] != '=') {
      set_error(at, a, "expected #id, .class or key=value (write lists without spaces, "
                       "topic=a,b, and quote values that have spaces, note=\"...\")", start + 1);
      return;
    }
    char *key = arena_strndup(a, s + ks, keyend - ks);
    i++; /* '=' */
    buf v = BUF_INIT;
    size_t voff = i;
    if (i < n && s[i] == '"') {
      i++;
      voff = i;
      while (i < n && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < n) i++;
        buf_putc(&v, s[i++]);
      }
      if (i >= n) {
        set_error(at, a, "unterminated quoted value; close it with '\"'", voff);
        buf_free(&v);
        return;
      }
      i++;
    } else {
      while (i < n && s[i] != ' ' && s[i] != '\t') buf_putc(&v, s[i++]);
    }
    if (suggested) {
      if (v.len == 0) set_error(at, a, "topic?= needs at least one key: topic?=key1,key2", ks + 1);
      parse_topics(a, at, &at->suggested, &at->suggested_cols, &at->nsuggested, buf_cstr(&v),
                   v.len, voff + 1);
    } else if (strcmp(key, "topic") == 0 || strcmp(key, "topics") == 0) {
      if (v.len == 0) set_error(at, a, "topic= needs at least one key: topic=key1,key2", ks + 1);
      parse_topics(a, at, &at->topics, &at->topic_cols, &at->ntopics, buf_cstr(&v), v.len,
                   voff + 1);
    } else if (strcmp(key, "note") == 0) {
      at->note = arena_strdup(a, buf_cstr(&v));
      unsigned cp = 0;
      if (utf8_strip_xml_invalid(at->note, &cp))
        set_error(at, a, "note= holds a control character (XML, HTML and PDF cannot carry one); "
                         "remove it", voff + 1);
    } else if (strcmp(key, "id") == 0) {
      if (at->id)
        set_error(at, a, "two ids in one attribute block; keep one", ks + 1);
      else if (!attrs_valid_id(buf_cstr(&v)))
        set_error(at, a, INVALID_ID, voff + 1);
      at->id = arena_strdup(a, buf_cstr(&v));
    } else {
      add_unknown(a, at, s + ks, strlen(key) + 1, ks + 1); /* "key=" */
    }
    buf_free(&v);
  }
}

long attrs_find_trailing(arena *a, const char *text, cc_attrs *out) {
  memset(out, 0, sizeof *out);
  size_t n = strlen(text);
  while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t')) n--;
  if (n < 2 || text[n - 1] != '}') return -1;
  /* the matching '{': the last one, not inside quotes (values may hold '{') */
  long open = -1;
  int inq = 0;
  for (size_t i = 0; i < n - 1; i++) {
    if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) inq = !inq;
    if (text[i] == '{' && !inq) open = (long)i;
  }
  if (open < 0) return -1;
  if (open > 0 && text[open - 1] != ' ' && text[open - 1] != '\t') return -1;
  const char *in = text + open + 1;
  while (*in == ' ') in++;
  /* only something that starts like an attribute counts as one */
  int looks = *in == '#' || *in == '.';
  if (!looks) {
    const char *p = in;
    while (is_id_char(*p) && *p != '.') p++;
    if (*p == '?' && p[1] == '=') p++; /* topic?= */
    looks = p > in && *p == '=';
  }
  if (!looks) return -1;
  parse_block(a, text + open + 1, n - 1 - (size_t)open - 1, out);
  return open;
}
