/* frontmatter.h - front matter (YAML) -> document metadata.
 * Implements docs/annotated-markdown.md section 1. */
#ifndef CONCORD_FRONTMATTER_H
#define CONCORD_FRONTMATTER_H

#include "base/diag.h"
#include "model/model.h"
#include "read/source.h"

/* Fills doc's metadata from src's front matter. 0, or -1 with errors. */
int frontmatter_apply(cc_document *doc, const cc_source *src, diag_list *d);

/* Is S a valid slug ([a-z0-9] words joined by single '-')? */
int frontmatter_valid_slug(const char *s);
/* Is S a real calendar date written YYYY-MM-DD? */
int frontmatter_valid_date(const char *s);

#endif
