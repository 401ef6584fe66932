/* utf8.h - UTF-8 checks and text normalisation helpers (utf8proc). */
#ifndef CONCORD_UTF8_H
#define CONCORD_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* Offset of the first invalid byte, or len if S is valid UTF-8
 * (overlongs, surrogates and code points above U+10FFFF are invalid). */
size_t utf8_validate(const char *s, size_t len);

/* ASCII slug of S for ids: accents stripped and case folded by utf8proc,
 * runs of other characters become '-', at most MAX_WORDS words (0 = all).
 * Returns "" when nothing is left. */
char *utf8_slug(arena *a, const char *s, int max_words);

/* NFC-normalised, case-folded copy (for comparisons). */
char *utf8_fold(arena *a, const char *s);

/* The form words are matched in (search index, aligner): compatibility
 * decomposed, accents stripped, case folded (utf8proc). Text of ASCII
 * and the common prose marks (U+2019, U+201C, U+201D, U+2013) is only
 * lower-cased, which gives the same bytes without utf8proc. malloc'd, its
 * length in *LEN; NULL if TEXT is not valid UTF-8. */
char *utf8_match_fold(const char *text, size_t *len);

typedef enum { UTF8_OTHER, UTF8_LETTER, UTF8_DIGIT, UTF8_NUMERIC } utf8_class;
/* The character at S (LEN bytes left): its class (letter: Unicode L*;
 * digit: Nd; numeric: Nl, No), code point (*CP, -1 if invalid) and byte
 * length (*N, 1 if invalid). ASCII needs no table lookup. */
utf8_class utf8_char_class(const char *s, size_t len, int32_t *cp, size_t *n);

/* Code point of the first Unicode bidirectional control (U+202A-U+202E,
 * U+2066-U+2069) in S[0..LEN), or 0. */
unsigned utf8_find_bidi(const char *s, size_t len);
/* The one XML 1.0 text sanitiser: removes from S, in place, every
 * character an XML 1.0 document cannot carry (C0 controls other than TAB,
 * LF and CR; U+FFFE, U+FFFF). Returns how many were removed; *FIRST (if
 * not NULL) is the first one's code point. The readers call it on every
 * decoded text (Markdown after cmark, YAML after libyaml), so every
 * writer gets valid text. */
size_t utf8_strip_xml_invalid(char *s, unsigned *first);

#endif
