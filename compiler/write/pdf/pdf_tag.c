/* pdf_tag.c - structure tree and marked content (see pdf_tag.h).
 *
 * PDF 32000-1:2008 section 14.7 (logical structure) and 14.8 (tagged
 * PDF). Elements join the tree when their first content is drawn, so the
 * tree's order is the reading order of the pages and elements without
 * content are left out.
 */
#include "write/pdf/pdf_tag.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/pdf/pdf_num.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdlib.h>
#include <string.h>

typedef enum { KID_ELEM, KID_MCR, KID_OBJR } kid_kind;

typedef struct kid {
  kid_kind kind;
  int elem;      /* ELEM */
  int page;      /* MCR, OBJR */
  int mcid;      /* MCR */
  HPDF_Annotation annot; /* OBJR */
} kid;

typedef struct tnode {
  kid *kids; size_t nkids, capkids;
  bool attached;
  HPDF_Dict dict;
} tnode;

typedef struct page_mark {
  int elem; /* owner of MCID i on the page */
} page_mark;

struct pdf_tag {
  HPDF_Doc pdf;
  const layout_elem *elems;
  size_t nelems;
  tnode *nodes;
  /* per page: the element of each MCID */
  int **marks; size_t *nmarks; size_t *capmarks; int npages;
  /* annotations: (annot, elem) in order */
  HPDF_Annotation *annots; int *annot_elem; size_t nannots, capannots;
};

static const char *const type_names[] = {
    "Document", "H1", "H2", "H3", "H4", "P", "L", "LI", "Lbl", "LBody",
    "BlockQuote", "Note", "TOC", "TOCI", "Link", "Sect", "Div",
    "Table", "THead", "TBody", "TFoot", "TR", "TH", "TD", "H5", "H6"};

pdf_tag *pdf_tag_new(HPDF_Doc pdf, const layout_elem *elems, size_t nelems) {
  pdf_tag *t = xcalloc(1, sizeof *t);
  t->pdf = pdf;
  t->elems = elems;
  t->nelems = nelems;
  t->nodes = xcalloc(nelems ? nelems : 1, sizeof *t->nodes);
  if (nelems) t->nodes[0].attached = true;
  return t;
}

void pdf_tag_free(pdf_tag *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nelems; i++) free(t->nodes[i].kids);
  free(t->nodes);
  for (int i = 0; i < t->npages; i++) free(t->marks[i]);
  free(t->marks);
  free(t->nmarks);
  free(t->capmarks);
  free(t->annots);
  free(t->annot_elem);
  free(t);
}

static void kid_add(pdf_tag *t, int elem, kid k) {
  tnode *n = &t->nodes[elem];
  if (n->nkids == n->capkids) {
    n->capkids = n->capkids ? n->capkids * 2 : 4;
    n->kids = xrealloc(n->kids, n->capkids * sizeof *n->kids);
  }
  n->kids[n->nkids++] = k;
}

static void attach(pdf_tag *t, int elem) {
  if (elem < 0 || t->nodes[elem].attached) return;
  int parent = t->elems[elem].parent < 0 ? 0 : t->elems[elem].parent;
  attach(t, parent);
  kid k = {KID_ELEM, elem, 0, 0, NULL};
  kid_add(t, parent, k);
  t->nodes[elem].attached = true;
}

static void ensure_page(pdf_tag *t, int page_no) {
  if (page_no < t->npages) return;
  int n = page_no + 1;
  t->marks = xrealloc(t->marks, (size_t)n * sizeof *t->marks);
  t->nmarks = xrealloc(t->nmarks, (size_t)n * sizeof *t->nmarks);
  t->capmarks = xrealloc(t->capmarks, (size_t)n * sizeof *t->capmarks);
  for (int i = t->npages; i < n; i++) {
    t->marks[i] = NULL;
    t->nmarks[i] = t->capmarks[i] = 0;
  }
  t->npages = n;
}

static HPDF_Stream page_stream(HPDF_Page page) {
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  return attr->stream;
}

