/* pdf_mem.c - an own libharu document's memory and streams (see
 * pdf_mem.h). */
#include "write/pdf/pdf_mem.h"
#include "base/arena.h"
#include "base/buf.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdlib.h>
#include <string.h>

/* The memory of the thread's open libharu document: blocks handed out
 * front to back and freed together. Unlike arena_alloc it does not zero:
 * libharu asks for malloc semantics, and some of its objects allocate
 * large tables of which only a few pages are ever touched (zeroing them
 * cost more than the malloc calls saved). */
#define DOC_BLOCK (60 * 1024) /* below glibc's mmap threshold: reused */
typedef struct doc_block {
  struct doc_block *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
} doc_block;
static _Thread_local doc_block *doc_mem;
static _Thread_local bool doc_open;

static void *doc_alloc(HPDF_UINT size) {
  size_t n = ((size_t)size + 15) & ~(size_t)15;
  doc_block *b = doc_mem;
  if (!b || b->size - b->used < n) {
    size_t want = n > DOC_BLOCK ? n : DOC_BLOCK;
    b = xmalloc(sizeof *b + want);
    b->size = want;
    b->used = 0;
    if (n > DOC_BLOCK && doc_mem) { /* a big one: keep filling the current block */
      b->next = doc_mem->next;
      doc_mem->next = b;
      b->used = n;
      return b->data;
    }
    b->next = doc_mem;
    doc_mem = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  return p;
}

static void doc_release(void *p) { (void)p; /* freed with the document */ }

static void page_bufs_free(void);

HPDF_Doc pdf_mem_doc_new(HPDF_Error_Handler on_error, void *user) {
  if (doc_open) return HPDF_New(on_error, user);
  doc_open = true;
  HPDF_Doc pdf = HPDF_NewEx(on_error, doc_alloc, doc_release, 0, user);
  if (!pdf) pdf_mem_doc_free(NULL);
  return pdf;
}

void pdf_mem_doc_free(HPDF_Doc pdf) {
  bool own = !pdf || (pdf->mmgr && pdf->mmgr->alloc_fn == doc_alloc);
  if (!own) {
    HPDF_Free(pdf);
    return;
  }
  /* Everything the document holds is in the blocks: libharu allocates
   * only through its memory manager (this document saves to memory and
   * reads no files), and so do the objects Concord hangs on it (the
   * structure tree's bytes, pdf_tag.c). HPDF_Free would walk every
   * object of the tree to release it to doc_release, which does
   * nothing: 7% of the matrix PDF's CPU samples (perf). */
  page_bufs_free(); /* their streams go with the blocks */
  while (doc_mem) {
    doc_block *next = doc_mem->next;
    free(doc_mem);
    doc_mem = next;
  }
  doc_open = false;
}

/* ---- buffered streams ---------------------------------------------------------
 * libharu's memory stream copies what it is written a byte at a time
 * (HPDF_MemCpy is a loop) into 4 KB blocks, which pdf_writer_deflate
 * then gathers again: the pages' contents (about 1.3 MB for the five
 * councils' PDFs) were 4% of the PDF writers' instructions in
 * HPDF_MemCpy alone. A page of an own document (pdf_writer_doc_new), or
 * a stream made whole such as an embedded font's, has its writes
 * appended to a buf instead: the
 * stream keeps its kind, dictionary and size (HPDF_Stream_Write counts
 * them), only its write function and attribute are swapped, and
 * pdf_writer_deflate swaps them back (pdf_mem_take_buffered,
 * pdf_mem_restore_buffered) before anything reads the stream,
 * compressing straight from the buf. */
typedef struct page_buf {
  struct page_buf *next;
  HPDF_Stream s;
  void *mem_attr;                  /* the memory stream's own */
  HPDF_Stream_Write_Func mem_write;
  buf b;
} page_buf;
static _Thread_local page_buf *page_bufs; /* of the open own document */

static HPDF_STATUS page_buf_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n) {
  page_buf *pb = s->attr;
  buf_put(&pb->b, (const char *)p, n);
  return HPDF_OK;
}

