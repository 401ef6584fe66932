/* pdf_writer.c - model -> out/pdf/<slug>.pdf (see pdf_writer.h).
 *
 * Per document: a fresh libharu document (Flate; text strings by
 * pdf_text.c, without libharu's encoders), the
 * layout engine's pages, the structure tree, document information, then
 * SaveToFile into the staging directory. libharu errors are recorded by
 * the handler (never longjmp) and turned into one diagnostic.
 */
#define _POSIX_C_SOURCE 200809L
#include "write/pdf/pdf_writer.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/layout/layout_doc.h"
#include "write/layout/layout_hyph.h"
#include "write/layout/layout_report.h"
#include "write/pdf/pdf_font.h"
#include "write/pdf/pdf_mem.h"
#include "write/pdf/pdf_render.h"
#include "write/pdf/pdf_tag.h"
#include "write/pdf/pdf_text.h"
#include "write/pdf/pdf_xmp.h"
#include "base/strmap.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pdf_writer_on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user) {
  pdf_writer_err *e = user;
  if (!e->error) {
    e->error = error_no;
    e->detail = detail_no;
  }
}

HPDF_Doc pdf_writer_doc_new(pdf_writer_err *err) {
  return pdf_mem_doc_new(pdf_writer_on_error, err);
}

void pdf_writer_doc_free(HPDF_Doc pdf) { pdf_mem_doc_free(pdf); }

/* ---- deflating the streams ----------------------------------------------
 * libharu deflates every stream at zlib's default level (6) when saving,
 * which was a sixth of the PDF writer's CPU time, and has no setting for
 * it. Concord compresses them itself with libdeflate instead: one call
 * per stream on the whole buffer (libdeflate has no streaming interface,
 * which is what lets it be faster than zlib for the same ratio). At level
 * 3 every one of the six PDFs is smaller than with zlib at level 4 (the
 * level used before) for about 40% less time deflating; lower levels
 * make some files larger (docs/pdf-output.md has the figures). PDF's
 * /FlateDecode is the zlib format (RFC 1950), hence
 * libdeflate_zlib_compress. The stream's data is replaced by its deflated
 * bytes, libharu's filter flag cleared (so it copies them as they are)
 * and /Filter written by the dictionary's write hook, which libharu calls
 * after the entries. */

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream s) {
  (void)dict;
  return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* The output buffer of a document's streams, grown as needed. */
typedef struct deflate_out {
  unsigned char *data;
  size_t cap;
} deflate_out;

/* The stream's memory buffers are gathered into IN (unless there is only
 * one) and compressed in one call into OUT. */
static int deflate_stream(HPDF_Dict d, struct libdeflate_compressor *c, buf *in,
                          deflate_out *out) {
  const HPDF_BYTE *src = NULL;
  size_t n = 0;
  HPDF_UINT nb = 0;
  if (!pdf_mem_take_buffered(d->stream, &src, &n)) /* else a page's contents, in a buf */
    nb = HPDF_MemStream_GetBufCount(d->stream);
  buf_clear(in);
  for (HPDF_UINT i = 0; i < nb; i++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(d->stream, i, &len);
    if (!p) return -1;
    if (nb == 1) {
      src = p;
      n = len;
    } else {
      buf_put(in, (const char *)p, len);
    }
  }
  if (nb > 1) {
    src = (const HPDF_BYTE *)in->data;
    n = in->len;
  }
  size_t bound = libdeflate_zlib_compress_bound(c, n);
  if (bound > out->cap) {
    out->data = xrealloc(out->data, bound);
    out->cap = bound;
  }
  size_t z = libdeflate_zlib_compress(c, src ? src : (const HPDF_BYTE *)"", n, out->data, bound);
  if (z == 0) return -1;
  if (pdf_mem_own(d->mmgr)) {
    pdf_mem_hold(d->stream, out->data, z);
  } else {
    HPDF_MemStream_FreeData(d->stream);
    if (HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)out->data, (HPDF_UINT)z) != HPDF_OK)
      return -1;
  }
  d->filter = HPDF_STREAM_FILTER_NONE;
  d->write_fn = write_flate_filter;
  return 0;
}

