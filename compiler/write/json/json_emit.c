/* json_emit.c - streaming JSON in jansson's JSON_INDENT(1) layout (see
 * json_emit.h). */
#include "write/json/json_emit.h"

#include <stdlib.h>
#include <string.h>

void json_emit_init(json_emit *e, buf *out) {
  e->out = out;
  e->depth = 0;
}

/* A newline and the indentation of DEPTH (one space a level). */
static void newline(json_emit *e, size_t depth) {
  static const char sp[] = "\n                                ";
  buf *b = e->out;
  if (depth < sizeof sp - 1) {
    buf_put(b, sp, depth + 1);
    return;
  }
  buf_putc(b, '\n');
  for (size_t i = 0; i < depth; i++) buf_putc(b, ' ');
}

/* Before a member or an element: the comma after the previous one and
 * the new line jansson starts each on. */
static void next_entry(json_emit *e) {
  size_t d = e->depth;
  if (!e->empty[d - 1]) buf_putc(e->out, ',');
  e->empty[d - 1] = 0;
  newline(e, d);
}

/* Where a value starts: in an array it is an element (after a key it is
 * the member's value and next_entry has been done by the key). */
static void value(json_emit *e) {
  if (e->depth && e->kind[e->depth - 1] == '[') next_entry(e);
}

static void open_container(json_emit *e, char kind) {
  value(e);
  if (e->depth == JSON_EMIT_MAX_DEPTH) abort(); /* a writer's bug, not input */
  buf_putc(e->out, kind);
  e->kind[e->depth] = kind;
  e->empty[e->depth] = 1;
  e->depth++;
}

void json_emit_object(json_emit *e) { open_container(e, '{'); }
void json_emit_array(json_emit *e) { open_container(e, '['); }

void json_emit_end(json_emit *e) {
  size_t d = --e->depth;
  if (!e->empty[d]) newline(e, d);
  buf_putc(e->out, e->kind[d] == '{' ? '}' : ']');
}

/* Which bytes end a run of bytes written as they are: NUL, the controls,
 * quote and backslash. One load a byte, where three comparisons were most
 * of the time of a corpus.json made mostly of clause text. */
static const unsigned char stops[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, ['"'] = 1, ['\\'] = 1};

/* S's bytes, escaped as jansson escapes them: quote, backslash and the
 * control characters; everything else (UTF-8 included) as it is. */
static void escaped(buf *b, const char *s) {
  const char *run = s;
  for (;; s++) {
    unsigned char c = (unsigned char)*s;
    if (!stops[c]) continue;
    if (s > run) buf_put(b, run, (size_t)(s - run));
    if (!c) return;
    run = s + 1;
    char esc[7] = {'\\', 0};
    size_t n = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    default: {
      static const char hex[] = "0123456789ABCDEF";
      memcpy(esc + 1, "u00", 3);
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      n = 6;
    }
    }
    buf_put(b, esc, n);
  }
}

void json_emit_key(json_emit *e, const char *key) {
  next_entry(e);
  buf_putc(e->out, '"');
  escaped(e->out, key);
  buf_put(e->out, "\": ", 3);
}

void json_emit_str(json_emit *e, const char *s) {
  if (!s) {
    json_emit_null(e);
    return;
  }
  value(e);
  buf_putc(e->out, '"');
  escaped(e->out, s);
  buf_putc(e->out, '"');
}

void json_emit_str2(json_emit *e, const char *a, char sep, const char *b) {
  value(e);
  buf_putc(e->out, '"');
  escaped(e->out, a);
  buf_putc(e->out, sep);
  escaped(e->out, b);
  buf_putc(e->out, '"');
}

void json_emit_null(json_emit *e) {
  value(e);
  buf_put(e->out, "null", 4);
}

void json_emit_int(json_emit *e, long long v) {
  value(e);
  /* what "%lld" writes, without printf: an integer per clause and
     position made it a sixth of corpus.json's time */
  char tmp[24];
  size_t k = sizeof tmp;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    tmp[--k] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) tmp[--k] = '-';
  buf_put(e->out, tmp + k, sizeof tmp - k);
}

void json_emit_bool(json_emit *e, int v) {
  value(e);
  if (v) buf_put(e->out, "true", 4);
  else buf_put(e->out, "false", 5);
}

void json_emit_kstr(json_emit *e, const char *key, const char *s) {
  json_emit_key(e, key);
  json_emit_str(e, s);
}

void json_emit_kint(json_emit *e, const char *key, long long v) {
  json_emit_key(e, key);
  json_emit_int(e, v);
}
