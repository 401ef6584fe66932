/* hooks_sandbox.c - the sandboxed Lua state for hook files (see
 * hooks_sandbox.h and docs/lua-hooks.md "Sandbox"). It relies on four
 * facts of Lua 5.4, each tested on Debian 12: a fresh state is cheap (about
 * 27 us with its libraries), library tables are mutable (so states are
 * never shared), a count hook cannot stop a C function (so C functions
 * are charged before they run, hooks_stdlib.c), and a refusing lua_Alloc
 * turns into a clean LUA_ERRMEM that leaves the state usable. A fifth
 * shaped the limits: an error raised by the count hook runs the message
 * handler with hooks off (ldo.c luaD_hook clears allowhook, ldebug.c
 * luaG_errormsg calls the handler), so the sandbox's xpcall never lets
 * Lua run a hook's handler. */
#define _POSIX_C_SOURCE 200809L
#include "hooks/hooks_sandbox.h"
#include "base/arena.h"
#include "base/buf.h"

#include <lauxlib.h>
#include <lualib.h>
#include <utf8proc.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
  HOOK_PERIOD = 1000,     /* instructions between count-hook calls */
  DEFAULT_MEM_MIB = 64,
  ALLOC_BYTES_PER_UNIT = 16, /* bytes allocated per budget unit charged */
  MAX_ERROR_BYTES = 1000     /* of a hook's error message, in a diagnostic */
};
static const char LIMIT_BUDGET[] = "instruction budget exhausted";
static const char LIMIT_TIME[] = "time limit exceeded";
static const char LIMIT_MEMORY[] = "memory limit exceeded";
#define DEFAULT_BUDGET 50000000LL /* ~0.2 s of plain Lua */
#define DEFAULT_SECONDS 1.0

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double env_number(const char *name) {
  const char *s = getenv(name);
  if (!s || !*s) return 0;
  char *end;
  double v = strtod(s, &end);
  return (*end || v <= 0) ? 0 : v;
}

hooks_limits hooks_limits_default(void) {
  hooks_limits l = {(size_t)DEFAULT_MEM_MIB << 20, DEFAULT_BUDGET, DEFAULT_SECONDS};
  double v = env_number("CONCORD_LUA_MEMORY");
  if (v > 0 && v < 65536) l.mem_limit = (size_t)(v * 1048576.0);
  v = env_number("CONCORD_LUA_INSTRUCTIONS");
  if (v > 0 && v < 1e15) l.budget = (long long)v;
  v = env_number("CONCORD_LUA_SECONDS");
  if (v > 0) l.seconds = v;
  return l;
}

hooks_sandbox *hooks_sandbox_of(lua_State *L) {
  hooks_sandbox *s;
  memcpy(&s, lua_getextraspace(L), sizeof s);
  return s;
}

/* ---- memory -------------------------------------------------------------- */

static void count_hook(lua_State *L, lua_Debug *ar);

/* Marks the sandbox tripped where no error can be raised (the allocator):
 * the refusal becomes LUA_ERRMEM, and the count hook, re-armed to run at
 * every instruction (lua_sethook is safe anywhere, even in a signal
 * handler), raises the limit's error again before anything else runs. */
static void trip_quietly(hooks_sandbox *s, const char *what) {
  if (!s->tripped) {
    s->tripped = 1;
    s->limit_hit = what;
  }
  if (s->running) lua_sethook(s->L, count_hook, LUA_MASKCOUNT, 1);
}

/* Counts live bytes and refuses growth past the limit; Lua turns the NULL
 * into LUA_ERRMEM. osize is a size only when ptr is non-NULL.
 * Growth is also charged to the instruction budget (ALLOC_BYTES_PER_UNIT
 * bytes a unit): work a C function or a VM instruction does without the
 * count hook seeing it (string.rep, table.concat, `..`) mostly produces
 * bytes, and charging them here stops such work where it happens rather
 * than 1000 instructions later. */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  hooks_sandbox *s = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    s->mem_used -= old;
    return NULL;
  }
  if (nsize > old) {
    /* Lua answers a refusal with a full emergency collection and asks
       again for the same block: only a second refusal of that request
       trips the limit. Once tripped, keep refusing growth: a heap
       hovering at the limit would otherwise collect over and over
       (seconds of CPU). */
    if (s->tripped) return NULL;
    if (nsize - old > s->lim.mem_limit || s->mem_used + (nsize - old) > s->lim.mem_limit) {
      if (s->refused_ptr == ptr && s->refused_size == nsize && s->refused)
        trip_quietly(s, LIMIT_MEMORY);
      s->refused = 1;
      s->refused_ptr = ptr;
      s->refused_size = nsize;
      return NULL;
    }
    s->refused = 0;
    if (s->running) {
      s->used += (long long)((nsize - old) / ALLOC_BYTES_PER_UNIT);
      if (s->used >= s->lim.budget) {
        trip_quietly(s, LIMIT_BUDGET);
        return NULL;
      }
    }
  }
  void *p = realloc(ptr, nsize);
  if (!p) {
    if (nsize > old) trip_quietly(s, LIMIT_MEMORY);
    return NULL;
  }
  s->mem_used = s->mem_used - old + nsize;
  return p;
}

