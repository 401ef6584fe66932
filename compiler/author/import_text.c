/* import_text.c - plain text to annotated Markdown (see import_text.h). */
#include "author/import_text.h"
#include "base/arena.h"
#include "author/md_write.h"
#include "base/strmap.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- decoding ----------------------------------------------------------- */

/* Windows-1252 0x80-0x9F; the rest of Latin-1 maps to the same code point */
static const unsigned short cp1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static void put_cp(buf *b, unsigned cp) {
  if (cp < 0x80) buf_putc(b, (char)cp);
  else if (cp < 0x800) {
    buf_putc(b, (char)(0xC0 | (cp >> 6)));
    buf_putc(b, (char)(0x80 | (cp & 0x3F)));
  } else {
    buf_putc(b, (char)(0xE0 | (cp >> 12)));
    buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
    buf_putc(b, (char)(0x80 | (cp & 0x3F)));
  }
}

static char *decode(const char *path, const char *data, size_t len, diag_list *d) {
  if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
    data += 3;
    len -= 3;
  }
  if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE) &&
      (unsigned char)data[1] == ((unsigned char)data[0] ^ 0x01)) {
    diag_error(d, path, 1, 1, "the file is UTF-16 text: save it as plain text in UTF-8 "
               "(in Word: Save As, Plain Text, Unicode (UTF-8)) and import that");
    return NULL;
  }
  if (len > IMPORT_MAX_BYTES) {
    diag_error(d, path, 1, 1, "the file is %zu bytes, over the importer's limit of %d MiB: a "
               "protocol is rarely over 1 MB; check this is the right file, or split it",
               len, IMPORT_MAX_BYTES >> 20);
    return NULL;
  }
  size_t controls = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)data[i];
    controls += (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7F;
  }
  if (memchr(data, 0, len) || (len && controls * 100 > len)) {
    diag_error(d, path, 1, 1, "the file contains %s: it is not plain text (a PDF or Word "
               "file?); save the document as plain text, UTF-8, and import that",
               memchr(data, 0, len) ? "NUL bytes" : "control characters");
    return NULL;
  }
  buf b = BUF_INIT;
  size_t bad = utf8_validate(data, len);
  if (bad < len) {
    int line = 1;
    for (size_t i = 0; i < bad; i++) line += data[i] == '\n';
    diag_warning(d, path, line, 1, "the file is not UTF-8 (first bad byte on this line): read "
                 "it as Windows-1252/Latin-1; check accented letters and quotes");
    for (size_t i = 0; i < len; i++) {
      unsigned char c = (unsigned char)data[i];
      if (c < 0x80) buf_putc(&b, (char)c);
      else if (c < 0xA0) put_cp(&b, cp1252[c - 0x80]);
      else put_cp(&b, c);
    }
  } else {
    buf_put(&b, data, len);
  }
  /* line ends: CRLF, CR, form feed (a page break) -> LF */
  buf o = BUF_INIT;
  const char *s = buf_cstr(&b);
  for (size_t i = 0; i < b.len; i++) {
    if (s[i] == '\r') {
      buf_putc(&o, '\n');
      if (s[i + 1] == '\n') i++;
    } else if (s[i] == '\f') {
      buf_putc(&o, '\n');
    } else {
      buf_putc(&o, s[i]);
    }
  }
  buf_free(&b);
  return buf_detach(&o);
}

/* ---- decisions ------------------------------------------------------------ */

void import_decision(imp_doc *doc, diag_list *d, const char *path, int line, bool low,
                     const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *m = xmalloc(n > 0 ? (size_t)n + 1 : 1);
  m[0] = 0;
  va_start(ap, fmt);
  if (n > 0) vsnprintf(m, (size_t)n + 1, fmt, ap);
  va_end(ap);
  if (doc->ndec == doc->capdec) {
    doc->capdec = doc->capdec ? doc->capdec * 2 : 32;
    doc->dec = xrealloc(doc->dec, doc->capdec * sizeof *doc->dec);
  }
  doc->dec[doc->ndec] = (imp_decision){line, low, m, doc->ndec};
  doc->ndec++;
  diag_add(d, low ? DIAG_WARNING : DIAG_NOTE, path, line, 1, "%s%s",
           low ? "check this: " : "structure: ", m);
}

/* ---- small matchers ------------------------------------------------------ */

static size_t digits(const char *s) {
  size_t n = 0;
  while (isdigit((unsigned char)s[n])) n++;
  return n;
}

/* "1.1", "1.1.", "2.10.3" followed by a space (or end): length of the
 * number incl. a trailing dot, else 0. */
static size_t clause_number(const char *s) {
  size_t i = digits(s);
  if (i == 0 || i > 3) return 0;
  int comps = 1;
  while (s[i] == '.' && isdigit((unsigned char)s[i + 1])) {
    size_t k = digits(s + i + 1);
    if (k > 3) return 0;
    i += 1 + k;
    comps++;
  }
  if (comps < 2) return 0;
  /* "2.13A", "4.1a": an inserted clause */
  if (isalpha((unsigned char)s[i]) &&
      (!s[i + 1] || s[i + 1] == ' ' || s[i + 1] == '\t' ||
       (s[i + 1] == '.' && (!s[i + 2] || s[i + 2] == ' ' || s[i + 2] == '\t'))))
    i++;
  if (s[i] == '.') i++;
  if (s[i] && s[i] != ' ' && s[i] != '\t') return 0;
  return i;
}

/* The numeric parts of clause number S ("2.13A" -> 2, 13; suffix 'a'). */
static int number_parts(const char *s, long *parts, int max, char *suffix) {
  int n = 0;
  *suffix = 0;
  while (n < max && isdigit((unsigned char)*s)) {
    char *e;
    parts[n++] = strtol(s, &e, 10);
    s = e;
    if (isalpha((unsigned char)*s)) {
      *suffix = (char)tolower((unsigned char)*s);
      s++;
    }
    if (*s == '.' && isdigit((unsigned char)s[1])) s++;
    else break;
  }
  return n;
}

/* Does clause number B come straight after A ("1.2" -> "1.3", "2.13" ->
 * "2.13A", "2.13A" -> "2.14", "1.6" -> "2.1")? */
static bool follows(const char *a, const char *b) {
  long pa[8], pb[8];
  char sa, sb;
  int na = number_parts(a, pa, 8, &sa), nb = number_parts(b, pb, 8, &sb);
  if (na < 2 || nb < 2) return false;
  if (na == nb) {
    for (int i = 0; i < na - 1; i++)
      if (pa[i] != pb[i]) {
        /* next section: its first clause */
        return i == 0 && pb[0] == pa[0] + 1 && pb[nb - 1] == 1 && !sb;
      }
    if (pb[nb - 1] == pa[na - 1]) return sb && (!sa ? sb == 'a' : sb == sa + 1);
    return pb[nb - 1] == pa[na - 1] + 1 && !sb;
  }
  if (nb == na + 1) { /* 1.2 -> 1.2.1 */
    for (int i = 0; i < na; i++)
      if (pa[i] != pb[i]) return false;
    return pb[nb - 1] == 1;
  }
  if (nb < na) { /* 1.2.3 -> 1.3 */
    for (int i = 0; i < nb - 1; i++)
      if (pa[i] != pb[i]) return false;
    return pb[nb - 1] == pa[nb - 1] + 1;
  }
  return false;
}

/* "1", "1." followed by a space: length, else 0. Up to five digits (a
 * protocol may have 100 sections or more; issue 24), but a bare four-digit
 * number from 1800 to 2199 is a year ("2019 Review"), not a section. */
static size_t section_number(const char *s) {
  size_t i = digits(s);
  if (i == 0 || i > 5) return 0;
  if (i == 4 && s[i] != '.') {
    long y = strtol(s, NULL, 10);
    if (y >= 1800 && y <= 2199) return 0;
  }
  if (s[i] == '.') i++;
  if (s[i] != ' ' && s[i] != '\t') return 0;
  return i;
}

static bool is_roman(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strchr("ivxlc", s[i])) return false;
  return n > 0;
}

/* "(a)", "(iv)", "(1)", "a)", "iv)", "a." followed by a space: length. */
static size_t item_label(const char *s) {
  size_t i = 0;
  if (s[0] == '(') {
    i = 1;
    size_t k = 0;
    while (isalpha((unsigned char)s[i + k]) || isdigit((unsigned char)s[i + k])) k++;
    if (k == 0 || k > 6) return 0;
    bool upper = isupper((unsigned char)s[i]);
    char low[8];
    for (size_t q = 0; q < k; q++) low[q] = (char)tolower((unsigned char)s[i + q]);
    bool same_case = true;
    for (size_t q = 1; q < k; q++)
      same_case &= !isalpha((unsigned char)s[i + q]) || (bool)isupper((unsigned char)s[i + q]) == upper;
    bool ok = same_case && ((k == 1 && !isdigit((unsigned char)s[i])) ||
                            (k == 2 && islower((unsigned char)s[i]) && s[i] == s[i + 1]) ||
                            is_roman(low, k) || (digits(s + i) == k && k <= 2));
    if (!ok || s[i + k] != ')') return 0;
    i += k + 1;
  } else {
    size_t k = 0;
    while (islower((unsigned char)s[k])) k++;
    if (k == 0) {
      /* "A)", "IV)": upper-case letters or roman numerals with a bracket */
      while (isupper((unsigned char)s[k])) k++;
      char low[8];
      if (k == 0 || k > 6) return 0;
      for (size_t q = 0; q < k; q++) low[q] = (char)tolower((unsigned char)s[q]);
      if (!(k == 1 || is_roman(low, k)) || s[k] != ')') return 0;
      i = k + 1;
    } else {
      if (!(k == 1 || is_roman(s, k))) return 0;
      if (s[k] == ')') i = k + 1;
      else if (s[k] == '.' && (k == 1 || is_roman(s, k))) i = k + 1;
      else return 0;
    }
  }
  return (s[i] == ' ' || s[i] == '\t') ? i : 0;
}