int pdf_writer_deflate(HPDF_Doc pdf) {
  /* one compressor per document: its match finder's tables are reset by
   * each call, not reallocated */
  struct libdeflate_compressor *c = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL);
  if (!c) return -1;
  buf in = BUF_INIT;
  deflate_out out = {NULL, 0};
  int rc = 0;
  for (HPDF_Xref x = pdf->xref; x && rc == 0; x = x->prev) {
    for (HPDF_UINT i = 0; i < x->entries->count && rc == 0; i++) {
      HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
      HPDF_Obj_Header *h = e ? e->obj : NULL;
      if (!h || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT) continue;
      HPDF_Dict d = e->obj;
      /* memory streams libharu would deflate, and only those: no other
       * filter, no write hook of libharu's own */
      if (!d->stream || d->stream->type != HPDF_STREAM_MEMORY ||
          d->filter != HPDF_STREAM_FILTER_FLATE_DECODE || d->write_fn)
        continue;
      rc = deflate_stream(d, c, &in, &out);
    }
  }
  /* a page whose stream was not deflated (or not reached): libharu
   * writes it as it is */
  if (pdf_mem_restore_buffered() != 0) rc = -1;
  libdeflate_free_compressor(c);
  buf_free(&in);
  free(out.data);
  return rc;
}

/* libharu's memory stream copies what it is given a byte at a time
 * (HPDF_MemCpy is a loop), in 4 KB blocks that were then copied again
 * into one buffer: a fifth of saving the matrix PDF. The document is
 * written instead to a stream of libharu's own kind that hands every
 * write to this function, which appends it to a buf (ATTR). */
static HPDF_STATUS save_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n) {
  buf_put(s->attr, (const char *)p, n);
  return HPDF_OK;
}

int pdf_writer_save(HPDF_Doc pdf, const pdf_writer_err *err, outdir *o, const char *rel,
                    const char *what, diag_list *d) {
  if (err->error) return -1;
  if (pdf_writer_deflate(pdf) != 0) {
    diag_error(d, what, 0, 0, "PDF: could not compress the streams of %s (out of memory?)", rel);
    return -1;
  }
  buf file = BUF_INIT;
  /* HPDF_SaveToStream writes to the document's stream, making a memory
   * stream only if it has none */
  if (!pdf->stream) pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, save_write, &file);
  if (!pdf->stream || pdf->stream->write_fn != save_write) {
    diag_error(d, what, 0, 0, "PDF: internal: libharu could not open a stream to save %s into "
               "(out of memory?)", rel);
    return -1;
  }
  pdf->stream->attr = &file;
  int rc = -1;
  if (HPDF_SaveToStream(pdf) == HPDF_OK && !err->error)
    rc = outdir_write(o, rel, file.data ? file.data : "", file.len, d);
  pdf->stream->attr = NULL; /* FILE is gone */
  buf_free(&file);
  return rc;
}

static const layout_geom a4 = {
    595.276, 841.890, /* A4 in points */
    68, 68, 78, 78,   /* margins: left, right, top, bottom */
    40,               /* gutter for hanging numbers */
};

/* Keywords: the labels of the topics the document's clauses carry, in
 * taxonomy order, without repeats. */
static char *keywords(const cc_document *doc) {
  buf b = BUF_INIT;
  const cc_corpus *c = doc->corpus;
  for (size_t t = 0; c && t < c->ntopics; t++) {
    const cc_topic *tp = c->topics[t];
    bool used = false;
    for (size_t i = 0; i < doc->nclauses && !used; i++)
      for (size_t k = 0; k < doc->clauses[i]->ntopics && !used; k++)
        used = doc->clauses[i]->topics[k] == tp;
    if (!used) continue;
    if (b.len) buf_puts(&b, ", ");
    buf_puts(&b, tp->label ? tp->label : tp->key);
  }
  return buf_detach(&b);
}

