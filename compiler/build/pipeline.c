/* pipeline.c - the phases in order (see pipeline.h). */
#define _POSIX_C_SOURCE 200809L
#include "build/pipeline.h"
#include "base/buf.h"
#include "build/incremental.h"
#include "hooks/hooks.h"
#include "write/json/json_export.h"
#include "link/linker.h"
#include "base/outdir.h"
#include "base/parallel.h"
#include "cli/progress.h"
#include "read/reader.h"
#include "base/strmap.h"
#include "read/taxonomy.h"
#include "build/writers.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static char *default_taxonomy(arena *a, const char *first_source) {
  const char *slash = strrchr(first_source, '/');
  char *path = slash ? arena_printf(a, "%.*s/topics.yaml", (int)(slash - first_source), first_source)
                     : arena_strdup(a, "topics.yaml");
  struct stat st;
  return stat(path, &st) == 0 ? path : NULL;
}

static long long source_date_epoch(void) {
  const char *s = getenv("SOURCE_DATE_EPOCH");
  if (!s || !*s) return -1;
  char *end;
  long long v = strtoll(s, &end, 10);
  return (*end || v < 0) ? -1 : v;
}

cc_corpus *pipeline_load(const pipeline_opts *o, diag_list *d) {
  cc_corpus *c = model_corpus_new();
  c->build_epoch = source_date_epoch();
  const char *tax = o->taxonomy;
  if (!tax && o->nsources) tax = default_taxonomy(c->arena, o->sources[0]);
  if (tax) taxonomy_load(c, tax, d);
  for (size_t i = 0; i < o->nsources; i++) reader_read_file(c, o->sources[i], d);
  if (d->errors) return c;
  if (hooks_run_corpus(c, o->lua_files, o->nlua, o->no_hooks, d) != 0) return c;
  linker_resolve_topics(c, o->require_topics, d);
  if (d->errors) return c;
  linker_link(c);
  return c;
}

static const struct {
  const char *name;
  int bit;
} format_names[] = {{"json", PIPELINE_JSON}, {"html", PIPELINE_HTML}, {"pdf", PIPELINE_PDF},
                    {"akn", PIPELINE_AKN},   {"matrix", PIPELINE_MATRIX}, {"all", PIPELINE_ALL}};

int pipeline_parse_formats(const char *list) {
  int bits = 0;
  const char *p = list;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    int found = 0;
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
      if (strlen(format_names[i].name) == n && strncasecmp(p, format_names[i].name, n) == 0) {
        bits |= format_names[i].bit;
        found = 1;
      }
    if (!found) return -1;
    p += n;
    if (*p == ',') p++;
  }
  return bits;
}

/* ---- writing: jobs, threads, cache -----------------------------------------

 * The writers' work is cut into independent jobs: each corpus-level writer
 * (or the corpus-level part of a split writer) is one job, and each
 * (document, split writer) pair is one. Jobs run on parallel_run's threads,
 * each with its own diag_list; afterwards the lists are merged in the order
 * a sequential build reports them (writer table order; within a writer:
 * begin, documents in corpus order, finish), so diagnostics and files are
 * the same for any -j. A split writer's finish that needs its documents'
 * results (finish_after_documents, the PDF writer's matrix) is not a job of
 * its own: the thread that completes the writer's last document job runs
 * it. A job whose fingerprint and files match the cache is
 * not run at all: its output stays in DIR (it is not staged, so the commit
 * leaves it) and its recorded diagnostics are replayed. */

typedef enum { JOB_CORPUS, JOB_FINISH, JOB_DOC } job_kind;

typedef struct job {
  job_kind kind;
  size_t w;   /* writers[] index */
  size_t doc; /* JOB_DOC: corpus->docs index */
} job;

typedef struct pair {  /* one (document, split writer) output */
  uint64_t fp;
  int run;            /* rebuilt (else kept from the cache) */
  diag_list d;        /* the job's, or the cache's replay */
  char *rel;          /* its output file */
} pair;

