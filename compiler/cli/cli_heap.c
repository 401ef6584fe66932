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
#include <pthread.h>
#include <sys/mman.h>
#endif

#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE) && \
    !defined(__SANITIZE_ADDRESS__)
/* The heap's first allocations would go below LARGE, the first 2 MB
 * boundary of the advised range, in small pages (what lies below it
 * was touched or is not advised). A block filling the heap up to LARGE,
 * never freed and never touched past its header, moves them to large
 * pages: address space, not memory. 0: nothing. */
static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
/* the blocks skip_to keeps, reachable (a leak checker would otherwise
 * call them lost); volatile: the compiler may drop an unused malloc */
static void *volatile kept[257];
static size_t nkept;

/* Has no thread started on the arena at BASE before? An arena outlives
 * its thread and is handed to the next one (each parallel_run starts
 * threads: a build's reading, hooks and writers, and every build of
 * concord watch): only its first thread may fill it, or every start
 * would leave another block behind. */
static int first_use(uintptr_t base) {
  static uintptr_t seen[256];
  static size_t nseen;
  int first = 1;
  pthread_mutex_lock(&heap_lock);
  for (size_t i = 0; i < nseen && first; i++) first = seen[i] != base;
  if (first && nseen < sizeof seen / sizeof *seen) seen[nseen++] = base;
  else first = 0;
  pthread_mutex_unlock(&heap_lock);
  return first;
}

static void skip_to(uintptr_t large) {
  void *volatile probe = malloc(64); /* where the next allocation would go */
  uintptr_t at = (uintptr_t)probe;
  free(probe);
  if (!large || at >= large || large - at <= 4096) return;
  /* from the top chunk: ends just below LARGE. Kept: freed, its range
     would be handed out again */
  void *filler = malloc(large - at - 256);
  pthread_mutex_lock(&heap_lock);
  if (nkept < sizeof kept / sizeof *kept) kept[nkept++] = filler;
  pthread_mutex_unlock(&heap_lock);
}
#endif

void cli_heap_tune(void) {
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE) && \
    !defined(__SANITIZE_ADDRESS__)
  enum { PAD = 64 << 20, HUGE_PAGE = 2 << 20 };
  mallopt(M_MMAP_THRESHOLD, PAD / 2); /* big buffers from the heap too */
  mallopt(M_TOP_PAD, PAD);
  mallopt(M_TRIM_THRESHOLD, 2 * PAD);
  void *before = sbrk(0);
  /* more than the heap has: it grows by PAD. malloc writes the new top
     chunk's header just past the block, before the advice can be given,
     and a 2 MB region with one small page in it never gets a large one:
     a block of 2 MB put that page in the heap's first large region,
     where the whole read phase then took 4 KB faults (131 of them for
     the five councils). A block of 30 MB (still below the mmap
     threshold) puts it where a build of thousands of councils reaches. */
  void *p = malloc(PAD / 2 - HUGE_PAGE);
  void *after = sbrk(0);
  uintptr_t start = ((uintptr_t)before + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
  int advised = 0;
  if (p && before != (void *)-1 && after != (void *)-1) {
    uintptr_t end = (uintptr_t)after & ~(uintptr_t)(HUGE_PAGE - 1);
    if (end > start) advised = madvise((void *)start, end - start, MADV_HUGEPAGE) == 0;
  }
  free(p);
  skip_to(advised ? start : 0);
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
  uintptr_t large = 0;
  if (p && brk_end != (void *)-1 && (uintptr_t)p > (uintptr_t)brk_end &&
      madvise((void *)((uintptr_t)p & ~(heap_max - 1)), heap_max, MADV_HUGEPAGE) == 0) {
    /* the arena's first 2 MB were touched before the advice (glibc's
       heap and arena headers, this block): a thread's first allocations
       start past them. An arena another thread used before has moved on
       already. */
    const uintptr_t huge_page = 2 << 20;
    uintptr_t base = (uintptr_t)p & ~(heap_max - 1);
    if (first_use(base)) large = base + huge_page;
  }
  free(p);
  skip_to(large);
#endif
}
