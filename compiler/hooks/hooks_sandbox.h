/* hooks_sandbox.h - one sandboxed Lua 5.4 state for one hook file.
 *
 * A hook file may come from another council, so it runs with only base
 * (no load/loadfile/dofile/require/collectgarbage/rawset/print), string
 * (no dump), table, math, utf8 and what the LIBRARY callback adds (the
 * charged standard library of hooks_stdlib.h and the `concord` table of
 * hooks_lib.h; they sit above the sandbox and charge their work to it, so
 * the sandbox is handed the function that opens them). Limits:
 *   - memory: a counting lua_Alloc refuses to grow past mem_limit;
 *   - instructions: a count hook charges every VM instruction, and the
 *     allocator and the C functions charge the work they do, against a
 *     budget;
 *   - wall clock: the same hook gives up after `seconds` (monotonic).
 * A limit, once tripped, stays tripped: the count hook then runs at every
 * instruction and raises again, growth is refused, pcall and xpcall re-raise
 * instead of catching, and xpcall runs its message handler after the stack
 * unwinds, under the count hook (Lua would run it inside the hook, where
 * hooks are off). The state refuses every later call.
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

#include "base/buf.h"
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
  int tripped;             /* a limit was hit: everything raises from now on */
  int running;
  int refused;             /* the last growth request was refused ... */
  void *refused_ptr;       /* ... this one (the retry after a collection */
  size_t refused_size;     /*     trips the memory limit) */             /* inside hooks_sandbox_call (allocations charged) */
  long long used;          /* budget units spent */
  double deadline;         /* CLOCK_MONOTONIC seconds */
  const char *limit_hit;   /* static text naming the limit that tripped */
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

/* Charges UNITS against the budget from inside a C function, before the
 * work they stand for; trips the sandbox (raising the limit's error) when
 * the budget is exhausted, the clock has run out or a limit tripped
 * before. */
void hooks_sandbox_charge(lua_State *L, double units);

/* Nonzero once a limit has tripped in this state: the state then refuses
 * to run anything more, and pcall/xpcall re-raise instead of catching. */
int hooks_sandbox_tripped(lua_State *L);


/* Budget units left (0 once exhausted). */
long long hooks_sandbox_budget_left(lua_State *L);

#endif
