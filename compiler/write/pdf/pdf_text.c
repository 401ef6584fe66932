/* pdf_text.c - PDF text strings without libharu's UTF-8 encoder (see
 * pdf_text.h). */
#include "write/pdf/pdf_text.h"
#include "base/arena.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdlib.h>
#include <string.h>

/* S[0..LEN) read as libharu's UTF-8 encoder reads it
 * (UTF8_Encoder_ByteType_Func, UTF8_Encoder_ToUnicode_Func), each code
 * unit written at P: as four hex digits if HEX, else as two bytes,
 * big-endian. Returns the end. */
static char *put_units(char *p, const unsigned char *s, size_t len, int hex_digits) {
  static const char hex[] = "0123456789ABCDEF";
  unsigned char b[4] = {0, 0, 0, 0};
  unsigned cur = 0, end = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = s[i];
    unsigned long v;
    if (cur == 0) {
      b[0] = c;
      if (!(c & 0x80)) {
        v = c;
      } else {
        if ((c & 0xf8) == 0xf0) end = 3;
        else if ((c & 0xf0) == 0xe0) end = 2;
        else if ((c & 0xe0) == 0xc0) end = 1;
        else continue; /* starts no sequence: skipped */
        cur = 1;
        continue;
      }
    } else {
      b[cur] = c;
      if (cur != end) {
        cur++;
        continue;
      }
      cur = 0;
      if (end == 3) /* the second byte unmasked, as libharu has it */
        v = ((unsigned long)(b[0] & 0x7) << 18) + ((unsigned long)b[1] << 12) +
            ((unsigned long)(b[2] & 0x3f) << 6) + (b[3] & 0x3f);
      else if (end == 2)
        v = ((unsigned long)(b[0] & 0xf) << 12) + ((unsigned long)(b[1] & 0x3f) << 6) +
            (b[2] & 0x3f);
      else
        v = ((unsigned long)(b[0] & 0x1f) << 6) + (b[1] & 0x3f);
    }
    if (v > 0xFFFF) v = 0x20;
    if (!hex_digits) {
      *p++ = (char)(v >> 8);
      *p++ = (char)(v & 0xFF);
      continue;
    }
    *p++ = hex[v >> 12 & 15];
    *p++ = hex[v >> 8 & 15];
    *p++ = hex[v >> 4 & 15];
    *p++ = hex[v & 15];
  }
  return p;
}

char *pdf_text_hex(char *p, const char *s, size_t len) {
  memcpy(p, "<FEFF", 5);
  p = put_units(p + 5, (const unsigned char *)s, len, 1);
  *p++ = '>';
  return p;
}

void pdf_text_hex_buf(buf *b, const char *s, size_t len) {
  char tmp[1024];
  char *h = PDF_TEXT_HEX_MAX(len) <= sizeof tmp ? tmp : xmalloc(PDF_TEXT_HEX_MAX(len));
  buf_put(b, h, (size_t)(pdf_text_hex(h, s, len) - h));
  if (h != tmp) free(h);
}

void *pdf_text_new(HPDF_MMgr mm, const char *s) {
  size_t len = strlen(s);
  /* libharu's own refusal and error (HPDF_STRING_OUT_OF_RANGE) */
  if (len > HPDF_LIMIT_MAX_STRING_LEN) return HPDF_String_New(mm, s, NULL);
  /* an HPDF_Binary, as HPDF_Binary_New makes one, holding the bytes
   * themselves: the byte order mark, then the code units (a binary's
   * own length limit is not the string's) */
  HPDF_Binary obj = HPDF_GetMem(mm, sizeof(HPDF_Binary_Rec));
  HPDF_BYTE *v = obj ? HPDF_GetMem(mm, (HPDF_UINT)(2 + 2 * len)) : NULL;
  if (!v) {
    if (obj) HPDF_FreeMem(mm, obj);
    return NULL;
  }
  memset(&obj->header, 0, sizeof obj->header);
  obj->header.obj_class = HPDF_OCLASS_BINARY;
  obj->mmgr = mm;
  obj->error = mm->error;
  v[0] = 0xFE;
  v[1] = 0xFF;
  char *e = put_units((char *)v + 2, (const unsigned char *)s, len, 0);
  obj->value = v;
  obj->len = (HPDF_UINT)(e - (char *)v);
  return obj;
}

static const char *info_key(HPDF_InfoType type) {
  switch (type) {
  case HPDF_INFO_AUTHOR: return "Author";
  case HPDF_INFO_CREATOR: return "Creator";
  case HPDF_INFO_PRODUCER: return "Producer";
  case HPDF_INFO_TITLE: return "Title";
  case HPDF_INFO_SUBJECT: return "Subject";
  case HPDF_INFO_KEYWORDS: return "Keywords";
  default: return NULL;
  }
}

void pdf_text_set_info(HPDF_Doc pdf, HPDF_InfoType type, const char *s) {
  const char *key = info_key(type);
  if (!key) return;
  /* libharu makes the information dictionary (and numbers it) on its
   * first entry and keeps each key where it was first added: an empty
   * entry there, then the text string in its place */
  if (HPDF_SetInfoAttr(pdf, type, "") != HPDF_OK || !pdf->info) return;
  HPDF_Dict_Add(pdf->info, key, pdf_text_new(pdf->mmgr, s));
}

HPDF_Outline pdf_text_outline(HPDF_Doc pdf, HPDF_Outline parent, const char *title) {
  HPDF_Outline o = HPDF_CreateOutline(pdf, parent, "", NULL);
  if (o) HPDF_Dict_Add(o, "Title", pdf_text_new(pdf->mmgr, title));
  return o;
}
