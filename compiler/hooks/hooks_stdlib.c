/* hooks_stdlib.c - the standard library of a hook sandbox, charged and
 * deterministic (see hooks_stdlib.h and docs/lua-hooks.md "Sandbox").
 *
 * The count hook sees only VM instructions: a C function runs to its end
 * unseen. Each C function that can do more than constant work therefore
 * gets a wrapper that charges the budget for the work before it runs (the
 * charge raises when the budget is gone, so the work never starts). Work
 * that produces bytes is also charged by the allocator (hooks_sandbox.c).
 * Wrappers call the original C function directly in their own frame, so
 * Lua's error messages still name the function ("bad argument #1 to
 * 'find'"). */
#include "hooks/hooks_stdlib.h"
#include "hooks/hooks_sandbox.h"

#include <lauxlib.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of C work (scanning, copying) charged as one budget unit: a VM
 * instruction costs a few nanoseconds, a byte of memchr or memcpy well
 * under one. */
#define BYTES_PER_UNIT 16.0

typedef enum {
  K_ARGS,    /* charged by the bytes of its string arguments */
  K_DECODE,  /* decodes UTF-8 byte by byte: a unit per byte */
  K_CODES,   /* utf8.codes: charged, and its iterator charged per call */
  K_CODES_STEP,
  K_FIND, K_MATCH, K_GMATCH, K_GSUB,
  K_FORMAT,
  K_TABLE_CONCAT, K_TABLE_UNPACK, /* elements i..j */
  K_TABLE_MOVE,
  K_TABLE_SHIFT, /* insert, remove: up to #t elements move */
  K_TABLE_SORT
} charge_kind;

static double string_arg_bytes(lua_State *L) {
  double bytes = 0;
  int top = lua_gettop(L);
  for (int i = 1; i <= top; i++)
    if (lua_type(L, i) == LUA_TSTRING) bytes += (double)lua_rawlen(L, i);
  return bytes;
}

/* A short, printable excerpt of untrusted text for an error message. */
static const char *excerpt(lua_State *L, const char *s, size_t len) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t n = len > 40 ? 40 : len;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    luaL_addchar(&b, (c < 0x20 || c == 0x7f) ? '?' : (char)c);
  }
  if (len > n) luaL_addstring(&b, "...");
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

/* ---- patterns --------------------------------------------------------------- */

/* Lua's matcher backtracks: each quantified item ('*', '+', '-') can retry
 * over up to n positions, '%b' and back-references scan up to n, '?' tries
 * twice, and an unanchored search starts at every position. The product is
 * the number of paths the matcher can try; each step of a path compares one
 * pattern item, which costs up to the pattern's length (a long literal, a
 * long [...] set). So price = starts x quantifier product x (length + 1),
 * an upper bound on the work, charged (or refused) before the call. */
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
  return price * ((double)plen + 1);
}

static int has_specials(const char *p, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (strchr("^$*+?.([%-", p[i])) return 1;
  return 0;
}

/* Knuth-Morris-Pratt: linear in n + m whatever the text, where Lua's own
 * plain search (memchr, then memcmp at each candidate) costs n x m on
 * text like ("a"):rep(4e6) searched for ("a"):rep(2e6) .. "b". The
 * failure table is a userdata, so the memory limit counts it. */
static int find_text(lua_State *L, const char *s, size_t n, const char *p, size_t m,
                     size_t *at) {
  if (m == 0) {
    *at = 0;
    return 1;
  }
  if (m > n) return 0;
  if (m == 1) {
    const char *q = memchr(s, p[0], n);
    if (!q) return 0;
    *at = (size_t)(q - s);
    return 1;
  }
  size_t *fail = lua_newuserdatauv(L, m * sizeof *fail, 0);
  fail[0] = 0;
  for (size_t i = 1, k = 0; i < m; i++) {
    while (k > 0 && p[i] != p[k]) k = fail[k - 1];
    if (p[i] == p[k]) k++;
    fail[i] = k;
  }
  int found = 0;
  for (size_t i = 0, k = 0; i < n; i++) {
    while (k > 0 && s[i] != p[k]) k = fail[k - 1];
    if (s[i] == p[k]) k++;
    if (k == m) {
      *at = i + 1 - m;
      found = 1;
      break;
    }
  }
  lua_pop(L, 1);
  return found;
}

