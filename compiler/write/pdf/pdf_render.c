/* pdf_render.c - layout -> libharu pages (see pdf_render.h).
 *
 * Each line is one text object holding real text: words separated by a
 * space glyph, as extraction tools and screen readers expect, and
 * justified by TJ adjustments after the space so that every word stands
 * exactly at the x the layout engine computed; inside a word, TJ numbers
 * between glyphs are the font's kerning (pdf_fonts_hex), which layout
 * included in the word's width (the word-spacing operator
 * Tw applies only to the single-byte code 32, never to the two-byte codes
 * of the CID fonts used here). A word broken at a hyphen carries
 * /ActualText: the whole word on its first piece, nothing on the rest,
 * so copied or extracted text has "council", not "coun-" and "cil".
 */
#include "write/pdf/pdf_render.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/pdf/pdf_num.h"
#include "write/pdf/pdf_text.h"
#include "write/pdf/pdf_mem.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_SIZE 8.0
#define LEADER_STEP 4.5

typedef struct rctx {
  HPDF_Doc pdf;
  pdf_fonts *fonts;
  pdf_tag *tag;
  const layout_doc *ld;
  const cc_document *doc;
  const layout_geom *g;
  diag_list *d;
  HPDF_Page *pages;
  int npages;
  int failed;
  char **link_text; /* per ld->links index: its annotations' /Contents */
  struct leader_col *cols; /* leaders(): the dots' x coordinates as text */
  size_t ncols;
} rctx;

static const layout_vlist *list_of(const layout_doc *ld, int list) {
  return list == 0 ? &ld->front : &ld->body;
}

static int page_offset(const layout_doc *ld, int list) { return list == 0 ? 0 : ld->front_pages; }

/* Page (0-based, whole document) and top y (PDF user space) of an anchor. */
static int anchor_place(const rctx *r, int anchor, double *top) {
  if (anchor < 0 || (size_t)anchor >= r->ld->nanchors) return -1;
  const layout_anchor *a = &r->ld->anchors[anchor];
  const layout_vlist *v = list_of(r->ld, a->list);
  if (a->item >= v->n) return -1;
  const layout_vitem *it = &v->items[a->item];
  if (it->page < 0) return -1;
  *top = r->g->page_h - r->g->margin_t - it->y + 6;
  return page_offset(r->ld, a->list) + it->page;
}

/* [page /XYZ left top null]: keeps the reader's zoom (libharu's SetXYZ
 * refuses a null zoom). */
HPDF_Destination pdf_render_dest(HPDF_Doc pdf, HPDF_Page page, double top) {
  HPDF_Destination dst = HPDF_Page_CreateDestination(page);
  if (!dst) return NULL;
  HPDF_Array_Clear(dst);
  HPDF_Array_Add(dst, page);
  HPDF_Array_AddName(dst, "XYZ");
  HPDF_Array_AddReal(dst, 0);
  HPDF_Array_AddReal(dst, (HPDF_REAL)top);
  HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr));
  return dst;
}

static HPDF_Destination dest_for(rctx *r, int anchor) {
  double top;
  int p = anchor_place(r, anchor, &top);
  if (p < 0) return NULL;
  return pdf_render_dest(r->pdf, r->pages[p], fmin(top, r->g->page_h));
}

void pdf_render_text(HPDF_Page page, pdf_fonts *fonts, int font, double size, double x,
                     double y, const char *text, size_t len, int *failed) {
  if (pdf_fonts_show(fonts, page, font, size, x, y, text, len) != 0) *failed = 1;
}

double pdf_render_width(pdf_fonts *fonts, int font, double size, const char *s) {
  return pdf_fonts_width(fonts, font, s, strlen(s)) * size / 1000.0;
}

static void draw_text(rctx *r, HPDF_Page page, int font, double size, double x, double y,
                      const char *text, size_t len) {
  pdf_render_text(page, r->fonts, font, size, x, y, text, len, &r->failed);
}

