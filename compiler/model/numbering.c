/* numbering.c - printed numbers and item labels (see numbering.h). */
#include "model/numbering.h"
#include "base/buf.h"

#include <string.h>

int numbering_parse(const char *s, cc_number *out) {
  memset(out, 0, sizeof *out);
  const char *p = s;
  for (;;) {
    if (*p < '0' || *p > '9') return 0;
    long v = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
      v = v * 10 + (*p - '0');
      p++;
      if (++digits > 4) return 0; /* not a clause number: a year, a sum */
    }
    if (out->nparts == NUM_MAX_PARTS) return 0;
    out->parts[out->nparts++] = (int)v;
    if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
      p++;
      continue;
    }
    break;
  }
  /* "2.13A", "4.1a": a clause inserted after 2.13 / 4.1 */
  if (out->nparts >= 2 && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) &&
      (p[1] == ' ' || p[1] == '\t' || p[1] == '\0' ||
       (p[1] == '.' && (p[2] == ' ' || p[2] == '\t' || p[2] == '\0')))) {
    out->suffix = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    p++;
  }
  if (*p == '.') p++;
  if (*p != ' ' && *p != '\t' && *p != '\0') return 0;
  out->len = (size_t)(p - s);
  while (*p == ' ' || *p == '\t') p++;
  out->skip = (size_t)(p - s);
  return 1;
}

char *numbering_format(arena *a, const int *parts, int nparts) {
  buf b = BUF_INIT;
  for (int i = 0; i < nparts; i++) buf_printf(&b, i ? ".%d" : "%d", parts[i]);
  char *r = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return r;
}

/* All lower-case or all upper-case roman digits ("iv", "IV"). */
static int is_roman(const char *s, size_t n) {
  const char *digits = n && s[0] >= 'A' && s[0] <= 'Z' ? "IVXLC" : "ivxlc";
  for (size_t i = 0; i < n; i++)
    if (!s[i] || !strchr(digits, s[i])) return 0;
  return n > 0;
}

char *numbering_format_suffix(arena *a, const int *parts, int nparts, char suffix) {
  char *r = numbering_format(a, parts, nparts);
  if (!suffix) return r;
  return arena_printf(a, "%s%c", r, suffix);
}

size_t numbering_item_label(arena *a, const char *s, char **canon, size_t *skip) {
  const char *p = s;
  if (*p == '(') p++;
  const char *in = p;
  while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) p++;
  size_t n = (size_t)(p - in);
  if (n == 0 || n > 5 || *p != ')') return 0;
  /* one letter, a roman numeral, or up to three digits */
  int digits = 1;
  for (size_t i = 0; i < n; i++) digits &= in[i] >= '0' && in[i] <= '9';
  if (!(n == 1 || (digits && n <= 3) || is_roman(in, n))) return 0;
  p++; /* ')' */
  if (*p != ' ' && *p != '\t' && *p != '\0') return 0;
  size_t len = (size_t)(p - s);
  char *c = arena_strndup(a, in, n);
  for (char *q = c; *q; q++)
    if (*q >= 'A' && *q <= 'Z') *q = (char)(*q + 32);
  *canon = c;
  while (*p == ' ' || *p == '\t') p++;
  *skip = (size_t)(p - s);
  return len;
}
