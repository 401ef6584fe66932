/* fuzz_hooks.c - bytes -> a Lua hook file, run (with --no-hooks, as a
 * --lua file) over Brent's protocol and Lydney's: taxonomy, reader, then
 * hooks_run_corpus as the build runs it, then the linker over what the
 * hooks left. The corpus seeds are hostile hook files
 * (tests/fuzz/corpus/hooks/, the councils' hook files in lua/, the tested
 * examples of docs/lua-hooks.md; see seeds.py).
 *
 * What the harness looks for: a crash, a sanitizer report, a leak, and a
 * hang (libFuzzer's -timeout): every hook must end by itself, by its
 * limits. The limits are lowered (budget 5,000,000, 5 s per call) so
 * runaway inputs end quickly; CONCORD_LUA_* in the environment wins. */
#include "fuzz_common.h"

#include <string.h>

#include "hooks/hooks.h"
#include "link/linker.h"
#include "model/model.h"
#include "read/reader.h"
#include "read/taxonomy.h"

static char hookpath[256];

static void cleanup(void) { unlink(hookpath); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_chdir_root();
  setenv("CONCORD_LUA_INSTRUCTIONS", "5000000", 0);
  setenv("CONCORD_LUA_SECONDS", "5", 0);
  const char *tmp = getenv("TMPDIR");
  snprintf(hookpath, sizeof hookpath, "%s/concord-fuzz-hook-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(hookpath);
  if (fd < 0) {
    perror("fuzz_hooks: mkstemp");
    abort();
  }
  close(fd);
  atexit(cleanup);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* hooks are read from a file, as the command line gives them */
  FILE *f = fopen(hookpath, "wb");
  if (!f) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  if (fclose(f) != 0) abort();
  diag_list d;
  diag_list_init(&d);
  cc_corpus *c = model_corpus_new();
  c->build_epoch = 1700000000;
  taxonomy_load(c, "sources/topics.yaml", &d);
  reader_read_file(c, "sources/brent.md", &d);
  reader_read_file(c, "sources/lydney.md", &d);
  if (!d.errors) {
    const char *extra[1] = {hookpath};
    if (hooks_run_corpus(c, extra, 1, 1, &d) == 0) {
      linker_resolve_topics(c, 1, &d);
      if (!d.errors) linker_link(c);
    }
  }
  model_corpus_free(c);
  diag_list_free(&d);
  return 0;
}