static double run_width(rctx *r, int font, double size, const char *s) {
  return pdf_render_width(r->fonts, font, size, s);
}

/* PDF/UA-1 7.18.5: a link annotation has an alternate description in
 * /Contents. It is what the reader sees of the link: the words its runs
 * draw, in order over all its lines (a hyphenated word rejoined), or
 * "Footnote 1" for a footnote mark; a contents entry's page number shares
 * its entry's link. Only text from the model, as a PDF string: never
 * markup. */
static char **link_texts(const layout_doc *ld, const cc_document *doc) {
  size_t n = ld->nlinks;
  buf *b = xcalloc(n ? n : 1, sizeof *b);
  bool *join = xcalloc(n ? n : 1, sizeof *join); /* next run continues a word */
  for (int list = 0; list < 2; list++) {
    const layout_vlist *v = list_of(ld, list);
    for (size_t i = 0; i < v->n; i++) {
      const layout_vitem *it = &v->items[i];
      if (it->kind != LAYOUT_V_LINE) continue;
      for (size_t k = 0; k < it->line.nruns; k++) {
        const layout_run *run = &it->line.runs[k];
        int l = run->style.link;
        if (l < 0 || (size_t)l >= n || !run->len) continue;
        size_t len = run->len;
        bool hyph = it->line.hyphenated && k + 1 == it->line.nruns && run->text[len - 1] == '-';
        if (hyph) len--;
        /* a space unless the run touches the one before on its line */
        bool touch = k > 0 && it->line.runs[k - 1].style.link == l &&
                     run->x - (it->line.runs[k - 1].x + it->line.runs[k - 1].width) < 0.5;
        if (b[l].len && !join[l] && !touch) buf_putc(&b[l], ' ');
        buf_put(&b[l], run->text, len);
        join[l] = hyph;
      }
    }
  }
  char **out = xcalloc(n ? n : 1, sizeof *out);
  for (size_t l = 0; l < n; l++) {
    const layout_link *lk = &ld->links[l];
    const char *label = NULL;
    for (size_t f = 0; lk->internal && doc && f < doc->nfootnotes && !label; f++)
      if (doc->footnotes[f]->id && lk->target && !strcmp(doc->footnotes[f]->id, lk->target))
        label = buf_cstr(&b[l]);
    /* a web address shown as itself and broken over lines (at a slash,
     * with no hyphen) is described by the address, without the break */
    bool shown_as_target = false;
    if (!lk->internal && lk->target && b[l].len) {
      const char *p = buf_cstr(&b[l]), *q = lk->target;
      for (; *p && *q; p++)
        if (*p != ' ' && *p != *q++) break;
      shown_as_target = !*p && !*q;
    }
    buf t = BUF_INIT;
    if (label) buf_printf(&t, "Footnote %s", label);
    else if (shown_as_target) buf_puts(&t, lk->target);
    else if (b[l].len) buf_puts(&t, buf_cstr(&b[l]));
    else buf_puts(&t, lk->target ? lk->target : "Link");
    out[l] = buf_detach(&t);
    buf_free(&b[l]);
  }
  free(b);
  free(join);
  return out;
}

static void link_annot(rctx *r, HPDF_Page page, int page_no, int link, int elem, double x0,
                       double y0, double x1, double y1) {
  const layout_link *l = &r->ld->links[link];
  HPDF_Rect rect = {(HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)x1, (HPDF_REAL)y1};
  HPDF_Annotation a = NULL;
  if (l->internal) {
    HPDF_Destination dst = dest_for(r, l->anchor);
    if (!dst) return;
    a = HPDF_Page_CreateLinkAnnot(page, rect, dst);
  } else {
    a = HPDF_Page_CreateURILinkAnnot(page, rect, l->target);
  }
  if (!a) return;
  HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
  if (r->link_text && r->link_text[link])
    HPDF_Dict_Add(a, "Contents", pdf_text_new(r->pdf->mmgr, r->link_text[link]));
  /* the Link element of a run, else the link's own (TOC page numbers) */
  pdf_tag_annot(r->tag, a, page_no, elem);
}

