/* align_text.c - tokenising, stop words and stemming (see align_text.h). */
#include "link/align_text.h"
#include "base/buf.h"
#include "base/utf8.h"

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

/* Local-government vocabulary: different councils' words for the same
 * office, body or notion, folded to one canonical term before stemming so
 * "councillor" meets "member" and "Town Clerk" meets "Chief Executive".
 * General domain knowledge (any English council's constitution uses these
 * interchangeably), not tuned to pairs of the corpus; documented in
 * docs/aligner.md. Phrases are folded words separated by single spaces,
 * stop words included ("head of paid service"); the longest phrase wins.
 * Canonical terms start with '=' so they never collide with a word and are
 * not stemmed. */
typedef struct syn_entry {
  const char *phrase, *canon;
} syn_entry;

/* sorted by phrase (strcmp order), for the binary search in syn_lookup */
static const syn_entry synonyms[] = {
    {"authorities", "=council"}, {"authority", "=council"}, {"behavior", "=conduct"},
    {"behaviour", "=conduct"}, {"bully", "=bully"}, {"bullying", "=bully"},
    {"ceo", "=chiefexec"}, {"chair", "=chair"}, {"chairman", "=chair"}, {"chairmen", "=chair"},
    {"chairperson", "=chair"}, {"chairpersons", "=chair"}, {"chairs", "=chair"},
    {"chairwoman", "=chair"}, {"chief executive", "=chiefexec"}, {"cllr", "=member"},
    {"cllrs", "=member"}, {"conduct", "=conduct"}, {"confidential", "=confidential"},
    {"confidentiality", "=confidential"}, {"council", "=council"}, {"councillor", "=member"},
    {"councillors", "=member"}, {"councils", "=council"}, {"elected member", "=member"},
    {"elected members", "=member"}, {"employee", "=officer"}, {"employees", "=officer"},
    {"enquiries", "=enquiry"}, {"enquiry", "=enquiry"}, {"harass", "=bully"},
    {"harassment", "=bully"}, {"head of paid service", "=chiefexec"},
    {"impartial", "=impartial"}, {"impartiality", "=impartial"}, {"impartially", "=impartial"},
    {"inquiries", "=enquiry"}, {"inquiry", "=enquiry"}, {"intimidate", "=bully"},
    {"intimidation", "=bully"}, {"media", "=media"}, {"member", "=member"},
    {"members", "=member"}, {"neutral", "=impartial"}, {"neutrality", "=impartial"},
    {"officer", "=officer"}, {"officers", "=officer"}, {"party group", "=politgroup"},
    {"party groups", "=politgroup"}, {"political group", "=politgroup"},
    {"political groups", "=politgroup"}, {"press", "=media"}, {"queries", "=enquiry"},
    {"query", "=enquiry"}, {"spokesman", "=spokesperson"}, {"spokesmen", "=spokesperson"},
    {"spokesperson", "=spokesperson"}, {"spokespersons", "=spokesperson"},
    {"spokeswoman", "=spokesperson"}, {"town clerk", "=chiefexec"},
};
#define SYN_MAX_WORDS 4

static int cmp_syn(const void *k, const void *e) {
  return strcmp((const char *)k, ((const syn_entry *)e)->phrase);
}

