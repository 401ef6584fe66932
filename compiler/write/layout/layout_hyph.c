/* layout_hyph.c - libhyphen wrapper (see layout_hyph.h). */
#include "write/layout/layout_hyph.h"
#include "base/arena.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

struct layout_hyph {
  HyphenDict *dict;
};

layout_hyph *layout_hyph_new(const char *dic_path) {
  HyphenDict *d = hnj_hyphen_load(dic_path);
  if (!d) return NULL;
  layout_hyph *h = xmalloc(sizeof *h);
  h->dict = d;
  return h;
}

void layout_hyph_free(layout_hyph *h) {
  if (!h) return;
  hnj_hyphen_free(h->dict);
  free(h);
}

size_t layout_hyph_points(layout_hyph *h, const char *word, size_t len, size_t *out, size_t max) {
  if (!h || len < 5 || len > 200) return 0;
  /* capitalised words (names: "Council", "Executive") and capitals
   * (acronyms, headings) are never broken, as in print */
  size_t upper = 0, nchars = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)word[i];
    if ((c & 0xC0) != 0x80) nchars++;
    if (c >= 'A' && c <= 'Z') upper++;
  }
  if (nchars < LAYOUT_HYPH_LEFTMIN + LAYOUT_HYPH_RIGHTMIN || upper > 0) return 0;
  char lower[256];
  for (size_t i = 0; i < len; i++) {
    char c = word[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  lower[len] = '\0';
  char hyphens[256 + 5];
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  if (hnj_hyphen_hyphenate2(h->dict, lower, (int)len, hyphens, NULL, &rep, &pos, &cut) != 0)
    return 0;
  if (rep) {
    /* non-standard hyphenation (not used by English patterns): ignore */
    for (size_t i = 0; i < len; i++) free(rep[i]);
    free(rep);
    free(pos);
    free(cut);
    return 0;
  }
  /* hyphens[] is indexed by character for UTF-8 dictionaries: map the
   * character index back to the byte offset after that character. */
  size_t n = 0, ci = 0;
  for (size_t i = 0; i < len && n < max; i++) {
    if (i + 1 < len && (((unsigned char)word[i + 1]) & 0xC0) == 0x80) continue;
    /* at least LEFTMIN characters before the break and RIGHTMIN after */
    if ((hyphens[ci] - '0') % 2 == 1 && i + 1 < len && ci + 1 >= LAYOUT_HYPH_LEFTMIN &&
        nchars - (ci + 1) >= LAYOUT_HYPH_RIGHTMIN)
      out[n++] = i + 1;
    ci++;
  }
  return n;
}
