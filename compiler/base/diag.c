/* diag.c - diagnostics list (see diag.h). */
#include "base/diag.h"
#include "base/arena.h"
#include "base/buf.h"

#include <stdarg.h>
#include <utf8proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_list_init(diag_list *d) { memset(d, 0, sizeof *d); }

void diag_list_free(diag_list *d) {
  for (size_t i = 0; i < d->count; i++) {
    free(d->items[i].file);
    free(d->items[i].message);
  }
  free(d->items);
  memset(d, 0, sizeof *d);
}

/* Control characters shown as text: newline, CR and tab as \n \r \t,
 * other C0 and DEL as \x1b, C1 (U+0080-U+009F) as \u009b, and a byte
 * that is not UTF-8 as \xff. A message quotes source text, and a terminal
 * must not act on it: ESC ] 0; sets the window title, ESC [2J clears the
 * screen, a newline forges a diagnostic line of its own. */
void diag_escape(buf *b, const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      buf_printf(b, "\\x%02x", (unsigned char)s[i]);
      i++;
      continue;
    }
    if (cp == '\n') buf_puts(b, "\\n");
    else if (cp == '\r') buf_puts(b, "\\r");
    else if (cp == '\t') buf_puts(b, "\\t");
    else if (cp < 0x20 || cp == 0x7f) buf_printf(b, "\\x%02x", (unsigned)cp);
    else if (cp >= 0x80 && cp <= 0x9f) buf_printf(b, "\\u%04x", (unsigned)cp);
    else buf_put(b, s + i, (size_t)n);
    i += (size_t)n;
  }
}

static int needs_escape(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p >= 0x7F) return 1; /* control, or not ASCII: check it */
  return 0;
}

void diag_add(diag_list *d, diag_severity sev, const char *file, int line, int col,
              const char *fmt, ...) {
  if (d->count == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->items = xrealloc(d->items, d->cap * sizeof *d->items);
  }
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
  msg[0] = '\0';
  if (n > 0) {
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  if (needs_escape(msg)) {
    buf e = BUF_INIT;
    diag_escape(&e, msg, strlen(msg));
    free(msg);
    msg = buf_detach(&e);
  }
  diag *g = &d->items[d->count++];
  g->severity = sev;
  g->file = file ? xstrdup(file) : NULL;
  g->line = line;
  g->col = col;
  g->message = msg;
  if (sev == DIAG_ERROR) d->errors++;
  if (sev == DIAG_WARNING) d->warnings++;
}

static int diag_cmp(const diag *a, const diag *b) {
  int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  if (c) return c;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  if (a->col != b->col) return a->col < b->col ? -1 : 1;
  return 0;
}

void diag_list_sort(diag_list *d) {
  /* insertion sort: stable, and lists are short */
  for (size_t i = 1; i < d->count; i++) {
    diag tmp = d->items[i];
    size_t j = i;
    while (j > 0 && diag_cmp(&d->items[j - 1], &tmp) > 0) {
      d->items[j] = d->items[j - 1];
      j--;
    }
    d->items[j] = tmp;
  }
}

const char *diag_severity_name(diag_severity s) {
  switch (s) {
  case DIAG_ERROR: return "error";
  case DIAG_WARNING: return "warning";
  default: return "note";
  }
}

char *diag_format(const diag *g) {
  buf b = BUF_INIT;
  if (g->file) {
    diag_escape(&b, g->file, strlen(g->file));
    if (g->line > 0) buf_printf(&b, ":%d:%d", g->line, g->col > 0 ? g->col : 1);
    buf_puts(&b, ": ");
  } else {
    buf_puts(&b, "concord: ");
  }
  buf_printf(&b, "%s: %s", diag_severity_name(g->severity), g->message);
  return buf_detach(&b);
}
