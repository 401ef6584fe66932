/* pipeline.h - readers -> model -> hooks -> linker -> writers.
 *
 * The one place that runs the phases in order; main.c, the tests and the
 * fuzzers call it. Nothing here prints.
 */
#ifndef CONCORD_PIPELINE_H
#define CONCORD_PIPELINE_H

#include <stddef.h>

#include "base/diag.h"
#include "model/model.h"

typedef struct pipeline_opts {
  /* NULL: <dir of first source>/topics.yaml if present, else
   * <data_dir>/topics.yaml if present */
  const char *taxonomy;
  const char **sources;     /* source files, in corpus order */
  size_t nsources;
  const char **lua_files;   /* extra hook files applied to every document */
  size_t nlua;
  int require_topics;       /* warn about clauses without topics */
  int no_hooks;             /* skip lua/<slug>.lua discovery */
  /* the installed data folder (themes/, topics.yaml, templates/), searched
   * after the project's own files; NULL: none */
  const char *data_dir;
  /* warn when no taxonomy is found at all: the topics cannot be checked */
  int warn_no_taxonomy;
  /* threads for reading the taxonomy and the sources: 0 the online CPUs,
   * 1 the calling thread only (`-j`); the model and the diagnostics are
   * the same for any number */
  int jobs;
} pipeline_opts;

/* Reads the taxonomy and every source, runs hooks, resolves topics and
 * links equivalents. Returns the corpus (also on errors, for reporting);
 * check d->errors. Free with model_corpus_free. */
cc_corpus *pipeline_load(const pipeline_opts *o, diag_list *d);

/* Output formats, as a bit set. */
enum {
  PIPELINE_JSON = 1 << 0,
  PIPELINE_HTML = 1 << 1,
  PIPELINE_PDF = 1 << 2,
  PIPELINE_AKN = 1 << 3,
  PIPELINE_MATRIX = 1 << 4,
  PIPELINE_ALL = 0xff
};

/* Parses "json,html,pdf" into a bit set; -1 names an unknown format. */
int pipeline_parse_formats(const char *list);

/* Runs the writers into a staging directory under DIR and moves the
 * results into place only if no error (or, with WERROR, no warning) was
 * recorded, so a failed build leaves DIR untouched. 0 on success. */
int pipeline_write(cc_corpus *c, const char *dir, int formats, int werror, diag_list *d);

struct incr_inputs;
struct incr_cache;

/* How far a build has got, for a progress line (the command line prints
 * one; the library never does). Every function may be NULL; step and note
 * are called from the build's threads. */
typedef struct pipeline_progress {
  void *ctx;
  void (*start)(void *ctx, const char *what, size_t total); /* TOTAL documents */
  void (*step)(void *ctx, const char *name); /* one more done; NAME: the latest */
  void (*note)(void *ctx, const char *name); /* a phase ("matrix"), not counted */
  void (*clear)(void *ctx);                  /* the build's parts are done */
} pipeline_progress;

#define PIPELINE_MAX_PHASES 12
#define PIPELINE_MAX_SLOWEST 6