static int on_panic(lua_State *L) {
  /* Unreachable by design (every call is protected); abort loudly rather
     than continue with a broken state. */
  (void)L;
  abort();
}

/* ---- instruction budget and wall clock ----------------------------------- */

/* Trips the sandbox: from here on every VM instruction (count 1), every
 * allocation that grows, every charge and every pcall/xpcall that catches
 * an error raises the limit's error again, so nothing the hook does can
 * catch the error and carry on. */
static void trip(lua_State *L, hooks_sandbox *s, const char *what) {
  if (!s->tripped) {
    s->tripped = 1;
    s->limit_hit = what;
  }
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  luaL_error(L, "%s", s->limit_hit);
  abort(); /* luaL_error does not return */
}

void hooks_sandbox_charge(lua_State *L, double units) {
  hooks_sandbox *s = hooks_sandbox_of(L);
  if (s->tripped) trip(L, s, s->limit_hit);
  if (!(units < (double)(s->lim.budget - s->used))) { /* also NaN: never cast it */
    s->used = s->lim.budget;
    trip(L, s, LIMIT_BUDGET);
  }
  s->used += (long long)units;
  /* a large charge stands for C work about to run: check the clock too */
  if (units >= HOOK_PERIOD && now_seconds() > s->deadline) trip(L, s, LIMIT_TIME);
}

int hooks_sandbox_tripped(lua_State *L) { return hooks_sandbox_of(L)->tripped; }

long long hooks_sandbox_budget_left(lua_State *L) {
  hooks_sandbox *s = hooks_sandbox_of(L);
  return s->used < s->lim.budget ? s->lim.budget - s->used : 0;
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  hooks_sandbox *s = hooks_sandbox_of(L);
  if (s->tripped) trip(L, s, s->limit_hit);
  /* Lines are what error messages cite, and a memory refusal gives no
     traceback, so remember where the hook file last was. (A line hook
     would be exact but made allocation-heavy loops four times slower.) */
  if (lua_getinfo(L, "l", ar) && ar->currentline > 0) s->line = ar->currentline;
  s->used += HOOK_PERIOD;
  if (s->used >= s->lim.budget) trip(L, s, LIMIT_BUDGET);
  if (now_seconds() > s->deadline) trip(L, s, LIMIT_TIME);
}

/* ---- pcall and xpcall that cannot catch a tripped limit ----------------- */

/* pcall(f, ...): as Lua's, except that once a limit has tripped the error
 * is raised again instead of returned, so `while true do pcall(loop) end`
 * ends. */
