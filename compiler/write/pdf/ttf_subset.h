/* ttf_subset.h - a small TrueType reader and subsetter for the PDF fonts.
 *
 * libharu 2.3.0 embeds a TrueType face nearly whole (it trims only glyf,
 * keeps the full cmap/hmtx/loca, and writes a /W entry and a CIDToGIDMap
 * slot for every code point the font covers), and setting a face up loops
 * over all 65536 code points against the full cmap. So the PDF writer
 * hands libharu a real subset instead: only the glyphs a document draws.
 *
 * ttf_open parses a font once (bounds-checked: a truncated or hostile file
 * is an error in the diag_list, never a crash); the parsed font is then
 * read-only and may be shared between threads. ttf_subset writes a
 * complete, valid TrueType file with glyph 0, the glyphs of the given code
 * points and every component of their composite glyphs, renumbered densely,
 * with the 13 tables libharu requires (docs/pdf-output.md).
 */
#ifndef CONCORD_TTF_SUBSET_H
#define CONCORD_TTF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"

typedef struct ttf_font ttf_font;

/* Reads and parses the TrueType file at PATH. NULL (+ error in D naming
 * PATH) if it cannot be read or is not a usable TrueType font. */
ttf_font *ttf_open(const char *path, diag_list *d);
/* The same from LEN bytes at DATA (copied); NAME is used in messages. */
ttf_font *ttf_parse(const unsigned char *data, size_t len, const char *name, diag_list *d);
void ttf_free(ttf_font *f); /* NULL: nothing */

unsigned ttf_num_glyphs(const ttf_font *f);
unsigned ttf_units_per_em(const ttf_font *f);
/* The glyph of Unicode code point CP, 0 (.notdef) if the font has none. */
unsigned ttf_glyph(const ttf_font *f, uint32_t cp);
/* Advance of glyph GID in 1/1000 em, computed exactly as libharu does
 * (advance * 1000 / unitsPerEm, integer), so layouts keep their widths. */
int ttf_glyph_advance(const ttf_font *f, unsigned gid);

/* Appends to OUT a TrueType file holding .notdef and the glyphs of the N
 * code points CPS (any order; repeats and code points the font lacks are
 * ignored; only the BMP, as libharu's cmap reader). Same input, same
 * bytes. 0, or -1 (+ error in D) if the font's glyph data is damaged. */
int ttf_subset(const ttf_font *f, const uint32_t *cps, size_t n, buf *out, diag_list *d);

#endif
