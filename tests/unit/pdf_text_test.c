/* pdf_text_test.c - write/pdf/pdf_text.h and pdf_num_real
 * (write/pdf/pdf_num.h) against libharu itself.
 *
 * Text strings: every
 * string is written once by libharu's UTF-8 encoder (HPDF_String_Write,
 * as the PDF writers did before) and once by pdf_text_hex and by the
 * object pdf_text_new makes, and the bytes must be equal. The strings:
 * the councils' kinds of text (ASCII, accents, curly quotes, dashes, the
 * pound sign), then hostile ones (stray continuation bytes, cut-short
 * sequences, overlong forms, characters past U+FFFF, bytes F8-FF) and
 * random bytes.
 *
 * Numbers: pdf_num_real against HPDF_FToA on every hundredth from -40000
 * to 40000, the float neighbours of the roundings, and random floats.
 *
 * Prints "ok - name" / "not ok - name" lines (tests/run's format); run by
 * tests/t_pdf_text.sh. Exit status 1 if any check failed.
 */
#include "write/pdf/pdf_num.h"
#include "write/pdf/pdf_text.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static HPDF_STATUS collect(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n) {
  buf_put(s->attr, (const char *)p, n);
  return HPDF_OK;
}

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u) {
  (void)e, (void)d, (void)u;
}

/* S as libharu writes it (want), and as pdf_text writes it both ways:
 * 1 if all three are equal */
static int same(HPDF_Doc pdf, HPDF_Encoder utf8, const char *s, buf *why) {
  buf want = BUF_INIT, hex = BUF_INIT, obj = BUF_INIT;
  HPDF_Stream st = HPDF_CallbackWriter_New(pdf->mmgr, collect, &want);
  st->attr = &want;
  HPDF_String str = HPDF_String_New(pdf->mmgr, s, utf8);
  HPDF_String_Write(str, st, NULL);
  pdf_text_hex_buf(&hex, s, strlen(s));
  st->attr = &obj;
  HPDF_Binary b = pdf_text_new(pdf->mmgr, s);
  HPDF_Binary_Write(b, st, NULL);
  int ok = want.len == hex.len && memcmp(want.data, hex.data, want.len) == 0 &&
           want.len == obj.len && memcmp(want.data, obj.data, want.len) == 0;
  if (!ok && !why->len)
    buf_printf(why, "  libharu %s\n  hex     %s\n  object  %s\n", buf_cstr(&want),
               buf_cstr(&hex), buf_cstr(&obj));
  HPDF_String_Free(str);
  HPDF_Binary_Free(b);
  HPDF_Stream_Free(st);
  buf_free(&want);
  buf_free(&hex);
  buf_free(&obj);
  return ok;
}

static void check(const char *name, int cond, buf *why) {
  printf("%s - %s\n", cond ? "ok" : "not ok", name);
  if (!cond) {
    failed = 1;
    fputs(buf_cstr(why), stdout);
  }
  buf_clear(why);
}

/* 1 if pdf_num_real writes V as HPDF_FToA does */
static int same_real(float v, buf *why) {
  char want[32], got[PDF_NUM_REAL_MAX + 1];
  memset(want, 0, sizeof want);
  char *e = HPDF_FToA(want, v, want + HPDF_REAL_LEN);
  size_t n = pdf_num_real(got, v);
  got[n] = 0;
  int ok = (size_t)(e - want) == n && memcmp(want, got, n) == 0;
  if (!ok && !why->len) buf_printf(why, "  %.9g: libharu %s, pdf_num_real %s\n", (double)v, want, got);
  return ok;
}

int main(void) {
  HPDF_Doc pdf = HPDF_New(on_error, NULL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
  buf why = BUF_INIT;
  static const char *const plain[] = {
      "", "Constitution", "Brent Council: Part 4 \xe2\x80\x94 Rules of Procedure",
      "\xe2\x80\x98Quorum\xe2\x80\x99 and \xe2\x80\x9cthe Mayor\xe2\x80\x9d, \xc2\xa3" "5,000",
      "Caf\xc3\xa9 na\xc3\xafve \xc5\x93uvre \xe2\x80\xa6 \xe2\x82\xac",
  };
  int ok = 1;
  for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) ok &= same(pdf, utf8, plain[i], &why);
  check("council text as libharu writes it", ok, &why);
  static const char *const hostile[] = {
      "\x80", "a\xbf" "b", "\xc3", "ab\xe2\x80", "\xf0\x9f\x98\x80 emoji", "\xf0\x01\x80\x80",
      "\xc0\xaf overlong", "\xe0\x80\xaf", "\xf8\x88\x80\x80\x80", "\xff\xfe", "\xc3" "A",
      "\xed\xa0\x80 surrogate", "\xef\xbf\xbf", "\xe2\x80\xf0\x9f\x98\x80",
  };
  ok = 1;
  for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) ok &= same(pdf, utf8, hostile[i], &why);
  check("malformed UTF-8 as libharu writes it", ok, &why);
  srand(21);
  ok = 1;
  char s[64];
  for (int n = 0; n < 20000; n++) {
    size_t len = (size_t)(rand() % 40);
    for (size_t i = 0; i < len; i++) {
      int c = rand() % 256;
      s[i] = (char)(c ? c : 'x');
    }
    s[len] = 0;
    ok &= same(pdf, utf8, s, &why);
  }
  check("random bytes as libharu writes them", ok, &why);
  ok = 1;
  for (long k = -4000000; k <= 4000000; k++) {
    float v = (float)k / 100;
    ok &= same_real(v, &why);
    ok &= same_real(nextafterf(v, 1e9f), &why);
    ok &= same_real(nextafterf(v, -1e9f), &why);
  }
  for (long k = -400000; k <= 400000; k++) { /* near the fifth decimal's roundings */
    float v = (float)k / 100000 + 0.000005f;
    ok &= same_real(v, &why);
    ok &= same_real(nextafterf(v, 1e9f), &why);
    ok &= same_real(nextafterf(v, -1e9f), &why);
  }
  for (int n = 0; n < 2000000; n++) {
    float v = (float)((double)rand() / RAND_MAX * 80000.0 - 40000.0);
    ok &= same_real(v, &why);
    ok &= same_real(v / 1000, &why);
  }
  ok &= same_real(0.0f, &why) & same_real(-0.0f, &why) & same_real(1e30f, &why) &
        same_real(-1e30f, &why) & same_real(1e-30f, &why) & same_real(-1e-30f, &why);
  check("numbers as libharu's HPDF_FToA writes them", ok, &why);
  HPDF_Free(pdf);
  buf_free(&why);
  return failed;
}