/* string.find(s, text, init, plain) for a plain search (or a pattern with
 * no special characters), as Lua 5.4's str_find_aux does it. */
static int plain_find(lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
  lua_Integer init = luaL_optinteger(L, 3, 1);
  size_t start; /* 0-based */
  if (init > 0)
    start = (lua_Unsigned)init - 1 > ls ? ls + 1 : (size_t)(init - 1);
  else if (init == 0 || init < -(lua_Integer)ls)
    start = 0;
  else
    start = (size_t)((lua_Integer)ls + init);
  if (start > ls) {
    lua_pushnil(L);
    return 1;
  }
  hooks_sandbox_charge(L, (double)(ls - start) + (double)lp + 1);
  size_t at;
  if (!find_text(L, s + start, ls - start, p, lp, &at)) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushinteger(L, (lua_Integer)(start + at + 1));
  lua_pushinteger(L, (lua_Integer)(start + at + lp));
  return 2;
}

/* Prices a pattern call; a call whose price exceeds the budget left is
 * refused with an ordinary (catchable) error before any work: nothing was
 * spent, and the hook may fall back to a cheaper way. */
static void price_pattern(lua_State *L, charge_kind kind) {
  size_t n, plen;
  luaL_checklstring(L, 1, &n);
  const char *p = luaL_checklstring(L, 2, &plen);
  double price = pattern_price(p, plen, (double)n, kind != K_GMATCH);
  if (kind == K_GSUB && lua_type(L, 3) == LUA_TSTRING) /* the replacement, per match */
    price += ((double)n + 1) * ((double)lua_rawlen(L, 3) + 1);
  if (!(price < (double)hooks_sandbox_budget_left(L))) {
    const char *shown = excerpt(L, p, plen);
    luaL_error(L, "pattern '%s' (%d bytes) on %d bytes could take up to %f steps, more "
               "than the instruction budget left: use plain find (string.find(s, text, 1, "
               "true)), a shorter pattern or fewer '*', '+', '-' items", shown, (int)plen,
               (int)n, (lua_Number)price);
  }
  hooks_sandbox_charge(L, price);
}

/* ---- tables ---------------------------------------------------------------- */

static lua_Integer opt_int(lua_State *L, int arg, lua_Integer def) {
  int isnum;
  lua_Integer v = lua_tointegerx(L, arg, &isnum);
  return isnum ? v : def;
}

static double table_work(lua_State *L, charge_kind kind) {
  if (lua_type(L, 1) != LUA_TTABLE) return 1; /* the original reports it */
  switch (kind) {
  case K_TABLE_CONCAT:
  case K_TABLE_UNPACK: {
    /* concat(t, sep, i, j), unpack(t, i, j) */
    int ai = kind == K_TABLE_CONCAT ? 3 : 2;
    lua_Integer i = opt_int(L, ai, 1);
    lua_Integer j = lua_isnoneornil(L, ai + 1) ? luaL_len(L, 1) : opt_int(L, ai + 1, 0);
    return j >= i ? (double)j - (double)i + 1 : 1;
  }
  case K_TABLE_MOVE: {
    lua_Integer f = opt_int(L, 2, 1), e = opt_int(L, 3, 0);
    return e >= f ? (double)e - (double)f + 1 : 1;
  }
  case K_TABLE_SHIFT:
    return (double)luaL_len(L, 1) + 1;
  case K_TABLE_SORT: {
    double n = (double)luaL_len(L, 1);
    return n > 1 ? n * (log2(n) + 1) : 1;
  }
  default:
    return 1;
  }
}

/* ---- tostring and string.format without addresses ---------------------------- */

const char *hooks_stdlib_tostring(lua_State *L, int idx, size_t *len) {
  idx = lua_absindex(L, idx);
  if (luaL_callmeta(L, idx, "__tostring")) {
    if (!lua_isstring(L, -1)) luaL_error(L, "'__tostring' must return a string");
    return lua_tolstring(L, -1, len);
  }
  switch (lua_type(L, idx)) {
  case LUA_TNIL:
  case LUA_TBOOLEAN:
  case LUA_TNUMBER:
  case LUA_TSTRING:
    return luaL_tolstring(L, idx, len);
  default: {
    /* Lua prints "table: 0x55d0c3a8e2a0"; the address differs between
       runs, so a hook that puts it in a note would make builds differ. */
    int t = luaL_getmetafield(L, idx, "__name");
    const char *kind = t == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, idx);
    lua_pushstring(L, kind);
    if (t != LUA_TNIL) lua_remove(L, -2);
    return lua_tolstring(L, -1, len);
  }
  }
}

