/* html_tree.c - libxml2 tree helpers for the HTML writer (see html_tree.h). */
#include "write/html/html_tree.h"

#include <string.h>

xmlNodePtr html_el(xmlNodePtr parent, const char *name, const char *class_) {
  /* content NULL: xmlNewDocNode would parse entity references in it */
  xmlNodePtr n = xmlNewDocNode(parent->doc, NULL, (const xmlChar *)name, NULL);
  xmlAddChild(parent, n);
  if (class_) html_attr(n, "class", class_);
  return n;
}

void html_text(xmlNodePtr parent, const char *text) {
  if (!text || !*text) return;
  /* xmlAddChild may merge the node into a neighbouring text node and free it */
  xmlAddChild(parent, xmlNewDocText(parent->doc, (const xmlChar *)text));
}

void html_attr(xmlNodePtr n, const char *name, const char *value) {
  if (value) xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

xmlNodePtr html_el_text(xmlNodePtr parent, const char *name, const char *class_, const char *text) {
  xmlNodePtr n = html_el(parent, name, class_);
  html_text(n, text);
  return n;
}

void html_hidden(xmlNodePtr parent, const char *text) {
  html_el_text(parent, "span", "visually-hidden", text);
}

xmlNodePtr html_find_attr(xmlNodePtr root, const char *attr, const char *value) {
  for (xmlNodePtr n = root; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    int hit = v && strcmp((const char *)v, value) == 0;
    xmlFree(v);
    if (hit) return n;
    xmlNodePtr f = html_find_attr(n->children, attr, value);
    if (f) return f;
  }
  return NULL;
}

void html_strip_attr(xmlNodePtr root, const char *attr) {
  for (xmlNodePtr n = root; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)attr);
    if (a) xmlRemoveProp(a);
    html_strip_attr(n->children, attr);
  }
}

void html_clear(xmlNodePtr n) {
  xmlNodePtr c = n->children;
  while (c) {
    xmlNodePtr next = c->next;
    xmlUnlinkNode(c);
    xmlFreeNode(c);
    c = next;
  }
}

static const char *const month_names[] = {"January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"};

void html_format_date(buf *b, int y, int m, int d) {
  if (m < 1 || m > 12) m = 1;
  buf_printf(b, "%d %s %d", d, month_names[m - 1], y);
}

void html_time(xmlNodePtr parent, const char *ymd) {
  if (!ymd) return;
  int ok = strlen(ymd) == 10 && ymd[4] == '-' && ymd[7] == '-';
  for (size_t i = 0; ok && i < 10; i++)
    if (i != 4 && i != 7 && (ymd[i] < '0' || ymd[i] > '9')) ok = 0;
  int y = 0, m = 0, d = 0;
  if (ok) {
    y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
    m = (ymd[5] - '0') * 10 + (ymd[6] - '0');
    d = (ymd[8] - '0') * 10 + (ymd[9] - '0');
    ok = m >= 1 && m <= 12 && d >= 1 && d <= 31;
  }
  if (!ok) {
    html_text(parent, ymd);
    return;
  }
  buf b = BUF_INIT;
  html_format_date(&b, y, m, d);
  xmlNodePtr t = html_el_text(parent, "time", NULL, buf_cstr(&b));
  html_attr(t, "datetime", ymd);
  buf_free(&b);
}

char *html_url(const char *url) {
  static const char hex[] = "0123456789ABCDEF";
  buf b = BUF_INIT;
  for (const unsigned char *s = (const unsigned char *)url; *s; s++) {
    if (*s <= 0x20 || *s == 0x7F || strchr("\"<>\\^`{|}", *s)) {
      buf_putc(&b, '%');
      buf_putc(&b, hex[*s >> 4]);
      buf_putc(&b, hex[*s & 15]);
    } else {
      buf_putc(&b, (char)*s);
    }
  }
  return buf_detach(&b);
}

xmlDocPtr html_standalone_doc(const char *lang, xmlNodePtr *html, xmlNodePtr *head) {
  xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
  *html = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
  xmlDocSetRootElement(doc, *html);
  html_attr(*html, "lang", lang ? lang : "en-GB");
  *head = html_el(*html, "head", NULL);
  html_attr(html_el(*head, "meta", NULL), "charset", "utf-8");
  xmlNodePtr vp = html_el(*head, "meta", NULL);
  html_attr(vp, "name", "viewport");
  html_attr(vp, "content", "width=device-width, initial-scale=1");
  return doc;
}
