/* draft_io.h - helpers shared by `concord draft` and `concord import`:
 * choosing the corpus sources that a new document is compared with.
 */
#ifndef CONCORD_DRAFT_IO_H
#define CONCORD_DRAFT_IO_H

#include <stddef.h>

/* The sources DIR/<name>.md, sorted, leaving out EXCLUDE_PATH (may be NULL)
 * and any whose front matter says slug: EXCLUDE_SLUG (may be NULL).
 * Returns a malloc'd array of malloc'd paths; *N gets the count. */
char **draft_corpus_sources(const char *dir, const char *exclude_path, const char *exclude_slug,
                            size_t *n);
void draft_free_paths(char **p, size_t n);

/* The slug written in the front matter of the source at PATH (malloc'd),
 * or NULL. */
char *draft_source_slug(const char *path);

#endif