void pdf_tag_begin(pdf_tag *t, HPDF_Page page, int page_no, int elem) {
  HPDF_Stream s = page_stream(page);
  if (!t || elem < 0 || (size_t)elem >= t->nelems) {
    HPDF_Stream_WriteStr(s, "/Artifact BMC\n");
    return;
  }
  ensure_page(t, page_no);
  attach(t, elem);
  size_t mcid = t->nmarks[page_no];
  if (t->nmarks[page_no] == t->capmarks[page_no]) {
    t->capmarks[page_no] = t->capmarks[page_no] ? t->capmarks[page_no] * 2 : 64;
    t->marks[page_no] = xrealloc(t->marks[page_no], t->capmarks[page_no] * sizeof(int));
  }
  t->marks[page_no][t->nmarks[page_no]++] = elem;
  kid k = {KID_MCR, 0, page_no, (int)mcid, NULL};
  kid_add(t, elem, k);
  buf b = BUF_INIT;
  buf_putc(&b, '/');
  buf_puts(&b, type_names[t->elems[elem].type]);
  buf_puts(&b, " <</MCID ");
  pdf_num_int(&b, (long long)mcid);
  buf_puts(&b, ">> BDC\n");
  HPDF_Stream_WriteStr(s, buf_cstr(&b));
  buf_free(&b);
}

void pdf_tag_end(pdf_tag *t, HPDF_Page page) {
  (void)t;
  HPDF_Stream_WriteStr(page_stream(page), "EMC\n");
}

void pdf_tag_annot(pdf_tag *t, HPDF_Annotation annot, int page_no, int elem) {
  if (!t || elem < 0 || (size_t)elem >= t->nelems || !annot) return;
  attach(t, elem);
  kid k = {KID_OBJR, 0, page_no, 0, annot};
  kid_add(t, elem, k);
  if (t->nannots == t->capannots) {
    t->capannots = t->capannots ? t->capannots * 2 : 16;
    t->annots = xrealloc(t->annots, t->capannots * sizeof *t->annots);
    t->annot_elem = xrealloc(t->annot_elem, t->capannots * sizeof *t->annot_elem);
  }
  t->annots[t->nannots] = annot;
  t->annot_elem[t->nannots++] = elem;
}

size_t pdf_tag_max_kids(const pdf_tag *t) {
  size_t m = 0;
  for (size_t i = 0; i < t->nelems; i++)
    if (t->nodes[i].nkids > m) m = t->nodes[i].nkids;
  return m;
}

/* libharu's arrays hold at most HPDF_LIMIT_MAX_ARRAY (32767) entries, and
 * a failed HPDF_Array_Add frees the object it was given: every object is
 * therefore filled in before it is added, and the error state is checked
 * before anything else is built, so a document past a limit is a clean
 * error, never a use-after-free. */
#define PARENT_TREE_LEAF 4096 /* number-tree pairs per leaf node */

static bool haru_ok(HPDF_Doc pdf) { return HPDF_GetError(pdf) == HPDF_OK; }

/* Appends the pair KEY -> VALUE to the ParentTree leaves, starting a new
 * leaf every PARENT_TREE_LEAF pairs (a flat /Nums array would pass the
 * array limit for a long document). */
typedef struct {
  HPDF_MMgr mm;
  HPDF_Array kids;  /* the tree root's /Kids */
  HPDF_Array nums;  /* the current leaf's /Nums */
  HPDF_Array limits;
  int first, last, count;
} ptree_build;

static void ptree_close_leaf(ptree_build *b) {
  if (!b->nums) return;
  HPDF_Array_AddNumber(b->limits, b->first);
  HPDF_Array_AddNumber(b->limits, b->last);
  b->nums = NULL;
}

static void ptree_add(ptree_build *b, HPDF_Xref xref, int key, HPDF_Array value_arr,
                      HPDF_Dict value_dict) {
  if (b->nums && b->count == PARENT_TREE_LEAF) ptree_close_leaf(b);
  if (!b->nums) {
    HPDF_Dict leaf = HPDF_Dict_New(b->mm);
    if (!leaf) return;
    HPDF_Xref_Add(xref, leaf);
    b->nums = HPDF_Array_New(b->mm);
    b->limits = HPDF_Array_New(b->mm);
    if (!b->nums || !b->limits) return;
    HPDF_Dict_Add(leaf, "Nums", b->nums);
    HPDF_Dict_Add(leaf, "Limits", b->limits);
    HPDF_Array_Add(b->kids, leaf);
    b->first = key;
    b->count = 0;
  }
  HPDF_Array_AddNumber(b->nums, key);
  if (value_arr) HPDF_Array_Add(b->nums, value_arr);
  else HPDF_Array_Add(b->nums, value_dict);
  b->last = key;
  b->count++;
}

