/* layout_para.c - total-fit line breaking (see layout_para.h).
 *
 * The algorithm is Knuth & Plass's, as in TeX's line_break: an active list
 * of feasible breakpoints, demerits (line penalty + badness)^2 +/- penalty^2,
 * extra demerits for consecutive hyphens and for adjacent lines in very
 * different fitness classes, and for a hyphen on the penultimate line.
 * Each active node also records how many hyphenated lines end in a row
 * there, so a third consecutive hyphen is simply not a feasible break
 * (TeX can only discourage it). Three passes with growing tolerance
 * replace TeX's emergency stretch.
 */
#include "write/layout/layout_para.h"
#include "base/arena.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
  LINE_PENALTY = 10,
  DOUBLE_HYPHEN_DEMERITS = 10000, /* plain TeX's \doublehyphendemerits */
  ADJ_DEMERITS = 3000,
  FINAL_HYPHEN_DEMERITS = 5000 /* a hyphen on the penultimate line */
};
#define FILL_STRETCH 1e7 /* "infinite" stretch of the paragraph's last glue */

void layout_para_init(layout_para *p) { memset(p, 0, sizeof *p); }

void layout_para_free(layout_para *p) {
  if (!p) return;
  free(p->items);
  memset(p, 0, sizeof *p);
}

static layout_item *push(layout_para *p) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->items = xrealloc(p->items, p->cap * sizeof *p->items);
  }
  layout_item *it = &p->items[p->n++];
  memset(it, 0, sizeof *it);
  it->style.link = -1;
  it->style.tag = -1;
  return it;
}

void layout_para_box(layout_para *p, const char *text, size_t len, double width,
                     layout_style st) {
  layout_item *it = push(p);
  it->kind = LAYOUT_BOX;
  it->text = text;
  it->len = len;
  it->width = width;
  it->style = st;
}

void layout_para_glue(layout_para *p, double width, double stretch, double shrink) {
  layout_item *it = push(p);
  it->kind = LAYOUT_GLUE;
  it->width = width;
  it->stretch = stretch;
  it->shrink = shrink;
}

void layout_para_penalty(layout_para *p, int penalty, bool flagged, double width,
                         const char *text, size_t len, layout_style st) {
  layout_item *it = push(p);
  it->kind = LAYOUT_PENALTY;
  it->penalty = penalty;
  it->flagged = flagged;
  it->width = width;
  it->text = text;
  it->len = len;
  it->style = st;
}

void layout_para_space(layout_para *p, double width, double stretch, double shrink,
                       bool ragged) {
  if (!ragged) {
    layout_para_glue(p, width, stretch, shrink);
    return;
  }
  /* Knuth & Plass's ragged-right: a break here leaves 3em of stretch on the
   * line; no break cancels it, so word spaces stay at their natural width. */
  double rag = width * 12;
  layout_style none = {0, 0, 0, -1, -1};
  layout_para_glue(p, 0, rag, 0);
  layout_para_penalty(p, 0, false, 0, NULL, 0, none);
  layout_para_glue(p, width, -rag, 0);
}

void layout_para_finish(layout_para *p) {
  layout_style none = {0, 0, 0, -1, -1};
  /* drop trailing spaces: they would only stretch the last line */
  while (p->n && p->items[p->n - 1].kind != LAYOUT_BOX) p->n--;
  /* no hyphen break in the last word: the paragraph would end on a
   * fragment ("Coun-" / "cil.") */
  for (size_t i = p->n; i-- > 0 && p->items[i].kind != LAYOUT_GLUE;)
    if (p->items[i].kind == LAYOUT_PENALTY && p->items[i].flagged) p->items[i].penalty = LAYOUT_INF;
  layout_para_penalty(p, LAYOUT_INF, false, 0, NULL, 0, none);
  layout_para_glue(p, 0, FILL_STRETCH, 0);
  layout_para_penalty(p, -LAYOUT_INF, false, 0, NULL, 0, none);
}

/* ---- the algorithm ----------------------------------------------------- */