/* The first entry whose phrase is >= KEY (lower bound). */
static size_t syn_lower(const char *key) {
  size_t lo = 0, hi = sizeof synonyms / sizeof synonyms[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (strcmp(synonyms[mid].phrase, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Could a vocabulary phrase start with the word W? Phrases starting with
 * W sort right after W itself (' ' sorts before any letter), so one
 * binary search answers, and most words stop here. */
static int syn_may_start(const char *w) {
  size_t i = syn_lower(w), l = strlen(w);
  if (i == sizeof synonyms / sizeof synonyms[0]) return 0;
  const char *p = synonyms[i].phrase;
  return !strncmp(p, w, l) && (p[l] == '\0' || p[l] == ' ');
}

/* The canonical term if the words W[0..k-1] spell a vocabulary phrase. */
static const char *syn_lookup(char *const *w, size_t k) {
  char key[128];
  size_t len = 0;
  for (size_t i = 0; i < k; i++) {
    size_t l = strlen(w[i]);
    if (len + l + 2 > sizeof key) return NULL;
    if (i) key[len++] = ' ';
    memcpy(key + len, w[i], l);
    len += l;
  }
  key[len] = '\0';
  const syn_entry *e = bsearch(key, synonyms, sizeof synonyms / sizeof synonyms[0],
                               sizeof synonyms[0], cmp_syn);
  return e ? e->canon : NULL;
}

typedef struct wordlist {
  char **w;
  unsigned char *alpha; /* has a letter (else a number) */
  size_t n, cap;
} wordlist;

static void flush(arena *a, buf *word, int alpha, wordlist *l) {
  if (!word->len) return;
  if (l->n == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 32;
    char **g = arena_alloc(a, nc * sizeof(char *));
    unsigned char *ga = arena_alloc(a, nc);
    if (l->n) {
      memcpy(g, l->w, l->n * sizeof(char *));
      memcpy(ga, l->alpha, l->n);
    }
    l->w = g;
    l->alpha = ga;
    l->cap = nc;
  }
  l->alpha[l->n] = (unsigned char)alpha;
  l->w[l->n++] = arena_strdup(a, buf_cstr(word));
  buf_clear(word);
}

/* Could this byte continue a word? (ASCII alphanumerics, or any byte of a
 * multi-byte character, which in this corpus are letters.) */
static int word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Folded words of TEXT in order, stop words included. */
static void fold_words(arena *a, const char *text, wordlist *l) {
  memset(l, 0, sizeof *l);
  size_t len;
  char *folded = text ? utf8_match_fold(text, &len) : NULL;
  if (!folded) return;
  buf word = BUF_INIT;
  int alpha = 0;
  for (size_t i = 0, k; i < len; i += k) {
    int32_t cp;
    utf8_class cl = utf8_char_class(folded + i, len - i, &cp, &k);
    if (cl == UTF8_LETTER || cl == UTF8_DIGIT) {
      buf_put(&word, folded + i, k);
      alpha |= cl == UTF8_LETTER;
    } else if ((cp == '\'' || cp == 0x2019) && word.len) {
      /* "member's" -> "member"; the possessive "s" is dropped */
      flush(a, &word, alpha, l);
      alpha = 0;
      if (i + k < len && folded[i + k] == 's' &&
          (i + k + 1 >= len || !word_byte((unsigned char)folded[i + k + 1])))
        k++;
    } else {
      flush(a, &word, alpha, l);
      alpha = 0;
    }
  }
  flush(a, &word, alpha, l);
  buf_free(&word);
  free(folded);
}

char **align_text_terms(arena *a, const char *text, size_t *n) {
  *n = 0;
  wordlist l;
  fold_words(a, text, &l);
  if (!l.n) return NULL;
  char **out = arena_alloc(a, l.n * sizeof(char *));
  for (size_t i = 0; i < l.n;) {
    const char *canon = NULL;
    size_t k = SYN_MAX_WORDS < l.n - i ? SYN_MAX_WORDS : l.n - i;
    if (!syn_may_start(l.w[i])) k = 0;
    for (; k >= 1 && !canon; k--) canon = syn_lookup(l.w + i, k);
    if (canon) {
      out[(*n)++] = arena_strdup(a, canon);
      i += k + 1; /* the loop decremented k once more after the match */
      continue;
    }
    char *w = l.w[i];
    /* numbers ("12.1", "2006") name paragraphs and dates, not provisions */
    if (l.alpha[i] && strlen(w) >= 2 && !align_text_is_stop(w)) {
      align_text_stem(w);
      out[(*n)++] = w;
    }
    i++;
  }
  if (!*n) return NULL;
  return out;
}

/* A segment ends at a line break (sub-items are on their own lines) or
 * after sentence punctuation followed by white space. */
char **align_text_segments(arena *a, const char *text, size_t *n) {
  *n = 0;
  if (!text) return NULL;
  size_t cap = 8, len = strlen(text), start = 0;
  char **out = arena_alloc(a, cap * sizeof(char *));
  for (size_t i = 0; i <= len; i++) {
    int end = i == len || text[i] == '\n' ||
              (strchr(".;:!?", text[i]) && i + 1 < len && (text[i + 1] == ' ' || text[i + 1] == '\n'));
    if (!end) continue;
    size_t stop = text[i] == '\n' || i == len ? i : i + 1;
    size_t s = start;
    while (s < stop && (text[s] == ' ' || text[s] == '\n')) s++;
    if (stop > s) {
      if (*n == cap) {
        char **g = arena_alloc(a, 2 * cap * sizeof(char *));
        memcpy(g, out, cap * sizeof(char *));
        out = g;
        cap *= 2;
      }
      char *seg = arena_alloc(a, stop - s + 1);
      memcpy(seg, text + s, stop - s);
      seg[stop - s] = '\0';
      out[(*n)++] = seg;
    }
    start = i + 1;
  }
  return *n ? out : NULL;
}
