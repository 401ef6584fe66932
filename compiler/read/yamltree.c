/* yamltree.c - libyaml document -> yt_node tree (see yamltree.h). */
#include "read/yamltree.h"
#include "base/utf8.h"

#include <string.h>
#include <yaml.h>

#define YT_MAX_DEPTH 64
#define YT_MAX_NODES 200000 /* aliases can make a tree explode; refuse */
#define YT_MAX_BYTES (1024 * 1024) /* front matter, taxonomy */

typedef struct {
  arena *a;
  yaml_document_t *doc;
  const char *file;
  int line_offset;
  size_t nodes;
  diag_list *d;
  int failed;
  const char *text; /* the YAML as written: raw bidi controls are warned at by source.c */
  size_t len;
} conv;

/* Does the YAML as written hold a bidirectional control on lines FROM..TO
 * (0-based)? */
static int raw_bidi(const conv *c, size_t from, size_t to) {
  size_t line = 0, start = 0, end;
  for (size_t i = 0; i < c->len && line < from; i++)
    if (c->text[i] == '\n') line++, start = i + 1;
  for (end = start; end < c->len; end++) {
    if (c->text[end] != '\n') continue;
    if (line == to) break;
    line++;
  }
  return start < end && utf8_find_bidi(c->text + start, end - start) != 0;
}

static yt_node *convert(conv *c, yaml_node_t *n, int depth) {
  if (c->failed) return NULL;
  int line = (int)n->start_mark.line + 1 + c->line_offset;
  int col = (int)n->start_mark.column + 1;
  if (depth > YT_MAX_DEPTH || ++c->nodes > YT_MAX_NODES) {
    diag_error(c->d, c->file, line, col,
               "YAML is nested too deeply or too large (aliases?); simplify it");
    c->failed = 1;
    return NULL;
  }
  yt_node *y = arena_alloc(c->a, sizeof *y);
  y->line = line;
  y->col = col;
  switch (n->type) {
  case YAML_SCALAR_NODE:
    y->kind = YT_SCALAR;
    y->scalar = arena_strndup(c->a, (const char *)n->data.scalar.value, n->data.scalar.length);
    y->plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (strlen(y->scalar) != n->data.scalar.length) {
      diag_error(c->d, c->file, line, col, "NUL byte in a YAML value; remove it");
      c->failed = 1;
    } else {
      /* the decoded value: "\e", "\x01", "\u202E" are escapes of YAML's */
      unsigned cp = 0;
      if (utf8_strip_xml_invalid(y->scalar, &cp))
        diag_warning(c->d, c->file, line, col,
                     "control character U+%04X removed from this YAML value: XML, HTML and PDF "
                     "cannot carry it; delete it (or its escape)", cp);
      cp = utf8_find_bidi(y->scalar, strlen(y->scalar));
      if (cp && !raw_bidi(c, n->start_mark.line, n->end_mark.line))
        diag_warning(c->d, c->file, line, col,
                     "Unicode bidirectional control U+%04X (written as an escape): it can make "
                     "the text display in another order than it is written; remove it unless "
                     "the text needs it", cp);
    }
    break;
  case YAML_SEQUENCE_NODE: {
    y->kind = YT_SEQUENCE;
    size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    y->values = arena_alloc(c->a, (cnt + 1) * sizeof(yt_node *));
    for (size_t i = 0; i < cnt; i++) {
      yaml_node_t *child = yaml_document_get_node(c->doc, n->data.sequence.items.start[i]);
      if (child) y->values[y->count++] = convert(c, child, depth + 1);
    }
    break;
  }
  case YAML_MAPPING_NODE: {
    y->kind = YT_MAPPING;
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    y->values = arena_alloc(c->a, (cnt + 1) * sizeof(yt_node *));
    y->keys = arena_alloc(c->a, (cnt + 1) * sizeof(yt_node *));
    for (size_t i = 0; i < cnt; i++) {
      yaml_node_pair_t *p = &n->data.mapping.pairs.start[i];
      yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
      yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
      if (!k || !v) continue;
      yt_node *kn = convert(c, k, depth + 1);
      if (c->failed) break;
      if (kn->kind != YT_SCALAR) {
        diag_error(c->d, c->file, kn->line, kn->col, "YAML mapping keys must be plain words");
        c->failed = 1;
        break;
      }
      for (size_t j = 0; j < y->count; j++) {
        if (strcmp(y->keys[j]->scalar, kn->scalar) == 0) {
          diag_error(c->d, c->file, kn->line, kn->col,
                     "duplicate key '%s' (first on line %d); keep one", kn->scalar, y->keys[j]->line);
          c->failed = 1;
        }
      }
      y->keys[y->count] = kn;
      y->values[y->count++] = convert(c, v, depth + 1);
    }
    break;
  }
  default:
    y->kind = YT_SCALAR;
    y->scalar = arena_strdup(c->a, "");
  }
  return y;
}

