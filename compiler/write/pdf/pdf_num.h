/* pdf_num.h - numbers in content streams, fast.
 *
 * Every line of a PDF page writes a few numbers ("12.00 Tf 1 0 0 1
 * 68.000 700.250 Tm", justification gaps, MCIDs); through buf_printf they
 * were 8% of the PDF writer's instructions (glibc's printf_fp). These give
 * exactly printf's bytes: the same digits, the same rounding (a value
 * too close to a rounding tie, and a negative value that rounds to zero,
 * go to buf_printf itself).
 */
#ifndef CONCORD_PDF_NUM_H
#define CONCORD_PDF_NUM_H

#include "base/buf.h"

/* As buf_printf(B, "%lld", V). */
void pdf_num_int(buf *b, long long v);
/* As buf_printf(B, "%.*f", DECIMALS, V), DECIMALS 0-4. */
void pdf_num_fixed(buf *b, double v, int decimals);

/* V as libharu's HPDF_FToA writes it (the numbers of its drawing
 * operators: clamped to +-32767, five decimals, trailing zeros dropped):
 * the same float arithmetic and the same digits, without its zeroed
 * buffer and digit-by-digit copies (HPDF_FToA was 2% of the PDF
 * writers' instructions). Writes at most PDF_NUM_REAL_MAX bytes at OUT
 * and returns how many. */
#define PDF_NUM_REAL_MAX 16
size_t pdf_num_real(char *out, float v);
/* The same, appended to B. */
void pdf_num_real_buf(buf *b, float v);

#endif