static int set_info(HPDF_Doc pdf, const cc_document *doc, long long epoch) {
  pdf_text_set_info(pdf, HPDF_INFO_TITLE, doc->title ? doc->title : doc->slug);
  if (doc->council) pdf_text_set_info(pdf, HPDF_INFO_AUTHOR, doc->council);
  buf subj = BUF_INIT;
  if (doc->part) buf_printf(&subj, "%s: ", doc->part);
  buf_puts(&subj, doc->title ? doc->title : doc->slug);
  pdf_text_set_info(pdf, HPDF_INFO_SUBJECT, buf_cstr(&subj));
  char *kw = keywords(doc);
  if (*kw) pdf_text_set_info(pdf, HPDF_INFO_KEYWORDS, kw);
  pdf_writer_set_producer(pdf, epoch);
  /* the same in XMP, with the PDF/UA-1 identification (ISO 14289-1 5, 7.1) */
  pdf_xmp x = {doc->title ? doc->title : doc->slug, doc->council, buf_cstr(&subj), kw,
               doc->language ? doc->language : "en-GB", epoch};
  int rc = pdf_xmp_attach(pdf, &x);
  free(kw);
  buf_free(&subj);
  return rc;
}

void pdf_writer_set_producer(HPDF_Doc pdf, long long epoch) {
  pdf_text_set_info(pdf, HPDF_INFO_CREATOR, "Concord");
  pdf_text_set_info(pdf, HPDF_INFO_PRODUCER, "Concord (libharu 2.3.0)");
  if (epoch >= 0) {
    time_t t = (time_t)epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    HPDF_Date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                    tm.tm_sec, 'Z', 0, 0};
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
  }
}

/* Where each clause of DOC landed in LD: PL[i] for doc->clauses[i], as
 * pdf_render.c's anchor_place puts the council PDF's own link targets. */
static void places_from_layout(const layout_doc *ld, const cc_document *doc, pdf_place *pl) {
  for (size_t i = 0; i < doc->nclauses; i++) {
    pl[i].page = -1;
    pl[i].top = 0;
    int a = layout_doc_find_anchor(ld, doc->clauses[i]->id);
    if (a < 0) continue;
    const layout_anchor *an = &ld->anchors[a];
    const layout_vlist *v = an->list == 0 ? &ld->front : &ld->body;
    if (an->item >= v->n || v->items[an->item].page < 0) continue;
    pl[i].page = (an->list == 0 ? 0 : ld->front_pages) + v->items[an->item].page;
    pl[i].top = a4.page_h - a4.margin_t - v->items[an->item].y + 6;
    if (pl[i].top > a4.page_h) pl[i].top = a4.page_h;
  }
}

/* ---- sizes libharu cannot take -------------------------------------------
 * libharu fails deep inside, with a sticky error that surfaces later as "could
 * not load the subset of LiberationSerif (0x1025)", when one structure
 * element has more than PDF_TAG_MAX_KIDS kids (a paragraph of that many
 * words, a list of that many items) or one string is too long to show (a
 * word of 100,000 characters). So the model is measured first, and the
 * message says where. A word longer than PDF_MAX_WORD bytes cannot fit on
 * a line anyway. */
#define PDF_MAX_WORD 10000

typedef struct {
  size_t words, run, longest;
} word_count;

static void count_words(const cc_inline *in, word_count *w) {
  for (; in; in = in->next) {
    if (in->kind == CC_INL_SOFTBREAK || in->kind == CC_INL_LINEBREAK) w->run = 0;
    const char *t = (in->kind == CC_INL_TEXT || in->kind == CC_INL_CODE || in->kind == CC_INL_FOOTREF)
                        ? in->text : NULL;
    for (; t && *t; t++) {
      if (*t == ' ' || *t == '\t' || *t == '\n') {
        w->run = 0;
        continue;
      }
      if (!w->run++) w->words++;
      if (w->run > w->longest) w->longest = w->run;
    }
    count_words(in->children, w);
  }
}

