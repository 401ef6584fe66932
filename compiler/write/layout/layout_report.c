/* layout_report.c - the line-quality report (see layout_report.h). */
#include "write/layout/layout_report.h"
#include "base/arena.h"
#include "base/buf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void json_str(buf *b, const char *s, size_t len) {
  buf_putc(b, '"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      buf_putc(b, '\\');
      buf_putc(b, (char)c);
    } else if (c < 0x20) {
      buf_printf(b, "\\u%04x", c);
    } else {
      buf_putc(b, (char)c);
    }
  }
  buf_putc(b, '"');
}

typedef struct report {
  size_t lines, bad[3], hyphens, run, max_run;
  double bad_sum;
  size_t *per_page;
  int page_base;
  buf breaks;
  bool any_break;
} report;

/* The run before the inserted hyphen: the word's first piece. */
static void piece_before(const layout_line *ln, buf *b) {
  if (ln->nruns >= 2) json_str(b, ln->runs[ln->nruns - 2].text, ln->runs[ln->nruns - 2].len);
  else json_str(b, "", 0);
}

static void scan(report *r, const layout_vlist *v) {
  for (size_t i = 0; i < v->n; i++) {
    const layout_vitem *it = &v->items[i];
    if (it->kind != LAYOUT_V_LINE || it->page < 0) continue;
    const layout_line *ln = &it->line;
    if (!ln->last) {
      double bad = fmin(100 * pow(fabs(ln->ratio), 3), 10000);
      r->lines++;
      r->bad_sum += bad;
      r->bad[bad < 13 ? 0 : bad < 100 ? 1 : 2]++;
    }
    if (!ln->hyphenated) {
      r->run = 0;
      continue;
    }
    r->hyphens++;
    r->per_page[r->page_base + it->page]++;
    if (++r->run > r->max_run) r->max_run = r->run;
    buf_puts(&r->breaks, r->any_break ? ",\n  " : "\n  ");
    r->any_break = true;
    buf_printf(&r->breaks, "{\"page\": %d, \"before\": ", r->page_base + it->page + 1);
    piece_before(ln, &r->breaks);
    buf_puts(&r->breaks, ", \"after\": ");
    size_t j = i + 1;
    while (j < v->n && v->items[j].kind != LAYOUT_V_LINE) j++;
    if (j < v->n && v->items[j].line.nruns)
      json_str(&r->breaks, v->items[j].line.runs[0].text, v->items[j].line.runs[0].len);
    else
      json_str(&r->breaks, "", 0);
    buf_putc(&r->breaks, '}');
  }
  r->run = 0;
}

/* ---- rivers --------------------------------------------------------------
 * A river is a chain of inter-word spaces, one in each of at least three
 * consecutive lines of a paragraph, each overlapping the one above it
 * horizontally (docs/typography.md, "Rivers"). The engine's own
 * positions are used: a space is the white between two runs of a line
 * after justification. */

/* A space continues the one above when they overlap by at least this
 * share of the narrower of the two: their centres are then at most half
 * a space apart, a drift the eye still follows down the page. */
#define RIVER_OVERLAP 0.5
/* White narrower than this between two runs is not a space: a word set
 * in two styles (a bold letter, a link) is two runs that touch. The
 * narrowest space the engine sets is 70% of an 8.5 pt space (1.5 pt). */
#define RIVER_MIN_SPACE 0.5
/* A justified line with this many spaces or fewer has a few wide holes
 * that would "overlap" almost anything: the badness counts it as a loose
 * line; here it ends any river rather than joining one. */
#define RIVER_MIN_SPACES 3

typedef struct rgap {
  double a, b;       /* the white, from the text area's left edge */
  int len;           /* lines of the longest chain ending here */
  size_t top;        /* the first space of that chain */
  size_t parent;     /* union-find: spaces that touch are one river */
  int page;          /* 1-based, as printed */
  double y;          /* top of the line, from the top of the text area */
  const char *where; /* the nearest anchor at or before the line */
  const char *w1; size_t n1, n2; const char *w2; /* the words either side */
} rgap;

