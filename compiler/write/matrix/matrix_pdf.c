/* matrix_pdf.c - the comparison matrix as pdf/matrix.pdf (see matrix_pdf.h).
 *
 * Reuses the PDF writer's pieces: its fonts and metrics (pdf_font.h), the
 * layout engine's line breaker (layout_para.h, ragged right, for topic
 * labels, council names and long cell contents), its text drawing and page
 * furniture (pdf_render.h), its tagging (pdf_tag.h, with the table
 * structure types) and its pagination of the council PDFs (the places
 * the PDF writer recorded, or pdf_placer_place for a PDF kept from the
 * cache), which says where each linked clause is. The
 * matrix's content (which clauses fill which cell, council names, the
 * clause labels' rules) comes from the matrix writer (matrix_internal.h).
 *
 * The table is laid out in three steps: every cell is broken into lines
 * for its column, rows are stacked into pages (rows never split; a theme
 * heading stays with its first topic; the header row starts every page),
 * then pages are drawn: rules and shading first (artifacts), then the
 * cells in reading order (tagged), then the links and the furniture.
 * On pages after the first the repeated header row is an artifact, so a
 * screen reader meets it once, as the table's THead.
 */
#define _POSIX_C_SOURCE 200809L
#include "write/matrix/matrix_pdf.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/layout/layout_doc.h"
#include "write/layout/layout_hyph.h"
#include "write/layout/layout_para.h"
#include "write/matrix/matrix_internal.h"
#include "write/pdf/pdf_font.h"
#include "write/pdf/pdf_mem.h"
#include "write/pdf/pdf_num.h"
#include "write/pdf/pdf_render.h"
#include "write/pdf/pdf_tag.h"
#include "write/pdf/pdf_text.h"
#include "write/pdf/pdf_writer.h"
#include "write/pdf/pdf_xmp.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- geometry and typography ------------------------------------------- */

#define MATRIX_TITLE "Comparison matrix: which council makes which provision"
/* councils per volume: ten columns of at least 56 pt beside the topic
 * labels fill an A4 landscape page; more would only narrow the columns */
#define MATRIX_PDF_VOLUME_SIZE 10

static const layout_geom landscape = {
    841.890, 595.276, /* A4 landscape in points */
    36, 36, 60, 50,   /* margins: left, right, top (room for the head), bottom */
    0,
};

#define TITLE_SIZE 16.0
#define TITLE_LEAD 20.0
#define INTRO_SIZE 9.5
#define INTRO_LEAD 12.5
#define CELL_SIZE 8.5
#define CELL_LEAD 10.5
#define SMALL_SIZE 7.5
#define THEME_SIZE 9.0
#define PAD_X 4.0
#define PAD_Y 3.5
#define LABEL_W 190.0  /* topic label column */
#define COVER_W 46.0   /* coverage column */
#define MIN_COUNCIL_W 56.0

typedef enum { ROW_HEAD, ROW_THEME, ROW_TOPIC, ROW_TOTAL } row_kind;

typedef struct mcell {
  layout_line *lines; size_t nlines, caplines;
  double x, w;  /* column: left edge and width (the text is inset by PAD_X) */
  bool centre;  /* centre each line (coverage, the absence mark) */
  bool grey;    /* the absence mark */
} mcell;

typedef struct mrow {
  row_kind kind;
  mcell *cells; size_t ncells;
  double height;
  int outline;  /* THEME/TOTAL: bookmark title index, else -1 */
  mcell cont;   /* THEME: "<theme> (continued)", repeated atop a page */
  double cont_height;
  int cont_of;  /* TOPIC first on a page mid-theme: its theme row, else -1 */
  int page;     /* set by pagination */
  double y;     /* top, from the top of the text area */
} mrow;

typedef struct mlink {
  const char *file; /* "<slug>.pdf" */
  int page;         /* 0-based page in that file, -1 unknown */
  double top;
  const char *alt;  /* "Brent Council 3.4" */
  int elem;         /* its Link element */
} mlink;

typedef struct mctx {
  const cc_corpus *c;
  size_t first, nd;                    /* the councils of this volume */
  const cc_document *const *docs;      /* every council, in volume order
                                          (matrix_group_order) */
  size_t vol, nvol;                    /* 1-based volume, of NVOL (1: no volumes) */
  HPDF_Doc pdf;
  pdf_fonts *fonts;
  pdf_tag *tag;
  arena *a;
  layout_elem *elems; size_t nelems, capelems;
  mlink *links; size_t nlinks, caplinks;
  mrow *rows; size_t nrows, caprows;
  const char **outline_titles; size_t noutlines, capoutlines;
  layout_line *title; size_t ntitle;   /* page 1: the title */
  layout_line *intro; size_t nintro;   /* page 1: what the table shows */
  const char *title_text;              /* the H1, the running head, the title */
  double head_h;                       /* height of the title block */
  double label_w, council_w;
  HPDF_Page *pages; int npages;
  buf ops;                             /* draw_row_ground's operators */
  double measure;                      /* of the paragraph being built */
  int failed;
} mctx;

static int elem_new(mctx *m, layout_elem_type type, int parent, const char *alt) {
  return layout_elem_add(&m->elems, &m->nelems, &m->capelems, type, parent, alt);
}

/* A header cell whose scope says what it heads (PDF/UA-1 7.5: a reader
 * can then name a cell's topic and council), spanning SPAN columns. */
static int th_new(mctx *m, int tr, layout_scope scope, int span) {
  int th = elem_new(m, LAYOUT_E_TH, tr, NULL);
  m->elems[th].scope = scope;
  m->elems[th].colspan = span;
  return th;
}

static int outline_new(mctx *m, const char *title) {
  XGROW(m->outline_titles, m->noutlines, m->capoutlines);
  m->outline_titles[m->noutlines] = title;
  return (int)m->noutlines++;
}

/* ---- text into lines (the layout engine's ragged-right line breaking) --- */

static layout_style style(int font, double size, int link, int tag) {
  layout_style s = {font, size, 0, link, tag};
  return s;
}

static double width_n(mctx *m, int font, double size, const char *s, size_t len) {
  /* measured many times per cell: copy to the stack, not the arena, which
   * would keep every copy until the matrix is written */
  char small[128];
  if (len < sizeof small) {
    memcpy(small, s, len);
    small[len] = '\0';
    return pdf_render_width(m->fonts, font, size, small);
  }
  char *t = arena_strndup(m->a, s, len);
  return pdf_render_width(m->fonts, font, size, t);
}

