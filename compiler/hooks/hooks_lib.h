/* hooks_lib.h - the `concord` helper library inside hook sandboxes:
 * UTF-8 aware upper/lower/title case (utf8proc; Lua's string.upper is
 * byte- and locale-based), roman numerals, alphabetic
 * labels and log. Documented in docs/lua-hooks.md "The concord library". */
#ifndef CONCORD_HOOKS_LIB_H
#define CONCORD_HOOKS_LIB_H

#include <lua.h>

/* Pushes a new table holding the library's functions. Needs the state to
 * belong to a hooks_sandbox (concord.log writes notes to its diag list). */
int hooks_lib_open(lua_State *L);

#endif