typedef struct rivers {
  rgap *g;
  size_t n, cap;
  size_t prev_from, prev_to; /* the previous line's spaces in g, if linkable */
  bool prev_ok;
} rivers;

static size_t uf_find(rgap *g, size_t i) {
  while (g[i].parent != i) {
    g[i].parent = g[g[i].parent].parent;
    i = g[i].parent;
  }
  return i;
}

static bool river_line(const layout_vitem *it) {
  return it->kind == LAYOUT_V_LINE && it->page >= 0 &&
         (it->role == LAYOUT_R_BODY || it->role == LAYOUT_R_NOTE);
}

static void rivers_scan(rivers *rv, const layout_doc *ld, const layout_vlist *v, int list,
                        int page_base) {
  /* the anchor in force at each item: where a typesetter looks */
  const char **at = xcalloc(v->n ? v->n : 1, sizeof *at);
  for (size_t a = 0; a < ld->nanchors; a++)
    if (ld->anchors[a].list == list && ld->anchors[a].item < v->n)
      at[ld->anchors[a].item] = ld->anchors[a].id;
  for (size_t i = 1; i < v->n; i++)
    if (!at[i]) at[i] = at[i - 1];
  rv->prev_ok = false;
  int prev_page = -1;
  for (size_t i = 0; i < v->n; i++) {
    const layout_vitem *it = &v->items[i];
    if (it->kind != LAYOUT_V_LINE) continue; /* spaces between paragraphs: see ->last */
    if (!river_line(it)) {
      rv->prev_ok = false;
      continue;
    }
    if (it->page != prev_page) rv->prev_ok = false; /* a river does not cross a page */
    prev_page = it->page;
    const layout_line *ln = &it->line;
    size_t from = rv->n;
    const layout_run *left = NULL;
    for (size_t r = 0; r < ln->nruns; r++) {
      const layout_run *run = &ln->runs[r];
      if (run->x < 0) continue; /* a hanging number or label */
      if (left && run->x - (left->x + left->width) >= RIVER_MIN_SPACE) {
        XGROW(rv->g, rv->n, rv->cap);
        rgap *g = &rv->g[rv->n];
        g->a = it->x + left->x + left->width;
        g->b = it->x + run->x;
        g->len = 1;
        g->top = g->parent = rv->n;
        g->page = page_base + it->page + 1;
        g->y = it->y;
        g->where = at[i];
        g->w1 = left->text;
        g->n1 = left->len;
        g->w2 = run->text;
        g->n2 = run->len;
        rv->n++;
      }
      left = run;
    }
    if (rv->n - from < RIVER_MIN_SPACES) {
      rv->n = from; /* a loose line of few spaces: ends any river */
      rv->prev_ok = false;
      continue;
    }
    if (rv->prev_ok) {
      for (size_t k = from; k < rv->n; k++) {
        rgap *g = &rv->g[k];
        for (size_t j = rv->prev_from; j < rv->prev_to; j++) {
          rgap *h = &rv->g[j];
          double over = fmin(g->b, h->b) - fmax(g->a, h->a);
          if (over < RIVER_OVERLAP * fmin(g->b - g->a, h->b - h->a)) continue;
          if (h->len + 1 > g->len) {
            g->len = h->len + 1;
            g->top = h->top;
          }
          size_t ra = uf_find(rv->g, k), rb = uf_find(rv->g, j);
          if (ra != rb) rv->g[ra].parent = rb;
        }
      }
    }
    rv->prev_from = from;
    rv->prev_to = rv->n;
    /* the paragraph's last line may end a river, never pass one on */
    rv->prev_ok = !ln->last;
  }
  free(at);
}

typedef struct river {
  size_t top;
  int len;
} river;

static int river_cmp(const void *a, const void *b) {
  const river *x = a, *y = b;
  return x->top < y->top ? -1 : x->top > y->top;
}

