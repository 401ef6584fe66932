/* downloads.c - the site's own copies of the other outputs (see
 * downloads.h). */
#define _POSIX_C_SOURCE 200809L
#include "build/downloads.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "build/pipeline.h"
#include "write/json/json_export.h"
#include "write/matrix/matrix_pdf.h"
#include "write/matrix/matrix_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "site/downloads/"

/* The files of FORMATS the pages link, relative to the output root, in a
 * fixed order. */
static size_t linked_files(const cc_corpus *c, int formats, arena *a, const char ***out) {
  size_t cap = 4 * c->ndocs + c->nthemes + 9, n = 0;
  const char **rels = arena_alloc(a, cap * sizeof *rels);
  for (size_t i = 0; i < c->ndocs; i++) {
    const char *slug = c->docs[i]->slug;
    if (!slug) continue;
    if (formats & PIPELINE_PDF) rels[n++] = arena_printf(a, "pdf/%s.pdf", slug);
    if (formats & PIPELINE_AKN) rels[n++] = arena_printf(a, "akn/%s.xml", slug);
    if (formats & PIPELINE_JSON) rels[n++] = arena_printf(a, "json/%s.json", slug);
  }
  if (formats & PIPELINE_JSON) {
    rels[n++] = "json/index.json";
    if (c->ndocs <= json_export_corpus_max()) rels[n++] = "corpus.json";
  }
  if (formats & PIPELINE_AKN) rels[n++] = "akn/equivalents.xml";
  if (formats & PIPELINE_MATRIX) {
    rels[n++] = "matrix.csv";
    for (size_t h = 0; h <= c->nthemes; h++) {
      const char *csv = matrix_theme_csv(a, c, h);
      if (csv) rels[n++] = csv;
    }
  }
  *out = rels;
  size_t nvol = (formats & PIPELINE_PDF) ? matrix_pdf_volume_count(c->ndocs) : 0;
  if (nvol > 1) { /* the volumes follow: grow the list */
    const char **more = arena_alloc(a, (n + nvol) * sizeof *more);
    memcpy(more, rels, n * sizeof *rels);
    *out = rels = more;
  }
  for (size_t v = 1; v <= nvol; v++)
    rels[n++] = arena_printf(a, "pdf/%s", matrix_pdf_volume_name(a, v, nvol));
  return n;
}

static int copy_file(const char *from, const char *to) {
  int in = open(from, O_RDONLY), out = -1, rc = -1;
  if (in < 0) return -1;
  out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out >= 0) {
    char block[65536];
    ssize_t r;
    rc = 0;
    while ((r = read(in, block, sizeof block)) > 0)
      if (write(out, block, (size_t)r) != r) {
        rc = -1;
        break;
      }
    if (r < 0) rc = -1;
    if (close(out) != 0) rc = -1;
  }
  close(in);
  return rc;
}

int downloads_stage(const cc_corpus *c, outdir *o, int formats, diag_list *d) {
  arena *a = arena_new();
  strmap *staged = strmap_new(); /* rel -> staged path */
  for (size_t i = 0, ns = outdir_staged_count(o); i < ns; i++) {
    const char *path, *rel = outdir_staged_rel(o, i, &path);
    strmap_put(staged, rel, (void *)path);
  }
  const char *root = outdir_root(o);
  int with_html = (formats & PIPELINE_HTML) != 0;
  const char **rels;
  size_t n = linked_files(c, formats, a, &rels);
  outdir *h = outdir_for(o, "corpus:" DOWNLOADS_WRITER);
  int rc = 0;
  struct stat st;
  for (size_t i = 0; i < n && rc == 0; i++) {
    const char *dst_rel = arena_printf(a, PREFIX "%s", rels[i]);
    /* without HTML no page links anything new: refresh old copies only */
    if (!with_html && stat(arena_printf(a, "%s/%s", root, dst_rel), &st) != 0) continue;
    const char *src = strmap_get(staged, rels[i]);
    if (!src) { /* kept from the last build: it is in the output directory */
      src = arena_printf(a, "%s/%s", root, rels[i]);
      if (stat(src, &st) != 0) {
        diag_error(d, rels[i], 0, 0, "internal: a page links %s, which this build did not "
                   "write and the output directory does not hold; build again with "
                   "--no-cache (concord build --help)", rels[i]);
        rc = -1;
        break;
      }
    }
    /* the site's copy is already this very file (a hard link made by an
     * earlier build): nothing to stage, the commit leaves it */
    struct stat ss, ds;
    if (stat(src, &ss) == 0 && stat(arena_printf(a, "%s/%s", root, dst_rel), &ds) == 0 &&
        ss.st_ino == ds.st_ino && ss.st_dev == ds.st_dev)
      continue;
    const char *dst = outdir_path(h, dst_rel, d);
    if (!dst) {
      rc = -1;
      break;
    }
    unlink(dst);
    /* a hard link: no second copy on disk; a copy where links fail */
    if (link(src, dst) != 0 && copy_file(src, dst) != 0) {
      diag_error(d, root, 0, 0, "cannot write %s: %s", dst_rel, strerror(errno ? errno : EIO));
      rc = -1;
    }
  }
  outdir_release(h);
  strmap_free(staged);
  arena_free(a);
  return rc;
}
