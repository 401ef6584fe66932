/* pipeline.c - the phases in order (see pipeline.h). */
#define _POSIX_C_SOURCE 200809L
#include "build/pipeline.h"
#include "base/buf.h"
#include "base/memo.h"
#include "write/pdf/pdf_font.h"
#include "build/downloads.h"
#include "build/incremental.h"
#include "hooks/hooks.h"
#include "write/json/json_export.h"
#include "link/linker.h"
#include "base/outdir.h"
#include "base/parallel.h"
#include "read/reader.h"
#include "base/strmap.h"
#include "read/taxonomy.h"
#include "read/versions.h"
#include "build/writers.h"

#include <errno.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* The taxonomy a build uses when none is named: the project's own (beside
 * the first source), else the installed one. SEARCHED gets the paths
 * tried, for the message when there is none. */
static char *default_taxonomy(arena *a, const pipeline_opts *o, buf *searched) {
  char *tried[2];
  size_t n = 0;
  if (o->nsources) {
    const char *first = o->sources[0], *slash = strrchr(first, '/');
    tried[n++] = slash ? arena_printf(a, "%.*s/topics.yaml", (int)(slash - first), first)
                       : arena_strdup(a, "topics.yaml");
  }
  if (o->data_dir && *o->data_dir) tried[n++] = arena_printf(a, "%s/topics.yaml", o->data_dir);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(tried[i], &st) == 0) return tried[i];
    buf_printf(searched, "%s%s", i ? ", " : "", tried[i]);
  }
  return NULL;
}

/* The last second of 9999-12-31: dates past it have no four-digit year
 * (AKN, the PDF's /CreationDate), and larger values overflowed the date
 * arithmetic (issue 24). */
#define EPOCH_MAX 253402300799LL

/* SOURCE_DATE_EPOCH, or -1 when unset; a value that is not a whole number
 * of seconds from 1970 to 9999 is an error (a wrong date printed in every
 * output would be worse). */
static long long source_date_epoch(diag_list *d) {
  const char *s = getenv("SOURCE_DATE_EPOCH");
  if (!s || !*s) return -1;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (*end || errno || v < 0 || v > EPOCH_MAX) {
    diag_error(d, NULL, 0, 0, "SOURCE_DATE_EPOCH='%.40s' is not a time from 1970 to 9999 in seconds "
               "since 1970-01-01 (e.g. 1700000000); correct it or unset it", s);
    return -1;
  }
  return v;
}

/* The house style applies to earlier versions as to the current text, so
 * a redline compares like with like: the hooks run over the versions as
 * a corpus of their own (the list swapped in for the run, so nothing
 * else ever sees them in corpus->docs). */
static int run_version_hooks(cc_corpus *c, const pipeline_opts *o, diag_list *d) {
  size_t n = 0;
  for (size_t i = 0; i < c->ndocs; i++) n += c->docs[i]->nversions;
  if (!n) return 0;
  cc_document **all = xmalloc(n * sizeof *all), **docs = c->docs;
  size_t k = 0, ndocs = c->ndocs;
  for (size_t i = 0; i < ndocs; i++)
    for (size_t j = 0; j < docs[i]->nversions; j++) all[k++] = docs[i]->versions[j];
  c->docs = all;
  c->ndocs = n;
  int rc = hooks_run_corpus_threads(c, o->lua_files, o->nlua, o->no_hooks, o->jobs, d);
  c->docs = docs;
  c->ndocs = ndocs;
  free(all);
  return rc;
}

/* A new corpus with what every source shares: the build date, the data
 * directory and the taxonomy (reported to D). Build and watch both start
 * here. */
static cc_corpus *corpus_start(const pipeline_opts *o, diag_list *d) {
  cc_corpus *c = model_corpus_new();
  c->build_epoch = source_date_epoch(d);
  c->data_dir = o->data_dir && *o->data_dir ? arena_strdup(c->arena, o->data_dir) : NULL;
  const char *tax = o->taxonomy;
  buf searched = BUF_INIT;
  if (!tax) tax = default_taxonomy(c->arena, o, &searched);
  if (tax) {
    taxonomy_load(c, tax, d);
  } else if (o->warn_no_taxonomy) {
    /* never a silent "0 topics": the topics of the sources go unchecked */
    diag_warning(d, NULL, 0, 0, "no topic taxonomy found (looked for %s): topics are not "
                 "checked; give --topics FILE, or put topics.yaml beside the sources "
                 "(concord init makes one)", searched.len ? buf_cstr(&searched) : "none");
  }
  buf_free(&searched);
  return c;
}

static void merge(diag_list *to, const diag_list *from);

/* Reading: the taxonomy (job 0, into the corpus itself) and each source
 * (job 1 + i) are independent, so they run on several threads. A source
 * is read into a corpus of its thread's own (the corpus arena is not
 * thread-safe; one per thread, not per source, so a large corpus does
 * not leave a partly used arena block per document); the documents then
 * join the corpus in source order, the threads' arenas with them, and
 * the jobs' diagnostics are merged in the order one thread reports
 * them. */
typedef struct read_jobs {
  const pipeline_opts *o;
  cc_corpus *c;          /* job 0's */
  cc_corpus **by_thread; /* by slot: where its sources are read */
  cc_document **docs;    /* by source: its document, or NULL */
  diag_list *d;          /* by job */
} read_jobs;

