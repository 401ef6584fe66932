/* fuzz_reader.c - bytes -> reader_read_buffer -> model.
 *
 * The first byte picks options (bit 0: load the taxonomy and resolve
 * topics; bit 1: serialise the model with json_export_dump; bit 2: link
 * equivalents); the rest is the source. */
#include "fuzz_common.h"

#include "write/json/json_export.h"
#include "link/linker.h"
#include "model/model.h"
#include "read/reader.h"
#include "read/taxonomy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_chdir_root();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  unsigned opts = data[0];
  data++;
  size--;
  diag_list d;
  diag_list_init(&d);
  cc_corpus *c = model_corpus_new();
  c->build_epoch = 0;
  if (opts & 1) taxonomy_load(c, "sources/topics.yaml", &d);
  cc_document *doc = reader_read_buffer(c, "fuzz.md", (const char *)data, size, &d);
  if (doc && (opts & 1) && !d.errors) linker_resolve_topics(c, 1, &d);
  if (doc && (opts & 4) && !d.errors) linker_link(c);
  if (doc && (opts & 2)) free(json_export_dump(doc));
  diag_list_sort(&d);
  model_corpus_free(c);
  diag_list_free(&d);
  return 0;
}
