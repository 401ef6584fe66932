/* layout_para.h - a paragraph as boxes, glue and penalties, broken into
 * lines by total fit (Knuth & Plass, "Breaking paragraphs into lines",
 * 1981).
 *
 * Part of Concord's own layout engine (docs/pdf-output.md). Nothing here
 * knows about PDF: widths arrive in points, and the result is a list of
 * lines, each a list of positioned text runs, which a renderer draws.
 *
 * Ownership: a layout_para owns its item array; box texts are borrowed
 * (they must outlive the paragraph and its lines). layout_para_break
 * returns malloc'd lines; free them with layout_lines_free.
 */
#ifndef CONCORD_LAYOUT_PARA_H
#define CONCORD_LAYOUT_PARA_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { LAYOUT_BOX, LAYOUT_GLUE, LAYOUT_PENALTY } layout_kind;

/* A penalty of LAYOUT_INF or more forbids a break; -LAYOUT_INF forces one. */
#define LAYOUT_INF 10000
/* At most this many consecutive lines end with a hyphen (print's rule). */
#define LAYOUT_MAX_HYPHENS 2

/* What a box (or a hyphen penalty) draws. The engine never interprets
 * these fields, except that runs with equal styles and adjacent texts are
 * merged. */
typedef struct layout_style {
  int font;     /* renderer's font index */
  double size;  /* points */
  double rise;  /* baseline shift in points (superscripts) */
  int link;     /* renderer's link index, -1 for none */
  int tag;      /* renderer's structure element, -1 for none (an artifact) */
} layout_style;

typedef struct layout_item {
  layout_kind kind;
  double width, stretch, shrink; /* points; stretch/shrink for glue only */
  int penalty;                   /* PENALTY: cost of breaking here */
  bool flagged;                  /* PENALTY: a hyphen break */
  const char *text; size_t len;  /* BOX: text; PENALTY: drawn at a break ("-") */
  layout_style style;
} layout_item;

typedef struct layout_para {
  layout_item *items;
  size_t n, cap;
} layout_para;

typedef struct layout_run {
  double x;          /* from the line's left edge */
  double width;
  const char *text; size_t len;
  layout_style style;
} layout_run;

typedef struct layout_line {
  layout_run *runs; size_t nruns;
  double width;      /* set width: the right edge of the last run */
  double ratio;      /* adjustment ratio used (0 natural, <0 shrunk) */
  bool hyphenated;   /* ends at a hyphen break */
  bool last;         /* the paragraph's last line (set ragged, not justified) */
} layout_line;

void layout_para_init(layout_para *p);
void layout_para_free(layout_para *p); /* frees items, not texts */

void layout_para_box(layout_para *p, const char *text, size_t len, double width,
                     layout_style st);
void layout_para_glue(layout_para *p, double width, double stretch, double shrink);
void layout_para_penalty(layout_para *p, int penalty, bool flagged, double width,
                         const char *text, size_t len, layout_style st);
/* An inter-word space. RAGGED spaces let lines end short (ragged right)
 * while keeping word spacing fixed. */
void layout_para_space(layout_para *p, double width, double stretch, double shrink,
                       bool ragged);
/* Ends the paragraph: infinite fill glue and a forced break, so the last
 * line is set at natural spacing (ragged). Hyphen breaks inside the last
 * word are removed, so a paragraph never ends on a fragment ("-cil."). */
void layout_para_finish(layout_para *p);

/* Total-fit line breaking for lines of MEASURE points. Demerits as TeX's
 * (\doublehyphendemerits, \finalhyphendemerits, \adjdemerits), and never
 * more than LAYOUT_MAX_HYPHENS hyphenated lines in a row. Tries a tolerance
 * of 2, then 5, then any looseness; a line is never set wider than the
 * measure unless a single unbreakable box is (callers split words wider
 * than the measure into breakable pieces first). Returns the number of lines (0 for an empty
 * paragraph) and sets *out (caller frees with layout_lines_free). */
size_t layout_para_break(layout_para *p, double measure, layout_line **out);
void layout_lines_free(layout_line *lines, size_t n);

#endif
