/* pdf_mem.h - the memory of an own libharu document and of its streams.
 *
 * An own document (pdf_mem_doc_new) takes its memory from blocks of the
 * calling thread that pdf_mem_doc_free drops at once, without libharu's
 * walk over every object: libharu mallocs and frees every dictionary
 * entry, name and number of its object tree one by one, which was a
 * fifth of the PDF writer's time (malloc, free, page faults). Nothing
 * hung on such a document may hold memory or files of its own. The
 * blocks are the calling thread's, so the document must be created and
 * freed on one thread; a second document opened on the same thread
 * before the first is freed is an ordinary libharu document.
 *
 * Its streams: a page's contents, or a stream written whole, can have
 * its writes appended to a buffer instead of libharu's memory stream
 * (which copies a byte at a time), and a deflated stream can hold its
 * bytes in the blocks. The PDF writer's deflating (pdf_writer.c) is the
 * only reader of the buffers; everything else only writes.
 */
#ifndef CONCORD_PDF_MEM_H
#define CONCORD_PDF_MEM_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

/* A document, own if the thread has none open (errors to ON_ERROR with
 * USER, as HPDF_New); NULL if libharu cannot start. */
HPDF_Doc pdf_mem_doc_new(HPDF_Error_Handler on_error, void *user);
void pdf_mem_doc_free(HPDF_Doc pdf); /* any document; NULL: nothing */
/* Whether MM is an own document's memory manager. */
bool pdf_mem_own(HPDF_MMgr mm);

/* Has the writes to the memory stream S of one of PDF's objects appended
 * to a buffer of its own, if PDF is an own document and nothing was
 * written to S yet; else does nothing. */
void pdf_mem_buffer_stream(HPDF_Doc pdf, HPDF_Stream s);
/* The same for PAGE's contents: call it right after HPDF_AddPage. */
void pdf_mem_page_contents(HPDF_Doc pdf, HPDF_Page page);

/* If S is buffered: gives it back its memory stream (empty), sets *DATA
 * and *LEN to what was written (valid until the document is freed) and
 * returns 1. Else 0. */
int pdf_mem_take_buffered(HPDF_Stream s, const unsigned char **data, size_t *len);
/* Gives every stream still buffered its memory stream back, with the
 * bytes written to it, before libharu saves. 0, or -1 if libharu could
 * not take them. */
int pdf_mem_restore_buffered(void);
/* Makes the memory stream S of an own document hold a copy of the N
 * bytes at P (in the document's blocks) as its final contents. */
void pdf_mem_hold(HPDF_Stream s, const unsigned char *p, size_t n);

#endif