typedef struct build_ctx {
  const cc_corpus *c;
  outdir *o;
  void **state;       /* by writer: begin's result */
  const job *jobs;
  pair *pairs;        /* doc * nw + w */
  diag_list *corpus_d; /* by writer: JOB_CORPUS / JOB_FINISH diagnostics */
  size_t nw;
  progress *pr;
  pthread_mutex_t lock;
  size_t *remaining;  /* by document: jobs not yet done */
  size_t *doc_jobs;   /* by writer: its document jobs not yet done */
  char **corpus_key;  /* by writer: "corpus:<name>", its corpus-level part's cache key */
  incr_job **units;   /* by writer: its corpus-level part's units (incremental.h) */
  int *chained;       /* by writer: finish runs after its last document job */
} build_ctx;

static void run_corpus_part(build_ctx *b, job_kind kind, size_t wi) {
  const writer_entry *w = &writers[wi];
  diag_list *d = &b->corpus_d[wi];
  progress_note(b->pr, w->name);
  outdir_set_owner(b->corpus_key[wi]); /* the files it stages are its cache entry's */
  incr_job_set_current(b->units[wi]);
  int rc = kind == JOB_CORPUS ? w->write(b->c, b->o, d) : w->finish(b->state[wi], b->c, b->o, d);
  incr_job_set_current(NULL);
  outdir_set_owner(NULL);
  if (rc != 0 && !d->errors) diag_error(d, NULL, 0, 0, "the %s writer failed", w->name);
}

static void run_job(void *ctx, size_t i) {
  build_ctx *b = ctx;
  const job *j = &b->jobs[i];
  const writer_entry *w = &writers[j->w];
  if (j->kind != JOB_DOC) {
    run_corpus_part(b, j->kind, j->w);
    return;
  }
  diag_list *d = &b->pairs[j->doc * b->nw + j->w].d;
  int rc = w->write_document(b->state[j->w], b->c->docs[j->doc], b->o, d);
  if (rc != 0 && !d->errors) diag_error(d, NULL, 0, 0, "the %s writer failed", w->name);
  pthread_mutex_lock(&b->lock);
  int last = --b->remaining[j->doc] == 0;
  /* the lock also makes every document job's writes visible to finish */
  int finish = --b->doc_jobs[j->w] == 0 && b->chained[j->w];
  pthread_mutex_unlock(&b->lock);
  const cc_document *doc = b->c->docs[j->doc];
  if (last) progress_step(b->pr, doc->council ? doc->council : doc->slug);
  if (finish) run_corpus_part(b, JOB_FINISH, j->w);
}

static int is_split(const writer_entry *w) { return w->write_document && w->begin && w->doc_output; }
/* Writes corpus-level files: the whole writer, or a split writer's finish. */
static int has_corpus_part(const writer_entry *w) { return !is_split(w) || w->finish; }

/* DOC_OUTPUT with its %s replaced by SLUG. */
static char *doc_rel(const char *pattern, const char *slug) {
  buf b = BUF_INIT;
  const char *p = strstr(pattern, "%s");
  buf_put(&b, pattern, p ? (size_t)(p - pattern) : strlen(pattern));
  if (p) {
    buf_puts(&b, slug);
    buf_puts(&b, p + 2);
  }
  return buf_detach(&b);
}

static char *key2(const char *a, const char *b, const char *c) {
  buf k = BUF_INIT;
  buf_puts(&k, a);
  buf_puts(&k, b);
  if (c) {
    buf_putc(&k, ':');
    buf_puts(&k, c);
  }
  return buf_detach(&k);
}

static void merge(diag_list *to, const diag_list *from) {
  for (size_t i = 0; i < from->count; i++) {
    const diag *g = &from->items[i];
    diag_add(to, g->severity, g->file, g->line, g->col, "%s", g->message);
  }
}

