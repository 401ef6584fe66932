/* diff_html.c - word diff -> HTML nodes (see diff_html.h). */
#include "diff_html.h"
#include "buf.h"
#include "html_tree.h"

static void tokens_text(buf *o, const diff_tokens *t, size_t from, size_t to, int lead) {
  for (size_t i = from; i < to; i++) {
    if (t->t[i].space && (lead || i > from)) buf_putc(o, ' ');
    buf_puts(o, t->t[i].text);
  }
}

/* Whether a space goes before run R: its first token had one in its own
 * text, or (after a deletion) the deleted words had one before them, so
 * "all | Officers" never runs together as "allOfficers". */
static int space_before(const diff_tokens *a, const diff_tokens *b, const diff_run *r,
                        const diff_run *prev) {
  int sp = 0;
  if (r->kind == DIFF_DELETE) sp = r->a0 < r->a1 && a->t[r->a0].space;
  else if (r->b0 < r->b1) sp = b->t[r->b0].space;
  if (r->kind == DIFF_EQUAL && r->a0 < r->a1) sp |= a->t[r->a0].space;
  if (r->kind == DIFF_INSERT && prev && prev->kind == DIFF_DELETE && prev->a0 < prev->a1)
    sp |= a->t[prev->a0].space; /* a replacement stands where the deleted words stood */
  return sp;
}

void diff_html_append(xmlNodePtr parent, const diff_tokens *a, const diff_tokens *b,
                      const diff_script *s) {
  buf o = BUF_INIT;
  int first = 1;
  const diff_run *prev = NULL;
  for (size_t i = 0; i < s->n; i++) {
    const diff_run *r = &s->runs[i];
    const diff_tokens *t = r->kind == DIFF_DELETE ? a : b;
    size_t from = r->kind == DIFF_DELETE ? r->a0 : r->b0, to = r->kind == DIFF_DELETE ? r->a1 : r->b1;
    if (from == to) continue;
    if (!first && space_before(a, b, r, prev)) buf_putc(&o, ' ');
    first = 0;
    prev = r;
    if (r->kind == DIFF_EQUAL) {
      tokens_text(&o, b, r->b0, r->b1, 0);
      continue;
    }
    html_text(parent, buf_cstr(&o));
    buf_clear(&o);
    int del = r->kind == DIFF_DELETE;
    xmlNodePtr m = html_el(parent, del ? "del" : "ins", NULL);
    html_hidden(m, del ? "(deleted: " : "(inserted: ");
    tokens_text(&o, t, from, to, 0);
    html_text(m, buf_cstr(&o));
    buf_clear(&o);
    html_hidden(m, ")");
  }
  html_text(parent, buf_cstr(&o));
  buf_free(&o);
}
const char diff_html_css[] =
    "ins{background:#d7f5dd;color:#0b3d17;text-decoration:underline;text-decoration-thickness:2px}\n"
    "del{background:#fde2e1;color:#6b0f0a;text-decoration:line-through}\n"
    ".visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;"
    "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}\n";
