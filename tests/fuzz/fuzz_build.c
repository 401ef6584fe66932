/* fuzz_build.c - bytes -> the whole build: reader, taxonomy, linker and
 * every writer (JSON, HTML, Akoma Ntoso, matrix, PDF) into a staging
 * directory under a private temporary output directory, which is then
 * aborted (nothing is ever committed). Lua hooks are off.
 *
 * The first byte picks the writers (bits 0-4: json, html, pdf, akn,
 * matrix, as PIPELINE_*; 0 means all); the rest is the source. The source
 * is built on its own and, if bit 7 is set, with Brent's protocol next to
 * it (equivalents, the matrix with two councils). */
#include "fuzz_common.h"

#include <string.h>

#include "link/linker.h"
#include "model/model.h"
#include "build/pipeline.h"
#include "read/reader.h"
#include "read/taxonomy.h"

static char outroot[256];

static void cleanup(void) { rmdir(outroot); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_chdir_root();
  const char *tmp = getenv("TMPDIR");
  snprintf(outroot, sizeof outroot, "%s/concord-fuzz-build-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(outroot)) {
    perror("fuzz_build: mkdtemp");
    abort();
  }
  atexit(cleanup);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int formats = data[0] & 0x1f;
  int with_brent = data[0] & 0x80;
  if (!formats) formats = PIPELINE_ALL;
  data++;
  size--;
  diag_list d;
  diag_list_init(&d);
  cc_corpus *c = model_corpus_new();
  c->build_epoch = 1700000000;
  taxonomy_load(c, "sources/topics.yaml", &d);
  if (with_brent) reader_read_file(c, "sources/brent.md", &d);
  reader_read_buffer(c, "fuzz.md", (const char *)data, size, &d);
  if (!d.errors) linker_resolve_topics(c, 1, &d);
  if (!d.errors) {
    linker_link(c);
    /* the build that ships: parts, scheduler and all, staged and then
     * discarded (nothing is written to the disk for good) */
    pipeline_build_opts bo;
    memset(&bo, 0, sizeof bo);
    bo.formats = formats;
    bo.jobs = 1;
    bo.discard = 1;
    pipeline_build(c, outroot, &bo, &d);
  }
  model_corpus_free(c);
  diag_list_free(&d);
  return 0;
}
