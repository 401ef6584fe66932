/* reader_inline.c - cmark inline nodes -> model inlines; footnote markers.
 *
 * Untrusted text never becomes markup: raw HTML is an error, and links are
 * kept only for http, https and mailto (cmark's safe mode filters only its
 * own HTML renderer, not the tree we walk).
 */
#include "read/reader_internal.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

cc_pos reader_pos(reader *r, cmark_node *n) {
  cc_pos p = {r->file, 0, 0};
  int line = cmark_node_get_start_line(n);
  if (line > 0) {
    p.line = line + r->line_offset;
    p.col = cmark_node_get_start_column(n);
    if (line == 1) p.col += r->line1_shift;
  }
  return p;
}

/* ---- positions checked against the source ------------------------------ */

/* Start and length of file line LINE (1-based), or NULL. */
static const char *source_line(reader *r, int line, size_t *len) {
  if (!r->text || line < 1 || line > r->nlines) return NULL;
  const char *s = r->text + r->line_start[line - 1];
  const char *e = strchr(s, '\n');
  *len = e ? (size_t)(e - s) : strlen(s);
  return s;
}

static int is_ascii_punct(char c) {
  return c > 32 && c < 127 && !isalnum((unsigned char)c);
}

/* End (one past ';') of an entity at S[J], or 0. */
static size_t entity_end(const char *s, size_t j, size_t n) {
  size_t k = j + 1;
  while (k < n && k - j < 32 && (isalnum((unsigned char)s[k]) || s[k] == '#')) k++;
  return k < n && s[k] == ';' && k > j + 1 ? k + 1 : 0;
}

/* How many bytes of source S (N bytes) spell the first LITLEN bytes of the
 * literal LIT, undoing backslash escapes and entities; -1 if S does not
 * spell LIT. */
static long source_span(const char *s, size_t n, const char *lit, size_t litlen) {
  size_t i = 0, j = 0;
  while (i < litlen) {
    if (j >= n) return -1;
    if (s[j] == '\\' && j + 1 < n && is_ascii_punct(s[j + 1]) && s[j + 1] == lit[i]) {
      j += 2;
      i++;
    } else if (s[j] == '&' && entity_end(s, j, n)) {
      /* "&amp;", "&#8217;": the decoded bytes are skipped up to the next
         byte that the source and the literal share again */
      j = entity_end(s, j, n);
      size_t lim = i + 8;
      i++;
      while (i < litlen && i < lim && (j >= n || lit[i] != s[j])) i++;
    } else if (s[j] == lit[i]) {
      i++;
      j++;
    } else {
      return -1;
    }
  }
  return (long)j;
}

/* Does the source at column COL of line LINE spell node IN's start? */
static bool starts_at(reader *r, const cc_inline *in, int line, int col) {
  size_t len;
  const char *s = source_line(r, line, &len);
  if (!s || col < 1 || (size_t)col > len) return false;
  s += col - 1;
  len -= (size_t)(col - 1);
  if (in->kind == CC_INL_TEXT) return source_span(s, len, in->text, strlen(in->text)) >= 0;
  return strchr("*_[<`!", s[0]) != NULL;
}

int reader_col_at(reader *r, const cc_inline *t, size_t off) {
  size_t len;
  const char *s = source_line(r, t->pos.line, &len);
  if (s && t->text && t->pos.col >= 1 && (size_t)t->pos.col <= len + 1) {
    long span = source_span(s + t->pos.col - 1, len - (size_t)(t->pos.col - 1), t->text, off);
    if (span >= 0) return t->pos.col + (int)span;
  }
  return t->pos.col + (int)off;
}

static void shift_line(cc_inline *in, int line, int delta) {
  for (; in; in = in->next) {
    if (in->pos.line == line) in->pos.col -= delta;
    if (in->ref && in->ref->pos.line == line) in->ref->pos.col -= delta;
    shift_line(in->children, line, delta);
  }
}

/* cmark reports the inlines of a lazy continuation line (a paragraph line
 * inside a list item or quote written without the indent or '>') shifted
 * right by the container's indent. Such a line's text
 * starts at its first non-blank byte: where the first inline of a line is
 * not found at its reported column but is at that byte, the whole line is
 * moved back. */
static void fix_lazy_lines(reader *r, cc_inline *all, cc_inline *in, int *done_line) {
  for (; in; in = in->next) {
    int line = in->pos.line;
    if (line > *done_line && in->kind != CC_INL_SOFTBREAK && in->kind != CC_INL_LINEBREAK) {
      *done_line = line;
      size_t len;
      const char *s = source_line(r, line, &len);
      if (s && !starts_at(r, in, line, in->pos.col)) {
        int fnb = 1;
        while ((size_t)fnb <= len && (s[fnb - 1] == ' ' || s[fnb - 1] == '\t')) fnb++;
        /* cmark also reports a paragraph's indented continuation line
           ("1.1 Text\n    more") from column 1: the fix goes either way */
        if (fnb != in->pos.col && starts_at(r, in, line, fnb))
          shift_line(all, line, in->pos.col - fnb);
      }
    }
    fix_lazy_lines(r, all, in->children, done_line);
  }
}

