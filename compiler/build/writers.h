/* writers.h - the registry of output writers: what the build runs for
 * each format, cut into parts it can schedule and cache.
 *
 * A writer (write/<format>/) is a set of plain functions: given the
 * model and an outdir, write files. It knows nothing of the cache,
 * threads or other writers. The rows here adapt those functions to the
 * parts the build schedules (build/pipeline.c):
 *
 *   document  a document's own files (site/<slug>.html)
 *   topic     a topic's own files (site/topics/<key>.html)
 *   corpus    the corpus-level files (an index, a matrix, equivalents)
 * A writer has the parts whose functions it sets.
 *
 * Each part is a job on parallel.h's threads, and each has its own
 * entry in the cache (build/incremental.h), so the build may keep a
 * part's files from the last build instead of running it. Rules for a
 * part: read the model only (never allocate from the corpus arena, which
 * is not thread-safe), write only through the outdir it is given, report
 * to the diag_list it is given. begin runs first, on one thread, and may
 * fail (NULL with errors); end runs last.
 *
 * A document part may hand back a product: a string describing what it
 * learnt (the PDF writer: the page and height of each clause). The build
 * keeps products with the cache entry and gives the corpus part every
 * document's product (NULL where unknown), so matrix.pdf is made without
 * laying the councils out again. A corpus part that reads products runs
 * after the writer's last document part.
 *
 * Adding a writer: write its functions in write/<format>/, add a row to
 * writers[] in writers.c (and a PIPELINE_* bit if it is a new format).
 * docs/architecture.md walks through it. */
#ifndef CONCORD_WRITERS_H
#define CONCORD_WRITERS_H

#include "base/buf.h"
#include "base/diag.h"
#include "base/memo.h"
#include "base/outdir.h"
#include "model/model.h"

/* What the build tells every writer. */
typedef struct writer_config {
  int formats; /* PIPELINE_* bits written by this build: link only to what exists */
  /* each clause's search words, remembered between builds
   * (pipeline_build_opts.search_words): the HTML writer's search index
   * looks them up before stemming. NULL: stem every clause. */
  memo *search_words;
  /* the PDF fonts' faces, kept between builds (pipeline_build_opts.pdf_faces):
   * the PDF writer measures and embeds with them. NULL: the writer loads
   * them once for the build. */
  struct pdf_faces *pdf_faces;
} writer_config;

/* What a corpus part shows, which decides when the build may keep it. */
typedef enum {
  WRITER_SHOWS_TEXT,     /* the words of clauses: rebuilt when any source changes */
  WRITER_SHOWS_STRUCTURE /* ids, numbers, headings, topics: kept when only clause text changed */
} writer_shows;

typedef struct writer_entry {
  const char *name; /* as in the cache keys and messages */
  int format;       /* PIPELINE_* bit */
  void *(*begin)(const cc_corpus *c, const writer_config *cfg, diag_list *d); /* NULL: no state */
  void (*end)(void *state);

  /* PRODUCT: may be set to a malloc'd string (see above) */
  int (*document)(void *state, const cc_document *doc, outdir *o, char **product, diag_list *d);
  /* files besides the sources that DOC's output depends on (its theme's
   * folder, hyphenation patterns), described into B; may be NULL */
  void (*document_inputs)(void *state, const cc_document *doc, buf *b);

  int (*topic)(void *state, const cc_topic *t, outdir *o, diag_list *d);

  /* PRODUCTS: by document index, NULL where unknown (always NULL unless
   * reads_products) */
  int (*corpus)(void *state, const cc_corpus *c, const char *const *products, outdir *o,
                diag_list *d);
  writer_shows corpus_shows;
  int reads_products;

  /* The output-name registry: the file a document part names after the
   * slug ("site/%s.html"), and the files (a name ending in '/': a folder;
   * a '#': one or more digits) the corpus part writes. A slug whose file would be one of any
   * writer's corpus files is refused (writers_check_slugs); a corpus part
   * that stages a file not listed here fails the build (pipeline.c), so
   * the list cannot fall behind the writer. */
  const char *document_file;
  const char *const *corpus_files;
  /* the folder a document part also writes into, named after the slug
   * ("site/%s/": the earlier versions' pages); NULL: none. Refused like
   * document_file when it would meet a corpus file or folder. */
  const char *document_dir;
} writer_entry;

extern const writer_entry writers[]; /* ends with a row whose name is NULL */

/* Errors, at the slug, for a document whose files would overwrite a
 * site-wide output (slug: index -> site/index.html). 0 if none. */
int writers_check_slugs(const cc_corpus *c, diag_list *d);
/* Is REL one of writer W's corpus files? */
int writers_corpus_file(const writer_entry *w, const char *rel);

#endif