/* Dotted leaders from X0 to X1 at baseline Y: dots on a fixed grid so that
 * they line up from one entry to the next.
 *
 * Each dot is the path HPDF_Page_Circle writes, byte for byte: four
 * Bezier quarters whose 26 numbers are five values of x (x - ray,
 * x - ray * KAPPA, x, x + ray * KAPPA, x + ray, computed in float as
 * libharu does) and five of y, each written as libharu's HPDF_FToA
 * writes it (pdf_num_real). A
 * contents page draws hundreds of dots on a few dozen columns, and
 * HPDF_Page_Circle formatted all 26 numbers of every dot (3% of the
 * PDF writers' instructions): here each line's y values are formatted
 * once and each column's x values once per document. */
#define LEADER_RAY 0.45f
#define LEADER_KAPPA 0.552F /* libharu's KAPPA (hpdf_page_operator.c) */

typedef struct leader_col {
  float x;             /* the column's x, as libharu was given it */
  unsigned char n[5];  /* length of each value's text; n[0] == 0: unused */
  char s[5][24];
} leader_col;

/* The five values around V (V - ray ... V + ray) as HPDF_FToA writes them
 * (S's strings have room for PDF_NUM_REAL_MAX bytes). */
static void leader_values(float v, unsigned char n[5], char s[5][24]) {
  const float ray = LEADER_RAY, rk = ray * LEADER_KAPPA;
  const float vals[5] = {v - ray, v - rk, v, v + rk, v + ray};
  for (int i = 0; i < 5; i++) {
    n[i] = (unsigned char)pdf_num_real(s[i], vals[i]);
  }
}

static const leader_col *leader_column(rctx *r, float x, leader_col *spare) {
  if (!(x >= 0 && x < 1e5f)) { /* off any page: not remembered */
    spare->x = x;
    leader_values(x, spare->n, spare->s);
    return spare;
  }
  size_t k = (size_t)lround(x / LEADER_STEP);
  if (k >= r->ncols) {
    size_t n = k + 64;
    r->cols = xrealloc(r->cols, n * sizeof *r->cols);
    memset(r->cols + r->ncols, 0, (n - r->ncols) * sizeof *r->cols);
    r->ncols = n;
  }
  leader_col *c = &r->cols[k];
  if (!c->n[0] || memcmp(&c->x, &x, sizeof x) != 0) {
    c->x = x;
    leader_values(x, c->n, c->s);
  }
  return c;
}

static void leaders(rctx *r, HPDF_Page page, int page_no, double x0, double x1, double y) {
  double start = ceil(x0 / LEADER_STEP) * LEADER_STEP;
  if (start + LEADER_STEP > x1) return;
  pdf_tag_begin(r->tag, page, page_no, -1);
  HPDF_Page_SetGrayFill(page, 0.35);
  if (HPDF_Page_CheckState(page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_PATH_OBJECT) ==
      HPDF_OK) {
    HPDF_PageAttr attr = page->attr;
    float yf = (float)(y + 0.6);
    unsigned char yn[5];
    char ys[5][24];
    leader_values(yf, yn, ys);
    /* the path of each quarter: (x value, y value) pairs, then its operator */
    static const unsigned char path[][2] = {
        {0, 2},                         /* m */
        {0, 3}, {1, 4}, {2, 4},         /* c */
        {3, 4}, {4, 3}, {4, 2},         /* c */
        {4, 1}, {3, 0}, {2, 0},         /* c */
        {1, 0}, {0, 1}, {0, 2},         /* c */
    };
    buf b = BUF_INIT;
    float last = 0;
    leader_col spare;
    for (double x = start; x <= x1; x += LEADER_STEP) {
      last = (float)x;
      const leader_col *c = leader_column(r, last, &spare);
      for (size_t i = 0; i < sizeof path / sizeof *path; i++) {
        buf_put(&b, c->s[path[i][0]], c->n[path[i][0]]);
        buf_putc(&b, ' ');
        buf_put(&b, ys[path[i][1]], yn[path[i][1]]);
        if (i == 0) buf_put(&b, " m\012", 3);
        else if (i % 3 == 0) buf_put(&b, " c\012", 3);
        else buf_putc(&b, ' ');
      }
    }
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len) != HPDF_OK)
      HPDF_CheckError(page->error);
    buf_free(&b);
    /* where HPDF_Page_Circle leaves the path of the last dot */
    attr->cur_pos.x = last - LEADER_RAY;
    attr->cur_pos.y = yf;
    attr->str_pos = attr->cur_pos;
    attr->gmode = HPDF_GMODE_PATH_OBJECT;
  }
  HPDF_Page_Fill(page);
  HPDF_Page_SetGrayFill(page, 0);
  pdf_tag_end(r->tag, page);
}

