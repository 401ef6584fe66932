/* typo.c - typographic punctuation for display (see typo.h). */
#include "model/typo.h"
#include "base/buf.h"

#include <stdbool.h>
#include <string.h>

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }
static bool is_alpha(unsigned c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* A quote after PREV opens: start, space, bracket, dash or an opening
 * quote. */
static bool opens_after(unsigned prev) {
  return prev == 0 || prev == ' ' || prev == '\t' || prev == '\n' || prev == 0xA0 ||
         prev == '(' || prev == '[' || prev == '{' || prev == '-' || prev == '/' ||
         prev == 0x2013 || prev == 0x2014 || prev == 0x201C || prev == 0x2018;
}

/* Word-like: ASCII letters and digits, and any non-ASCII code point other
 * than punctuation from the General Punctuation block. */
static bool wordish(unsigned c) {
  return is_alpha(c) || is_digit(c) || (c >= 0x80 && !(c >= 0x2000 && c <= 0x206F) && c != 0xA0);
}

static size_t decode(const unsigned char *s, size_t i, unsigned *cp) {
  unsigned c = s[i];
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  unsigned v = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (size_t k = 1; k < n; k++) {
    if ((s[i + k] & 0xC0) != 0x80) {
      *cp = c;
      return 1;
    }
    v = (v << 6) | (s[i + k] & 0x3Fu);
  }
  *cp = v;
  return n;
}

/* A hyphen at S[I] between two numbers, not in a chain or a code. PREV:
 * the code point before S (a cross-reference may end just before the
 * hyphen: "paragraphs [1]-3"). */
static bool range_dash(const char *s, size_t len, size_t i, unsigned prev) {
  if (i + 1 >= len || !is_digit((unsigned char)s[i + 1])) return false;
  if (i == 0) {
    if (!is_digit(prev)) return false;
    size_t e = 1;
    while (e < len && (is_digit((unsigned char)s[e]) || s[e] == '.')) e++;
    return !(e < len && (is_alpha((unsigned char)s[e]) || s[e] == '-'));
  }
  if (!is_digit((unsigned char)s[i - 1])) return false;
  size_t b = i;
  while (b > 0 && (is_digit((unsigned char)s[b - 1]) || s[b - 1] == '.')) b--;
  size_t e = i + 1;
  while (e < len && (is_digit((unsigned char)s[e]) || s[e] == '.')) e++;
  if (b > 0 && (is_alpha((unsigned char)s[b - 1]) || s[b - 1] == '-' || (unsigned char)s[b - 1] >= 0x80))
    return false;
  if (e < len && (is_alpha((unsigned char)s[e]) || s[e] == '-')) return false;
  return true;
}

/* OUT ends with "paragraph(s)" or "para(s)" as a whole word. */
static bool after_para(const buf *out) {
  static const char *const words[] = {"paragraphs", "paragraph", "paras", "para"};
  for (size_t w = 0; w < 4; w++) {
    size_t n = strlen(words[w]);
    if (out->len < n) continue;
    const char *t = out->data + out->len - n;
    bool same = true;
    for (size_t k = 0; k < n && same; k++) {
      char c = t[k];
      if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
      same = c == words[w][k];
    }
    if (same && (out->len == n || !is_alpha((unsigned char)t[-1]))) return true;
  }
  return false;
}

const char *typo_text(arena *a, const char *s, unsigned *prev) {
  if (!s) return s;
  size_t len = strlen(s);
  const unsigned char *u = (const unsigned char *)s;
  buf out = BUF_INIT;
  bool changed = false;
  unsigned p = *prev;
  for (size_t i = 0; i < len;) {
    unsigned cp;
    size_t n = decode(u, i, &cp);
    if (cp == '"') {
      buf_puts(&out, opens_after(p) ? "\xE2\x80\x9C" : "\xE2\x80\x9D");
      cp = opens_after(p) ? 0x201C : 0x201D;
      changed = true;
    } else if (cp == '\'') {
      bool open = !wordish(p) && opens_after(p);
      buf_puts(&out, open ? "\xE2\x80\x98" : "\xE2\x80\x99");
      cp = open ? 0x2018 : 0x2019;
      changed = true;
    } else if (cp == '-' && range_dash(s, len, i, p)) {
      buf_puts(&out, "\xE2\x80\x93");
      cp = 0x2013;
      changed = true;
    } else if (cp == ' ' && i + 1 < len && is_digit(u[i + 1]) && after_para(&out)) {
      buf_puts(&out, "\xC2\xA0");
      cp = 0xA0;
      changed = true;
    } else {
      buf_put(&out, s + i, n);
    }
    p = cp;
    i += n;
  }
  *prev = p;
  if (!changed) {
    buf_free(&out);
    return s;
  }
  const char *r = arena_strndup(a, out.data, out.len);
  buf_free(&out);
  return r;
}
