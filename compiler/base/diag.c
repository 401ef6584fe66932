/* diag.c - diagnostics list (see diag.h). */
#include "base/diag.h"
#include "base/arena.h"
#include "base/buf.h"

#include <stdarg.h>
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

/* Appends S to B with control characters shown as text: C0 and DEL as
 * \x1b, C1 (U+0080-U+009F) as \u009b. A message quotes source text, and
 * a terminal must not act on it: ESC ] 0; sets the window title, ESC [2J
 * clears the screen, a newline forges a diagnostic line of its own. */
static void put_escaped(buf *b, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x20 || *p == 0x7F) buf_printf(b, "\\x%02x", *p);
    else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) buf_printf(b, "\\u%04x", *++p);
    else buf_putc(b, (char)*p);
  }
}

static int has_control(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == 0x7F || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)) return 1;
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
  if (has_control(msg)) {
    buf e = BUF_INIT;
    put_escaped(&e, msg);
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
    put_escaped(&b, g->file);
    if (g->line > 0) buf_printf(&b, ":%d:%d", g->line, g->col > 0 ? g->col : 1);
    buf_puts(&b, ": ");
  } else {
    buf_puts(&b, "concord: ");
  }
  buf_printf(&b, "%s: %s", diag_severity_name(g->severity), g->message);
  return buf_detach(&b);
}