/* One word as boxes, with a break allowed after a hyphen or slash inside
 * it (as in the council PDFs), so a long compound can't overflow a narrow
 * column. A word wider than the column (many councils, narrow columns)
 * may break after any character: the line breaker sets nothing at all
 * rather than overflow, and a broken word is better than a lost one. */
static void word(mctx *m, layout_para *p, const char *w, size_t len, layout_style st) {
  if (width_n(m, st.font, st.size, w, len) > m->measure) {
    for (size_t i = 0; i < len;) {
      size_t n = 1;
      while (i + n < len && ((unsigned char)w[i + n] & 0xC0) == 0x80) n++;
      if (i) layout_para_penalty(p, 100, false, 0, NULL, 0, st);
      layout_para_box(p, w + i, n, width_n(m, st.font, st.size, w + i, n), st);
      i += n;
    }
    return;
  }
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    if ((w[i] == '-' || w[i] == '/') && i + 1 < len && i > start) {
      layout_para_box(p, w + start, i + 1 - start, width_n(m, st.font, st.size, w + start, i + 1 - start), st);
      layout_para_penalty(p, 50, false, 0, NULL, 0, st);
      start = i + 1;
    }
  }
  if (start < len)
    layout_para_box(p, w + start, len - start, width_n(m, st.font, st.size, w + start, len - start), st);
}

/* Words of S separated by ragged spaces; S must outlive the lines (arena
 * or model strings). KEEP_LAST binds the last word to the one before it
 * with a space that breaks only if nothing else fits ("Introduction ¶2"
 * does not end a line with the heading alone). */
static void words(mctx *m, layout_para *p, const char *s, layout_style st, bool keep_last) {
  double sp = pdf_render_width(m->fonts, st.font, st.size, " ");
  const char *last = strrchr(s, ' ');
  const char *q = s;
  bool first = true;
  while (*q) {
    while (*q == ' ') q++;
    if (!*q) break;
    const char *e = q;
    while (*e && *e != ' ') e++;
    if (!first) {
      if (keep_last && last && q == last + 1) {
        layout_para_penalty(p, 999, false, 0, NULL, 0, st);
        layout_para_glue(p, sp, 0, 0);
      } else {
        layout_para_space(p, sp, 0, 0, true);
      }
    }
    word(m, p, q, (size_t)(e - q), st);
    first = false;
    q = e;
  }
}

static void cell_add_lines(mcell *cell, layout_para *p, double measure) {
  layout_para_finish(p);
  layout_line *lines = NULL;
  size_t n = layout_para_break(p, measure, &lines);
  if (!n && p->n) {
    /* no feasible breaks (a character wider than the column): overflow
     * rather than lose the text */
    free(lines);
    n = layout_para_break(p, 1e6, &lines);
  }
  /* exactly as many as needed: the table holds every cell's lines until
   * it is drawn (a cell gets lines at most twice: the header's name and
   * count) */
  if (n) {
    cell->lines = xrealloc(cell->lines, (cell->nlines + n) * sizeof *cell->lines);
    for (size_t i = 0; i < n; i++) cell->lines[cell->nlines++] = lines[i];
    cell->caplines = cell->nlines;
  }
  free(lines); /* the runs now belong to the cell */
  layout_para_free(p);
  layout_para_init(p);
}

static void cell_text(mctx *m, mcell *cell, const char *s, int font, double size, int tag) {
  layout_para p;
  layout_para_init(&p);
  m->measure = cell->w - 2 * PAD_X;
  words(m, &p, s, style(font, size, -1, tag), false);
  cell_add_lines(cell, &p, m->measure);
}

static void cells_free(mrow *r) {
  for (size_t i = 0; r->cells && i < r->ncells; i++)
    layout_lines_free(r->cells[i].lines, r->cells[i].nlines);
  free(r->cells);
  r->cells = NULL;
  r->ncells = 0;
  layout_lines_free(r->cont.lines, r->cont.nlines);
  r->cont.lines = NULL;
  r->cont.nlines = 0;
}

static mrow *row_new(mctx *m, row_kind kind, size_t ncells) {
  XGROW(m->rows, m->nrows, m->caprows);
  mrow *r = &m->rows[m->nrows++];
  memset(r, 0, sizeof *r);
  r->kind = kind;
  r->cells = xcalloc(ncells, sizeof *r->cells);
  r->ncells = ncells;
  r->outline = -1;
  r->cont_of = -1;
  r->page = -1;
  /* columns: label, one per council, coverage; a theme row spans them */
  const layout_geom *g = &landscape;
  double x = g->margin_l;
  if (ncells == 1) {
    r->cells[0].x = x;
    r->cells[0].w = g->page_w - g->margin_l - g->margin_r;
    return r;
  }
  for (size_t i = 0; i < ncells; i++) {
    double w = i == 0 ? m->label_w : i == ncells - 1 ? COVER_W : m->council_w;
    r->cells[i].x = x;
    r->cells[i].w = w;
    x += w;
  }
  return r;
}

static void row_measure(mrow *r) {
  size_t most = 1;
  for (size_t i = 0; i < r->ncells; i++)
    if (r->cells[i].nlines > most) most = r->cells[i].nlines;
  r->height = (double)most * CELL_LEAD + 2 * PAD_Y + (r->kind == ROW_THEME ? 3 : 0);
}

/* ---- the table's content ----------------------------------------------- */

/* A cell's provision labels: printed numbers ("3.4"), an item's with its
 * label ("2.9(e)"), or for unnumbered clauses "<section heading> ¶n" with
 * the heading given once for a run of clauses of the same section
 * ("Introduction ¶1, ¶2"). Each label is a link to the clause in the
 * council's PDF (the PDF's places are per clause: an item's link lands on
 * its clause, and its label says which item). */
