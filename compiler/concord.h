/* concord.h - the public API of libconcord: councils' protocols in
 * annotated Markdown in, JSON, Akoma Ntoso and HTML out, all in memory.
 *
 * This is the library's one public header; everything else under
 * compiler/ is internal and may change. It includes only the C standard
 * library. Link with libconcord.a and its dependencies (see the Makefile's
 * LDLIBS: cmark, libyaml, jansson, utf8proc, libxml2, Lua 5.4, libharu,
 * hyphen, libm).
 *
 * A corpus is built in four steps:
 *
 *   concord_corpus *c = concord_corpus_new();
 *   concord_load_taxonomy(c, "topics.yaml", yaml, yaml_len);  // optional
 *   concord_read(c, "brent.md", md, md_len);                  // each council
 *   concord_link(c, 0);                                       // topics, equivalents
 *   size_t len;
 *   const char *json = concord_write_corpus(c, CONCORD_FORMAT_JSON, &len);
 *   ...
 *   concord_corpus_free(c);
 *
 * No file is read or written (a source's hooks: field is checked, as the
 * command line checks it, but never run), and nothing is printed: every problem becomes a diagnostic of the corpus (severity,
 * file, line, column, message), read with concord_diagnostic().
 * Functions that can fail return -1 (or NULL) and record why, except
 * where a comment says otherwise.
 *
 * Ownership: the corpus owns everything it hands out (strings, arrays,
 * written outputs, diagnostics). All of it stays valid, unchanged, until
 * concord_corpus_free; the caller never frees any of it. Output written
 * twice is two allocations, so a long-lived corpus grows with each write.
 * The library keeps no pointer to the caller's buffers after a call
 * returns.
 *
 * Errors: once reading or linking recorded an error, the model may be
 * incomplete, so concord_link and the writers refuse (as `concord build`
 * writes nothing after an error); the diagnostics stay readable. Start
 * again with a new corpus.
 *
 * Threads: a corpus is not thread-safe; use it from one thread at a time.
 * Different corpora may be used from different threads at once. The
 * library has no other mutable global state (libxml2 is initialised once,
 * on the first concord_corpus_new).
 *
 * Not (yet) in the API: Lua hooks (a corpus read here is never changed
 * by lua/<slug>.lua or a hooks: field), PDF, the matrix, whole HTML pages
 * with a theme, the aligner. The command line has them all.
 *
 * docs/api.md has the longer story and a complete example.
 */
#ifndef CONCORD_H
#define CONCORD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version ("0.1.0"), as `concord --version` prints it. */
const char *concord_version(void);

/* ---- the corpus --------------------------------------------------------- */

typedef struct concord_corpus concord_corpus;

/* A new, empty corpus; never NULL (allocation failure aborts the
 * process, as everywhere in the library). */
concord_corpus *concord_corpus_new(void);
/* Frees the corpus and everything it handed out. NULL: nothing. */
void concord_corpus_free(concord_corpus *c);

/* The build date written into outputs that carry one (Akoma Ntoso's
 * FRBRdate of generation), in seconds since 1970: SOURCE_DATE_EPOCH in
 * the command line. -1 (the default): no date, so outputs depend only on
 * the sources. */
void concord_set_build_epoch(concord_corpus *c, long long epoch);

/* ---- reading ------------------------------------------------------------ */

/* Loads the shared topic taxonomy (the YAML of sources/topics.yaml: themes
 * and topics) from LEN bytes of DATA. NAME names it in diagnostics. At
 * most one taxonomy per corpus, before concord_link. 0, or -1 with
 * errors. */
int concord_load_taxonomy(concord_corpus *c, const char *name, const char *data, size_t len);

/* Reads one council's protocol (annotated Markdown with front matter,
 * docs/annotated-markdown.md) from LEN bytes of DATA as the next document
 * of the corpus. NAME is the file name the diagnostics and the outputs
 * give as its source ("sources/brent.md"). Sources are read before
 * concord_link. 0, or -1 with errors (invalid UTF-8, an empty or
 * malformed source, ...). Warnings do not make it fail. */
int concord_read(concord_corpus *c, const char *name, const char *data, size_t len);

/* Options of concord_link, or'ed. */
enum {
  /* A clause without a topic is a warning (as `concord build` does). */
  CONCORD_LINK_REQUIRE_TOPICS = 1 << 0
};