static cc_inline *new_inline(reader *r, cc_inline_kind k, cc_pos pos) {
  cc_inline *in = arena_alloc(r->a, sizeof *in);
  in->kind = k;
  in->pos = pos;
  return in;
}

static int safe_url(const char *url) {
  return strncasecmp(url, "https:", 6) == 0 || strncasecmp(url, "http:", 5) == 0 ||
         strncasecmp(url, "mailto:", 7) == 0;
}

/* Does the source hold a raw bidirectional control on lines FROM..TO? */
static int raw_bidi(reader *r, int from, int to) {
  for (int l = from; l <= to; l++) {
    size_t len;
    const char *s = source_line(r, l, &len);
    if (s && utf8_find_bidi(s, len)) return 1;
  }
  return 0;
}

/* Decoded text (after cmark's entities and escapes) is what the outputs
 * carry, so it is checked here, not only as bytes (source.c): a control
 * character XML 1.0 cannot carry is removed, with a warning; a
 * bidirectional control written as &#x202E; is warned about like a raw
 * one (source.c warns at raw ones, so those are not warned twice). */
static void check_text(reader *r, cmark_node *n, cc_pos pos, char *text) {
  unsigned cp = 0;
  if (utf8_strip_xml_invalid(text, &cp))
    diag_warning(r->d, r->file, pos.line, pos.col,
                 "control character U+%04X removed from the text: XML, HTML and PDF cannot "
                 "carry it; delete it from the source", cp);
  cp = utf8_find_bidi(text, strlen(text));
  int end = cmark_node_get_end_line(n) + r->line_offset;
  if (cp && !raw_bidi(r, pos.line, end > pos.line ? end : pos.line))
    diag_warning(r->d, r->file, pos.line, pos.col,
                 "Unicode bidirectional control U+%04X (written as an escape): it can make the "
                 "text display in another order than it is written; remove it unless the text "
                 "needs it", cp);
}

cc_inline *reader_inlines(reader *r, cmark_node *first, int depth) {
  cc_inline *head = NULL, **tail = &head;
  cc_pos last = {r->file, 0, 0};
  for (cmark_node *n = first; n; n = cmark_node_next(n)) {
    cc_pos pos = reader_pos(r, n);
    if (pos.line == 0) pos = last; /* softbreaks carry no position */
    else last = pos;
    if (depth > READER_MAX_DEPTH) {
      diag_error(r->d, r->file, pos.line, pos.col,
                 "emphasis or links nested more than %d deep; simplify the markup",
                 READER_MAX_DEPTH);
      return head;
    }
    cc_inline *in = NULL;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
      in = new_inline(r, CC_INL_TEXT, pos);
      in->text = arena_strdup(r->a, cmark_node_get_literal(n));
      check_text(r, n, pos, in->text);
      break;
    case CMARK_NODE_CODE:
      in = new_inline(r, CC_INL_CODE, pos);
      in->text = arena_strdup(r->a, cmark_node_get_literal(n));
      check_text(r, n, pos, in->text);
      break;
    case CMARK_NODE_SOFTBREAK:
      in = new_inline(r, CC_INL_SOFTBREAK, pos);
      break;
    case CMARK_NODE_LINEBREAK:
      in = new_inline(r, CC_INL_LINEBREAK, pos);
      break;
    case CMARK_NODE_EMPH:
      in = new_inline(r, CC_INL_EMPH, pos);
      in->children = reader_inlines(r, cmark_node_first_child(n), depth + 1);
      break;
    case CMARK_NODE_STRONG:
      in = new_inline(r, CC_INL_STRONG, pos);
      in->children = reader_inlines(r, cmark_node_first_child(n), depth + 1);
      break;
    case CMARK_NODE_LINK: {
      const char *url = cmark_node_get_url(n);
      if (!url) url = "";
      cc_inline *kids = reader_inlines(r, cmark_node_first_child(n), depth + 1);
      if (url[0] == '#') {
        in = new_inline(r, CC_INL_XREF, pos);
        in->children = kids;
        in->ref = model_ref_new(r->doc->corpus, CC_REF_UNRESOLVED, url + 1,
                                model_inlines_text(r->a, kids), pos);
        in->ref->explicit_link = true;
      } else if (safe_url(url)) {
        in = new_inline(r, CC_INL_LINK, pos);
        in->url = arena_strdup(r->a, url);
        check_text(r, n, pos, in->url);
        in->children = kids;
      } else {
        diag_warning(r->d, r->file, pos.line, pos.col,
                     "link to '%.40s' dropped: only http:, https:, mailto: and #id links are "
                     "allowed; its text is kept", url);
        *tail = kids;
        while (*tail) tail = &(*tail)->next;
        continue;
      }
      break;
    }
    case CMARK_NODE_IMAGE: {
      diag_warning(r->d, r->file, pos.line, pos.col,
                   "images are not supported in a protocol's text; its description is kept as text");
      *tail = reader_inlines(r, cmark_node_first_child(n), depth + 1);
      while (*tail) tail = &(*tail)->next;
      continue;
    }
    case CMARK_NODE_HTML_INLINE:
      diag_error(r->d, r->file, pos.line, pos.col,
                 "raw HTML '%.40s' is not allowed in a source: write plain text, "
                 "or escape '<' as '\\<'", cmark_node_get_literal(n));
      in = new_inline(r, CC_INL_TEXT, pos);
      in->text = arena_strdup(r->a, cmark_node_get_literal(n));
      break;
    default:
      continue;
    }
    *tail = in;
    tail = &in->next;
  }
  if (depth == 0) {
    int done = 0;
    fix_lazy_lines(r, head, head, &done);
  }
  return head;
}