static void read_job(void *ctx, size_t j, int slot) {
  read_jobs *r = ctx;
  if (j == 0) {
    r->c = corpus_start(r->o, &r->d[0]);
    return;
  }
  if (!r->by_thread[slot]) r->by_thread[slot] = model_corpus_new();
  r->docs[j - 1] = reader_read_file(r->by_thread[slot], r->o->sources[j - 1], &r->d[j]);
}

static cc_corpus *read_all(const pipeline_opts *o, diag_list *d) {
  size_t n = o->nsources + 1;
  int threads = parallel_threads(n, o->jobs > 0 ? o->jobs : parallel_cpus());
  read_jobs r = {o, NULL, xcalloc((size_t)threads, sizeof *r.by_thread),
                 xcalloc(n, sizeof *r.docs), xcalloc(n, sizeof *r.d)};
  for (size_t j = 0; j < n; j++) diag_list_init(&r.d[j]);
  parallel_run_slots(n, threads, read_job, &r);
  for (size_t j = 0; j < n; j++) {
    if (j && r.docs[j - 1]) model_corpus_add_document(r.c, r.docs[j - 1]);
    merge(d, &r.d[j]);
    diag_list_free(&r.d[j]);
  }
  for (int t = 0; t < threads; t++) model_corpus_absorb(r.c, r.by_thread[t]);
  free(r.by_thread);
  free(r.docs);
  free(r.d);
  return r.c;
}

