/* draft_variant.h - which provisions of the model protocol fit which
 * councils (docs/drafting.md, "Variants").
 *
 * The model protocol (sources/templates/protocol.md) is generated from the
 * corpus by `concord draft --make-template` and must stay reproducible, so
 * the conditions do not live in it: they live in a committed table,
 * sources/templates/variants.yaml, keyed by the topic each template clause
 * was chosen for. A condition is a small expression over the council's
 * profile (the answers):
 *
 *   kind!=local; governance=executive | kind=district
 *
 * "key=v1,v2" holds when the key's value is one of the values, "key!=..."
 * when it is none; ';' joins tests that must all hold, '|' joins
 * alternatives. Keys and values are fixed (dv_keys below); an unknown one
 * is an error at file:line:col. The table also names other councils'
 * wording for some variants, fill-ins (sentences the answers supply, where
 * no council's protocol has one), and obsolete bodies whose names a draft
 * must not repeat.
 */
#ifndef CONCORD_DRAFT_VARIANT_H
#define CONCORD_DRAFT_VARIANT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "model/model.h"

/* The council's shape: every field set (defaults applied) before use. */
typedef struct dv_profile {
  const char *kind;       /* a kind of dv_kinds */
  const char *nation;     /* england, wales */
  const char *governance; /* leader-and-cabinet, elected-mayor, committee-system */
  const char *staff;      /* clerk-only, clerk-and-others, senior-management-team */
  bool groups;            /* party groups */
  bool press_office;
} dv_profile;

extern const char *const dv_kinds[];       /* NULL-terminated */
extern const char *const dv_governances[]; /* NULL-terminated */
extern const char *const dv_staffs[];      /* NULL-terminated */
extern const char *const dv_nations[];     /* NULL-terminated */

bool dv_in(const char *const *list, const char *v);
/* "a, b, c or d" (malloc'd), for messages */
char *dv_list_text(const char *const *list);
/* parish, town and community councils: no executive, usually a Clerk */
bool dv_kind_is_local(const char *kind);
/* The nation a kind implies (community -> wales, parish -> england), or
 * NULL when it may be either. */
const char *dv_kind_nation(const char *kind);

/* Checks CONDITION (written at FILE:LINE:COL) and, if P is not NULL,
 * evaluates it. Returns 1 (holds), 0 (does not), or -1 with an error in
 * D (D may be NULL when the condition is known to be valid). */
int dv_eval(const char *condition, const dv_profile *p, const char *file, int line, int col,
            diag_list *d);

typedef struct dv_wording { /* another council's clause for a variant */
  char *when, *council;
  int line, col;
} dv_wording;

typedef struct dv_provision {
  char *topic;
  char *when; /* NULL: every council */
  int line, col, when_line, when_col;
  dv_wording *wording; size_t nwording;
} dv_provision;

typedef struct dv_fillin {
  char *after, *when, *topic, *text;
  int line, col;
} dv_fillin;

typedef struct dv_obsolete { /* a body gone, or one this kind of council lacks */
  char *phrase, *why, *replace;
  char *when; /* NULL: in every draft */
  int line, col;
} dv_obsolete;

typedef struct dv_heading { /* a section heading for a variant */
  char *when, *label;
  int line, col;
} dv_heading;

typedef struct dv_theme { /* a condition on a whole section, other headings */
  char *key, *when;
  int line, col, when_line, when_col;
  dv_heading *heading; size_t nheading;
} dv_theme;

typedef struct dv_table {
  char *path;
  dv_theme *themes; size_t nthemes;
  dv_provision *prov; size_t nprov;
  dv_fillin *fill; size_t nfill;
  dv_obsolete *obs; size_t nobs;
} dv_table;

void dv_table_init(dv_table *t);
void dv_table_free(dv_table *t);
/* Reads the table at PATH, checking its syntax, condition keys and
 * values, and (against C) its topics and councils. 0, or -1 with errors
 * at file:line:col in D. */
int dv_table_load(dv_table *t, const char *path, const cc_corpus *c, diag_list *d);
/* The entry for theme KEY, or NULL. */
const dv_theme *dv_table_theme(const dv_table *t, const char *key);
/* The entry for TOPIC, or NULL (the provision fits every council). */
const dv_provision *dv_table_find(const dv_table *t, const char *topic);

#endif
