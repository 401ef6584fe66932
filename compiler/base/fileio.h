/* fileio.h - one whole file in or out.
 *
 * file_read_all reads a file into memory. file_write_atomic replaces one
 * file so that a reader sees either the old file or the whole new one: it
 * writes PATH.tmp, syncs it and renames it over PATH. (A build's many
 * outputs are staged and committed together by outdir.h instead.)
 */
#ifndef CONCORD_FILEIO_H
#define CONCORD_FILEIO_H

#include <stddef.h>

#include "base/diag.h"

/* Whole file into memory (malloc'd, NUL-terminated); *LEN (if LEN is not
 * NULL) gets its length. NULL if the file cannot be read. */
char *file_read_all(const char *path, size_t *len);

/* Writes LEN bytes of DATA to PATH atomically, replacing PATH if it
 * exists. 0, or -1 with an error in D (PATH is then unchanged and no
 * PATH.tmp is left). */
int file_write_atomic(const char *path, const char *data, size_t len, diag_list *d);

#endif