cc_corpus *pipeline_load(const pipeline_opts *o, diag_list *d) {
  cc_corpus *c = read_all(o, d);
  if (d->errors) return c;
  if (versions_read(c, d) != 0) return c;
  if (hooks_run_corpus_threads(c, o->lua_files, o->nlua, o->no_hooks, o->jobs, d) != 0) return c;
  if (run_version_hooks(c, o, d) != 0) return c;
  linker_resolve_topics(c, o->require_topics, d);
  writers_check_slugs(c, d);
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

/* ---- writing: parts, jobs, threads, cache ----------------------------------

 * A writer's work is cut into parts (writers.h): one per document, one per
 * topic and one for its corpus-level files. Each part is a job on
 * parallel_run's threads, with a diag_list of its own and a handle on the
 * outdir (outdir_for) that records the files it stages under the part's
 * cache key. Afterwards the lists are merged in the order a sequential
 * build reports them (writer table order; within a writer: begin,
 * documents in corpus order, topics in taxonomy order, the corpus part),
 * so diagnostics and files are the same for any -j. A part whose
 * fingerprint and files match the cache does not run: its files stay in
 * DIR (they are not staged, so the commit leaves them) and its recorded
 * diagnostics are replayed. A corpus part that reads the documents'
 * products cannot be fingerprinted before they exist: the thread that
 * finishes the writer's last document part decides and runs it (or it is
 * a job of its own when no document part of the writer runs). */

typedef enum { PART_DOC, PART_TOPIC, PART_CORPUS } part_kind;

typedef struct part {
  part_kind kind;
  size_t w;      /* writers[] index */
  size_t index;  /* document or topic index */
  char *key;     /* "doc:<writer>:<slug>", "topic:<writer>:<key>", "corpus:<writer>" */
  uint64_t fp;   /* (a products-reading corpus part: before the products) */
  int run;       /* runs this build (else kept from the cache) */
  int skipped;   /* did not run: the writer's document parts failed */
  diag_list d;   /* its diagnostics, or the cache's replay */
  char *product; /* PART_DOC: what it handed back, or what the cache kept */
  double cpu_ms; /* its thread's CPU time, if it ran */
} part;

#define NO_PART ((size_t)-1)

typedef struct build_ctx {
  const cc_corpus *c;
  outdir *o;
  const char *dir;
  const incr_inputs *in; /* NULL: no cache */
  const incr_cache *old; /* NULL: nothing to keep */
  void **state;          /* by writer: begin's result */
  part *parts;
  size_t nparts;
  size_t *first_doc;     /* by writer: its first document part, or NO_PART */
  size_t *corpus_part;   /* by writer: its corpus part, or NO_PART */
  const size_t *jobs;    /* parts to run */
  size_t nw;
  const pipeline_progress *pr;
  int part_times;        /* pipeline_build_opts.part_times */
  pthread_mutex_t lock;
  size_t *remaining;     /* by document: its parts not yet done */
  size_t *doc_jobs;      /* by writer: its document parts not yet done */
} build_ctx;

static void note(const build_ctx *b, const char *name) {
  if (b->pr && b->pr->note) b->pr->note(b->pr->ctx, name);
}
static void step(const build_ctx *b, const char *name) {
  if (b->pr && b->pr->step) b->pr->step(b->pr->ctx, name);
}

static double thread_cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void run_part(build_ctx *b, part *p) {
  double cpu0 = b->part_times ? thread_cpu_ms() : 0;
  const writer_entry *w = &writers[p->w];
  void *st = b->state[p->w];
  outdir *h = outdir_for(b->o, p->key); /* the files it stages are its cache entry's */
  int rc = 0;
  if (p->kind == PART_DOC) {
    rc = w->document(st, b->c->docs[p->index], h, &p->product, &p->d);
  } else if (p->kind == PART_TOPIC) {
    rc = w->topic(st, b->c->topics[p->index], h, &p->d);
  } else {
    note(b, w->name);
    const char **products = NULL;
    if (w->reads_products && b->first_doc[p->w] != NO_PART) {
      products = xcalloc(b->c->ndocs + 1, sizeof *products);
      for (size_t i = 0; i < b->c->ndocs; i++) products[i] = b->parts[b->first_doc[p->w] + i].product;
    }
    rc = w->corpus(st, b->c, products, h, &p->d);
    free(products);
  }
  outdir_release(h);
  if (rc != 0 && !p->d.errors) diag_error(&p->d, NULL, 0, 0, "the %s writer failed", w->name);
  p->cpu_ms = b->part_times ? thread_cpu_ms() - cpu0 : 0;
}

/* A corpus part that reads its writer's products, once they all exist:
 * skipped if a document part failed (a sequential build would have
 * stopped there), kept if the cache holds it for these products, else
 * run. */
static void run_products_part(build_ctx *b, part *p) {
  size_t first = b->first_doc[p->w];
  int complete = 1;
  uint64_t fp = p->fp;
  for (size_t i = 0; first != NO_PART && i < b->c->ndocs; i++) {
    const part *dp = &b->parts[first + i];
    if (dp->d.errors) {
      p->skipped = 1;
      p->run = 0;
      return;
    }
    if (!dp->product) complete = 0;
    fp = incr_fingerprint_extend(fp, dp->product);
  }
  p->fp = fp;
  if (b->in && b->old && complete && incr_cache_fresh(b->old, p->key, fp, b->dir, &p->d)) {
    p->run = 0;
    return;
  }
  run_part(b, p);
}

static void run_job(void *ctx, size_t i) {
  build_ctx *b = ctx;
  part *p = &b->parts[b->jobs[i]];
  if (p->kind == PART_CORPUS && writers[p->w].reads_products) {
    run_products_part(b, p); /* no document part of its writer runs */
    return;
  }
  run_part(b, p);
  if (p->kind != PART_DOC) return;
  pthread_mutex_lock(&b->lock);
  int last = --b->remaining[p->index] == 0;
  /* the lock also makes every document part's product visible here */
  int chained = --b->doc_jobs[p->w] == 0 && writers[p->w].reads_products &&
                b->corpus_part[p->w] != NO_PART;
  pthread_mutex_unlock(&b->lock);
  const cc_document *doc = b->c->docs[p->index];
  if (last) step(b, doc->council ? doc->council : doc->slug);
  if (chained) run_products_part(b, &b->parts[b->corpus_part[p->w]]);
}

static char *key3(const char *kind, const char *writer, const char *name) {
  buf k = BUF_INIT;
  buf_printf(&k, "%s:%s", kind, writer);
  if (name) buf_printf(&k, ":%s", name);
  return buf_detach(&k);
}

static void merge(diag_list *to, const diag_list *from) {
  for (size_t i = 0; i < from->count; i++) {
    const diag *g = &from->items[i];
    diag_add(to, g->severity, g->file, g->line, g->col, "%s", g->message);
  }
}

/* Records the build in a new cache and stages it. */
static int record_cache(const build_ctx *b, const int *selected, diag_list *d, incr_cache **out) {
  incr_cache *nc = incr_cache_new();
  strmap *staged = strmap_new(); /* rel -> staged path */
  size_t ns = outdir_staged_count(b->o);
  for (size_t i = 0; i < ns; i++) {
    const char *path;
    const char *rel = outdir_staged_rel(b->o, i, &path);
    strmap_put(staged, rel, (void *)path);
  }
  for (size_t i = 0; i < b->nparts; i++) {
    const part *p = &b->parts[i];
    if (p->skipped) continue; /* nothing recorded: the next build runs it */
    if (p->run) {
      incr_cache_add(nc, p->key, p->fp, &p->d);
      incr_cache_set_product(nc, p->key, p->product);
    } else {
      incr_cache_keep(nc, b->old, p->key);
    }
  }
  for (size_t i = 0; i < ns; i++) {
    const char *path;
    const char *rel = outdir_staged_rel(b->o, i, &path);
    const char *owner = outdir_staged_owner(b->o, i);
    outdir_file_stat st;
    if (!owner) continue;
    if (outdir_staged_stat(b->o, i, &st)) incr_cache_add_file_stat(nc, owner, rel, st.size, st.sec, st.nsec);
    else incr_cache_add_file(nc, owner, rel, path);
  }
  /* outputs of writers not run this time stay valid */
  for (size_t w = 0; w < b->nw; w++)
    if (!selected[w]) {
      static const char *const kinds[] = {"doc", "topic"};
      for (size_t k = 0; k < 2; k++) {
        char *prefix = key3(kinds[k], writers[w].name, "");
        incr_cache_keep_prefix(nc, b->old, prefix);
        free(prefix);
      }
      char *key = key3("corpus", writers[w].name, NULL);
      incr_cache_keep(nc, b->old, key);
      free(key);
    }
  /* a file a kept entry lists may have been written again by another part
   * (two writers copy the same theme assets): same bytes, new mtime */
  incr_cache_restat(nc, staged);
  int rc = incr_cache_write(nc, b->o, d);
  strmap_free(staged);
  if (out && rc == 0) *out = nc;
  else incr_cache_free(nc);
  return rc;
}

/* Adds PART to B (growing B->parts) and decides from the cache whether it
 * runs. FP_READY: its fingerprint is final (not a products-reading
 * corpus part). */
static void add_part(build_ctx *b, size_t *cap, part p, int fp_ready) {
  p.run = 1;
  diag_list_init(&p.d);
  if (b->in && b->old && fp_ready && incr_cache_fresh(b->old, p.key, p.fp, b->dir, &p.d)) {
    p.run = 0;
    const char *product = incr_cache_product(b->old, p.key);
    p.product = product ? xstrdup(product) : NULL;
  }
  XGROW(b->parts, b->nparts, *cap);
  b->parts[b->nparts++] = p;
}

/* Every part of the selected writers, with its fingerprint. */
static void make_parts(build_ctx *b, const int *selected, const int *failed, int formats) {
  const cc_corpus *c = b->c;
  size_t cap = 0;
  arena *scratch = arena_new();
  uint64_t *topic_hashes = b->in ? incr_topic_hashes(c, scratch) : NULL;
  /* the writer-independent hashes, once each (lazily: 0 = not yet) */
  uint64_t *doc_hashes = xcalloc(c->ndocs + 1, sizeof *doc_hashes);
  uint64_t structure = 0, councils = 0;
  int have_structure = 0, have_councils = 0;
  buf extra = BUF_INIT;
  for (size_t w = 0; w < b->nw; w++) {
    const writer_entry *wr = &writers[w];
    b->first_doc[w] = b->corpus_part[w] = NO_PART;
    if (!selected[w] || failed[w]) continue;
    if (wr->document) {
      b->first_doc[w] = b->nparts;
      for (size_t i = 0; i < c->ndocs; i++) {
        part p = {PART_DOC, w, i, key3("doc", wr->name, c->docs[i]->slug), 0, 0, 0, {0}, NULL, 0};
        if (b->in) {
          buf_clear(&extra);
          if (wr->document_inputs) wr->document_inputs(b->state[w], c->docs[i], &extra);
          if (!doc_hashes[i]) doc_hashes[i] = incr_doc_hash(b->in, c->docs[i], topic_hashes, scratch) | 1;
          p.fp = incr_doc_fingerprint(b->in, doc_hashes[i], wr->name, buf_cstr(&extra));
        }
        add_part(b, &cap, p, 1);
      }
    }
    if (wr->topic)
      for (size_t t = 0; t < c->ntopics; t++) {
        part p = {PART_TOPIC, w, t, key3("topic", wr->name, c->topics[t]->key), 0, 0, 0, {0}, NULL, 0};
        if (b->in) {
          if (!have_councils) councils = incr_councils_hash(c);
          have_councils = 1;
          p.fp = incr_topic_fingerprint(b->in, councils, c->topics[t], wr->name);
        }
        add_part(b, &cap, p, 1);
      }
    if (wr->corpus) {
      part p = {PART_CORPUS, w, 0, key3("corpus", wr->name, NULL), 0, 0, 0, {0}, NULL, 0};
      if (b->in && wr->corpus_shows == WRITER_SHOWS_STRUCTURE) {
        if (!have_structure) structure = incr_structure_hash(b->in, c);
        have_structure = 1;
        p.fp = incr_structure_fingerprint(b->in, structure, formats, wr->name);
      } else if (b->in) {
        p.fp = incr_corpus_fingerprint(b->in, c, formats, wr->name);
      }
      b->corpus_part[w] = b->nparts;
      add_part(b, &cap, p, !wr->reads_products);
    }
  }
  buf_free(&extra);
  free(doc_hashes);
  free(topic_hashes);
  arena_free(scratch);
}

/* Phase timing (pipeline_build_opts.phases): wall and CPU time since the
 * last mark, recorded under NAME. */
typedef struct phase_clock {
  struct timespec wall, cpu;
} phase_clock;

static void phase_start(phase_clock *t) {
  clock_gettime(CLOCK_MONOTONIC, &t->wall);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t->cpu);
}