typedef struct kp_node {
  size_t brk;      /* index of the break item (SIZE_MAX: paragraph start) */
  size_t start;    /* first item of the next line */
  int line, fit;
  int hy;          /* hyphenated lines in a row ending here */
  double w, y, z;  /* totals up to start */
  double dem;
  long prev;       /* index in nodes, -1 for the first */
} kp_node;

typedef struct kp {
  const layout_item *it;
  size_t n;
  double *W, *Y, *Z; /* prefix sums: totals of items [0, i) */
  kp_node *nodes; size_t nn, capn;
  size_t *act; size_t na, capa;
} kp;

static long node_add(kp *k, kp_node nd) {
  if (k->nn == k->capn) {
    k->capn = k->capn ? k->capn * 2 : 64;
    k->nodes = xrealloc(k->nodes, k->capn * sizeof *k->nodes);
  }
  k->nodes[k->nn] = nd;
  return (long)k->nn++;
}

static void active_add(kp *k, size_t node) {
  if (k->na == k->capa) {
    k->capa = k->capa ? k->capa * 2 : 32;
    k->act = xrealloc(k->act, k->capa * sizeof *k->act);
  }
  k->act[k->na++] = node;
}

static int fitness(double r) {
  if (r < -0.5) return 0;
  if (r <= 0.5) return 1;
  if (r <= 1) return 2;
  return 3;
}

/* The line from node a up to a break at b: natural width and ratio. */
static double line_ratio(const kp *k, const kp_node *a, size_t b, double measure) {
  double L = k->W[b] - a->w;
  if (k->it[b].kind == LAYOUT_PENALTY) L += k->it[b].width;
  if (L < measure) {
    double y = k->Y[b] - a->y;
    return y > 0 ? (measure - L) / y : INFINITY;
  }
  if (L > measure) {
    double z = k->Z[b] - a->z;
    return z > 0 ? (measure - L) / z : -INFINITY;
  }
  return 0;
}

/* Where the line after a break at b starts: discardable items after the
 * break (glue, penalties) are dropped, as TeX does. */
static size_t next_start(const kp *k, size_t b) {
  size_t i = b + 1;
  while (i < k->n && k->it[i].kind != LAYOUT_BOX) {
    if (k->it[i].kind == LAYOUT_PENALTY && k->it[i].penalty <= -LAYOUT_INF) break;
    i++;
  }
  return i;
}

static bool is_flagged(const kp *k, size_t brk) {
  return brk != (size_t)-1 && k->it[brk].kind == LAYOUT_PENALTY && k->it[brk].flagged;
}

/* One pass at tolerance TOL (a maximum adjustment ratio). Returns the
 * best final node, or -1 if no feasible set of breaks exists. With FORCE,
 * a breakpoint that would leave no active node keeps the best overfull
 * candidate instead, so a pass always succeeds. */
