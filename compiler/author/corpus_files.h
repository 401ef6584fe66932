/* corpus_files.h - the source files of a corpus folder, for `concord
 * draft` and `concord import`: choosing the sources that a new document is
 * compared with, and reading a source's slug without parsing it.
 */
#ifndef CONCORD_CORPUS_FILES_H
#define CONCORD_CORPUS_FILES_H

#include <stddef.h>

/* The sources DIR/<name>.md, sorted, leaving out EXCLUDE_PATH (may be NULL)
 * and any whose front matter says slug: EXCLUDE_SLUG (may be NULL).
 * Returns a malloc'd array of malloc'd paths; *N gets the count. */
char **corpus_sources(const char *dir, const char *exclude_path, const char *exclude_slug,
                      size_t *n);
void corpus_free_paths(char **p, size_t n);

/* The slug written in the front matter of the source at PATH (malloc'd),
 * or NULL. */
char *corpus_source_slug(const char *path);

#endif