size_t pdf_render_link_span(const layout_line *ln, size_t i, double *right) {
  const layout_run *run = &ln->runs[i];
  size_t j = i + 1;
  double x1 = run->x + run->width;
  while (j < ln->nruns && ln->runs[j].style.link == run->style.link) {
    x1 = ln->runs[j].x + ln->runs[j].width;
    j++;
  }
  *right = x1;
  return j;
}

/* ---- one line as one text object -------------------------------------- */

typedef struct tstate {
  rctx *r;
  HPDF_Page page;
  buf out;       /* content not yet written to the page */
  bool in_tj;    /* inside a TJ array */
  bool pos;      /* the text position is known (pen) in font/size/y */
  int font;
  double size, y, pen;
} tstate;

static void ts_flush(tstate *t) {
  if (!t->out.len) return;
  HPDF_Stream s = ((HPDF_PageAttr)t->page->attr)->stream;
  HPDF_Stream_Write(s, (const HPDF_BYTE *)t->out.data, (HPDF_UINT)t->out.len);
  buf_clear(&t->out);
}

static void ts_close(tstate *t) {
  if (!t->in_tj) return;
  buf_puts(&t->out, "] TJ\n");
  t->in_tj = false;
}

/* TEXT drawn with its left edge at X on baseline Y. */
static void ts_text(tstate *t, int font, double size, double x, double y, const char *text,
                    size_t len) {
  if (!t->pos || font != t->font || size != t->size || y != t->y) {
    ts_close(t);
    if (pdf_fonts_select(t->r->fonts, t->page, font, &t->out) != 0) {
      t->r->failed = 1;
      return;
    }
    buf_putc(&t->out, ' ');
    pdf_num_fixed(&t->out, size, 2);
    buf_puts(&t->out, " Tf 1 0 0 1 ");
    pdf_num_fixed(&t->out, x, 3);
    buf_putc(&t->out, ' ');
    pdf_num_fixed(&t->out, y, 3);
    buf_puts(&t->out, " Tm\n[");
    t->in_tj = t->pos = true;
    t->font = font;
    t->size = size;
    t->y = y;
    t->pen = x;
  } else {
    if (!t->in_tj) buf_putc(&t->out, '[');
    t->in_tj = true;
    /* the justification: a TJ number moves the next glyph left by
     * number/1000 of the font size */
    double gap = x - t->pen;
    if (fabs(gap) > 0.0005) pdf_num_fixed(&t->out, -gap * 1000 / size, 1);
    t->pen = x;
  }
  buf_putc(&t->out, '<');
  t->pen += pdf_fonts_hex(t->r->fonts, font, text, len, &t->out) * size / 1000;
  buf_putc(&t->out, '>');
}

