/* html_site.h - the HTML writer: out/site/ (issue 4).
 *
 * Writes site/index.html (every council: title, part, dates, clause count),
 * site/<slug>.html per council in the theme its front matter names, and
 * site/themes/<name>/ (the assets of every theme used). Pages come from the
 * theme's template (html_theme.h) and are serialised by html_serial.h.
 * See docs/html-output.md. */
#ifndef CONCORD_HTML_SITE_H
#define CONCORD_HTML_SITE_H

#include "diag.h"
#include "model.h"
#include "outdir.h"

int html_write(const cc_corpus *c, outdir *o, diag_list *d);

#endif
