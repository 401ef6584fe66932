/* writers.h - the registry of output writers and the transform hooks the
 * pipeline calls. A writer sees only the model and writes through the
 * outdir (staged, all-or-nothing). Add a writer: declare its function in
 * its own header and add a row to writers[] in writers.c.
 *
 * Parallel and incremental builds (docs/performance.md): a writer that
 * writes one file per document may also fill the split entry points
 * (begin / write_document / finish / end). The pipeline then runs
 * write_document for many documents at once, in threads, and skips a
 * document whose output is unchanged (incremental.h). Rules for
 * write_document: read the model only (never allocate from the corpus
 * arena: it is not thread-safe; use an arena of your own), write only
 * DOC_OUTPUT through the outdir, report to the diag_list given. begin and
 * finish run on one thread; finish may run at the same time as other
 * writers' work, so it too must treat the model as read-only. */
#ifndef CONCORD_WRITERS_H
#define CONCORD_WRITERS_H

#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"

struct buf;

typedef int (*writer_fn)(const cc_corpus *c, outdir *o, diag_list *d);

typedef struct writer_entry {
  const char *name; /* as in --format */
  int format;       /* PIPELINE_* bit */
  writer_fn write;  /* the whole writer, corpus-level (used when there is no split) */

  /* optional split, for per-document work (all NULL: write is used) */
  /* shared, read-only state for the documents (NULL + errors in D: failed) */
  void *(*begin)(const cc_corpus *c, diag_list *d);
  /* DOC's one output file, DOC_OUTPUT with %s = slug; thread-safe */
  int (*write_document)(void *state, const cc_document *doc, outdir *o, diag_list *d);
  /* the corpus-level files (index, equivalents, ...); may be NULL */
  int (*finish)(void *state, const cc_corpus *c, outdir *o, diag_list *d);
  void (*end)(void *state);
  const char *doc_output; /* "site/%s.html" */
  /* extra fingerprint input for DOC's output beyond its sources (theme
   * files, ...), appended to B by incremental.c; may be NULL */
  void (*fingerprint)(void *state, const cc_document *doc, struct buf *b);
  /* nonzero: finish reads what write_document left in STATE (the PDF
   * writer's clause places), so it runs after every write_document job of
   * this build, on the thread that ran the last one (else it starts with
   * the other corpus-level jobs). Documents kept from the cache ran no
   * job: finish must cope without their contribution. */
  int finish_after_documents;
  /* nonzero: the corpus-level files (write, or finish) show only the
   * corpus's structure (incr_structure_fingerprint: front matter, ids,
   * numbers, headings, topics), not the words of clauses, so an
   * incremental build keeps them when only clause text changed */
  int corpus_structure_only;
  /* optional memo, for a finish that reads what write_document left in
   * STATE: memo_save gives, after DOC's write_document, a string that the
   * cache keeps with DOC's entry (malloc'd; NULL: none); when DOC's output
   * is kept from the cache (no job), memo_load hands that string back
   * before any job runs, so finish has every document's part (the PDF
   * writer's clause places: no layout again for matrix.pdf). memo_load
   * must check what it reads and may ignore it. */
  char *(*memo_save)(void *state, const cc_document *doc);
  void (*memo_load)(void *state, const cc_document *doc, const char *memo);
} writer_entry;

extern const writer_entry writers[]; /* ends with a row whose name is NULL */

#endif
