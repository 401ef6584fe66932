/* pdf_xmp.h - the document's XMP metadata stream (catalog /Metadata), as
 * PDF/UA-1 requires (ISO 14289-1 5 and 7.1): dc:title, the PDF/UA
 * identification pdfuaid:part 1, and the same creator, subject, keywords,
 * language and dates as the Info dictionary.
 *
 * The XML is written with libxml2's xmlTextWriter, so every text from the
 * model is escaped: a title such as `<b>Rules</b> & "x"` is character
 * data, never markup. Dates come only from SOURCE_DATE_EPOCH (EPOCH < 0:
 * no dates), so the stream is reproducible.
 */
#ifndef CONCORD_PDF_XMP_H
#define CONCORD_PDF_XMP_H

#include <hpdf.h>

typedef struct pdf_xmp {
  const char *title;    /* dc:title (required) */
  const char *author;   /* dc:creator, or NULL */
  const char *subject;  /* dc:description, or NULL */
  const char *keywords; /* pdf:Keywords, or NULL/"" */
  const char *lang;     /* dc:language, or NULL */
  long long epoch;      /* xmp:CreateDate/ModifyDate/MetadataDate; < 0: none */
} pdf_xmp;

/* Adds the metadata stream to PDF's catalog. Returns 0, or -1 if libxml2
 * or libharu failed (libharu's error is then also in its error state). */
int pdf_xmp_attach(HPDF_Doc pdf, const pdf_xmp *x);

#endif