cc_inline *reader_last_text(cc_inline *list) {
  cc_inline *last = NULL;
  for (cc_inline *in = list; in; in = in->next) last = in;
  return last && last->kind == CC_INL_TEXT ? last : NULL;
}

void reader_trim_trailing(cc_inline **list) {
  for (;;) {
    cc_inline **pp = list, **lastp = NULL;
    while (*pp) {
      lastp = pp;
      pp = &(*pp)->next;
    }
    if (!lastp) return;
    cc_inline *l = *lastp;
    int empty_text = l->kind == CC_INL_TEXT && (!l->text || !*l->text);
    if (l->kind == CC_INL_SOFTBREAK || l->kind == CC_INL_LINEBREAK || empty_text) {
      *lastp = NULL;
      continue;
    }
    if (l->kind == CC_INL_TEXT) {
      size_t n = strlen(l->text);
      while (n > 0 && (l->text[n - 1] == ' ' || l->text[n - 1] == '\t')) l->text[--n] = '\0';
      if (n == 0) {
        *lastp = NULL;
        continue;
      }
    }
    return;
  }
}

bool reader_footnote_label_ok(const char *label, size_t len) {
  if (len == 0 || len > 32) return false;
  /* the label becomes an id (fn-LABEL, AKN's authorialNote_LABEL): it
     follows the id rules, so [^a"b] or [^#] is not a footnote */
  if (!isalnum((unsigned char)label[0])) return false;
  for (size_t i = 0; i < len; i++)
    if (!isalnum((unsigned char)label[i]) && label[i] != '-' && label[i] != '_' && label[i] != '.')
      return false;
  return true;
}

/* "[^label]" inside text -> FOOTREF nodes. */
void reader_footnote_refs(reader *r, cc_inline **list) {
  for (cc_inline **pp = list; *pp; pp = &(*pp)->next) {
    cc_inline *in = *pp;
    if (in->kind == CC_INL_EMPH || in->kind == CC_INL_STRONG) {
      reader_footnote_refs(r, &in->children);
      continue;
    }
    if (in->kind != CC_INL_TEXT) continue;
    char *m = strstr(in->text, "[^");
    if (!m) continue;
    char *close = strchr(m, ']');
    if (!close || close == m + 2) continue;
    size_t lablen = (size_t)(close - m - 2);
    if (!reader_footnote_label_ok(m + 2, lablen)) continue;
    cc_pos pos = in->pos;
    pos.col = reader_col_at(r, in, (size_t)(m - in->text));
    cc_inline *ref = new_inline(r, CC_INL_FOOTREF, pos);
    ref->text = arena_strndup(r->a, m + 2, lablen);
    ref->target = arena_printf(r->a, "fn-%s", ref->text);
    cc_inline *rest = NULL;
    if (close[1]) {
      rest = new_inline(r, CC_INL_TEXT, in->pos);
      rest->pos.col = reader_col_at(r, in, (size_t)(close + 1 - in->text));
      rest->text = arena_strdup(r->a, close + 1);
      rest->next = in->next;
    }
    ref->next = rest ? rest : in->next;
    *m = '\0';
    in->next = ref;
    cc_footnote *fn = strmap_get(r->footnotes, ref->text);
    if (fn) fn->referenced = true;
    else
      diag_warning(r->d, r->file, pos.line, pos.col,
                   "footnote [^%s] has no definition; add a line '[^%s]: text'", ref->text,
                   ref->text);
    /* the loop continues with ref, then rest (which may hold more markers) */
  }
}
