/* fuzz_common.h - shared set-up for the libFuzzer harnesses.
 *
 * The harnesses run from the repository root (themes/, sources/topics.yaml
 * are found there): CONCORD_ROOT is set by the Makefile. Diagnostics are
 * collected and dropped; a crash, a sanitizer report or a leak is what the
 * fuzzer looks for. */
#ifndef CONCORD_FUZZ_COMMON_H
#define CONCORD_FUZZ_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef CONCORD_ROOT
#define CONCORD_ROOT "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_chdir_root(void) {
  if (chdir(CONCORD_ROOT) != 0) {
    perror("fuzz: chdir " CONCORD_ROOT);
    abort();
  }
}

#endif
