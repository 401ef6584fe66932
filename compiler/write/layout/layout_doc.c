/* layout_doc.c - model -> vertical lists (see layout_doc.h).
 *
 * House typography (docs/pdf-output.md): serif body justified with
 * hyphenation; sans headings set ragged; clause numbers and item labels
 * hang to the left of the text they introduce; headings keep with the
 * first two lines that follow; paragraphs avoid orphans and widows.
 */
#include "write/layout/layout_doc.h"
#include "base/buf.h"
#include "model/typo.h"
#include "base/strmap.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- typography -------------------------------------------------------- */

#define BODY_SIZE 10.5
#define BODY_LEAD 14.0
#define NOTE_SIZE 8.5
#define NOTE_LEAD 11.0
#define H1_SIZE 12.0
#define H1_LEAD 15.0
#define H2_SIZE 10.5
#define H2_LEAD 14.0
#define TITLE_SIZE 19.0
#define TITLE_LEAD 23.0
#define TOC_SIZE 10.0
#define TOC_LEAD 14.5
#define PARA_GAP 5.0
#define ITEM_GAP 3.0
#define CLAUSE_GAP 7.0
#define H1_BEFORE 16.0
#define H1_AFTER 6.0
#define H2_BEFORE 10.0
#define H2_AFTER 4.0
#define QUOTE_INDENT 20.0
#define LIST_MIN_INDENT 22.0
/* twice TeX's \hyphenpenalty: a slightly looser or tighter line beats a
 * break (35 hyphens on East Northamptonshire's 9 pages at 50, 16 at 100;
 * mean badness 12 -> 16, docs/pdf-output.md "Line quality") */
#define HYPHEN_PENALTY 100
#define EXPLICIT_HYPHEN_PENALTY 50
#define SLASH_PENALTY 200

typedef struct lctx {
  layout_doc *ld;
  const cc_document *doc;
  const layout_metrics *m;
  layout_hyph *h;
  const layout_geom *g;
  diag_list *d;
  layout_vlist *vl;
  int list;                 /* 0 front, 1 body */
  int *pending; size_t npending, cappending; /* anchors waiting for a line */
  unsigned char warned[65536 / 8];
  const cc_footnote **notes; size_t nnotes, capnotes; /* referenced, not yet set */
  strmap *notes_seen;
  strmap *hyph_seen; /* letter run -> its break points (hyph_points) */
  int root_elem;
} lctx;

typedef struct hang {
  const char *text;
  int font;
  double size;
  double x; /* from the text's left edge (negative: in the margin) */
  int tag;
} hang;

/* ---- small helpers ----------------------------------------------------- */

