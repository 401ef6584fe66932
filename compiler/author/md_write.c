/* md_write.c - model clauses back to annotated Markdown (see md_write.h). */
#include "author/md_write.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const md_role md_roles[] = {
    {"chief-executive", "Title of the most senior officer (Chief Executive, Town Clerk)"},
    {"head-of-paid-service", "Title of the Head of Paid Service"},
    {"monitoring-officer", "Title of the Monitoring Officer"},
    {"finance-officer", "Title of the chief finance officer"},
    {"communications-officer", "Title of the officer in charge of press and communications"},
    {"hr-officer", "Title of the officer in charge of human resources"},
    {NULL, NULL}};

static bool small_council(const char *kind) {
  return kind && (!strcmp(kind, "town") || !strcmp(kind, "parish") || !strcmp(kind, "community"));
}

const char *md_role_default(const char *name, const char *kind) {
  bool small = small_council(kind);
  /* a parish or community council's Clerk is "the Clerk"; a town's, "the
     Town Clerk" */
  const char *clerk = kind && !strcmp(kind, "town") ? "Town Clerk" : "Clerk";
  if (!strcmp(name, "chief-executive")) return small ? clerk : "Chief Executive";
  if (!strcmp(name, "head-of-paid-service")) return small ? clerk : "Head of Paid Service";
  if (!strcmp(name, "monitoring-officer")) return "Monitoring Officer";
  if (!strcmp(name, "finance-officer"))
    return small ? "Responsible Financial Officer" : "Chief Finance Officer";
  if (!strcmp(name, "communications-officer")) return "Head of Communications";
  if (!strcmp(name, "hr-officer")) return small ? clerk : "Head of Human Resources";
  return NULL;
}

/* ---- escaping ---------------------------------------------------------- */

static size_t count_strong(const char *t) {
  size_t n = 0;
  for (const char *p = strstr(t, "**"); p; p = strstr(p + 2, "**")) n++;
  return n;
}

void md_escape(buf *out, const char *t, bool at_line_start, bool keep_strong) {
  bool strong_ok = keep_strong && count_strong(t) % 2 == 0;
  size_t i = 0;
  if (at_line_start) {
    size_t j = 0;
    while (isdigit((unsigned char)t[j])) j++;
    if (j > 0 && j <= 9 && (t[j] == '.' || t[j] == ')')) {
      /* "1. text" would be an ordered list */
      buf_put(out, t, j);
      buf_putc(out, '\\');
      buf_putc(out, t[j]);
      i = j + 1;
    } else if (t[0] == '-' || t[0] == '+' || t[0] == '#' || t[0] == '>' || t[0] == '=') {
      buf_putc(out, '\\');
      buf_putc(out, t[0]);
      i = 1;
    }
  }
  for (; t[i]; i++) {
    char c = t[i];
    if (c == '*' && t[i + 1] == '*' && strong_ok) {
      buf_puts(out, "**");
      i++;
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
      buf_putc(out, ' ');
      continue;
    }
    if (strchr("\\`*_[]<>&{}", c)) buf_putc(out, '\\');
    buf_putc(out, c);
  }
}

/* ---- placeholders ------------------------------------------------------ */

typedef struct subst {
  const char *phrase, *name;
} subst;

/* Longest phrases first, so "Head of the Paid Service" wins over parts. */
static const subst role_phrases[] = {
    {"Head of the Paid Service", "head-of-paid-service"},
    {"Head of Paid Service", "head-of-paid-service"},
    {"Responsible Financial Officer", "finance-officer"},
    {"Chief Finance Officer", "finance-officer"},
    {"Head of Communications", "communications-officer"},
    {"Town Clerk (CEO)", "chief-executive"},
    {"Monitoring Officer", "monitoring-officer"},
    {"Chief Executive", "chief-executive"},
    {"Town Clerk", "chief-executive"},
    {"HR Director", "hr-officer"},
    {"RFO", "finance-officer"},
    {NULL, NULL}};

static bool word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

char *md_short_name(const char *council) {
  static const char *suffixes[] = {" Metropolitan Borough Council", " Borough Council",
                                   " District Council", " County Council", " Town Council",
                                   " Parish Council", " City Council", " Council", NULL};
  size_t n = strlen(council);
  for (int i = 0; suffixes[i]; i++) {
    size_t s = strlen(suffixes[i]);
    if (n > s && !strcmp(council + n - s, suffixes[i])) {
      char *r = xmalloc(n - s + 1);
      memcpy(r, council, n - s);
      r[n - s] = 0;
      return r;
    }
  }
  return xstrdup(council);
}

static bool match_at(const char *t, size_t i, const char *phrase) {
  size_t n = strlen(phrase);
  if (strncmp(t + i, phrase, n)) return false;
  if (i > 0 && word_char(t[i - 1])) return false;
  if (word_char(t[i + n])) return false;
  /* "Deputy Chief Executive" is another post, not the Chief Executive */
  if (i >= 7 && !strncmp(t + i - 7, "Deputy ", 7)) return false;
  return true;
}

char *md_placeholders(const char *t, const cc_document *doc) {
  buf b = BUF_INIT;
  char *shortn = doc && doc->council ? md_short_name(doc->council) : NULL;
  for (size_t i = 0; t[i];) {
    const char *name = NULL;
    size_t len = 0;
    if (doc && doc->council && match_at(t, i, doc->council)) {
      name = "council";
      len = strlen(doc->council);
    } else if (shortn && *shortn && match_at(t, i, shortn)) {
      name = "short-name";
      len = strlen(shortn);
    } else {
      for (int k = 0; role_phrases[k].phrase; k++)
        if (match_at(t, i, role_phrases[k].phrase)) {
          name = role_phrases[k].name;
          len = strlen(role_phrases[k].phrase);
          break;
        }
    }
    if (name) {
      buf_printf(&b, "%%%%%s%%%%", name);
      i += len;
    } else {
      buf_putc(&b, t[i++]);
    }
  }
  free(shortn);
  return buf_detach(&b);
}

