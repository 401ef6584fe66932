/* layout_doc.h - one document of the model laid out as vertical lists:
 * title block and contents (front), then the body, with the anchors,
 * links, bookmarks and structure elements a renderer needs.
 *
 * Part of the layout engine (docs/pdf-output.md). No PDF calls: glyph
 * widths come from the caller's layout_metrics. Typography (sizes,
 * spacing, hanging numbers) is decided here; the renderer only draws.
 *
 * Ownership: everything in a layout_doc belongs to it (its own arena and
 * vlists) except texts borrowed from the model, which must outlive it.
 */
#ifndef CONCORD_LAYOUT_DOC_H
#define CONCORD_LAYOUT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "write/layout/layout_hyph.h"
#include "write/layout/layout_page.h"
#include "model/model.h"

/* Fonts: family * 4 + bold + 2 * italic. */
enum { LAYOUT_SERIF = 0, LAYOUT_SANS = 4, LAYOUT_MONO = 8 };
enum { LAYOUT_BOLD = 1, LAYOUT_ITALIC = 2 };
#define LAYOUT_NFONTS 12

typedef struct layout_metrics {
  void *ctx;
  /* Advance of code point CP in FONT in 1/1000 em, or -1 if the font has
   * no glyph for it. */
  int (*advance)(void *ctx, int font, unsigned cp);
  /* Kerning between adjacent code points A and B in FONT in 1/1000 em
   * (negative closes up), added to the width of a word exactly as the
   * renderer draws it. NULL: no kerning. */
  int (*kern)(void *ctx, int font, unsigned a, unsigned b);
} layout_metrics;

typedef struct layout_geom {
  double page_w, page_h;
  double margin_l, margin_r, margin_t, margin_b;
  double gutter; /* room for hanging clause numbers, left of the text */
} layout_geom;

/* Structure element types (tagged PDF standard structure types). */
typedef enum {
  LAYOUT_E_DOCUMENT, LAYOUT_E_H1, LAYOUT_E_H2, LAYOUT_E_H3, LAYOUT_E_H4, LAYOUT_E_P,
  LAYOUT_E_L, LAYOUT_E_LI, LAYOUT_E_LBL, LAYOUT_E_LBODY, LAYOUT_E_BLOCKQUOTE,
  LAYOUT_E_NOTE, LAYOUT_E_TOC, LAYOUT_E_TOCI, LAYOUT_E_LINK, LAYOUT_E_SECT,
  LAYOUT_E_DIV,
  /* tables: used by the matrix PDF (matrix_pdf.c), not by the council PDFs */
  LAYOUT_E_TABLE, LAYOUT_E_THEAD, LAYOUT_E_TBODY, LAYOUT_E_TFOOT, LAYOUT_E_TR, LAYOUT_E_TH,
  LAYOUT_E_TD,
  /* deeper headings: a clause heading is one level below its section's */
  LAYOUT_E_H5, LAYOUT_E_H6
} layout_elem_type;

/* Table header scope (a TH's /Scope attribute; PDF/UA-1 7.5). */
typedef enum { LAYOUT_SCOPE_NONE, LAYOUT_SCOPE_ROW, LAYOUT_SCOPE_COLUMN } layout_scope;

typedef struct layout_elem {
  layout_elem_type type;
  int parent;   /* -1 for the root (0) */
  int link;     /* LINK: the link index */
  const char *alt; /* optional /Alt or /T text */
  const char *id;  /* optional /ID (a Note's: PDF/UA-1 7.9 wants one, unique) */
  layout_scope scope; /* TH: its /Scope */
  int colspan;     /* TH, TD: columns spanned (/ColSpan when > 1) */
} layout_elem;

/* Appends a structure element of type T under PARENT (-1: the root) with
 * optional ALT text to the malloc'd array *ELEMS (*N used of *CAP) and
 * returns its index. Used by the layout engine and the matrix PDF. */
int layout_elem_add(layout_elem **elems, size_t *n, size_t *cap, layout_elem_type t, int parent,
                    const char *alt);

typedef struct layout_anchor {
  const char *id; /* model id, or a generated one ("toc") */
  int list;       /* 0 front, 1 body */
  size_t item;    /* vitem index in that list */
} layout_anchor;

typedef struct layout_link {
  bool internal;
  const char *target; /* internal: model id; else a percent-encoded URI */
  int anchor;         /* internal: anchor index once resolved, -1 if none */
} layout_link;

typedef struct layout_outline {
  int level;          /* 1 = top */
  const char *title;  /* UTF-8 */
  int anchor;
} layout_outline;

/* vitem roles */
enum { LAYOUT_R_BODY, LAYOUT_R_HEADING, LAYOUT_R_TOC, LAYOUT_R_TITLE, LAYOUT_R_NOTE };

typedef struct layout_doc {
  arena *arena;
  layout_vlist front, body;
  int front_pages, body_pages; /* after layout_doc_build */
  layout_anchor *anchors; size_t nanchors, capanchors;
  layout_link *links; size_t nlinks, caplinks;
  layout_outline *outlines; size_t noutlines, capoutlines;
  layout_elem *elems; size_t nelems, capelems;
  double text_left;  /* x of the text column from the page's left edge */
  double toc_num_x;  /* right edge of TOC page numbers, from the text left */
  double measure;    /* width of the text column */
  bool fonts_used[LAYOUT_NFONTS];
  void *ids;         /* strmap id -> anchor index + 1 */
} layout_doc;

/* Lays DOC out. Missing glyphs are warnings in D (with the text's source
 * position). Returns 0. */
int layout_doc_build(layout_doc *ld, const cc_document *doc, const layout_metrics *m,
                     layout_hyph *h, const layout_geom *g, diag_list *d);
void layout_doc_free(layout_doc *ld); /* NULL: nothing */

/* The engine's invariants, checked on its own data after pagination: no
 * line wider than its measure, no heading last on a page (unless a block
 * taller than a page forced it), every internal link resolved, every
 * section bookmarked. Each violation is a warning in D; returns how many. */
int layout_doc_check(const layout_doc *ld, const cc_document *doc, diag_list *d);

/* Anchor index for a model id, or -1. */
int layout_doc_find_anchor(const layout_doc *ld, const char *id);

#endif