static int sandbox_tostring(lua_State *L) {
  luaL_checkany(L, 1);
  hooks_stdlib_tostring(L, 1, NULL);
  return 1;
}

/* string.format: %p is refused (it prints an address) and %s of a value
 * other than a string or number goes through hooks_stdlib_tostring. */
static void format_arguments(lua_State *L) {
  size_t fl;
  const char *f = luaL_checklstring(L, 1, &fl);
  int top = lua_gettop(L), arg = 1;
  for (size_t i = 0; i < fl; i++) {
    if (f[i] != '%') continue;
    if (++i < fl && f[i] == '%') continue;
    while (i < fl && f[i] && strchr("-+ #0123456789.", f[i])) i++;
    if (i >= fl) break;
    arg++;
    if (f[i] == 'p')
      luaL_error(L, "string.format's %%p is not available in hooks: it prints an address, "
                 "which differs between runs");
    if (f[i] == 's' && arg <= top && lua_type(L, arg) != LUA_TSTRING &&
        lua_type(L, arg) != LUA_TNUMBER) {
      hooks_stdlib_tostring(L, arg, NULL);
      lua_replace(L, arg);
    }
  }
}

/* ---- the charging wrapper ---------------------------------------------------- */

/* Upvalue 1: the original C function. Upvalue 2: its charge_kind. */
static int charged(lua_State *L) {
  charge_kind kind = (charge_kind)lua_tointeger(L, lua_upvalueindex(2));
  lua_CFunction orig = lua_tocfunction(L, lua_upvalueindex(1));
  switch (kind) {
  case K_FIND: {
    size_t n, plen;
    const char *s = luaL_checklstring(L, 1, &n);
    const char *p = luaL_checklstring(L, 2, &plen);
    if (lua_toboolean(L, 4) || !has_specials(p, plen)) return plain_find(L, s, n, p, plen);
    price_pattern(L, kind);
    break;
  }
  case K_MATCH:
  case K_GMATCH:
  case K_GSUB:
    price_pattern(L, kind);
    break;
  case K_FORMAT:
    format_arguments(L);
    hooks_sandbox_charge(L, 1 + string_arg_bytes(L) / BYTES_PER_UNIT);
    break;
  case K_ARGS:
    hooks_sandbox_charge(L, 1 + string_arg_bytes(L) / BYTES_PER_UNIT);
    break;
  case K_DECODE:
    hooks_sandbox_charge(L, 1 + string_arg_bytes(L));
    break;
  case K_CODES: {
    /* The iterator skips continuation bytes in C: one call on
       "a" .. ("\x80"):rep(2^24) scans 16 MB, and a hook may call it
       again and again. Each step is charged for the bytes it passed. */
    hooks_sandbox_charge(L, 1);
    int nres = orig(L);
    if (nres >= 1 && lua_iscfunction(L, -nres)) {
      lua_pushvalue(L, -nres);
      lua_pushinteger(L, K_CODES_STEP);
      lua_pushcclosure(L, charged, 2);
      lua_replace(L, -nres - 1);
    }
    return nres;
  }
  case K_CODES_STEP: {
    lua_Integer from = opt_int(L, 2, 0);
    size_t len = lua_type(L, 1) == LUA_TSTRING ? lua_rawlen(L, 1) : 0;
    int nres = orig(L);
    lua_Integer to = nres >= 1 && lua_isinteger(L, -nres) ? lua_tointeger(L, -nres) : (lua_Integer)len;
    hooks_sandbox_charge(L, 1 + (to > from ? (double)to - (double)from : 0));
    return nres;
  }
  default:
    hooks_sandbox_charge(L, table_work(L, kind));
    break;
  }
  return orig(L);
}

