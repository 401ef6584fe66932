/* layout_hyph.h - hyphenation points from libhyphen (en-GB patterns).
 *
 * Part of the layout engine (docs/pdf-output.md). Words are lower-cased
 * (ASCII) before lookup, because the patterns find no breaks in capitals
 * ("COUNCILLORS" gets none, "councillors" coun-cil-lors); for a UTF-8
 * dictionary libhyphen indexes its break vector by character, not byte.
 */
#ifndef CONCORD_LAYOUT_HYPH_H
#define CONCORD_LAYOUT_HYPH_H

#include <stddef.h>

typedef struct layout_hyph layout_hyph;

/* The en-GB patterns compiled into concord (layout_hyph_data.h); NULL if
 * it was built without them (callers then set text without
 * hyphenation). Free with layout_hyph_free (NULL: nothing). Threads may
 * share one: the patterns are read-only once made, and the words it
 * remembers for every document of a build (base/memo.h) are behind the
 * memo's own lock. */
layout_hyph *layout_hyph_new(void);
void layout_hyph_free(layout_hyph *h);
/* What the patterns are, for the build cache's keys ("none" without), and
 * the file they were compiled from ("" without). */
const char *layout_hyph_digest(void);
const char *layout_hyph_source(void);

/* Print's rule: at least 2 letters before a break, 3 after ("re-|mind",
 * "coun-|cil", never "determin-|ed" or "-|ly"). */
#define LAYOUT_HYPH_LEFTMIN 2
#define LAYOUT_HYPH_RIGHTMIN 3

/* Byte offsets inside WORD (LEN bytes, UTF-8 letters only) after which a
 * hyphen may be inserted, written to OUT (at most MAX); returns how many.
 * Words shorter than LEFTMIN + RIGHTMIN characters, or with any capital
 * (capitalised names, acronyms) get none. */
size_t layout_hyph_points(layout_hyph *h, const char *word, size_t len, size_t *out, size_t max);

#endif