/* A word space: a real space glyph in the current font. */
static void ts_space(tstate *t) {
  if (!t->pos) return;
  if (!t->in_tj) buf_putc(&t->out, '[');
  t->in_tj = true;
  buf_putc(&t->out, '<');
  t->pen += pdf_fonts_hex(t->r->fonts, t->font, " ", 1, &t->out) * t->size / 1000;
  buf_putc(&t->out, '>');
}

/* A marked-content span whose text is ACTUAL (UTF-8; "" for none) in
 * place of the glyphs inside it (PDF 32000-1, 14.9.4). */
static void ts_span_begin(tstate *t, const char *actual, size_t len) {
  ts_close(t);
  buf_puts(&t->out, "/Span <</ActualText <FEFF");
  const unsigned char *u = (const unsigned char *)actual;
  for (size_t i = 0; i < len;) {
    unsigned c = u[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    unsigned long cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < n && i + k < len; k++) cp = (cp << 6) | (u[i + k] & 0x3Fu);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      buf_printf(&t->out, "%04lX%04lX", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
      buf_printf(&t->out, "%04lX", cp);
    }
  }
  buf_puts(&t->out, ">>> BDC\n");
}

static void ts_span_end(tstate *t) {
  ts_close(t);
  buf_puts(&t->out, "EMC\n");
}

/* Bytes of the word's tail at the start of S: letters (any non-ASCII
 * byte counts, so accented letters and a curly apostrophe stay with it). */
static size_t word_tail(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
    i++;
  }
  return i;
}

/* The runs of LN as one text object. NEXT: the line after LN when LN ends
 * with a hyphen break (its first run holds the word's tail), else NULL.
 * TAIL: bytes at the start of LN's first run that finish the previous
 * line's hyphenated word (0 if none). */
static void draw_runs(rctx *r, HPDF_Page page, int page_no, const layout_line *ln, double left,
                      double base, const layout_line *next, size_t tail) {
  tstate t = {r, page, BUF_INIT, false, false, 0, 0, 0, 0};
  buf_puts(&t.out, "BT\n");
  bool span = false;
  for (size_t i = 0; i < ln->nruns; i++) {
    const layout_run *run = &ln->runs[i];
    if (i == 0 || run->style.tag != ln->runs[i - 1].style.tag) {
      if (span) ts_span_end(&t);
      span = false;
      ts_close(&t);
      ts_flush(&t);
      if (i > 0) pdf_tag_end(r->tag, page);
      pdf_tag_begin(r->tag, page, page_no, run->style.tag);
    }
    int font = run->style.font;
    double size = run->style.size, x = left + run->x, y = base + run->style.rise;
    if (i == 0 && tail) {
      size_t k = tail < run->len ? tail : run->len;
      ts_span_begin(&t, "", 0);
      ts_text(&t, font, size, x, y, run->text, k);
      ts_span_end(&t);
      if (k < run->len) ts_text(&t, font, size, t.pen, y, run->text + k, run->len - k);
    } else {
      if (next && i + 2 == ln->nruns && ln->runs[i + 1].style.tag == run->style.tag &&
          next->nruns) {
        /* the first piece of a hyphenated word and its hyphen */
        buf word = BUF_INIT;
        buf_put(&word, run->text, run->len);
        buf_put(&word, next->runs[0].text, word_tail(next->runs[0].text, next->runs[0].len));
        ts_span_begin(&t, word.data, word.len);
        buf_free(&word);
        span = true;
      }
      ts_text(&t, font, size, x, y, run->text, run->len);
    }
    if (i + 1 < ln->nruns && ln->runs[i + 1].x - (run->x + run->width) > 0.3 && !span) ts_space(&t);
  }
  if (span) ts_span_end(&t);
  ts_close(&t);
  ts_flush(&t);
  if (ln->nruns) pdf_tag_end(r->tag, page);
  buf_puts(&t.out, "ET\n");
  ts_flush(&t);
  buf_free(&t.out);
}

