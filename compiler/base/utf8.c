/* utf8.c - UTF-8 validation and utf8proc-based folding (see utf8.h). */
#include "base/utf8.h"
#include "base/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t utf8_validate(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    /* ASCII, most of a source's bytes, 8 at a time and without utf8proc
       (which accepts every byte below 0x80 as one character) */
    while (len - i >= 8) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080u) break;
      i += 8;
    }
    if (i < len && p[i] < 0x80) {
      i++;
      continue;
    }
    if (i >= len) break;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n < 0) return i;
    i += (size_t)n;
  }
  return len;
}

char *utf8_fold(arena *a, const char *s) {
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                        UTF8PROC_CASEFOLD);
  if (n < 0) return arena_strdup(a, s);
  char *r = arena_strdup(a, (const char *)out);
  free(out);
  return r;
}

/* Marks of English prose that the matching fold leaves as they are (no
 * compatibility decomposition, no accent, no case): U+2019, U+201C,
 * U+201D, U+2013. Their byte length at P, or 0. */
static size_t prose_mark(const unsigned char *p) {
  if (p[0] != 0xE2 || p[1] != 0x80) return 0;
  return p[2] == 0x99 || p[2] == 0x9C || p[2] == 0x9D || p[2] == 0x93 ? 3 : 0;
}

char *utf8_match_fold(const char *text, size_t *len) {
  const unsigned char *u = (const unsigned char *)text;
  size_t i = 0, k;
  while (u[i] && (k = u[i] < 0x80 ? 1 : prose_mark(u + i)) > 0) i += k;
  if (!u[i]) { /* the fold of ASCII and those marks is lower-casing */
    char *r = xmalloc(i + 1);
    for (size_t j = 0; j <= i; j++)
      r[j] = text[j] >= 'A' && text[j] <= 'Z' ? (char)(text[j] - 'A' + 'a') : text[j];
    *len = i;
    return r;
  }
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t n = utf8proc_map(u, 0, &out,
                                    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                        UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  if (n < 0) return NULL;
  *len = (size_t)n;
  return (char *)out;
}

utf8_class utf8_char_class(const char *s, size_t len, int32_t *cp, size_t *n) {
  unsigned char c = (unsigned char)s[0];
  if (c < 0x80) { /* ASCII, without a table lookup */
    *cp = c;
    *n = 1;
    if (c >= '0' && c <= '9') return UTF8_DIGIT;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? UTF8_LETTER : UTF8_OTHER;
  }
  utf8proc_int32_t x;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &x);
  if (k <= 0) {
    *cp = -1;
    *n = 1;
    return UTF8_OTHER;
  }
  *cp = x;
  *n = (size_t)k;
  utf8proc_category_t cat = utf8proc_category(x);
  if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) return UTF8_LETTER;
  if (cat == UTF8PROC_CATEGORY_ND) return UTF8_DIGIT;
  if (cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO) return UTF8_NUMERIC;
  return UTF8_OTHER;
}

char *utf8_slug(arena *a, const char *s, int max_words) {
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                        UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  const char *src = n < 0 ? s : (const char *)out;
  buf b = BUF_INIT;
  int words = 0, in_word = 0;
  for (const char *p = src; *p; p++) {
    unsigned char c = (unsigned char)*p;
    int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (c == '\'' || (c == 0xE2 && p[1] == (char)0x80 && p[2] == (char)0x99)) {
      if (c == 0xE2) p += 2; /* apostrophes join: "member's" -> "members" */
      continue;
    }
    if (alnum) {
      if (!in_word) {
        if (max_words && words == max_words) break;
        if (words) buf_putc(&b, '-');
        words++;
        in_word = 1;
      }
      buf_putc(&b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else {
      in_word = 0;
    }
  }
  free(out);
  char *r = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return r;
}

/* U+202A-U+202E, U+2066-U+2069 at P (3 bytes), or 0. */
static unsigned bidi_at(const unsigned char *p) {
  if (p[0] != 0xE2 || !p[1] || !p[2]) return 0;
  if ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) || (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))
    return ((p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)) + 0x2000u;
  return 0;
}

unsigned utf8_find_bidi(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  /* every control starts with 0xE2: memchr finds the candidates */
  for (size_t i = 0; i + 2 < len;) {
    const unsigned char *q = memchr(p + i, 0xE2, len - 2 - i);
    if (!q) return 0;
    unsigned cp = bidi_at(q);
    if (cp) return cp;
    i = (size_t)(q - p) + 1;
  }
  return 0;
}

size_t utf8_strip_xml_invalid(char *s, unsigned *first) {
  unsigned char *r = (unsigned char *)s;
  /* nearly every text has nothing to strip: find the first byte to
     remove, writing nothing, and copy only from there. STOP marks the
     bytes that may need a look: NUL, the C0 controls but tab, LF and
     CR, and 0xEF (U+FFFE, U+FFFF) */
  static const unsigned char stop[256] = {
      1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1,
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, [0xEF] = 1};
  for (;; r++) {
    while (!stop[*r]) r++;
    if (!*r) return 0;
    if (*r < 0x20) break;
    if (r[1] == 0xBF && (r[2] == 0xBE || r[2] == 0xBF)) break;
  }
  unsigned char *w = r;
  size_t removed = 0;
  while (*r) {
    unsigned cp = 0;
    size_t n = 1;
    if (*r < 0x20 && *r != '\t' && *r != '\n' && *r != '\r') {
      cp = *r;
    } else if (r[0] == 0xEF && r[1] == 0xBF && (r[2] == 0xBE || r[2] == 0xBF)) {
      cp = r[2] == 0xBE ? 0xFFFEu : 0xFFFFu;
      n = 3;
    } else {
      *w++ = *r++;
      continue;
    }
    if (!removed++ && first) *first = cp;
    r += n;
  }
  *w = '\0';
  return removed;
}
