/* reader_inline.c - cmark inline nodes -> model inlines; footnote markers.
 *
 * Untrusted text never becomes markup: raw HTML is an error, and links are
 * kept only for http, https and mailto (cmark's safe mode filters only its
 * own HTML renderer, not the tree we walk; TECH-NOTES 2c).
 */
#include "reader_internal.h"
#include "buf.h"

#include <string.h>
#include <strings.h>

cc_pos reader_pos(reader *r, cmark_node *n) {
  cc_pos p = {r->file, 0, 0};
  int line = cmark_node_get_start_line(n);
  if (line > 0) {
    p.line = line + r->line_offset;
    p.col = cmark_node_get_start_column(n);
  }
  return p;
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
      break;
    case CMARK_NODE_CODE:
      in = new_inline(r, CC_INL_CODE, pos);
      in->text = arena_strdup(r->a, cmark_node_get_literal(n));
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
    int ok = lablen <= 32;
    for (size_t i = 0; ok && i < lablen; i++) ok = m[2 + i] != ' ' && m[2 + i] != '[';
    if (!ok) continue;
    cc_pos pos = in->pos;
    pos.col += (int)(m - in->text);
    cc_inline *ref = new_inline(r, CC_INL_FOOTREF, pos);
    ref->text = arena_strndup(r->a, m + 2, lablen);
    ref->target = arena_printf(r->a, "fn-%s", ref->text);
    cc_inline *rest = NULL;
    if (close[1]) {
      rest = new_inline(r, CC_INL_TEXT, in->pos);
      rest->pos.col += (int)(close + 1 - in->text);
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