/* A bullet marker and the space after it: length in bytes, else 0. */
static size_t bullet(const char *s) {
  static const char *marks[] = {"-", "*", "+", "\xE2\x80\xA2" /* • */, "\xE2\x80\x93" /* – */,
                                "\xE2\x80\x94" /* — */, "\xC2\xB7" /* · */,
                                "\xE2\x96\xAA" /* ▪ */, "\xE2\x97\xA6" /* ◦ */,
                                "\xEF\x82\xB7" /* Symbol-font bullet */,
                                "\xE2\x97\x8F" /* ● */, "\xE2\x97\x8B" /* ○ */,
                                "\xE2\x96\xA0" /* ■ */, "\xE2\x96\xA1" /* □ */,
                                "\xE2\x97\x86" /* ◆ */, "\xE2\x99\xA6" /* ♦ */,
                                "\xE2\x96\xBA" /* ► */, "\xE2\x9E\xA2" /* ➢ */,
                                "\xE2\x9E\xA4" /* ➤ */, "\xE2\x9C\x93" /* ✓ */,
                                "\xE2\x9C\x94" /* ✔ */, "\xE2\x80\xA3" /* ‣ */,
                                "\xE2\x81\x83" /* ⁃ */, "\xEF\x82\xA7" /* Wingdings ▪ */,
                                "\xEF\x83\x98" /* Wingdings arrow */,
                                "\xEF\x82\xA8" /* Wingdings box */,
                                "\xC3\x98" /* Ø: a Wingdings arrow copied out of a PDF */,
                                "\xC2\xA7" /* §: a Wingdings square copied out of a PDF */,
                                "o", NULL};
  for (int i = 0; marks[i]; i++) {
    size_t n = strlen(marks[i]);
    if (!strncmp(s, marks[i], n) && (s[n] == ' ' || s[n] == '\t')) {
      if ((!strcmp(marks[i], "o") || !strcmp(marks[i], "\xC3\x98")) &&
          !(isupper((unsigned char)s[n + 1]) || s[n + 1] == '(' || islower((unsigned char)s[n + 1])))
        continue;
      if (!strcmp(marks[i], "o") && islower((unsigned char)s[n + 1])) continue;
      if (!strcmp(marks[i], "\xC2\xA7") && isdigit((unsigned char)s[n + 1])) continue;
      if (!strcmp(marks[i], "*") && s[n + 1] == '*') continue;
      size_t k = n;
      while (s[k] == ' ' || s[k] == '\t') k++;
      return k;
    }
  }
  return 0;
}

static size_t count_words(const char *s) {
  size_t n = 0;
  bool in = false;
  for (; *s; s++) {
    bool w = !isspace((unsigned char)*s);
    if (w && !in) n++;
    in = w;
  }
  return n;
}

/* Text with "**" and "*" removed, for judging shapes. */
static char *bare(const char *s) {
  buf b = BUF_INIT;
  for (; *s; s++)
    if (*s != '*') buf_putc(&b, *s);
  char *r = buf_detach(&b);
  size_t n = strlen(r);
  while (n && isspace((unsigned char)r[n - 1])) r[--n] = 0;
  return r;
}

static bool ends_sentence(const char *s) {
  size_t n = strlen(s);
  /* closing quotes and brackets after the full stop: '... government."' */
  for (;;) {
    if (n && strchr("\"')*_", s[n - 1])) n--;
    else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
             ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99))
      n -= 3;
    else break;
  }
  if (!n) return false;
  char c = s[n - 1];
  return strchr(".;:,!?", c) || (n >= 2 && c == '-' && s[n - 2] == ':');
}

/* Short, no closing punctuation, starts with a capital or digit. */
static bool title_like(const char *s, size_t max_words) {
  char *b = bare(s);
  bool ok = *b && count_words(b) <= max_words && !ends_sentence(b) &&
            (isupper((unsigned char)b[0]) || isdigit((unsigned char)b[0]) ||
             (unsigned char)b[0] >= 0x80);
  free(b);
  return ok;
}

static bool upper_line(const char *s) {
  size_t up = 0, low = 0;
  for (; *s; s++) {
    if (isupper((unsigned char)*s)) up++;
    else if (islower((unsigned char)*s)) low++;
  }
  return up >= 3 && low * 10 <= up;
}

static bool prefix_ci(const char *s, const char *p) {
  for (; *p; s++, p++)
    if (tolower((unsigned char)*s) != *p) return false;
  return true;
}

/* "October 2006", "10 October 2006", "10th October 2006" */
static bool date_line(const char *s) {
  static const char *months[] = {"january", "february", "march", "april", "may", "june",
                                 "july", "august", "september", "october", "november",
                                 "december", NULL};
  char *b = bare(s);
  bool ok = false;
  const char *p = b;
  if (isdigit((unsigned char)*p)) {
    p += digits(p);
    while (isalpha((unsigned char)*p)) p++;
    while (*p == ' ') p++;
  }
  for (int i = 0; months[i] && !ok; i++) {
    size_t n = strlen(months[i]);
    if (prefix_ci(p, months[i]) && p[n] == ' ') {
      const char *y = p + n + 1;
      ok = digits(y) == 4 && y[4] == 0;
    }
  }
  free(b);
  return ok;
}

/* ---- page furniture ------------------------------------------------------ */

static bool page_line(const char *t) {
  const char *p = t;
  if (prefix_ci(p, "page ")) p += 5;
  else if (*p == '-' && p[1] == ' ') p += 2;
  size_t k = digits(p);
  if (k == 0 || k > 4) {
    /* "S/BSO/.../Member Officer Relation Part 7 Page 28": a file path footer */
    const char *pg = NULL;
    for (const char *q = t; (q = strstr(q, "Page ")); q++) pg = q;
    if (pg && strchr(t, '/') && digits(pg + 5) && !pg[5 + digits(pg + 5)] &&
        strchr(t, '/') < pg && count_words(t) <= 14) {
      size_t slashes = 0;
      for (const char *q = t; *q; q++) slashes += *q == '/';
      return slashes >= 2;
    }
    return false;
  }
  p += k;
  if (prefix_ci(p, " of ")) {
    p += 4;
    k = digits(p);
    if (!k) return false;
    p += k;
  }
  if (*p == ' ' && p[1] == '-') p += 2;
  return *p == 0;
}

/* "1 Introduction<TAB>1", "Confidentiality ........ 6", "Roles ... 3" */
static bool contents_entry(const char *t) {
  size_t n = strlen(t);
  size_t k = 0;
  while (k < n && isdigit((unsigned char)t[n - 1 - k])) k++;
  if (k == 0 || k > 3 || k == n) return false;
  char before = t[n - 1 - k];
  if (before == '\t' || before == '.' || (before == ' ' && n - k >= 2 && t[n - k - 2] == ' '))
    return true;
  /* dot leaders, then a space */
  return before == ' ' && n - k >= 4 && t[n - k - 2] == '.' && t[n - k - 3] == '.' &&
         t[n - k - 4] == '.';
}

/* ---- lines --------------------------------------------------------------- */

typedef enum { L_BLANK, L_TEXT, L_CLAUSE, L_SECTION, L_HEADING, L_ITEM, L_PROSE, L_NUMPARA,
               L_QUOTE } lkind;

typedef struct line {
  char *s; /* trimmed */
  int no;
  int indent; /* leading spaces (a tab counts 4) */
  bool drop;
  bool split; /* starts mid-way through an input line (a number found there) */
  bool quote_end; /* L_QUOTE: the quotation closes on this line */
  bool def;       /* a definition ('"Member" means ...') */
  lkind kind;
  char *number, *label, *text;
  bool guessed;     /* heading guessed from its shape only */
  bool clause_head; /* numbered clause printed as a heading */
} line;

typedef struct lines {
  line *v; size_t n, cap;
} lines;

static void push_line(lines *L, const char *s, size_t len, int no) {
  if (L->n == L->cap) {
    L->cap = L->cap ? L->cap * 2 : 256;
    L->v = xrealloc(L->v, L->cap * sizeof *L->v);
  }
  int indent = 0;
  while (len && isspace((unsigned char)*s)) {
    indent += *s == '\t' ? 4 : 1;
    s++;
    len--;
  }
  /* a spacer line of no-break spaces (web pages) is blank */
  while (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) { s += 2; len -= 2; }
  while (len && isspace((unsigned char)s[len - 1])) len--;
  while (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0) {
    len -= 2;
    while (len && isspace((unsigned char)s[len - 1])) len--;
  }
  line *l = &L->v[L->n++];
  memset(l, 0, sizeof *l);
  l->indent = indent;
  l->s = xmalloc(len + 1);
  memcpy(l->s, s, len);
  l->s[len] = 0;
  l->no = no;
}

