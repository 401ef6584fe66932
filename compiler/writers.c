/* writers.c - the writer table (see writers.h). Order matters only for
 * speed of failure: cheap writers first. */
#include "writers.h"
#include "json_export.h"
#include "pipeline.h"

const writer_entry writers[] = {
    {"json", PIPELINE_JSON, json_export_write},
    {NULL, 0, NULL},
};
