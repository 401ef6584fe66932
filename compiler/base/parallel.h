/* parallel.h - run N independent jobs on a few threads.
 *
 * Jobs are handed out in index order (a shared counter), so with one
 * thread they run exactly in order on the calling thread. Each job must
 * touch only its own state; results are merged by the caller in index
 * order, which keeps the output independent of the thread count.
 */
#ifndef CONCORD_PARALLEL_H
#define CONCORD_PARALLEL_H

#include <stddef.h>

/* Online CPUs (at least 1). */
int parallel_cpus(void);

/* FN is called first on every thread parallel_run starts (not on the
 * caller's): the program's chance to set up the thread's heap (the
 * command line backs it with large pages, cli_heap.c). Set it once,
 * before any parallel_run; NULL: nothing. The library never sets it. */
void parallel_set_thread_start(void (*fn)(void));

/* Calls FN(CTX, i) for i in 0..NJOBS-1 on up to THREADS threads (the
 * caller's thread is one of them) and returns when all are done. If a
 * thread cannot be started the remaining work runs on the others. */
void parallel_run(size_t njobs, int threads, void (*fn)(void *ctx, size_t job), void *ctx);

/* The same, also telling FN which thread runs the job: SLOT is 0 for the
 * caller's thread, 1..THREADS-1 for the others, so a job can use state
 * kept per thread (an arena) without a lock. The number of slots is
 * parallel_threads(NJOBS, THREADS). */
void parallel_run_slots(size_t njobs, int threads,
                        void (*fn)(void *ctx, size_t job, int slot), void *ctx);
/* How many threads parallel_run uses for NJOBS jobs on THREADS (at
 * least 1). */
int parallel_threads(size_t njobs, int threads);

#endif