static size_t utf8_next(const char *s, size_t len, size_t i, unsigned *cp) {
  unsigned char c = (unsigned char)s[i];
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > len) {
    *cp = 0xFFFD;
    return 1;
  }
  unsigned v = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; k++) {
    unsigned char cc = (unsigned char)s[i + k];
    if ((cc & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (cc & 0x3F);
  }
  *cp = v;
  return n;
}

static bool is_letter(unsigned cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return true;
  return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int layout_elem_add(layout_elem **elems, size_t *n, size_t *cap, layout_elem_type t, int parent,
                    const char *alt) {
  XGROW(*elems, *n, *cap);
  layout_elem *e = &(*elems)[*n];
  e->type = t;
  e->parent = parent;
  e->link = -1;
  e->alt = alt;
  e->id = NULL;
  e->scope = LAYOUT_SCOPE_NONE;
  e->colspan = 1;
  return (int)(*n)++;
}

static int elem_new(lctx *c, layout_elem_type t, int parent) {
  layout_doc *ld = c->ld;
  return layout_elem_add(&ld->elems, &ld->nelems, &ld->capelems, t, parent, NULL);
}

static int link_new(lctx *c, bool internal, const char *target) {
  layout_doc *ld = c->ld;
  XGROW(ld->links, ld->nlinks, ld->caplinks);
  layout_link *l = &ld->links[ld->nlinks];
  l->internal = internal;
  l->target = target;
  l->anchor = -1;
  return (int)ld->nlinks++;
}

/* An anchor for ID at the next line pushed. */
static int anchor_next(lctx *c, const char *id) {
  layout_doc *ld = c->ld;
  if (!id) return -1;
  if (strmap_has(ld->ids, id)) return (int)(intptr_t)strmap_get(ld->ids, id) - 1;
  XGROW(ld->anchors, ld->nanchors, ld->capanchors);
  layout_anchor *a = &ld->anchors[ld->nanchors];
  a->id = id;
  a->list = c->list;
  a->item = (size_t)-1;
  strmap_put(ld->ids, id, (void *)(intptr_t)(ld->nanchors + 1));
  XGROW(c->pending, c->npending, c->cappending);
  c->pending[c->npending++] = (int)ld->nanchors;
  return (int)ld->nanchors++;
}

static void outline_add(lctx *c, int level, const char *title, int anchor) {
  layout_doc *ld = c->ld;
  if (anchor < 0 || !title) return;
  XGROW(ld->outlines, ld->noutlines, ld->capoutlines);
  layout_outline *o = &ld->outlines[ld->noutlines++];
  o->level = level < 1 ? 1 : level;
  o->title = title;
  o->anchor = anchor;
}

static double advance(lctx *c, int font, unsigned cp, cc_pos pos) {
  c->ld->fonts_used[font] = true;
  int w = c->m->advance(c->m->ctx, font, cp);
  if (w < 0) {
    if (cp < 65536 && !(c->warned[cp / 8] & (1u << (cp % 8)))) {
      c->warned[cp / 8] |= (unsigned char)(1u << (cp % 8));
      diag_warning(c->d, pos.file, pos.line, pos.col,
                   "the PDF fonts have no glyph for U+%04X: it would print as an empty box; "
                   "replace the character or write it out in words",
                   cp);
    }
    w = 600; /* what the font's .notdef advance is drawn with */
  }
  return w;
}

/* Kerning between A and B in 1/1000 em (0 without a kern callback). */
static int kern(lctx *c, int font, unsigned a, unsigned b) {
  return c->m->kern ? c->m->kern(c->m->ctx, font, a, b) : 0;
}

/* Width of S as drawn: advances plus the kerning of each adjacent pair. */
static double text_width(lctx *c, int font, double size, const char *s, size_t len, cc_pos pos) {
  double w = 0;
  unsigned prev = 0;
  for (size_t i = 0; i < len;) {
    unsigned cp;
    size_t n = utf8_next(s, len, i, &cp);
    if (i > 0) w += kern(c, font, prev, cp);
    i += n;
    w += advance(c, font, cp, pos);
    prev = cp;
  }
  return w * size / 1000.0;
}

/* A fragment S[0..LEN) of a word followed by more of it at S+LEN: its
 * width with the kerning across the join, so that the fragments of an
 * unbroken word add up to the word's width as the renderer draws it (one
 * run). At a break the join kerning stays with the fragment, and the
 * hyphen is drawn where the layout put it (no kerning before a hyphen). */
static double frag_width(lctx *c, int font, double size, const char *s, size_t len,
                         size_t total, cc_pos pos) {
  double w = text_width(c, font, size, s, len, pos);
  if (len == 0 || len >= total) return w;
  size_t i = len - 1;
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
  unsigned a, b;
  utf8_next(s, len, i, &a);
  utf8_next(s, total, len, &b);
  return w + kern(c, font, a, b) * size / 1000.0;
}

/* ---- paragraphs -------------------------------------------------------- */

typedef struct pbuild {
  lctx *c;
  layout_para p;
  double measure;
  bool ragged;
  bool need_space; /* a space was seen since the last box */
  bool any;        /* a box was added */
  double size;     /* base size */
  unsigned typo_prev; /* typo_text's context: the paragraph's text so far */
} pbuild;

static void pb_init(pbuild *pb, lctx *c, double measure, bool ragged, double size) {
  memset(pb, 0, sizeof *pb);
  pb->c = c;
  layout_para_init(&pb->p);
  pb->measure = measure;
  pb->ragged = ragged;
  pb->size = size;
}

static void pb_flush_space(pbuild *pb, layout_style st, cc_pos pos) {
  if (!pb->need_space) return;
  pb->need_space = false;
  if (!pb->any) return;
  double w = text_width(pb->c, st.font, st.rise != 0 ? pb->size : st.size, " ", 1, pos);
  layout_para_space(&pb->p, w, w * 0.6, w * 0.3, pb->ragged);
}

/* A word too wide for any line (a long URL): breakable after every
 * character, preferably after '/', '.', '-'. */
static void pb_long_word(pbuild *pb, const char *s, size_t len, layout_style st, cc_pos pos) {
  for (size_t i = 0; i < len;) {
    unsigned cp;
    size_t n = utf8_next(s, len, i, &cp);
    layout_para_box(&pb->p, s + i, n, frag_width(pb->c, st.font, st.size, s + i, n, len - i, pos),
                    st);
    i += n;
    if (i < len) {
      int pen = (cp == '/' || cp == '.' || cp == '-' || cp == '_') ? SLASH_PENALTY : 1000;
      layout_para_penalty(&pb->p, pen, false, 0, NULL, 0, st);
    }
  }
}

/* The break points of the letter run W (LEN bytes), as
 * layout_hyph_points. A document says "council", "members" and
 * "officers" hundreds of times, and libhyphen allocates and walks its
 * patterns on every call (a twentieth of a build's CPU): each run is
 * looked up once per document. Points are byte offsets inside a run of
 * at most 200 bytes, so a byte holds each. */
static size_t hyph_points(lctx *c, const char *w, size_t len, size_t *pts, size_t max) {
  if (len < 5 || len > 200 || max > 255) return layout_hyph_points(c->h, w, len, pts, max);
  char key[201];
  memcpy(key, w, len);
  key[len] = '\0';
  const unsigned char *known = strmap_get(c->hyph_seen, key);
  if (!known) {
    size_t n = layout_hyph_points(c->h, w, len, pts, max);
    unsigned char *rec = xmalloc(1 + n);
    rec[0] = (unsigned char)n;
    for (size_t k = 0; k < n; k++) rec[1 + k] = (unsigned char)pts[k];
    strmap_put(c->hyph_seen, key, rec);
    return n;
  }
  for (size_t k = 0; k < known[0]; k++) pts[k] = known[1 + k];
  return known[0];
}

static void pb_word(pbuild *pb, const char *s, size_t len, layout_style st, cc_pos pos) {
  lctx *c = pb->c;
  double w = text_width(c, st.font, st.size, s, len, pos);
  pb_flush_space(pb, st, pos);
  pb->any = true;
  if (w > pb->measure * 0.9) {
    pb_long_word(pb, s, len, st, pos);
    return;
  }
  if (pb->ragged || !c->h) {
    layout_para_box(&pb->p, s, len, w, st);
    return;
  }
  /* segments: letter runs are hyphenated; after an explicit hyphen or a
   * slash between letters a break is allowed without adding a hyphen */
  static const char hy[] = "-";
  double hyw = text_width(c, st.font, st.size, hy, 1, pos);
  /* words with digits ("2nd", "A4-sized") are never hyphenated */
  bool digits = false;
  for (size_t q = 0; q < len; q++)
    if (s[q] >= '0' && s[q] <= '9') digits = true;
  size_t i = 0, boxstart = 0;
  while (i < len) {
    unsigned cp;
    size_t n = utf8_next(s, len, i, &cp);
    if (is_letter(cp)) {
      size_t j = i;
      while (j < len) {
        unsigned cp2;
        size_t n2 = utf8_next(s, len, j, &cp2);
        if (!is_letter(cp2)) break;
        j += n2;
      }
      size_t pts[64];
      size_t np = digits ? 0 : hyph_points(c, s + i, j - i, pts, 64);
      for (size_t k = 0; k < np; k++) {
        size_t at = i + pts[k];
        layout_para_box(&pb->p, s + boxstart, at - boxstart,
                        frag_width(c, st.font, st.size, s + boxstart, at - boxstart,
                                   len - boxstart, pos), st);
        layout_para_penalty(&pb->p, HYPHEN_PENALTY, true, hyw, hy, 1, st);
        boxstart = at;
      }
      i = j;
      continue;
    }
    i += n;
    if ((cp == '-' || cp == '/') && i < len && boxstart < i - 1) {
      unsigned nx;
      utf8_next(s, len, i, &nx);
      if (is_letter(nx)) {
        double fw = frag_width(c, st.font, st.size, s + boxstart, i - boxstart,
                               len - boxstart, pos);
        layout_para_box(&pb->p, s + boxstart, i - boxstart, fw, st);
        /* broken here, the line ends without the join's kerning */
        double jk = fw - text_width(c, st.font, st.size, s + boxstart, i - boxstart, pos);
        layout_para_penalty(&pb->p, cp == '-' ? EXPLICIT_HYPHEN_PENALTY : SLASH_PENALTY,
                            cp == '-', -jk, NULL, 0, st);
        boxstart = i;
      }
    }
  }
  if (boxstart < len)
    layout_para_box(&pb->p, s + boxstart, len - boxstart,
                    text_width(c, st.font, st.size, s + boxstart, len - boxstart, pos), st);
}

static void pb_text(pbuild *pb, const char *s, size_t len, layout_style st, cc_pos pos) {
  size_t i = 0;
  while (i < len) {
    if (is_space((unsigned char)s[i])) {
      pb->need_space = true;
      i++;
      continue;
    }
    size_t j = i;
    while (j < len && !is_space((unsigned char)s[j])) j++;
    pb_word(pb, s + i, j - i, st, pos);
    i = j;
  }
}

static int style_font(int family, int flags) { return family + flags; }

static const char *percent_encode(lctx *c, const char *url) {
  buf b = BUF_INIT;
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>\\^`{|}", *p)) {
      buf_putc(&b, '%');
      buf_putc(&b, hex[*p >> 4]);
      buf_putc(&b, hex[*p & 15]);
    } else {
      buf_putc(&b, (char)*p);
    }
  }
  const char *r = arena_strdup(c->ld->arena, buf_cstr(&b));
  buf_free(&b);
  return r;
}

static void note_referenced(lctx *c, const char *id) {
  if (!id || strmap_has(c->notes_seen, id)) return;
  for (size_t i = 0; i < c->doc->nfootnotes; i++) {
    if (c->doc->footnotes[i]->id && strcmp(c->doc->footnotes[i]->id, id) == 0) {
      strmap_put(c->notes_seen, id, (void *)c->doc->footnotes[i]);
      XGROW(c->notes, c->nnotes, c->capnotes);
      c->notes[c->nnotes++] = c->doc->footnotes[i];
      return;
    }
  }
}

static void pb_inlines(pbuild *pb, const cc_inline *in, int family, int flags, layout_style st) {
  lctx *c = pb->c;
  for (; in; in = in->next) {
    layout_style s2 = st;
    s2.font = style_font(family, flags);
    switch (in->kind) {
    case CC_INL_TEXT:
      if (in->text) {
        /* typographic quotes and dashes, as the HTML shows (model/typo.h) */
        const char *t = typo_text(c->ld->arena, in->text, &pb->typo_prev);
        pb_text(pb, t, strlen(t), s2, in->pos);
      }
      break;
    case CC_INL_CODE:
      s2.font = style_font(LAYOUT_MONO, 0);
      s2.size = st.size * 0.92;
      if (in->text) pb_text(pb, in->text, strlen(in->text), s2, in->pos);
      break;
    case CC_INL_EMPH:
      pb_inlines(pb, in->children, family, flags ^ LAYOUT_ITALIC, st);
      break;
    case CC_INL_STRONG:
      pb_inlines(pb, in->children, family, flags | LAYOUT_BOLD, st);
      break;
    case CC_INL_LINK:
    case CC_INL_XREF: {
      const char *target = NULL;
      bool internal = false;
      if (in->kind == CC_INL_LINK && in->url) {
        target = percent_encode(c, in->url);
      } else if (in->kind == CC_INL_XREF && in->ref && in->ref->kind == CC_REF_INTERNAL &&
                 in->ref->target) {
        target = in->ref->target;
        internal = true;
      }
      if (target && st.link < 0) {
        layout_style s3 = st;
        s3.link = link_new(c, internal, target);
        if (st.tag >= 0) {
          s3.tag = elem_new(c, LAYOUT_E_LINK, st.tag);
          c->ld->elems[s3.tag].link = s3.link;
        }
        pb_inlines(pb, in->children, family, flags, s3);
      } else {
        pb_inlines(pb, in->children, family, flags, st);
      }
      if (!in->children && in->kind == CC_INL_XREF && in->ref && in->ref->text)
        pb_text(pb, in->ref->text, strlen(in->ref->text), s2, in->pos);
      break;
    }
    case CC_INL_FOOTREF: {
      const char *label = in->text ? in->text : "*";
      layout_style s3 = s2;
      s3.font = style_font(family, flags & LAYOUT_BOLD);
      s3.size = st.size * 0.68;
      s3.rise = st.size * 0.36;
      if (in->target) {
        note_referenced(c, in->target);
        s3.link = link_new(c, true, in->target);
        if (st.tag >= 0) {
          s3.tag = elem_new(c, LAYOUT_E_LINK, st.tag);
          c->ld->elems[s3.tag].link = s3.link;
        }
      }
      /* no space before the mark: it sticks to the preceding word */
      pb->need_space = false;
      size_t len = strlen(label);
      layout_para_box(&pb->p, label, len, text_width(c, s3.font, s3.size, label, len, in->pos), s3);
      pb->any = true;
      break;
    }
    case CC_INL_SOFTBREAK:
      pb->need_space = true;
      pb->typo_prev = ' ';
      break;
    case CC_INL_LINEBREAK:
      if (pb->any) {
        layout_style none = {0, 0, 0, -1, -1};
        layout_para_penalty(&pb->p, LAYOUT_INF, false, 0, NULL, 0, none);
        layout_para_glue(&pb->p, 0, 1e7, 0);
        layout_para_penalty(&pb->p, -LAYOUT_INF, false, 0, NULL, 0, none);
      }
      pb->need_space = false;
      break;
    }
  }
}

/* ---- vertical list ----------------------------------------------------- */

static void vspace(lctx *c, double h) {
  layout_vlist *v = c->vl;
  if (v->n && v->items[v->n - 1].kind == LAYOUT_V_SPACE) {
    layout_vitem *last = &v->items[v->n - 1];
    if (h > last->height) last->height = h;
    return;
  }
  bool keep = v->n && v->items[v->n - 1].keep;
  layout_vitem *it = layout_vlist_push(v, LAYOUT_V_SPACE);
  it->height = h;
  it->keep = keep; /* a heading's space keeps with it */
}

static layout_vitem *push_line(lctx *c, double x, double measure, double size, double lead,
                               int role) {
  layout_vitem *it = layout_vlist_push(c->vl, LAYOUT_V_LINE);
  it->height = lead;
  it->ascent = (lead - size) / 2 + 0.8 * size;
  it->x = x;
  it->measure = measure;
  it->role = role;
  size_t idx = c->vl->n - 1;
  for (size_t i = 0; i < c->npending; i++) c->ld->anchors[c->pending[i]].item = idx;
  c->npending = 0;
  return it;
}

static void line_prepend_run(layout_line *ln, layout_run r) {
  ln->runs = xrealloc(ln->runs, (ln->nruns + 1) * sizeof *ln->runs);
  memmove(ln->runs + 1, ln->runs, ln->nruns * sizeof *ln->runs);
  ln->runs[0] = r;
  ln->nruns++;
}

static void add_hang(lctx *c, layout_line *ln, const hang *hg, cc_pos pos) {
  layout_run r;
  memset(&r, 0, sizeof r);
  r.text = hg->text;
  r.len = strlen(hg->text);
  r.style.font = hg->font;
  r.style.size = hg->size;
  r.style.link = -1;
  r.style.tag = hg->tag;
  r.width = text_width(c, hg->font, hg->size, hg->text, r.len, pos);
  r.x = hg->x;
  line_prepend_run(ln, r);
}

/* Breaks the paragraph and appends its lines. KEEP_ALL: every line keeps
 * with the next (headings). HG: label hung on the first line, or NULL. */
static void emit_para(lctx *c, pbuild *pb, double x, double size, double lead, int role,
                      bool keep_all, const hang *hg, cc_pos pos) {
  layout_line *lines = NULL;
  size_t n = layout_para_break(&pb->p, pb->measure, &lines);
  if (n == 0 && hg) {
    /* nothing but a label (an empty item): the label on its own line */
    layout_vitem *it = push_line(c, x, pb->measure, size, lead, role);
    add_hang(c, &it->line, hg, pos);
    it->keep = keep_all;
  }
  for (size_t k = 0; k < n; k++) {
    layout_vitem *it = push_line(c, x, pb->measure, size, lead, role);
    it->line = lines[k];
    if (k == 0 && hg) add_hang(c, &it->line, hg, pos);
    size_t line_no = k + 1;
    /* no orphan or widow; no hyphenated word split across pages */
    if (line_no < n) it->keep = keep_all || line_no < 2 || n - line_no < 2 || it->line.hyphenated;
    else it->keep = keep_all;
  }
  free(lines); /* runs now belong to the vitems */
  layout_para_free(&pb->p);
}

/* ---- blocks ------------------------------------------------------------ */

static void do_blocks(lctx *c, const cc_block *b, double x, double measure, int parent,
                      const hang *hg);

static const char *item_label(lctx *c, const cc_item *it, const cc_block *list) {
  if (it->label_shown) return it->label_shown;
  if (it->label) return it->label;
  if (list->ordered && it->canonical_label)
    return arena_printf(c->ld->arena, "%s.", it->canonical_label);
  return "\xE2\x80\xA2"; /* bullet */
}

static void do_list(lctx *c, const cc_block *b, double x, double measure, int parent) {
  int lel = elem_new(c, LAYOUT_E_L, parent);
  double widest = 0;
  for (const cc_item *it = b->items; it; it = it->next) {
    const char *lab = item_label(c, it, b);
    double w = text_width(c, LAYOUT_SERIF, BODY_SIZE, lab, strlen(lab), it->pos);
    if (w > widest) widest = w;
  }
  double indent = fmax(LIST_MIN_INDENT, ceil(widest + 7));
  for (const cc_item *it = b->items; it; it = it->next) {
    vspace(c, ITEM_GAP);
    int li = elem_new(c, LAYOUT_E_LI, lel);
    int lbl = elem_new(c, LAYOUT_E_LBL, li);
    int body = elem_new(c, LAYOUT_E_LBODY, li);
    anchor_next(c, it->id);
    hang hg = {item_label(c, it, b), LAYOUT_SERIF, BODY_SIZE, -indent, lbl};
    if (it->blocks) {
      do_blocks(c, it->blocks, x + indent, measure - indent, body, &hg);
    } else {
      pbuild pb;
      pb_init(&pb, c, measure - indent, false, BODY_SIZE);
      emit_para(c, &pb, x + indent, BODY_SIZE, BODY_LEAD, LAYOUT_R_BODY, false, &hg, it->pos);
    }
  }
}

static void do_blocks(lctx *c, const cc_block *b, double x, double measure, int parent,
                      const hang *hg) {
  bool first = true;
  for (; b; b = b->next) {
    if (!first) vspace(c, b->kind == CC_BLK_LIST ? ITEM_GAP : PARA_GAP);
    const hang *h1 = first ? hg : NULL;
    first = false;
    switch (b->kind) {
    case CC_BLK_PARA: {
      int p = elem_new(c, LAYOUT_E_P, parent);
      pbuild pb;
      pb_init(&pb, c, measure, false, BODY_SIZE);
      layout_style st = {LAYOUT_SERIF, BODY_SIZE, 0, -1, p};
      pb_inlines(&pb, b->inlines, LAYOUT_SERIF, 0, st);
      emit_para(c, &pb, x, BODY_SIZE, BODY_LEAD, LAYOUT_R_BODY, false, h1, b->pos);
      break;
    }
    case CC_BLK_LIST:
      if (h1) {
        /* a label with a list straight after it: the label on its own line */
        pbuild pb;
        pb_init(&pb, c, measure, false, BODY_SIZE);
        emit_para(c, &pb, x, BODY_SIZE, BODY_LEAD, LAYOUT_R_BODY, true, h1, b->pos);
      }
      do_list(c, b, x, measure, parent);
      break;
    case CC_BLK_QUOTE: {
      int q = elem_new(c, LAYOUT_E_BLOCKQUOTE, parent);
      if (h1) {
        pbuild pb;
        pb_init(&pb, c, measure, false, BODY_SIZE);
        emit_para(c, &pb, x, BODY_SIZE, BODY_LEAD, LAYOUT_R_BODY, true, h1, b->pos);
      }
      do_blocks(c, b->children, x + QUOTE_INDENT, measure - 2 * QUOTE_INDENT, q, NULL);
      break;
    }
    }
  }
}

/* ---- footnotes --------------------------------------------------------- */

static void flush_notes(lctx *c, double x, double measure, bool all) {
  if (all) {
    for (size_t i = 0; i < c->doc->nfootnotes; i++) {
      const cc_footnote *fn = c->doc->footnotes[i];
      if (fn->id && !strmap_has(c->notes_seen, fn->id)) {
        strmap_put(c->notes_seen, fn->id, (void *)fn);
        XGROW(c->notes, c->nnotes, c->capnotes);
        c->notes[c->nnotes++] = fn;
      }
    }
  }
  if (!c->nnotes) return;
  vspace(c, 10);
  /* the rule above the notes: a line without runs, role NOTE */
  layout_vitem *rule = push_line(c, x, measure, NOTE_SIZE, 6, LAYOUT_R_NOTE);
  rule->keep = true;
  for (size_t i = 0; i < c->nnotes; i++) {
    const cc_footnote *fn = c->notes[i];
    int note = elem_new(c, LAYOUT_E_NOTE, c->root_elem);
    c->ld->elems[note].id = fn->id;
    anchor_next(c, fn->id);
    const char *lab = fn->label ? fn->label : "*";
    hang hg = {lab, LAYOUT_SERIF, NOTE_SIZE, -c->g->gutter, note};
    if (i) vspace(c, 2);
    const cc_block *b = fn->blocks;
    if (!b || b->kind != CC_BLK_PARA) {
      pbuild pb;
      pb_init(&pb, c, measure, false, NOTE_SIZE);
      emit_para(c, &pb, x, NOTE_SIZE, NOTE_LEAD, LAYOUT_R_NOTE, false, &hg, fn->pos);
      continue;
    }
    for (bool first = true; b; b = b->next, first = false) {
      if (b->kind != CC_BLK_PARA) continue;
      pbuild pb;
      pb_init(&pb, c, measure, false, NOTE_SIZE);
      layout_style st = {LAYOUT_SERIF, NOTE_SIZE, 0, -1, note};
      pb_inlines(&pb, b->inlines, LAYOUT_SERIF, 0, st);
      emit_para(c, &pb, x, NOTE_SIZE, NOTE_LEAD, LAYOUT_R_NOTE, false, first ? &hg : NULL,
                b->pos);
    }
  }
  c->nnotes = 0;
}

/* ---- sections and clauses ---------------------------------------------- */

/* A heading set ragged in bold sans; NUM hangs in the gutter, in bold
 * sans at the heading's size (a section's number), or with NUM_SIZE > 0 in
 * bold serif at NUM_SIZE (a clause's: clause numbers are in one font
 * whether the clause has a heading or not). */
static void heading(lctx *c, const char *num, const cc_inline *inl, const char *plain,
                    double size, double lead, int elem, cc_pos pos, double num_size) {
  double x = 0, measure = c->ld->measure;
  pbuild pb;
  pb_init(&pb, c, measure, true, size);
  layout_style st = {LAYOUT_SANS | LAYOUT_BOLD, size, 0, -1, elem};
  if (plain) plain = typo_text(c->ld->arena, plain, &pb.typo_prev);
  if (plain) pb_text(&pb, plain, strlen(plain), st, pos);
  else pb_inlines(&pb, inl, LAYOUT_SANS, LAYOUT_BOLD, st);
  hang hg = {num, num_size > 0 ? LAYOUT_SERIF | LAYOUT_BOLD : LAYOUT_SANS | LAYOUT_BOLD,
             num_size > 0 ? num_size : size, -c->g->gutter, elem};
  emit_para(c, &pb, x, size, lead, LAYOUT_R_HEADING, true, num ? &hg : NULL, pos);
}

/* "1.1 The purpose of this Protocol is to guide…" for bookmarks. */
static const char *short_title(lctx *c, const char *num, const char *text, int words) {
  buf b = BUF_INIT;
  if (num) {
    buf_puts(&b, num);
    buf_putc(&b, ' ');
  }
  const char *p = text ? text : "";
  int n = 0;
  bool cut = false;
  while (*p) {
    while (*p && is_space((unsigned char)*p)) p++;
    if (!*p) break;
    if (n == words) {
      cut = true;
      break;
    }
    const char *e = p;
    while (*e && !is_space((unsigned char)*e)) e++;
    if (n) buf_putc(&b, ' ');
    buf_put(&b, p, (size_t)(e - p));
    n++;
    p = e;
  }
  if (cut) buf_puts(&b, "\xE2\x80\xA6");
  const char *r = arena_strdup(c->ld->arena, buf_cstr(&b));
  buf_free(&b);
  return r;
}

/* H1 is the title, a section of depth D is H(D+1), and a clause's heading
 * one level below its section's: headings never skip a level (PDF/UA-1
 * 7.4.2), down to H6. */
static int heading_elem(int depth) {
  static const int h[] = {LAYOUT_E_H2, LAYOUT_E_H3, LAYOUT_E_H4, LAYOUT_E_H5, LAYOUT_E_H6};
  return h[depth <= 1 ? 0 : depth >= 5 ? 4 : depth - 1];
}

static void do_clause(lctx *c, const cc_clause *cl, int parent, int level) {
  vspace(c, CLAUSE_GAP);
  int div = elem_new(c, LAYOUT_E_DIV, parent);
  const char *num = model_clause_number_shown(cl);
  int anc = anchor_next(c, cl->id);
  if (cl->heading || cl->heading_text) {
    int h = elem_new(c, heading_elem(level), div);
    heading(c, num, cl->heading, cl->heading ? NULL : cl->heading_text, H2_SIZE, H2_LEAD, h,
            cl->pos, BODY_SIZE);
    vspace(c, 3);
    outline_add(c, level, short_title(c, num, cl->heading_text, 12), anc);
    do_blocks(c, cl->blocks, 0, c->ld->measure, div, NULL);
    return;
  }
  outline_add(c, level, short_title(c, num, cl->text, 8), anc);
  hang hg = {num, LAYOUT_SERIF | LAYOUT_BOLD, BODY_SIZE, -c->g->gutter, div};
  if (cl->blocks) {
    do_blocks(c, cl->blocks, 0, c->ld->measure, div, num ? &hg : NULL);
  } else if (num) {
    pbuild pb;
    pb_init(&pb, c, c->ld->measure, false, BODY_SIZE);
    emit_para(c, &pb, 0, BODY_SIZE, BODY_LEAD, LAYOUT_R_BODY, false, &hg, cl->pos);
  }
}

static const char *section_title(lctx *c, const cc_section *s) {
  const char *h = s->heading_shown ? s->heading_shown : s->heading_text;
  if (s->number && h) return arena_printf(c->ld->arena, "%s %s", s->number, h);
  return h ? h : s->number;
}

static void do_section(lctx *c, const cc_section *s, int parent) {
  int sect = parent;
  if (s->depth >= 1) {
    sect = elem_new(c, LAYOUT_E_SECT, parent);
    vspace(c, s->depth == 1 ? H1_BEFORE : H2_BEFORE);
    int anc = anchor_next(c, s->id);
    int h = elem_new(c, heading_elem(s->depth), sect);
    bool big = s->depth == 1;
    heading(c, s->number, s->heading, s->heading_shown, big ? H1_SIZE : H2_SIZE,
            big ? H1_LEAD : H2_LEAD, h, s->pos, 0);
    vspace(c, big ? H1_AFTER : H2_AFTER);
    outline_add(c, s->depth, section_title(c, s), anc);
  }
  for (size_t i = 0; i < s->nchildren; i++) {
    const cc_node *nd = &s->children[i];
    switch (nd->kind) {
    case CC_NODE_SECTION: do_section(c, nd->u.section, sect); break;
    case CC_NODE_CLAUSE: do_clause(c, nd->u.clause, sect, s->depth + 1); break;
    case CC_NODE_PROSE:
      vspace(c, CLAUSE_GAP);
      anchor_next(c, nd->u.prose->id);
      do_blocks(c, nd->u.prose->blocks, 0, c->ld->measure, sect, NULL);
      break;
    }
  }
  if (s->depth == 1) flush_notes(c, 0, c->ld->measure, false);
}

/* ---- title block and contents ------------------------------------------ */

static void title_line(lctx *c, const char *text, int font, double size, double lead, int elem,
                       bool keep) {
  if (!text || !*text) return;
  pbuild pb;
  pb_init(&pb, c, c->ld->measure + c->g->gutter, true, size);
  layout_style st = {font, size, 0, -1, elem};
  pb_text(&pb, text, strlen(text), st, c->doc->pos);
  emit_para(c, &pb, -c->g->gutter, size, lead, LAYOUT_R_TITLE, keep, NULL, c->doc->pos);
}

static const char *nice_date(lctx *c, const char *iso) {
  static const char *months[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
  int y, m, d;
  char tail;
  if (iso && sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12)
    return arena_printf(c->ld->arena, "%d %s %d", d, months[m - 1], y);
  return iso;
}

static void title_block(lctx *c) {
  const cc_document *doc = c->doc;
  int root = c->root_elem;
  int p = elem_new(c, LAYOUT_E_P, root);
  title_line(c, doc->council, LAYOUT_SANS, 11, 14, p, true);
  if (doc->part) title_line(c, doc->part, LAYOUT_SANS, 11, 14, p, true);
  vspace(c, 10);
  int h = elem_new(c, LAYOUT_E_H1, root);
  anchor_next(c, "concord-title");
  title_line(c, doc->title ? doc->title : doc->slug, LAYOUT_SANS | LAYOUT_BOLD, TITLE_SIZE,
             TITLE_LEAD, h, false);
  if (doc->adopted || doc->nhistory) {
    vspace(c, 6);
    int q = elem_new(c, LAYOUT_E_P, root);
    if (doc->adopted)
      title_line(c, arena_printf(c->ld->arena, "Adopted %s", nice_date(c, doc->adopted)),
                 LAYOUT_SERIF | LAYOUT_ITALIC, 9.5, 12.5, q, false);
    for (size_t i = 0; i < doc->nhistory; i++)
      title_line(c, doc->history[i].text, LAYOUT_SERIF | LAYOUT_ITALIC, 9.5, 12.5, q, false);
  }
  vspace(c, 22);
}

static void toc_entry(lctx *c, int toc, const char *num, const cc_inline *inl, const char *plain,
                      int depth, const char *target, cc_pos pos) {
  int anc = layout_doc_find_anchor(c->ld, target);
  if (anc < 0) return;
  int li = elem_new(c, LAYOUT_E_TOCI, toc);
  int lk = elem_new(c, LAYOUT_E_LINK, li);
  int link = link_new(c, true, target);
  c->ld->elems[lk].link = link;
  double indent = (depth - 1) * 16.0;
  double numw = 30;
  double x = indent + numw - c->g->gutter;
  double measure = c->ld->toc_num_x - 30 - x;
  int font = depth == 1 ? LAYOUT_SANS | LAYOUT_BOLD : LAYOUT_SANS;
  double size = depth == 1 ? TOC_SIZE : TOC_SIZE - 0.5;
  pbuild pb;
  pb_init(&pb, c, measure, true, size);
  layout_style st = {font, size, 0, link, lk};
  if (plain) plain = typo_text(c->ld->arena, plain, &pb.typo_prev);
  if (plain) pb_text(&pb, plain, strlen(plain), st, pos);
  else pb_inlines(&pb, inl, LAYOUT_SANS, font & LAYOUT_BOLD, st);
  hang hg = {num ? num : "", font, size, -numw, lk};
  vspace(c, depth == 1 ? 3 : 0);
  size_t before = c->vl->n;
  emit_para(c, &pb, x, size, TOC_LEAD - (depth == 1 ? 0 : 1.5), LAYOUT_R_TOC, false,
            num ? &hg : NULL, pos);
  /* the hanging number links too; the last line gets leaders and the page */
  for (size_t i = before; i < c->vl->n; i++) {
    layout_vitem *it = &c->vl->items[i];
    if (it->kind != LAYOUT_V_LINE) continue;
    for (size_t r = 0; r < it->line.nruns; r++) it->line.runs[r].style.link = link;
    it->aux = -1;
  }
  for (size_t i = c->vl->n; i-- > before;)
    if (c->vl->items[i].kind == LAYOUT_V_LINE) {
      c->vl->items[i].aux = anc;
      c->vl->items[i].elem = lk;
      break;
    }
}

static void toc_section(lctx *c, const cc_section *s, int toc) {
  if (s->depth >= 1)
    toc_entry(c, toc, s->number, s->heading, s->heading_shown, s->depth, s->id, s->pos);
  for (size_t i = 0; i < s->nchildren; i++) {
    const cc_node *nd = &s->children[i];
    if (nd->kind == CC_NODE_SECTION) toc_section(c, nd->u.section, toc);
    else if (nd->kind == CC_NODE_CLAUSE && (nd->u.clause->heading || nd->u.clause->heading_text)) {
      const cc_clause *cl = nd->u.clause;
      toc_entry(c, toc, model_clause_number_shown(cl), cl->heading,
                cl->heading ? NULL : cl->heading_text, s->depth + 1, cl->id, cl->pos);
    }
  }
}

static void contents(lctx *c) {
  int toc = elem_new(c, LAYOUT_E_TOC, c->root_elem);
  /* the heading stands before the TOC, not in it: a TOC holds only TOCI
   * (PDF/UA-1 7.2-27) */
  int h = elem_new(c, LAYOUT_E_H2, c->root_elem);
  anchor_next(c, "concord-contents");
  pbuild pb;
  pb_init(&pb, c, c->ld->measure + c->g->gutter, true, H1_SIZE);
  layout_style st = {LAYOUT_SANS | LAYOUT_BOLD, H1_SIZE, 0, -1, h};
  pb_text(&pb, "Contents", 8, st, c->doc->pos);
  emit_para(c, &pb, -c->g->gutter, H1_SIZE, H1_LEAD, LAYOUT_R_HEADING, true, NULL, c->doc->pos);
  vspace(c, H1_AFTER);
  toc_section(c, c->doc->root, toc);
}

/* ---- entry points ------------------------------------------------------ */

int layout_doc_find_anchor(const layout_doc *ld, const char *id) {
  if (!id || !ld->ids) return -1;
  void *v = strmap_get(ld->ids, id);
  return v ? (int)(intptr_t)v - 1 : -1;
}

int layout_doc_build(layout_doc *ld, const cc_document *doc, const layout_metrics *m,
                     layout_hyph *h, const layout_geom *g, diag_list *d) {
  memset(ld, 0, sizeof *ld);
  ld->arena = arena_new();
  ld->ids = strmap_new();
  layout_vlist_init(&ld->front);
  layout_vlist_init(&ld->body);
  ld->text_left = g->margin_l + g->gutter;
  ld->measure = g->page_w - g->margin_l - g->margin_r - g->gutter;
  ld->toc_num_x = ld->measure;

  lctx *c = xcalloc(1, sizeof *c);
  c->ld = ld;
  c->doc = doc;
  c->m = m;
  c->h = h;
  c->g = g;
  c->d = d;
  c->notes_seen = strmap_new();
  c->hyph_seen = strmap_new();
  c->root_elem = elem_new(c, LAYOUT_E_DOCUMENT, -1);

  /* body first: the contents need its anchors */
  bool toc = doc->show_contents;
  c->vl = &ld->body;
  c->list = 1;
  if (!toc) title_block(c);
  do_section(c, doc->root, c->root_elem);
  flush_notes(c, 0, ld->measure, true);
  if (toc) {
    c->vl = &ld->front;
    c->list = 0;
    title_block(c);
    contents(c);
  }
  /* resolve internal links */
  for (size_t i = 0; i < ld->nlinks; i++)
    if (ld->links[i].internal) ld->links[i].anchor = layout_doc_find_anchor(ld, ld->links[i].target);

  double page_h = g->page_h - g->margin_t - g->margin_b;
  ld->front_pages = ld->front.n ? layout_vlist_paginate(&ld->front, page_h) : 0;
  ld->body_pages = layout_vlist_paginate(&ld->body, page_h);

  free(c->pending);
  free(c->notes);
  strmap_free(c->notes_seen);
  size_t at = 0;
  const char *word;
  void *points;
  while (strmap_next(c->hyph_seen, &at, &word, &points)) free(points);
  strmap_free(c->hyph_seen);
  free(c);
  return 0;
}

static int check_list(const layout_vlist *v, const cc_document *doc, const char *which,
                      diag_list *d) {
  int bad = 0;
  for (size_t i = 0; i < v->n; i++) {
    const layout_vitem *it = &v->items[i];
    if (it->kind != LAYOUT_V_LINE || it->page < 0) continue;
    for (size_t r = 0; r < it->line.nruns; r++) {
      const layout_run *run = &it->line.runs[r];
      if (run->x < 0) continue; /* hanging number or label */
      if (run->x + run->width > it->measure + 0.01) {
        diag_warning(d, doc->path, 0, 0,
                     "PDF layout (%s page %d): a line is %.2fpt wider than the measure",
                     which, it->page + 1, run->x + run->width - it->measure);
        bad++;
        break;
      }
    }
    if (it->role == LAYOUT_R_HEADING && it->keep) {
      size_t j = i + 1;
      while (j < v->n && v->items[j].kind != LAYOUT_V_LINE) j++;
      if (j < v->n && v->items[j].page != it->page) {
        diag_warning(d, doc->path, 0, 0, "PDF layout (%s page %d): a heading ends the page",
                     which, it->page + 1);
        bad++;
      }
    }
  }
  return bad;
}

int layout_doc_check(const layout_doc *ld, const cc_document *doc, diag_list *d) {
  int bad = check_list(&ld->front, doc, "contents", d) + check_list(&ld->body, doc, "body", d);
  for (size_t i = 0; i < ld->nlinks; i++) {
    const layout_link *l = &ld->links[i];
    if (l->internal && (l->anchor < 0 || ld->anchors[l->anchor].item == (size_t)-1)) {
      diag_warning(d, doc->path, 0, 0, "PDF: the link to '%s' has no destination", l->target);
      bad++;
    }
  }
  for (size_t s = 0; s < doc->nsections; s++) {
    int a = layout_doc_find_anchor(ld, doc->sections[s]->id);
    bool found = false;
    for (size_t o = 0; o < ld->noutlines && !found; o++) found = ld->outlines[o].anchor == a;
    if (!found) {
      diag_warning(d, doc->path, doc->sections[s]->pos.line, doc->sections[s]->pos.col,
                   "PDF: section '%s' has no bookmark", doc->sections[s]->id);
      bad++;
    }
  }
  return bad;
}

void layout_doc_free(layout_doc *ld) {
  if (!ld) return;
  layout_vlist_free(&ld->front);
  layout_vlist_free(&ld->body);
  free(ld->anchors);
  free(ld->links);
  free(ld->outlines);
  free(ld->elems);
  strmap_free(ld->ids);
  arena_free(ld->arena);
  memset(ld, 0, sizeof *ld);
}
