/* hooks_view.h - the table views hooks see and the rules for what a hook
 * may change (docs/lua-hooks.md "Views" and "What a hook may change").
 *
 * A view is a fresh Lua table built from the model for each call. When a
 * hook returns a table, hooks_view_apply copies the writable fields back
 * into the model and raises a Lua error for anything else: read-only
 * fields that differ (a hook must not reword a provision), unknown
 * fields, wrong types, invalid UTF-8, control characters or ids that are
 * not ids. Id changes are logged so the validation after the hooks can
 * blame the hook line that made an id clash or a reference dangle.
 *
 * All functions run inside hooks_sandbox_call (they may raise).
 */
#ifndef CONCORD_HOOKS_VIEW_H
#define CONCORD_HOOKS_VIEW_H

#include <lua.h>

#include "hooks/hooks_sandbox.h"
#include "model/model.h"

typedef struct hooks_change {
  cc_id_kind kind;
  void *node;
  const char *old_id, *new_id; /* arena strings */
  const char *file;            /* hook file */
  int line;
  const char *element;         /* "Clause(brent#para-3.4)" */
} hooks_change;

/* What one call is about. */
typedef struct hooks_target {
  cc_document *doc;
  hooks_sandbox *s;
  cc_id_kind kind;      /* CC_ID_NONE: the document */
  void *node;
  const char *element;  /* for messages and the change log */
  /* the change log of the document (xrealloc'd, owned by the driver) */
  hooks_change **changes;
  size_t *nchanges, *capchanges;
} hooks_target;

/* Pushes the view of t->node (or of the document). */
void hooks_view_push(lua_State *L, const hooks_target *t);

/* Applies the table at IDX to t->node; raises on violations. */
void hooks_view_apply(lua_State *L, const hooks_target *t, int idx);

/* Copies the string at IDX into *FIELD after the checks every string a
 * hook sets gets (UTF-8, no control characters, at most MAX bytes). false
 * resets *FIELD to NULL; WHAT names it in messages. */
void hooks_view_set_string(lua_State *L, const hooks_target *t, int idx, char **field,
                           size_t max, const char *what);

#endif