static void draw_line(rctx *r, const layout_vitem *it, int page_no, const layout_line *next,
                      size_t tail) {
  HPDF_Page page = r->pages[page_no];
  const layout_geom *g = r->g;
  double left = r->ld->text_left + it->x;
  double base = g->page_h - g->margin_t - it->y - it->ascent;
  const layout_line *ln = &it->line;

  if (it->role == LAYOUT_R_NOTE && ln->nruns == 0) {
    pdf_tag_begin(r->tag, page, page_no, -1);
    HPDF_Page_SetLineWidth(page, 0.5);
    HPDF_Page_MoveTo(page, (HPDF_REAL)(r->ld->text_left - g->gutter), (HPDF_REAL)(base + 2));
    HPDF_Page_LineTo(page, (HPDF_REAL)(r->ld->text_left + 120), (HPDF_REAL)(base + 2));
    HPDF_Page_Stroke(page);
    pdf_tag_end(r->tag, page);
    return;
  }
  draw_runs(r, page, page_no, ln, left, base, next, tail);
  /* links: one annotation per run of equal link on the line */
  for (size_t i = 0, j; i < ln->nruns; i = j) {
    const layout_run *run = &ln->runs[i];
    double x1;
    j = pdf_render_link_span(ln, i, &x1);
    if (run->style.link < 0) continue;
    double size = run->style.size;
    link_annot(r, page, page_no, run->style.link, run->style.tag, left + run->x,
               base + run->style.rise - 0.25 * size, left + x1, base + run->style.rise + 0.85 * size);
  }
  /* contents: leaders and the page number */
  if (it->role == LAYOUT_R_TOC && it->aux >= 0) {
    double top;
    int p = anchor_place(r, it->aux, &top);
    if (p < 0) return;
    buf num = BUF_INIT;
    buf_printf(&num, "%d", p + 1);
    int font = ln->nruns ? ln->runs[0].style.font : LAYOUT_SANS;
    double size = ln->nruns ? ln->runs[0].style.size : 10;
    double w = run_width(r, font, size, buf_cstr(&num));
    double xr = r->ld->text_left + r->ld->toc_num_x;
    leaders(r, page, page_no, left + ln->width + 5, xr - w - 5, base);
    pdf_tag_begin(r->tag, page, page_no, it->elem);
    draw_text(r, page, font, size, xr - w, base, num.data, num.len);
    pdf_tag_end(r->tag, page);
    int link = ln->nruns ? ln->runs[ln->nruns - 1].style.link : -1;
    if (link >= 0)
      link_annot(r, page, page_no, link, it->elem, xr - w - 1, base - 0.25 * size, xr + 1,
                 base + 0.85 * size);
    buf_free(&num);
  }
}

/* The line after item I that continues it (same structure element), or
 * NULL. */
static const layout_vitem *continuation(const layout_vlist *v, size_t i) {
  for (size_t j = i + 1; j < v->n; j++) {
    if (v->items[j].kind != LAYOUT_V_LINE) continue;
    return v->items[j].elem == v->items[i].elem && v->items[j].page >= 0 ? &v->items[j] : NULL;
  }
  return NULL;
}

static void draw_list(rctx *r, const layout_vlist *v, int offset) {
  size_t tail = 0; /* bytes of a hyphenated word's tail on the next line */
  for (size_t i = 0; i < v->n; i++) {
    const layout_vitem *it = &v->items[i];
    if (it->kind != LAYOUT_V_LINE || it->page < 0) continue;
    const layout_vitem *nx = it->line.hyphenated ? continuation(v, i) : NULL;
    const layout_line *next = nx && nx->line.nruns ? &nx->line : NULL;
    draw_line(r, it, offset + it->page, next, tail);
    tail = next ? word_tail(next->runs[0].text, next->runs[0].len) : 0;
  }
}

