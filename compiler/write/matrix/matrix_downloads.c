/* matrix_downloads.c - the matrix page's download links
 * (matrix_internal.h): its own file because it names the matrix PDF's
 * volumes (matrix_pdf.h), and the PDF writer uses matrix_common.c. */
#include "base/arena.h"
#include "write/html/html_tree.h"
#include "write/matrix/matrix_internal.h"
#include "write/matrix/matrix_pdf.h"

void matrix_downloads(xmlNodePtr main, const cc_corpus *c, int with_pdf) {
  xmlNodePtr p = html_el(main, "p", "downloads");
  html_text(p, "Download the matrix as a spreadsheet: ");
  html_attr(html_el_text(p, "a", NULL, "matrix.csv"), "href", "downloads/matrix.csv");
  size_t nvol = with_pdf ? matrix_pdf_volume_count(c->ndocs) : 0;
  if (!nvol) return;
  html_text(p, nvol == 1 ? "; as a PDF: " : "; as PDF volumes of councils in corpus order: ");
  arena *a = arena_new();
  for (size_t v = 1; v <= nvol; v++) {
    const char *name = matrix_pdf_volume_name(a, v, nvol);
    if (v > 1) html_text(p, ", ");
    html_attr(html_el_text(p, "a", NULL, name), "href", arena_printf(a, "downloads/pdf/%s", name));
  }
  html_text(p, ".");
  arena_free(a);
}