static bool upper_word_before(const char *s, size_t i) {
  /* the word ending just before s[i-1] == ' ' is all capitals (a heading) */
  size_t e = i - 1, b = e;
  while (b > 0 && s[b - 1] != ' ') b--;
  if (e - b < 2) return false;
  for (size_t k = b; k < e; k++)
    if (islower((unsigned char)s[k])) return false;
  return isupper((unsigned char)s[b]);
}

/* A single number "2." or "2" at S, then a short title ("Personal
 * Relationships") and the clause number that opens that section ("2.1"):
 * a section heading run into the text. Length of the number, else 0. */
static size_t run_in_section(const char *s) {
  size_t k = digits(s);
  if (k == 0 || k > 2) return 0;
  size_t n = k;
  if (s[n] == '.') n++;
  if (s[n] != ' ' || !(isupper((unsigned char)s[n + 1]) || (unsigned char)s[n + 1] >= 0x80))
    return 0;
  const char *p = s + n + 1;
  for (int words = 0; *p && words <= 12; words++) {
    size_t c = clause_number(p);
    if (c && words >= 1) {
      long a = strtol(s, NULL, 10), b = strtol(p, NULL, 10);
      return a == b ? n : 0;
    }
    while (*p && *p != ' ') {
      if (*p == '.' && p[1] == ' ') return 0; /* a sentence, not a title */
      p++;
    }
    while (*p == ' ') p++;
  }
  return 0;
}

/* Text whose line breaks were lost: break before clause numbers, lettered
 * items after ':' or ';', and bullets. */
static void split_long(lines *L, const char *s, size_t len, int no) {
  size_t start = 0;
  char last[32] = "";
  for (size_t i = 1; i < len; i++) {
    if (s[i - 1] != ' ') {
      if (!strncmp(s + i, "\xE2\x80\xA2 ", 4)) {
        push_line(L, s + start, i - start, no);
        start = i;
      }
      continue;
    }
    size_t j = i - 1;
    while (j > 0 && s[j] == ' ') j--;
    char prev = s[j];
    bool brk = false;
    size_t k = clause_number(s + i);
    if (k && s[i + k] == ' ') {
      char nx = s[i + k + 1];
      char num[32];
      snprintf(num, sizeof num, "%.*s", (int)(k < 31 ? k : 31), s + i);
      bool seq = *last ? follows(last, num) : (strtol(num, NULL, 10) <= 1);
      brk = (strchr(".:;", prev) || upper_word_before(s, j + 2) || seq) &&
            (isupper((unsigned char)nx) || nx == '(' || (unsigned char)nx >= 0x80);
      if (brk) memcpy(last, num, sizeof num);
    } else if ((k = run_in_section(s + i))) {
      brk = true;
    } else if ((k = section_number(s + i)) && strchr(".:;", prev) && upper_line(s + i + k)) {
      brk = isupper((unsigned char)s[i + k + 1]) && isupper((unsigned char)s[i + k + 2]);
    } else if (item_label(s + i) && strchr(":;", prev)) {
      brk = true;
    }
    if (brk) {
      push_line(L, s + start, i - start, no);
      start = i;
    }
  }
  push_line(L, s + start, len - start, no);
}

static void split_lines(lines *L, const char *text) {
  size_t nlines = 0, longest = 0, total = strlen(text);
  for (const char *p = text; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n > longest) longest = n;
    nlines++;
    p += n + (nl ? 1 : 0);
  }
  bool lost = longest > 3000 || (total > 300 && nlines <= 3);
  int no = 1;
  for (const char *p = text; *p; no++) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (lost && n > 200) split_long(L, p, n, no);
    else push_line(L, p, n, no);
    p += n + (nl ? 1 : 0);
  }
  for (size_t i = 0; i < L->n; i++) L->v[i].split = lost && i > 0 && L->v[i - 1].no == L->v[i].no;
}

/* Several clauses printed on one line ("... conduct. 1.3 The Protocol
 * must ..."): a line is broken before a clause number that comes straight
 * after the clause before it (1.2 -> 1.3, 1.6 -> 2.1, 2.13 -> 2.13A) and
 * follows the end of a sentence. Numbers out of sequence are left in the
 * text (a reference: "see 4.2 above"). */
static void split_runs(const char *path, lines *L, imp_doc *doc, diag_list *d) {
  lines out = {NULL, 0, 0};
  char last[32] = "";
  for (size_t i = 0; i < L->n; i++) {
    line *l = &L->v[i];
    const char *s = l->s;
    size_t lead = clause_number(s);
    if (lead) snprintf(last, sizeof last, "%.*s", (int)(lead < 31 ? lead : 31), s);
    size_t start = 0, len = strlen(s);
    for (size_t k = lead + 1; k + 1 < len; k++) {
      if (s[k - 1] != ' ') continue;
      size_t j = k - 1;
      while (j > 0 && s[j] == ' ') j--;
      unsigned char pc = (unsigned char)s[j];
      bool sentence_end = strchr(".:;", (char)pc) || pc == ')' ||
                          (j >= 2 && (unsigned char)s[j - 2] == 0xE2 && (unsigned char)s[j - 1] == 0x80 &&
                           (pc == 0x9D || pc == 0x99));
      size_t c = clause_number(s + k);
      if (!c || !sentence_end || !*last || s[k + c] != ' ') continue;
      char num[32];
      snprintf(num, sizeof num, "%.*s", (int)(c < 31 ? c : 31), s + k);
      unsigned char nx = (unsigned char)s[k + c + 1];
      if (!follows(last, num) || !(isupper(nx) || nx == '(' || nx >= 0x80)) continue;
      push_line(&out, s + start, k - start, l->no);
      out.v[out.n - 1].split = l->split || start > 0;
      import_decision(doc, d, path, l->no, false, "split the line before clause %s: it follows "
                      "clause %s after the end of a sentence (two clauses printed on one line)",
                      num, last);
      memcpy(last, num, sizeof num);
      start = k;
    }
    if (start == 0) {
      if (out.n == out.cap) {
        out.cap = out.cap ? out.cap * 2 : 256;
        out.v = xrealloc(out.v, out.cap * sizeof *out.v);
      }
      out.v[out.n++] = *l;
    } else {
      push_line(&out, s + start, len - start, l->no);
      out.v[out.n - 1].split = true;
      free(l->s);
    }
  }
  free(L->v);
  *L = out;
}

/* A number alone on its line ("8.63", "16", "3."), its text on the next
 * line: the two are read as one. */
static void merge_lone_numbers(lines *L) {
  for (size_t i = 0; i + 1 < L->n; i++) {
    line *l = &L->v[i];
    if (l->drop || !*l->s) continue;
    const char *s = l->s;
    size_t k = clause_number(s);
    if (!k) {
      k = digits(s);
      if (k == 0 || k > 3) continue;
      if (s[k] == '.' || s[k] == ')') k++;
    }
    if (s[k]) continue;
    size_t j = i + 1;
    while (j < L->n && (L->v[j].drop || !*L->v[j].s) && j - i < 6) j++;
    if (j >= L->n || L->v[j].drop || !*L->v[j].s) continue;
    const char *t = L->v[j].s;
    if (clause_number(t) || digits(t) || bullet(t) || item_label(t)) continue;
    size_t a = strlen(s), b = strlen(t);
    char *m = xmalloc(a + b + 2);
    memcpy(m, s, a);
    m[a] = ' ';
    memcpy(m + a + 1, t, b + 1);
    free(L->v[j].s);
    L->v[j].s = m;
    L->v[j].no = l->no;
    l->s[0] = 0; /* the number moved to the text's line */
  }
}

static void note_drop(const char *path, line *l, const char *why, imp_doc *doc, diag_list *d) {
  l->drop = true;
  doc->dropped_lines++;
  doc->dropped_words += count_words(l->s);
  diag_add(d, DIAG_NOTE, path, l->no, 1, "dropped %s: '%s'", why, l->s);
}

static bool nav_line(const char *t);

static void drop_furniture(const char *path, lines *L, imp_doc *doc, diag_list *d) {
  strmap *seen = strmap_new();
  for (size_t i = 0; i < L->n; i++) {
    const char *s = L->v[i].s;
    size_t n = strlen(s);
    if (n < 4 || n > 100 || clause_number(s) || bullet(s)) continue;
    size_t c = (size_t)(uintptr_t)strmap_get(seen, s);
    strmap_put(seen, s, (void *)(uintptr_t)(c + 1));
  }
  bool contents = false;
  for (size_t i = 0; i < L->n; i++) {
    line *l = &L->v[i];
    if (!*l->s) continue;
    char *b = bare(l->s);
    const char *t = b;
    while (*t == '#' || *t == ' ') t++;
    if (prefix_ci(t, "contents") && (!t[8] || t[8] == ' ' || t[8] == '\t') && count_words(t) <= 2) {
      contents = true;
      note_drop(path, l, "contents heading", doc, d);
    } else if (contents && contents_entry(l->s)) {
      note_drop(path, l, "contents entry", doc, d);
    } else {
      contents = false;
      if (page_line(t)) note_drop(path, l, "page number or footer", doc, d);
      else if (nav_line(t)) note_drop(path, l, "web page navigation", doc, d);
      else if ((size_t)(uintptr_t)strmap_get(seen, l->s) >= 3)
        note_drop(path, l, "header or footer repeated on several pages", doc, d);
    }
    free(b);
  }
  strmap_free(seen);
}