static void clause_cell(mctx *m, mcell *cell, int td, const cc_provision **ps, size_t n,
                        const pdf_place *places) {
  layout_para p;
  layout_para_init(&p);
  m->measure = cell->w - 2 * PAD_X;
  const cc_section *prev = NULL;
  double sp = pdf_render_width(m->fonts, LAYOUT_SANS, CELL_SIZE, " ");
  for (size_t i = 0; i < n; i++) {
    const cc_clause *cl = ps[i]->clause;
    buf b = BUF_INIT;
    const char *num = model_clause_number_shown(cl);
    bool keep = false;
    if (num && *num) {
      matrix_clause_label(&b, cl); /* the number without its trailing dot */
    } else if (cl->section != prev && cl->section && cl->section->heading_text &&
               *cl->section->heading_text) {
      buf_printf(&b, "%s \xC2\xB6%d", cl->section->heading_text, cl->ordinal);
      keep = true;
    } else {
      buf_printf(&b, "\xC2\xB6%d", cl->ordinal);
    }
    model_item_label_put(&b, ps[i]->item); /* "2.9" + "(e)": the provision's label */
    prev = cl->section;
    char *label = arena_strdup(m->a, buf_cstr(&b));
    buf_clear(&b);
    buf_printf(&b, "%s ", matrix_council_name(cl->doc));
    matrix_provision_label(&b, ps[i]);
    char *alt = arena_strdup(m->a, buf_cstr(&b));
    buf_clear(&b);
    buf_printf(&b, "%s.pdf", cl->doc->slug);
    XGROW(m->links, m->nlinks, m->caplinks);
    mlink *l = &m->links[m->nlinks];
    l->file = arena_strdup(m->a, buf_cstr(&b));
    buf_free(&b);
    l->page = places ? places[cl->index].page : -1;
    l->top = places ? places[cl->index].top : 0;
    l->alt = alt;
    l->elem = elem_new(m, LAYOUT_E_LINK, td, alt);
    m->elems[l->elem].link = (int)m->nlinks;
    int link = (int)m->nlinks++;

    if (i) layout_para_space(&p, sp, 0, 0, true);
    words(m, &p, label, style(LAYOUT_SANS, CELL_SIZE, link, l->elem), keep);
    if (i + 1 < n) {
      static const char comma[] = ",";
      layout_para_box(&p, comma, 1, width_n(m, LAYOUT_SANS, CELL_SIZE, comma, 1),
                      style(LAYOUT_SANS, CELL_SIZE, -1, td));
    }
  }
  cell_add_lines(cell, &p, m->measure);
}

static char *fmt(mctx *m, const char *f, size_t a, size_t b) {
  return arena_printf(m->a, f, a, b);
}

static void build_table(mctx *m, int table, const pdf_place *const *places) {
  const cc_corpus *c = m->c;
  const cc_document *const *docs = m->docs + m->first;
  size_t nd = m->nd, ncols = nd + 2;
  size_t *covered = xcalloc(nd + 1, sizeof *covered);
  size_t maxcl = 1;
  for (size_t t = 0; t < c->ntopics; t++)
    if (c->topics[t]->nprovisions > maxcl) maxcl = c->topics[t]->nprovisions;
  const cc_provision **cl = xcalloc(maxcl, sizeof *cl);
  for (size_t t = 0; t < c->ntopics; t++)
    for (size_t i = 0; i < nd; i++) covered[i] += matrix_cell(c->topics[t], docs[i], cl, maxcl) > 0;

  /* header: Provision | council (and how many provisions it makes) | Councils */
  int thead = elem_new(m, LAYOUT_E_THEAD, table, NULL);
  int tr = elem_new(m, LAYOUT_E_TR, thead, NULL);
  mrow *r = row_new(m, ROW_HEAD, ncols);
  cell_text(m, &r->cells[0], "Provision", LAYOUT_SANS | LAYOUT_BOLD, CELL_SIZE,
            th_new(m, tr, LAYOUT_SCOPE_COLUMN, 1));
  for (size_t i = 0; i < nd; i++) {
    int th = th_new(m, tr, LAYOUT_SCOPE_COLUMN, 1);
    cell_text(m, &r->cells[i + 1], matrix_council_name(docs[i]), LAYOUT_SANS | LAYOUT_BOLD,
              CELL_SIZE, th);
    /* narrow columns (many councils) get the short form */
    cell_text(m, &r->cells[i + 1],
              fmt(m, m->council_w < 80 ? "%zu of %zu" : "%zu of %zu provisions", covered[i],
                  c->ntopics),
              LAYOUT_SANS, SMALL_SIZE, th);
  }
  cell_text(m, &r->cells[ncols - 1], "Councils", LAYOUT_SANS | LAYOUT_BOLD, CELL_SIZE,
            th_new(m, tr, LAYOUT_SCOPE_COLUMN, 1));
  row_measure(r);

  for (size_t h = 0; h <= c->nthemes; h++) {
    /* themes in taxonomy order, then topics without a theme (if any) */
    const cc_theme *th = h < c->nthemes ? c->themes[h] : NULL;
    if (!matrix_topics_of_theme(c, th)) continue;
    int tbody = elem_new(m, LAYOUT_E_TBODY, table, NULL);
    const char *tl = th ? (th->label ? th->label : th->key) : "Other provisions";
    r = row_new(m, ROW_THEME, 1);
    r->outline = outline_new(m, tl);
    cell_text(m, &r->cells[0], tl, LAYOUT_SANS | LAYOUT_BOLD, THEME_SIZE,
              th_new(m, elem_new(m, LAYOUT_E_TR, tbody, NULL), LAYOUT_SCOPE_ROW, (int)ncols));
    row_measure(r);
    /* an artifact: the real heading is the one at the theme's start */
    r->cont.x = r->cells[0].x;
    r->cont.w = r->cells[0].w;
    cell_text(m, &r->cont, arena_printf(m->a, "%s (continued)", tl), LAYOUT_SANS | LAYOUT_BOLD,
              THEME_SIZE, -1);
    r->cont_height = (double)r->cont.nlines * CELL_LEAD + 2 * PAD_Y + 3;
    for (size_t t = 0; t < c->ntopics; t++) {
      const cc_topic *tp = c->topics[t];
      if (tp->theme != th) continue;
      tr = elem_new(m, LAYOUT_E_TR, tbody, NULL);
      r = row_new(m, ROW_TOPIC, ncols);
      cell_text(m, &r->cells[0], tp->label ? tp->label : tp->key, LAYOUT_SANS, CELL_SIZE,
                th_new(m, tr, LAYOUT_SCOPE_ROW, 1));
      for (size_t i = 0; i < nd; i++) {
        size_t n = matrix_cell(tp, docs[i], cl, maxcl);
        mcell *cell = &r->cells[i + 1];
        if (n) {
          clause_cell(m, cell, elem_new(m, LAYOUT_E_TD, tr, NULL), cl, n, places[m->first + i]);
        } else {
          /* absence is a printed mark, not a colour; read out as "none" */
          cell->centre = cell->grey = true;
          cell_text(m, cell, "\xE2\x80\x94", LAYOUT_SANS, CELL_SIZE,
                    elem_new(m, LAYOUT_E_TD, tr, "none"));
        }
      }
      /* the whole corpus, in every volume: a volume's reader still sees
       * how common the provision is */
      r->cells[ncols - 1].centre = true;
      cell_text(m, &r->cells[ncols - 1],
                fmt(m, "%zu of %zu", matrix_councils_making(tp), c->ndocs), LAYOUT_SANS,
                CELL_SIZE, elem_new(m, LAYOUT_E_TD, tr, NULL));
      row_measure(r);
    }
  }

  int tfoot = elem_new(m, LAYOUT_E_TFOOT, table, NULL);
  tr = elem_new(m, LAYOUT_E_TR, tfoot, NULL);
  r = row_new(m, ROW_TOTAL, ncols);
  r->outline = outline_new(m, "Provisions made by each council");
  cell_text(m, &r->cells[0], "Provisions made", LAYOUT_SANS | LAYOUT_BOLD, CELL_SIZE,
            th_new(m, tr, LAYOUT_SCOPE_ROW, 1));
  for (size_t i = 0; i < nd; i++)
    cell_text(m, &r->cells[i + 1], fmt(m, "%zu of %zu", covered[i], c->ntopics),
              LAYOUT_SANS | LAYOUT_BOLD, CELL_SIZE, elem_new(m, LAYOUT_E_TD, tr, NULL));
  elem_new(m, LAYOUT_E_TD, tr, NULL); /* empty: nothing drawn; pdf_tag keeps it as a column */
  row_measure(r);
  free(cl);
  free(covered);
}