static void wrap(lua_State *L, const char *name, charge_kind kind) {
  lua_getfield(L, -1, name);
  if (!lua_iscfunction(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  lua_pushinteger(L, kind);
  lua_pushcclosure(L, charged, 2);
  lua_setfield(L, -2, name);
}

/* ---- pairs and next in a fixed order ---------------------------------------- */

/* Lua 5.4 seeds its string hash per state (from the time and addresses)
 * and hashes tables by address, so the order of next() differs between
 * runs. The sandbox's next() walks keys in a fixed order instead: the
 * sorted keys of a table are kept (weakly) while it is walked. */
typedef struct keyrec {
  int rank;        /* 0 number, 1 string, 2 boolean, 3 other */
  int isint;
  lua_Integer i;
  double d;
  const char *s;
  size_t len;
  lua_Integer pos; /* position in the raw order: ties among "other" keys */
} keyrec;

static void key_of(lua_State *L, int idx, keyrec *k) {
  memset(k, 0, sizeof *k);
  switch (lua_type(L, idx)) {
  case LUA_TNUMBER:
    k->rank = 0;
    k->isint = lua_isinteger(L, idx);
    if (k->isint) k->i = lua_tointeger(L, idx);
    k->d = lua_tonumber(L, idx);
    break;
  case LUA_TSTRING:
    k->rank = 1;
    k->s = lua_tolstring(L, idx, &k->len);
    break;
  case LUA_TBOOLEAN:
    k->rank = 2;
    k->i = lua_toboolean(L, idx);
    break;
  default:
    k->rank = 3;
  }
}

static int key_cmp(const keyrec *a, const keyrec *b) {
  if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
  switch (a->rank) {
  case 0:
    if (a->isint && b->isint) return a->i < b->i ? -1 : a->i > b->i;
    if (a->d != b->d) return a->d < b->d ? -1 : 1;
    return b->isint - a->isint;
  case 1: {
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
    if (c) return c < 0 ? -1 : 1;
    return a->len < b->len ? -1 : a->len > b->len;
  }
  case 2:
    return (int)(a->i - b->i);
  default:
    return 0;
  }
}

static int key_sort_cmp(const void *pa, const void *pb) {
  const keyrec *a = pa, *b = pb;
  int c = key_cmp(a, b);
  if (c) return c;
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Pushes a table holding T's keys (T at index 1) in the fixed order;
 * [0] holds the position last returned. */
static void build_order(lua_State *L) {
  lua_newtable(L);
  int keys = lua_gettop(L);
  lua_Integer n = 0;
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, keys, ++n);
  }
  hooks_sandbox_charge(L, n > 1 ? (double)n * (log2((double)n) + 2) : 1);
  keyrec *r = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *r, 0);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, keys, i);
    key_of(L, -1, &r[i - 1]);
    r[i - 1].pos = i;
    lua_pop(L, 1); /* the keys table keeps the strings alive */
  }
  qsort(r, (size_t)n, sizeof *r, key_sort_cmp);
  lua_createtable(L, (int)(n < 0x7fffffff ? n : 0), 1);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, keys, r[i - 1].pos);
    lua_rawseti(L, -2, i);
  }
  lua_pushinteger(L, 0);
  lua_rawseti(L, -2, 0);
  lua_replace(L, keys); /* the ordered table replaces the raw one */
  lua_pop(L, 1);        /* the records */
}

/* Finds key K (stack index KI) in ORDER (index OI): a binary search for
 * numbers, strings and booleans, a scan for other keys. 0 if absent. */
static lua_Integer order_find(lua_State *L, int oi, int ki) {
  keyrec k, m;
  key_of(L, ki, &k);
  lua_Integer n = (lua_Integer)lua_rawlen(L, oi);
  if (k.rank < 3) {
    lua_Integer lo = 1, hi = n;
    while (lo <= hi) {
      lua_Integer mid = lo + (hi - lo) / 2;
      lua_rawgeti(L, oi, mid);
      key_of(L, -1, &m);
      int c = key_cmp(&k, &m);
      lua_pop(L, 1);
      if (c == 0) return mid;
      if (c < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return 0;
  }
  hooks_sandbox_charge(L, (double)n);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, oi, i);
    int eq = lua_rawequal(L, -1, ki);
    lua_pop(L, 1);
    if (eq) return i;
  }
  return 0;
}

