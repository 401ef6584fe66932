/* reader.h - annotated Markdown -> document model.
 *
 * Implements docs/annotated-markdown.md: front matter, sections, clauses,
 * sub-items, attribute blocks, footnotes, cross-references and stable ids.
 * cmark parses the CommonMark; this module interprets its tree. It knows
 * nothing of HTML or PDF.
 */
#ifndef CONCORD_READER_H
#define CONCORD_READER_H

#include "base/diag.h"
#include "model/model.h"

/* Reads the source at PATH into a new document of corpus C. Returns the
 * document (possibly incomplete) or NULL if the file could not be read at
 * all; errors and warnings go to D. The document belongs to C. */
cc_document *reader_read_file(cc_corpus *c, const char *path, diag_list *d);
/* Same, from memory; PATH is used in diagnostics. */
cc_document *reader_read_buffer(cc_corpus *c, const char *path, const char *data,
                                size_t len, diag_list *d);

#endif
