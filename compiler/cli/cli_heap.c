/* cli_heap.c - the heap in large pages (see cli_heap.h).
 *
 * A build of the five councils touches about 18 MB of heap, faulted in
 * 4 KB at a time: about 4,300 page faults, which on the virtual machines
 * concord is built on cost more than some writers (perf: a sixth of a
 * build's CPU was in the page-fault path). glibc grows the heap by 64 MB
 * at once (M_TOP_PAD; untouched pages cost nothing), keeps it (a high
 * trim threshold, so freeing a page does not mean faulting it again),
 * and the kernel is asked to back it with 2 MB pages where it can
 * (MADV_HUGEPAGE; transparent huge pages in "madvise" mode, Debian's
 * default): about 600 faults in all. Threads keep arenas of their
 * own: forcing them onto the main heap (M_ARENA_MAX 1) put its large
 * pages under every thread's allocations but made the writer threads
 * queue on one malloc lock, which at -j 2 cost more (futex waits; 0.21 s
 * against 0.10 s of wall time for the five councils) than it saved. This is what
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.top_pad=... does,
 * which only the environment can set.
 *
 * The writer threads' arenas: glibc gives each a heap of its own, a
 * region of HEAP_MAX (64 MB) aligned to its size, and with M_TOP_PAD
 * as large as that the whole region is made readable and writable at
 * once. Without advice it was faulted in 4 KB at a time: at -j 2 the
 * first PDF on each thread took 500 to 800 faults, and a build of the
 * five 2,156 faults in all; with the region advised (the thread's first
 * allocation shows where it is) 1,568, and 15% less wall time. Only the command line does this: the
 * library leaves a program's heap alone. Without glibc or THP, nothing. */
#define _DEFAULT_SOURCE /* sbrk, madvise */
#include "cli/cli_heap.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#endif

void cli_heap_tune(void) {
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE) && \
    !defined(__SANITIZE_ADDRESS__)
  enum { PAD = 64 << 20, HUGE_PAGE = 2 << 20 };
  mallopt(M_MMAP_THRESHOLD, PAD / 2); /* big buffers from the heap too */
  mallopt(M_TOP_PAD, PAD);
  mallopt(M_TRIM_THRESHOLD, 2 * PAD);
  void *before = sbrk(0);
  void *p = malloc(HUGE_PAGE); /* more than the heap has: it grows by PAD */
  void *after = sbrk(0);
  if (p && before != (void *)-1 && after != (void *)-1) {
    uintptr_t start = ((uintptr_t)before + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t end = (uintptr_t)after & ~(uintptr_t)(HUGE_PAGE - 1);
    if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE); /* advice: may fail */
  }
  free(p);
#endif
}

void cli_heap_tune_thread(void) {
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE) && \
    !defined(__SANITIZE_ADDRESS__)
  /* glibc's HEAP_MAX_SIZE: twice the largest mmap threshold */
  const uintptr_t heap_max = 2 * 4 * 1024 * 1024 * sizeof(long);
  void *p = malloc(64);
  void *brk_end = sbrk(0);
  /* a thread arena's chunk lies above the main heap's break; a chunk of
   * the main arena (no arena of its own) has its advice already */
  if (p && brk_end != (void *)-1 && (uintptr_t)p > (uintptr_t)brk_end)
    madvise((void *)((uintptr_t)p & ~(heap_max - 1)), heap_max, MADV_HUGEPAGE); /* advice: may fail */
  free(p);
#endif
}
