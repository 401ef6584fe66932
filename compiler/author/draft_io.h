/* draft_io.h - file helpers shared by `concord draft` and `concord import`:
 * writing one output file atomically, and choosing the corpus sources that
 * a new document is compared with.
 */
#ifndef CONCORD_DRAFT_IO_H
#define CONCORD_DRAFT_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

/* Writes DATA to PATH.tmp, then renames it over PATH, so PATH is either
 * the old file or the whole new one. FORCE: replace an existing PATH.
 * 0, or -1 with an error in D. */
int draft_write_atomic(const char *path, const char *data, size_t len, bool force, diag_list *d);

/* The sources DIR/<name>.md, sorted, leaving out EXCLUDE_PATH (may be NULL)
 * and any whose front matter says slug: EXCLUDE_SLUG (may be NULL).
 * Returns a malloc'd array of malloc'd paths; *N gets the count. */
char **draft_corpus_sources(const char *dir, const char *exclude_path, const char *exclude_slug,
                            size_t *n);
void draft_free_paths(char **p, size_t n);

/* The slug written in the front matter of the source at PATH (malloc'd),
 * or NULL. */
char *draft_source_slug(const char *path);

/* Whole file into memory (malloc'd, NUL-terminated); NULL if unreadable. */
char *draft_read_file(const char *path, size_t *len);

#endif
