/* pdf_tag.c - structure tree and marked content (see pdf_tag.h).
 *
 * PDF 32000-1:2008 section 14.7 (logical structure) and 14.8 (tagged
 * PDF). Elements join the tree when their first content is drawn, so the
 * tree's order is the reading order of the pages and elements without
 * content are left out.
 */
#include "write/pdf/pdf_tag.h"
#include "write/pdf/pdf_text.h"
#include "base/arena.h"
#include "base/buf.h"

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

static char *put(char *p, const char *s, size_t n) {
  memcpy(p, s, n);
  return p + n;
}
#define PUT(p, lit) put((p), (lit), sizeof(lit) - 1)

/* As HPDF_IToA, for the non-negative numbers written here. */
static char *put_uint(char *p, unsigned long long v) {
  char s[24];
  int n = 0;
  do {
    s[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) *p++ = s[--n];
  return p;
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
  /* "/P <</MCID 12>> BDC\n", on the stack: this runs for every word the
   * matrix PDF draws */
  char op[64], *p = op;
  const char *type = type_names[t->elems[elem].type];
  *p++ = '/';
  p = put(p, type, strlen(type));
  p = PUT(p, " <</MCID ");
  p = put_uint(p, mcid);
  p = PUT(p, ">> BDC\n");
  HPDF_Stream_Write(s, (const HPDF_BYTE *)op, (HPDF_UINT)(p - op));
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

/* ---- the structure tree as bytes ----------------------------------------
 *
 * A structure tree has an element per paragraph, cell and link and a
 * marked-content reference per run of text. Built from libharu's objects
 * (for each reference a dictionary, its list, an entry with a 128-byte
 * key, a name, a number and a proxy) it was the largest part of the
 * matrix PDF's memory and a fifth of its CPU time, allocated, written
 * and freed one object at a time. The elements and the ParentTree's
 * leaves are still libharu dictionaries in the cross-reference table (so
 * they have their object numbers), but their entries are written here,
 * once, as the bytes libharu would write for them ("/Key value\n" each,
 * an array as "[ a b ]", a reference as "12 0 R"), and libharu copies
 * them out through the dictionary's write hook, which it calls between
 * "<<" and ">>". The file is byte for byte what it was.
 *
 * The bytes live in the document's memory (HPDF_GetMem), hung on the
 * StructTreeRoot: freed with the document (its free hook, for a document
 * on malloc), so the tree stays valid after pdf_tag_free.
 *
 * libharu's arrays hold at most HPDF_LIMIT_MAX_ARRAY (32767) entries:
 * an element with more parts, or a page with more marked content, is
 * the error libharu gave (HPDF_ARRAY_COUNT_ERR), not a longer array. */
#define PARENT_TREE_LEAF 4096 /* number-tree pairs per leaf node */
#define RAW_CHUNK (64 * 1024)
#define RAW_REF 24            /* "16777215 65535 R" and a space, and some */
#define RAW_KID (64 + 2 * RAW_REF) /* the longest kid: an OBJR dictionary */

static bool haru_ok(HPDF_Doc pdf) { return HPDF_GetError(pdf) == HPDF_OK; }

/* One dictionary's entries: bytes, then /T, /Alt and /ID (strings, which
 * libharu writes, converting UTF-8 to UTF-16 as it does everywhere
 * else), then bytes. */
typedef struct raw_body {
  const char *head, *tail;
  size_t nhead, ntail;
  HPDF_String str[3];
} raw_body;

static const char *const raw_keys[3] = {"/T ", "/Alt ", "/ID "};

typedef struct raw_chunk {
  struct raw_chunk *next;
  size_t size, used;
  char data[];
} raw_chunk;

typedef struct raw_tree {
  HPDF_MMgr mm;
  raw_chunk *chunks;
  raw_body *bodies; /* every body the tree will have (counted first) */
  size_t nbodies, capbodies;
} raw_tree;

static HPDF_STATUS raw_write(HPDF_Dict dict, HPDF_Stream s) {
  const raw_body *b = dict->attr;
  HPDF_STATUS rc = HPDF_OK;
  if (b->nhead) rc = HPDF_Stream_Write(s, (const HPDF_BYTE *)b->head, (HPDF_UINT)b->nhead);
  for (int i = 0; i < 3 && rc == HPDF_OK; i++) {
    if (!b->str[i]) continue;
    rc = HPDF_Stream_WriteStr(s, raw_keys[i]);
    if (rc == HPDF_OK) rc = HPDF_String_Write(b->str[i], s, NULL);
    if (rc == HPDF_OK) rc = HPDF_Stream_WriteStr(s, "\012");
  }
  if (rc == HPDF_OK && b->ntail)
    rc = HPDF_Stream_Write(s, (const HPDF_BYTE *)b->tail, (HPDF_UINT)b->ntail);
  return rc;
}

static void raw_tree_free(HPDF_Dict root) {
  raw_tree *rt = root->attr;
  if (!rt) return;
  for (size_t i = 0; i < rt->nbodies; i++)
    for (int k = 0; k < 3; k++)
      if (rt->bodies[i].str[k]) HPDF_String_Free(rt->bodies[i].str[k]);
  if (rt->bodies) HPDF_FreeMem(rt->mm, rt->bodies);
  while (rt->chunks) {
    raw_chunk *next = rt->chunks->next;
    HPDF_FreeMem(rt->mm, rt->chunks);
    rt->chunks = next;
  }
  HPDF_FreeMem(rt->mm, rt);
  root->attr = NULL;
}

/* Room for MOST bytes, contiguous: where to write them (NULL if libharu
 * is out of memory: its error is set). raw_done says where they ended. */
static char *raw_room(raw_tree *rt, size_t most) {
  raw_chunk *c = rt->chunks;
  if (!c || c->size - c->used < most) {
    size_t size = most > RAW_CHUNK ? most : RAW_CHUNK;
    c = HPDF_GetMem(rt->mm, (HPDF_UINT)(sizeof *c + size));
    if (!c) return NULL;
    c->size = size;
    c->used = 0;
    c->next = rt->chunks;
    rt->chunks = c;
  }
  return c->data + c->used;
}

static void raw_done(raw_tree *rt, const char *end) {
  rt->chunks->used = (size_t)(end - rt->chunks->data);
}

static raw_body *raw_body_new(raw_tree *rt, HPDF_Dict d) {
  if (rt->nbodies == rt->capbodies) return NULL; /* counted wrong: never */
  raw_body *b = &rt->bodies[rt->nbodies++];
  d->attr = b;
  d->write_fn = raw_write;
  return b;
}

/* "12 0 R": a reference to OBJ, an indirect object, as libharu writes it. */
static char *put_ref(char *p, const void *obj) {
  const HPDF_Obj_Header *h = obj;
  p = put_uint(p, h->obj_id & 0x00FFFFFF);
  *p++ = ' ';
  p = put_uint(p, h->gen_no);
  return PUT(p, " R");
}

/* The leaves of the ParentTree, a number tree: a new leaf every
 * PARENT_TREE_LEAF pairs (a flat /Nums array would pass the array limit
 * for a long document), each with its /Limits. Keys 0 .. NPAGES-1 are
 * the pages (the element of each MCID), then one per annotation (its
 * Link element). */
static int ptree_leaves(pdf_tag *t, raw_tree *rt, HPDF_Xref xref, HPDF_Array kids,
                        HPDF_Page *pages, int npages) {
  int nkeys = npages + (int)t->nannots;
  for (int first = 0; first < nkeys; first += PARENT_TREE_LEAF) {
    int end = nkeys - first < PARENT_TREE_LEAF ? nkeys : first + PARENT_TREE_LEAF;
    size_t most = 64;
    for (int key = first; key < end; key++)
      most += 32 + (key < npages ? (key < t->npages ? t->nmarks[key] : 0) * RAW_REF
                                 : RAW_REF);
    HPDF_Dict leaf = HPDF_Dict_New(rt->mm);
    if (!leaf || HPDF_Xref_Add(xref, leaf) != HPDF_OK) return -1;
    raw_body *b = raw_body_new(rt, leaf);
    char *p = raw_room(rt, most);
    if (!b || !p) return -1;
    b->head = p;
    p = PUT(p, "/Nums [ ");
    for (int key = first; key < end; key++) {
      p = put_uint(p, (unsigned)key);
      *p++ = ' ';
      if (key < npages) {
        p = PUT(p, "[ ");
        for (size_t m = 0; key < t->npages && m < t->nmarks[key]; m++) {
          p = put_ref(p, t->nodes[t->marks[key][m]].dict);
          *p++ = ' ';
        }
        p = PUT(p, "] ");
        HPDF_Dict_AddNumber(pages[key], "StructParents", key);
        HPDF_Dict_AddName(pages[key], "Tabs", "S");
      } else {
        size_t k = (size_t)(key - npages);
        p = put_ref(p, t->nodes[t->annot_elem[k]].dict);
        *p++ = ' ';
        HPDF_Dict_AddNumber(t->annots[k], "StructParent", key);
      }
    }
    p = PUT(p, "]\n/Limits [ ");
    p = put_uint(p, (unsigned)first);
    *p++ = ' ';
    p = put_uint(p, (unsigned)(end - 1));
    p = PUT(p, " ]\n");
    b->nhead = (size_t)(p - b->head);
    raw_done(rt, p);
    HPDF_Array_Add(kids, leaf);
    if (!haru_ok(t->pdf)) return -1;
  }
  return 0;
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
 * has a scope or spans columns (PDF/UA-1 7.5, 7.2-42). At most 64 bytes. */
static char *table_attrs(char *p, const layout_elem *le) {
  if (le->scope == LAYOUT_SCOPE_NONE && le->colspan <= 1) return p;
  p = PUT(p, "/A <<\n/O /Table\n");
  if (le->scope == LAYOUT_SCOPE_ROW) p = PUT(p, "/Scope /Row\n");
  else if (le->scope != LAYOUT_SCOPE_NONE) p = PUT(p, "/Scope /Column\n");
  if (le->colspan > 1) {
    p = PUT(p, "/ColSpan ");
    p = put_uint(p, (unsigned)le->colspan);
    *p++ = '\n';
  }
  return PUT(p, ">>\n");
}

/* /T and /Alt are text strings, written here as libharu wrote them
 * (pdf_text.h); a string past libharu's length limit, which it refuses,
 * still goes to libharu, to fail as it did. */
static bool writable(const char *s, size_t len) {
  return !s || len <= HPDF_LIMIT_MAX_STRING_LEN;
}

/* Element I's entries: /Type /S /P, its strings, then /A /K /Pg. */
static int elem_body(pdf_tag *t, size_t i, raw_tree *rt, HPDF_Dict root, HPDF_Page *pages,
                     const char *title) {
  tnode *n = &t->nodes[i];
  const layout_elem *le = &t->elems[i];
  const char *text[2] = {i == 0 ? title : NULL, le->alt};
  size_t tlen[2] = {text[0] ? strlen(text[0]) : 0, text[1] ? strlen(text[1]) : 0};
  /* the strings written here: up to the first that libharu must write */
  int raw = 0;
  while (raw < 2 && writable(text[raw], tlen[raw])) raw++;
  size_t most = 64 + RAW_REF + 128 + RAW_KID * n->nkids;
  for (int k = 0; k < raw; k++)
    if (text[k]) most += 8 + PDF_TEXT_HEX_MAX(tlen[k]);
  raw_body *b = raw_body_new(rt, n->dict);
  char *p = raw_room(rt, most);
  if (!b || !p) return -1;
  b->head = p;
  p = PUT(p, "/Type /StructElem\n/S /");
  const char *type = type_names[le->type];
  p = put(p, type, strlen(type));
  p = PUT(p, "\n/P ");
  p = put_ref(p, le->parent < 0 || i == 0 ? root : t->nodes[le->parent].dict);
  *p++ = '\n';
  for (int k = 0; k < raw; k++) {
    if (!text[k]) continue;
    p = put(p, raw_keys[k], strlen(raw_keys[k]));
    p = pdf_text_hex(p, text[k], tlen[k]);
    *p++ = '\n';
  }
  b->nhead = (size_t)(p - b->head);
  b->tail = p;
  p = table_attrs(p, le);
  p = PUT(p, "/K [ ");
  int first_page = -1;
  for (size_t k = 0; k < n->nkids; k++) {
    const kid *kd = &n->kids[k];
    if (kd->kind == KID_ELEM) {
      p = put_ref(p, t->nodes[kd->elem].dict);
    } else if (kd->kind == KID_MCR) {
      p = PUT(p, "<<\n/Type /MCR\n/Pg ");
      p = put_ref(p, pages[kd->page]);
      p = PUT(p, "\n/MCID ");
      p = put_uint(p, (unsigned)kd->mcid);
      p = PUT(p, "\n>>");
      if (first_page < 0) first_page = kd->page;
    } else {
      p = PUT(p, "<<\n/Type /OBJR\n/Pg ");
      p = put_ref(p, pages[kd->page]);
      p = PUT(p, "\n/Obj ");
      p = put_ref(p, kd->annot);
      p = PUT(p, "\n>>");
    }
    *p++ = ' ';
  }
  p = PUT(p, "]\n");
  if (first_page >= 0) {
    p = PUT(p, "/Pg ");
    p = put_ref(p, pages[first_page]);
    *p++ = '\n';
  }
  b->ntail = (size_t)(p - b->tail);
  raw_done(rt, p);
  HPDF_MMgr mm = t->pdf->mmgr;
  for (int k = raw; k < 2; k++)
    if (text[k]) b->str[k] = HPDF_String_New(mm, text[k], NULL); /* fails: too long */
  if (le->type == LAYOUT_E_NOTE) {
    /* PDF/UA-1 7.9: every Note has an /ID, unique in the file: the
     * footnote's model id, unique in its document ("fn-1") */
    buf id = BUF_INIT;
    if (le->id) buf_puts(&id, le->id);
    else buf_printf(&id, "concord-note-%zu", i);
    b->str[2] = HPDF_String_New(mm, buf_cstr(&id), NULL);
    buf_free(&id);
  }
  return 0;
}

int pdf_tag_finish(pdf_tag *t, HPDF_Page *pages, int npages, const char *lang,
                   const char *title) {
  HPDF_Doc pdf = t->pdf;
  HPDF_MMgr mm = pdf->mmgr;
  attach_empty_cells(t);
  /* past libharu's array limit: its error, as when it built the arrays */
  bool too_long = pdf_tag_max_kids(t) > PDF_TAG_MAX_KIDS;
  for (int p = 0; p < t->npages && !too_long; p++) too_long = t->nmarks[p] > PDF_TAG_MAX_KIDS;
  if (too_long) {
    HPDF_SetError(&pdf->error, HPDF_ARRAY_COUNT_ERR, 0);
    return -1;
  }
  HPDF_Dict root = HPDF_Dict_New(mm);
  if (!root || HPDF_Xref_Add(pdf->xref, root) != HPDF_OK) return -1;
  raw_tree *rt = HPDF_GetMem(mm, sizeof *rt);
  if (!rt) return -1;
  memset(rt, 0, sizeof *rt);
  rt->mm = mm;
  root->attr = rt;
  root->free_fn = raw_tree_free;
  size_t nattached = 0;
  for (size_t i = 0; i < t->nelems; i++) nattached += t->nodes[i].attached;
  size_t nkeys = (size_t)npages + t->nannots;
  rt->capbodies = nattached + (nkeys + PARENT_TREE_LEAF - 1) / PARENT_TREE_LEAF;
  if (rt->capbodies) {
    rt->bodies = HPDF_GetMem(mm, (HPDF_UINT)(rt->capbodies * sizeof *rt->bodies));
    if (!rt->bodies) return -1;
    memset(rt->bodies, 0, rt->capbodies * sizeof *rt->bodies);
  }
  HPDF_Dict_AddName(root, "Type", "StructTreeRoot");

  /* every attached element becomes an indirect StructElem */
  for (size_t i = 0; i < t->nelems; i++) {
    if (!t->nodes[i].attached) continue;
    HPDF_Dict e = HPDF_Dict_New(mm);
    if (!e || HPDF_Xref_Add(pdf->xref, e) != HPDF_OK) return -1;
    t->nodes[i].dict = e;
  }
  for (size_t i = 0; i < t->nelems; i++)
    if (t->nodes[i].attached && elem_body(t, i, rt, root, pages, title) != 0) return -1;
  if (!haru_ok(pdf)) return -1;
  HPDF_Array rk = HPDF_Array_New(mm);
  if (!rk) return -1;
  HPDF_Dict_Add(root, "K", rk);
  if (t->nelems && t->nodes[0].attached) HPDF_Array_Add(rk, t->nodes[0].dict);

  /* ParentTree: page i -> array of elements by MCID; annotation k (key
   * npages + k) -> its Link element. A number tree whose root has /Kids. */
  HPDF_Dict ptree = HPDF_Dict_New(mm);
  if (!ptree || HPDF_Xref_Add(pdf->xref, ptree) != HPDF_OK) return -1;
  HPDF_Array kids = HPDF_Array_New(mm);
  if (!kids) return -1;
  HPDF_Dict_Add(ptree, "Kids", kids);
  if (ptree_leaves(t, rt, pdf->xref, kids, pages, npages) != 0) return -1;
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