void pdf_mem_buffer_stream(HPDF_Doc pdf, HPDF_Stream s) {
  if (!pdf || !s || !pdf->mmgr || pdf->mmgr->alloc_fn != doc_alloc) return;
  if (s->type != HPDF_STREAM_MEMORY || s->size != 0 || s->write_fn == page_buf_write) return;
  page_buf *pb = xcalloc(1, sizeof *pb);
  pb->s = s;
  pb->mem_attr = s->attr;
  pb->mem_write = s->write_fn;
  pb->next = page_bufs;
  page_bufs = pb;
  s->attr = pb;
  s->write_fn = page_buf_write;
}

void pdf_mem_page_contents(HPDF_Doc pdf, HPDF_Page page) {
  if (page) pdf_mem_buffer_stream(pdf, ((HPDF_PageAttr)page->attr)->stream);
}

/* Gives PB's stream back its memory stream's functions (and its bytes,
 * unless the caller compresses them itself: KEEP false). */
static int page_buf_restore(page_buf *pb, bool keep) {
  HPDF_Stream s = pb->s;
  if (s->write_fn != page_buf_write) return 0;
  HPDF_UINT size = s->size;
  s->attr = pb->mem_attr;
  s->write_fn = pb->mem_write;
  if (!keep || !pb->b.len) return 0;
  s->size = size - (HPDF_UINT)pb->b.len; /* HPDF_Stream_Write counts them again */
  return HPDF_Stream_Write(s, (const HPDF_BYTE *)pb->b.data, (HPDF_UINT)pb->b.len) == HPDF_OK
             ? 0 : -1;
}

static void page_bufs_free(void) {
  while (page_bufs) {
    page_buf *next = page_bufs->next;
    buf_free(&page_bufs->b);
    free(page_bufs);
    page_bufs = next;
  }
}

/* An own document's deflated stream: its bytes stay in the document's
 * blocks and libharu reads them from there when it saves, instead of
 * having them copied into its memory stream a byte at a time and read
 * back out the same way (another 2% of the PDF writers' instructions).
 * The stream keeps its kind and size; its attribute and read and seek
 * functions are these, and writing to it afterwards is an error (its
 * bytes are final). Own documents only: libharu never frees their
 * streams (pdf_writer_doc_free drops the blocks). */
typedef struct held_bytes {
  const HPDF_BYTE *data;
  HPDF_UINT len, pos;
} held_bytes;

static HPDF_STATUS held_read(HPDF_Stream s, HPDF_BYTE *p, HPDF_UINT *n) {
  held_bytes *h = s->attr;
  HPDF_UINT k = h->len - h->pos < *n ? h->len - h->pos : *n;
  memcpy(p, h->data + h->pos, k);
  h->pos += k;
  *n = k;
  return h->pos == h->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS held_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode) {
  held_bytes *h = s->attr;
  long at = mode == HPDF_SEEK_SET ? pos : mode == HPDF_SEEK_CUR ? (long)h->pos + pos
                                                                 : (long)h->len + pos;
  if (at < 0 || at > (long)h->len) return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
  h->pos = (HPDF_UINT)at;
  return HPDF_OK;
}

static HPDF_STATUS held_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n) {
  (void)p, (void)n;
  return HPDF_SetError(s->error, HPDF_INVALID_OPERATION, 0);
}

void pdf_mem_hold(HPDF_Stream s, const unsigned char *p, size_t n) {
  held_bytes *h = doc_alloc((HPDF_UINT)sizeof *h);
  HPDF_BYTE *copy = doc_alloc((HPDF_UINT)(n ? n : 1));
  memcpy(copy, p, n);
  h->data = copy;
  h->len = (HPDF_UINT)n;
  h->pos = 0;
  HPDF_MemStream_FreeData(s);
  s->attr = h;
  s->read_fn = held_read;
  s->seek_fn = held_seek;
  s->write_fn = held_write;
  s->size = (HPDF_UINT)n;
}


bool pdf_mem_own(HPDF_MMgr mm) { return mm && mm->alloc_fn == doc_alloc; }

int pdf_mem_take_buffered(HPDF_Stream s, const unsigned char **data, size_t *len) {
  if (s->write_fn != page_buf_write) return 0;
  page_buf *pb = s->attr;
  page_buf_restore(pb, false);
  *data = (const unsigned char *)pb->b.data;
  *len = pb->b.len;
  return 1;
}

int pdf_mem_restore_buffered(void) {
  int rc = 0;
  for (page_buf *pb = page_bufs; pb; pb = pb->next)
    if (page_buf_restore(pb, true) != 0) rc = -1;
  return rc;
}
