/* pdf_num.c - printf's numbers without printf (see pdf_num.h). */
#include "write/pdf/pdf_num.h"

#include <hpdf_consts.h>
#include <hpdf_utils.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

void pdf_num_int(buf *b, long long v) {
  char s[24];
  int n = 0;
  unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do {
    s[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) buf_putc(b, '-');
  while (n) buf_putc(b, s[--n]);
}

void pdf_num_fixed(buf *b, double v, int decimals) {
  static const double scale[] = {1, 10, 100, 1000, 10000};
  if (decimals < 0 || decimals > 4 || !(fabs(v) < 1e12)) {
    buf_printf(b, "%.*f", decimals < 0 ? 0 : decimals, v);
    return;
  }
  double s = fabs(v) * scale[decimals];
  double fl = floor(s), frac = s - fl;
  /* near a tie, printf's exact decimal rounding of the binary value may
   * differ from rounding the scaled product: let printf decide */
  if (fabs(frac - 0.5) < 1e-6) {
    buf_printf(b, "%.*f", decimals, v);
    return;
  }
  unsigned long long n = (unsigned long long)fl + (frac > 0.5);
  if (n == 0 && signbit(v)) { /* printf writes "-0.00" */
    buf_printf(b, "%.*f", decimals, v);
    return;
  }
  unsigned long long p = (unsigned long long)scale[decimals];
  if (signbit(v)) buf_putc(b, '-');
  pdf_num_int(b, (long long)(n / p));
  if (!decimals) return;
  buf_putc(b, '.');
  unsigned long long f = n % p;
  for (unsigned long long d = p / 10; d; d /= 10) {
    buf_putc(b, (char)('0' + f / d));
    f %= d;
  }
}

size_t pdf_num_real(char *out, float val) {
  if (isnan(val)) { /* whatever libharu makes of it */
    char *e = HPDF_FToA(out, val, out + PDF_NUM_REAL_MAX - 1);
    return (size_t)(e - out);
  }
  /* HPDF_FToA (hpdf_utils.c), step for step */
  if (val > HPDF_LIMIT_MAX_REAL) val = HPDF_LIMIT_MAX_REAL;
  else if (val < HPDF_LIMIT_MIN_REAL) val = HPDF_LIMIT_MIN_REAL;
  char *s = out;
  if (val < 0) {
    *s++ = '-';
    val = -val;
  }
  int32_t int_val = (int32_t)(val + 0.000005);
  int32_t fpart_val = (int32_t)((float)(val - int_val + 0.000005) * 100000);
  char frac[8];
  if (fpart_val >= 0) { /* always, in fact: unsigned digits are cheaper */
    uint32_t f = (uint32_t)fpart_val;
    for (int i = 4; i >= 0; i--) {
      frac[i] = (char)('0' + f % 10);
      f /= 10;
    }
  } else {
    for (int i = 4; i >= 0; i--) {
      frac[i] = (char)((char)(fpart_val % 10) + '0');
      fpart_val /= 10;
    }
  }
  char digits[12];
  int n = 0;
  uint32_t iv = (uint32_t)int_val; /* 0 to 32767 */
  do {
    digits[n++] = (char)('0' + iv % 10);
    iv /= 10;
  } while (iv);
  while (n) *s++ = digits[--n];
  /* the decimals up to the last that is not '0'; no point without one */
  int last = 4;
  while (last >= 0 && frac[last] == '0') last--;
  if (last >= 0) {
    *s = '.';
    memcpy(s + 1, frac, 5); /* OUT has room; only LAST + 1 count */
    s += last + 2;
  }
  return (size_t)(s - out);
}

void pdf_num_real_buf(buf *b, float v) {
  char num[PDF_NUM_REAL_MAX];
  size_t n = pdf_num_real(num, v);
  buf_put(b, num, n);
}
