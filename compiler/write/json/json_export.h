/* json_export.h - the model as JSON: out/corpus.json, json/, and the
 * line-per-node dump used by `concord dump` and the spec tests.
 * Documented in docs/corpus-json.md. */
#ifndef CONCORD_JSON_EXPORT_H
#define CONCORD_JSON_EXPORT_H

#include <stdio.h>

#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"

/* json/<slug>.json of DOC (its document, as in corpus.json; reads only
 * DOC and the topics' lists: its equivalents), and the corpus-level
 * files: json/index.json (the taxonomy with counts, a line per council)
 * and, up to json_export_corpus_max() councils, corpus.json. The build's
 * scheduler runs them as parts. 0 or -1. */
int json_export_write_document(const cc_document *doc, outdir *o, diag_list *d);
int json_export_write_corpus(const cc_corpus *c, outdir *o, diag_list *d);
/* The most councils for which corpus.json is written. */
size_t json_export_corpus_max(void);
/* The bytes of corpus.json, to F (the library API writes them to memory);
 * the caller checks ferror(F). */
void json_export_stream(const cc_corpus *c, FILE *f);
/* One JSON object per line for a document: the spec-test view of the
 * model (docs/annotated-markdown.md). Caller frees the string. */
char *json_export_dump(const cc_document *doc);

#endif