/* ---- clauses ----------------------------------------------------------- */

typedef struct emit {
  buf *out;
  const cc_document *doc; /* for placeholders, or NULL */
  bool ok;
} emit;

static void emit_text(emit *e, const char *text, bool *line_start) {
  if (!text || !*text) return;
  char *t = e->doc ? md_placeholders(text, e->doc) : xstrdup(text);
  md_escape(e->out, t, *line_start, false);
  *line_start = false;
  free(t);
}

static void emit_inlines(emit *e, const cc_inline *in, bool *line_start) {
  for (; in; in = in->next) {
    switch (in->kind) {
    case CC_INL_TEXT:
    case CC_INL_CODE:
      emit_text(e, in->text, line_start);
      break;
    case CC_INL_EMPH:
    case CC_INL_STRONG: {
      const char *m = in->kind == CC_INL_EMPH ? "*" : "**";
      buf_puts(e->out, m);
      *line_start = false;
      emit_inlines(e, in->children, line_start);
      buf_puts(e->out, m);
      break;
    }
    case CC_INL_LINK:
      buf_putc(e->out, '[');
      *line_start = false;
      emit_inlines(e, in->children, line_start);
      buf_printf(e->out, "](%s)", in->url ? in->url : "");
      break;
    case CC_INL_XREF:
      emit_inlines(e, in->children, line_start);
      break;
    case CC_INL_FOOTREF:
      e->ok = false; /* the footnote's text would be lost */
      break;
    case CC_INL_SOFTBREAK:
    case CC_INL_LINEBREAK:
      buf_putc(e->out, ' ');
      break;
    }
  }
}

static void emit_blocks(emit *e, const cc_block *b, const char *indent, bool first_continues);

static void emit_items(emit *e, const cc_item *it, const char *indent) {
  for (; it; it = it->next) {
    buf_printf(e->out, "%s- ", indent);
    bool ls = true;
    if (it->label) {
      buf_printf(e->out, "%s ", it->label);
      ls = false;
    }
    bool first = true;
    for (const cc_block *b = it->blocks; b; b = b->next) {
      if (b->kind == CC_BLK_PARA) {
        if (!first) buf_putc(e->out, ' ');
        emit_inlines(e, b->inlines, &ls);
        first = false;
      } else if (b->kind == CC_BLK_LIST) {
        buf_putc(e->out, '\n');
        char *ind = xmalloc(strlen(indent) + 3);
        memcpy(ind, indent, strlen(indent));
        memcpy(ind + strlen(indent), "  ", 3);
        emit_items(e, b->items, ind);
        free(ind);
        first = true;
        continue;
      }
    }
    if (!first) buf_putc(e->out, '\n');
  }
}

/* Writes blocks separated by blank lines. FIRST_CONTINUES: the first
 * paragraph continues a line already begun (after the clause number). */
static void emit_blocks(emit *e, const cc_block *b, const char *indent, bool first_continues) {
  bool first = true;
  for (; b; b = b->next) {
    if (!first) buf_printf(e->out, "\n");
    switch (b->kind) {
    case CC_BLK_PARA: {
      bool ls = !(first && first_continues);
      buf_puts(e->out, indent);
      emit_inlines(e, b->inlines, &ls);
      buf_putc(e->out, '\n');
      break;
    }
    case CC_BLK_LIST:
      emit_items(e, b->items, indent);
      break;
    case CC_BLK_QUOTE: {
      buf inner = BUF_INIT;
      emit sub = {&inner, e->doc, true};
      emit_blocks(&sub, b->children, "", false);
      e->ok &= sub.ok;
      const char *s = buf_cstr(&inner);
      while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        buf_puts(e->out, indent);
        buf_puts(e->out, n ? "> " : ">");
        buf_put(e->out, s, n);
        buf_putc(e->out, '\n');
        s += n + (nl ? 1 : 0);
      }
      buf_free(&inner);
      break;
    }
    }
    first = false;
  }
}

bool md_clause(buf *out, const cc_clause *cl, const char *number, const char *attrs,
               bool placeholders) {
  buf b = BUF_INIT;
  emit e = {&b, placeholders ? cl->doc : NULL, true};
  bool ls = false;
  if (cl->heading) {
    buf_printf(&b, "### %s ", number);
    emit_inlines(&e, cl->heading, &ls);
    if (attrs && *attrs) buf_printf(&b, " %s", attrs);
    buf_puts(&b, "\n\n");
    emit_blocks(&e, cl->blocks, "", false);
  } else {
    buf_printf(&b, "%s ", number);
    /* the attribute block must end the first paragraph */
    const cc_block *first = cl->blocks;
    if (first && first->kind == CC_BLK_PARA) {
      emit_inlines(&e, first->inlines, &ls);
      if (attrs && *attrs) buf_printf(&b, " %s", attrs);
      buf_putc(&b, '\n');
      if (first->next) {
        buf_putc(&b, '\n');
        emit_blocks(&e, first->next, "", false);
      }
    } else {
      e.ok = false; /* a clause must start with a paragraph */
    }
  }
  if (e.ok) buf_put(out, b.data ? b.data : "", b.len);
  buf_free(&b);
  return e.ok;
}
