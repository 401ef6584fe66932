/* rivers_test.c - the river detector of the line-quality report
 * (compiler/write/layout/layout_report.c) on paragraphs built by hand,
 * with every word's position known, so each rule of the definition in
 * docs/typography.md ("Rivers") is checked on its own: aligned spaces
 * make a river, staggered ones do not; a small drift is followed, a
 * large one is not; a river stops at a paragraph's last line, at a page
 * break and at a loose line of two spaces; hanging numbers make no space.
 *
 * Prints "ok - name" / "not ok - name" lines (tests/run's format); run by
 * tests/t_rivers.sh. Exit status 1 if any check failed.
 */
#include "write/layout/layout_report.h"
#include "base/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void check(const char *name, int cond, const char *report) {
  printf("%s - %s\n", cond ? "ok" : "not ok", name);
  if (!cond) {
    printf("  report: %s\n", report);
    failed = 1;
  }
}

static const char words[] = "abcdefghijklmnopqrstuvwxyz";

/* A justified body line at page PAGE: NW words of width WORD, spaces of
 * width GAP, the first word starting at SHIFT. A LABEL hangs left of it
 * (a clause number, a run at negative x). */
static void line(layout_vlist *v, int page, bool last, int nw, double word, double gap,
                 double shift, bool label) {
  layout_vitem *it = layout_vlist_push(v, LAYOUT_V_LINE);
  it->role = LAYOUT_R_BODY;
  it->page = page;
  it->y = 14.0 * (double)v->n;
  layout_line *ln = &it->line;
  ln->runs = xcalloc((size_t)nw + 1, sizeof *ln->runs);
  if (label) {
    layout_run *r = &ln->runs[ln->nruns++];
    r->x = -30;
    r->width = 12;
    r->text = "1.1";
    r->len = 3;
  }
  for (int i = 0; i < nw; i++) {
    layout_run *r = &ln->runs[ln->nruns++];
    r->x = shift + i * (word + gap);
    r->width = word;
    r->text = words + i % 26;
    r->len = 1;
    r->style.link = r->style.tag = -1;
  }
  ln->last = last;
}

typedef struct counts {
  unsigned long spaces, r3, r4;
  int longest;
} counts;

/* Runs the report on V (all on pages 1..PAGES) and reads its rivers. */
static char *report(layout_vlist *v, int pages, counts *c) {
  layout_doc ld;
  memset(&ld, 0, sizeof ld);
  layout_vlist_init(&ld.front);
  ld.body = *v;
  ld.body_pages = pages;
  char *s = layout_report_json(&ld);
  memset(c, 0, sizeof *c);
  c->longest = -1;
  const char *r = strstr(s, "\"rivers\": {");
  if (!r || sscanf(r, "\"rivers\": {\"spaces\": %lu, \"3+\": %lu, \"4+\": %lu, \"longest\": %d",
                   &c->spaces, &c->r3, &c->r4, &c->longest) != 4)
    c->longest = -1;
  layout_vlist_free(v);
  return s;
}

int main(void) {
  layout_vlist v;
  counts c;
  char *s;

  /* five lines, six words each, every space under the one above: five
   * rivers (one per column of spaces) of five lines */
  layout_vlist_init(&v);
  for (int i = 0; i < 5; i++) line(&v, 0, i == 4, 6, 40, 4, 0, i == 0);
  s = report(&v, 1, &c);
  check("aligned spaces: a river per column, five lines long",
        c.spaces == 25 && c.r3 == 5 && c.r4 == 5 && c.longest == 5, s);
  free(s);

  /* every other line shifted by half a word: no space lines up */
  layout_vlist_init(&v);
  for (int i = 0; i < 5; i++) line(&v, 0, i == 4, 6, 40, 4, i % 2 ? 20 : 0, false);
  s = report(&v, 1, &c);
  check("staggered spaces: no river", c.spaces == 25 && c.r3 == 0 && c.longest == 1, s);
  free(s);

  /* a drift of 1 pt a line (a 4 pt space overlaps the one above by 3 pt)
   * is followed; 3 pt a line (1 pt of overlap) is not */
  layout_vlist_init(&v);
  for (int i = 0; i < 5; i++) line(&v, 0, i == 4, 6, 40, 4, i, false);
  s = report(&v, 1, &c);
  check("a small drift is still a river", c.r3 == 5 && c.longest == 5, s);
  free(s);
  layout_vlist_init(&v);
  for (int i = 0; i < 5; i++) line(&v, 0, i == 4, 6, 40, 4, 3.0 * i, false);
  s = report(&v, 1, &c);
  check("a drift of most of a space a line is not", c.r3 == 0 && c.longest == 1, s);
  free(s);

  /* two aligned paragraphs of two lines each: a river never crosses the
   * space between paragraphs (the first one's last line ends it) */
  layout_vlist_init(&v);
  for (int i = 0; i < 4; i++) line(&v, 0, i == 1 || i == 3, 6, 40, 4, 0, false);
  s = report(&v, 1, &c);
  check("no river across a paragraph's last line", c.spaces == 20 && c.longest == 2 &&
        c.r3 == 0, s);
  free(s);

  /* four aligned lines, the page turning after the second */
  layout_vlist_init(&v);
  for (int i = 0; i < 4; i++) line(&v, i < 2 ? 0 : 1, i == 3, 6, 40, 4, 0, false);
  s = report(&v, 2, &c);
  check("no river across a page break", c.longest == 2 && c.r3 == 0, s);
  free(s);

  /* five aligned lines, the middle one with only two (wide) spaces: it
   * is a loose line (the badness counts it), not part of a river */
  layout_vlist_init(&v);
  for (int i = 0; i < 5; i++)
    if (i == 2) line(&v, 0, false, 3, 100, 98, 0, false);
    else line(&v, 0, i == 4, 6, 40, 4, 0, false);
  s = report(&v, 1, &c);
  check("a line of two spaces ends a river", c.spaces == 20 && c.longest == 2 && c.r3 == 0, s);
  free(s);

  /* three spaces are enough; the hanging labels add none */
  layout_vlist_init(&v);
  for (int i = 0; i < 4; i++) line(&v, 0, i == 3, 4, 60, 5, 0, true);
  s = report(&v, 1, &c);
  check("a line of three spaces joins a river; hanging labels make no space",
        c.spaces == 12 && c.r3 == 3 && c.r4 == 3 && c.longest == 4, s);
  free(s);

  /* where: the first river's page and the words either side of its top */
  layout_vlist_init(&v);
  for (int i = 0; i < 3; i++) line(&v, 0, i == 2, 4, 40, 4, 0, false);
  for (int i = 0; i < 3; i++) line(&v, 0, i == 2, 5, 40, 4, 0, false);
  s = report(&v, 1, &c);
  check("each river is listed with its page, length and words",
        c.r3 == 7 && c.r4 == 0 && c.longest == 3 &&
            strstr(s, "{\"page\": 1, \"lines\": 3, \"near\": null, \"between\": \"a b\"") &&
            strstr(s, "\"between\": \"d e\""),
        s);
  free(s);

  return failed;
}