static void json_words(buf *b, const rgap *g) {
  buf bw = BUF_INIT;
  buf_printf(&bw, "%.*s %.*s", (int)g->n1, g->w1, (int)g->n2, g->w2);
  json_str(b, buf_cstr(&bw), bw.len);
  buf_free(&bw);
}

/* The rivers of the document as the report's "rivers" member. */
static void rivers_json(buf *b, const layout_doc *ld) {
  rivers rv = {0};
  rivers_scan(&rv, ld, &ld->front, 0, 0);
  rivers_scan(&rv, ld, &ld->body, 1, ld->front_pages);
  /* each river (a set of touching spaces) by its longest chain */
  size_t *best = xmalloc((rv.n ? rv.n : 1) * sizeof *best);
  for (size_t k = 0; k < rv.n; k++) best[k] = SIZE_MAX;
  for (size_t k = 0; k < rv.n; k++) {
    size_t r = uf_find(rv.g, k);
    if (best[r] == SIZE_MAX || rv.g[k].len > rv.g[best[r]].len) best[r] = k;
  }
  river *list = xmalloc((rv.n ? rv.n : 1) * sizeof *list);
  size_t nl = 0, n4 = 0;
  int longest = 0;
  for (size_t k = 0; k < rv.n; k++) {
    if (best[k] == SIZE_MAX) continue;
    const rgap *g = &rv.g[best[k]];
    if (g->len > longest) longest = g->len;
    if (g->len < 3) continue;
    list[nl].top = g->top;
    list[nl++].len = g->len;
    if (g->len >= 4) n4++;
  }
  qsort(list, nl, sizeof *list, river_cmp);
  buf_printf(b, " \"rivers\": {\"spaces\": %zu, \"3+\": %zu, \"4+\": %zu, \"longest\": %d,\n  \"at\": [",
             rv.n, nl, n4, longest);
  for (size_t i = 0; i < nl; i++) {
    const rgap *g = &rv.g[list[i].top];
    buf_printf(b, "%s\n   {\"page\": %d, \"lines\": %d, \"near\": ", i ? "," : "", g->page,
               list[i].len);
    if (g->where) json_str(b, g->where, strlen(g->where));
    else buf_puts(b, "null");
    buf_puts(b, ", \"between\": ");
    json_words(b, g);
    buf_printf(b, ", \"x\": %.1f, \"y\": %.1f}", ld->text_left + g->a, g->y);
  }
  buf_puts(b, nl ? "\n  ]},\n" : "]},\n");
  free(list);
  free(best);
  free(rv.g);
}

char *layout_report_json(const layout_doc *ld) {
  report r = {0};
  int pages = ld->front_pages + ld->body_pages;
  r.per_page = xcalloc(pages > 0 ? (size_t)pages : 1, sizeof *r.per_page);
  r.breaks = (buf)BUF_INIT;
  r.page_base = 0;
  scan(&r, &ld->front);
  r.page_base = ld->front_pages;
  scan(&r, &ld->body);
  buf b = BUF_INIT;
  buf_printf(&b, "{\"pages\": %d, \"lines\": %zu,\n", pages, r.lines);
  buf_printf(&b, " \"badness\": {\"0-12\": %zu, \"13-99\": %zu, \"100+\": %zu},\n", r.bad[0],
             r.bad[1], r.bad[2]);
  buf_printf(&b, " \"badness_mean\": %.2f,\n", r.lines ? r.bad_sum / (double)r.lines : 0.0);
  buf_printf(&b, " \"hyphens\": %zu, \"max_hyphens_in_a_row\": %zu,\n \"hyphens_per_page\": [",
             r.hyphens, r.max_run);
  for (int p = 0; p < pages; p++) buf_printf(&b, "%s%zu", p ? ", " : "", r.per_page[p]);
  buf_puts(&b, "],\n");
  rivers_json(&b, ld);
  buf_puts(&b, " \"breaks\": [");
  buf_puts(&b, buf_cstr(&r.breaks));
  buf_puts(&b, r.any_break ? "\n ]}\n" : "]}\n");
  buf_free(&r.breaks);
  free(r.per_page);
  return buf_detach(&b);
}
