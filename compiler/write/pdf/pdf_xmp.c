/* pdf_xmp.c - XMP metadata for the PDFs (see pdf_xmp.h).
 *
 * One rdf:Description per schema, as XMP writers usually do and as
 * veraPDF reads it. The stream is not compressed: XMP is meant to be
 * found by tools that scan the file for the xpacket header.
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include "write/pdf/pdf_xmp.h"
#include "base/buf.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NS_X "adobe:ns:meta/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_PDF "http://ns.adobe.com/pdf/1.3/"
#define NS_XMP "http://ns.adobe.com/xap/1.0/"
#define NS_PDFUAID "http://www.aiim.org/pdfua/ns/id/"

/* XML 1.0 has no way to write most C0 controls, even as references:
 * they become spaces, so the packet stays well-formed whatever the text. */
static char *xml_text(const char *s) {
  buf b = BUF_INIT;
  for (; s && *s; s++) {
    unsigned char ch = (unsigned char)*s;
    buf_putc(&b, ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? ' ' : (char)ch);
  }
  return buf_detach(&b);
}

typedef struct {
  xmlTextWriterPtr w;
  int failed;
} xw;

static void chk(xw *x, int rc) {
  if (rc < 0) x->failed = 1;
}

static void start(xw *x, const char *name) { chk(x, xmlTextWriterStartElement(x->w, BAD_CAST name)); }
static void end(xw *x) { chk(x, xmlTextWriterEndElement(x->w)); }

static void text(xw *x, const char *s) {
  char *t = xml_text(s);
  chk(x, xmlTextWriterWriteString(x->w, BAD_CAST t));
  free(t);
}

static void simple(xw *x, const char *name, const char *s) {
  start(x, name);
  text(x, s);
  end(x);
}

/* <NAME><rdf:Alt><rdf:li xml:lang="x-default">S</rdf:li></rdf:Alt></NAME> */
static void lang_alt(xw *x, const char *name, const char *s) {
  start(x, name);
  start(x, "rdf:Alt");
  start(x, "rdf:li");
  chk(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "xml:lang", BAD_CAST "x-default"));
  text(x, s);
  end(x);
  end(x);
  end(x);
}

/* <NAME><rdf:KIND><rdf:li>S</rdf:li></rdf:KIND></NAME> */
static void one_item(xw *x, const char *name, const char *kind, const char *s) {
  start(x, name);
  start(x, kind);
  simple(x, "rdf:li", s);
  end(x);
  end(x);
}

static void description(xw *x, const char *prefix, const char *uri) {
  start(x, "rdf:Description");
  chk(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "rdf:about", BAD_CAST ""));
  buf ns = BUF_INIT;
  buf_printf(&ns, "xmlns:%s", prefix);
  chk(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST buf_cstr(&ns), BAD_CAST uri));
  buf_free(&ns);
}

/* The packet: xpacket processing instructions (constants) around the
 * x:xmpmeta element written by xmlTextWriter. */
static int packet(const pdf_xmp *m, buf *out) {
  xmlBufferPtr xb = xmlBufferCreate();
  if (!xb) return -1;
  xw x = {xmlNewTextWriterMemory(xb, 0), 0};
  if (!x.w) {
    xmlBufferFree(xb);
    return -1;
  }
  chk(&x, xmlTextWriterSetIndent(x.w, 1));
  chk(&x, xmlTextWriterSetIndentString(x.w, BAD_CAST " "));
  start(&x, "x:xmpmeta");
  chk(&x, xmlTextWriterWriteAttribute(x.w, BAD_CAST "xmlns:x", BAD_CAST NS_X));
  start(&x, "rdf:RDF");
  chk(&x, xmlTextWriterWriteAttribute(x.w, BAD_CAST "xmlns:rdf", BAD_CAST NS_RDF));

  description(&x, "pdfuaid", NS_PDFUAID);
  simple(&x, "pdfuaid:part", "1");
  end(&x);

  description(&x, "dc", NS_DC);
  simple(&x, "dc:format", "application/pdf");
  lang_alt(&x, "dc:title", m->title ? m->title : "");
  if (m->author && *m->author) one_item(&x, "dc:creator", "rdf:Seq", m->author);
  if (m->subject && *m->subject) lang_alt(&x, "dc:description", m->subject);
  if (m->lang && *m->lang) one_item(&x, "dc:language", "rdf:Bag", m->lang);
  end(&x);

  description(&x, "pdf", NS_PDF);
  simple(&x, "pdf:Producer", "Concord (libharu 2.3.0)");
  if (m->keywords && *m->keywords) simple(&x, "pdf:Keywords", m->keywords);
  end(&x);

  description(&x, "xmp", NS_XMP);
  simple(&x, "xmp:CreatorTool", "Concord");
  if (m->epoch >= 0) {
    time_t t = (time_t)m->epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    buf d = BUF_INIT;
    buf_printf(&d, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
               tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    simple(&x, "xmp:CreateDate", buf_cstr(&d));
    simple(&x, "xmp:ModifyDate", buf_cstr(&d));
    simple(&x, "xmp:MetadataDate", buf_cstr(&d));
    buf_free(&d);
  }
  end(&x);

  end(&x); /* rdf:RDF */
  end(&x); /* x:xmpmeta */
  chk(&x, xmlTextWriterEndDocument(x.w));
  xmlFreeTextWriter(x.w);
  if (!x.failed) {
    buf_puts(out, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    buf_put(out, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
    buf_puts(out, "<?xpacket end=\"w\"?>\n");
  }
  xmlBufferFree(xb);
  return x.failed ? -1 : 0;
}

int pdf_xmp_attach(HPDF_Doc pdf, const pdf_xmp *m) {
  buf b = BUF_INIT;
  if (packet(m, &b) != 0) {
    buf_free(&b);
    return -1;
  }
  HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
  if (!s) {
    buf_free(&b);
    return -1;
  }
  s->filter = HPDF_STREAM_FILTER_NONE;
  HPDF_Dict_AddName(s, "Type", "Metadata");
  HPDF_Dict_AddName(s, "Subtype", "XML");
  HPDF_STATUS rc = HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
  buf_free(&b);
  if (rc != HPDF_OK) return -1;
  return HPDF_Dict_Add(pdf->catalog, "Metadata", s) == HPDF_OK ? 0 : -1;
}
