/* align_vec.h - the aligner's sparse vectors, shared by align.c and
 * align_topics.c. */
#ifndef CONCORD_ALIGN_VEC_H
#define CONCORD_ALIGN_VEC_H

#include <stddef.h>
#include <stdint.h>

/* Terms and weights in two arrays: scoring walks a candidate's term ids
 * and reads a weight only where the term matches, so most of the memory
 * traffic of scoring is 4 bytes per feature, not 16. Weights are
 * L2-normalised, so a dot product is a cosine. */
typedef struct align_vec {
  uint32_t *t; /* term ids, increasing */
  double *w;   /* their weights */
  size_t n;
} align_vec;

#endif
