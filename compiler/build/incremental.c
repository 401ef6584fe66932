/* incremental.c - input fingerprints and the output cache (see
 * incremental.h). */
#define _POSIX_C_SOURCE 200809L
#include "build/incremental.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "link/linker.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CONCORD_VERSION
#define CONCORD_VERSION "0.1.0"
#endif

/* ---- hashing ---------------------------------------------------------------- */

/* MurmurHash64A (public domain, Austin Appleby): fast (8 bytes a step) and
 * well mixed; chained by seeding each piece with the hash so far, so the
 * pieces' boundaries count too. Not cryptographic: the cache trusts its
 * own directory. */
static uint64_t murmur64(const void *key, size_t len, uint64_t seed) {
  const uint64_t m = 0xc6a4a7935bd1e995ULL;
  const int r = 47;
  uint64_t h = seed ^ (len * m);
  const unsigned char *p = key;
  const unsigned char *end = p + (len / 8) * 8;
  for (; p != end; p += 8) {
    uint64_t k;
    memcpy(&k, p, 8);
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
  }
  uint64_t t = 0;
  switch (len & 7) {
  case 7: t ^= (uint64_t)p[6] << 48; /* fall through */
  case 6: t ^= (uint64_t)p[5] << 40; /* fall through */
  case 5: t ^= (uint64_t)p[4] << 32; /* fall through */
  case 4: t ^= (uint64_t)p[3] << 24; /* fall through */
  case 3: t ^= (uint64_t)p[2] << 16; /* fall through */
  case 2: t ^= (uint64_t)p[1] << 8;  /* fall through */
  case 1:
    t ^= (uint64_t)p[0];
    h ^= t;
    h *= m;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

static uint64_t hstr(uint64_t h, const char *s) { return murmur64(s ? s : "\x01", s ? strlen(s) + 1 : 1, h); }
static uint64_t hnum(uint64_t h, long long v) { return murmur64(&v, sizeof v, h); }

/* The file's bytes, or a "missing" marker. */
static uint64_t hfile(uint64_t h, const char *path) {
  h = hstr(h, path);
  FILE *f = fopen(path, "rb");
  if (!f) return hstr(h, "\x02missing");
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) h = murmur64(chunk, n, h);
  fclose(f);
  return h;
}

/* Every file under DIR, in name order, recursively. */
static uint64_t htree(uint64_t h, const char *dir, int depth) {
  struct dirent **names = NULL;
  int n = scandir(dir, &names, NULL, alphasort);
  if (n < 0) return hstr(h, "\x02no-dir");
  for (int i = 0; i < n; i++) {
    const char *nm = names[i]->d_name;
    if (nm[0] != '.') {
      buf p = BUF_INIT;
      buf_printf(&p, "%s/%s", dir, nm);
      struct stat st;
      if (stat(buf_cstr(&p), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (depth < 8) h = htree(hstr(h, buf_cstr(&p)), buf_cstr(&p), depth + 1);
      } else {
        h = hfile(h, buf_cstr(&p));
      }
      buf_free(&p);
    }
    free(names[i]);
  }
  free(names);
  return h;
}

/* ---- inputs ----------------------------------------------------------------- */

struct incr_inputs {
  uint64_t global;  /* what every output depends on */
  strmap *sources;  /* path -> uint64_t* (content hash) */
  uint64_t *hashes; /* storage for the map's values */
  size_t nsources;
  uint64_t all_sources;
};

static void dir_of(buf *b, const char *path) {
  const char *slash = strrchr(path, '/');
  if (slash) buf_put(b, path, (size_t)(slash - path) + 1);
}

incr_inputs *incr_snapshot(const pipeline_opts *o) {
  incr_inputs *in = xcalloc(1, sizeof *in);
  uint64_t h = hstr(0x636f6e636f7264ULL, "concord " CONCORD_VERSION);
  /* the binary: a rebuilt concord may write different bytes */
  struct stat st;
  if (stat("/proc/self/exe", &st) == 0) {
    h = hnum(h, (long long)st.st_size);
    h = hnum(h, (long long)st.st_mtim.tv_sec);
    h = hnum(h, (long long)st.st_mtim.tv_nsec);
    h = hnum(h, (long long)st.st_ino);
  }
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  h = hstr(h, epoch ? epoch : "");
  h = hnum(h, o->no_hooks);
  h = hnum(h, o->require_topics);
  /* taxonomy: as pipeline_load finds it */
  if (o->taxonomy) {
    h = hfile(h, o->taxonomy);
  } else if (o->nsources) {
    buf t = BUF_INIT;
    dir_of(&t, o->sources[0]);
    buf_puts(&t, "topics.yaml");
    h = hfile(h, buf_cstr(&t));
    buf_free(&t);
  }
  if (!o->taxonomy && o->data_dir && *o->data_dir) { /* the installed fallback */
    buf t = BUF_INIT;
    buf_printf(&t, "%s/topics.yaml", o->data_dir);
    h = hfile(h, buf_cstr(&t));
    buf_free(&t);
  }
  for (size_t i = 0; i < o->nlua; i++) h = hfile(h, o->lua_files[i]);
  if (!o->no_hooks) h = htree(hstr(h, "lua"), "lua", 0); /* lua/<slug>.lua */
  /* theme roots, as html_themes_new derives them; a folder reached by
     two names ("sources/../themes" and "themes" when the sources are in
     sources/) is hashed once: its files are the same */
  strmap *seen = strmap_new();
  struct stat *dirs = NULL;
  size_t ndirs = 0, capdirs = 0;
  for (size_t i = 0; i <= o->nsources; i++) {
    buf b = BUF_INIT;
    if (i < o->nsources) dir_of(&b, o->sources[i]);
    size_t base = b.len;
    for (int k = 0; k < 2; k++) {
      b.len = base;
      buf_puts(&b, i == o->nsources ? (k ? "" : "themes") : (k ? "themes" : "../themes"));
      if (!b.len || strmap_has(seen, buf_cstr(&b))) continue;
      strmap_put(seen, buf_cstr(&b), NULL);
      struct stat ds;
      if (stat(buf_cstr(&b), &ds) == 0 && S_ISDIR(ds.st_mode)) {
        int again = 0;
        for (size_t j = 0; j < ndirs && !again; j++)
          again = dirs[j].st_dev == ds.st_dev && dirs[j].st_ino == ds.st_ino;
        if (again) continue;
        XGROW(dirs, ndirs, capdirs);
        dirs[ndirs++] = ds;
      }
      h = htree(hstr(h, buf_cstr(&b)), buf_cstr(&b), 0);
    }
    buf_free(&b);
  }
  free(dirs);
  strmap_free(seen);
  if (o->data_dir && *o->data_dir) { /* the installed themes, searched last */
    buf b = BUF_INIT;
    buf_printf(&b, "%s/themes", o->data_dir);
    h = htree(hstr(h, buf_cstr(&b)), buf_cstr(&b), 0);
    buf_free(&b);
  }
  in->global = h;
  in->sources = strmap_new();
  in->hashes = xcalloc(o->nsources + 1, sizeof *in->hashes);
  in->nsources = o->nsources;
  uint64_t all = h;
  for (size_t i = 0; i < o->nsources; i++) {
    in->hashes[i] = hfile(0, o->sources[i]);
    strmap_put(in->sources, o->sources[i], &in->hashes[i]);
    all = hnum(all, (long long)in->hashes[i]);
  }
  in->all_sources = all;
  return in;
}

uint64_t incr_hash_file(const char *path) { return hfile(0, path); }

void incr_inputs_set_source(incr_inputs *in, const char *path, uint64_t hash) {
  uint64_t *v = strmap_get(in->sources, path);
  if (!v) return;
  *v = hash;
  /* all_sources is the global hash chained with every source's, in order */
  uint64_t all = in->global;
  for (size_t i = 0; i < in->nsources; i++) all = hnum(all, (long long)in->hashes[i]);
  in->all_sources = all;
}

void incr_inputs_free(incr_inputs *in) {
  if (!in) return;
  strmap_free(in->sources);
  free(in->hashes);
  free(in);
}

static uint64_t source_hash(const incr_inputs *in, const char *path) {
  uint64_t *v = path ? strmap_get(in->sources, path) : NULL;
  /* not snapshotted (should not happen): hash it now */
  return v ? *v : hfile(0, path ? path : "");
}

uint64_t *incr_topic_hashes(const cc_corpus *c, arena *scratch) {
  uint64_t *t = xcalloc(c->ntopics + 1, sizeof *t);
  for (size_t i = 0; i < c->ntopics; i++) {
    const cc_topic *tp = c->topics[i];
    uint64_t h = hstr(hstr(hstr(0x746f706963ULL, tp->key), tp->label), tp->definition);
    /* "Also in" cites provisions: an item's id and label as well as its
     * clause's citation, and which provisions make the topic */
    for (size_t k = 0; k < tp->nprovisions; k++) {
      const cc_provision *p = &tp->provisions[k];
      const cc_clause *cl = p->clause;
      h = hstr(h, cl->doc->slug);
      h = hstr(h, cl->doc->council);
      h = hstr(h, cl->id);
      h = hstr(h, model_clause_citation(scratch, cl));
      h = hstr(h, p->item ? p->item->id : "\x03clause");
      if (p->item) h = hstr(h, model_provision_label(scratch, p));
    }
    t[i] = h;
  }
  return t;
}

uint64_t incr_doc_fingerprint(const incr_inputs *in, uint64_t doc_hash, const char *writer,
                              const char *extra) {
  return hnum(hstr(hstr(in->global, writer), extra ? extra : ""), (long long)doc_hash);
}

uint64_t incr_doc_hash(const incr_inputs *in, const cc_document *doc, const uint64_t *topic_hashes,
                       arena *scratch) {
  uint64_t h = hstr(in->global, doc->path);
  h = hnum(h, (long long)source_hash(in, doc->path));
  if (doc->hooks) h = hfile(h, doc->hooks);
  /* its earlier versions (read/versions.c): the page's timeline and the
     version pages and redlines written with it */
  for (size_t i = 0; i < doc->nversions; i++)
    h = hnum(hstr(h, doc->versions[i]->path), (long long)source_hash(in, doc->versions[i]->path));
  /* what the page shows of other documents: the "Also in" links come from
   * the provisions sharing a topic (linker_provision_equivalents), so each
   * topic the document uses, on a clause or an item (cl->topics is their
   * union), brings in its provisions' councils, ids and citations */
  const cc_corpus *c = doc->corpus;
  for (size_t i = 0; i < doc->nclauses; i++) {
    const cc_clause *cl = doc->clauses[i];
    for (size_t k = 0; k < cl->ntopics; k++)
      h = hnum(h, (long long)(topic_hashes ? topic_hashes[cl->topics[k]->index] : 0));
    /* equivalents stored by the linker, where it still does */
    for (size_t k = 0; k < cl->nequivalents; k++) {
      const char *eq = cl->equivalents[k];
      h = hstr(h, eq);
      const char *hash = strchr(eq, '#');
      if (!hash || !c) continue;
      char *slug = arena_strndup(scratch, eq, (size_t)(hash - eq));
      const cc_document *other = model_corpus_find_document(c, slug);
      if (!other) continue;
      h = hstr(h, other->council);
      cc_id_target t = model_document_find(other, hash + 1);
      if (t.kind == CC_ID_CLAUSE) h = hstr(h, model_clause_citation(scratch, t.node));
    }
  }
  return h;
}

uint64_t incr_corpus_fingerprint(const incr_inputs *in, const cc_corpus *c, int formats,
                                 const char *writer) {
  uint64_t h = hstr(hnum(in->all_sources, formats), writer);
  for (size_t i = 0; i < c->ndocs; i++) {
    h = hstr(h, c->docs[i]->path);
    h = hnum(h, (long long)source_hash(in, c->docs[i]->path));
    if (c->docs[i]->hooks) h = hfile(h, c->docs[i]->hooks);
  }
  return h;
}

uint64_t incr_structure_fingerprint(const incr_inputs *in, uint64_t structure, int formats,
                                    const char *writer) {
  return hnum(hnum(hstr(hstr(in->global, "structure"), writer), formats), (long long)structure);
}

uint64_t incr_structure_hash(const incr_inputs *in, const cc_corpus *c) {
  uint64_t h = hstr(in->global, "structure");
  arena *scratch = arena_new();
  for (size_t i = 0; i < c->ndocs; i++) {
    const cc_document *d = c->docs[i];
    h = hstr(hstr(hstr(hstr(h, d->path), d->slug), d->council), d->title);
    h = hstr(hstr(hstr(hstr(h, d->part), d->kind), d->adopted), d->theme);
    h = hstr(h, d->region); /* groups a large corpus's matrix pages */
    h = hstr(hstr(h, d->language), d->hooks);
    if (d->hooks) h = hfile(h, d->hooks);
    for (size_t k = 0; k < d->nhistory; k++) h = hstr(hstr(h, d->history[k].date), d->history[k].text);
    h = hnum(hnum(h, (long long)d->nsections), (long long)d->nclauses);
    for (size_t k = 0; k < d->nsections; k++) {
      const cc_section *s = d->sections[k];
      h = hstr(hstr(hstr(hstr(h, s->id), s->number), s->canonical), s->heading_text);
      h = hnum(hstr(h, s->heading_shown), s->depth);
    }
    for (size_t k = 0; k < d->nclauses; k++) {
      const cc_clause *cl = d->clauses[k];
      h = hstr(hstr(hstr(hstr(h, cl->id), cl->number), cl->canonical), cl->number_shown);
      h = hstr(hstr(h, cl->heading_text), cl->section ? cl->section->id : NULL);
      h = hnum(hnum(h, cl->ordinal), (long long)cl->ntopics);
      for (size_t t = 0; t < cl->ntopics; t++) h = hstr(h, cl->topics[t]->key);
      /* the provisions: matrix cells, matrix.csv and equivalents.xml cite
       * and link the clause as a whole or an item (id, label, topics) */
      h = hnum(h, (long long)cl->nown_topics);
      for (size_t t = 0; t < cl->nown_topics; t++) h = hstr(h, cl->own_topics[t]->key);
      cc_provision *ps;
      size_t np = linker_clause_provisions(cl, &ps);
      for (size_t m = 0; m < np; m++) {
        const cc_item *it = ps[m].item;
        if (!it) continue;
        h = hstr(hstr(h, it->id), model_provision_label(scratch, &ps[m]));
        h = hnum(h, (long long)it->ntopics);
        for (size_t t = 0; t < it->ntopics; t++) h = hstr(h, it->topics[t]->key);
      }
      free(ps);
    }
  }
  arena_free(scratch);
  return h;
}

uint64_t incr_councils_hash(const cc_corpus *c) {
  uint64_t h = hnum(0x636f756e63696c73ULL, (long long)c->ndocs);
  for (size_t i = 0; i < c->ndocs; i++) h = hstr(hstr(h, c->docs[i]->slug), c->docs[i]->council);
  return h;
}

uint64_t incr_topic_fingerprint(const incr_inputs *in, uint64_t councils, const cc_topic *t,
                                const char *writer) {
  uint64_t h = hnum(hstr(hstr(in->global, "topic"), writer), (long long)councils);
  h = hstr(hstr(hstr(h, t->key), t->label), t->definition);
  /* the page quotes each provision: a clause's words, or an item's with
   * its clause's lead-in and the items it is in (their words are in the
   * clause's text, hashed whole for an item too) */
  arena *scratch = arena_new();
  for (size_t k = 0; k < t->nprovisions; k++) {
    const cc_provision *p = &t->provisions[k];
    const cc_clause *cl = p->clause;
    h = hnum(hstr(h, cl->doc->slug), (long long)cl->doc->index);
    h = hstr(hstr(hstr(h, cl->id), cl->number), cl->canonical);
    h = hstr(hstr(h, cl->number_shown), cl->heading_text);
    h = hstr(h, cl->section ? cl->section->heading_text : NULL);
    h = hnum(hstr(h, cl->text), cl->ordinal);
    if (p->item) {
      h = hstr(hstr(h, p->item->id), model_provision_label(scratch, p));
      h = hstr(h, p->item->text);
      for (const cc_item *up = p->item->parent; up; up = up->parent)
        h = hstr(hstr(h, up->label), up->label_shown);
    } else {
      h = hstr(h, "\x03clause");
    }
  }
  arena_free(scratch);
  return h;
}

/* ---- the cache -------------------------------------------------------------- */

typedef struct incr_file {
  char *rel;
  long long size, sec, nsec;
} incr_file;

typedef struct incr_entry {
  char *key;
  uint64_t fp;
  incr_file *files;
  size_t nfiles, capfiles;
  diag_list diags;
  char *product; /* a document part's product (writers.h), or NULL */
  int copied;    /* kept from the last cache: its files' stat may be stale */
} incr_entry;

struct incr_cache {
  incr_entry **e;
  size_t n, cap;
  strmap *index; /* key -> incr_entry */
};

incr_cache *incr_cache_new(void) {
  incr_cache *c = xcalloc(1, sizeof *c);
  c->index = strmap_new();
  return c;
}

void incr_cache_free(incr_cache *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) {
    incr_entry *e = c->e[i];
    for (size_t k = 0; k < e->nfiles; k++) free(e->files[k].rel);
    free(e->files);
    diag_list_free(&e->diags);
    free(e->product);
    free(e->key);
    free(e);
  }
  free(c->e);
  strmap_free(c->index);
  free(c);
}

static incr_entry *entry(incr_cache *c, const char *key, uint64_t fp) {
  incr_entry *e = strmap_get(c->index, key);
  if (e) {
    e->fp = fp;
    return e;
  }
  e = xcalloc(1, sizeof *e);
  e->key = xstrdup(key);
  e->fp = fp;
  diag_list_init(&e->diags);
  XGROW(c->e, c->n, c->cap);
  c->e[c->n++] = e;
  strmap_put(c->index, key, e);
  return e;
}

static void add_file(incr_entry *e, const char *rel, long long size, long long sec, long long nsec) {
  XGROW(e->files, e->nfiles, e->capfiles);
  e->files[e->nfiles++] = (incr_file){xstrdup(rel), size, sec, nsec};
}

static void copy_diags(diag_list *to, const diag_list *from) {
  for (size_t i = 0; from && i < from->count; i++) {
    const diag *g = &from->items[i];
    diag_add(to, g->severity, g->file, g->line, g->col, "%s", g->message);
  }
}

/* Escapes tab, newline and backslash: one record per line, fields by tab. */
static void put_field(buf *b, const char *s) {
  for (; s && *s; s++) {
    if (*s == '\\') buf_puts(b, "\\\\");
    else if (*s == '\t') buf_puts(b, "\\t");
    else if (*s == '\n') buf_puts(b, "\\n");
    else buf_putc(b, *s);
  }
}

static char *unescape(const char *s) {
  buf b = BUF_INIT;
  for (; *s; s++) {
    if (*s == '\\' && s[1]) {
      s++;
      buf_putc(&b, *s == 't' ? '\t' : *s == 'n' ? '\n' : *s);
    } else {
      buf_putc(&b, *s);
    }
  }
  return buf_detach(&b);
}

#define CACHE_MAGIC "concord-cache 1"

static void parse_line(incr_cache *c, incr_entry **cur, char *line) {
  char *f[6];
  size_t nf = 0;
  char *p = line;
  while (nf < 6) {
    f[nf++] = p;
    char *t = strchr(p, '\t');
    if (!t || nf == 6) break;
    *t = '\0';
    p = t + 1;
  }
  if (!strcmp(f[0], "E") && nf >= 3) {
    char *key = unescape(f[1]);
    *cur = entry(c, key, strtoull(f[2], NULL, 16));
    free(key);
  } else if (!strcmp(f[0], "F") && nf >= 5 && *cur) {
    char *rel = unescape(f[4]);
    add_file(*cur, rel, strtoll(f[1], NULL, 10), strtoll(f[2], NULL, 10), strtoll(f[3], NULL, 10));
    free(rel);
  } else if (!strcmp(f[0], "D") && nf >= 6 && *cur) {
    char *file = f[4][0] == '-' && !f[4][1] ? NULL : unescape(f[4] + (f[4][0] == '='));
    char *msg = unescape(f[5]);
    int sev = atoi(f[1]);
    if (sev >= DIAG_NOTE && sev <= DIAG_ERROR)
      diag_add(&(*cur)->diags, (diag_severity)sev, file, atoi(f[2]), atoi(f[3]), "%s", msg);
    free(file);
    free(msg);
  } else if (!strcmp(f[0], "M") && nf >= 2 && *cur) {
    free((*cur)->product);
    (*cur)->product = unescape(f[1]);
  }
}

incr_cache *incr_cache_load(const char *dir) {
  incr_cache *c = incr_cache_new();
  buf p = BUF_INIT;
  buf_printf(&p, "%s/%s", dir, INCR_CACHE_FILE);
  FILE *f = fopen(buf_cstr(&p), "rb");
  buf_free(&p);
  if (!f) return c;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int first = 1;
  incr_entry *cur = NULL;
  while ((n = getline(&line, &cap, f)) > 0) {
    if (line[n - 1] == '\n') line[--n] = '\0';
    if (first) {
      first = 0;
      if (strcmp(line, CACHE_MAGIC " " CONCORD_VERSION) != 0) break; /* other format: ignore */
      continue;
    }
    parse_line(c, &cur, line);
  }
  free(line);
  fclose(f);
  return c;
}

int incr_cache_fresh(const incr_cache *c, const char *key, uint64_t fp, const char *dir,
                     diag_list *d) {
  const incr_entry *e = c ? strmap_get(c->index, key) : NULL;
  if (!e || e->fp != fp) return 0;
  for (size_t i = 0; i < e->nfiles; i++) {
    buf p = BUF_INIT;
    buf_printf(&p, "%s/%s", dir, e->files[i].rel);
    struct stat st;
    int same = stat(buf_cstr(&p), &st) == 0 && st.st_size == e->files[i].size &&
               st.st_mtim.tv_sec == e->files[i].sec && st.st_mtim.tv_nsec == e->files[i].nsec;
    buf_free(&p);
    if (!same) return 0;
  }
  if (d) copy_diags(d, &e->diags);
  return 1;
}

static void copy_entry(incr_cache *c, const incr_entry *o) {
  incr_entry *e = entry(c, o->key, o->fp);
  for (size_t i = 0; i < o->nfiles; i++)
    add_file(e, o->files[i].rel, o->files[i].size, o->files[i].sec, o->files[i].nsec);
  copy_diags(&e->diags, &o->diags);
  if (o->product && !e->product) e->product = xstrdup(o->product);
  e->copied = 1;
}

void incr_cache_set_product(incr_cache *c, const char *key, const char *product) {
  incr_entry *e = strmap_get(c->index, key);
  if (!e) return;
  free(e->product);
  e->product = product ? xstrdup(product) : NULL;
}

const char *incr_cache_product(const incr_cache *c, const char *key) {
  const incr_entry *e = c ? strmap_get(c->index, key) : NULL;
  return e ? e->product : NULL;
}

void incr_cache_keep(incr_cache *c, const incr_cache *old, const char *key) {
  const incr_entry *o = old ? strmap_get(old->index, key) : NULL;
  if (o && !strmap_has(c->index, key)) copy_entry(c, o);
}

void incr_cache_keep_prefix(incr_cache *c, const incr_cache *old, const char *prefix) {
  size_t n = strlen(prefix);
  for (size_t i = 0; old && i < old->n; i++)
    if (!strncmp(old->e[i]->key, prefix, n) && !strmap_has(c->index, old->e[i]->key))
      copy_entry(c, old->e[i]);
}

void incr_cache_add(incr_cache *c, const char *key, uint64_t fp, const diag_list *d) {
  incr_entry *e = entry(c, key, fp);
  copy_diags(&e->diags, d);
}

void incr_cache_add_file(incr_cache *c, const char *key, const char *rel, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return; /* not written: the entry then never matches */
  incr_cache_add_file_stat(c, key, rel, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                           (long long)st.st_mtim.tv_nsec);
}

void incr_cache_add_file_stat(incr_cache *c, const char *key, const char *rel, long long size,
                              long long sec, long long nsec) {
  incr_entry *e = strmap_get(c->index, key); /* incr_cache_add made it */
  if (e) add_file(e, rel, size, sec, nsec);
}

void incr_cache_restat(incr_cache *c, const strmap *staged) {
  for (size_t i = 0; i < c->n; i++)
    for (size_t k = 0; c->e[i]->copied && k < c->e[i]->nfiles; k++) {
      incr_file *f = &c->e[i]->files[k];
      const char *path = strmap_get(staged, f->rel);
      struct stat st;
      if (!path || stat(path, &st) != 0) continue;
      f->size = (long long)st.st_size;
      f->sec = (long long)st.st_mtim.tv_sec;
      f->nsec = (long long)st.st_mtim.tv_nsec;
    }
}

uint64_t incr_fingerprint_extend(uint64_t fp, const char *s) { return hstr(fp, s); }

int incr_cache_write(const incr_cache *c, outdir *o, diag_list *d) {
  buf b = BUF_INIT;
  buf_puts(&b, CACHE_MAGIC " " CONCORD_VERSION "\n");
  for (size_t i = 0; i < c->n; i++) {
    const incr_entry *e = c->e[i];
    buf_puts(&b, "E\t");
    put_field(&b, e->key);
    buf_printf(&b, "\t%016llx\n", (unsigned long long)e->fp);
    for (size_t k = 0; k < e->nfiles; k++) {
      buf_printf(&b, "F\t%lld\t%lld\t%lld\t", e->files[k].size, e->files[k].sec, e->files[k].nsec);
      put_field(&b, e->files[k].rel);
      buf_putc(&b, '\n');
    }
    if (e->product) {
      buf_puts(&b, "M\t");
      put_field(&b, e->product);
      buf_putc(&b, '\n');
    }
    for (size_t k = 0; k < e->diags.count; k++) {
      const diag *g = &e->diags.items[k];
      buf_printf(&b, "D\t%d\t%d\t%d\t", (int)g->severity, g->line, g->col);
      if (g->file) {
        buf_putc(&b, '=');
        put_field(&b, g->file);
      } else {
        buf_putc(&b, '-');
      }
      buf_putc(&b, '\t');
      put_field(&b, g->message);
      buf_putc(&b, '\n');
    }
  }
  int rc = outdir_write(o, INCR_CACHE_FILE, b.data, b.len, d);
  buf_free(&b);
  return rc;
}
