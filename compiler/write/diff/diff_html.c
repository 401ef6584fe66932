/* diff_html.c - word diff -> HTML nodes (see diff_html.h). */
#include "write/diff/diff_html.h"
#include "base/buf.h"
#include "write/html/html_tree.h"

void diff_html_append(xmlNodePtr parent, const diff_tokens *a, const diff_tokens *b,
                      const diff_script *s) {
  buf o = BUF_INIT;
  diff_walk w = diff_walk_start(a, b, s);
  for (diff_piece p; diff_walk_next(&w, &p);) {
    if (p.space) buf_putc(&o, ' ');
    if (p.run->kind == DIFF_EQUAL) {
      diff_tokens_text(&o, p.t, p.from, p.to);
      continue;
    }
    html_text(parent, buf_cstr(&o));
    buf_clear(&o);
    int del = p.run->kind == DIFF_DELETE;
    xmlNodePtr m = html_el(parent, del ? "del" : "ins", NULL);
    html_hidden(m, del ? "(deleted: " : "(inserted: ");
    diff_tokens_text(&o, p.t, p.from, p.to);
    html_text(m, buf_cstr(&o));
    buf_clear(&o);
    html_hidden(m, ")");
  }
  html_text(parent, buf_cstr(&o));
  buf_free(&o);
}

void diff_html_write(html_out *o, const diff_tokens *a, const diff_tokens *b,
                     const diff_script *s) {
  buf t = BUF_INIT;
  diff_walk w = diff_walk_start(a, b, s);
  for (diff_piece p; diff_walk_next(&w, &p);) {
    if (p.space) buf_putc(&t, ' ');
    if (p.run->kind == DIFF_EQUAL) {
      diff_tokens_text(&t, p.t, p.from, p.to);
      continue;
    }
    html_out_text(o, buf_cstr(&t));
    buf_clear(&t);
    const char *el = p.run->kind == DIFF_DELETE ? "del" : "ins";
    html_out_start(o, el, NULL);
    html_out_hidden(o, p.run->kind == DIFF_DELETE ? "(deleted: " : "(inserted: ");
    diff_tokens_text(&t, p.t, p.from, p.to);
    html_out_text(o, buf_cstr(&t));
    buf_clear(&t);
    html_out_hidden(o, ")");
    html_out_end(o, el);
  }
  html_out_text(o, buf_cstr(&t));
  buf_free(&t);
}

const char diff_html_css[] =
    "ins{background:#d7f5dd;color:#0b3d17;text-decoration:underline;text-decoration-thickness:2px}\n"
    "del{background:#fde2e1;color:#6b0f0a;text-decoration:line-through}\n"
    ".visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;"
    "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}\n";
