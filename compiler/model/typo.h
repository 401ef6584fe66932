/* typo.h - typographic punctuation for display: the one text pass both
 * the HTML and the PDF writer apply to the model's text, so the two show
 * the same characters (docs/typography.md).
 *
 * The model and the sources are left as written (corpus.json, Akoma Ntoso
 * and the fidelity checks keep the source's characters); only what a
 * reader sees is changed:
 *   "  ->  “ or ”      opening after a space, bracket or dash, else closing
 *   '  ->  ’ or ‘      ’ after a letter or digit (don't, members'), ‘ after
 *                      a space, bracket or dash, else ’
 *   1-3 -> 1–3         a hyphen between numbers (10-12, 4.2-4.5), not in a
 *                      chain (2023-11-14, 020-8937-1234) or a code (B12-3)
 *   paragraph 3.4      the space after paragraph(s)/para(s) before a
 *                      number becomes a no-break space (U+00A0)
 * Curly quotes already in a source are kept as they are.
 */
#ifndef CONCORD_TYPO_H
#define CONCORD_TYPO_H

#include "base/arena.h"

/* S with typographic punctuation: S itself if nothing changes, else a copy
 * in A. *PREV is the code point before S in the same paragraph (0 at its
 * start, ' ' after a line break) and is updated to S's last code point, so
 * a quote right after emphasis or a link is turned the right way. */
const char *typo_text(arena *a, const char *s, unsigned *prev);

#endif
