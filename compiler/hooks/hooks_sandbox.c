/* hooks_sandbox.c - the sandboxed Lua state for hook files (see
 * hooks_sandbox.h and docs/lua-hooks.md "Sandbox"). It relies on four
 * facts of Lua 5.4, each tested on Debian 12: a fresh state is cheap (about
 * 27 us with its libraries), library tables are mutable (so states are
 * never shared), a count hook cannot stop a C function (so the pattern
 * functions are priced first), and a refusing lua_Alloc turns into a clean
 * LUA_ERRMEM that leaves the state usable. */
#define _POSIX_C_SOURCE 200809L
#include "hooks/hooks_sandbox.h"
#include "base/arena.h"
#include "base/buf.h"

#include <lauxlib.h>
#include <lualib.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
  HOOK_PERIOD = 1000,     /* instructions between count-hook calls */
  DEFAULT_MEM_MIB = 64
};
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

/* Counts live bytes and refuses growth past the limit; Lua turns the NULL
 * into LUA_ERRMEM. osize is a size only when ptr is non-NULL. */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  hooks_sandbox *s = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    s->mem_used -= old;
    return NULL;
  }
  /* Once refused, keep refusing growth until the call ends: Lua answers
     each refusal with a full emergency collection, and a heap hovering at
     the limit would otherwise collect over and over (seconds of CPU). */
  if (nsize > old && (s->mem_refused || nsize - old > s->lim.mem_limit ||
                      s->mem_used + (nsize - old) > s->lim.mem_limit)) {
    s->mem_refused = 1;
    return NULL;
  }
  void *p = realloc(ptr, nsize);
  if (!p) {
    s->mem_refused = 1;
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

static void limit_error(lua_State *L, hooks_sandbox *s, const char *what) {
  s->limit_hit = what;
  luaL_error(L, "%s", what);
}

void hooks_sandbox_charge(lua_State *L, double units) {
  hooks_sandbox *s = hooks_sandbox_of(L);
  if (units >= (double)(s->lim.budget - s->used)) {
    s->used = s->lim.budget;
    limit_error(L, s, "instruction budget exhausted");
  }
  s->used += (long long)units;
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  hooks_sandbox *s = hooks_sandbox_of(L);
  /* Lines are what error messages cite, and a memory refusal gives no
     traceback, so remember where the hook file last was. (A line hook
     would be exact but made allocation-heavy loops four times slower.) */
  if (lua_getinfo(L, "l", ar) && ar->currentline > 0) s->line = ar->currentline;
  s->used += HOOK_PERIOD;
  if (s->used >= s->lim.budget) limit_error(L, s, "instruction budget exhausted");
  if (now_seconds() > s->deadline) limit_error(L, s, "time limit exceeded");
}

/* ---- pattern functions priced by their worst case ------------------------- */

/* Lua's matcher backtracks: each quantified item ('*', '+', '-') can retry
 * over up to n positions, '%b' and back-references scan up to n, '?' tries
 * twice, and an unanchored search starts at every position. The product is
 * an upper bound on match steps; refusing calls whose bound exceeds the
 * remaining budget keeps a C-level search from outrunning the count hook. */
static double pattern_price(const char *p, size_t plen, double n, int anchorable) {
  double price = 1;
  size_t i = 0;
  if (anchorable && plen && p[0] == '^') i = 1;
  else price = n + 1;
  n = n + 1;
  while (i < plen) {
    char c = p[i];
    size_t single_end;
    if (c == '(' || c == ')') {
      i++;
      continue;
    }
    if (c == '%' && i + 1 < plen) {
      char e = p[i + 1];
      if (e == 'b') {
        price *= n;
        i += 4;
        continue;
      }
      if (e == 'f') {
        i += 2;
        if (i < plen && p[i] == '[') {
          i++;
          if (i < plen && p[i] == '^') i++;
          if (i < plen) i++;
          while (i < plen && p[i] != ']') i += (p[i] == '%') ? 2 : 1;
          i++;
        }
        continue;
      }
      if (e >= '0' && e <= '9') price *= n;
      single_end = i + 2;
    } else if (c == '[') {
      size_t j = i + 1;
      if (j < plen && p[j] == '^') j++;
      if (j < plen) j += (p[j] == '%') ? 2 : 1; /* a leading ']' is literal */
      while (j < plen && p[j] != ']') j += (p[j] == '%') ? 2 : 1;
      single_end = j + 1;
    } else {
      single_end = i + 1;
    }
    if (single_end < plen) {
      char q = p[single_end];
      if (q == '*' || q == '+' || q == '-') {
        price *= n;
        single_end++;
      } else if (q == '?') {
        price *= 2;
        single_end++;
      }
    }
    i = single_end;
  }
  return price;
}

static int has_specials(const char *p, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (strchr("^$*+?.([%-", p[i])) return 1;
  return 0;
}

/* Upvalue 1: the original function. Upvalue 2: 1 for find (plain flag is
 * argument 4), 2 for gmatch (no anchor), 0 otherwise. */
static int guarded_pattern(lua_State *L) {
  size_t n, plen;
  luaL_checklstring(L, 1, &n);
  const char *p = luaL_checklstring(L, 2, &plen);
  int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
  double price;
  if ((kind == 1 && lua_toboolean(L, 4)) || !has_specials(p, plen))
    price = (double)n + 1;
  else
    price = pattern_price(p, plen, (double)n, kind != 2);
  hooks_sandbox *s = hooks_sandbox_of(L);
  if (price >= (double)(s->lim.budget - s->used)) {
    s->limit_hit = "pattern too costly";
    return luaL_error(L, "pattern '%s' on %d bytes could take up to %f steps, more than "
                      "the instruction budget left: use plain find (string.find(s, text, 1, "
                      "true)) or fewer '*', '+', '-' items", p, (int)n, (lua_Number)price);
  }
  s->used += (long long)price;
  int top = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, top, LUA_MULTRET);
  return lua_gettop(L);
}