/* Options of pipeline_build (docs/performance.md). */
typedef struct pipeline_build_opts {
  int formats;  /* PIPELINE_* bits */
  int werror;
  int jobs;     /* threads for the writers; 0: online CPUs, 1: sequential */
  /* incremental builds: the inputs hashed by incr_snapshot before
   * pipeline_load. NULL: write everything and record no cache. */
  const struct incr_inputs *inputs;
  int ignore_cache;          /* rebuild everything (but record the cache) */
  const pipeline_progress *progress; /* NULL: no progress reports */
  int discard;               /* stage every output, then discard it (fuzzing) */
  /* concord watch: the cache kept in memory between builds (NULL: read
   * DIR's cache file each build). A build reads *CACHE instead of the
   * file (loading the file when *CACHE is NULL) and, once committed,
   * replaces it with the cache it recorded (and wrote); a build whose
   * commit fails frees it (NULL: the next one reads the file again). */
  struct incr_cache **cache;
  /* concord watch: each clause's stemmed search words, kept between
   * builds (pipeline_session_search_words) and handed to the HTML writer
   * (writer_config.search_words), so a save stems only the clauses it
   * changed. NULL: a memo for this build alone (councils that share a
   * model protocol share most clauses' words). */
  struct memo *search_words;
  /* concord watch: the PDF fonts' faces (write/pdf/pdf_font.h), loaded
   * once and kept between builds (pipeline_session_pdf_faces), with the
   * advances and kerning looked up so far. NULL: loaded for this build. */
  struct pdf_faces *pdf_faces;
  /* commit by renaming only the files written into DIR, each whole
   * (outdir_open), instead of exchanging a whole new tree (which links
   * every kept file: thousands at a large corpus). The cache file is
   * staged last, so it is renamed last: until then the old one lists the
   * old files' sizes and times, and a file renamed over them no longer
   * matches, so a build killed mid-commit never leaves a cache that
   * claims a file it does not describe. */
  int commit_files;
  /* measure each part's CPU time for `slowest` (-v). Each measure is a
   * clock_gettime(CLOCK_THREAD_CPUTIME_ID), a system call (about 4 us on
   * the virtual machines concord is built on; two per part, 2 ms of CPU
   * for the ~290 parts of the five councils), so a build without -v does
   * not take them. 0: `slowest` stays empty. */
  int part_times;
  /* out: outputs written and kept unchanged (documents' files; the
   * corpus-level ones count as one) */
  size_t written, kept;
  /* out: files this build wrote (staged and committed; kept files are
   * not counted, nor the cache itself) */
  size_t files_written;
  /* out: how long each phase took (wall and this process's CPU time, in
   * ms), in order; `concord watch -v` prints them */
  struct pipeline_phase {
    const char *name;
    double ms, cpu_ms;
  } phases[PIPELINE_MAX_PHASES];
  size_t nphases;
  /* out: the parts that took the most CPU time (their thread's), most
   * first: "doc:pdf:brent", "corpus:html", ... */
  struct pipeline_part_time {
    char key[64];
    double cpu_ms;
  } slowest[PIPELINE_MAX_SLOWEST];
  size_t nslowest;
} pipeline_build_opts;

/* pipeline_write with threads, incremental reuse and progress. Output is
 * byte-identical whatever JOBS and whatever the cache held. */
int pipeline_build(cc_corpus *c, const char *dir, pipeline_build_opts *bo, diag_list *d);

/* concord watch: the model kept between builds (docs/performance.md).
 * O must outlive the session. */
typedef struct pipeline_session pipeline_session;
pipeline_session *pipeline_session_new(const pipeline_opts *o);
void pipeline_session_free(pipeline_session *s); /* NULL: nothing */
/* Brings the model up to date with the files on disk. FULL (or the first
 * call, or after a failed full load): load everything, as pipeline_load
 * does. Otherwise only the sources whose bytes changed are read again (a
 * stat first; CHANGED, paths an editor saved, are hashed whatever their
 * stat says), their hooks run, and they replace their old documents in
 * the linked model. Returns 0 with the load's diagnostics in D (what a
 * clean build's load reports), or -1 with the errors in D: the model
 * (pipeline_session_corpus) is then the last good one, and a source that
 * failed is read again by every update until it is good. *REREAD: how
 * many sources were read (all of them for a full load). */
int pipeline_session_update(pipeline_session *s, const char *const *changed, size_t nchanged,
                            int full, diag_list *d, size_t *reread);
/* The model (NULL before a good load) and its inputs for pipeline_build. */
cc_corpus *pipeline_session_corpus(const pipeline_session *s);
const struct incr_inputs *pipeline_session_inputs(const pipeline_session *s);
/* The output cache kept between the session's builds
 * (pipeline_build_opts.cache); freed with the session. */
struct incr_cache **pipeline_session_cache(pipeline_session *s);
/* The search words kept between the session's builds
 * (pipeline_build_opts.search_words): at most PIPELINE_SEARCH_WORDS_MAX
 * clauses' (then forgotten at once); freed with the session. */
#define PIPELINE_SEARCH_WORDS_MAX 1000000
struct memo *pipeline_session_search_words(pipeline_session *s);
/* The PDF fonts' faces kept between the session's builds
 * (pipeline_build_opts.pdf_faces); freed with the session. */
struct pdf_faces *pipeline_session_pdf_faces(pipeline_session *s);

#endif
