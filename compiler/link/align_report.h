/* align_report.h - the aligner's results as text for `concord align`:
 * TSV (score, slug#id, slug#id), JSON, and the audit report. Returns
 * malloc'd strings; concord align prints them (library code never prints). */
#ifndef CONCORD_ALIGN_REPORT_H
#define CONCORD_ALIGN_REPORT_H

#include "link/align.h"

/* One line per proposed pair: "0.8123\tbrent#para-3.4\tlydney#para-2.1". */
char *align_report_tsv(const align_result *r);
/* {"clauses":..,"councils":..,"candidates":..,"cross_pairs":..,
 *  "postings":..,"min_score":..,"pairs":[{"score":..,"a":..,"b":..}]} */
char *align_report_json(const align_result *r, const align_opts *o);
/* Human-readable audit: a summary line with precision and recall, then
 * TSV lines "missed", "no-shared-topic" so editors can fix annotations. */
char *align_report_audit(const align_result *r, const align_audit *a, const align_opts *o,
                         size_t max_lines);

#endif