static int check_blocks(const cc_document *doc, const cc_block *b, diag_list *d) {
  int bad = 0;
  for (; b; b = b->next) {
    if (b->kind == CC_BLK_PARA) {
      word_count w = {0, 0, 0};
      count_words(b->inlines, &w);
      if (w.words > PDF_TAG_MAX_KIDS) {
        diag_error(d, doc->path, b->pos.line, b->pos.col,
                   "PDF: this paragraph is too long for a tagged PDF (%zu words, more than "
                   "libharu's limit of %d pieces in one element): split it into paragraphs",
                   w.words, PDF_TAG_MAX_KIDS);
        bad = 1;
      }
      if (w.longest > PDF_MAX_WORD) {
        diag_error(d, doc->path, b->pos.line, b->pos.col,
                   "PDF: a word of %zu bytes in this paragraph is too long for the PDF (more "
                   "than %d; it cannot fit on a line): break it with spaces", w.longest,
                   PDF_MAX_WORD);
        bad = 1;
      }
    } else if (b->kind == CC_BLK_LIST) {
      size_t n = 0;
      for (const cc_item *it = b->items; it; it = it->next, n++) bad |= check_blocks(doc, it->blocks, d);
      if (n > PDF_TAG_MAX_KIDS) {
        diag_error(d, doc->path, b->pos.line, b->pos.col,
                   "PDF: this list is too long for a tagged PDF (%zu items, more than libharu's "
                   "limit of %d): split it", n, PDF_TAG_MAX_KIDS);
        bad = 1;
      }
    } else if (b->kind == CC_BLK_QUOTE) {
      bad |= check_blocks(doc, b->children, d);
    }
  }
  return bad;
}

static int check_sizes(const cc_document *doc, diag_list *d) {
  int bad = 0;
  for (size_t i = 0; i < doc->nclauses; i++) bad |= check_blocks(doc, doc->clauses[i]->blocks, d);
  for (size_t i = 0; i < doc->nprose; i++) bad |= check_blocks(doc, doc->prose[i]->blocks, d);
  for (size_t i = 0; i < doc->nfootnotes; i++) bad |= check_blocks(doc, doc->footnotes[i]->blocks, d);
  return bad;
}

static int write_one(const cc_document *doc, outdir *o, layout_hyph *hy, pdf_faces *faces,
                     pdf_place *places, diag_list *d) {
  if (check_sizes(doc, d)) return -1;
  pdf_writer_err err = {0, 0};
  HPDF_Doc pdf = pdf_writer_doc_new(&err);
  if (!pdf) {
    diag_error(d, doc->path, 0, 0, "PDF: libharu could not start (out of memory?)");
    return -1;
  }
  int rc = -1;
  pdf_fonts *fonts = NULL;
  pdf_tag *tag = NULL;
  layout_doc ld;
  memset(&ld, 0, sizeof ld);
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  fonts = pdf_fonts_new(pdf, faces, d);
  if (!fonts) goto done;
  layout_metrics m = {fonts, pdf_fonts_advance, pdf_fonts_kern};
  layout_doc_build(&ld, doc, &m, hy, &a4, d);
  layout_doc_check(&ld, doc, d);
  if (places) places_from_layout(&ld, doc, places);
  tag = pdf_tag_new(pdf, ld.elems, ld.nelems);
  if (pdf_render(pdf, fonts, tag, &ld, doc, &a4, d) != 0) goto done;
  if (set_info(pdf, doc, doc->corpus ? doc->corpus->build_epoch : -1) != 0) {
    diag_error(d, doc->path, 0, 0, "PDF: could not write the XMP metadata of %s.pdf (out of "
               "memory?)", doc->slug);
    goto done;
  }
  buf rel = BUF_INIT;
  buf_printf(&rel, "pdf/%s.pdf", doc->slug);
  int saved = pdf_writer_save(pdf, &err, o, buf_cstr(&rel), doc->path, d);
  buf_free(&rel);
  if (saved != 0 && !err.error) goto done; /* deflating or the file: reported */
  if (err.error && pdf_tag_max_kids(tag) > PDF_TAG_MAX_KIDS) {
    diag_error(d, doc->path, 0, 0,
               "PDF: a paragraph or list is too long for a tagged PDF (%zu pieces in one "
               "structure element, more than libharu's limit of %d): split the longest "
               "paragraphs", pdf_tag_max_kids(tag), PDF_TAG_MAX_KIDS);
    goto done;
  }
  if (err.error) {
    diag_error(d, doc->path, 0, 0,
               "PDF: libharu error 0x%04X (detail %u) while writing %s.pdf; "
               "see hpdf_error.h for the code",
               (unsigned)err.error, (unsigned)err.detail, doc->slug);
    goto done;
  }
  rc = 0;
done:
  pdf_tag_free(tag);
  layout_doc_free(&ld);
  pdf_fonts_free(fonts);
  pdf_writer_doc_free(pdf);
  return rc;
}