/* "{page}" and "{pages}" in a house-style running head or foot. */
static void expand(buf *out, const char *tmpl, int page, int pages) {
  for (const char *p = tmpl; *p;) {
    if (strncmp(p, "{page}", 6) == 0) {
      buf_printf(out, "%d", page);
      p += 6;
    } else if (strncmp(p, "{pages}", 7) == 0) {
      buf_printf(out, "%d", pages);
      p += 7;
    } else {
      buf_putc(out, *p++);
    }
  }
}

/* S into OUT, cut at a word (else a character) boundary and ended with
 * an ellipsis if it is wider than MAX points at the head's size. */
static void fit_text(pdf_fonts *fonts, int font, const char *s, double max, buf *out) {
  buf_clear(out);
  if (pdf_render_width(fonts, font, HEAD_SIZE, s) <= max) {
    buf_puts(out, s);
    return;
  }
  static const char ell[] = "\xE2\x80\xA6";
  size_t n = strlen(s), best = 0, best_word = 0;
  buf t = BUF_INIT;
  for (size_t i = 1; i <= n; i++) {
    if (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) continue; /* inside a character */
    buf_clear(&t);
    buf_put(&t, s, i);
    buf_puts(&t, ell);
    if (pdf_render_width(fonts, font, HEAD_SIZE, buf_cstr(&t)) > max) break;
    best = i;
    if (i < n && s[i] == ' ') best_word = i;
  }
  buf_free(&t);
  size_t cut = best_word > best / 2 ? best_word : best;
  while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == ',' || s[cut - 1] == ':')) cut--;
  buf_put(out, s, cut);
  buf_puts(out, ell);
}

void pdf_render_furniture(HPDF_Page page, int page_no, pdf_fonts *fonts, pdf_tag *tag,
                          const layout_geom *g, const char *head_left, const char *head_right,
                          const char *foot, int *failed) {
  double left = g->margin_l, right = g->page_w - g->margin_r;
  int font = LAYOUT_SANS;
  pdf_tag_begin(tag, page, page_no, -1);
  HPDF_Page_SetGrayFill(page, 0.3);
  if (head_left) {
    double y = g->page_h - g->margin_t + 22;
    /* a head too long for the line is shortened with an ellipsis, the
     * right part (a long part: title) first, never overlapping */
    double room = right - left, gap = 18;
    double wl = pdf_render_width(fonts, font, HEAD_SIZE, head_left);
    buf lt = BUF_INIT, rt = BUF_INIT;
    if (head_right && *head_right) {
      double wl_max = wl < room / 2 ? wl : room / 2;
      fit_text(fonts, font, head_right, room - wl_max - gap, &rt);
      double wr = pdf_render_width(fonts, font, HEAD_SIZE, buf_cstr(&rt));
      fit_text(fonts, font, head_left, room - wr - gap, &lt);
    } else {
      fit_text(fonts, font, head_left, room, &lt);
    }
    pdf_render_text(page, fonts, font, HEAD_SIZE, left, y, lt.data ? lt.data : "", lt.len, failed);
    if (rt.len) {
      double w = pdf_render_width(fonts, font, HEAD_SIZE, buf_cstr(&rt));
      pdf_render_text(page, fonts, font, HEAD_SIZE, right - w, y, rt.data, rt.len, failed);
    }
    buf_free(&lt);
    buf_free(&rt);
    HPDF_Page_SetGrayStroke(page, 0.6);
    HPDF_Page_SetLineWidth(page, 0.4);
    HPDF_Page_MoveTo(page, (HPDF_REAL)left, (HPDF_REAL)(y - 5));
    HPDF_Page_LineTo(page, (HPDF_REAL)right, (HPDF_REAL)(y - 5));
    HPDF_Page_Stroke(page);
    HPDF_Page_SetGrayStroke(page, 0);
  }
  double w = pdf_render_width(fonts, font, HEAD_SIZE, foot);
  pdf_render_text(page, fonts, font, HEAD_SIZE, (left + right) / 2 - w / 2, g->margin_b - 28,
                  foot, strlen(foot), failed);
  HPDF_Page_SetGrayFill(page, 0);
  pdf_tag_end(tag, page);
}

