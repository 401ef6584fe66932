/* hooks.h - runs the councils' Lua hooks over the model (docs/lua-hooks.md).
 *
 * Each document gets its hook files: lua/<slug>.lua beside the sources
 * (unless discovery is off), the files its front matter names (hooks:),
 * then the extra files given on the command line. Each (document, file)
 * runs in its own sandbox (hooks_sandbox.h) and edits the document only
 * through the model view (hooks_view.h). */
#ifndef CONCORD_HOOKS_H
#define CONCORD_HOOKS_H

#include <stddef.h>

#include "base/diag.h"
#include "model/model.h"

/* Runs the Lua hooks (lua/<slug>.lua, front-matter hooks:, extra files)
 * over every document. 0, or -1 with errors in D. */
int hooks_run_corpus(cc_corpus *c, const char **extra, size_t nextra, int no_discovery,
                     diag_list *d);
/* The same on up to THREADS threads (0: the online CPUs), one document a
 * job. The model and the diagnostics are those of hooks_run_corpus, but
 * for one thing: when a document's hooks fail, the later documents' hooks
 * have run too (one thread stops there); D is the same. */
int hooks_run_corpus_threads(cc_corpus *c, const char **extra, size_t nextra, int no_discovery,
                             int threads, diag_list *d);
/* The same for DOC alone (concord watch re-runs the hooks of the source
 * saved; DOC need not be in C's list yet). */
int hooks_run_document(cc_corpus *c, cc_document *doc, const char **extra, size_t nextra,
                       int no_discovery, diag_list *d);

#endif
