/* html_out.c - HTML as bytes, as html_serial writes a tree (see html_out.h). */
#include "write/html/html_out.h"

#include <stdlib.h>

static void close_tag(html_out *o) {
  if (!o->open) return;
  buf_put(&o->b, ">", 1);
  o->open = 0;
}

void html_out_start(html_out *o, const char *name, const char *class_) {
  close_tag(o);
  if (html_serial_is_block(name)) {
    if (o->b.len == 0) o->block_first = 1; /* the fragment's newline */
    else if (o->b.data[o->b.len - 1] != '\n') buf_put(&o->b, "\n", 1);
  }
  buf_putc(&o->b, '<');
  buf_puts(&o->b, name);
  o->open = 1;
  if (class_) html_serial_attr(&o->b, "class", class_);
}

void html_out_attr(html_out *o, const char *name, const char *value) {
  if (value && o->open) html_serial_attr(&o->b, name, value);
}

void html_out_text(html_out *o, const char *text) {
  close_tag(o);
  if (text && *text) html_serial_text(&o->b, text, 0);
}

void html_out_end(html_out *o, const char *name) {
  close_tag(o);
  if (html_serial_is_void(name)) return;
  buf_put(&o->b, "</", 2);
  buf_puts(&o->b, name);
  buf_put(&o->b, ">", 1);
}

void html_out_el_text(html_out *o, const char *name, const char *class_, const char *text) {
  html_out_start(o, name, class_);
  html_out_text(o, text);
  html_out_end(o, name);
}

void html_out_hidden(html_out *o, const char *text) {
  html_out_el_text(o, "span", "visually-hidden", text);
}

void html_out_put_fragment(html_out *o, const html_fragment *f) {
  close_tag(o);
  if (f->block) { /* as the serialiser writes a placeholder */
    if (o->b.len == 0) o->block_first = 1;
    else if (o->b.data[o->b.len - 1] != '\n') buf_put(&o->b, "\n", 1);
  }
  buf_put(&o->b, f->data, f->len);
}

void html_out_fragment(html_out *o, html_fragment *f) {
  close_tag(o);
  f->len = o->b.len;
  f->block = o->block_first;
  f->data = buf_detach(&o->b);
  o->block_first = 0;
}

void html_out_append(html_out *o, xmlNodePtr parent, html_fragment *f) {
  html_out_fragment(o, f);
  html_serial_add_fragment(parent, f);
}

void html_out_free(html_out *o) {
  buf_free(&o->b);
  o->open = o->block_first = 0;
}