/* next(t, k) in the fixed order. Upvalue 1: the weak table of orders. */
static int sandbox_next(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  lua_pushvalue(L, 1);
  lua_rawget(L, lua_upvalueindex(1)); /* 3: the order, or nil */
  lua_Integer at;
  if (lua_isnil(L, 2) || lua_isnil(L, 3)) {
    lua_pop(L, 1);
    build_order(L);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 3);
    lua_rawset(L, lua_upvalueindex(1));
  }
  if (lua_isnil(L, 2)) {
    at = 0;
  } else {
    lua_rawgeti(L, 3, 0);
    at = lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_rawgeti(L, 3, at);
    int same = at > 0 && lua_rawequal(L, -1, 2);
    lua_pop(L, 1);
    if (!same) at = order_find(L, 3, 2);
    if (at == 0) return luaL_error(L, "invalid key to 'next'");
  }
  lua_Integer n = (lua_Integer)lua_rawlen(L, 3);
  for (lua_Integer i = at + 1; i <= n; i++) {
    hooks_sandbox_charge(L, 1);
    lua_rawgeti(L, 3, i); /* 4: key */
    lua_pushvalue(L, 4);
    if (lua_rawget(L, 1) != LUA_TNIL) { /* removed while walked: skip */
      lua_pushinteger(L, i);
      lua_rawseti(L, 3, 0);
      return 2;
    }
    lua_pop(L, 2);
  }
  lua_pushinteger(L, n);
  lua_rawseti(L, 3, 0);
  lua_pushnil(L);
  return 1;
}

int hooks_stdlib_next(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_getfield(L, LUA_REGISTRYINDEX, "concord.next");
  lua_pushvalue(L, idx);
  lua_rotate(L, -3, -1); /* key to the top: next, t, key */
  lua_call(L, 2, 2);
  if (lua_isnil(L, -2)) {
    lua_pop(L, 2);
    return 0;
  }
  return 1;
}

/* pairs(t): __pairs as in Lua 5.4, else the fixed-order next. Upvalue 1:
 * that next. */
static int sandbox_pairs(lua_State *L) {
  luaL_checkany(L, 1);
  if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

/* ---- math.random from a fixed seed ------------------------------------------- */

/* Upvalue 1: the original math.randomseed (it keeps the generator's
 * state as its own upvalue, so it is called, not run in this frame). */
static int sandbox_randomseed(lua_State *L) {
  if (lua_isnone(L, 1)) lua_pushinteger(L, HOOKS_RANDOM_SEED);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* ---- installing ----------------------------------------------------------------- */

int hooks_stdlib_open(lua_State *L) {
  static const char *const string_args[] = {"byte", "char", "len", "lower", "rep", "reverse",
                                            "sub", "upper", "pack", "packsize", "unpack", NULL};
  static const char *const utf8_args[] = {"char", "codepoint", "len", "offset", NULL};
  lua_getglobal(L, "string");
  for (int i = 0; string_args[i]; i++) wrap(L, string_args[i], K_ARGS);
  wrap(L, "find", K_FIND);
  wrap(L, "match", K_MATCH);
  wrap(L, "gmatch", K_GMATCH);
  wrap(L, "gsub", K_GSUB);
  wrap(L, "format", K_FORMAT);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);

  lua_getglobal(L, "utf8");
  for (int i = 0; utf8_args[i]; i++) wrap(L, utf8_args[i], K_DECODE);
  wrap(L, "codes", K_CODES);
  lua_pop(L, 1);

  lua_getglobal(L, "table");
  wrap(L, "concat", K_TABLE_CONCAT);
  wrap(L, "unpack", K_TABLE_UNPACK);
  wrap(L, "move", K_TABLE_MOVE);
  wrap(L, "insert", K_TABLE_SHIFT);
  wrap(L, "remove", K_TABLE_SHIFT);
  wrap(L, "sort", K_TABLE_SORT);
  lua_pop(L, 1);

  lua_pushglobaltable(L);
  wrap(L, "tonumber", K_ARGS);
  lua_pop(L, 1);
  lua_pushcfunction(L, sandbox_tostring);
  lua_setglobal(L, "tostring");

  /* next and pairs share the weak-keyed table of orders */
  lua_newtable(L);
  lua_newtable(L);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_pushcclosure(L, sandbox_next, 1);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, "concord.next"); /* for hooks_stdlib_next */
  lua_pushvalue(L, -1);
  lua_setglobal(L, "next");
  lua_pushcclosure(L, sandbox_pairs, 1);
  lua_setglobal(L, "pairs");

  lua_getglobal(L, "math");
  lua_getfield(L, -1, "randomseed");
  lua_pushvalue(L, -1);
  lua_pushinteger(L, HOOKS_RANDOM_SEED);
  lua_call(L, 1, 0);
  lua_pushcclosure(L, sandbox_randomseed, 1);
  lua_setfield(L, -2, "randomseed");
  lua_pop(L, 1);
  return 0;
}
