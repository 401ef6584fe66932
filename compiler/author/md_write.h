/* md_write.h - model clauses back to annotated Markdown, for drafting and
 * import.
 *
 * The template generator and `concord draft` copy councils' clauses into a
 * new source; `concord import` writes plain text as Markdown. Both need
 * text written so that cmark reads back exactly the words given (no
 * accidental lists, headings, emphasis, links or HTML) and, for drafting,
 * with one council's name and role titles replaced by placeholders.
 *
 * Placeholders are written %%name%% (lower-case letters and hyphens): '%'
 * means nothing to CommonMark or to the annotation grammar, so a
 * placeholder can never be mistaken for an attribute block.
 */
#ifndef CONCORD_MD_WRITE_H
#define CONCORD_MD_WRITE_H

#include <stdbool.h>

#include "base/buf.h"
#include "model/model.h"

/* Appends TEXT with every CommonMark trap escaped. AT_LINE_START: TEXT
 * begins a block, so block markers ("1.", "-", "#", ">") are escaped too.
 * KEEP_STRONG: balanced "**" pairs stay emphasis (text copied out of a
 * word processor often carries them); otherwise every '*' is literal. */
void md_escape(buf *out, const char *text, bool at_line_start, bool keep_strong);

/* Replaces, in TEXT, the council's own name and known role titles by
 * placeholders (%%council%%, %%short-name%%, %%chief-executive%%, ...).
 * Returns a new malloc'd string. */
char *md_placeholders(const char *text, const cc_document *doc);

/* The council's name without its kind ("Brent Council" -> "Brent",
 * "Lydney Town Council" -> "Lydney"); the whole name if it has no known
 * suffix. Returns a new malloc'd string. Both the drafting placeholders
 * and the template filler derive %%short-name%% this way. */
char *md_short_name(const char *council);

/* Writes clause CL as Markdown with printed number NUMBER ("2.3"), its
 * heading (if any) as "### NUMBER heading", and ATTRS ("{topic=...}")
 * appended to the first line. PLACEHOLDERS: substitute names as above.
 * Returns false if the clause holds something that cannot be copied
 * faithfully (a footnote reference), and then writes nothing. */
bool md_clause(buf *out, const cc_clause *cl, const char *number, const char *attrs,
               bool placeholders);

/* The placeholder names, their default values for council KIND and a
 * question for the interactive mode. NULL-terminated table. */
typedef struct md_role {
  const char *name;     /* "chief-executive" */
  const char *question; /* "Title of the head of the paid service" */
} md_role;
extern const md_role md_roles[];
/* Default title for role NAME in a council of KIND (NULL kind: district). */
const char *md_role_default(const char *name, const char *kind);

#endif