static void build_front(mctx *m, int doc_elem) {
  const cc_corpus *c = m->c;
  double measure = landscape.page_w - landscape.margin_l - landscape.margin_r;
  mcell t = {0};
  t.w = measure + 2 * PAD_X;
  layout_para p;
  layout_para_init(&p);
  m->measure = measure;
  words(m, &p, m->title_text,
        style(LAYOUT_SANS | LAYOUT_BOLD, TITLE_SIZE, -1, elem_new(m, LAYOUT_E_H1, doc_elem, NULL)),
        false);
  cell_add_lines(&t, &p, measure);
  m->title = t.lines;
  m->ntitle = t.nlines;
  mcell in = {0};
  buf b = BUF_INIT;
  buf_printf(&b,
             "%zu provisions (topics) in %zu themes, compared across %zu councils' protocols. "
             "A cell gives the numbers of the clauses of that council's protocol that make the "
             "provision, with the item's letter where one item of a list makes it (2.9(e)); "
             "each number links to the clause in the council's PDF (kept in the "
             "same folder as this file). A dash (\xE2\x80\x94) means the protocol has no clause "
             "making the provision.",
             c->ntopics, c->nthemes, c->ndocs);
  if (m->nvol > 1)
    buf_printf(&b,
               " This is volume %zu of %zu: councils %zu to %zu of the %zu, in %s; the other "
               "volumes are the files %s to %s beside this one. The last "
               "column counts the councils of the whole corpus that make the provision.",
               m->vol, m->nvol, m->first + 1, m->first + m->nd, c->ndocs,
               matrix_grouped(c) ? "order of region, then kind of council" : "the corpus's order",
               matrix_pdf_volume_name(m->a, 1, m->nvol),
               matrix_pdf_volume_name(m->a, m->nvol, m->nvol));
  words(m, &p, arena_strdup(m->a, buf_cstr(&b)),
        style(LAYOUT_SERIF, INTRO_SIZE, -1, elem_new(m, LAYOUT_E_P, doc_elem, NULL)), false);
  buf_free(&b);
  cell_add_lines(&in, &p, measure);
  layout_para_free(&p);
  m->intro = in.lines;
  m->nintro = in.nlines;
  m->head_h = TITLE_LEAD * (double)m->ntitle + 4 + INTRO_LEAD * (double)m->nintro + 12;
}

/* Rows kept on the totals' page: a last page holding the totals and one
 * lonely row reads as an accident. */
#define TOTAL_KEEP 3

/* Rows into pages: never split a row, keep a theme heading with its first
 * topic, keep the totals with the TOTAL_KEEP rows before them, start every
 * page with the header row. Returns the page count. */
static int paginate(mctx *m) {
  const layout_geom *g = &landscape;
  double avail = g->page_h - g->margin_t - g->margin_b;
  double head = m->rows[0].height;
  int page = 0;
  double y = m->head_h;
  m->rows[0].page = 0;
  m->rows[0].y = y;
  y += head;
  size_t on_page = 0; /* rows below the header on this page */
  int theme = -1;      /* the theme row of the rows being placed */
  size_t total = 0;    /* the totals row, 0 if none */
  for (size_t i = m->nrows; i-- > 1;)
    if (m->rows[i].kind == ROW_TOTAL) {
      total = i;
      break;
    }
  size_t keep_from = total > TOTAL_KEEP ? total - TOTAL_KEEP : 1;
  for (size_t i = 1; i < m->nrows; i++) {
    mrow *r = &m->rows[i];
    if (r->kind == ROW_THEME) theme = (int)i;
    if (r->kind == ROW_TOTAL) theme = -1;
    double need = r->height;
    if (r->kind == ROW_THEME && i + 1 < m->nrows) need += m->rows[i + 1].height;
    if (total && i == keep_from) {
      /* the kept rows and the totals go to the next page together, if
       * they fit on one */
      double group = 0;
      for (size_t k = i; k <= total; k++) group += m->rows[k].height;
      double cont = r->kind == ROW_TOPIC && theme >= 0 ? m->rows[theme].cont_height : 0;
      if (group + head + cont <= avail) need = need > group ? need : group;
    }
    if (y + need > avail && on_page) {
      page++;
      y = head;
      on_page = 0;
      /* a page starting inside a theme says which theme it is */
      if (r->kind == ROW_TOPIC && theme >= 0) {
        r->cont_of = theme;
        y += m->rows[theme].cont_height;
      }
    }
    r->page = page;
    r->y = y;
    y += r->height;
    on_page++;
  }
  return page + 1;
}

/* ---- drawing ------------------------------------------------------------ */

