/* pdf_text.h - PDF text strings (document information, bookmarks, link
 * /Contents, /Alt) without libharu's UTF-8 encoder.
 *
 * libharu converts a UTF-8 string to a PDF text string only through its
 * UTF-8 encoder, which every document had to register
 * (HPDF_UseUTFEncodings): building it fills CMap tables of several
 * hundred kilobytes (HPDF_CMapEncoder_InitAttr), 2% of the PDF writers'
 * instructions and 8% of a build's page faults, for a few dozen short
 * strings. These write the bytes that encoder wrote: "<FEFF", the
 * UTF-16BE code units in upper-case hex, ">", with its reading of
 * UTF-8 (a byte that starts no sequence is skipped, the bytes after a
 * lead byte are taken as its continuation whatever they are, a sequence
 * cut short at the end is dropped, and a character past U+FFFF becomes
 * a space).
 */
#ifndef CONCORD_PDF_TEXT_H
#define CONCORD_PDF_TEXT_H

#include <hpdf.h>
#include <stddef.h>

#include "base/buf.h"

/* The most bytes pdf_text_hex writes for LEN bytes of UTF-8. */
#define PDF_TEXT_HEX_MAX(len) (6 + 4 * (size_t)(len))

/* Writes S[0..LEN) at P as a hex text string; returns the end. */
char *pdf_text_hex(char *p, const char *s, size_t len);
/* The same, appended to B. */
void pdf_text_hex_buf(buf *b, const char *s, size_t len);

/* A text string object holding S for a libharu dictionary (an
 * HPDF_Binary that writes those bytes). NULL, with libharu's error set
 * as HPDF_String_New sets it, if S is longer than libharu allows a
 * string (HPDF_LIMIT_MAX_STRING_LEN bytes) or memory ran out. */
void *pdf_text_new(HPDF_MMgr mm, const char *s);

/* HPDF_SetInfoAttr for the text entries (title, author, subject,
 * keywords, creator, producer), S written as a text string. */
void pdf_text_set_info(HPDF_Doc pdf, HPDF_InfoType type, const char *s);

/* HPDF_CreateOutline with TITLE written as a text string. */
HPDF_Outline pdf_text_outline(HPDF_Doc pdf, HPDF_Outline parent, const char *title);

#endif