static long kp_pass(kp *k, double measure, double tol, bool force) {
  k->nn = 0;
  k->na = 0;
  kp_node first = {(size_t)-1, 0, 0, 1, 0, 0, 0, 0, 0, -1};
  active_add(k, (size_t)node_add(k, first));
  for (size_t b = 0; b < k->n; b++) {
    const layout_item *ib = &k->it[b];
    bool legal;
    if (ib->kind == LAYOUT_PENALTY) legal = ib->penalty < LAYOUT_INF;
    else if (ib->kind == LAYOUT_GLUE) legal = b > 0 && k->it[b - 1].kind == LAYOUT_BOX;
    else legal = false;
    if (!legal) continue;
    bool forced = ib->kind == LAYOUT_PENALTY && ib->penalty <= -LAYOUT_INF;
    /* the best way to reach b per fitness class and per count of
     * hyphenated lines in a row */
    double best[4][LAYOUT_MAX_HYPHENS + 1];
    size_t from[4][LAYOUT_MAX_HYPHENS + 1];
    for (int f = 0; f < 4; f++)
      for (int h = 0; h <= LAYOUT_MAX_HYPHENS; h++) {
        best[f][h] = INFINITY;
        from[f][h] = 0;
      }
    bool hyph = ib->kind == LAYOUT_PENALTY && ib->flagged;
    double over_dem = INFINITY;
    size_t over_from = 0;
    size_t keep = 0;
    for (size_t ai = 0; ai < k->na; ai++) {
      size_t a = k->act[ai];
      const kp_node *an = &k->nodes[a];
      double r = line_ratio(k, an, b, measure);
      bool drop = r < -1 || forced;
      int h = hyph ? an->hy + 1 : 0;
      if (r >= -1 && r <= tol && h <= LAYOUT_MAX_HYPHENS) {
        double bad = isinf(r) ? 10000 : fmin(100 * pow(fabs(r), 3), 10000);
        double d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
        if (ib->kind == LAYOUT_PENALTY) {
          if (ib->penalty >= 0) d += (double)ib->penalty * ib->penalty;
          else if (!forced) d -= (double)ib->penalty * ib->penalty;
        }
        if (is_flagged(k, an->brk) && ib->kind == LAYOUT_PENALTY && ib->flagged)
          d += DOUBLE_HYPHEN_DEMERITS;
        if (forced && is_flagged(k, an->brk)) d += FINAL_HYPHEN_DEMERITS;
        int f = fitness(r);
        if (abs(f - an->fit) > 1) d += ADJ_DEMERITS;
        d += an->dem;
        if (d < best[f][h]) {
          best[f][h] = d;
          from[f][h] = a;
        }
      } else if (force && r < -1) {
        /* overfull: remembered only as a last resort */
        double d = an->dem + 1e9 * (1 - r);
        if (d < over_dem) {
          over_dem = d;
          over_from = a;
        }
      }
      if (!drop) k->act[keep++] = a;
    }
    k->na = keep;
    bool any = false;
    size_t start = next_start(k, b);
    for (int f = 0; f < 4; f++)
      for (int h = 0; h <= LAYOUT_MAX_HYPHENS; h++) {
        if (isinf(best[f][h])) continue;
        any = true;
        const kp_node *an = &k->nodes[from[f][h]];
        kp_node nd = {b, start, an->line + 1, f, h, k->W[start], k->Y[start], k->Z[start],
                      best[f][h], (long)from[f][h]};
        active_add(k, (size_t)node_add(k, nd));
      }
    if (!any && k->na == 0) {
      if (!force || isinf(over_dem)) return -1;
      const kp_node *an = &k->nodes[over_from];
      kp_node nd = {b, start, an->line + 1, 1, hyph ? 1 : 0, k->W[start], k->Y[start],
                    k->Z[start], over_dem, (long)over_from};
      active_add(k, (size_t)node_add(k, nd));
    }
  }
  long best = -1;
  for (size_t ai = 0; ai < k->na; ai++) {
    size_t a = k->act[ai];
    if (k->nodes[a].brk != k->n - 1) continue;
    if (best < 0 || k->nodes[a].dem < k->nodes[best].dem) best = (long)a;
  }
  return best;
}

static bool same_style(const layout_style *a, const layout_style *b) {
  return a->font == b->font && a->size == b->size && a->rise == b->rise && a->link == b->link &&
         a->tag == b->tag;
}

static void line_add_run(layout_line *ln, size_t *cap, double x, double w, const char *text,
                         size_t len, layout_style st) {
  if (ln->nruns) {
    layout_run *last = &ln->runs[ln->nruns - 1];
    /* fragments of one word (split at hyphenation points) become one run */
    if (same_style(&last->style, &st) && last->text + last->len == text &&
        fabs(last->x + last->width - x) < 1e-6) {
      last->len += len;
      last->width += w;
      return;
    }
  }
  if (ln->nruns == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    ln->runs = xrealloc(ln->runs, *cap * sizeof *ln->runs);
  }
  layout_run *r = &ln->runs[ln->nruns++];
  r->x = x;
  r->width = w;
  r->text = text;
  r->len = len;
  r->style = st;
}