/* Records the build in a new cache and stages it. */
static int record_cache(const build_ctx *b, const incr_cache *old, const int *selected,
                        const int *corpus_ran, const uint64_t *cfp, diag_list *d) {
  const cc_corpus *c = b->c;
  incr_cache *nc = incr_cache_new();
  strmap *staged = strmap_new(); /* rel -> staged path */
  size_t ns = outdir_staged_count(b->o);
  for (size_t i = 0; i < ns; i++) {
    const char *path;
    const char *rel = outdir_staged_rel(b->o, i, &path);
    strmap_put(staged, rel, (void *)path);
  }
  for (size_t i = 0; i < c->ndocs; i++)
    for (size_t w = 0; w < b->nw; w++) {
      const pair *p = &b->pairs[i * b->nw + w];
      if (!p->rel) continue;
      char *key = key2("doc:", writers[w].name, c->docs[i]->slug);
      if (p->run) {
        incr_cache_add(nc, key, p->fp, &p->d);
        const char *path = strmap_get(staged, p->rel);
        if (path) incr_cache_add_file(nc, key, p->rel, path);
        if (writers[w].memo_save) {
          char *memo = writers[w].memo_save(b->state[w], c->docs[i]);
          incr_cache_set_memo(nc, key, memo);
          free(memo);
        }
      } else {
        incr_cache_keep(nc, old, key);
      }
      free(key);
    }
  /* corpus-level parts: each its own entry, with the files it staged */
  for (size_t w = 0; w < b->nw; w++) {
    if (!b->corpus_key[w]) continue;
    if (corpus_ran[w]) incr_cache_add(nc, b->corpus_key[w], cfp[w], &b->corpus_d[w]);
    else incr_cache_keep(nc, old, b->corpus_key[w]);
  }
  for (size_t i = 0; i < ns; i++) {
    const char *path;
    const char *rel = outdir_staged_rel(b->o, i, &path);
    const char *owner = outdir_staged_owner(b->o, i);
    if (owner) incr_cache_add_file(nc, owner, rel, path);
  }
  for (size_t w = 0; w < b->nw; w++) {
    if (!b->corpus_key[w]) continue;
    if (corpus_ran[w] && b->units[w]) incr_job_record(b->units[w], nc, old, b->corpus_key[w], staged);
    else if (!corpus_ran[w]) incr_job_keep(nc, old, writers[w].name);
  }
  /* outputs of writers not run this time stay valid */
  for (size_t w = 0; w < b->nw; w++)
    if (!selected[w]) {
      char *prefix = key2("doc:", writers[w].name, "");
      incr_cache_keep_prefix(nc, old, prefix);
      free(prefix);
      char *key = key2("corpus:", writers[w].name, NULL);
      incr_cache_keep(nc, old, key);
      free(key);
      incr_job_keep(nc, old, writers[w].name);
    }
  /* a file a kept entry lists may have been written again by another part
   * (two writers copy the same theme assets): same bytes, new mtime */
  incr_cache_restat(nc, staged);
  int rc = incr_cache_write(nc, b->o, d);
  strmap_free(staged);
  incr_cache_free(nc);
  return rc;
}