layout_hyph *pdf_hyph_new(void) { return layout_hyph_new(); }

/* One libharu document and its fonts, only measured (never drawn or
 * saved), for laying out many documents: the fonts' files are read and
 * their widths cached once. */
struct pdf_placer {
  HPDF_Doc pdf;
  pdf_writer_err err;
  pdf_fonts *fonts;
  layout_hyph *hy;
};

pdf_placer *pdf_placer_new(layout_hyph *hy, pdf_faces *faces, diag_list *d) {
  pdf_placer *p = xcalloc(1, sizeof *p);
  p->hy = hy;
  p->pdf = HPDF_New(pdf_writer_on_error, &p->err);
  if (!p->pdf) {
    diag_error(d, NULL, 0, 0, "PDF: libharu could not start (out of memory?)");
    free(p);
    return NULL;
  }
  p->fonts = pdf_fonts_new(p->pdf, faces, d);
  if (!p->fonts) {
    pdf_placer_free(p);
    return NULL;
  }
  return p;
}

pdf_place *pdf_placer_place(pdf_placer *p, const cc_document *doc) {
  layout_doc ld;
  diag_list quiet; /* write_one reports the layout's warnings once */
  diag_list_init(&quiet);
  layout_metrics m = {p->fonts, pdf_fonts_advance, pdf_fonts_kern};
  layout_doc_build(&ld, doc, &m, p->hy, &a4, &quiet);
  diag_list_free(&quiet);
  pdf_place *pl = xcalloc(doc->nclauses ? doc->nclauses : 1, sizeof *pl);
  places_from_layout(&ld, doc, pl);
  layout_doc_free(&ld);
  return pl;
}

void pdf_placer_free(pdf_placer *p) {
  if (!p) return;
  pdf_fonts_free(p->fonts);
  if (p->pdf) HPDF_Free(p->pdf);
  free(p);
}

char *pdf_line_report(const cc_document *doc, layout_hyph *hy, diag_list *d) {
  pdf_placer *p = pdf_placer_new(hy, NULL, d);
  if (!p) return NULL;
  layout_doc ld;
  diag_list quiet;
  diag_list_init(&quiet);
  layout_metrics m = {p->fonts, pdf_fonts_advance, pdf_fonts_kern};
  layout_doc_build(&ld, doc, &m, p->hy, &a4, &quiet);
  diag_list_free(&quiet);
  char *s = layout_report_json(&ld);
  layout_doc_free(&ld);
  pdf_placer_free(p);
  return s;
}

pdf_place *pdf_clause_places(const cc_document *doc, layout_hyph *hy, diag_list *d) {
  pdf_placer *p = pdf_placer_new(hy, NULL, d);
  if (!p) return NULL;
  pdf_place *pl = pdf_placer_place(p, doc);
  pdf_placer_free(p);
  return pl;
}

int pdf_write_document(const cc_document *doc, outdir *o, layout_hyph *hy, pdf_faces *faces,
                       pdf_place *places, diag_list *d) {
  return write_one(doc, o, hy, faces, places, d);
}

/* "N" then "page top" per clause, the top as a hexadecimal float: exact,
 * so a matrix made from a product kept by the cache is byte-identical to
 * one made from a fresh layout. */
char *pdf_places_encode(const pdf_place *pl, size_t n) {
  buf b = BUF_INIT;
  buf_printf(&b, "%zu", n);
  for (size_t i = 0; i < n; i++) buf_printf(&b, " %d %a", pl[i].page, pl[i].top);
  return buf_detach(&b);
}

pdf_place *pdf_places_decode(const char *s, size_t n) {
  if (!s) return NULL;
  char *end;
  unsigned long long count = strtoull(s, &end, 10);
  if (end == s || count != n) return NULL; /* not this layout */
  pdf_place *pl = xcalloc(n ? n : 1, sizeof *pl);
  const char *p = end;
  for (size_t i = 0; i < n; i++) {
    long page = strtol(p, &end, 10);
    if (end == p) goto bad;
    p = end;
    double top = strtod(p, &end);
    if (end == p || page < -1 || page > 1000000) goto bad;
    p = end;
    pl[i] = (pdf_place){(int)page, top};
  }
  if (*p) goto bad;
  return pl;
bad:
  free(pl);
  return NULL;
}
