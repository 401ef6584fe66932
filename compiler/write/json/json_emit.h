/* json_emit.h - a streaming JSON writer into a buf, in the bytes jansson's
 * json_dumps(v, JSON_INDENT(1)) gives for the same value.
 *
 * corpus.json and json/ are written with it rather than by building
 * jansson trees and dumping them: the files are the largest text the
 * build writes, and a node, a copy and a UTF-8 check per string cost more
 * than the writing (docs/corpus-json.md keeps jansson's layout, so the
 * bytes do not change). Strings must be valid UTF-8 (the model's are: the
 * reader validates every source). */
#ifndef CONCORD_JSON_EMIT_H
#define CONCORD_JSON_EMIT_H

#include "base/buf.h"

/* Containers nest at most this deep: the writers' shapes, not the input,
 * decide the depth (corpus.json reaches 7). */
#define JSON_EMIT_MAX_DEPTH 16

typedef struct json_emit {
  buf *out;
  size_t depth;
  char kind[JSON_EMIT_MAX_DEPTH];           /* '{' or '[' of each open container */
  unsigned char empty[JSON_EMIT_MAX_DEPTH]; /* nothing written in it yet */
} json_emit;

void json_emit_init(json_emit *e, buf *out);
/* Opens an object or an array (as a value: after a key, or in an array). */
void json_emit_object(json_emit *e);
void json_emit_array(json_emit *e);
/* Closes the innermost container: "{}" / "[]" when it is empty. */
void json_emit_end(json_emit *e);
/* A member's key, in the innermost object; its value follows. */
void json_emit_key(json_emit *e, const char *key);
/* Values. A NULL string is written as null. */
void json_emit_str(json_emit *e, const char *s);
void json_emit_null(json_emit *e);
void json_emit_int(json_emit *e, long long v);
void json_emit_bool(json_emit *e, int v);
/* The string A, SEP and B joined ("slug#id"), without a copy. */
void json_emit_str2(json_emit *e, const char *a, char sep, const char *b);
/* KEY and a string value / null (NULL) / an integer: the common members. */
void json_emit_kstr(json_emit *e, const char *key, const char *s);
void json_emit_kint(json_emit *e, const char *key, long long v);

#endif