/* PDF y of a point Y below the top of the text area. */
static double ypdf(double y) { return landscape.page_h - landscape.margin_t - y; }

/* The path operators of the rows' rules and shading, built here and
 * written to the page in one piece: byte for byte what libharu's
 * HPDF_Page_SetGrayFill, _Rectangle, _MoveTo, _LineTo, _Stroke ... write
 * (numbers as its HPDF_FToA writes them, pdf_num_real, from the same
 * single-precision values), but
 * each of those clears a 512-byte buffer and makes three or four writes,
 * and a row has twenty of them. libharu's record of the graphics state
 * is not needed: nothing reads it, and every path here is closed. */
static void op_real(buf *b, double v) { pdf_num_real_buf(b, (HPDF_REAL)v); }

static void op(buf *b, double v, const char *name) {
  op_real(b, v);
  buf_putc(b, ' ');
  buf_puts(b, name);
  buf_putc(b, '\012');
}

static void op_line(buf *b, double x0, double y0, double x1, double y1) {
  op_real(b, x0);
  buf_putc(b, ' ');
  op_real(b, y0);
  buf_puts(b, " m\012");
  op_real(b, x1);
  buf_putc(b, ' ');
  op_real(b, y1);
  buf_puts(b, " l\012");
}

/* A link annotation's entries, written by its write hook (raw_annot_write):
 * the bytes libharu wrote for the annotation HPDF_Page_CreateURILinkAnnot
 * made, with the action replaced, /Contents and /Border added, as this
 * writer did until then: six libharu dictionaries, arrays and strings a
 * link, built and written one object at a time, were 8% of the matrix
 * PDF's instructions.
 * /StructParent, which pdf_tag_finish adds as an entry, is hidden from
 * libharu just before writing (its entries come before the hook's) and
 * written last, where it was. */
typedef struct raw_annot {
  const char *head, *tail;  /* /Rect ... /P; /Contents (plain ASCII) and /Border */
  size_t nhead, ntail;
  HPDF_String contents;     /* other text: written by libharu */
  HPDF_Number key;          /* /StructParent */
} raw_annot;

static HPDF_STATUS raw_annot_before(HPDF_Dict d) {
  raw_annot *ra = d->attr;
  ra->key = HPDF_Dict_GetItem(d, "StructParent", HPDF_OCLASS_NUMBER);
  if (ra->key) ra->key->header.obj_id |= HPDF_OTYPE_HIDDEN;
  return HPDF_OK;
}

static HPDF_STATUS raw_annot_write(HPDF_Dict d, HPDF_Stream s) {
  const raw_annot *ra = d->attr;
  HPDF_STATUS rc = HPDF_Stream_Write(s, (const HPDF_BYTE *)ra->head, (HPDF_UINT)ra->nhead);
  if (rc == HPDF_OK && ra->contents) {
    rc = HPDF_Stream_WriteStr(s, "/Contents ");
    if (rc == HPDF_OK) rc = HPDF_String_Write(ra->contents, s, NULL);
    if (rc == HPDF_OK) rc = HPDF_Stream_WriteStr(s, "\012");
  }
  if (rc == HPDF_OK) rc = HPDF_Stream_Write(s, (const HPDF_BYTE *)ra->tail, (HPDF_UINT)ra->ntail);
  if (rc == HPDF_OK && ra->key) {
    char num[32];
    char *e = HPDF_IToA(num, ra->key->value, num + sizeof num - 1);
    rc = HPDF_Stream_WriteStr(s, "/StructParent ");
    if (rc == HPDF_OK) rc = HPDF_Stream_Write(s, (const HPDF_BYTE *)num, (HPDF_UINT)(e - num));
    if (rc == HPDF_OK) rc = HPDF_Stream_WriteStr(s, "\012");
  }
  return rc;
}

/* "12 0 R", as libharu writes a reference to the indirect object OBJ. */
static void op_ref(buf *b, const void *obj) {
  const HPDF_Obj_Header *h = obj;
  char num[32];
  char *e = HPDF_IToA(num, (HPDF_INT32)(h->obj_id & 0x00FFFFFF), num + sizeof num - 1);
  buf_put(b, num, (size_t)(e - num));
  buf_putc(b, ' ');
  e = HPDF_IToA(num, h->gen_no, num + sizeof num - 1);
  buf_put(b, num, (size_t)(e - num));
  buf_puts(b, " R");
}

/* S as a text string (pdf_text.h), if libharu would take it (true);
 * otherwise nothing is written (false), and libharu refuses it. */
static bool text_string(buf *b, const char *s) {
  size_t n = strlen(s);
  if (n > HPDF_LIMIT_MAX_STRING_LEN) return false;
  pdf_text_hex_buf(b, s, n);
  return true;
}

