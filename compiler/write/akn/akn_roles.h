/* akn_roles.h - the officer and member roles a document names, for the
 * TLCRole entries of its Akoma Ntoso references.
 *
 * Detection is by a fixed list of role titles (akn_roles.c), matched on
 * word boundaries in every heading, clause, prose passage and footnote. The
 * first letter must be a capital ("Leader", not "leader") so that ordinary
 * words are not taken for titles; the rest ignores case ("Cabinet member")
 * and a plural is accepted ("Chief Officers", "Chairmen").
 */
#ifndef CONCORD_AKN_ROLES_H
#define CONCORD_AKN_ROLES_H

#include <stddef.h>

#include "model/model.h"

typedef struct akn_role {
  const char *title; /* as shown: "Chief Executive" */
  const char *eid;   /* TLCRole eId and ontology name: "chiefExecutive" */
} akn_role;

/* Fills OUT (room for akn_roles_count()) with the roles named in D, in the
 * fixed list's order; returns how many. */
size_t akn_roles_find(const cc_document *d, const akn_role **out);
size_t akn_roles_count(void);
/* Does TEXT name TITLE (same matching rules)? Exposed for tests. */
int akn_roles_match(const char *text, const char *title);

#endif