/* ---- web page navigation ------------------------------------------------- */

/* "In this section:", "Back to top", "Print this page": a web page's
 * navigation, copied with the text. */
static bool nav_line(const char *t) {
  static const char *nav[] = {"in this section", "on this page", "back to top", "return to top",
                              "skip to content", "skip to main content", "print this page",
                              "share this page", "show all sections", "hide all sections",
                              "jump to", "related pages", "related links", "previous page",
                              "next page", "print", "share", "top of page", NULL};
  char *b = bare(t);
  size_t n = strlen(b);
  while (n && (b[n - 1] == ':' || b[n - 1] == ' ')) b[--n] = 0;
  /* a breadcrumb trail: "Home > Council and democracy > Constitution" */
  size_t gt = 0;
  for (const char *p = b; (p = strstr(p, " > ")) != NULL; p += 3) gt++;
  if ((gt >= 2 || (gt == 1 && prefix_ci(b, "home "))) && count_words(b) <= 20) {
    free(b);
    return true;
  }
  if (prefix_ci(b, "you are here")) {
    free(b);
    return true;
  }
  bool hit = false;
  for (int i = 0; nav[i] && !hit; i++)
    hit = strlen(nav[i]) == n && prefix_ci(b, nav[i]);
  free(b);
  return hit;
}

/* ---- dates (adoption, last updated, version lines) ----------------------- */

static const char *month_names[] = {"january", "february", "march", "april", "may", "june",
                                    "july", "august", "september", "october", "november",
                                    "december", NULL};

static int month_at(const char *p) {
  for (int m = 0; month_names[m]; m++) {
    size_t n = strlen(month_names[m]);
    if (prefix_ci(p, month_names[m]) && !isalpha((unsigned char)p[n])) return m + 1;
    bool three = true;
    for (int q = 0; q < 3 && three; q++) three = tolower((unsigned char)p[q]) == month_names[m][q];
    if (three && (!isalpha((unsigned char)p[3]) || (m == 8 && prefix_ci(p, "sept") &&
                                                    !isalpha((unsigned char)p[4]))))
      return m + 1;
  }
  return 0;
}

static bool valid_date(int y, int m, int d) {
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] &&
         !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/* The first full date in S ("19th January 2015", "19 Jan 2015",
 * "January 19, 2015", "19/01/2015", "2015-01-19") as YYYY-MM-DD in OUT. */
static bool find_date(const char *s, char out[40]) {
  for (const char *p = s; *p; p++) {
    if (p > s && isalnum((unsigned char)p[-1])) continue;
    int y = 0, m = 0, d = 0;
    size_t k = digits(p);
    if (k == 4 && p[4] == '-' && digits(p + 5) == 2 && p[7] == '-' && digits(p + 8) == 2) {
      y = atoi(p);
      m = atoi(p + 5);
      d = atoi(p + 8);
    } else if ((k == 1 || k == 2) && p[k] == '/' ) {
      const char *q = p + k + 1;
      size_t k2 = digits(q);
      if ((k2 == 1 || k2 == 2) && q[k2] == '/' && digits(q + k2 + 1) == 4) {
        d = atoi(p);
        m = atoi(q);
        y = atoi(q + k2 + 1);
      }
    } else if (k == 1 || k == 2) {
      const char *q = p + k;
      if (prefix_ci(q, "st") || prefix_ci(q, "nd") || prefix_ci(q, "rd") || prefix_ci(q, "th")) q += 2;
      while (*q == ' ') q++;
      if (prefix_ci(q, "of ")) q += 3;
      int mm = month_at(q);
      if (mm) {
        while (isalpha((unsigned char)*q) || *q == '.') q++;
        while (*q == ' ' || *q == ',') q++;
        if (digits(q) == 4) {
          d = atoi(p);
          m = mm;
          y = atoi(q);
        }
      }
    } else if (k == 0 && (m = month_at(p))) {
      const char *q = p;
      while (isalpha((unsigned char)*q) || *q == '.') q++;
      while (*q == ' ') q++;
      size_t kd = digits(q);
      if (kd == 1 || kd == 2) {
        d = atoi(q);
        q += kd;
        if (prefix_ci(q, "st") || prefix_ci(q, "nd") || prefix_ci(q, "rd") || prefix_ci(q, "th")) q += 2;
        while (*q == ' ' || *q == ',') q++;
        y = digits(q) == 4 ? atoi(q) : 0;
      }
    }
    if (valid_date(y, m, d)) {
      snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
      return true;
    }
  }
  return false;
}

typedef enum { META_NONE, META_ADOPTED, META_UPDATED, META_VERSION } meta_kind;

/* "Adopted by the Finance Committee 19th January 2015", "Last updated:
 * March 2021", "Version 3.1 (May 2019)", "Approved by Council on ..." */
static meta_kind meta_line(const char *t) {
  if (count_words(t) > 20) return META_NONE;
  char *b = bare(t);
  const char *p = b;
  while (*p == '(' || *p == '[') p++;
  meta_kind k = META_NONE;
  if (prefix_ci(p, "adopted") || prefix_ci(p, "approved") || prefix_ci(p, "agreed by") ||
      prefix_ci(p, "date adopted") || prefix_ci(p, "date of adoption") ||
      prefix_ci(p, "date approved"))
    k = META_ADOPTED;
  else if (prefix_ci(p, "last updated") || prefix_ci(p, "updated") || prefix_ci(p, "last reviewed") ||
           prefix_ci(p, "reviewed") || prefix_ci(p, "revised") || prefix_ci(p, "amended") ||
           prefix_ci(p, "last amended") || prefix_ci(p, "date of last review") ||
           prefix_ci(p, "review date") || prefix_ci(p, "date of review"))
    k = META_UPDATED;
  else if ((prefix_ci(p, "version") && (p[7] == ' ' || p[7] == ':')) || prefix_ci(p, "v1") ||
           prefix_ci(p, "v2") || prefix_ci(p, "v3") || prefix_ci(p, "issue "))
    k = META_VERSION;
  free(b);
  return k;
}

/* ---- shapes -------------------------------------------------------------- */

/* Opening and closing double quotes (straight or curly). */
static size_t open_quote(const char *s) {
  if (*s == '"') return 1;
  if (!strncmp(s, "\xE2\x80\x9C", 3)) return 3; /* “ */
  return 0;
}
static const char *close_quote(const char *s) {
  const char *a = strstr(s, "\xE2\x80\x9D"), *b = strchr(s, '"');
  if (a && b) return a < b ? a : b;
  return a ? a : b;
}

/* '"Member" means ...', '“Officer” - all employees', 'Council: Newtown
 * Town Council' after a "Definitions" heading is not detected (too loose). */
static bool definition_line(const char *t) {
  while (*t == '*') t++;
  size_t q = open_quote(t);
  if (!q) return false;
  const char *c = close_quote(t + q);
  if (!c || c - t > 60) return false;
  c += *c == '"' ? 1 : 3;
  while (*c == '*' || *c == ' ') c++;
  static const char *verbs[] = {"means", "includes", "refers", "shall mean", "is ", "are ",
                                "- ", "\xE2\x80\x93 ", ": ", "or ", "and ", NULL};
  if (*c == ':' || *c == ',') return true;
  for (int i = 0; verbs[i]; i++)
    if (prefix_ci(c, verbs[i])) return true;
  return false;
}

/* A quoted extract: an opening quote (after an optional number of its own,
 * "1 “Both ...", "2. *“Mutual ...") with no closing quote soon after. */
static size_t quote_start(const char *t) {
  const char *p = t;
  size_t k = digits(p);
  if (k && k <= 2) {
    p += k;
    if (*p == '.' || *p == ')') p++;
    if (*p != ' ') return 0;
    while (*p == ' ') p++;
  } else if (k) {
    return 0;
  }
  while (*p == '*' || *p == '_') p++;
  size_t q = open_quote(p);
  if (!q) return 0;
  const char *c = close_quote(p + q);
  if (c && c - p < 80) return 0; /* a short quotation inside a sentence */
  return (size_t)(p - t) + q;
}

/* "Political neutrality - Supporting the work of the Council": a heading
 * in two levels, each part short and capitalised. */
static bool two_level_heading(const char *s) {
  const char *dash = strstr(s, " - ");
  size_t dl = 3;
  if (!dash) {
    dash = strstr(s, " \xE2\x80\x93 "); /* – */
    dl = 5;
  }
  if (!dash) {
    dash = strstr(s, " \xE2\x80\x94 "); /* — */
    dl = 5;
  }
  if (!dash || dash == s) return false;
  char *left = xmalloc((size_t)(dash - s) + 1);
  memcpy(left, s, (size_t)(dash - s));
  left[dash - s] = 0;
  bool ok = title_like(left, 8) && title_like(dash + dl, 10) && count_words(s) <= 18;
  free(left);
  return ok;
}