static void gotor(mctx *m, HPDF_Page page, int page_no, const mlink *l, double x0, double y0,
                  double x1, double y1) {
  /* libharu has no GoToR API: a link annotation whose action is /GoToR
   * to the council's PDF (a relative file specification), at [page /XYZ
   * left top null] as the council PDF's own links do, which keeps the
   * reader's zoom */
  HPDF_MMgr mm = m->pdf->mmgr;
  HPDF_Dict a = HPDF_Dict_New(mm);
  if (!a || HPDF_Xref_Add(m->pdf->xref, a) != HPDF_OK) return;
  HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
  if (!annots) {
    annots = HPDF_Array_New(mm);
    if (!annots || HPDF_Dict_Add(page, "Annots", annots) != HPDF_OK) return;
  }
  if (HPDF_Array_Add(annots, a) != HPDF_OK) return;
  HPDF_REAL left = (HPDF_REAL)x0, bottom = (HPDF_REAL)y0, right = (HPDF_REAL)x1,
            top = (HPDF_REAL)y1;
  if (top < bottom) {
    HPDF_REAL t = top;
    top = bottom;
    bottom = t;
  }
  buf *b = &m->ops;
  buf_clear(b);
  buf_puts(b, "/Rect [ ");
  op_real(b, left);
  buf_putc(b, ' ');
  op_real(b, bottom);
  buf_putc(b, ' ');
  op_real(b, right);
  buf_putc(b, ' ');
  op_real(b, top);
  buf_puts(b, " ]\012/Type /Annot\012/Subtype /Link\012/A <<\012/S /GoToR\012/F (");
  for (const unsigned char *c = (const unsigned char *)l->file; *c; c++) {
    if (HPDF_NEEDS_ESCAPE(*c)) {
      char e[4] = {'\\', (char)('0' + (*c >> 6)), (char)('0' + ((*c & 0x38) >> 3)),
                   (char)('0' + (*c & 7))};
      buf_put(b, e, 4);
    } else {
      buf_putc(b, (char)*c);
    }
  }
  buf_puts(b, ")\012/D [ ");
  if (l->page >= 0) {
    char num[32];
    char *e = HPDF_IToA(num, l->page, num + sizeof num - 1);
    buf_put(b, num, (size_t)(e - num));
    buf_puts(b, " /XYZ 0 ");
    op_real(b, (HPDF_REAL)l->top);
    buf_puts(b, " null ]");
  } else {
    buf_puts(b, "0 /Fit ]");
  }
  buf_puts(b, "\012>>\012/P ");
  op_ref(b, page);
  buf_putc(b, '\012');
  size_t nhead = b->len;
  raw_annot *ra = arena_alloc(m->a, sizeof *ra);
  memset(ra, 0, sizeof *ra);
  bool plain = false;
  if (l->alt) {
    buf_puts(b, "/Contents ");
    plain = text_string(b, l->alt);
    if (plain) buf_putc(b, '\012');
    else b->len = nhead; /* libharu writes it */
  }
  if (l->alt && !plain)
    ra->contents = HPDF_String_New(mm, l->alt, NULL); /* fails: too long */
  buf_puts(b, "/Border [ 0 0 0 ]\012");
  char *bytes = arena_alloc(m->a, b->len);
  memcpy(bytes, b->data, b->len);
  ra->head = bytes;
  ra->nhead = nhead;
  ra->tail = bytes + nhead;
  ra->ntail = b->len - nhead;
  a->attr = ra;
  a->before_write_fn = raw_annot_before;
  a->write_fn = raw_annot_write;
  pdf_tag_annot(m->tag, a, page_no, l->elem);
}

/* Draws LINES from baseline BASE down, left at X (or centred in W). With
 * TAGGED false everything is an artifact (the repeated header row). */
static void draw_lines(mctx *m, int page_no, const layout_line *lines, size_t n, double x,
                       double w, bool centre, double base, double lead, bool tagged,
                       bool links) {
  HPDF_Page page = m->pages[page_no];
  for (size_t k = 0; k < n; k++, base -= lead) {
    const layout_line *ln = &lines[k];
    double left = centre ? x + (w - ln->width) / 2 : x;
    for (size_t i = 0; i < ln->nruns; i++) {
      const layout_run *run = &ln->runs[i];
      pdf_tag_begin(m->tag, page, page_no, tagged ? run->style.tag : -1);
      pdf_render_text(page, m->fonts, run->style.font, run->style.size, left + run->x, base,
                      run->text, run->len, &m->failed);
      pdf_tag_end(m->tag, page);
    }
    for (size_t i = 0, j; links && i < ln->nruns; i = j) {
      const layout_run *run = &ln->runs[i];
      double x1;
      j = pdf_render_link_span(ln, i, &x1);
      if (run->style.link < 0) continue;
      double s = run->style.size;
      gotor(m, page, page_no, &m->links[run->style.link], left + run->x - 1, base - 0.25 * s,
            left + x1 + 1, base + 0.85 * s);
    }
  }
}

static void draw_row_ground(mctx *m, HPDF_Page page, int page_no, const mrow *r, double y) {
  const layout_geom *g = &landscape;
  double x0 = g->margin_l, x1 = g->page_w - g->margin_r;
  double top = ypdf(y), bot = ypdf(y + r->height);
  pdf_tag_begin(m->tag, page, page_no, -1);
  buf *b = &m->ops;
  buf_clear(b);
  if (r->kind == ROW_HEAD || r->kind == ROW_THEME || r->kind == ROW_TOTAL) {
    op(b, r->kind == ROW_THEME ? 0.90 : 0.94, "g");
    op_real(b, x0);
    buf_putc(b, ' ');
    op_real(b, bot);
    buf_putc(b, ' ');
    op_real(b, x1 - x0);
    buf_putc(b, ' ');
    op_real(b, top - bot);
    buf_puts(b, " re\012f\012");
    op(b, 0, "g");
  }
  /* a hairline under every row, a heavier rule under the header and over
   * the totals; light column rules between councils */
  op(b, r->kind == ROW_HEAD ? 0.2 : 0.7, "G");
  op(b, r->kind == ROW_HEAD ? 0.9 : 0.35, "w");
  op_line(b, x0, bot, x1, bot);
  buf_puts(b, "S\012");
  if (r->kind == ROW_TOTAL || r->kind == ROW_HEAD) {
    op(b, 0.2, "G");
    op(b, 0.9, "w");
    op_line(b, x0, top, x1, top);
    buf_puts(b, "S\012");
  }
  if (r->ncells > 1) {
    op(b, 0.8, "G");
    op(b, 0.35, "w");
    for (size_t i = 1; i < r->ncells; i++) op_line(b, r->cells[i].x, bot, r->cells[i].x, top);
    buf_puts(b, "S\012");
  }
  op(b, 0, "G");
  HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)b->data,
                    (HPDF_UINT)b->len);
  pdf_tag_end(m->tag, page);
}

static void draw_row(mctx *m, int page_no, const mrow *r, double y, bool tagged) {
  HPDF_Page page = m->pages[page_no];
  double base = ypdf(y + PAD_Y + (r->kind == ROW_THEME ? 1.5 : 0)) - CELL_SIZE * 0.86;
  for (size_t i = 0; i < r->ncells; i++) {
    const mcell *cell = &r->cells[i];
    if (cell->grey) HPDF_Page_SetGrayFill(page, 0.35);
    draw_lines(m, page_no, cell->lines, cell->nlines, cell->x + PAD_X, cell->w - 2 * PAD_X,
               cell->centre, base, CELL_LEAD, tagged, tagged);
    if (cell->grey) HPDF_Page_SetGrayFill(page, 0);
  }
}

/* [page /XYZ left top null] in this document. */
static HPDF_Destination dest(mctx *m, int page_no, double top) {
  return pdf_render_dest(m->pdf, m->pages[page_no], top);
}

/* The "(continued)" heading of theme row T as a row of its own. */
static mrow cont_row(const mrow *t) {
  mrow r = *t;
  r.cells = (mcell *)&t->cont;
  r.ncells = 1;
  r.height = t->cont_height;
  return r;
}

