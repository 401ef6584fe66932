/* align_text.c - tokenising, stop words and stemming (see align_text.h). */
#include "align_text.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* English function words, sorted (bsearch). The usual IR list plus the
 * modal verbs and connectives legal prose is full of; domain words such as
 * "council" or "officer" stay and are weighed down by IDF instead, so the
 * list stays general and does not encode this corpus. */
static const char *const stop_words[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "either", "etc", "even", "ever", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "ie", "if", "in", "into", "is", "it", "its",
    "itself", "just", "may", "me", "might", "more", "most", "must", "my", "myself", "no",
    "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "others", "ought",
    "our", "ours", "ourselves", "out", "over", "own", "same", "shall", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
    "there", "therefore", "these", "they", "this", "those", "through", "thus", "to", "too",
    "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when",
    "where", "whether", "which", "while", "whilst", "who", "whom", "whose", "why", "will",
    "with", "within", "without", "would", "you", "your", "yours", "yourself",
};

static int cmp_word(const void *k, const void *e) {
  return strcmp((const char *)k, *(const char *const *)e);
}

bool align_text_is_stop(const char *word) {
  return bsearch(word, stop_words, sizeof stop_words / sizeof stop_words[0],
                 sizeof stop_words[0], cmp_word) != NULL;
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

static int has_vowel(const char *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (is_vowel(w[i]) || (i > 0 && w[i] == 'y')) return 1;
  return 0;
}

static int ends(const char *w, size_t n, const char *suf) {
  size_t k = strlen(suf);
  return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* A deliberately light stemmer (in the spirit of Porter's step 1 plus a
 * few derivational endings): enough to conflate inflections without the
 * over-stemming that merges unrelated legal terms. Steps, in order:
 * plurals; one of -ation/-ition/-ment/-ness/-ing/-ed/-ly; then a final
 * "e" is dropped and a doubled final consonant undoubled, so that "make",
 * "making" and "made"... at least the first two meet. */
void align_text_stem(char *w) {
  size_t n = strlen(w);
  if (n <= 3) return;
  if (ends(w, n, "sses")) n -= 2;
  else if (ends(w, n, "ies") && n > 4) { n -= 3; w[n++] = 'y'; }
  else if (w[n - 1] == 's' && !ends(w, n, "ss") && !ends(w, n, "us") && !ends(w, n, "is") && n > 3)
    n -= 1;
  static const char *const sufs[] = {"ations", "ation", "itions", "ition", "ments", "ment",
                                     "ness", "ingly", "ing", "edly", "ed", "ly"};
  for (size_t i = 0; i < sizeof sufs / sizeof sufs[0]; i++) {
    size_t k = strlen(sufs[i]);
    if (n >= k + 3 && ends(w, n, sufs[i]) && has_vowel(w, n - k)) {
      n -= k;
      break;
    }
  }
  if (n > 3 && w[n - 1] == 'e') n--;
  if (n > 3 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) && w[n - 1] != 'l' &&
      w[n - 1] != 's' && w[n - 1] != 'z')
    n--;
  if (n > 3 && w[n - 1] == 'y') w[n - 1] = 'i'; /* "policy"/"policies" */
  w[n] = '\0';
}

static void flush(arena *a, buf *word, int alpha, char ***out, size_t *n, size_t *cap) {
  if (!word->len) return;
  char *w = arena_strdup(a, buf_cstr(word));
  buf_clear(word);
  /* numbers ("12.1", "2006") name paragraphs and dates, not provisions */
  if (!alpha || strlen(w) < 2 || align_text_is_stop(w)) return;
  align_text_stem(w);
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 32;
    char **grown = arena_alloc(a, nc * sizeof(char *));
    if (*n) memcpy(grown, *out, *n * sizeof(char *));
    *out = grown;
    *cap = nc;
  }
  (*out)[(*n)++] = w;
}

/* Could this byte continue a word? (ASCII alphanumerics, or any byte of a
 * multi-byte character, which in this corpus are letters.) */
static int word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char **align_text_terms(arena *a, const char *text, size_t *n) {
  *n = 0;
  if (!text) return NULL;
  utf8proc_uint8_t *folded = NULL;
  utf8proc_ssize_t len =
      utf8proc_map((const utf8proc_uint8_t *)text, 0, &folded,
                   UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                       UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  if (len < 0) return NULL;
  char **out = NULL;
  size_t cap = 0;
  buf word = BUF_INIT;
  int alpha = 0;
  utf8proc_ssize_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(folded + i, len - i, &cp);
    if (k <= 0) break;
    utf8proc_category_t cat = utf8proc_category(cp);
    int letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
    int digit = cat == UTF8PROC_CATEGORY_ND;
    if (letter || digit) {
      buf_put(&word, (const char *)folded + i, (size_t)k);
      alpha |= letter;
    } else if ((cp == '\'' || cp == 0x2019) && word.len) {
      /* "member's" -> "member"; the possessive "s" is dropped below */
      flush(a, &word, alpha, &out, n, &cap);
      alpha = 0;
      if (i + k < len && folded[i + k] == 's' && (i + k + 1 >= len || !word_byte(folded[i + k + 1])))
        k++;
    } else {
      flush(a, &word, alpha, &out, n, &cap);
      alpha = 0;
    }
    i += k;
  }
  flush(a, &word, alpha, &out, n, &cap);
  buf_free(&word);
  free(folded);
  return out;
}