/* "... of the", "... and": the line runs on (a hard wrap), it is no title */
static bool ends_in_function_word(const char *s) {
  static const char *words[] = {"the", "a", "an", "of", "and", "to", "in", "for", "with", "on",
                                "by", "or", "at", "from", "that", "which", "be", NULL};
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ') n--;
  size_t b = n;
  while (b && s[b - 1] != ' ') b--;
  for (int i = 0; words[i]; i++)
    if (strlen(words[i]) == n - b && prefix_ci(s + b, words[i])) return true;
  return false;
}

/* ---- reading each line --------------------------------------------------- */

static void set_text(line *l, const char *t) { l->text = xstrdup(t); }

static void classify(lines *L) {
  for (size_t i = 0; i < L->n; i++) {
    line *l = &L->v[i];
    if (l->drop || !*l->s) {
      l->kind = L_BLANK;
      continue;
    }
    /* tabs inside a line are spacing (contents entries, which need them,
       are gone by now) */
    for (char *p = l->s; *p; p++)
      if (*p == '\t') *p = ' ';
    const char *t = l->s;
    int mdh = 0;
    while (t[mdh] == '#') mdh++;
    if (mdh && (t[mdh] == ' ' || !t[mdh])) {
      t += mdh;
      while (*t == ' ') t++;
    } else {
      mdh = 0;
    }
    size_t bl = bullet(t);
    t += bl;
    /* a number in bold ("**3** Text") is still a number */
    size_t k;
    if ((k = clause_number(t))) {
      l->kind = L_CLAUSE;
      l->number = xmalloc(k + 1);
      memcpy(l->number, t, k);
      l->number[k] = 0;
      const char *r = t + k;
      while (*r == ' ') r++;
      set_text(l, r);
    } else if (!bl && quote_start(t)) {
      l->kind = L_QUOTE;
      set_text(l, t);
    } else if (!bl && definition_line(t)) {
      l->kind = L_TEXT;
      l->def = true;
      set_text(l, t);
    } else if ((k = section_number(t)) &&
               (!bl || title_like(t + k + strspn(t + k, " "), 12))) {
      const char *r = t + k;
      while (*r == ' ') r++;
      bool title = title_like(r, 12) || two_level_heading(r);
      l->kind = title ? L_SECTION : L_NUMPARA;
      l->number = xmalloc(k + 1);
      memcpy(l->number, t, k);
      l->number[k] = 0;
      set_text(l, r);
    } else if ((k = item_label(t))) {
      l->kind = L_ITEM;
      l->label = xmalloc(k + 1);
      memcpy(l->label, t, k);
      l->label[k] = 0;
      while (l->label[k - 1] == ' ') l->label[--k] = 0;
      const char *r = t + k;
      while (*r == ' ') r++;
      set_text(l, r);
    } else if (bl) {
      l->kind = L_ITEM;
      set_text(l, t);
    } else if (date_line(t) || meta_line(t)) {
      l->kind = L_PROSE;
      set_text(l, t);
    } else if (mdh && *t) {
      l->kind = L_HEADING;
      set_text(l, t);
    } else if (upper_line(t) && count_words(t) <= 12 && !ends_sentence(t)) {
      l->kind = L_HEADING;
      set_text(l, t);
    } else {
      l->kind = L_TEXT;
      set_text(l, t);
    }
  }
  /* a quotation runs on to the line with its closing quote */
  for (size_t i = 0; i < L->n; i++) {
    line *l = &L->v[i];
    if (l->kind != L_QUOTE) continue;
    const char *t = l->text + quote_start(l->text);
    size_t j = i;
    for (;;) {
      line *m = &L->v[j];
      if (m->kind != L_BLANK) {
        if (j > i && m->kind != L_TEXT && m->kind != L_NUMPARA && m->kind != L_QUOTE &&
            m->kind != L_SECTION)
          break;
        if (m->kind == L_SECTION || m->kind == L_NUMPARA) {
          /* "2. Mutual respect ...": the quotation's own number, kept as text */
          size_t a = strlen(m->number), b = strlen(m->text);
          char *q = xmalloc(a + b + 2);
          memcpy(q, m->number, a);
          q[a] = ' ';
          memcpy(q + a + 1, m->text, b + 1);
          free(m->text);
          m->text = q;
        }
        m->kind = L_QUOTE;
        if (close_quote(j == i ? t : m->text)) {
          m->quote_end = true;
          break;
        }
      }
      if (++j >= L->n || j - i > 60) break;
    }
  }
  /* shapes that need the neighbours */
  for (size_t i = 0; i < L->n; i++) {
    line *l = &L->v[i];
    bool blank_before = i == 0 || L->v[i - 1].kind == L_BLANK;
    size_t j = i + 1;
    while (j < L->n && L->v[j].drop) j++;
    bool blank_after = j >= L->n || L->v[j].kind == L_BLANK;
    size_t nx = j;
    while (nx < L->n && L->v[nx].kind == L_BLANK) nx++;
    const line *next = nx < L->n ? &L->v[nx] : NULL;
    if (l->kind == L_CLAUSE && *l->text && title_like(l->text, 8) && next &&
        (next->kind == L_TEXT) && isupper((unsigned char)next->text[0]) && !l->split &&
        !ends_in_function_word(l->text))
      l->clause_head = true;
    if (l->kind != L_TEXT || l->def) continue;
    bool numbered_next = next && (next->kind == L_CLAUSE || next->kind == L_NUMPARA ||
                                  next->kind == L_SECTION);
    bool lower_next = next && next->kind == L_TEXT && islower((unsigned char)next->text[0]);
    size_t pv = i;
    while (pv > 0 && L->v[pv - 1].kind == L_BLANK && !L->v[pv - 1].drop) pv--;
    while (pv > 0 && L->v[pv - 1].drop) pv--;
    const line *prevl = pv > 0 ? &L->v[pv - 1] : NULL;
    bool prev_ended = !prevl || prevl->kind == L_BLANK || prevl->kind == L_HEADING ||
                      prevl->kind == L_SECTION || (prevl->text && ends_sentence(prevl->text));
    /* text without blank lines (a PDF copy): a short capitalised line
       between the end of a sentence and a numbered clause */
    if (!blank_before && !blank_after && prev_ended && next && numbered_next &&
        next == &L->v[i + 1] && title_like(l->text, 10) && !ends_in_function_word(l->text)) {
      l->kind = L_HEADING;
      l->guessed = true;
      continue;
    }
    /* a short capitalised line on its own ("Key Points", "Members") */
    if (blank_before && blank_after && title_like(l->text, 8) && next &&
        next->kind != L_ITEM && !lower_next) {
      l->kind = L_HEADING;
      l->guessed = !numbered_next;
    } else if (blank_before && (blank_after || numbered_next) && next && !lower_next &&
               (two_level_heading(l->text) || (title_like(l->text, 14) && numbered_next))) {
      /* "Political neutrality - Supporting the work of the Council", or a
         longer heading directly above a numbered paragraph */
      l->kind = L_HEADING;
      l->guessed = true;
    }
  }
  /* "1. Introduction" and then "   1." ... "6." indented under it: the
     section's paragraphs, not sections */
  int sec_indent = -1;
  for (size_t i = 0; i < L->n; i++) {
    line *l = &L->v[i];
    if (l->kind == L_BLANK) continue;
    if (l->kind == L_SECTION && sec_indent >= 0 && l->indent > sec_indent) l->kind = L_NUMPARA;
    else if (l->kind == L_SECTION) sec_indent = l->indent;
    else if (l->kind == L_HEADING || l->kind == L_CLAUSE) sec_indent = -1;
  }
}

/* ---- units --------------------------------------------------------------- */

static imp_unit *new_unit(imp_doc *doc, imp_kind k, int lineno) {
  if (doc->n == doc->cap) {
    doc->cap = doc->cap ? doc->cap * 2 : 128;
    doc->u = xrealloc(doc->u, doc->cap * sizeof *doc->u);
  }
  imp_unit *u = &doc->u[doc->n++];
  memset(u, 0, sizeof *u);
  u->kind = k;
  u->line = lineno;
  return u;
}

static void set_unit_text(imp_unit *u, const char *t) {
  size_t n = strlen(t);
  u->cap = n + 1;
  u->text = xmalloc(u->cap);
  memcpy(u->text, t, n + 1);
}

/* Appends line T to U's text (a space, or de-hyphenated), in amortised
 * linear time: a paragraph may have many thousands of lines. */
static void append_text(imp_unit *u, const char *t) {
  size_t a = strlen(u->text), b = strlen(t);
  bool dehyph = a >= 2 && u->text[a - 1] == '-' && isalpha((unsigned char)u->text[a - 2]) &&
                islower((unsigned char)t[0]);
  if (a + b + 2 > u->cap) {
    size_t c = u->cap ? u->cap : 16;
    while (c < a + b + 2) c *= 2;
    u->text = xrealloc(u->text, c);
    u->cap = c;
  }
  size_t o = a;
  if (dehyph) o--;
  else if (a) u->text[o++] = ' ';
  memcpy(u->text + o, t, b + 1);
}

