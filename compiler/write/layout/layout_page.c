/* layout_page.c - vertical list and pagination (see layout_page.h). */
#include "write/layout/layout_page.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

void layout_vlist_init(layout_vlist *v) { memset(v, 0, sizeof *v); }

void layout_vlist_free(layout_vlist *v) {
  if (!v) return;
  for (size_t i = 0; i < v->n; i++) free(v->items[i].line.runs);
  free(v->items);
  memset(v, 0, sizeof *v);
}

layout_vitem *layout_vlist_push(layout_vlist *v, layout_vkind kind) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 256;
    v->items = xrealloc(v->items, v->cap * sizeof *v->items);
  }
  layout_vitem *it = &v->items[v->n++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->elem = it->anchor = it->aux = -1;
  it->page = -1;
  return it;
}

void layout_vlist_keep_last(layout_vlist *v) {
  for (size_t i = v->n; i-- > 0;) {
    if (v->items[i].kind == LAYOUT_V_LINE) {
      v->items[i].keep = true;
      return;
    }
  }
}

int layout_vlist_paginate(layout_vlist *v, double page_height) {
  int page = 0;
  size_t start = 0, i = 0;
  double y = 0;
  while (i < v->n) {
    layout_vitem *it = &v->items[i];
    if (it->kind == LAYOUT_V_BREAK) {
      it->page = -1;
      if (i > start) page++;
      start = ++i;
      y = 0;
      continue;
    }
    if (it->kind == LAYOUT_V_SPACE && i == start) {
      /* a space at the top of a page is discarded */
      it->page = -1;
      start = ++i;
      continue;
    }
    if (y + it->height > page_height + 1e-6 && i > start) {
      /* back up to the last place a break is allowed; if the whole page is
       * one unbreakable block, break where it overflows */
      size_t j = i;
      while (j > start && v->items[j - 1].keep) j--;
      if (j == start) j = i;
      page++;
      start = i = j;
      y = 0;
      continue;
    }
    it->page = page;
    it->y = y;
    y += it->height;
    i++;
  }
  return page + 1;
}