/* libyaml's time grows with the square of flow nesting ("[[[[...": 100,000
 * brackets take a minute), so brackets are counted before it runs. Quoted
 * scalars and comments are skipped; a bracket inside a plain scalar
 * ("title: a[1]") may be over-counted, which only matters past
 * YT_MAX_DEPTH. Returns the offset of the first bracket too deep, or -1. */
static long flow_too_deep(const char *text, size_t len) {
  int depth = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = text[i];
    if (ch == '\'' || ch == '"') {
      for (i++; i < len && text[i] != ch; i++)
        if (ch == '"' && text[i] == '\\') i++;
    } else if (ch == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
      while (i < len && text[i] != '\n') i++;
    } else if (ch == '[' || ch == '{') {
      if (++depth > YT_MAX_DEPTH) return (long)i;
    } else if ((ch == ']' || ch == '}') && depth > 0) {
      depth--;
    }
  }
  return -1;
}

int yamltree_parse(arena *a, const char *file, const char *text, size_t len,
                   int line_offset, yt_node **root, diag_list *d) {
  *root = NULL;
  if (len > YT_MAX_BYTES) {
    diag_error(d, file, line_offset + 1, 1,
               "YAML is %zu bytes, more than the %d-byte limit; shorten it", len, YT_MAX_BYTES);
    return -1;
  }
  long deep = flow_too_deep(text, len);
  if (deep >= 0) {
    int line = line_offset + 1, col = 1;
    for (long i = 0; i < deep; i++, col++)
      if (text[i] == '\n') line++, col = 0;
    diag_error(d, file, line, col,
               "YAML brackets nested more than %d deep; simplify it", YT_MAX_DEPTH);
    return -1;
  }
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) {
    diag_error(d, file, 0, 0, "cannot initialise the YAML parser");
    return -1;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  if (!yaml_parser_load(&parser, &doc)) {
    /* libyaml reports where it gave up ("found unexpected end of stream")
       and, for an unclosed quote or bracket, where that began: the start
       is what the writer must look at */
    yaml_mark_t m = parser.context ? parser.context_mark : parser.problem_mark;
    int line = (int)m.line + 1 + line_offset;
    int col = (int)m.column + 1;
    if (parser.context)
      diag_error(d, file, line, col, "YAML: %s (%s that starts here); check the indentation and "
                 "quoting (quote values that contain ': ' or start with a special character)",
                                  parser.problem ? parser.problem : "syntax error",
                 parser.context + (strncmp(parser.context, "while ", 6) == 0 ? 6 : 0));
    else if (parser.problem && strstr(parser.problem, "mapping values are not allowed"))
      diag_error(d, file, line, col, "YAML: %s: a value that contains ': ' must be quoted "
                 "(title: \"Part 4: Codes\"), and a field must not be indented", parser.problem);
    else
      diag_error(d, file, line, col, "YAML: %s; check the indentation and quoting",
                 parser.problem ? parser.problem : "syntax error");
    yaml_parser_delete(&parser);
    return -1;
  }
  conv c = {a, &doc, file, line_offset, 0, d, 0, text, len};
  yaml_node_t *r = yaml_document_get_root_node(&doc);
  if (r) *root = convert(&c, r, 0);
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  if (c.failed) {
    *root = NULL;
    return -1;
  }
  return 0;
}

yt_node *yamltree_get(const yt_node *map, const char *key) {
  if (!map || map->kind != YT_MAPPING) return NULL;
  for (size_t i = 0; i < map->count; i++)
    if (strcmp(map->keys[i]->scalar, key) == 0) return map->values[i];
  return NULL;
}

const char *yamltree_kind_name(yt_kind k) {
  switch (k) {
  case YT_SCALAR: return "a single value";
  case YT_SEQUENCE: return "a list";
  default: return "a mapping";
  }
}