static bool open_kind(imp_kind k) {
  return k == IMP_PARA || k == IMP_CLAUSE || k == IMP_ITEM || k == IMP_QUOTE;
}

/* Single numbers ("1. The purpose ...", "16 Members ..."): are they the
 * document's paragraph numbers, or lists inside clauses numbered 1.1? */
static bool single_numbering(const lines *L) {
  size_t singles = 0, multi = 0, runs = 0;
  long prev = -1;
  for (size_t i = 0; i < L->n; i++) {
    const line *l = &L->v[i];
    if (l->kind == L_CLAUSE) multi++;
    if (l->kind != L_NUMPARA) continue;
    singles++;
    long n = strtol(l->number, NULL, 10);
    if (n == prev + 1 || n == 1) runs++;
    prev = n;
  }
  return singles >= 2 && runs >= 2 && singles > multi;
}

static void assemble(const char *path, lines *L, imp_doc *doc, diag_list *d) {
  bool blank = true;
  long cur = -1;
  bool single = single_numbering(L);
  size_t dotted = 0;
  for (size_t i = 0; i < L->n; i++)
    if (L->v[i].kind == L_NUMPARA) {
      size_t nl = strlen(L->v[i].number);
      dotted += L->v[i].number[nl - 1] == '.' || L->v[i].number[nl - 1] == ')';
    }
  long prev_single = 0;
  bool first_single = false;
  const char *prev_label = NULL;
  bool in_quote = false;
  for (size_t i = 0; i < L->n; i++) {
    line *l = &L->v[i];
    if (l->drop) continue; /* page furniture: the text around it joins up */
    if (l->kind == L_BLANK) {
      blank = true;
      continue;
    }
    imp_unit *u;
    lkind kind = l->kind;
    if (kind == L_NUMPARA && !single) {
      /* a list numbered 1, 2, 3 inside a clause: its items */
      long n = strtol(l->number, NULL, 10);
      long pl = prev_label ? strtol(prev_label, NULL, 10) : 0;
      bool after_clause = cur >= 0 && (doc->u[cur].kind == IMP_CLAUSE || doc->u[cur].kind == IMP_ITEM);
      if ((n == 1 && after_clause) || (prev_label && n == pl + 1 && after_clause)) {
        u = new_unit(doc, IMP_ITEM, l->no);
        size_t nl = strlen(l->number);
        u->label = xmalloc(nl + 2);
        memcpy(u->label, l->number, nl + 1);
        if (u->label[nl - 1] != '.' && u->label[nl - 1] != ')') {
          u->label[nl] = '.';
          u->label[nl + 1] = 0;
        }
        set_unit_text(u, l->text);
        prev_label = u->label;
        cur = (long)(u - doc->u);
        blank = false;
        continue;
      }
      /* text that starts with a number */
      size_t a = strlen(l->number), b = strlen(l->text);
      char *t = xmalloc(a + b + 2);
      memcpy(t, l->number, a);
      t[a] = ' ';
      memcpy(t + a + 1, l->text, b + 1);
      free(l->text);
      l->text = t;
      kind = L_TEXT;
    }
    if (kind != L_ITEM) prev_label = NULL;
    switch (kind) {
    case L_QUOTE:
      if (in_quote && cur >= 0 && doc->u[cur].kind == IMP_QUOTE && !blank &&
          !digits(l->text)) {
        append_text(&doc->u[cur], l->text);
      } else {
        u = new_unit(doc, IMP_QUOTE, l->no);
        set_unit_text(u, l->text);
        cur = (long)(u - doc->u);
        if (!in_quote)
          import_decision(doc, d, path, l->no, false, "read as a quoted extract (a block "
                          "quote): it opens with a quotation mark; its own numbers are kept "
                          "as text");
      }
      in_quote = !l->quote_end;
      break;
    case L_TEXT:
      in_quote = false;
      if (cur >= 0 && open_kind(doc->u[cur].kind) && doc->u[cur].kind != IMP_QUOTE && !l->def &&
          !l->split && (!blank || islower((unsigned char)l->text[0]) || !*doc->u[cur].text)) {
        if (blank && *doc->u[cur].text)
          diag_add(d, DIAG_NOTE, path, l->no, 1, "joined to the paragraph of line %d "
                   "(it starts in lower case: a page break?)", doc->u[cur].line);
        append_text(&doc->u[cur], l->text);
      } else if (l->def && cur >= 0 && (doc->u[cur].kind == IMP_CLAUSE ||
                                         doc->u[cur].kind == IMP_ITEM) && !blank) {
        /* definitions listed under a clause ("In this Protocol:") */
        u = new_unit(doc, IMP_ITEM, l->no);
        set_unit_text(u, l->text);
        cur = (long)(u - doc->u);
      } else {
        u = new_unit(doc, IMP_PARA, l->no);
        set_unit_text(u, l->text);
        cur = (long)(u - doc->u);
      }
      break;
    case L_NUMPARA: {
      in_quote = false;
      u = new_unit(doc, IMP_CLAUSE, l->no);
      u->single = true;
      u->number = xstrdup(l->number);
      set_unit_text(u, l->text);
      cur = (long)(u - doc->u);
      long n = strtol(l->number, NULL, 10);
      size_t nl = strlen(l->number);
      if (!first_single) {
        first_single = true;
        import_decision(doc, d, path, l->no, false, "read '%s' and the numbers like it as the "
                        "document's paragraph numbers (more of them than clause numbers such as "
                        "1.1, and in runs 1, 2, 3): written '%.*s%s text {.clause}'", l->number,
                        (int)(l->number[nl - 1] == '.' ? nl - 1 : nl), l->number,
                        l->number[nl - 1] == '.' ? "\\." : "");
      }
      if (l->number[nl - 1] != '.' && l->number[nl - 1] != ')')
        import_decision(doc, d, path, l->no, dotted > 0, "read '%s' as the number of a "
                        "paragraph (printed without a dot%s); if it is text, remove {.clause} "
                        "and escape it", l->number,
                        dotted ? ", where the others have one" : ", as all of them are");
      else if (l->indent > 0 && n == 1)
        import_decision(doc, d, path, l->no, false, "read the indented list 1., 2. ... under "
                        "the heading above as its numbered paragraphs");
      if (n == 1 && prev_single >= 1)
        import_decision(doc, d, path, l->no, false, "paragraph numbers start again at 1 here "
                        "(a web page renders each section as its own list): kept as printed; "
                        "Concord gives them canonical numbers section.n");
      else if (prev_single && n != prev_single + 1 && n != 1)
        import_decision(doc, d, path, l->no, true, "paragraph %ld follows paragraph %ld: a "
                        "number is missing or out of sequence (kept as printed)", n, prev_single);
      prev_single = n;
      break;
    }
    case L_CLAUSE:
      in_quote = false;
      u = new_unit(doc, l->clause_head ? IMP_CLAUSE_HEADING : IMP_CLAUSE, l->no);
      u->number = xstrdup(l->number);
      set_unit_text(u, l->text);
      if (l->split)
        import_decision(doc, d, path, l->no, false, "clause %s starts mid-line (the line "
                        "breaks were lost or two clauses share a line)", l->number);
      cur = l->clause_head ? -1 : (long)(u - doc->u);
      break;
    case L_SECTION:
    case L_HEADING:
      in_quote = false;
      u = new_unit(doc, IMP_HEADING, l->no);
      u->number = l->number ? xstrdup(l->number) : NULL;
      set_unit_text(u, l->text);
      u->guessed = l->guessed ? 2 : !l->number && !upper_line(l->text) && l->kind == L_HEADING;
      cur = -1;
      break;
    case L_ITEM:
      in_quote = false;
      u = new_unit(doc, IMP_ITEM, l->no);
      u->label = l->label ? xstrdup(l->label) : NULL;
      set_unit_text(u, l->text);
      prev_label = u->label;
      cur = (long)(u - doc->u);
      break;
    case L_PROSE:
      in_quote = false;
      u = new_unit(doc, IMP_PROSE, l->no);
      set_unit_text(u, l->text);
      cur = -1;
      break;
    case L_BLANK:
      break;
    }
    blank = false;
  }
}

static char *strip_stars(const char *s) { return bare(s); }

static char *lower_dup(const char *s) {
  char *r = xstrdup(s);
  for (char *p = r; *p; p++) *p = (char)tolower((unsigned char)*p);
  return r;
}

/* Does S name a protocol on member/officer relations? 3: a protocol and
 * members, councillors or officers; 2: "protocol" ("Codes and
 * Protocols"), 1: "member/officer relations" and the like, 0: no. */
static int names_protocol(const char *s) {
  char *low = lower_dup(s);
  int r = 0;
  bool who = strstr(low, "officer") || strstr(low, "member") || strstr(low, "councillor");
  if (strstr(low, "protocol")) r = who ? 3 : 2;
  else if (strstr(low, "relations") && who)
    r = 1;
  free(low);
  return r;
}

