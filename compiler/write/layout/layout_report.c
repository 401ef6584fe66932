/* layout_report.c - the line-quality report (see layout_report.h). */
#include "write/layout/layout_report.h"
#include "base/arena.h"
#include "base/buf.h"

#include <math.h>
#include <stdlib.h>

static void json_str(buf *b, const char *s, size_t len) {
  buf_putc(b, '"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      buf_putc(b, '\\');
      buf_putc(b, (char)c);
    } else if (c < 0x20) {
      buf_printf(b, "\\u%04x", c);
    } else {
      buf_putc(b, (char)c);
    }
  }
  buf_putc(b, '"');
}

typedef struct report {
  size_t lines, bad[3], hyphens, run, max_run;
  double bad_sum;
  size_t *per_page;
  int page_base;
  buf breaks;
  bool any_break;
} report;

/* The run before the inserted hyphen: the word's first piece. */
static void piece_before(const layout_line *ln, buf *b) {
  if (ln->nruns >= 2) json_str(b, ln->runs[ln->nruns - 2].text, ln->runs[ln->nruns - 2].len);
  else json_str(b, "", 0);
}

static void scan(report *r, const layout_vlist *v) {
  for (size_t i = 0; i < v->n; i++) {
    const layout_vitem *it = &v->items[i];
    if (it->kind != LAYOUT_V_LINE || it->page < 0) continue;
    const layout_line *ln = &it->line;
    if (!ln->last) {
      double bad = fmin(100 * pow(fabs(ln->ratio), 3), 10000);
      r->lines++;
      r->bad_sum += bad;
      r->bad[bad < 13 ? 0 : bad < 100 ? 1 : 2]++;
    }
    if (!ln->hyphenated) {
      r->run = 0;
      continue;
    }
    r->hyphens++;
    r->per_page[r->page_base + it->page]++;
    if (++r->run > r->max_run) r->max_run = r->run;
    buf_puts(&r->breaks, r->any_break ? ",\n  " : "\n  ");
    r->any_break = true;
    buf_printf(&r->breaks, "{\"page\": %d, \"before\": ", r->page_base + it->page + 1);
    piece_before(ln, &r->breaks);
    buf_puts(&r->breaks, ", \"after\": ");
    size_t j = i + 1;
    while (j < v->n && v->items[j].kind != LAYOUT_V_LINE) j++;
    if (j < v->n && v->items[j].line.nruns)
      json_str(&r->breaks, v->items[j].line.runs[0].text, v->items[j].line.runs[0].len);
    else
      json_str(&r->breaks, "", 0);
    buf_putc(&r->breaks, '}');
  }
  r->run = 0;
}

char *layout_report_json(const layout_doc *ld) {
  report r = {0};
  int pages = ld->front_pages + ld->body_pages;
  r.per_page = xcalloc(pages > 0 ? (size_t)pages : 1, sizeof *r.per_page);
  r.breaks = (buf)BUF_INIT;
  r.page_base = 0;
  scan(&r, &ld->front);
  r.page_base = ld->front_pages;
  scan(&r, &ld->body);
  buf b = BUF_INIT;
  buf_printf(&b, "{\"pages\": %d, \"lines\": %zu,\n", pages, r.lines);
  buf_printf(&b, " \"badness\": {\"0-12\": %zu, \"13-99\": %zu, \"100+\": %zu},\n", r.bad[0],
             r.bad[1], r.bad[2]);
  buf_printf(&b, " \"badness_mean\": %.2f,\n", r.lines ? r.bad_sum / (double)r.lines : 0.0);
  buf_printf(&b, " \"hyphens\": %zu, \"max_hyphens_in_a_row\": %zu,\n \"hyphens_per_page\": [",
             r.hyphens, r.max_run);
  for (int p = 0; p < pages; p++) buf_printf(&b, "%s%zu", p ? ", " : "", r.per_page[p]);
  buf_puts(&b, "],\n \"breaks\": [");
  buf_puts(&b, buf_cstr(&r.breaks));
  buf_puts(&b, r.any_break ? "\n ]}\n" : "]}\n");
  buf_free(&r.breaks);
  free(r.per_page);
  return buf_detach(&b);
}
