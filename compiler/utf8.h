/* utf8.h - UTF-8 checks and text normalisation helpers (utf8proc). */
#ifndef CONCORD_UTF8_H
#define CONCORD_UTF8_H

#include <stddef.h>

#include "arena.h"

/* Offset of the first invalid byte, or len if S is valid UTF-8
 * (overlongs, surrogates and code points above U+10FFFF are invalid). */
size_t utf8_validate(const char *s, size_t len);

/* ASCII slug of S for ids: accents stripped and case folded by utf8proc,
 * runs of other characters become '-', at most MAX_WORDS words (0 = all).
 * Returns "" when nothing is left. */
char *utf8_slug(arena *a, const char *s, int max_words);

/* NFC-normalised, case-folded copy (for comparisons). */
char *utf8_fold(arena *a, const char *s);

#endif
