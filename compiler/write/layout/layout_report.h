/* layout_report.h - the line-quality report of a laid-out document: how
 * good the engine's line breaks are, from its own data.
 *
 * Part of the layout engine (docs/pdf-output.md). Tests read it through
 * the library API (CONCORD_FORMAT_LINE_REPORT in concord.h), so a change
 * that degrades line breaking (badness ignored, hyphens everywhere) fails
 * a test even when every page still looks plausible.
 */
#ifndef CONCORD_LAYOUT_REPORT_H
#define CONCORD_LAYOUT_REPORT_H

#include "write/layout/layout_doc.h"

/* LD (after layout_doc_build) as one JSON object (malloc'd, NUL-ended):
 *   pages              pages in all (front and body)
 *   lines              lines set, other than paragraphs' last lines
 *   badness            {"0-12": n, "13-99": n, "100+": n}: TeX's badness
 *                      (100 |r|^3 for adjustment ratio r) of those lines
 *   badness_mean       their mean badness
 *   hyphens            lines ending with an inserted hyphen
 *   hyphens_per_page   one count per page, front pages first
 *   max_hyphens_in_a_row
 *   rivers             {"spaces": n, "3+": n, "4+": n, "longest": n,
 *                       "at": [{"page": p, "lines": n, "near": "para-2.3",
 *                               "between": "of an", "x": pt, "y": pt}]}
 *                      chains of inter-word spaces that stack down
 *                      consecutive lines of a paragraph (docs/typography.md,
 *                      "Rivers"): spaces seen, rivers of 3 or more and 4 or
 *                      more lines, the longest chain (any length), and each
 *                      river of 3+ by its top space: page, the nearest
 *                      anchor (clause id) at or before it, the words either
 *                      side, x from the page's left edge and y (the line's
 *                      top) from the top of the text area, in points
 *   breaks             [{"page": p, "before": "coun", "after": "cil."}]
 *                      every hyphen break, the word's two pieces as set */
char *layout_report_json(const layout_doc *ld);

#endif
