/* incremental.h - fingerprints of build inputs and the output cache
 * (DIR/.concord-cache) that lets a build keep unchanged outputs.
 *
 * A fingerprint is a 64-bit hash of everything an output depends on:
 *   every build:   the concord binary (path, size, mtime), its version,
 *                  SOURCE_DATE_EPOCH, the taxonomy file, lua/ and the --lua
 *                  files, the theme folders (html_theme.h's search roots),
 *                  --no-hooks;
 *   a document's:  its source bytes, its front-matter hook file, and what
 *                  it shows of other documents: for each topic its clauses
 *                  carry, the topic and its member clauses' councils, ids
 *                  and citations (the "Also in" links come from them);
 *                  plus the writer's name and its own extras (writers.h);
 *   a topic page's: what it shows (incr_topic_fingerprint);
 *   corpus-level:  every source and hook file, and the formats built
 *                  (or only the corpus's structure, for a part that shows
 *                  nothing else), plus the products it reads.
 * Files are hashed by content, before pipeline_load reads them
 * (incr_snapshot), so an edit made during a build makes the next build
 * redo the work rather than keep a stale output.
 *
 * The cache maps a key ("doc:html:brent", "topic:topics:distinct-roles",
 * "corpus:json") to its fingerprint, the
 * files it wrote (size and mtime, so an output edited or deleted by hand
 * is rebuilt) and the diagnostics the writer reported (replayed when the
 * output is kept, so warnings do not vanish on the second build).
 */
#ifndef CONCORD_INCREMENTAL_H
#define CONCORD_INCREMENTAL_H

#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"
#include "build/pipeline.h"
#include "base/strmap.h"

#define INCR_CACHE_FILE ".concord-cache"

typedef struct incr_inputs incr_inputs;

/* Hashes the inputs O names (see above). Never fails: an unreadable file
 * hashes as "missing", and the build then reports it. */
incr_inputs *incr_snapshot(const pipeline_opts *o);
void incr_inputs_free(incr_inputs *in); /* NULL: nothing */
/* The content hash incr_snapshot gives the source at PATH. */
uint64_t incr_hash_file(const char *path);
/* concord watch: the source PATH (as snapshotted) now hashes as HASH; the
 * other inputs are as they were. */
void incr_inputs_set_source(incr_inputs *in, const char *path, uint64_t hash);

/* One hash per topic (by topic->index; malloc'd): its key, label,
 * definition and member clauses (council, slug, id, citation), which is
 * what a page shows of other documents ("Also in", topic links). */
uint64_t *incr_topic_hashes(const cc_corpus *c, arena *scratch);
/* What every output of DOC depends on, whatever the writer (computed
 * once per document, not once per writer); TOPIC_HASHES from
 * incr_topic_hashes. SCRATCH: for temporary strings. */
uint64_t incr_doc_hash(const incr_inputs *in, const cc_document *doc, const uint64_t *topic_hashes,
                       arena *scratch);
/* Fingerprint of a document's output by writer WRITER, from its
 * incr_doc_hash; EXTRA (may be NULL) is the writer's own input
 * description. */
uint64_t incr_doc_fingerprint(const incr_inputs *in, uint64_t doc_hash, const char *writer,
                              const char *extra);
/* Fingerprint of writer WRITER's corpus-level files for FORMATS: every
 * source and hook file. */
uint64_t incr_corpus_fingerprint(const incr_inputs *in, const cc_corpus *c, int formats,
                                 const char *writer);
/* Fingerprint of writer WRITER's corpus-level files when they show only
 * the corpus's structure (writers.h: corpus_structure_only): the global
 * inputs, FORMATS, and per document its front matter and hook file, its
 * sections' and clauses' ids, numbers (printed, canonical, shown),
 * headings and topics: not the words of the clauses, so editing a
 * clause's text leaves it unchanged. */
uint64_t incr_structure_fingerprint(const incr_inputs *in, uint64_t structure, int formats,
                                    const char *writer);
/* The corpus's structure as above, hashed once for every writer that
 * shows only it (incr_structure_fingerprint's STRUCTURE). */
uint64_t incr_structure_hash(const incr_inputs *in, const cc_corpus *c);
/* Fingerprint of writer WRITER's page for topic T: everything a topic
 * page shows (the councils, a column each, and the topic's clauses as
 * cited and as worded), so editing one clause rebuilds only its topics'
 * pages. */
uint64_t incr_topic_fingerprint(const incr_inputs *in, uint64_t councils, const cc_topic *t,
                                const char *writer);
/* The councils (a column each on a topic page: slugs and names), hashed
 * once for every topic page (incr_topic_fingerprint's COUNCILS). */
uint64_t incr_councils_hash(const cc_corpus *c);
/* FP extended by S (may be NULL): a corpus part that reads the documents'
 * products adds each of them. */
uint64_t incr_fingerprint_extend(uint64_t fp, const char *s);

typedef struct incr_cache incr_cache;

/* The cache recorded in DIR (empty if none or unreadable). */
incr_cache *incr_cache_load(const char *dir);
incr_cache *incr_cache_new(void);
void incr_cache_free(incr_cache *c); /* NULL: nothing */

/* Whether KEY is recorded with fingerprint FP and every file it lists is
 * in DIR as recorded. If so and D is not NULL, its diagnostics are
 * appended to D. */
int incr_cache_fresh(const incr_cache *c, const char *key, uint64_t fp, const char *dir,
                     diag_list *d);
/* Copies KEY's entry from OLD (if there). */
void incr_cache_keep(incr_cache *c, const incr_cache *old, const char *key);
/* Copies every entry of OLD whose key starts with PREFIX and is not in C. */
void incr_cache_keep_prefix(incr_cache *c, const incr_cache *old, const char *prefix);
/* Records KEY with FP and D's diagnostics (D may be NULL). */
void incr_cache_add(incr_cache *c, const char *key, uint64_t fp, const diag_list *d);
/* Adds REL (staged at PATH, stat'ed now) to KEY's files. */
void incr_cache_add_file(incr_cache *c, const char *key, const char *rel, const char *path);
/* The same, with the size and mtime already known (outdir_staged_stat). */
void incr_cache_add_file_stat(incr_cache *c, const char *key, const char *rel, long long size,
                              long long sec, long long nsec);
/* Refreshes the size and mtime of every file listed by an entry kept
 * from the last cache (incr_cache_keep) that is in STAGED (rel -> staged
 * path): written again this build by another part. The entries added
 * this build have their files' stat already. */
void incr_cache_restat(incr_cache *c, const strmap *staged);
/* A document part's product (writers.h), kept with KEY's entry: set
 * (copied; NULL clears), and read back (NULL if none). */
void incr_cache_set_product(incr_cache *c, const char *key, const char *product);
const char *incr_cache_product(const incr_cache *c, const char *key);
/* Stages the cache as DIR/.concord-cache. 0 on success. */
int incr_cache_write(const incr_cache *c, outdir *o, diag_list *d);

#endif