static void running(rctx *r, int page_no) {
  const cc_document *doc = r->doc;
  buf h = BUF_INIT;
  const char *lt = NULL, *rt = NULL;
  /* head: not on the first page, which carries the title block (a house
   * style's running_header included) */
  if (page_no > 0) {
    if (doc->running_header) {
      expand(&h, doc->running_header, page_no + 1, r->npages);
      lt = buf_cstr(&h);
    } else {
      lt = doc->council ? doc->council : "";
      rt = doc->part ? doc->part : doc->title ? doc->title : "";
    }
  }
  buf f = BUF_INIT;
  if (doc->running_footer) expand(&f, doc->running_footer, page_no + 1, r->npages);
  else buf_printf(&f, "Page %d of %d", page_no + 1, r->npages);
  pdf_render_furniture(r->pages[page_no], page_no, r->fonts, r->tag, r->g, lt, rt, buf_cstr(&f),
                       &r->failed);
  buf_free(&f);
  buf_free(&h);
}

static void outlines(rctx *r) {
  HPDF_Outline stack[8] = {NULL};
  const layout_doc *ld = r->ld;
  int contents = layout_doc_find_anchor(ld, "concord-contents");
  if (contents >= 0 && ld->front_pages) {
    HPDF_Outline o = pdf_text_outline(r->pdf, NULL, "Contents");
    HPDF_Destination dst = dest_for(r, contents);
    if (o && dst) HPDF_Outline_SetDestination(o, dst);
  }
  for (size_t i = 0; i < ld->noutlines; i++) {
    const layout_outline *ol = &ld->outlines[i];
    int lv = ol->level > 7 ? 7 : ol->level;
    HPDF_Outline parent = NULL;
    for (int k = lv - 1; k >= 1 && !parent; k--) parent = stack[k];
    HPDF_Outline o = pdf_text_outline(r->pdf, parent, ol->title);
    if (!o) continue;
    HPDF_Outline_SetOpened(o, HPDF_FALSE);
    HPDF_Destination dst = dest_for(r, ol->anchor);
    if (dst) HPDF_Outline_SetDestination(o, dst);
    stack[lv] = o;
    for (int k = lv + 1; k < 8; k++) stack[k] = NULL;
  }
}

int pdf_render(HPDF_Doc pdf, pdf_fonts *fonts, pdf_tag *tag, const layout_doc *ld,
               const cc_document *doc, const layout_geom *g, diag_list *d) {
  rctx r = {pdf, fonts, tag, ld, doc, g, d, NULL, 0, 0, link_texts(ld, doc), NULL, 0};
  r.npages = ld->front_pages + ld->body_pages;
  r.pages = xcalloc((size_t)r.npages, sizeof *r.pages);
  for (int i = 0; i < r.npages; i++) {
    r.pages[i] = HPDF_AddPage(pdf);
    pdf_mem_page_contents(pdf, r.pages[i]);
    HPDF_Page_SetSize(r.pages[i], HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  }
  /* reading order: running head, then the text, then the foot */
  draw_list(&r, &ld->front, 0);
  draw_list(&r, &ld->body, ld->front_pages);
  for (int i = 0; i < r.npages; i++) running(&r, i);
  outlines(&r);
  HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
  HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
  if (tag) pdf_tag_finish(tag, r.pages, r.npages, doc->language, doc->title);
  free(r.pages);
  free(r.cols);
  for (size_t l = 0; l < ld->nlinks; l++) free(r.link_text[l]);
  free(r.link_text);
  if (r.failed) {
    diag_error(d, doc->path, 0, 0, "PDF: a font could not be loaded from %s",
               pdf_fonts_dir(fonts));
    return -1;
  }
  /* all drawn: now the fonts can be subset and embedded */
  return pdf_fonts_embed(fonts, d);
}