static void set_line(const kp *k, layout_line *ln, size_t start, size_t b, double measure) {
  kp_node a = {0};
  a.w = k->W[start];
  a.y = k->Y[start];
  a.z = k->Z[start];
  double r = line_ratio(k, &a, b, measure);
  if (isinf(r) || isnan(r)) r = 0;
  if (r < -1) r = -1;
  ln->ratio = r;
  size_t cap = 0;
  double x = 0;
  for (size_t i = start; i < b; i++) {
    const layout_item *it = &k->it[i];
    if (it->kind == LAYOUT_BOX) {
      if (it->len) line_add_run(ln, &cap, x, it->width, it->text, it->len, it->style);
      x += it->width;
    } else if (it->kind == LAYOUT_GLUE) {
      x += it->width + (r >= 0 ? r * it->stretch : r * it->shrink);
    }
  }
  const layout_item *ib = &k->it[b];
  if (ib->kind == LAYOUT_PENALTY && ib->len) {
    line_add_run(ln, &cap, x, ib->width, ib->text, ib->len, ib->style);
    x += ib->width;
    ln->hyphenated = ib->flagged;
  }
  ln->last = ib->kind == LAYOUT_PENALTY && ib->penalty <= -LAYOUT_INF;
  /* lines are kept until drawn (a matrix PDF holds every cell's at
   * once): give back the unused room of the doubling growth */
  if (ln->nruns && ln->nruns < cap) ln->runs = xrealloc(ln->runs, ln->nruns * sizeof *ln->runs);
  ln->width = 0;
  for (size_t i = 0; i < ln->nruns; i++)
    if (ln->runs[i].x + ln->runs[i].width > ln->width) ln->width = ln->runs[i].x + ln->runs[i].width;
}

size_t layout_para_break(layout_para *p, double measure, layout_line **out) {
  *out = NULL;
  bool has_box = false;
  for (size_t i = 0; i < p->n; i++)
    if (p->items[i].kind == LAYOUT_BOX) has_box = true;
  if (!has_box) return 0;
  if (p->items[p->n - 1].kind != LAYOUT_PENALTY || p->items[p->n - 1].penalty > -LAYOUT_INF)
    layout_para_finish(p);

  kp k = {0};
  k.it = p->items;
  k.n = p->n;
  k.W = xmalloc((k.n + 1) * sizeof(double));
  k.Y = xmalloc((k.n + 1) * sizeof(double));
  k.Z = xmalloc((k.n + 1) * sizeof(double));
  k.W[0] = k.Y[0] = k.Z[0] = 0;
  for (size_t i = 0; i < k.n; i++) {
    const layout_item *it = &k.it[i];
    k.W[i + 1] = k.W[i] + (it->kind == LAYOUT_PENALTY ? 0 : it->width);
    k.Y[i + 1] = k.Y[i] + (it->kind == LAYOUT_GLUE ? it->stretch : 0);
    k.Z[i + 1] = k.Z[i] + (it->kind == LAYOUT_GLUE ? it->shrink : 0);
  }
  long best = kp_pass(&k, measure, 2, false);
  if (best < 0) best = kp_pass(&k, measure, 5, false);
  if (best < 0) best = kp_pass(&k, measure, INFINITY, true);

  size_t nlines = 0;
  for (long v = best; v >= 0 && k.nodes[v].prev >= 0; v = k.nodes[v].prev) nlines++;
  layout_line *lines = xcalloc(nlines ? nlines : 1, sizeof *lines);
  size_t li = nlines;
  for (long v = best; v >= 0 && k.nodes[v].prev >= 0; v = k.nodes[v].prev) {
    const kp_node *prev = &k.nodes[k.nodes[v].prev];
    set_line(&k, &lines[--li], prev->start, k.nodes[v].brk, measure);
  }
  free(k.W);
  free(k.Y);
  free(k.Z);
  free(k.nodes);
  free(k.act);
  *out = lines;
  return nlines;
}

void layout_lines_free(layout_line *lines, size_t n) {
  if (!lines) return;
  for (size_t i = 0; i < n; i++) free(lines[i].runs);
  free(lines);
}