static int sandbox_pcall(lua_State *L) {
  luaL_checkany(L, 1);
  int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  if (status != LUA_OK) {
    hooks_sandbox *s = hooks_sandbox_of(L);
    if (status == LUA_ERRMEM) trip_quietly(s, LIMIT_MEMORY);
    if (s->tripped) return lua_error(L);
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  return lua_gettop(L);
}

/* xpcall(f, msgh, ...): Lua runs a message handler where the error was
 * raised, and when the count hook raises the error the handler runs inside
 * the hook, where Lua switches hooks off: `xpcall(error, function() while
 * true do end end)` then loops with no limit. Here the handler runs after
 * the stack unwinds, as an ordinary call under the count hook (the
 * sandbox has no debug library, so a handler could not look at the stack
 * anyway). An error in the handler is returned as its result. */
static int sandbox_xpcall(lua_State *L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_remove(L, 2); /* handler: now at the top, f at 1, arguments 2..n-1 */
  lua_insert(L, 1); /* handler at 1, f at 2, arguments 3..n */
  int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
  hooks_sandbox *s = hooks_sandbox_of(L);
  if (status == LUA_ERRMEM) trip_quietly(s, LIMIT_MEMORY);
  if (status == LUA_OK) {
    lua_pushboolean(L, 1);
    lua_replace(L, 1);
    return lua_gettop(L);
  }
  if (s->tripped) return lua_error(L);
  lua_pushvalue(L, 1);
  lua_insert(L, -2); /* handler, error */
  status = lua_pcall(L, 1, 1, 0);
  if (status == LUA_ERRMEM) trip_quietly(s, LIMIT_MEMORY);
  if (status != LUA_OK && s->tripped) return lua_error(L);
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

/* ---- finalizers ---------------------------------------------------------- */

/* Lua runs __gc finalizers with debug hooks switched off (lgc.c GCTM), so
 * the budget could not stop one, during a collection or at lua_close.
 * setmetatable therefore refuses a metatable with __gc; a __gc added later
 * has no effect (Lua 5.4 marks objects for finalization only when the
 * metatable is set). Upvalue 1: the original setmetatable. */
static int safe_setmetatable(lua_State *L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    int t = lua_rawget(L, 2);
    lua_pop(L, 1);
    if (t != LUA_TNIL)
      return luaL_error(L, "__gc finalizers are not allowed in hooks (they run outside the "
                        "instruction budget)");
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* ---- state set-up ---------------------------------------------------------- */

static int open_sandbox(lua_State *L) {
  static const lua_CFunction openers[] = {luaopen_base, luaopen_string, luaopen_table,
                                          luaopen_math, luaopen_utf8};
  static const char *const names[] = {LUA_GNAME, LUA_STRLIBNAME, LUA_TABLIBNAME,
                                      LUA_MATHLIBNAME, LUA_UTF8LIBNAME};
  for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++) {
    luaL_requiref(L, names[i], openers[i], 1);
    lua_pop(L, 1);
  }
  static const char *const removed[] = {"dofile", "loadfile", "load", "require",
                                        "collectgarbage", "rawset", "print", NULL};
  for (int i = 0; removed[i]; i++) {
    lua_pushnil(L);
    lua_setglobal(L, removed[i]);
  }
  /* luaL_requiref records modules in the registry's _LOADED table; it is
     unreachable without debug/package, but empty it anyway. */
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_pushcfunction(L, sandbox_pcall);
  lua_setglobal(L, "pcall");
  lua_pushcfunction(L, sandbox_xpcall);
  lua_setglobal(L, "xpcall");
  lua_getglobal(L, "setmetatable");
  lua_pushcclosure(L, safe_setmetatable, 1);
  lua_setglobal(L, "setmetatable");
  hooks_sandbox *s = hooks_sandbox_of(L);
  if (s->library) {
    s->library(L);
    lua_setglobal(L, "concord");
  }
  return 0;
}

hooks_sandbox *hooks_sandbox_new(const char *file, hooks_limits lim, lua_CFunction library,
                                 diag_list *d) {
  hooks_sandbox *s = xcalloc(1, sizeof *s);
  s->file = file;
  s->library = library;
  s->lim = lim;
  s->d = d;
  s->L = lua_newstate(limited_alloc, s);
  if (!s->L) {
    diag_error(d, file, 0, 0, "could not start a Lua state for this hook file (out of memory)");
    free(s);
    return NULL;
  }
  memcpy(lua_getextraspace(s->L), &s, sizeof s);
  lua_atpanic(s->L, on_panic);
  if (hooks_sandbox_call(s, open_sandbox, NULL) != 0) {
    diag_error(d, file, 0, 0, "could not set up the Lua sandbox: %s", s->err);
    hooks_sandbox_free(s);
    return NULL;
  }
  return s;
}

void hooks_sandbox_free(hooks_sandbox *s) {
  if (!s) return;
  if (s->L) {
    /* Finalizers (__gc) run during lua_close under the same hook and
       budget; an exhausted budget stops each of them at once. */
    lua_close(s->L);
  }
  free(s->err);
  free(s);
}

/* ---- protected calls and error messages ------------------------------------ */

static void set_error(hooks_sandbox *s, const char *msg, int line) {
  free(s->err);
  s->err = xstrdup(msg);
  s->err_line = line;
}

/* Message handler: runs where the error happened, before the stack
 * unwinds, so it can find the line of the innermost hook-file frame. */
static int on_error(lua_State *L) {
  hooks_sandbox *s = hooks_sandbox_of(L);
  const char *msg = NULL;
  if (lua_type(L, 1) == LUA_TSTRING) {
    msg = lua_tostring(L, 1);
  } else if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
    msg = lua_tostring(L, -1);
  } else {
    msg = lua_pushfstring(L, "error object is a %s value (use error(\"text\") to explain what failed)",
                          luaL_typename(L, 1));
  }
  int line = 0;
  char short_src[LUA_IDSIZE] = "";
  lua_Debug ar;
  for (int level = 0; lua_getstack(L, level, &ar); level++) {
    if (!lua_getinfo(L, "Sl", &ar)) break;
    if (ar.source[0] == '@' && ar.currentline > 0) {
      line = ar.currentline;
      memcpy(short_src, ar.short_src, sizeof short_src);
      break;
    }
  }
  /* Drop Lua's own "file:line: " prefix; the diagnostic carries it. Lua
     shortens long paths ("...ests/x.lua"), so try both spellings. */
  char chunkid[LUA_IDSIZE + 4] = "";
  size_t flen0 = strlen(s->file);
  if (flen0 >= LUA_IDSIZE) { /* lobject.c luaO_chunkid: "..." + the tail */
    memcpy(chunkid, "...", 3);
    memcpy(chunkid + 3, s->file + flen0 - (LUA_IDSIZE - 4), LUA_IDSIZE - 4);
    chunkid[LUA_IDSIZE - 1] = 0;
  }
  const char *prefixes[3] = {s->file, short_src, chunkid};
  for (int i = 0; i < 3; i++) {
    size_t flen = strlen(prefixes[i]);
    if (flen == 0 || strncmp(msg, prefixes[i], flen) != 0 || msg[flen] != ':') continue;
    const char *p = msg + flen + 1;
    int l = 0;
    while (*p >= '0' && *p <= '9') l = l * 10 + (*p++ - '0');
    if (*p == ':' && p[1] == ' ') {
      msg = p + 2;
      if (l > 0) line = l;
      break;
    }
  }
  if (line == 0) line = s->line;
  /* Encode "line\nmessage" so the caller reads both from one value. */
  lua_pushfstring(L, "%d\n%s", line, msg);
  return 1;
}

static int finish_call(hooks_sandbox *s, int status) {
  lua_State *L = s->L;
  s->running = 0;
  if (status == LUA_OK) return 0;
  int line = s->line ? s->line : s->fn_line;
  buf b = BUF_INIT;
  if (s->tripped) {
    /* whatever error object arrived (a handler's, a memory error), the
       limit that tripped is what stopped the hook */
    if (s->limit_hit == LIMIT_BUDGET)
      buf_printf(&b, "instruction budget of %lld exhausted (a runaway loop?)", s->lim.budget);
    else if (s->limit_hit == LIMIT_TIME)
      buf_printf(&b, "time limit of %g s exceeded", s->lim.seconds);
    else
      buf_printf(&b, "memory limit of %zu MiB exceeded", s->lim.mem_limit >> 20);
  } else if (status == LUA_ERRMEM) {
    /* a refusal Lua did not retry after a collection: the same limit */
    buf_printf(&b, "memory limit of %zu MiB exceeded", s->lim.mem_limit >> 20);
  } else if (status == LUA_ERRRUN && lua_type(L, -1) == LUA_TSTRING) {
    const char *m = lua_tostring(L, -1);
    char *end;
    long l = strtol(m, &end, 10);
    if (*end == '\n') {
      line = l > 0 ? (int)l : line;
      m = end + 1;
    }
    /* the hook chose these words (error("...")): one line, no escapes
       for the terminal, and not a megabyte of them */
    size_t mlen = strlen(m);
    diag_escape(&b, m, mlen > MAX_ERROR_BYTES ? MAX_ERROR_BYTES : mlen);
    if (mlen > MAX_ERROR_BYTES) buf_puts(&b, "...");
  } else {
    buf_puts(&b, "error while handling an error (is the hook recursing without end?)");
  }
  set_error(s, buf_cstr(&b), line);
  buf_free(&b);
  lua_settop(L, 0);
  return -1;
}

int hooks_sandbox_call(hooks_sandbox *s, lua_CFunction f, void *ud) {
  lua_State *L = s->L;
  if (s->tripped || s->used >= s->lim.budget) {
    set_error(s, s->limit_hit == LIMIT_TIME ? "time limit exceeded by an earlier hook"
                 : s->limit_hit == LIMIT_MEMORY ? "memory limit exceeded by an earlier hook"
                 : "instruction budget exhausted by earlier hooks", s->line);
    return -1;
  }
  s->deadline = now_seconds() + s->lim.seconds;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_PERIOD);
  lua_settop(L, 0);
  lua_pushcfunction(L, on_error);
  lua_pushcfunction(L, f);
  lua_pushlightuserdata(L, ud);
  s->running = 1;
  int status = lua_pcall(L, 1, 0, 1);
  return finish_call(s, status);
}

typedef struct load_args {
  const char *src;
  size_t len;
} load_args;

static int run_chunk(lua_State *L) {
  hooks_sandbox *s = hooks_sandbox_of(L);
  load_args *a = lua_touserdata(L, 1);
  lua_pushfstring(L, "@%s", s->file);
  /* "t": text only, so bytecode (string.dump output) is refused. */
  int rc = luaL_loadbufferx(L, a->src, a->len, lua_tostring(L, -1), "t");
  if (rc != LUA_OK) return lua_error(L);
  lua_call(L, 0, 1);
  /* the chunk's result stays in the registry for the driver */
  lua_setfield(L, LUA_REGISTRYINDEX, "concord.chunk_result");
  return 0;
}

int hooks_sandbox_load(hooks_sandbox *s, const char *src, size_t len) {
  load_args a = {src, len};
  s->fn_line = 1;
  return hooks_sandbox_call(s, run_chunk, &a);
}