static void draw(mctx *m) {
  const layout_geom *g = &landscape;
  for (int p = 0; p < m->npages; p++) {
    m->pages[p] = HPDF_AddPage(m->pdf);
    pdf_mem_page_contents(m->pdf, m->pages[p]);
    HPDF_Page_SetSize(m->pages[p], HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
  }
  /* page 1: title and introduction */
  double base = ypdf(0) - TITLE_SIZE * 0.86;
  draw_lines(m, 0, m->title, m->ntitle, g->margin_l, 0, false, base, TITLE_LEAD, true, false);
  base -= TITLE_LEAD * (double)m->ntitle + 4 - (TITLE_LEAD - INTRO_LEAD);
  draw_lines(m, 0, m->intro, m->nintro, g->margin_l, 0, false, base, INTRO_LEAD, true, false);
  /* rules and shading first, so text is drawn over them */
  for (int p = 0; p < m->npages; p++) {
    draw_row_ground(m, m->pages[p], p, &m->rows[0], p == 0 ? m->rows[0].y : 0);
    for (size_t i = 1; i < m->nrows; i++) {
      if (m->rows[i].page != p) continue;
      if (m->rows[i].cont_of >= 0) {
        mrow cont = cont_row(&m->rows[m->rows[i].cont_of]);
        draw_row_ground(m, m->pages[p], p, &cont, m->rows[0].height);
      }
      draw_row_ground(m, m->pages[p], p, &m->rows[i], m->rows[i].y);
    }
  }
  /* cells in reading order; the header row is content once, on page 1 */
  draw_row(m, 0, &m->rows[0], m->rows[0].y, true);
  for (size_t i = 1; i < m->nrows; i++) {
    const mrow *r = &m->rows[i];
    if (r->page > 0 && m->rows[i - 1].page != r->page)
      draw_row(m, r->page, &m->rows[0], 0, false);
    if (r->cont_of >= 0) {
      mrow cont = cont_row(&m->rows[r->cont_of]);
      draw_row(m, r->page, &cont, m->rows[0].height, false);
    }
    draw_row(m, r->page, r, r->y, true);
  }
  for (int p = 0; p < m->npages; p++) {
    buf f = BUF_INIT;
    buf_printf(&f, "Page %d of %d", p + 1, m->npages);
    pdf_render_furniture(m->pages[p], p, m->fonts, m->tag, g,
                         p ? m->title_text : NULL,
                         p ? "Concord" : NULL, buf_cstr(&f), &m->failed);
    buf_free(&f);
  }
  /* bookmarks: one per theme, then the totals */
  for (size_t i = 0; i < m->nrows; i++) {
    const mrow *r = &m->rows[i];
    if (r->outline < 0) continue;
    HPDF_Outline o = pdf_text_outline(m->pdf, NULL, m->outline_titles[r->outline]);
    HPDF_Destination dst = dest(m, r->page, ypdf(r->y) + 2);
    if (o && dst) HPDF_Outline_SetDestination(o, dst);
  }
}

/* ---- document ----------------------------------------------------------- */

static int set_info(mctx *m) {
  const cc_corpus *c = m->c;
  pdf_text_set_info(m->pdf, HPDF_INFO_TITLE, m->title_text);
  pdf_text_set_info(m->pdf, HPDF_INFO_AUTHOR, "Concord");
  buf b = BUF_INIT;
  buf_printf(&b, "%zu provisions (topics) in %zu themes across %zu councils' protocols", c->ntopics,
             c->nthemes, c->ndocs);
  if (m->nvol > 1)
    buf_printf(&b, "; councils %zu to %zu", m->first + 1, m->first + m->nd);
  pdf_text_set_info(m->pdf, HPDF_INFO_SUBJECT, buf_cstr(&b));
  /* the councils of this volume, as on its header row */
  buf kw = BUF_INIT;
  for (size_t i = 0; i < m->nd; i++) {
    if (i) buf_puts(&kw, ", ");
    buf_puts(&kw, matrix_council_name(m->docs[m->first + i]));
  }
  if (kw.len) pdf_text_set_info(m->pdf, HPDF_INFO_KEYWORDS, buf_cstr(&kw));
  pdf_writer_set_producer(m->pdf, c->build_epoch);
  /* the same in XMP, with the PDF/UA-1 identification */
  pdf_xmp x = {m->title_text, "Concord", buf_cstr(&b), buf_cstr(&kw), "en-GB", c->build_epoch};
  int rc = pdf_xmp_attach(m->pdf, &x);
  buf_free(&kw);
  buf_free(&b);
  return rc;
}

/* Slugs whose PDF would take a matrix volume's name: "matrix" and
 * "matrix-" followed by digits only. */
static bool slug_is_matrix(const char *slug) {
  if (strncmp(slug, "matrix", 6) != 0) return false;
  if (!slug[6]) return true;
  if (slug[6] != '-' || !slug[7]) return false;
  for (const char *q = slug + 7; *q; q++)
    if (*q < '0' || *q > '9') return false;
  return true;
}

size_t matrix_pdf_volume_size(void) { return MATRIX_PDF_VOLUME_SIZE; }

size_t matrix_pdf_volume_count(size_t ndocs) {
  return (ndocs + MATRIX_PDF_VOLUME_SIZE - 1) / MATRIX_PDF_VOLUME_SIZE;
}

const char *matrix_pdf_volume_name(arena *a, size_t vol, size_t nvol) {
  if (nvol <= 1) return "matrix.pdf";
  int width = 2;
  for (size_t n = nvol; n >= 100; n /= 10) width++;
  return arena_printf(a, "matrix-%0*zu.pdf", width, vol);
}

/* One volume: the councils FIRST .. FIRST+ND-1 (all of them when NVOL is
 * 1), with PLACES for every council of the corpus. */
static int write_volume(const cc_corpus *c, const cc_document *const *docs,
                        const pdf_place *const *places, size_t first, size_t nd, size_t vol,
                        size_t nvol, struct pdf_faces *faces, outdir *o, diag_list *d) {
  pdf_writer_err err = {0, 0};
  int rc = -1;
  mctx m;
  memset(&m, 0, sizeof m);
  m.c = c;
  m.docs = docs;
  m.first = first;
  m.nd = nd;
  m.vol = vol;
  m.nvol = nvol;
  m.pdf = pdf_writer_doc_new(&err);
  if (!m.pdf) {
    diag_error(d, NULL, 0, 0, "PDF: libharu could not start (out of memory?)");
    goto done;
  }
  m.a = arena_new();
  m.title_text = nvol > 1 ? arena_printf(m.a, "%s (volume %zu of %zu)", MATRIX_TITLE, vol, nvol)
                          : MATRIX_TITLE;
  HPDF_SetCompressionMode(m.pdf, HPDF_COMP_ALL);
  m.fonts = pdf_fonts_new(m.pdf, faces, d);
  if (!m.fonts) goto done;
  double table_w = landscape.page_w - landscape.margin_l - landscape.margin_r;
  m.label_w = LABEL_W;
  m.council_w = (table_w - m.label_w - COVER_W) / (double)nd;
  if (m.council_w < MIN_COUNCIL_W) {
    /* many councils: give them room from the label column first */
    m.label_w = fmax(120, table_w - COVER_W - MIN_COUNCIL_W * (double)nd);
    m.council_w = (table_w - m.label_w - COVER_W) / (double)nd;
  }

  int doc_elem = elem_new(&m, LAYOUT_E_DOCUMENT, -1, NULL);
  build_front(&m, doc_elem);
  build_table(&m, elem_new(&m, LAYOUT_E_TABLE, doc_elem, NULL), places);
  m.npages = paginate(&m);
  m.pages = xcalloc((size_t)m.npages, sizeof *m.pages);
  m.tag = pdf_tag_new(m.pdf, m.elems, m.nelems);
  draw(&m);
  /* the cells' lines are drawn: free them before the structure tree, the
   * largest part of a many-council matrix, is built in their place */
  for (size_t i = 0; i < m.nrows; i++) cells_free(&m.rows[i]);
  /* subsets of the faces drawn; a failure is reported there, with
   * libharu's error (at thousands of councils: out of memory) */
  if (pdf_fonts_embed(m.fonts, d) != 0) goto done;
  HPDF_AddPageLabel(m.pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
  HPDF_SetPageMode(m.pdf, HPDF_PAGE_MODE_USE_OUTLINE);
  pdf_tag_finish(m.tag, m.pages, m.npages, "en-GB", m.title_text);
  if (set_info(&m) != 0) {
    diag_error(d, NULL, 0, 0, "PDF: could not write the XMP metadata of matrix.pdf (out of "
               "memory?)");
    goto done;
  }
  if (m.failed) {
    diag_error(d, NULL, 0, 0, "PDF: a font could not be loaded from %s", pdf_fonts_dir(m.fonts));
    goto done;
  }
  const char *name = matrix_pdf_volume_name(m.a, vol, nvol);
  if (pdf_writer_save(m.pdf, &err, o, arena_printf(m.a, "pdf/%s", name), NULL, d) != 0 &&
      !err.error)
    goto done; /* deflating or the file: reported */
  if (err.error) {
    diag_error(d, NULL, 0, 0,
               "PDF: libharu error 0x%04X (detail %u) while writing %s; see "
               "hpdf_error.h for the code",
               (unsigned)err.error, (unsigned)err.detail, name);
    goto done;
  }
  rc = 0;
done:
  for (size_t i = 0; i < m.nrows; i++) cells_free(&m.rows[i]);
  free(m.rows);
  layout_lines_free(m.title, m.ntitle);
  layout_lines_free(m.intro, m.nintro);
  free(m.links);
  free(m.outline_titles);
  pdf_tag_free(m.tag);
  free(m.elems);
  free(m.pages);
  buf_free(&m.ops);
  pdf_fonts_free(m.fonts);
  pdf_writer_doc_free(m.pdf);
  arena_free(m.a);
  return rc;
}

int matrix_pdf_write(const cc_corpus *c, pdf_place *const *known, struct layout_hyph *hy,
                     struct pdf_faces *faces, outdir *o, diag_list *d) {
  if (!c->ndocs) return 0;
  for (size_t i = 0; i < c->ndocs; i++)
    if (slug_is_matrix(c->docs[i]->slug)) {
      diag_error(d, c->docs[i]->path, 0, 0,
                 "PDF: this council's slug \"%s\" would overwrite the comparison matrix "
                 "(pdf/matrix.pdf, or its volumes pdf/matrix-NN.pdf); give the document "
                 "another slug in its front matter",
                 c->docs[i]->slug);
      return -1;
    }
  /* where each clause is in the council PDFs: recorded by the PDF writer
   * as it laid them out, else (a PDF kept from the cache) from the same
   * layout done again here, with one set of fonts for all of them */
  const pdf_place **places = xcalloc(c->ndocs, sizeof *places);
  pdf_place **own = xcalloc(c->ndocs, sizeof *own);
  pdf_placer *placer = NULL;
  for (size_t i = 0; i < c->ndocs; i++) {
    if (known && known[i]) {
      places[i] = known[i];
      continue;
    }
    if (!placer && !(placer = pdf_placer_new(hy, faces, d))) break;
    places[i] = own[i] = pdf_placer_place(placer, c->docs[i]);
  }
  pdf_placer_free(placer);

  /* past MATRIX_PDF_VOLUME_SIZE councils, volumes of whole tables for runs
   * of councils, their sizes within one of each other: one document of
   * thousands of columns neither fits in memory nor can be read */
  size_t nvol = matrix_pdf_volume_count(c->ndocs);
  /* past a size the volumes take the councils grouped by region, then
     kind, as the theme pages do: a volume then holds neighbours */
  size_t *order = matrix_group_order(c);
  const cc_document **docs = xmalloc((c->ndocs ? c->ndocs : 1) * sizeof *docs);
  const pdf_place **vplaces = xmalloc((c->ndocs ? c->ndocs : 1) * sizeof *vplaces);
  for (size_t i = 0; i < c->ndocs; i++) {
    docs[i] = c->docs[order[i]];
    vplaces[i] = places[order[i]];
  }
  free(order);
  int rc = 0;
  for (size_t v = 0; v < nvol && rc == 0; v++) {
    size_t first = v * c->ndocs / nvol, end = (v + 1) * c->ndocs / nvol;
    rc = write_volume(c, docs, vplaces, first, end - first, v + 1, nvol, faces, o, d);
  }
  free(docs);
  free(vplaces);
  for (size_t i = 0; i < c->ndocs; i++) free(own[i]);
  free(own);
  free(places);
  return rc;
}
