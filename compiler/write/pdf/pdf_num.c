/* pdf_num.c - printf's numbers without printf (see pdf_num.h). */
#include "write/pdf/pdf_num.h"

#include <math.h>

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
