/* layout_hyph_data.h - the hyphenation patterns, compiled into concord.
 *
 * libhyphen reads its pattern file (hyph_en_GB.dic, 14,000 lines) into a
 * state machine by parsing and hashing every pattern: about 18 ms of CPU
 * and 800 page faults at the start of every build with PDFs, a sixth of
 * the five councils' build. So the Makefile runs compiler/gen/hyph_gen.c
 * at build time: it loads the file with libhyphen itself and writes the
 * machine out as the constant tables below (build/gen/
 * layout_hyph_patterns.c), and layout_hyph.c rebuilds the HyphenDict from
 * them in one pass, pointing into the tables (libhyphen only reads it).
 * The patterns are those of the hyphen-en-gb package on the machine that
 * built concord; a new package version takes a rebuild (make notices).
 * Offsets, not pointers: tables of pointers would be relocated by the
 * dynamic loader at every start of the program, PDF or not.
 */
#ifndef CONCORD_LAYOUT_HYPH_DATA_H
#define CONCORD_LAYOUT_HYPH_DATA_H

#include <hyphen.h>

/* a HyphenState: MATCH and REPL are offsets into the strings (-1: NULL),
 * TRANS the index of its first transition */
typedef struct layout_hyph_state {
  long match, repl;
  signed char replindex, replcut;
  int fallback_state, num_trans;
  long trans;
} layout_hyph_state;

/* a HyphenDict of the chain (libhyphen's levels): its states are
 * states[FIRST_STATE ..] */
typedef struct layout_hyph_level {
  char lhmin, rhmin, clhmin, crhmin;
  long nohyphen; /* offset into the strings, or -1 */
  int nohyphenl, num_states;
  char cset[MAX_NAME];
  int utf8;
  long first_state;
} layout_hyph_level;

typedef struct layout_hyph_data {
  const layout_hyph_level *levels;
  int nlevels; /* 0: built without a pattern file */
  const layout_hyph_state *states;
  const HyphenTrans *trans;
  const char *strings;
  const char *source; /* the pattern file it came from */
  const char *digest; /* FNV-1a of that file, hex: in the build cache's keys */
} layout_hyph_data;

extern const layout_hyph_data layout_hyph_patterns;

#endif