static double ts_ms(const struct timespec *a, const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void phase_mark(pipeline_build_opts *bo, phase_clock *t, const char *name) {
  phase_clock now;
  phase_start(&now);
  if (bo->nphases < PIPELINE_MAX_PHASES)
    bo->phases[bo->nphases++] =
        (struct pipeline_phase){name, ts_ms(&t->wall, &now.wall), ts_ms(&t->cpu, &now.cpu)};
  *t = now;
}

/* A document's size for scheduling: the bytes of its text. */
static size_t doc_size(const cc_document *d) {
  size_t n = 0;
  for (size_t i = 0; i < d->nclauses; i++) n += d->clauses[i]->text ? strlen(d->clauses[i]->text) : 0;
  for (size_t i = 0; i < d->nprose; i++) n += d->prose[i]->text ? strlen(d->prose[i]->text) : 0;
  return n;
}

typedef struct sized_doc {
  size_t size, index;
} sized_doc;

static int by_size_desc(const void *a, const void *b) {
  const sized_doc *x = a, *y = b;
  if (x->size != y->size) return x->size < y->size ? 1 : -1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The documents' indexes: in corpus order, or BIGGEST_FIRST (ties in
 * corpus order, so the schedule is the same every time). */
static size_t *doc_order(const cc_corpus *c, int biggest_first) {
  size_t *order = xcalloc(c->ndocs + 1, sizeof *order);
  sized_doc *s = xcalloc(c->ndocs + 1, sizeof *s);
  for (size_t i = 0; i < c->ndocs; i++) {
    s[i].index = i;
    s[i].size = biggest_first ? doc_size(c->docs[i]) : 0;
  }
  if (biggest_first && c->ndocs > 1) qsort(s, c->ndocs, sizeof *s, by_size_desc);
  for (size_t i = 0; i < c->ndocs; i++) order[i] = s[i].index;
  free(s);
  return order;
}

int pipeline_build(cc_corpus *corpus, const char *dir, pipeline_build_opts *bo, diag_list *d) {
  bo->written = bo->kept = bo->files_written = 0;
  bo->nphases = bo->nslowest = 0;
  phase_clock clk;
  phase_start(&clk);
  if (d->errors || (bo->werror && d->warnings)) return -1;
  outdir *o = bo->commit_files ? outdir_open(dir, d) : outdir_open_tree(dir, d);
  if (!o) return -1;
  const cc_corpus *c = corpus;
  xmlInitParser(); /* once, before any thread uses libxml2 */
  size_t nw = 0;
  while (writers[nw].name) nw++;
  build_ctx b;
  memset(&b, 0, sizeof b);
  b.c = c;
  b.o = o;
  b.dir = dir;
  b.nw = nw;
  b.pr = bo->progress;
  b.part_times = bo->part_times;
  b.in = bo->inputs;
  incr_cache *old = NULL;
  int old_borrowed = 0; /* *bo->cache: the session's, freed only when replaced */
  if (bo->inputs && !bo->ignore_cache) {
    if (bo->cache && *bo->cache) {
      old = *bo->cache;
      old_borrowed = 1;
    } else {
      old = incr_cache_load(dir);
    }
  }
  b.old = old;
  phase_mark(bo, &clk, "open+cache");
  pthread_mutex_init(&b.lock, NULL);
  b.state = xcalloc(nw, sizeof *b.state);
  b.first_doc = xcalloc(nw, sizeof *b.first_doc);
  b.corpus_part = xcalloc(nw, sizeof *b.corpus_part);
  b.doc_jobs = xcalloc(nw, sizeof *b.doc_jobs);
  b.remaining = xcalloc(c->ndocs + 1, sizeof *b.remaining);
  diag_list *begin_d = xcalloc(nw, sizeof *begin_d);
  int *selected = xcalloc(nw, sizeof *selected), *failed = xcalloc(nw, sizeof *failed);
  /* no memo given (a one-shot build): one for this build alone still
   * pays where councils share clauses (gen_corpus.py --mode shared, 1,000
   * councils: 40,340 of 46,224 clauses' words are another's) */
  memo *own_words = bo->search_words ? NULL : memo_new(PIPELINE_SEARCH_WORDS_MAX);
  writer_config cfg = {bo->formats, bo->search_words ? bo->search_words : own_words,
                       bo->pdf_faces};

  /* begin: shared read-only state (themes, hyphenation), one thread */
  for (size_t w = 0; w < nw; w++) {
    diag_list_init(&begin_d[w]);
    selected[w] = (bo->formats & writers[w].format) != 0;
    if (selected[w] && writers[w].begin) {
      b.state[w] = writers[w].begin(c, &cfg, &begin_d[w]);
      failed[w] = b.state[w] == NULL;
    }
  }
  phase_mark(bo, &clk, "begin");
  make_parts(&b, selected, failed, bo->formats);
  phase_mark(bo, &clk, "fingerprints");

  /* the jobs. One thread: corpus parts, topics, then documents in corpus
   * order (the order the progress reports them; with one thread the order
   * does not change the time). Several: longest first, so the last job to
   * finish is a short one - the parts of a products-reading writer (the
   * PDFs) biggest document first, as the corpus part that reads them
   * (matrix.pdf) waits for the last; the other corpus parts (compare, json,
   * html: whole-corpus files); the other document parts biggest first;
   * the topic pages (small) last. A products-reading corpus part waits
   * for its writer's last document part unless none runs. */
  size_t *jobs = xcalloc(b.nparts + 1, sizeof *jobs);
  size_t njobs = 0;
  int threads = bo->jobs > 0 ? bo->jobs : parallel_cpus();
  for (size_t i = 0; i < b.nparts; i++) {
    const part *p = &b.parts[i];
    if (p->kind == PART_DOC && p->run) b.doc_jobs[p->w]++;
  }
  size_t *by_size = doc_order(c, threads > 1);
  if (threads > 1)
    for (size_t k = 0; k < c->ndocs; k++)
      for (size_t w = 0; w < nw; w++) {
        size_t doc = by_size[k];
        if (!writers[w].reads_products || b.first_doc[w] == NO_PART ||
            !b.parts[b.first_doc[w] + doc].run)
          continue;
        jobs[njobs++] = b.first_doc[w] + doc;
        b.remaining[doc]++;
      }
  for (size_t i = 0; i < b.nparts; i++) {
    const part *p = &b.parts[i];
    if (p->kind != PART_CORPUS) continue;
    if (writers[p->w].reads_products ? b.doc_jobs[p->w] == 0 : p->run) jobs[njobs++] = i;
  }
  if (threads == 1)
    for (size_t i = 0; i < b.nparts; i++)
      if (b.parts[i].kind == PART_TOPIC && b.parts[i].run) jobs[njobs++] = i;
  for (size_t k = 0; k < c->ndocs; k++)
    for (size_t w = 0; w < nw; w++) {
      size_t doc = by_size[k];
      if ((threads > 1 && writers[w].reads_products) || b.first_doc[w] == NO_PART ||
          !b.parts[b.first_doc[w] + doc].run)
        continue;
      jobs[njobs++] = b.first_doc[w] + doc;
      b.remaining[doc]++;
    }
  if (threads > 1)
    for (size_t i = 0; i < b.nparts; i++)
      if (b.parts[i].kind == PART_TOPIC && b.parts[i].run) jobs[njobs++] = i;
  free(by_size);
  size_t ndone_docs = 0;
  for (size_t doc = 0; doc < c->ndocs; doc++)
    if (!b.remaining[doc]) ndone_docs++;
  b.jobs = jobs;
  if (b.pr && b.pr->start) b.pr->start(b.pr->ctx, "documents", c->ndocs);
  for (size_t i = 0; i < ndone_docs; i++) step(&b, NULL);
  parallel_run(njobs, threads, run_job, &b);
  if (b.pr && b.pr->clear) b.pr->clear(b.pr->ctx);
  phase_mark(bo, &clk, "writers");

  /* diagnostics in sequential order; stop after the first failing writer,
   * as a sequential build would have */
  size_t next = 0;
  for (size_t w = 0; w < nw; w++) {
    if (!selected[w]) continue;
    merge(d, &begin_d[w]);
    for (; next < b.nparts && b.parts[next].w == w; next++) merge(d, &b.parts[next].d);
    if (d->errors) break;
  }
  /* the site's copies of the files its pages link (downloads.h), once
   * every writer has staged its own */
  /* watch: a file written again with the bytes DIR already holds (the
   * search shards, topic pages and corpus files an edit does not touch)
   * is left as it is, not renamed over its twin */
  if (!d->errors && bo->commit_files)
    for (size_t i = 0, ns = outdir_staged_count(o); i < ns; i++) outdir_keep_old(o, i);
  phase_mark(bo, &clk, "same-bytes");
  if (!d->errors) downloads_stage(c, o, bo->formats, d);
  /* the output-name registry must list every site-wide file, or a slug
   * could overwrite one (writers_check_slugs) */
  for (size_t i = 0, ns = outdir_staged_count(o); i < ns && !d->errors; i++) {
    const char *owner = outdir_staged_owner(o, i), *rel = outdir_staged_rel(o, i, NULL);
    if (!owner || strncmp(owner, "corpus:", 7) != 0) continue;
    for (size_t w = 0; w < nw; w++)
      if (!strcmp(owner + 7, writers[w].name) && !writers_corpus_file(&writers[w], rel))
        diag_error(d, rel, 0, 0, "internal: writer %s wrote %s, which its corpus_files "
                   "(build/writers.c) do not list", writers[w].name, rel);
  }
  for (size_t i = 0; i < b.nparts; i++) { /* the slowest parts, for watch -v */
    const part *p = &b.parts[i];
    if (!p->run || p->cpu_ms <= 0) continue;
    size_t at = bo->nslowest;
    while (at > 0 && bo->slowest[at - 1].cpu_ms < p->cpu_ms) at--;
    if (at >= PIPELINE_MAX_SLOWEST) continue;
    size_t last = bo->nslowest < PIPELINE_MAX_SLOWEST ? bo->nslowest++ : PIPELINE_MAX_SLOWEST - 1;
    memmove(&bo->slowest[at + 1], &bo->slowest[at], (last - at) * sizeof bo->slowest[0]);
    struct pipeline_part_time t = {"", p->cpu_ms};
    size_t kl = strlen(p->key) < sizeof t.key - 1 ? strlen(p->key) : sizeof t.key - 1;
    memcpy(t.key, p->key, kl);
    t.key[kl] = '\0';
    bo->slowest[at] = t;
  }
  for (size_t i = 0; i < b.nparts; i++)
    if (b.parts[i].kind == PART_DOC) {
      if (b.parts[i].run) bo->written++;
      else bo->kept++;
    }

  phase_mark(bo, &clk, "downloads+check");
  int rc;
  if (d->errors || (bo->werror && d->warnings)) {
    outdir_abort(o);
    rc = -1;
  } else {
    /* a staged file that is the output's own (the downloads' links to a
     * kept file) is not a file written; in an output directory this build
     * made there is none (no two stat calls per file) */
    int fresh = outdir_created(o);
    for (size_t i = 0, ns = outdir_staged_count(o); i < ns; i++) {
      const char *path, *rel = outdir_staged_rel(o, i, &path);
      if (!strcmp(rel, INCR_CACHE_FILE)) continue;
      if (fresh) {
        bo->files_written++;
        continue;
      }
      if (outdir_staged_kept(o, i)) continue; /* the output's own file */
      buf in_out = BUF_INIT;
      buf_printf(&in_out, "%s/%s", dir, rel);
      struct stat sa, sb;
      if (!(stat(path, &sa) == 0 && stat(buf_cstr(&in_out), &sb) == 0 && sa.st_ino == sb.st_ino &&
            sa.st_dev == sb.st_dev))
        bo->files_written++;
      buf_free(&in_out);
    }
    phase_mark(bo, &clk, "count");
    incr_cache *recorded = NULL;
    rc = bo->inputs ? record_cache(&b, selected, d, bo->cache ? &recorded : NULL) : 0;
    phase_mark(bo, &clk, "cache");
    if (rc == 0 && !bo->discard) {
      rc = outdir_commit(o, d);
      phase_mark(bo, &clk, "commit");
    } else {
      outdir_abort(o);
    }
    if (bo->cache) {
      /* the session's cache becomes what DIR now holds; after a failed
       * commit DIR may hold part of it: read the file again next time */
      if (old_borrowed) old_borrowed = 0; /* freed below, as a loaded one */
      else incr_cache_free(*bo->cache);
      *bo->cache = NULL;
      if (rc == 0 && !bo->discard) {
        *bo->cache = recorded;
        recorded = NULL;
      }
    }
    incr_cache_free(recorded);
  }

  for (size_t w = 0; w < nw; w++) {
    if (b.state[w] && writers[w].end) writers[w].end(b.state[w]);
    diag_list_free(&begin_d[w]);
  }
  for (size_t i = 0; i < b.nparts; i++) {
    diag_list_free(&b.parts[i].d);
    free(b.parts[i].key);
    free(b.parts[i].product);
  }
  if (!old_borrowed) incr_cache_free(old);
  free(jobs);
  free(b.parts);
  free(b.first_doc);
  free(b.corpus_part);
  free(b.doc_jobs);
  free(b.remaining);
  free(b.state);
  free(begin_d);
  free(selected);
  free(failed);
  memo_free(own_words);
  pthread_mutex_destroy(&b.lock);
  phase_mark(bo, &clk, "end");
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

/* ---- the watch session: the model kept between builds ------------------------

 * A full load is pipeline_load's phases run document by document, each
 * with its own diagnostics (kept, so a build after an update reports what
 * a clean build reports, in the same order); a failed one reports them in
 * that order too. An update re-reads only the sources whose bytes
 * changed (stat first, then the content hash), runs their hooks, checks
 * and resolves them, and swaps each into the linked corpus
 * (linker_replace_document). */

#define SESSION_COMPACT 200 /* updates in place before a full load frees the old documents */

typedef struct source_state {
  struct stat st;      /* as last read with success */
  uint64_t hash;       /* content hash of those bytes */
  diag_list read, hooks, resolve;
} source_state;

struct pipeline_session {
  const pipeline_opts *o;
  cc_corpus *c;        /* the last good model, or NULL */
  incr_inputs *in;     /* its inputs */
  diag_list global;    /* what the load reports outside any source */
  source_state *src;   /* by source */
  int full;            /* the next update must load in full */
  incr_cache *cache;   /* what DIR's cache file holds (pipeline_session_cache) */
  size_t updates;      /* in place since the last full load */
  memo *search_words;  /* pipeline_session_search_words */
  pdf_faces *pdf_faces; /* pipeline_session_pdf_faces */
};

pipeline_session *pipeline_session_new(const pipeline_opts *o) {
  pipeline_session *s = xcalloc(1, sizeof *s);
  s->o = o;
  s->full = 1;
  s->search_words = memo_new(PIPELINE_SEARCH_WORDS_MAX);
  s->pdf_faces = pdf_faces_new();
  diag_list_init(&s->global);
  s->src = xcalloc(o->nsources + 1, sizeof *s->src);
  for (size_t i = 0; i < o->nsources; i++) {
    diag_list_init(&s->src[i].read);
    diag_list_init(&s->src[i].hooks);
    diag_list_init(&s->src[i].resolve);
  }
  return s;
}

static void clear_sources(pipeline_session *s) {
  diag_list_free(&s->global);
  diag_list_init(&s->global);
  for (size_t i = 0; i < s->o->nsources; i++) {
    source_state *ss = &s->src[i];
    diag_list_free(&ss->read);
    diag_list_free(&ss->hooks);
    diag_list_free(&ss->resolve);
    diag_list_init(&ss->read);
    diag_list_init(&ss->hooks);
    diag_list_init(&ss->resolve);
  }
}

void pipeline_session_free(pipeline_session *s) {
  if (!s) return;
  clear_sources(s);
  diag_list_free(&s->global);
  for (size_t i = 0; i < s->o->nsources; i++) {
    diag_list_free(&s->src[i].read);
    diag_list_free(&s->src[i].hooks);
    diag_list_free(&s->src[i].resolve);
  }
  free(s->src);
  model_corpus_free(s->c);
  incr_inputs_free(s->in);
  incr_cache_free(s->cache);
  memo_free(s->search_words);
  pdf_faces_free(s->pdf_faces);
  free(s);
}

static void session_drop(pipeline_session *s) {
  model_corpus_free(s->c);
  incr_inputs_free(s->in);
  s->c = NULL;
  s->in = NULL;
  s->full = 1;
}

/* What a clean build's load reports, from the kept lists. */
static void session_report(const pipeline_session *s, diag_list *d) {
  merge(d, &s->global);
  for (size_t i = 0; i < s->o->nsources; i++) merge(d, &s->src[i].read);
  for (size_t i = 0; i < s->o->nsources; i++) merge(d, &s->src[i].hooks);
  for (size_t i = 0; i < s->o->nsources; i++) merge(d, &s->src[i].resolve);
}

static int load_full(pipeline_session *s, diag_list *d) {
  const pipeline_opts *o = s->o;
  session_drop(s);
  clear_sources(s);
  incr_inputs *in = incr_snapshot(o);
  for (size_t i = 0; i < o->nsources; i++) {
    if (stat(o->sources[i], &s->src[i].st) != 0) memset(&s->src[i].st, 0, sizeof s->src[i].st);
    s->src[i].hash = incr_hash_file(o->sources[i]);
  }
  diag_list *g = &s->global;
  cc_corpus *c = corpus_start(o, g);
  int bad = g->errors != 0;
  for (size_t i = 0; i < o->nsources && !bad; i++) {
    if (!reader_read_file(c, o->sources[i], &s->src[i].read) || s->src[i].read.errors) bad = 1;
  }
  for (size_t i = 0; i < o->nsources && !bad; i++)
    if (hooks_run_document(c, c->docs[i], o->lua_files, o->nlua, o->no_hooks, &s->src[i].hooks) != 0)
      bad = 1;
  for (size_t i = 0; i < o->nsources && !bad; i++)
    if (linker_resolve_document(c, c->docs[i], i, o->require_topics, &s->src[i].resolve) != 0)
      bad = 1;
  diag_list slugs;
  diag_list_init(&slugs);
  if (!bad && (writers_check_slugs(c, &slugs) || slugs.count)) bad = 1;
  if (bad) {
    /* the phases' reports in pipeline_load's order (each phase stops at
     * its first failing source, where pipeline_load may report more) */
    session_report(s, d);
    merge(d, &slugs);
    diag_list_free(&slugs);
    model_corpus_free(c);
    incr_inputs_free(in);
    clear_sources(s);
    return -1;
  }
  diag_list_free(&slugs);
  linker_link(c);
  s->c = c;
  s->in = in;
  s->full = 0;
  s->updates = 0;
  session_report(s, d);
  return 0;
}

static int same_stat(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static const char *base_name(const char *p) {
  const char *slash = strrchr(p, '/');
  return slash ? slash + 1 : p;
}

/* Re-reads source I into a document of its own; on success swaps it into
 * the model. Its diagnostics go to its lists (kept) or, on error, to D. */
static int reload_source(pipeline_session *s, size_t i, uint64_t hash, const struct stat *st,
                         diag_list *d) {
  const pipeline_opts *o = s->o;
  cc_corpus *c = s->c;
  diag_list r, h, l;
  diag_list_init(&r);
  diag_list_init(&h);
  diag_list_init(&l);
  size_t n = c->ndocs;
  cc_document *doc = reader_read_file(c, o->sources[i], &r);
  c->ndocs = n; /* the reader appended it: it is not in the corpus yet */
  int bad = !doc || r.errors;
  if (doc) doc->index = i;
  if (!bad && hooks_run_document(c, doc, o->lua_files, o->nlua, o->no_hooks, &h) != 0) bad = 1;
  if (!bad && linker_resolve_document(c, doc, i, o->require_topics, &l) != 0) bad = 1;
  if (!bad) {
    cc_corpus one = *c; /* the site-wide names against this slug alone */
    one.docs = &doc;
    one.ndocs = 1;
    diag_list sl;
    diag_list_init(&sl);
    if (writers_check_slugs(&one, &sl)) bad = 1;
    merge(&l, &sl);
    diag_list_free(&sl);
  }
  if (bad) {
    merge(d, &r);
    merge(d, &h);
    merge(d, &l);
    diag_list_free(&r);
    diag_list_free(&h);
    diag_list_free(&l);
    if (doc) strmap_free(doc->ids);
    return -1;
  }
  cc_document *old = c->docs[i];
  linker_replace_document(c, i, doc);
  strmap_free(old->ids);
  old->ids = NULL;
  source_state *ss = &s->src[i];
  diag_list_free(&ss->read);
  diag_list_free(&ss->hooks);
  diag_list_free(&ss->resolve);
  ss->read = r;
  ss->hooks = h;
  ss->resolve = l;
  ss->st = *st;
  ss->hash = hash;
  incr_inputs_set_source(s->in, o->sources[i], hash);
  return 0;
}

int pipeline_session_update(pipeline_session *s, const char *const *changed, size_t nchanged,
                            int full, diag_list *d, size_t *reread) {
  const pipeline_opts *o = s->o;
  *reread = o->nsources;
  if (full || s->full || !s->c || s->updates >= SESSION_COMPACT) return load_full(s, d);
  size_t n = 0;
  int bad = 0;
  for (size_t i = 0; i < o->nsources; i++) {
    source_state *ss = &s->src[i];
    struct stat st;
    if (stat(o->sources[i], &st) != 0) return load_full(s, d); /* deleted: a full load reports it */
    int named = 0;
    for (size_t k = 0; k < nchanged && !named; k++)
      named = !strcmp(base_name(changed[k]), base_name(o->sources[i]));
    if (!named && same_stat(&st, &ss->st)) continue;
    uint64_t hash = incr_hash_file(o->sources[i]);
    if (hash == ss->hash) {
      ss->st = st;
      continue;
    }
    n++;
    if (reload_source(s, i, hash, &st, d) != 0) bad = 1;
  }
  *reread = n;
  if (bad) return -1; /* the model stays as it was for those sources */
  s->updates += n != 0;
  session_report(s, d);
  return 0;
}

cc_corpus *pipeline_session_corpus(const pipeline_session *s) { return s->c; }
struct incr_cache **pipeline_session_cache(pipeline_session *s) { return &s->cache; }

memo *pipeline_session_search_words(pipeline_session *s) { return s->search_words; }

pdf_faces *pipeline_session_pdf_faces(pipeline_session *s) { return s->pdf_faces; }
const struct incr_inputs *pipeline_session_inputs(const pipeline_session *s) { return s->in; }
