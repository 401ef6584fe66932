/* outdir.h - all-or-nothing output: writers write into a staging
 * directory; only a build without errors is moved into place.
 *
 * outdir_open creates the staging directory: PARENT/.NAME.concord-next-<pid>
 * beside DIR (or DIR/.concord-staging-<pid> where that cannot be; see
 * outdir.c). Writers ask for paths inside it (outdir_path) or hand over
 * whole buffers (outdir_write). outdir_commit makes it the whole new
 * output and exchanges it with DIR in one rename (readers see the old or
 * the new DIR, never a mix), refusing to write through a symbolic link;
 * outdir_abort removes the staging directory, leaving DIR untouched.
 */
#ifndef CONCORD_OUTDIR_H
#define CONCORD_OUTDIR_H

#include <stddef.h>

#include "base/diag.h"

typedef struct outdir outdir;

/* Returns NULL and records an error if DIR can't be created or written.
 * outdir_open_tree: DIR is the build's own tree (out/), committed whole by
 * one exchange (readers see the old or the new tree). outdir_open: a few
 * files put into a directory that holds other things (diff -o FILE):
 * each file is renamed into place, the directory is never switched. */
outdir *outdir_open_tree(const char *dir, diag_list *d);
outdir *outdir_open(const char *dir, diag_list *d);
/* Staged path for REL ("site/index.html"), parent directories created.
 * The string is owned by the outdir. Returns NULL (+ error) on failure. */
const char *outdir_path(outdir *o, const char *rel, diag_list *d);
/* Writes LEN bytes to REL in the staging directory. 0 on success. */
int outdir_write(outdir *o, const char *rel, const void *data, size_t len, diag_list *d);
/* Moves staged files into place; frees o. 0 on success. */
int outdir_commit(outdir *o, diag_list *d);
/* Discards everything staged; frees o. outdir_abort(NULL) does nothing. */
void outdir_abort(outdir *o);
/* The final directory. */
const char *outdir_root(const outdir *o);
/* Did DIR not exist before outdir_open made it (nothing in it to keep)? */
int outdir_created(const outdir *o);

/* outdir_path and outdir_write may be called from several threads at once
 * (parallel builds); the others only from one. */

/* The files staged so far, in staging order (incremental builds record
 * them): count, and the I-th relative name (+ its staged path if PATH). */
size_t outdir_staged_count(outdir *o);
const char *outdir_staged_rel(outdir *o, size_t i, const char **path);
/* A handle on O's staging directory for one part of the build: files
 * staged through it are recorded as OWNER's (a cache key such as
 * "corpus:json"; copied; NULL: nobody), so an incremental build knows
 * which part wrote which file. Give it to the part instead of O; free it
 * with outdir_release (never commit or abort it). */
outdir *outdir_for(outdir *o, const char *owner);
void outdir_release(outdir *h); /* NULL: nothing */
/* The I-th staged file holds the same bytes as the file already at its
 * place in the output directory: drop the staged copy, so the commit
 * leaves that file (its inode and modification time) as it is, and
 * outdir_staged_rel gives its path from then on. Returns 1 if so, 0 (the
 * staged file stays) if the bytes differ or there is no such file. A
 * later outdir_path for the same name stages it anew. */
int outdir_keep_old(outdir *o, size_t i);
/* Is the I-th staged file the output's own, kept (outdir_write with the
 * same bytes, outdir_keep_old)? */
int outdir_staged_kept(outdir *o, size_t i);
/* The I-th staged file's size and modification time, as outdir_write
 * saw them when it wrote or kept the file: 1, or 0 if not known (a file
 * written through outdir_path, or kept by outdir_keep_old: stat it). */
typedef struct outdir_file_stat {
  int known;
  long long size, sec, nsec;
} outdir_file_stat;
int outdir_staged_stat(outdir *o, size_t i, outdir_file_stat *st);
/* Who staged the I-th file (the handle's owner), or NULL. */
const char *outdir_staged_owner(outdir *o, size_t i);

#endif
