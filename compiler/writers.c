/* writers.c - the writer table (see writers.h). Order matters only for
 * speed of failure: cheap writers first. */
#include "writers.h"
#include "akn_export.h"
#include "html_site.h"
#include "json_export.h"
#include "pdf_writer.h"
#include "matrix_write.h"
#include "matrix_pdf.h"
#include "pipeline.h"

const writer_entry writers[] = {
    {"json", PIPELINE_JSON, json_export_write},
    {"html", PIPELINE_HTML, html_write},
    {"akn", PIPELINE_AKN, akn_write},
    {"matrix", PIPELINE_MATRIX, matrix_write},
    {"pdf", PIPELINE_PDF, pdf_write},
    {"matrix-pdf", PIPELINE_PDF, matrix_pdf_write}, /* pdf/matrix.pdf, next to the PDFs it links to */
    {NULL, 0, NULL},
};
