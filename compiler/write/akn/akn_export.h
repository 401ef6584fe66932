/* akn_export.h - the model as Akoma Ntoso 3.0 (OASIS LegalDocML):
 * out/akn/<slug>.xml per document and out/akn/equivalents.xml for the
 * equivalence links between councils. Documented in docs/akoma-ntoso.md.
 *
 * Written into memory with akn_xml (the bytes libxml2's xmlTextWriter
 * wrote), then handed to the outdir. No indentation inside mixed content
 * (whitespace there becomes part of the text): structural elements are
 * indented by hand, text elements are written as they are.
 */
#ifndef CONCORD_AKN_EXPORT_H
#define CONCORD_AKN_EXPORT_H

#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"

#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

/* One document as a NUL-terminated XML string (caller frees), or NULL with
 * errors in DL. */
char *akn_document_xml(const cc_document *d, diag_list *dl);
/* The equivalence links of the corpus (caller frees), or NULL. */
char *akn_equivalents_xml(const cc_corpus *cp, diag_list *dl);

#endif
