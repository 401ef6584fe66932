/* align_text.h - text to comparable terms, for the aligner.
 *
 * A clause's plain text becomes a list of terms: words NFKC-normalised,
 * case-folded and stripped of accents by utf8proc, numbers and English stop
 * words dropped, local-government synonyms ("councillor"/"member", "Town
 * Clerk"/"Chief Executive") folded to one canonical term, other words
 * lightly stemmed so "informed", "information" and "inform" meet. Terms
 * never depend on topic annotations.
 */
#ifndef CONCORD_ALIGN_TEXT_H
#define CONCORD_ALIGN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* Content terms of TEXT, in text order, as arena strings; *N gets the count.
 * Returns NULL when there are none. */
char **align_text_terms(arena *a, const char *text, size_t *n);

/* Segments of TEXT (sentences and sub-items: split at line breaks and at
 * sentence punctuation followed by white space), in order, as arena
 * strings; *N gets the count. Returns NULL when there are none. */
char **align_text_segments(arena *a, const char *text, size_t *n);

/* True for an English function word (already folded). */
bool align_text_is_stop(const char *word);

/* Light suffix-stripping stemmer; rewrites WORD (ASCII, folded) in place. */
void align_text_stem(char *word);

#endif
