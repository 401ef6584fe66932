/* progress.h - a one-line progress report on a terminal.
 *
 * "concord: 12/50 documents · Brent Council" on stderr, rewritten in place
 * (\r + erase to end of line), shown only once the build has run for
 * PROGRESS_DELAY_MS and only when stderr is a terminal; erased when the
 * build ends so the diagnostics print on a clean line. Thread-safe: worker
 * threads report documents as they finish. Part of the command line,
 * like watch.c and the commands (the library never prints); the build
 * pipeline is handed one by concord build and reports through it.
 */
#ifndef CONCORD_PROGRESS_H
#define CONCORD_PROGRESS_H

#include <stddef.h>

#include "build/pipeline.h"

#define PROGRESS_DELAY_MS 1000

typedef struct progress progress;

/* ENABLED 0 (e.g. -q) or stderr not a TTY: a progress that prints nothing.
 * CONCORD_PROGRESS=always forces it on from the start, even when not a
 * terminal (tests); =never turns it off. */
progress *progress_new(int enabled);
void progress_free(progress *p); /* erases the line; NULL: nothing */

/* The unit of work: TOTAL documents. */
void progress_start(progress *p, const char *what, size_t total);
/* One more done; NAME: what is being worked on now (may be NULL). */
void progress_step(progress *p, const char *name);
/* Names the current phase without counting ("matrix"). */
void progress_note(progress *p, const char *name);
/* Erases the line (before printing diagnostics). */
void progress_clear(progress *p);

/* P as the build's progress reports (pipeline_build_opts.progress). */
pipeline_progress progress_reporter(progress *p);

/* Where a build's time went (-v), on stderr: FIRST (the work before
 * pipeline_build, e.g. "read") took FIRST_MS of wall time and FIRST_CPU_MS
 * of the process's CPU time (all threads; negative: not shown), then BO's
 * phases (wall/cpu ms) and its slowest parts. For docs/performance.md. */
void progress_print_phases(const char *first, double first_ms, double first_cpu_ms,
                           const pipeline_build_opts *bo);

#endif