/* Checks the corpus (unique slugs), resolves every clause's topic keys
 * against the taxonomy (an unknown key is an error at the {topic=...}
 * annotation) and links equivalents: clauses of other councils that share
 * a topic. Without a taxonomy, topics are not checked and no clause has
 * equivalents (a warning says so). Call it once, after the last
 * concord_read; a second call does nothing and returns the first's
 * result. 0, or -1 with errors. */
int concord_link(concord_corpus *c, int options);

/* ---- the model (read-only queries) -------------------------------------- */

/* How many documents were read (including one read with errors). */
size_t concord_document_count(const concord_corpus *c);
/* The slug of the I-th document in reading order ("brent"), or NULL if I
 * is out of range or the document has no slug. */
const char *concord_document_slug(const concord_corpus *c, size_t i);

/* The equivalents of CLAUSE, named "slug#id" ("brent#para-3.4"): the
 * clauses of other councils sharing one of its topics, each once, in
 * corpus order, themselves named "slug#id". *OUT gets an array of *N
 * strings (NULL when there are none). 0, or -1 (*OUT NULL, *N 0, nothing
 * recorded) if CLAUSE names no clause of the corpus. Before concord_link
 * every clause has none. */
int concord_equivalents(concord_corpus *c, const char *clause, const char *const **out,
                        size_t *n);

/* ---- writing ------------------------------------------------------------ */

typedef enum {
  /* corpus: out/corpus.json, byte for byte (docs/corpus-json.md) */
  CONCORD_FORMAT_JSON,
  /* document: out/akn/<slug>.xml (Akoma Ntoso 3.0, docs/akoma-ntoso.md);
   * corpus: out/akn/equivalents.xml */
  CONCORD_FORMAT_AKN,
  /* document: the <article class="protocol"> element of
   * out/site/<slug>.html, as the page holds it (no theme or page shell;
   * docs/html-output.md), less its Downloads section, which links the
   * files of a build */
  CONCORD_FORMAT_HTML,
  /* document: one JSON object per line, per node, as `concord dump`
   * prints (the spec tests' view of the model) */
  CONCORD_FORMAT_DUMP,
  /* document: the line-quality report of its PDF, one JSON object:
   * badness of the justified lines, hyphens per page, the longest run of
   * hyphenated lines and every hyphen break (docs/pdf-output.md, "Line
   * quality"). Laid out as `concord build` lays out out/pdf/<slug>.pdf,
   * except that the API runs no Lua hooks (so no house style: the
   * contents page and page count may differ) */
  CONCORD_FORMAT_LINE_REPORT
} concord_format;

/* The corpus in FORMAT (JSON or AKN), NUL-terminated; *LEN (if LEN is
 * not NULL) gets its length in bytes. NULL, with an error, if the format
 * has no corpus output or the corpus has errors. */
const char *concord_write_corpus(concord_corpus *c, concord_format format, size_t *len);
/* The document whose slug is SLUG in FORMAT (AKN, HTML or DUMP), as
 * above. NULL, with an error, if there is no such document, the format
 * has no document output or the corpus has errors. */
const char *concord_write_document(concord_corpus *c, const char *slug, concord_format format,
                                   size_t *len);

/* ---- diagnostics -------------------------------------------------------- */

typedef enum { CONCORD_NOTE, CONCORD_WARNING, CONCORD_ERROR } concord_severity;

typedef struct concord_diagnostic {
  concord_severity severity;
  const char *file;    /* NAME given to the call, or NULL for the whole corpus */
  int line, col;       /* 1-based; 0 when unknown. col counts bytes */
  const char *message; /* says what is wrong and what to do about it */
} concord_diagnostic;

/* How many diagnostics were recorded, of each severity and in all. */
size_t concord_diagnostic_count(const concord_corpus *c);
size_t concord_error_count(const concord_corpus *c);
size_t concord_warning_count(const concord_corpus *c);
/* The I-th diagnostic, in the order they were recorded (I below
 * concord_diagnostic_count); out of range: severity CONCORD_NOTE, every
 * pointer NULL. The strings live as long as the corpus. */
concord_diagnostic concord_diagnostic_get(const concord_corpus *c, size_t i);
/* The I-th diagnostic as the command line prints it:
 * "file:line:col: error: message" (parts left out when unknown), or NULL
 * out of range. */
const char *concord_diagnostic_format(concord_corpus *c, size_t i);

#ifdef __cplusplus
}
#endif

#endif