/* Adoption, "last updated" and version lines become front matter
 * (adopted:, history:); the lines are kept as prose. */
static void read_meta(const char *path, imp_doc *doc, diag_list *d) {
  for (size_t i = 0; i < doc->n; i++) {
    imp_unit *u = &doc->u[i];
    if (u->kind != IMP_PROSE && u->kind != IMP_PRELUDE) continue;
    meta_kind k = meta_line(u->text);
    if (k == META_NONE) continue;
    char date[40];
    if (!find_date(u->text, date)) {
      import_decision(doc, d, path, u->line, false, "'%s' is a %s line without a full date: "
                      "kept as prose; add it to the front matter by hand if wanted", u->text,
                      k == META_ADOPTED ? "adoption" : k == META_UPDATED ? "revision" : "version");
      continue;
    }
    if (k == META_ADOPTED && !doc->adopted) {
      doc->adopted = xstrdup(date);
      import_decision(doc, d, path, u->line, false, "adopted: %s in the front matter, from "
                      "'%s' (the line is kept as prose)", date, u->text);
    } else {
      doc->history = xrealloc(doc->history, (doc->nhistory + 1) * sizeof *doc->history);
      doc->history[doc->nhistory].date = xstrdup(date);
      doc->history[doc->nhistory].text = strip_stars(u->text);
      doc->nhistory++;
      import_decision(doc, d, path, u->line, false, "history: %s in the front matter, from "
                      "'%s' (the line is kept as prose)", date, u->text);
    }
  }
}

/* Text before the first section is a title block: prose, and the source of
 * the front matter's title and part. */
static void find_prelude(const char *path, imp_doc *doc, diag_list *d) {
  size_t anchor = doc->n;
  for (size_t i = 0; i < doc->n; i++) {
    imp_kind k = doc->u[i].kind;
    if (k == IMP_CLAUSE || k == IMP_CLAUSE_HEADING) {
      anchor = i;
      doc->numbered = true;
      break;
    }
  }
  if (!doc->numbered)
    for (size_t i = 0; i < doc->n; i++)
      if ((doc->u[i].kind == IMP_PARA && count_words(doc->u[i].text) >= 20) ||
          (doc->u[i].kind == IMP_HEADING && i > 0 && !names_protocol(doc->u[i].text))) {
        anchor = i;
        break;
      }
  if (anchor == doc->n) anchor = 0;
  size_t start = anchor;
  if (start > 0 && doc->u[start - 1].kind == IMP_HEADING && !names_protocol(doc->u[start - 1].text))
    start--;
  int title_line = 0, title_score = 0;
  for (size_t i = 0; i < start; i++) {
    imp_unit *u = &doc->u[i];
    if (u->number) {
      size_t a = strlen(u->number), b = strlen(u->text);
      char *t = xmalloc(a + b + 2);
      memcpy(t, u->number, a);
      t[a] = ' ';
      memcpy(t + a + 1, u->text, b + 1);
      free(u->text);
      free(u->number);
      u->number = NULL;
      u->text = t;
      u->cap = a + b + 2;
    }
    bool was_heading = u->kind == IMP_HEADING;
    if (u->kind != IMP_PROSE) u->kind = IMP_PRELUDE;
    char *b = strip_stars(u->text);
    bool is_part = prefix_ci(b, "part ");
    if (is_part && !doc->part) {
      char *colon = strchr(b, ':');
      if (colon && colon[1] == 0) *colon = 0;
      doc->part = xstrdup(b);
    }
    /* a title printed on two lines: "MEMBER AND OFFICER RELATIONS" /
       "PROTOCOL", two headings on consecutive lines */
    bool two = was_heading && i + 1 < start && doc->u[i + 1].kind == IMP_HEADING &&
               doc->u[i + 1].line == u->line + 1 && !doc->u[i + 1].number;
    if (two) {
      char *b2 = strip_stars(doc->u[i + 1].text);
      size_t la = strlen(b), lb = strlen(b2);
      b = xrealloc(b, la + lb + 2);
      b[la] = ' ';
      memcpy(b + la + 1, b2, lb + 1);
      free(b2);
    }
    int sc = is_part || meta_line(b) || count_words(b) > 25 ? 0 : names_protocol(b);
    if (sc > title_score) {
      free(doc->title);
      doc->title = xstrdup(b);
      title_score = sc;
      title_line = u->line;
    }
    free(b);
    if (two && sc) { /* the second line is part of this title */
      i++;
      imp_unit *v = &doc->u[i];
      if (v->kind != IMP_PROSE) v->kind = IMP_PRELUDE;
    }
  }
  if (doc->title)
    import_decision(doc, d, path, title_line, title_score < 2, "title: '%s' (%s)", doc->title,
                    title_score == 3   ? "the first line before the text that names a protocol "
                                         "on members and officers"
                    : title_score == 2 ? "the first line before the text that names a protocol"
                                       : "no line names a protocol; this one names member/officer "
                                         "relations: check it");
  else
    import_decision(doc, d, path, 1, true, "no title found (no line before the text names a "
                    "protocol): the front matter has a default title; write the council's own "
                    "in title:");
}

/* A number printed twice (in one section, or with no sections) would give
 * two clauses one id, which the reader refuses: the later ones get an
 * explicit id, "para-7.7-2", and a warning. */
