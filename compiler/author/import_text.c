/* import_text.c - plain text to annotated Markdown (see import_text.h). */
#include "author/import_text.h"
#include "base/arena.h"
#include "author/md_write.h"
#include "base/strmap.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdint.h>
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
  if (memchr(data, 0, len)) {
    diag_error(d, path, 1, 1, "the file contains NUL bytes: it is not plain text (save the "
               "document as plain text, UTF-8, and import that)");
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
  if (s[i] == '.') i++;
  if (s[i] && s[i] != ' ' && s[i] != '\t') return 0;
  return i;
}

/* "1", "1." followed by a space: length, else 0. */
static size_t section_number(const char *s) {
  size_t i = digits(s);
  if (i == 0 || i > 2) return 0;
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
    while (islower((unsigned char)s[i + k]) || isdigit((unsigned char)s[i + k])) k++;
    if (k == 0 || k > 6) return 0;
    bool ok = (k <= 2 && !isdigit((unsigned char)s[i])) || is_roman(s + i, k) ||
              (digits(s + i) == k && k <= 2);
    if (!ok || s[i + k] != ')') return 0;
    i += k + 1;
  } else {
    size_t k = 0;
    while (islower((unsigned char)s[k])) k++;
    if (k == 0) return 0;
    if (!(k == 1 || is_roman(s, k))) return 0;
    if (s[k] == ')') i = k + 1;
    else if (s[k] == '.' && k == 1) i = 2;
    else return 0;
  }
  return (s[i] == ' ' || s[i] == '\t') ? i : 0;
}

/* A bullet marker and the space after it: length in bytes, else 0. */
static size_t bullet(const char *s) {
  static const char *marks[] = {"-", "*", "+", "\xE2\x80\xA2" /* • */, "\xE2\x80\x93" /* – */,
                                "\xE2\x80\x94" /* — */, "\xC2\xB7" /* · */,
                                "\xE2\x96\xAA" /* ▪ */, "\xE2\x97\xA6" /* ◦ */,
                                "\xEF\x82\xB7" /* Symbol-font bullet */, "o", NULL};
  for (int i = 0; marks[i]; i++) {
    size_t n = strlen(marks[i]);
    if (!strncmp(s, marks[i], n) && (s[n] == ' ' || s[n] == '\t')) {
      if (!strcmp(marks[i], "o") && !(isupper((unsigned char)s[n + 1]) || s[n + 1] == '(')) continue;
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

/* "1 Introduction<TAB>1", "Confidentiality ........ 6" */
static bool contents_entry(const char *t) {
  size_t n = strlen(t);
  size_t k = 0;
  while (k < n && isdigit((unsigned char)t[n - 1 - k])) k++;
  if (k == 0 || k > 3 || k == n) return false;
  char before = t[n - 1 - k];
  return before == '\t' || before == '.' || (before == ' ' && n - k >= 2 && t[n - k - 2] == ' ');
}

/* ---- lines --------------------------------------------------------------- */

typedef enum { L_BLANK, L_TEXT, L_CLAUSE, L_SECTION, L_HEADING, L_ITEM, L_PROSE } lkind;

typedef struct line {
  char *s; /* trimmed */
  int no;
  bool drop;
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
  while (len && isspace((unsigned char)*s)) { s++; len--; }
  while (len && isspace((unsigned char)s[len - 1])) len--;
  line *l = &L->v[L->n++];
  memset(l, 0, sizeof *l);
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

/* Text whose line breaks were lost: break before clause numbers, lettered
 * items after ':' or ';', and bullets. */
static void split_long(lines *L, const char *s, size_t len, int no) {
  size_t start = 0;
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
      brk = (strchr(".:;", prev) || upper_word_before(s, j + 2)) &&
            (isupper((unsigned char)nx) || nx == '(' || (unsigned char)nx >= 0x80);
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
}

static void note_drop(const char *path, line *l, const char *why, imp_doc *doc, diag_list *d) {
  l->drop = true;
  doc->dropped_lines++;
  doc->dropped_words += count_words(l->s);
  diag_add(d, DIAG_NOTE, path, l->no, 1, "dropped %s: '%s'", why, l->s);
}

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
      else if ((size_t)(uintptr_t)strmap_get(seen, l->s) >= 3)
        note_drop(path, l, "header or footer repeated on several pages", doc, d);
    }
    free(b);
  }
  strmap_free(seen);
}

/* ---- reading each line --------------------------------------------------- */

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
      l->number = xstrdup("");
      l->number = xrealloc(l->number, k + 1);
      memcpy(l->number, t, k);
      l->number[k] = 0;
      const char *r = t + k;
      while (*r == ' ') r++;
      l->text = xstrdup(r);
    } else if ((k = section_number(t)) && title_like(t + k + strspn(t + k, " "), 12)) {
      l->kind = L_SECTION;
      l->number = xmalloc(k + 1);
      memcpy(l->number, t, k);
      l->number[k] = 0;
      const char *r = t + k;
      while (*r == ' ') r++;
      l->text = xstrdup(r);
    } else if ((k = item_label(t))) {
      l->kind = L_ITEM;
      l->label = xmalloc(k + 1);
      memcpy(l->label, t, k);
      l->label[k] = 0;
      while (l->label[k - 1] == ' ') l->label[--k] = 0;
      const char *r = t + k;
      while (*r == ' ') r++;
      l->text = xstrdup(r);
    } else if (bl) {
      l->kind = L_ITEM;
      l->text = xstrdup(t);
    } else if (date_line(t)) {
      l->kind = L_PROSE;
      l->text = xstrdup(t);
    } else if (mdh && *t) {
      l->kind = L_HEADING;
      l->text = xstrdup(t);
    } else if (upper_line(t) && count_words(t) <= 12 && !ends_sentence(t)) {
      l->kind = L_HEADING;
      l->text = xstrdup(t);
    } else {
      l->kind = L_TEXT;
      l->text = xstrdup(t);
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
        (next->kind == L_TEXT) && isupper((unsigned char)next->text[0]))
      l->clause_head = true;
    /* a short capitalised line on its own ("Key Points", "Members") */
    if (l->kind == L_TEXT && blank_before && blank_after && title_like(l->text, 8) && next &&
        next->kind != L_ITEM && !(next->kind == L_TEXT && islower((unsigned char)next->text[0]))) {
      l->kind = L_HEADING;
      l->guessed = true;
    }
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

