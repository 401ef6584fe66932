/* utf8.c - UTF-8 validation and utf8proc-based folding (see utf8.h). */
#include "utf8.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t utf8_validate(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
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
