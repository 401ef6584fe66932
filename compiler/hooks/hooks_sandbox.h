/* hooks_sandbox.h - one sandboxed Lua 5.4 state for one hook file.
 *
 * A hook file may come from another council, so it runs with only base
 * (no load/loadfile/dofile/require/collectgarbage/rawset/print), string
 * (no dump; pattern functions priced by their worst case), table, math,
 * utf8 and the embedded `concord` helper library. Limits:
 *   - memory: a counting lua_Alloc refuses to grow past mem_limit;
 *   - instructions: a count hook charges every VM instruction (and every
 *     line event and pattern step estimate) against a budget;
 *   - wall clock: the same hook gives up after `seconds`.
 * The `concord` helper library (hooks_lib.h) sits above the sandbox: it
 * charges its work to the sandbox, so the sandbox is handed the function
 * that opens it rather than calling it by name.
 * The hook cannot interrupt C functions, so string.find,
 * match, gmatch and gsub are wrapped: a call whose worst-case backtracking
 * cost exceeds the remaining budget is refused before it starts.
 *
 * A state is never shared between documents or hook files (library tables
 * are mutable): make one per (document, hook file).
 *
 * Every Lua API use that can raise an error happens inside
 * hooks_sandbox_call, so an error or memory refusal never reaches the
 * panic function.
 */
#ifndef CONCORD_HOOKS_SANDBOX_H
#define CONCORD_HOOKS_SANDBOX_H

#include <stddef.h>

#include <lua.h>

#include "base/diag.h"

typedef struct hooks_limits {
  size_t mem_limit;       /* bytes; default 64 MiB (CONCORD_LUA_MEMORY, MiB) */
  long long budget;       /* instruction units; CONCORD_LUA_INSTRUCTIONS */
  double seconds;         /* wall-clock guard; CONCORD_LUA_SECONDS */
} hooks_limits;

/* Defaults, overridden by the environment variables above when they hold
 * a positive number. */
hooks_limits hooks_limits_default(void);

typedef struct hooks_sandbox {
  lua_State *L;
  const char *file;        /* hook file as named (for messages); borrowed */
  hooks_limits lim;
  size_t mem_used;
  int mem_refused;         /* the allocator said no at least once */
  long long used;          /* budget units spent */
  double deadline;         /* CLOCK_MONOTONIC seconds */
  const char *limit_hit;   /* static text naming the limit that stopped it */
  int line;                /* last line of the hook file seen executing */
  int fn_line;             /* line where the running hook function starts */
  char *err;               /* last error message (owned), without file:line */
  int err_line;            /* line for err; 0 if unknown */
  diag_list *d;            /* concord.log notes go here */
  lua_CFunction library;   /* pushes the table set as global `concord`; may be NULL */
  int nlogs;
} hooks_sandbox;

/* Creates the state, with LIBRARY's table (NULL: none) as the global
 * `concord`. Returns NULL with an error in D if Lua can't start. */
hooks_sandbox *hooks_sandbox_new(const char *file, hooks_limits lim, lua_CFunction library,
                                 diag_list *d);
/* Closes the state and frees S. NULL: nothing. */
void hooks_sandbox_free(hooks_sandbox *s);

/* Compiles SRC (text only: binary chunks are refused) and runs it.
 * Stores the chunk's first result (or nil) in the registry field
 * "concord.chunk_result". 0, or -1 with
 * s->err / s->err_line set. */
int hooks_sandbox_load(hooks_sandbox *s, const char *src, size_t len);

/* Runs F(UD) in protected mode with the error handler and limits. F may
 * raise errors freely; it must not hold malloc'd memory across calls that
 * can raise. 0, or -1 with s->err / s->err_line set. */
int hooks_sandbox_call(hooks_sandbox *s, lua_CFunction f, void *ud);

/* The sandbox owning L (stored in the state's extra space). */
hooks_sandbox *hooks_sandbox_of(lua_State *L);

/* Charges UNITS against the budget from inside a C function; raises a Lua
 * error naming the limit when it is exhausted. */
void hooks_sandbox_charge(lua_State *L, double units);

#endif