/* A table cell with nothing drawn in it (the matrix's empty corner) still
 * counts as a column: it joins its row, before any later cell of the row
 * (PDF/UA-1 7.2-42, every row as many columns as the others). */
static void attach_empty_cells(pdf_tag *t) {
  for (size_t i = 0; i < t->nelems; i++) {
    const layout_elem *e = &t->elems[i];
    if (t->nodes[i].attached || (e->type != LAYOUT_E_TD && e->type != LAYOUT_E_TH) ||
        e->parent < 0 || !t->nodes[e->parent].attached)
      continue;
    kid k = {KID_ELEM, (int)i, 0, 0, NULL};
    kid_add(t, e->parent, k);
    tnode *p = &t->nodes[e->parent];
    size_t at = p->nkids - 1;
    while (at > 0 && p->kids[at - 1].kind == KID_ELEM && p->kids[at - 1].elem > (int)i) {
      p->kids[at] = p->kids[at - 1];
      at--;
    }
    p->kids[at] = k;
    t->nodes[i].attached = true;
  }
}

/* /A << /O /Table /Scope /Row|/Column /ColSpan n >> for a table cell that
 * has a scope or spans columns (PDF/UA-1 7.5, 7.2-42). */
static void table_attrs(HPDF_MMgr mm, HPDF_Dict e, const layout_elem *le) {
  if (le->scope == LAYOUT_SCOPE_NONE && le->colspan <= 1) return;
  HPDF_Dict a = HPDF_Dict_New(mm);
  if (!a) return;
  HPDF_Dict_AddName(a, "O", "Table");
  if (le->scope != LAYOUT_SCOPE_NONE)
    HPDF_Dict_AddName(a, "Scope", le->scope == LAYOUT_SCOPE_ROW ? "Row" : "Column");
  if (le->colspan > 1) HPDF_Dict_AddNumber(a, "ColSpan", le->colspan);
  HPDF_Dict_Add(e, "A", a);
}