int pipeline_build(cc_corpus *corpus, const char *dir, pipeline_build_opts *bo, diag_list *d) {
  bo->written = bo->kept = 0;
  if (d->errors || (bo->werror && d->warnings)) return -1;
  outdir *o = outdir_open(dir, d);
  if (!o) return -1;
  const cc_corpus *c = corpus;
  xmlInitParser(); /* once, before any thread uses libxml2 */
  size_t nw = 0;
  while (writers[nw].name) nw++;
  build_ctx b;
  memset(&b, 0, sizeof b);
  b.c = c;
  b.o = o;
  b.nw = nw;
  b.pr = bo->progress;
  pthread_mutex_init(&b.lock, NULL);
  b.state = xcalloc(nw, sizeof *b.state);
  b.corpus_d = xcalloc(nw, sizeof *b.corpus_d);
  b.pairs = xcalloc(c->ndocs * nw + 1, sizeof *b.pairs);
  b.remaining = xcalloc(c->ndocs + 1, sizeof *b.remaining);
  diag_list *begin_d = xcalloc(nw, sizeof *begin_d);
  int *selected = xcalloc(nw, sizeof *selected), *failed = xcalloc(nw, sizeof *failed);
  for (size_t w = 0; w < nw; w++) {
    diag_list_init(&b.corpus_d[w]);
    diag_list_init(&begin_d[w]);
    selected[w] = (bo->formats & writers[w].format) != 0;
  }
  for (size_t i = 0; i < c->ndocs * nw; i++) diag_list_init(&b.pairs[i].d);

  /* begin: shared read-only state (themes, hyphenation), one thread */
  for (size_t w = 0; w < nw; w++)
    if (selected[w] && is_split(&writers[w])) {
      b.state[w] = writers[w].begin(c, &begin_d[w]);
      failed[w] = b.state[w] == NULL;
    }

  /* what the cache lets us keep: each corpus-level part has its own entry,
   * whose fingerprint covers every source, or only the corpus's structure
   * for a part that shows nothing else (writers.h) */
  incr_cache *old = bo->inputs && !bo->ignore_cache ? incr_cache_load(dir) : NULL;
  b.corpus_key = xcalloc(nw, sizeof *b.corpus_key);
  b.units = xcalloc(nw, sizeof *b.units);
  uint64_t *cfp = xcalloc(nw, sizeof *cfp);
  int *corpus_fresh = xcalloc(nw, sizeof *corpus_fresh);
  for (size_t w = 0; w < nw; w++) {
    if (!selected[w] || failed[w] || !has_corpus_part(&writers[w])) continue;
    b.corpus_key[w] = key2("corpus:", writers[w].name, NULL);
    if (!bo->inputs) continue;
    b.units[w] = incr_job_new(bo->inputs, old, dir, writers[w].name, bo->formats);
    cfp[w] = writers[w].corpus_structure_only
                 ? incr_structure_fingerprint(bo->inputs, c, bo->formats, writers[w].name)
                 : incr_corpus_fingerprint(bo->inputs, c, bo->formats, writers[w].name);
    corpus_fresh[w] = old && incr_cache_fresh(old, b.corpus_key[w], cfp[w], dir, NULL);
  }
  arena *scratch = arena_new();
  uint64_t *topic_hashes = bo->inputs ? incr_topic_hashes(c, scratch) : NULL;
  buf extra = BUF_INIT;
  for (size_t i = 0; i < c->ndocs; i++)
    for (size_t w = 0; w < nw; w++) {
      if (!selected[w] || !is_split(&writers[w]) || failed[w]) continue;
      pair *p = &b.pairs[i * nw + w];
      p->rel = doc_rel(writers[w].doc_output, c->docs[i]->slug);
      p->run = 1;
      if (!bo->inputs) continue;
      buf_clear(&extra);
      if (writers[w].fingerprint) writers[w].fingerprint(b.state[w], c->docs[i], &extra);
      p->fp = incr_doc_fingerprint(bo->inputs, c->docs[i], writers[w].name, buf_cstr(&extra),
                                   topic_hashes, scratch);
      char *key = key2("doc:", writers[w].name, c->docs[i]->slug);
      if (old && incr_cache_fresh(old, key, p->fp, dir, &p->d)) {
        p->run = 0;
        const char *memo = incr_cache_memo(old, key);
        if (memo && writers[w].memo_load) writers[w].memo_load(b.state[w], c->docs[i], memo);
      }
      free(key);
    }
  buf_free(&extra);
  free(topic_hashes);
  arena_free(scratch);

  /* the jobs: corpus-level first (the longest; they start while the
   * documents fill the other threads), then documents in corpus order */
  job *jobs = xcalloc(nw + c->ndocs * nw + 1, sizeof *jobs);
  size_t njobs = 0;
  b.doc_jobs = xcalloc(nw, sizeof *b.doc_jobs);
  b.chained = xcalloc(nw, sizeof *b.chained);
  for (size_t i = 0; i < c->ndocs; i++)
    for (size_t w = 0; w < nw; w++)
      if (b.pairs[i * nw + w].rel && b.pairs[i * nw + w].run) b.doc_jobs[w]++;
  for (size_t w = 0; w < nw; w++) {
    if (!b.corpus_key[w] || corpus_fresh[w]) continue;
    if (!is_split(&writers[w])) jobs[njobs++] = (job){JOB_CORPUS, w, 0};
    else if (writers[w].finish && writers[w].finish_after_documents && b.doc_jobs[w])
      b.chained[w] = 1; /* run_job starts it after the last document */
    else if (writers[w].finish) jobs[njobs++] = (job){JOB_FINISH, w, 0};
  }
  size_t ndone_docs = 0;
  for (size_t i = 0; i < c->ndocs; i++) {
    for (size_t w = 0; w < nw; w++)
      if (b.pairs[i * nw + w].rel && b.pairs[i * nw + w].run) {
        jobs[njobs++] = (job){JOB_DOC, w, i};
        b.remaining[i]++;
      }
    if (!b.remaining[i]) ndone_docs++;
  }
  b.jobs = jobs;
  progress_start(b.pr, "documents", c->ndocs);
  for (size_t i = 0; i < ndone_docs; i++) progress_step(b.pr, NULL);
  parallel_run(njobs, bo->jobs > 0 ? bo->jobs : parallel_cpus(), run_job, &b);
  progress_clear(b.pr);

  /* diagnostics in sequential order; stop after the first failing writer,
   * as a sequential build would have */
  for (size_t w = 0; w < nw; w++) {
    if (!selected[w]) continue;
    merge(d, &begin_d[w]);
    if (is_split(&writers[w]) && !failed[w])
      for (size_t i = 0; i < c->ndocs; i++) merge(d, &b.pairs[i * nw + w].d);
    if (corpus_fresh[w]) incr_cache_fresh(old, b.corpus_key[w], cfp[w], dir, d); /* replays */
    else merge(d, &b.corpus_d[w]);
    if (d->errors) break;
  }
  for (size_t i = 0; i < c->ndocs * nw; i++)
    if (b.pairs[i].rel) {
      if (b.pairs[i].run) bo->written++;
      else bo->kept++;
    }

  int rc;
  if (d->errors || (bo->werror && d->warnings)) {
    outdir_abort(o);
    rc = -1;
  } else {
    rc = 0;
    if (bo->inputs) {
      int *ran = xcalloc(nw, sizeof *ran);
      for (size_t w = 0; w < nw; w++) ran[w] = b.corpus_key[w] && !corpus_fresh[w];
      rc = record_cache(&b, old, selected, ran, cfp, d);
      free(ran);
    }
    if (rc == 0) rc = outdir_commit(o, d);
    else outdir_abort(o);
  }

  for (size_t w = 0; w < nw; w++) {
    free(b.corpus_key[w]);
    incr_job_free(b.units[w]);
    if (b.state[w] && writers[w].end) writers[w].end(b.state[w]);
    diag_list_free(&b.corpus_d[w]);
    diag_list_free(&begin_d[w]);
  }
  for (size_t i = 0; i < c->ndocs * nw; i++) {
    diag_list_free(&b.pairs[i].d);
    free(b.pairs[i].rel);
  }
  incr_cache_free(old);
  free(jobs);
  free(b.pairs);
  free(b.remaining);
  free(b.doc_jobs);
  free(b.corpus_key);
  free(b.units);
  free(cfp);
  free(corpus_fresh);
  free(b.chained);
  free(b.corpus_d);
  free(b.state);
  free(begin_d);
  free(selected);
  free(failed);
  pthread_mutex_destroy(&b.lock);
  return rc;
}

int pipeline_write(cc_corpus *c, const char *dir, int formats, int werror, diag_list *d) {
  pipeline_build_opts bo;
  memset(&bo, 0, sizeof bo);
  bo.formats = formats;
  bo.werror = werror;
  bo.jobs = 1;
  return pipeline_build(c, dir, &bo, d);
}