static void unique_numbers(const char *path, imp_doc *doc, diag_list *d) {
  strmap *seen = strmap_new();
  const char *sec = "";
  long secnum = -1; /* the numbered section's number: the reader's canonical prefix */
  for (size_t i = 0; i < doc->n; i++) {
    imp_unit *u = &doc->u[i];
    if (u->kind == IMP_HEADING && u->number) {
      sec = u->number;
      secnum = strtol(u->number, NULL, 10);
    }
    if (u->kind == IMP_HEADING && !u->number && u->level == 2) sec = u->text;
    if ((u->kind != IMP_CLAUSE && u->kind != IMP_CLAUSE_HEADING) || !u->number) continue;
    buf key = BUF_INIT, num = BUF_INIT;
    for (const char *p = u->number; *p; p++)
      if (!(*p == '.' && (!p[1] || p[1] == ')'))) buf_putc(&num, (char)tolower((unsigned char)*p));
    const char *dot = strchr(buf_cstr(&num), '.');
    if (u->single)
      buf_printf(&key, "%s|%s", sec, buf_cstr(&num));
    else if (dot && !strchr(dot + 1, '.') && secnum >= 0) /* Brent's 1.1 in section 3 is 3.1 */
      buf_printf(&key, "|%ld.%s", secnum, dot + 1);
    else
      buf_printf(&key, "|%s", buf_cstr(&num));
    uintptr_t c = (uintptr_t)strmap_get(seen, buf_cstr(&key));
    if (c) {
      buf id = BUF_INIT;
      buf_printf(&id, "para-%s-%lu", buf_cstr(&num), (unsigned long)c + 1);
      for (char *p = id.data; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-') *p = '-';
      u->id = buf_detach(&id);
      import_decision(doc, d, path, u->line, true, "clause %s is printed again: given "
                      "the id %s so the two stay apart; correct the number if it is a misprint",
                      u->number, u->id);
    }
    strmap_put(seen, buf_cstr(&key), (void *)(c + 1));
    buf_free(&key);
    buf_free(&num);
  }
  strmap_free(seen);
}

/* Heading levels, and warnings for numbers out of sequence. */
static void check_structure(const char *path, imp_doc *doc, diag_list *d) {
  long sec = -1;
  bool seen_numbered_section = false;
  char *prev = NULL;
  for (size_t i = 0; i < doc->n; i++) {
    imp_unit *u = &doc->u[i];
    if (u->kind == IMP_HEADING) {
      if (u->guessed == 2)
        import_decision(doc, d, path, u->line, true, "read '%s' as a heading (a short line on "
                        "its own, without a full stop); if it is text, join it to the "
                        "paragraph", u->text);
      else if (u->guessed == 1)
        import_decision(doc, d, path, u->line, false, "read '%s' as a heading: a short "
                        "capitalised line on its own, above a numbered paragraph", u->text);
      if (u->number) {
        long n = strtol(u->number, NULL, 10);
        if (sec >= 0 && n != sec + 1)
          import_decision(doc, d, path, u->line, true, "section %s follows section %ld: a "
                          "number out of sequence (kept as printed)", u->number, sec);
        sec = n;
        seen_numbered_section = true;
        u->level = 2;
        free(prev);
        prev = NULL;
      } else {
        u->level = doc->numbered && seen_numbered_section ? 3 : 2;
      }
    } else if ((u->kind == IMP_CLAUSE || u->kind == IMP_CLAUSE_HEADING) && !u->single) {
      long first = strtol(u->number, NULL, 10);
      if (sec >= 0 && first != sec)
        import_decision(doc, d, path, u->line, false, "clause %s is in section %ld: numbering "
                        "restarts or is misprinted (kept as printed; Concord gives it the "
                        "canonical number)", u->number, sec);
      if (prev && !follows(prev, u->number)) {
        long pa[8], pb[8];
        char sa, sb;
        int na = number_parts(prev, pa, 8, &sa), nb = number_parts(u->number, pb, 8, &sb);
        if (na == nb && na >= 2 && pa[0] == pb[0])
          import_decision(doc, d, path, u->line, true, "clause %s follows clause %s: a number "
                          "out of sequence (kept as printed); is a clause joined to the one "
                          "above?", u->number, prev);
      }
      free(prev);
      prev = xstrdup(u->number);
    }
  }
  free(prev);
}

static int by_line(const void *a, const void *b) {
  const imp_decision *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int import_text_parse(const char *path, const char *data, size_t len, imp_doc *doc,
                      diag_list *d) {
  memset(doc, 0, sizeof *doc);
  char *text = decode(path, data, len, d);
  if (!text) return -1;
  bool blank = true;
  for (const char *p = text; *p && blank; p++) blank = isspace((unsigned char)*p);
  if (blank) {
    diag_error(d, path, 1, 1, "no text to import: the file is empty%s",
               *text ? " (only blank lines)" : "");
    free(text);
    return -1;
  }
  lines L = {NULL, 0, 0};
  split_lines(&L, text);
  free(text);
  split_runs(path, &L, doc, d);
  drop_furniture(path, &L, doc, d);
  merge_lone_numbers(&L);
  classify(&L);
  assemble(path, &L, doc, d);
  find_prelude(path, doc, d);
  read_meta(path, doc, d);
  check_structure(path, doc, d);
  unique_numbers(path, doc, d);
  for (size_t i = 0; i < L.n; i++) {
    free(L.v[i].s);
    free(L.v[i].number);
    free(L.v[i].label);
    free(L.v[i].text);
  }
  free(L.v);
  if (!doc->n) {
    diag_error(d, path, 1, 1, "no text to import: the file is empty or only page furniture");
    return -1;
  }
  /* the report and the comments in line order */
  qsort(doc->dec, doc->ndec, sizeof *doc->dec, by_line);
  for (size_t i = 0; i < doc->n; i++)
    if (strlen(doc->u[i].text) > IMPORT_MAX_PARAGRAPH) {
      diag_error(d, path, doc->u[i].line, 1, "a paragraph of over %d KiB starts here, with no "
                 "clause number or blank line to divide it: is this a protocol's text? (put "
                 "blank lines between paragraphs and import again)", IMPORT_MAX_PARAGRAPH / 1024);
      return -1;
    }
  return 0;
}

void import_doc_free(imp_doc *doc) {
  for (size_t i = 0; i < doc->n; i++) {
    free(doc->u[i].number);
    free(doc->u[i].label);
    free(doc->u[i].text);
    free(doc->u[i].id);
  }
  free(doc->u);
  free(doc->title);
  free(doc->part);
  free(doc->adopted);
  for (size_t i = 0; i < doc->nhistory; i++) {
    free(doc->history[i].date);
    free(doc->history[i].text);
  }
  free(doc->history);
  for (size_t i = 0; i < doc->ndec; i++) free(doc->dec[i].message);
  free(doc->dec);
  memset(doc, 0, sizeof *doc);
}

bool import_unit_is_clause(const imp_doc *doc, size_t i) {
  imp_kind k = doc->u[i].kind;
  if (doc->numbered) return k == IMP_CLAUSE || k == IMP_CLAUSE_HEADING;
  return k == IMP_PARA;
}

/* ---- Markdown ------------------------------------------------------------ */

/* Line ends in B since byte *FROM (then *FROM = the end): the writer
 * counts as it goes, in linear time. */
static int count_new_lines(const buf *b, size_t *from) {
  int n = 0;
  for (size_t i = *from; i < b->len; i++) n += b->data[i] == '\n';
  *from = b->len;
  return n;
}

/* A double-quoted YAML scalar. Characters YAML does not allow even there
 * (C0 and C1 controls, DEL, U+FEFF, U+FFFE/U+FFFF: a title taken from
 * pasted text can hold any of them) become spaces, or the reader would
 * refuse the front matter this writes. */
static void yaml_field(buf *b, const char *key, const char *v) {
  buf_printf(b, "%s: \"", key);
  for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
    if (*p < 0x20 || *p == 0x7F) {
      buf_putc(b, ' ');
      continue;
    }
    if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F && p[1] != 0x85) {
      buf_putc(b, ' ');
      p++;
      continue;
    }
    if (p[0] == 0xEF && ((p[1] == 0xBB && p[2] == 0xBF) ||
                         (p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)))) {
      buf_putc(b, ' ');
      p += 2;
      continue;
    }
    if (*p == '"' || *p == '\\') buf_putc(b, '\\');
    buf_putc(b, (char)*p);
  }
  buf_puts(b, "\"\n");
}

void import_text_markdown(buf *out, imp_doc *doc, const char *council, const char *slug,
                          char *const *attrs) {
  buf_puts(out, "---\n");
  yaml_field(out, "council", council);
  yaml_field(out, "slug", slug);
  yaml_field(out, "title", doc->title ? doc->title : "Protocol on Member/Officer Relations");
  if (doc->part) yaml_field(out, "part", doc->part);
  if (doc->adopted) buf_printf(out, "adopted: %s\n", doc->adopted);
  if (doc->nhistory) {
    buf_puts(out, "history:\n");
    for (size_t i = 0; i < doc->nhistory; i++) {
      buf_printf(out, "  - date: %s\n", doc->history[i].date);
      yaml_field(out, "    text", doc->history[i].text);
    }
  }
  buf_puts(out, "---\n");
  size_t di = 0;
  size_t counted = 0; /* bytes of OUT whose line ends are in out_lines */
  int out_lines = 1;
  imp_kind prev = IMP_PROSE;
  bool first = true;
  for (size_t i = 0; i < doc->n; i++) {
    imp_unit *u = &doc->u[i];
    /* low-confidence decisions on this unit's lines, as comments (link
       reference definitions: CommonMark shows nothing, Concord reads nothing) */
    int next_line = i + 1 < doc->n ? doc->u[i + 1].line : 1 << 30;
    bool commented = false;
    for (; di < doc->ndec && (doc->dec[di].line < next_line || i + 1 == doc->n); di++) {
      if (!doc->dec[di].low) continue;
      buf_printf(out, "\n[//]: # \"concord import, line %d: ", doc->dec[di].line);
      for (const char *p = doc->dec[di].message; *p; p++)
        buf_putc(out, *p == '"' ? '\'' : *p == '\\' ? '/' : *p == '\n' ? ' ' : *p);
      buf_puts(out, "\"\n");
      commented = true;
    }
    if (!(u->kind == IMP_ITEM && prev == IMP_ITEM && !first && !commented)) buf_putc(out, '\n');
    if (u->kind == IMP_QUOTE && prev == IMP_QUOTE && !first && !commented) buf_puts(out, ">\n");
    first = false;
    prev = u->kind;
    out_lines += count_new_lines(out, &counted);
    u->out_line = out_lines;
    const char *at = attrs ? attrs[i] : NULL;
    switch (u->kind) {
    case IMP_PRELUDE:
      md_escape(out, u->text, true, true);
      buf_puts(out, " {.prose}");
      break;
    case IMP_PROSE:
      md_escape(out, u->text, true, true);
      buf_puts(out, " {.prose}");
      break;
    case IMP_HEADING:
      buf_puts(out, u->level == 3 ? "### " : "## ");
      if (u->number) buf_printf(out, "%s ", u->number);
      md_escape(out, u->text, false, true);
      break;
    case IMP_CLAUSE:
      if (u->single) {
        /* "1\\. text {.clause}": a paragraph numbered 1, 2, 3 */
        size_t a = strlen(u->number), b = strlen(u->text);
        char *t = xmalloc(a + b + 2);
        memcpy(t, u->number, a);
        t[a] = ' ';
        memcpy(t + a + 1, u->text, b + 1);
        md_escape(out, t, true, true);
        free(t);
        break;
      }
      buf_printf(out, "%s ", u->number);
      md_escape(out, u->text, false, true);
      break;
    case IMP_QUOTE:
      buf_puts(out, "> ");
      md_escape(out, u->text, true, true);
      break;
    case IMP_CLAUSE_HEADING:
      buf_printf(out, "### %s ", u->number);
      md_escape(out, u->text, false, true);
      break;
    case IMP_PARA:
      md_escape(out, u->text, true, true);
      break;
    case IMP_ITEM:
      buf_puts(out, "- ");
      if (u->label) {
        buf_printf(out, "%s ", u->label);
        md_escape(out, u->text, false, true);
      } else {
        md_escape(out, u->text, true, true);
      }
      break;
    }
    /* one attribute block: {.clause #id topic=... note=...} */
    bool cls = u->kind == IMP_CLAUSE && u->single;
    const char *id = (u->kind == IMP_CLAUSE || u->kind == IMP_CLAUSE_HEADING) ? u->id : NULL;
    if (cls || id) {
      buf_puts(out, " {");
      if (cls) buf_puts(out, ".clause");
      if (id) buf_printf(out, "%s#%s", cls ? " " : "", id);
      if (at && *at == '{') buf_printf(out, " %s", at + 1);
      else buf_putc(out, '}');
    } else if (at && *at) {
      buf_printf(out, " %s", at);
    }
    buf_putc(out, '\n');
  }
}
