/* fuzz_import.c - bytes (plain text, as pasted from a PDF) -> the
 * importer's text-to-Markdown -> the reader, as `concord import` does.
 *
 * The importer promises Markdown that is a valid source; with
 * FUZZ_IMPORT_STRICT=1 in the environment a reader error aborts (an
 * importer bug; a clause number that the input itself prints twice is
 * not one), otherwise only crashes, sanitizer reports and leaks count. */
#include "fuzz_common.h"

#include <string.h>

#include "base/buf.h"
#include "author/import_text.h"
#include "model/model.h"
#include "read/reader.h"

static int strict;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_chdir_root();
  const char *s = getenv("FUZZ_IMPORT_STRICT");
  strict = s && *s == '1';
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  diag_list d;
  diag_list_init(&d);
  imp_doc doc;
  memset(&doc, 0, sizeof doc);
  if (import_text_parse("fuzz.txt", (const char *)data, size, &doc, &d) == 0) {
    buf md = BUF_INIT;
    import_text_markdown(&md, &doc, "Fuzz Borough Council", "fuzz", NULL);
    cc_corpus *c = model_corpus_new();
    diag_list rd;
    diag_list_init(&rd);
    cc_document *m = reader_read_buffer(c, "fuzz.md", buf_cstr(&md), md.len, &rd);
    /* a clause number printed twice is the input's mistake, carried over
       faithfully (and reported by `concord import`): not an importer bug */
    size_t own = 0;
    for (size_t i = 0; i < rd.count; i++)
      if (rd.items[i].severity == DIAG_ERROR && !strstr(rd.items[i].message, "appears twice")) own++;
    if (strict && (own || !m)) {
      fprintf(stderr, "fuzz_import: the importer wrote an invalid source:\n%s\n",
              buf_cstr(&md));
      for (size_t i = 0; i < rd.count; i++)
        fprintf(stderr, "%d:%d: %s\n", rd.items[i].line, rd.items[i].col, rd.items[i].message);
      abort();
    }
    diag_list_free(&rd);
    model_corpus_free(c);
    buf_free(&md);
  }
  import_doc_free(&doc);
  diag_list_free(&d);
  return 0;
}
