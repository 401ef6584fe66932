/* cli_heap.h - the process's heap set up for a short, allocation-heavy run. */
#ifndef CONCORD_CLI_HEAP_H
#define CONCORD_CLI_HEAP_H

/* Call first in main, before any thread starts. */
void cli_heap_tune(void);
/* Call first on every thread the build starts (parallel_set_thread_start):
 * the same large pages for the thread's own malloc arena. */
void cli_heap_tune_thread(void);

#endif
