/* layout_page.h - the vertical list (lines and spaces) and its division
 * into pages.
 *
 * Part of the layout engine (docs/pdf-output.md). A page break may fall
 * between two items unless the first says keep (headings keep with what
 * follows; a paragraph's first and last line keep with their neighbour
 * when that avoids an orphan or widow). Spaces at the top of a page are
 * dropped. Pagination is greedy with backtracking to the last legal
 * break, which is what word processors and TeX's \vsplit both do for
 * single-column text of uniform leading.
 */
#ifndef CONCORD_LAYOUT_PAGE_H
#define CONCORD_LAYOUT_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "write/layout/layout_para.h"

typedef enum { LAYOUT_V_LINE, LAYOUT_V_SPACE, LAYOUT_V_BREAK } layout_vkind;

typedef struct layout_vitem {
  layout_vkind kind;  /* BREAK: start a new page here */
  double height;      /* vertical advance in points */
  double ascent;      /* LINE: baseline distance from the item's top */
  bool keep;          /* no page break directly after this item */
  double x;           /* LINE: left edge of the runs, from the text area's left */
  double measure;     /* LINE: the width the line was set to (for checks) */
  layout_line line;   /* LINE: owned runs */
  int role;           /* caller's: what the line is (heading, body, ...) */
  int elem;           /* caller's: structure element the line belongs to, -1 */
  int anchor;         /* caller's: destination index starting here, -1 */
  int aux;            /* caller's: extra data (TOC target, ...), -1 */
  /* set by pagination */
  int page;           /* 0-based within the list; -1 for dropped spaces */
  double y;           /* top of the item from the top of the text area */
} layout_vitem;

typedef struct layout_vlist {
  layout_vitem *items;
  size_t n, cap;
} layout_vlist;

void layout_vlist_init(layout_vlist *v);
void layout_vlist_free(layout_vlist *v); /* frees every line's runs */

/* Appends a zeroed item (page -1, elem/anchor/aux -1) and returns it. */
layout_vitem *layout_vlist_push(layout_vlist *v, layout_vkind kind);
/* Marks the last line item as keep (keep-with-next). */
void layout_vlist_keep_last(layout_vlist *v);

/* Assigns page and y to every item for pages of PAGE_HEIGHT points.
 * Returns the number of pages (at least 1). */
int layout_vlist_paginate(layout_vlist *v, double page_height);

#endif