int pdf_tag_finish(pdf_tag *t, HPDF_Page *pages, int npages, const char *lang,
                   const char *title) {
  HPDF_Doc pdf = t->pdf;
  HPDF_MMgr mm = pdf->mmgr;
  attach_empty_cells(t);
  HPDF_Dict root = HPDF_Dict_New(mm);
  if (!root) return -1;
  HPDF_Xref_Add(pdf->xref, root);
  HPDF_Dict_AddName(root, "Type", "StructTreeRoot");

  /* every attached element becomes an indirect StructElem */
  for (size_t i = 0; i < t->nelems && haru_ok(pdf); i++) {
    if (!t->nodes[i].attached) continue;
    HPDF_Dict e = HPDF_Dict_New(mm);
    if (!e) return -1;
    HPDF_Xref_Add(pdf->xref, e);
    t->nodes[i].dict = e;
  }
  for (size_t i = 0; i < t->nelems; i++) {
    if (!haru_ok(pdf)) return -1;
    tnode *n = &t->nodes[i];
    if (!n->attached) continue;
    HPDF_Dict e = n->dict;
    HPDF_Dict_AddName(e, "Type", "StructElem");
    HPDF_Dict_AddName(e, "S", type_names[t->elems[i].type]);
    int parent = t->elems[i].parent;
    HPDF_Dict_Add(e, "P", parent < 0 || i == 0 ? root : t->nodes[parent].dict);
    if (i == 0 && title) HPDF_Dict_Add(e, "T", HPDF_String_New(mm, title, HPDF_GetEncoder(pdf, "UTF-8")));
    if (t->elems[i].alt)
      HPDF_Dict_Add(e, "Alt", HPDF_String_New(mm, t->elems[i].alt, HPDF_GetEncoder(pdf, "UTF-8")));
    if (t->elems[i].type == LAYOUT_E_NOTE) {
      /* PDF/UA-1 7.9: every Note has an /ID, unique in the file: the
       * footnote's model id, unique in its document ("fn-1") */
      buf id = BUF_INIT;
      if (t->elems[i].id) buf_puts(&id, t->elems[i].id);
      else buf_printf(&id, "concord-note-%zu", i);
      HPDF_Dict_Add(e, "ID", HPDF_String_New(mm, buf_cstr(&id), NULL));
      buf_free(&id);
    }
    table_attrs(mm, e, &t->elems[i]);
    HPDF_Array kids = HPDF_Array_New(mm);
    if (!kids) return -1;
    HPDF_Dict_Add(e, "K", kids);
    int first_page = -1;
    for (size_t k = 0; k < n->nkids && haru_ok(pdf); k++) {
      const kid *kd = &n->kids[k];
      if (kd->kind == KID_ELEM) {
        HPDF_Array_Add(kids, t->nodes[kd->elem].dict);
      } else if (kd->kind == KID_MCR) {
        HPDF_Dict m = HPDF_Dict_New(mm);
        if (!m) return -1;
        HPDF_Dict_AddName(m, "Type", "MCR");
        HPDF_Dict_Add(m, "Pg", pages[kd->page]);
        HPDF_Dict_AddNumber(m, "MCID", kd->mcid);
        HPDF_Array_Add(kids, m);
        if (first_page < 0) first_page = kd->page;
      } else {
        HPDF_Dict o = HPDF_Dict_New(mm);
        if (!o) return -1;
        HPDF_Dict_AddName(o, "Type", "OBJR");
        HPDF_Dict_Add(o, "Pg", pages[kd->page]);
        HPDF_Dict_Add(o, "Obj", kd->annot);
        HPDF_Array_Add(kids, o);
      }
    }
    if (first_page >= 0) HPDF_Dict_Add(e, "Pg", pages[first_page]);
  }
  if (!haru_ok(pdf)) return -1;
  HPDF_Array rk = HPDF_Array_New(mm);
  if (!rk) return -1;
  HPDF_Dict_Add(root, "K", rk);
  if (t->nelems && t->nodes[0].attached) HPDF_Array_Add(rk, t->nodes[0].dict);

  /* ParentTree: page i -> array of elements by MCID; annotation k (key
   * npages + k) -> its Link element. A number tree whose root has /Kids,
   * leaves of PARENT_TREE_LEAF pairs each with /Limits. */
  HPDF_Dict ptree = HPDF_Dict_New(mm);
  if (!ptree) return -1;
  HPDF_Xref_Add(pdf->xref, ptree);
  ptree_build pb = {mm, HPDF_Array_New(mm), NULL, NULL, 0, 0, 0};
  if (!pb.kids) return -1;
  HPDF_Dict_Add(ptree, "Kids", pb.kids);
  for (int p = 0; p < npages; p++) {
    if (!haru_ok(pdf)) return -1;
    HPDF_Array arr = HPDF_Array_New(mm);
    if (!arr) return -1;
    if (p < t->npages)
      for (size_t m = 0; m < t->nmarks[p]; m++) HPDF_Array_Add(arr, t->nodes[t->marks[p][m]].dict);
    ptree_add(&pb, pdf->xref, p, arr, NULL);
    HPDF_Dict_AddNumber(pages[p], "StructParents", p);
    HPDF_Dict_AddName(pages[p], "Tabs", "S");
  }
  for (size_t k = 0; k < t->nannots; k++) {
    if (!haru_ok(pdf)) return -1;
    int key = npages + (int)k;
    ptree_add(&pb, pdf->xref, key, NULL, t->nodes[t->annot_elem[k]].dict);
    HPDF_Dict_AddNumber(t->annots[k], "StructParent", key);
  }
  ptree_close_leaf(&pb);
  if (!haru_ok(pdf)) return -1;
  HPDF_Dict_Add(root, "ParentTree", ptree);
  HPDF_Dict_AddNumber(root, "ParentTreeNextKey", npages + (int)t->nannots);

  HPDF_Dict cat = pdf->catalog;
  HPDF_Dict_Add(cat, "StructTreeRoot", root);
  HPDF_Dict mark = HPDF_Dict_New(mm);
  HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
  HPDF_Dict_Add(cat, "MarkInfo", mark);
  HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, lang ? lang : "en-GB", NULL));
  /* the header names the version of the features used: /Lang and
   * /MarkInfo are PDF 1.4, /Tabs and marked-content /ActualText 1.5
   * (libharu writes 1.3 unless told) */
  if (pdf->pdf_version < HPDF_VER_15) pdf->pdf_version = HPDF_VER_15;
  HPDF_Dict vp = HPDF_Dict_New(mm);
  HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
  HPDF_Dict_Add(cat, "ViewerPreferences", vp);
  return HPDF_GetError(pdf) == HPDF_OK ? 0 : -1;
}