static void guard_string_functions(lua_State *L) {
  static const struct {
    const char *name;
    int kind;
  } fns[] = {{"find", 1}, {"match", 0}, {"gmatch", 2}, {"gsub", 0}};
  lua_getglobal(L, "string");
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    lua_getfield(L, -1, fns[i].name);
    lua_pushinteger(L, fns[i].kind);
    lua_pushcclosure(L, guarded_pattern, 2);
    lua_setfield(L, -2, fns[i].name);
  }
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
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
  guard_string_functions(L);
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
  if (status == LUA_OK) return 0;
  int line = s->line ? s->line : s->fn_line;
  if (status == LUA_ERRMEM || s->mem_refused) {
    buf b = BUF_INIT;
    buf_printf(&b, "memory limit of %zu MiB exceeded", s->lim.mem_limit >> 20);
    set_error(s, buf_cstr(&b), line);
    buf_free(&b);
  } else if (status == LUA_ERRRUN && lua_type(L, -1) == LUA_TSTRING) {
    const char *m = lua_tostring(L, -1);
    char *end;
    long l = strtol(m, &end, 10);
    if (*end == '\n') {
      line = l > 0 ? (int)l : line;
      m = end + 1;
    }
    buf b = BUF_INIT;
    if (s->limit_hit && strcmp(s->limit_hit, "instruction budget exhausted") == 0)
      buf_printf(&b, "instruction budget of %lld exhausted (a runaway loop?)", s->lim.budget);
    else if (s->limit_hit && strcmp(s->limit_hit, "time limit exceeded") == 0)
      buf_printf(&b, "time limit of %g s exceeded", s->lim.seconds);
    else
      buf_puts(&b, m);
    set_error(s, buf_cstr(&b), line);
    buf_free(&b);
  } else {
    set_error(s, "error while handling an error (is the hook recursing without end?)", line);
  }
  lua_settop(L, 0);
  return -1;
}

int hooks_sandbox_call(hooks_sandbox *s, lua_CFunction f, void *ud) {
  lua_State *L = s->L;
  s->limit_hit = NULL;
  s->mem_refused = 0;
  if (s->used >= s->lim.budget) {
    set_error(s, "instruction budget exhausted by earlier hooks", s->line);
    return -1;
  }
  s->deadline = now_seconds() + s->lim.seconds;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_PERIOD);
  lua_settop(L, 0);
  lua_pushcfunction(L, on_error);
  lua_pushcfunction(L, f);
  lua_pushlightuserdata(L, ud);
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
