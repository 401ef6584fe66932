/* hyph_gen.c - `hyph_gen DIC > layout_hyph_patterns.c`: libhyphen's
 * pattern file DIC, loaded by libhyphen itself, written out as C tables
 * that write/layout/layout_hyph.c turns back into a HyphenDict without
 * parsing anything (layout_hyph_data.h says why).
 *
 * Run by the Makefile at build time; not part of the library. Without DIC
 * (the package hyphen-en-gb not installed) it writes empty tables: concord
 * then sets text without hyphenation and says so. */
#include <hyphen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv_file(const char *path, long *size) {
  uint64_t h = 0xcbf29ce484222325ULL;
  FILE *f = fopen(path, "rb");
  *size = 0;
  if (!f) return 0;
  int c;
  while ((c = getc(f)) != EOF) {
    h = (h ^ (unsigned char)c) * 0x100000001b3ULL;
    (*size)++;
  }
  fclose(f);
  return h;
}

/* PATH as it may stand in a C string and a comment: anything but
 * letters, digits and / . _ - becomes '?'. */
static const char *c_safe(const char *path) {
  static char out[4096];
  size_t n = 0;
  for (const char *p = path; *p && n < sizeof out - 1; p++) {
    char c = *p;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '/' || c == '.' || c == '_' || c == '-';
    out[n++] = ok ? c : '?';
  }
  out[n] = '\0';
  return out;
}

/* The strings: NUL-terminated, one after another, as a byte list. */
static unsigned char *strings;
static size_t nstrings, capstrings;

/* Adds N NUL-terminated pieces of S, one after another, as one string of
 * the table; its offset, or -1 for no S. (libhyphen keeps NOHYPHEN's
 * comma-separated list so, and nohyphenl counts the commas: there are
 * nohyphenl + 1 pieces, and hnj_hyphen_hyphenate2 reads that many.) */
static long add_pieces(const char *s, int n) {
  if (!s || n <= 0) return -1;
  size_t len = 0;
  for (int i = 0; i < n; i++) len += strlen(s + len) + 1;
  if (nstrings + len > capstrings) {
    capstrings = (nstrings + len) * 2;
    strings = realloc(strings, capstrings);
    if (!strings) exit(1);
  }
  memcpy(strings + nstrings, s, len);
  nstrings += len;
  return (long)(nstrings - len);
}

static long add_string(const char *s) { return add_pieces(s, 1); }

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: hyph_gen DIC > layout_hyph_patterns.c\n");
    return 2;
  }
  const char *dic = argv[1];
  FILE *probe = fopen(dic, "r"); /* hnj_hyphen_load's one way to fail */
  HyphenDict *dict = NULL;
  if (probe) {
    fclose(probe);
    dict = hnj_hyphen_load(dic);
  }
  long size;
  uint64_t digest = dict ? fnv_file(dic, &size) : 0;
  if (!dict) size = 0;
  printf("/* Generated at build time by compiler/gen/hyph_gen.c from %s\n"
         " * (%ld bytes): do not edit. See write/layout/layout_hyph_data.h. */\n",
         dict ? c_safe(dic) : "(no pattern file)", size);
  printf("#include \"write/layout/layout_hyph_data.h\"\n\n");

  int nlevels = 0, total_states = 0, total_trans = 0;
  for (HyphenDict *d = dict; d; d = d->nextlevel) {
    nlevels++;
    total_states += d->num_states;
    for (int i = 0; i < d->num_states; i++) total_trans += d->states[i].num_trans;
  }
  /* the transitions, level by level, state by state */
  printf("static const HyphenTrans trans[] = {\n");
  for (HyphenDict *d = dict; d; d = d->nextlevel)
    for (int i = 0; i < d->num_states; i++)
      for (int t = 0; t < d->states[i].num_trans; t++)
        printf("{%d,%d},%s", (int)d->states[i].trans[t].ch, d->states[i].trans[t].new_state,
               (t % 8 == 7) ? "\n" : "");
  printf("{0,0}};\n\n");
  /* the states, each string and its transitions by position */
  printf("static const layout_hyph_state states[] = {\n");
  long at_trans = 0;
  for (HyphenDict *d = dict; d; d = d->nextlevel)
    for (int i = 0; i < d->num_states; i++) {
      const HyphenState *s = &d->states[i];
      printf("{%ld,%ld,%d,%d,%d,%d,%ld},\n", add_string(s->match), add_string(s->repl),
             (int)s->replindex, (int)s->replcut, s->fallback_state, s->num_trans, at_trans);
      at_trans += s->num_trans;
    }
  printf("{-1,-1,0,0,0,0,0}};\n\n");
  printf("static const layout_hyph_level levels[] = {\n");
  long first = 0;
  for (HyphenDict *d = dict; d; d = d->nextlevel) {
    char cset[MAX_NAME + 1];
    memcpy(cset, d->cset, MAX_NAME);
    cset[MAX_NAME] = '\0';
    for (char *c = cset; *c; c++)
      if (*c < ' ' || *c > '~' || *c == '"' || *c == '\\') *c = '?';
    printf("{%d,%d,%d,%d,%ld,%d,%d,\"%s\",%d,%ld},\n", (int)d->lhmin, (int)d->rhmin,
           (int)d->clhmin, (int)d->crhmin, add_pieces(d->nohyphen, d->nohyphenl + 1), d->nohyphenl, d->num_states,
           cset, d->utf8, first);
    first += d->num_states;
  }
  printf("{0,0,0,0,-1,0,0,\"\",0,0}};\n\n");
  printf("static const unsigned char strings[] = {\n");
  for (size_t i = 0; i < nstrings; i++)
    printf("%d,%s", strings[i], (i % 24 == 23) ? "\n" : "");
  printf("0};\n\n");
  printf("const layout_hyph_data layout_hyph_patterns = {\n"
         "    levels, %d, states, trans, (const char *)strings,\n"
         "    \"%s\", \"%016llx\"};\n",
         nlevels, dict ? c_safe(dic) : "", (unsigned long long)digest);
  fprintf(stderr, "hyph_gen: %s: %d level%s, %d states, %d transitions, %zu bytes of strings\n",
          dict ? dic : "no pattern file", nlevels, nlevels == 1 ? "" : "s", total_states,
          total_trans, nstrings);
  if (dict) hnj_hyphen_free(dict);
  free(strings);
  return ferror(stdout) ? 1 : 0;
}
