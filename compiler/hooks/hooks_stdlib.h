/* hooks_stdlib.h - the standard library as a hook sandbox offers it:
 * every function that does work the count hook cannot see is charged for
 * it before it runs, and nothing a hook can print depends on the run.
 *
 * Charged (docs/lua-hooks.md "Sandbox"): the pattern functions at their
 * worst case (subject length, pattern length, quantifiers); plain
 * string.find by a linear-time search; string and utf8 functions and
 * tonumber by the bytes of their string arguments; table.concat, unpack,
 * move, insert, remove and sort by the elements they walk.
 *
 * Deterministic: pairs() and next() visit keys in a fixed order (numbers
 * ascending, then strings in byte order, then false and true, then other
 * keys); tostring() of a table or function is its type name, never an
 * address, and so is string.format's %s (%p is refused); math.random
 * starts from a fixed seed, and math.randomseed() without arguments
 * goes back to it. */
#ifndef CONCORD_HOOKS_STDLIB_H
#define CONCORD_HOOKS_STDLIB_H

#include <lua.h>

/* The fixed seed math.random starts from in every sandbox. */
#define HOOKS_RANDOM_SEED 20240324

/* Replaces the functions above in the state's global tables. Expects base,
 * string, table, math and utf8 to be open; the state must belong to a
 * hooks_sandbox (charges go to its budget). Raises Lua errors: call it
 * protected. Returns 0 (a lua_CFunction). */
int hooks_stdlib_open(lua_State *L);

/* lua_next in the fixed order of pairs(): pops a key, pushes the next key
 * and its value (1), or nothing at the end (0). The table is at IDX. */
int hooks_stdlib_next(lua_State *L, int idx);

/* Pushes the text tostring() gives for the value at IDX: __tostring if
 * the value has one, the value for nil, booleans, numbers and strings,
 * else its type name (or __name), never an address. */
const char *hooks_stdlib_tostring(lua_State *L, int idx, size_t *len);

#endif
