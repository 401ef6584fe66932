/* matrix_downloads.c - the matrix page's download links
 * (matrix_internal.h): its own file because it names the matrix PDF's
 * volumes (matrix_pdf.h), and the PDF writer uses matrix_common.c. */
#include "base/arena.h"
#include "write/html/html_tree.h"
#include "write/matrix/matrix_internal.h"
#include "write/matrix/matrix_pdf.h"

void matrix_downloads(xmlNodePtr main, const cc_corpus *c, int with_pdf, const char *relroot,
                      const char *volumes_href) {
  arena *a = arena_new();
  xmlNodePtr p = html_el(main, "p", "downloads");
  html_text(p, "Download the matrix as a spreadsheet: ");
  html_attr(html_el_text(p, "a", NULL, "matrix.csv"), "href",
            arena_printf(a, "%sdownloads/matrix.csv", relroot));
  size_t nvol = with_pdf ? matrix_pdf_volume_count(c->ndocs) : 0;
  if (nvol == 1) {
    html_text(p, "; as a PDF: ");
    html_attr(html_el_text(p, "a", NULL, "matrix.pdf"), "href",
              arena_printf(a, "%sdownloads/pdf/matrix.pdf", relroot));
  } else if (nvol > 1 && volumes_href) {
    html_text(p, "; as a PDF in ");
    html_attr(html_el_text(p, "a", NULL, arena_printf(a, "%zu volumes", nvol)), "href",
              volumes_href);
  } else if (nvol > 1) {
    html_text(p, "; as PDF volumes of councils in corpus order: ");
    for (size_t v = 1; v <= nvol; v++) {
      const char *name = matrix_pdf_volume_name(a, v, nvol);
      if (v > 1) html_text(p, ", ");
      html_attr(html_el_text(p, "a", NULL, name), "href",
                arena_printf(a, "%sdownloads/pdf/%s", relroot, name));
    }
  }
  html_text(p, ".");
  arena_free(a);
}
