/* hooks_lib.c - the `concord` library for hook files (see hooks_lib.h).
 * Functions raise Lua errors on bad input; they charge their work to the
 * sandbox budget, since the count hook cannot see inside C functions. */
#include "hooks/hooks_lib.h"
#include "base/buf.h"
#include "hooks/hooks_sandbox.h"
#include "hooks/hooks_stdlib.h"

#include <lauxlib.h>
#include <utf8proc.h>

#include <string.h>

typedef enum { CASE_UPPER, CASE_LOWER, CASE_TITLE } case_mode;

/* Small words a title keeps in lower case unless they start it. */
static int minor_word(const char *w, size_t n) {
  static const char *const words[] = {"a", "an", "and", "as", "at", "but", "by", "for", "from",
                                      "in", "into", "nor", "of", "on", "or", "the", "to", "with",
                                      NULL};
  char low[8];
  if (n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = w[i];
    low[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  low[n] = 0;
  for (int i = 0; words[i]; i++)
    if (strcmp(low, words[i]) == 0) return 1;
  return 0;
}

static int change_case(lua_State *L, case_mode mode) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  hooks_sandbox_charge(L, (double)len);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t i = 0;
  int word_start = 1;     /* next letter begins a word (after space, '/', '-') */
  size_t word_begin = 0;  /* byte offset where the current space-separated word began */
  int first_word = 1;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n < 0) return luaL_error(L, "text is not valid UTF-8 at byte %d", (int)i + 1);
    utf8proc_int32_t out = cp;
    if (mode == CASE_UPPER) {
      out = utf8proc_toupper(cp);
    } else if (mode == CASE_LOWER) {
      out = utf8proc_tolower(cp);
    } else {
      int space = cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0;
      if (space) {
        word_start = 1;
        word_begin = i + (size_t)n;
        first_word = 0;
      } else if (cp == '/' || cp == '-' || cp == '(' || cp == 0x2013 || cp == 0x2014) {
        word_start = 1;
      } else if (word_start) {
        /* The whole space-separated word decides whether it is minor, and
           only a letter that starts it can keep low: scan to the word's end
           only then, once per word (scanning after every '/' or '-' made
           concord.title(("a/"):rep(1e6)) quadratic). minor_word looks at
           no more than 8 bytes, so the scan stops there. */
        int keep_low = 0;
        if (!first_word && i == word_begin) {
          size_t e = word_begin;
          while (e < len && e - word_begin < 8 && s[e] != ' ' && s[e] != '\t' && s[e] != '\n') e++;
          keep_low = minor_word(s + word_begin, e - word_begin);
        }
        out = keep_low ? utf8proc_tolower(cp) : utf8proc_totitle(cp);
        word_start = 0;
      } else {
        out = utf8proc_tolower(cp);
      }
    }
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(out, enc);
    luaL_addlstring(&b, (const char *)enc, (size_t)m);
    i += (size_t)n;
  }
  luaL_pushresult(&b);
  return 1;
}

static int lib_upper(lua_State *L) { return change_case(L, CASE_UPPER); }
static int lib_lower(lua_State *L) { return change_case(L, CASE_LOWER); }
static int lib_title(lua_State *L) { return change_case(L, CASE_TITLE); }

static int lib_roman(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  int upper = lua_toboolean(L, 2);
  luaL_argcheck(L, n >= 1 && n <= 3999, 1, "roman numerals run from 1 to 3999");
  static const struct {
    int v;
    const char *s;
  } t[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
           {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  char out[32];
  size_t k = 0;
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    while (n >= t[i].v) {
      for (const char *p = t[i].s; *p; p++) out[k++] = upper ? (char)(*p - 'a' + 'A') : *p;
      n -= t[i].v;
    }
  }
  lua_pushlstring(L, out, k);
  return 1;
}

/* 1 -> a, 26 -> z, 27 -> aa: the way councils letter long lists. */
static int lib_alpha(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  int upper = lua_toboolean(L, 2);
  luaL_argcheck(L, n >= 1 && n <= 1000000, 1, "letters run from 1 to 1000000");
  char out[16];
  size_t k = sizeof out;
  while (n > 0) {
    n--;
    out[--k] = (char)((upper ? 'A' : 'a') + (int)(n % 26));
    n /= 26;
  }
  lua_pushlstring(L, out + k, sizeof out - k);
  return 1;
}

enum { MAX_LOGS = 100, MAX_LOG_BYTES = 1000 };

/* concord.log(...): a note "file:line: note: ..." in the build output,
 * the sandbox's only way to say something (print is removed). Values are
 * shown as tostring shows them (no addresses), control characters
 * escaped (hooks_sandbox_escape): concord.log("x\nsources/t.md:1:1:
 * error: forged") printed a diagnostic of its own making. */
static int lib_log(lua_State *L) {
  hooks_sandbox *s = hooks_sandbox_of(L);
  int n = lua_gettop(L);
  size_t total = 0;
  for (int i = 1; i <= n; i++)
    if (lua_type(L, i) == LUA_TSTRING) total += lua_rawlen(L, i);
  hooks_sandbox_charge(L, (double)total + 1);
  for (int i = 1; i <= n; i++) {
    hooks_stdlib_tostring(L, i, NULL);
    lua_replace(L, i);
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; i++) {
    size_t vlen;
    const char *v = lua_tolstring(L, i, &vlen);
    if (i > 1) luaL_addchar(&b, ' ');
    luaL_addlstring(&b, v, vlen > MAX_LOG_BYTES ? MAX_LOG_BYTES : vlen);
  }
  luaL_pushresult(&b);
  size_t len;
  const char *msg = lua_tolstring(L, -1, &len);
  /* no Lua call from here on: nothing can raise while `e` is held */
  if (s->nlogs < MAX_LOGS) {
    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar)) line = ar.currentline;
    buf e = BUF_INIT;
    diag_escape(&e, msg, len > MAX_LOG_BYTES ? MAX_LOG_BYTES : len);
    diag_add(s->d, DIAG_NOTE, s->file, line, 0, "%s", buf_cstr(&e));
    buf_free(&e);
  } else if (s->nlogs == MAX_LOGS) {
    diag_add(s->d, DIAG_NOTE, s->file, 0, 0, "further concord.log output dropped (limit %d)",
             MAX_LOGS);
  }
  s->nlogs++;
  return 0;
}

int hooks_lib_open(lua_State *L) {
  static const luaL_Reg fns[] = {{"upper", lib_upper}, {"lower", lib_lower}, {"title", lib_title},
                                 {"roman", lib_roman}, {"alpha", lib_alpha}, {"log", lib_log},
                                 {NULL, NULL}};
  luaL_newlib(L, fns);
  return 1;
}
