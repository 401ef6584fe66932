/* akn_xml_test.c - write/akn/akn_xml.h against libxml2's xmlTextWriter.
 *
 * akn_xml writes the Akoma Ntoso files as xmlTextWriter (libxml2 2.9)
 * wrote them, without its per-string allocations. Random documents
 * (nested elements, attributes, text, empty elements, the root's
 * namespace) are written both ways and the bytes must be equal; the
 * strings mix the characters XML escapes (& < > " and tab, LF, CR in
 * attributes, CR in text) with plain ASCII, apostrophes, "]]>" and
 * UTF-8 (accents, curly quotes), as council text has them.
 *
 * Prints "ok - name" / "not ok - name" lines (tests/run's format); run by
 * tests/t_akn_xml.sh. Exit status 1 if any check failed.
 */
#include "write/akn/akn_xml.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

static const char *const pieces[] = {
    "a", "Council", " ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "]]>",
    "\xC3\xA9", "\xE2\x80\x9C", "\xE2\x80\x99", "1.2", "&amp;", "--",
};
static const char *const names[] = {"section", "p", "num", "heading", "ref", "b"};
static const char *const attrs[] = {"eId", "href", "class", "refersTo"};

static unsigned long seed = 20261203;
static unsigned next(unsigned n) {
  seed = seed * 6364136223846793005UL + 1442695040888963407UL;
  return (unsigned)(seed >> 33) % n;
}

static void random_text(buf *b) {
  buf_clear(b);
  for (unsigned i = 0, n = next(8); i < n; i++) buf_puts(b, pieces[next(sizeof pieces / sizeof *pieces)]);
}

/* One random element (and what it holds) written both ways. */
static void element(xmlTextWriterPtr w, akn_xml *x, buf *t, int depth) {
  const char *name = names[next(sizeof names / sizeof *names)];
  xmlTextWriterStartElement(w, BAD_CAST name);
  akn_xml_start(x, name);
  for (unsigned i = 0, n = next(3); i < n; i++) {
    random_text(t);
    xmlTextWriterWriteAttribute(w, BAD_CAST attrs[i], BAD_CAST buf_cstr(t));
    akn_xml_attr(x, attrs[i], buf_cstr(t));
  }
  for (unsigned i = 0, n = depth < 4 ? next(4) : 0; i < n; i++) {
    if (next(2)) {
      random_text(t);
      if (t->len) { /* the export never writes an empty string */
        xmlTextWriterWriteString(w, BAD_CAST buf_cstr(t));
        akn_xml_text(x, buf_cstr(t));
      }
    } else {
      element(w, x, t, depth + 1);
    }
  }
  xmlTextWriterEndElement(w);
  akn_xml_end(x);
}

int main(void) {
  int failed = 0, shown = 0;
  buf t = BUF_INIT;
  const int ndocs = 3000;
  for (int d = 0; d < ndocs; d++) {
    xmlBufferPtr out = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(out, 0);
    akn_xml x;
    memset(&x, 0, sizeof x);
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "akomaNtoso", BAD_CAST NS);
    akn_xml_begin(&x, "akomaNtoso", NS);
    if (next(2)) {
      random_text(&t);
      xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST buf_cstr(&t));
      akn_xml_attr(&x, "name", buf_cstr(&t));
    }
    for (unsigned i = 0, n = next(4); i < n; i++) element(w, &x, &t, 0);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w); /* flushes into OUT */
    char *got = akn_xml_finish(&x);
    const char *want = (const char *)xmlBufferContent(out);
    if (!got || strcmp(got, want) != 0) {
      failed++;
      if (!shown++)
        printf("not ok - document %d written as xmlTextWriter writes it\n  want %s\n  got  %s\n", d,
               want, got ? got : "(failed)");
    }
    free(got);
    xmlBufferFree(out);
  }
  buf_free(&t);
  if (!failed)
    printf("ok - %d random documents: akn_xml writes the bytes xmlTextWriter writes\n", ndocs);
  else
    printf("not ok - %d of %d random documents differ from xmlTextWriter's\n", failed, ndocs);
  xmlCleanupParser();
  return failed ? 1 : 0;
}
