/* draft_answers.h - the answers that turn the model protocol into one
 * council's draft: read from a YAML file (docs/drafting.md), asked
 * interactively, or written back to a file.
 */
#ifndef CONCORD_DRAFT_ANSWERS_H
#define CONCORD_DRAFT_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "model/model.h"
#include "author/draft_variant.h"

#define DRAFT_MAX_ROLES 16

typedef struct draft_choice { /* wording: topic -> council slug */
  char *topic, *slug;
  int line, col;
} draft_choice;

typedef struct draft_keyref { /* a theme or topic key, where it was written */
  char *key;
  int line, col;
} draft_keyref;

typedef struct draft_answers {
  const char *file; /* answers file, for diagnostics ("<interactive>") */
  char *council, *slug, *kind, *title, *part, *adopted, *short_name;
  char *roles[DRAFT_MAX_ROLES];  /* by index in md_roles; NULL: default */
  draft_keyref *include; size_t ninclude; bool include_given; /* empty: all */
  draft_keyref *exclude; size_t nexclude;
  draft_choice *wording; size_t nwording;
  /* the council's shape (docs/drafting.md, "Questions"): NULL / -1 when
     not answered, then the default for the kind */
  char *nation, *governance, *staff, *complaints_body;
  int groups, press_office; /* 1 yes, 0 no, -1 not answered */
  int kind_line, kind_col; /* where 'kind' was written, for combinations */
} draft_answers;

void draft_answers_init(draft_answers *a);
void draft_answers_free(draft_answers *a);

/* Reads PATH. Every problem is an error at file:line:col in D. 0 or -1. */
int draft_answers_load(draft_answers *a, const char *path, diag_list *d);

/* Checks keys against the taxonomy and council slugs of C: unknown theme
 * or topic keys, wording naming a council that lacks the topic. 0 or -1. */
int draft_answers_validate(const draft_answers *a, const cc_corpus *c, diag_list *d);

/* Asks the questions on OUT, reading answers from IN, with defaults from
 * A (and C for theme keys). Returns 0, or -1 at end of input. */
int draft_answers_ask(draft_answers *a, const cc_corpus *c, FILE *in, FILE *out);

/* The answers as YAML (malloc'd), readable by draft_answers_load. */
char *draft_answers_yaml(const draft_answers *a);

/* The profile the variants are chosen by: the answers with the defaults
 * for the kind filled in (strings point into A or static storage). */
void draft_answers_profile(const draft_answers *a, dv_profile *p);
/* The body that handles complaints about the most senior officer. */
const char *draft_answers_complaints_body(const draft_answers *a);
/* Why the combination in P cannot be (static text), or NULL. */
const char *draft_answers_conflict(const dv_profile *p);

/* Value of role NAME: the answer, else the default for the kind. */
const char *draft_answers_role(const draft_answers *a, const char *name);
/* Is the theme or topic KEY excluded/not included? TOPIC with THEME. */
bool draft_answers_wants(const draft_answers *a, const cc_topic *t);

#endif