static void append_text(imp_unit *u, const char *t) {
  size_t a = strlen(u->text), b = strlen(t);
  bool dehyph = a >= 2 && u->text[a - 1] == '-' && isalpha((unsigned char)u->text[a - 2]) &&
                islower((unsigned char)t[0]);
  char *n = xmalloc(a + b + 2);
  memcpy(n, u->text, a);
  size_t o = a;
  if (dehyph) o--;
  else if (a) n[o++] = ' ';
  memcpy(n + o, t, b + 1);
  free(u->text);
  u->text = n;
}

static bool open_kind(imp_kind k) { return k == IMP_PARA || k == IMP_CLAUSE || k == IMP_ITEM; }

static void assemble(const char *path, lines *L, imp_doc *doc, diag_list *d) {
  bool blank = true;
  long cur = -1;
  for (size_t i = 0; i < L->n; i++) {
    line *l = &L->v[i];
    if (l->drop) continue; /* page furniture: the text around it joins up */
    if (l->kind == L_BLANK) {
      blank = true;
      continue;
    }
    imp_unit *u;
    switch (l->kind) {
    case L_TEXT:
      if (cur >= 0 && open_kind(doc->u[cur].kind) &&
          (!blank || islower((unsigned char)l->text[0]) || !*doc->u[cur].text)) {
        if (blank && *doc->u[cur].text)
          diag_add(d, DIAG_NOTE, path, l->no, 1, "joined to the paragraph of line %d "
                   "(it starts in lower case: a page break?)", doc->u[cur].line);
        append_text(&doc->u[cur], l->text);
      } else {
        u = new_unit(doc, IMP_PARA, l->no);
        u->text = xstrdup(l->text);
        cur = (long)(u - doc->u);
      }
      break;
    case L_CLAUSE:
      u = new_unit(doc, l->clause_head ? IMP_CLAUSE_HEADING : IMP_CLAUSE, l->no);
      u->number = xstrdup(l->number);
      u->text = xstrdup(l->text);
      cur = l->clause_head ? -1 : (long)(u - doc->u);
      break;
    case L_SECTION:
    case L_HEADING:
      u = new_unit(doc, IMP_HEADING, l->no);
      u->number = l->number ? xstrdup(l->number) : NULL;
      u->text = xstrdup(l->text);
      if (l->guessed)
        diag_warning(d, path, l->no, 1, "read '%s' as a heading (a short line on its own); "
                     "if it is text, join it to the paragraph", l->text);
      cur = -1;
      break;
    case L_ITEM:
      u = new_unit(doc, IMP_ITEM, l->no);
      u->label = l->label ? xstrdup(l->label) : NULL;
      u->text = xstrdup(l->text);
      cur = (long)(u - doc->u);
      break;
    case L_PROSE:
      u = new_unit(doc, IMP_PROSE, l->no);
      u->text = xstrdup(l->text);
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

/* Text before the first section is a title block: prose, and the source of
 * the front matter's title and part. */
static void find_prelude(imp_doc *doc) {
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
      if (doc->u[i].kind == IMP_PARA && count_words(doc->u[i].text) >= 20) {
        anchor = i;
        break;
      }
  if (anchor == doc->n) return;
  size_t start = anchor;
  if (start > 0 && doc->u[start - 1].kind == IMP_HEADING) start--;
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
    }
    u->kind = IMP_PRELUDE;
    char *b = strip_stars(u->text);
    bool is_part = prefix_ci(b, "part ");
    if (is_part && !doc->part) {
      char *colon = strchr(b, ':');
      if (colon && colon[1] == 0) *colon = 0;
      doc->part = xstrdup(b);
    }
    char *low = lower_dup(b);
    if (!is_part && !doc->title && strstr(low, "protocol")) doc->title = xstrdup(b);
    free(low);
    free(b);
  }
}

/* Heading levels, and warnings for numbers out of sequence. */
static void check_structure(const char *path, imp_doc *doc, diag_list *d) {
  long sec = -1;
  bool seen_numbered_section = false;
  char *prev = NULL;
  for (size_t i = 0; i < doc->n; i++) {
    imp_unit *u = &doc->u[i];
    if (u->kind == IMP_HEADING) {
      if (u->number) {
        long n = strtol(u->number, NULL, 10);
        if (sec >= 0 && n != sec + 1)
          diag_warning(d, path, u->line, 1, "section %s follows section %ld: a number out of "
                       "sequence (kept as printed)", u->number, sec);
        sec = n;
        seen_numbered_section = true;
        u->level = 2;
        free(prev);
        prev = NULL;
      } else {
        u->level = doc->numbered && seen_numbered_section ? 3 : 2;
      }
    } else if (u->kind == IMP_CLAUSE || u->kind == IMP_CLAUSE_HEADING) {
      long first = strtol(u->number, NULL, 10);
      if (sec >= 0 && first != sec)
        diag_warning(d, path, u->line, 1, "clause %s is in section %ld: numbering restarts or "
                     "is misprinted (kept as printed; Concord gives it the canonical number)",
                     u->number, sec);
      if (prev) {
        /* the last component should follow the previous clause's */
        const char *a, *b;
        char *pa = xstrdup(prev), *pb = xstrdup(u->number);
        size_t la = strlen(pa), lb = strlen(pb);
        if (la && pa[la - 1] == '.') pa[--la] = 0;
        if (lb && pb[lb - 1] == '.') pb[--lb] = 0;
        a = strrchr(pa, '.');
        b = strrchr(pb, '.');
        if (a && b && (a - pa) == (b - pb) && !strncmp(pa, pb, (size_t)(a - pa)) &&
            strtol(b + 1, NULL, 10) != strtol(a + 1, NULL, 10) + 1)
          diag_warning(d, path, u->line, 1, "clause %s follows clause %s: a number out of "
                       "sequence (kept as printed)", u->number, prev);
        free(pa);
        free(pb);
      }
      free(prev);
      prev = xstrdup(u->number);
    }
  }
  free(prev);
}

int import_text_parse(const char *path, const char *data, size_t len, imp_doc *doc,
                      diag_list *d) {
  memset(doc, 0, sizeof *doc);
  char *text = decode(path, data, len, d);
  if (!text) return -1;
  lines L = {NULL, 0, 0};
  split_lines(&L, text);
  free(text);
  drop_furniture(path, &L, doc, d);
  classify(&L);
  assemble(path, &L, doc, d);
  find_prelude(doc);
  check_structure(path, doc, d);
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
  return 0;
}

void import_doc_free(imp_doc *doc) {
  for (size_t i = 0; i < doc->n; i++) {
    free(doc->u[i].number);
    free(doc->u[i].label);
    free(doc->u[i].text);
  }
  free(doc->u);
  free(doc->title);
  free(doc->part);
  memset(doc, 0, sizeof *doc);
}

bool import_unit_is_clause(const imp_doc *doc, size_t i) {
  imp_kind k = doc->u[i].kind;
  if (doc->numbered) return k == IMP_CLAUSE || k == IMP_CLAUSE_HEADING;
  return k == IMP_PARA;
}

/* ---- Markdown ------------------------------------------------------------ */

static int count_lines(const buf *b) {
  int n = 1;
  for (size_t i = 0; i < b->len; i++) n += b->data[i] == '\n';
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
  buf_puts(out, "---\n");
  imp_kind prev = IMP_PROSE;
  bool first = true;
  for (size_t i = 0; i < doc->n; i++) {
    imp_unit *u = &doc->u[i];
    if (!(u->kind == IMP_ITEM && prev == IMP_ITEM && !first)) buf_putc(out, '\n');
    first = false;
    prev = u->kind;
    u->out_line = count_lines(out);
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
      buf_printf(out, "%s ", u->number);
      md_escape(out, u->text, false, true);
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
    if (at && *at) buf_printf(out, " %s", at);
    buf_putc(out, '\n');
  }
}
