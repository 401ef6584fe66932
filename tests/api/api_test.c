/* api_test.c - C tests of the library API (compiler/concord.h), in the
 * manner of cmark's api_test: sources and taxonomy from buffers, read,
 * link, write to memory, and the error paths, through the public header
 * only.
 *
 * Each check prints "ok - NAME" or "not ok - NAME" followed by indented
 * detail lines (the protocol of tests/run); the exit status is 1 if any
 * check failed. tests/t_api.sh runs it, once per build (normal and
 * ASan+UBSan).
 *
 *   api_test                      run the checks
 *   api_test --write WHAT TAX SRC...
 *                                 read the files through the API, link and
 *                                 print WHAT: json or akn (the corpus),
 *                                 akn:SLUG, html:SLUG or dump:SLUG (a
 *                                 document), or lines:SLUG (the PDF's
 *                                 line-quality report, read by
 *                                 t_pdf_lines.py); t_api.sh compares them with
 *                                 what `concord build` writes. Like the
 *                                 command line, it takes the build date
 *                                 from SOURCE_DATE_EPOCH.
 */
#define _POSIX_C_SOURCE 200809L
#include "concord.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the checks ---------------------------------------------------------- */

static int failed;

static void detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void detail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("  ", stdout);
  vprintf(fmt, ap);
  fputc('\n', stdout);
  va_end(ap);
}

/* ok - NAME if COND, else not ok - NAME and "  failed: WHAT". */
static int check(int cond, const char *name, const char *what) {
  printf("%s - %s\n", cond ? "ok" : "not ok", name);
  if (!cond) {
    detail("failed: %s", what);
    failed++;
  }
  return cond;
}
#define CHECK(cond, name) check((cond) != 0, (name), #cond)

static int check_int(long long got, long long want, const char *name) {
  int ok = got == want;
  printf("%s - %s\n", ok ? "ok" : "not ok", name);
  if (!ok) {
    detail("got:  %lld", got);
    detail("want: %lld", want);
    failed++;
  }
  return ok;
}

static int check_str(const char *got, const char *want, const char *name) {
  int ok = got && want ? strcmp(got, want) == 0 : got == want;
  printf("%s - %s\n", ok ? "ok" : "not ok", name);
  if (!ok) {
    detail("got:  %s", got ? got : "(NULL)");
    detail("want: %s", want ? want : "(NULL)");
    failed++;
  }
  return ok;
}

static int check_contains(const char *hay, const char *needle, const char *name) {
  int ok = hay && strstr(hay, needle);
  printf("%s - %s\n", ok ? "ok" : "not ok", name);
  if (!ok) {
    detail("looked for: %s", needle);
    detail("in: %.300s", hay ? hay : "(NULL)");
    failed++;
  }
  return ok;
}

/* Every diagnostic of C, as detail lines (after a failed check). */
static void show_diagnostics(concord_corpus *c) {
  for (size_t i = 0; i < concord_diagnostic_count(c); i++)
    detail("diagnostic: %s", concord_diagnostic_format(c, i));
}

/* The library prints nothing: the API calls between capture_begin and
 * capture_end run with stdout and stderr going to a scratch file, and
 * capture_end returns what was written there (malloc'd, "" if nothing). */
static int saved_out = -1, saved_err = -1;
static FILE *capture;

static void capture_begin(void) {
  fflush(stdout);
  fflush(stderr);
  capture = tmpfile();
  if (!capture) {
    perror("api_test: tmpfile");
    exit(2);
  }
  saved_out = dup(1);
  saved_err = dup(2);
  dup2(fileno(capture), 1);
  dup2(fileno(capture), 2);
}

static char *capture_end(void) {
  fflush(stdout);
  fflush(stderr);
  dup2(saved_out, 1);
  dup2(saved_err, 2);
  close(saved_out);
  close(saved_err);
  long n = ftell(capture);
  rewind(capture);
  char *s = calloc(1, n > 0 ? (size_t)n + 1 : 1);
  if (n > 0 && fread(s, 1, (size_t)n, capture) != (size_t)n) s[0] = '\0';
  fclose(capture);
  return s;
}

static void check_silent(char *printed, const char *name) {
  int ok = printed && !*printed;
  printf("%s - %s\n", ok ? "ok" : "not ok", name);
  if (!ok) {
    detail("the library printed: %.300s", printed ? printed : "(NULL)");
    failed++;
  }
  free(printed);
}

/* ---- fixtures ------------------------------------------------------------ */

static const char taxonomy[] =
    "themes:\n"
    "  - key: conduct\n"
    "    label: \"Standards of conduct\"\n"
    "topics:\n"
    "  - key: mutual-respect\n"
    "    label: \"Mutual respect\"\n"
    "    definition: \"Members and officers treat each other with respect.\"\n"
    "    theme: conduct\n"
    "  - key: officers-neutral\n"
    "    label: \"Officers are politically neutral\"\n"
    "    definition: \"Officers serve the council as a whole, not a party.\"\n"
    "    theme: conduct\n";

static const char alpha[] =
    "---\n"
    "council: Alpha Borough Council\n"
    "slug: alpha\n"
    "title: Member/Officer Protocol\n"
    "---\n"
    "\n"
    "## 1. Principles\n"
    "\n"
    "1.1 Members and officers treat each other with respect. {topic=mutual-respect}\n"
    "\n"
    "1.2 Officers are politically neutral. {topic=officers-neutral}\n"
    "\n"
    "1.3 This protocol is reviewed every year.\n"; /* line 13: no topic */

static const char beta[] =
    "---\n"
    "council: Beta Town Council\n"
    "slug: beta\n"
    "title: Protocol on Member/Officer Relations\n"
    "---\n"
    "\n"
    "## 1. Relations\n"
    "\n"
    "1.1 Officers serve the whole council and no party. {topic=officers-neutral}\n"
    "\n"
    "1.2 Courtesy and respect are expected on both sides. {topic=mutual-respect}\n";

/* Latin-1 e-acute (0xE9) at line 9, column 8. */
static const char latin1[] =
    "---\n"
    "council: Gamma Parish Council\n"
    "slug: gamma\n"
    "title: Protocol\n"
    "---\n"
    "\n"
    "## 1. Meetings\n"
    "\n"
    "1.1 Caf\xE9" " au lait is served at meetings.\n";

/* An unknown topic key at line 9, column 33 (the key, not the brace). */
static const char unknown_topic[] =
    "---\n"
    "council: Delta District Council\n"
    "slug: delta\n"
    "title: Protocol\n"
    "---\n"
    "\n"
    "## 1. A\n"
    "\n"
    "1.1 Text. {topic=mutual-respect,no-such-topic}\n";

/* No title: an error at line 2, column 1 (the front matter). */
static const char no_title[] =
    "---\n"
    "council: Epsilon Council\n"
    "slug: epsilon\n"
    "---\n"
    "\n"
    "## 1. A\n"
    "\n"
    "1.1 Text.\n";

/* A topic naming a theme that does not exist: line 8, column 12. */
static const char bad_taxonomy[] =
    "themes:\n"
    "  - key: conduct\n"
    "    label: Conduct\n"
    "topics:\n"
    "  - key: mutual-respect\n"
    "    label: Mutual respect\n"
    "    definition: Respect.\n"
    "    theme: manners\n";

#define LEN(s) (sizeof(s) - 1)

/* A corpus of alpha and beta, read and linked (REQUIRE_TOPICS). */
static concord_corpus *two_councils(void) {
  concord_corpus *c = concord_corpus_new();
  concord_load_taxonomy(c, "topics.yaml", taxonomy, LEN(taxonomy));
  concord_read(c, "alpha.md", alpha, LEN(alpha));
  concord_read(c, "beta.md", beta, LEN(beta));
  concord_link(c, CONCORD_LINK_REQUIRE_TOPICS);
  return c;
}

/* The one diagnostic of severity SEV of C, or an empty one (file NULL). */
static concord_diagnostic only(const concord_corpus *c, concord_severity sev, size_t *count) {
  concord_diagnostic found = {CONCORD_NOTE, NULL, 0, 0, NULL};
  *count = 0;
  for (size_t i = 0; i < concord_diagnostic_count(c); i++) {
    concord_diagnostic g = concord_diagnostic_get(c, i);
    if (g.severity != sev) continue;
    if (!*count) found = g;
    (*count)++;
  }
  return found;
}

/* ---- the API, step by step ----------------------------------------------- */

static void version(void) {
  const char *v = concord_version();
  CHECK(v && v[0] >= '0' && v[0] <= '9' && strchr(v, '.'), "concord_version is a version number");
}

static void empty_corpus(void) {
  concord_corpus *c = concord_corpus_new();
  CHECK(c && concord_document_count(c) == 0 && concord_diagnostic_count(c) == 0 &&
            concord_error_count(c) == 0,
        "a new corpus has no documents and no diagnostics");
  concord_diagnostic g = concord_diagnostic_get(c, 0);
  CHECK(g.file == NULL && g.message == NULL && concord_diagnostic_format(c, 0) == NULL &&
            concord_document_slug(c, 0) == NULL,
        "out-of-range queries give NULL");
  concord_corpus_free(c);
  concord_corpus_free(NULL);
  check(1, "concord_corpus_free(NULL) does nothing", "");
}

static void read_and_link(void) {
  capture_begin();
  concord_corpus *c = concord_corpus_new();
  int tax = concord_load_taxonomy(c, "topics.yaml", taxonomy, LEN(taxonomy));
  int ra = concord_read(c, "alpha.md", alpha, LEN(alpha));
  int rb = concord_read(c, "beta.md", beta, LEN(beta));
  size_t ndiag_read = concord_diagnostic_count(c);
  int linked = concord_link(c, CONCORD_LINK_REQUIRE_TOPICS);
  const char *const *eq11, *const *eq12, *const *eq13, *const *eqb1;
  size_t n11, n12, n13, nb1;
  int e11 = concord_equivalents(c, "alpha#para-1.1", &eq11, &n11);
  int e12 = concord_equivalents(c, "alpha#para-1.2", &eq12, &n12);
  int e13 = concord_equivalents(c, "alpha#para-1.3", &eq13, &n13);
  int eb1 = concord_equivalents(c, "beta#para-1.1", &eqb1, &nb1);
  const char *const *none;
  size_t nnone;
  int missing = concord_equivalents(c, "alpha#para-9.9", &none, &nnone);
  int noslug = concord_equivalents(c, "gamma#para-1.1", &none, &nnone);
  int nohash = concord_equivalents(c, "alpha", &none, &nnone);
  size_t ndiag_linked = concord_diagnostic_count(c);
  int relink = concord_link(c, CONCORD_LINK_REQUIRE_TOPICS);
  size_t ndiag_relinked = concord_diagnostic_count(c);
  int late = concord_read(c, "late.md", beta, LEN(beta));
  char *printed = capture_end();

  check_int(tax, 0, "taxonomy loads from a buffer");
  check_int(ra == 0 && rb == 0, 1, "two sources read from buffers");
  if (!check_int((long long)ndiag_read, 0, "reading them records no diagnostic")) show_diagnostics(c);
  check_int((long long)concord_document_count(c), 2, "the corpus has two documents");
  check_str(concord_document_slug(c, 0), "alpha", "documents keep reading order (first: alpha)");
  check_str(concord_document_slug(c, 1), "beta", "documents keep reading order (second: beta)");
  if (!check_int(linked, 0, "concord_link succeeds")) show_diagnostics(c);

  size_t nwarn;
  concord_diagnostic w = only(c, CONCORD_WARNING, &nwarn);
  check_int((long long)nwarn, 1, "REQUIRE_TOPICS: one warning, for the clause without a topic");
  check_str(w.file, "alpha.md", "the warning names the file as given to concord_read");
  check_int(w.line * 1000 + w.col, 13 * 1000 + 1, "the warning is at line 13, column 1");
  check_contains(w.message, "has no topic", "the warning says what is wrong");

  check_int(e11 == 0 && n11 == 1, 1, "alpha 1.1 has one equivalent");
  check_str(n11 ? eq11[0] : NULL, "beta#para-1.2", "alpha 1.1's equivalent is beta 1.2 (shared topic)");
  check_int(e12 == 0 && n12 == 1, 1, "alpha 1.2 has one equivalent");
  check_str(n12 ? eq12[0] : NULL, "beta#para-1.1", "alpha 1.2's equivalent is beta 1.1");
  check_str(nb1 && eb1 == 0 ? eqb1[0] : NULL, "alpha#para-1.2", "equivalence is symmetric (beta 1.1)");
  CHECK(e13 == 0 && n13 == 0 && eq13 == NULL, "a clause without a topic has no equivalents");
  CHECK(missing == -1 && noslug == -1 && nohash == -1 && none == NULL && nnone == 0,
        "an unknown clause gives -1, NULL and 0");
  CHECK(relink == 0 && ndiag_relinked == ndiag_linked,
        "a second concord_link returns the first's result and records nothing");
  check_int(late, -1, "reading after concord_link is refused");
  size_t nerr;
  concord_diagnostic e = only(c, CONCORD_ERROR, &nerr);
  CHECK(nerr == 1 && e.file == NULL && e.message && strstr(e.message, "late.md"),
        "the refusal is one error about the call, naming the source");
  check_int((long long)concord_document_count(c), 2, "the refused source is not in the corpus");
  check_str(concord_diagnostic_format(c, 0),
            "alpha.md:13:1: warning: clause 1.3 has no topic: add {topic=...} (keys in "
            "topics.yaml) so it can be compared",
            "a diagnostic formats as the command line prints it");
  check_silent(printed, "reading and linking print nothing");
  concord_corpus_free(c);
}

/* The value at PATH ("documents.0.slug": members and array indexes) of
 * parsed JSON, or NULL. */
static json_t *json_at(json_t *root, const char *path) {
  json_t *v = root;
  char *p = strdup(path), *save = NULL;
  for (char *tok = strtok_r(p, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save)) {
    if (*tok >= '0' && *tok <= '9') v = json_array_get(v, (size_t)atoi(tok));
    else v = json_object_get(v, tok);
  }
  free(p);
  return v;
}
static const char *json_str(json_t *root, const char *path) {
  return json_string_value(json_at(root, path));
}

static void write_json(void) {
  capture_begin();
  concord_corpus *c = two_councils();
  size_t len = 0, len2 = 0;
  const char *json = concord_write_corpus(c, CONCORD_FORMAT_JSON, &len);
  const char *again = concord_write_corpus(c, CONCORD_FORMAT_JSON, &len2);
  char *printed = capture_end();

  if (!CHECK(json != NULL, "corpus JSON is written to memory")) {
    show_diagnostics(c);
    concord_corpus_free(c);
    free(printed);
    return;
  }
  check_int((long long)len, (long long)strlen(json), "the length given is the string's");
  CHECK(len > 2 && json[0] == '{' && strcmp(json + len - 2, "}\n") == 0,
        "it is one JSON object ending in a newline, as corpus.json");
  json_error_t err;
  json_t *root = json_loadb(json, len, 0, &err);
  if (!CHECK(root != NULL, "the corpus JSON parses")) detail("%s at %d:%d", err.text, err.line, err.column);
  check_int((long long)json_array_size(json_object_get(root, "documents")), 2,
            "it has the two documents");
  check_str(json_str(root, "documents.1.slug"), "beta", "the second is beta");
  check_str(json_str(root, "documents.0.source"), "alpha.md", "a document's source is its name");
  check_str(json_str(root, "documents.0.clauses.0.text"),
            "Members and officers treat each other with respect.", "clause text is in it");
  check_str(json_str(root, "documents.0.clauses.0.equivalents.0"), "beta#para-1.2",
            "clause equivalents are in it, as linked");
  json_t *total = json_at(root, "documents.0.clauses.2.equivalents_total");
  CHECK(json_is_integer(total) && json_integer_value(total) == 0,
        "a clause without a topic has equivalents_total 0");
  check_str(json_str(root, "topics.0.clauses.1"), "beta#para-1.2", "topics list their clauses");
  check_str(json_str(root, "themes.0.label"), "Standards of conduct", "themes come from the taxonomy");
  json_decref(root);
  CHECK(again && again != json && len2 == len && memcmp(again, json, len) == 0,
        "writing again gives the same bytes in a new string");
  CHECK(json[0] == '{' && strlen(json) == len, "the first string is still valid after the second write");
  check_silent(printed, "writing JSON prints nothing");
  concord_corpus_free(c);
}

/* Parses XML; returns the root element's name and namespace (or NULLs). */
static int xml_root(const char *s, size_t len, char *name, size_t namesz, char *ns, size_t nssz) {
  xmlDocPtr d = xmlReadMemory(s, (int)len, "api.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                             XML_PARSE_NOWARNING);
  if (!d) return -1;
  xmlNodePtr r = xmlDocGetRootElement(d);
  snprintf(name, namesz, "%s", r ? (const char *)r->name : "");
  snprintf(ns, nssz, "%s", r && r->ns ? (const char *)r->ns->href : "");
  xmlFreeDoc(d);
  return 0;
}

static void write_documents(void) {
  capture_begin();
  concord_corpus *c = two_councils();
  size_t alen = 0, elen = 0, hlen = 0, dlen = 0;
  const char *akn = concord_write_document(c, "alpha", CONCORD_FORMAT_AKN, &alen);
  const char *eqs = concord_write_corpus(c, CONCORD_FORMAT_AKN, &elen);
  const char *html = concord_write_document(c, "alpha", CONCORD_FORMAT_HTML, &hlen);
  const char *dump = concord_write_document(c, "alpha", CONCORD_FORMAT_DUMP, &dlen);
  size_t before = concord_error_count(c);
  size_t zlen = 99;
  const char *noslug = concord_write_document(c, "zeta", CONCORD_FORMAT_AKN, &zlen);
  const char *nullslug = concord_write_document(c, NULL, CONCORD_FORMAT_AKN, NULL);
  const char *html_corpus = concord_write_corpus(c, CONCORD_FORMAT_HTML, NULL);
  const char *json_doc = concord_write_document(c, "alpha", CONCORD_FORMAT_JSON, NULL);
  size_t misuse = concord_error_count(c) - before;
  const char *still = concord_write_corpus(c, CONCORD_FORMAT_JSON, NULL);
  char *printed = capture_end();

  char name[64], ns[128];
  if (!CHECK(akn && xml_root(akn, alen, name, sizeof name, ns, sizeof ns) == 0,
             "Akoma Ntoso of a document is well-formed XML"))
    show_diagnostics(c);
  else {
    check_str(name, "akomaNtoso", "its root is akomaNtoso");
    check_str(ns, "http://docs.oasis-open.org/legaldocml/ns/akn/3.0", "in the AKN 3.0 namespace");
  }
  check_contains(akn, "Officers are politically neutral.", "it holds the clauses' text");
  check_contains(akn, "<paragraph eId=\"para_1.1\" refersTo=\"#topic_mutual-respect\">",
                 "its clauses refer to their topics");
  CHECK(eqs && xml_root(eqs, elen, name, sizeof name, ns, sizeof ns) == 0,
        "the corpus in Akoma Ntoso (equivalents.xml) is well-formed XML");
  check_contains(eqs, "/beta#para_1.2\">Beta Town Council 1.2</ref>",
                 "it lists the equivalent clauses under their topic");
  CHECK(html && hlen == strlen(html) && strstr(html, "<article class=\"protocol\"") &&
            strstr(html, "</article>"),
        "HTML of a document is its <article> element");
  check_contains(html, "id=\"para-1.1\"", "the clauses carry their ids");
  check_contains(html, "href=\"beta.html#para-1.2\"", "the equivalents link to beta's page");
  size_t lines = 0;
  for (const char *p = dump; p && *p; p++) lines += *p == '\n';
  check_int((long long)lines, 5, "the model dump has one line per node (document, section, 3 clauses)");
  check_contains(dump, "{\"document\":\"alpha\"", "its first line is the document");
  CHECK(noslug == NULL && zlen == 0 && nullslug == NULL, "an unknown slug writes nothing");
  CHECK(html_corpus == NULL && json_doc == NULL, "a format the target has not is refused");
  check_int((long long)misuse, 4, "each refusal is an error diagnostic");
  check_contains(concord_diagnostic_format(c, concord_diagnostic_count(c) - 1), "not per document",
                 "the refusal says why");
  CHECK(still != NULL, "refused calls do not stop later writes");
  check_silent(printed, "writing documents prints nothing");
  concord_corpus_free(c);
}

static void build_epoch(void) {
  concord_corpus *c = two_councils();
  const char *undated = concord_write_document(c, "alpha", CONCORD_FORMAT_AKN, NULL);
  concord_set_build_epoch(c, 1700000000); /* 2023-11-14 22:13:20 UTC */
  const char *dated = concord_write_document(c, "alpha", CONCORD_FORMAT_AKN, NULL);
  CHECK(undated && !strstr(undated, "2023-11-14"), "without a build epoch, Akoma Ntoso has no build date");
  check_contains(dated, "2023-11-14", "with one, its generation date is the epoch's");
  concord_corpus_free(c);
}

/* The library copies what it is given: the caller's buffers and names
 * may die as soon as a call returns (ASan would see a use after free). */
static char *copy_of(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) abort();
  memcpy(p, s, n + 1);
  return p;
}

static void caller_buffers(void) {
  concord_corpus *ref = two_councils();
  const char *want = concord_write_corpus(ref, CONCORD_FORMAT_JSON, NULL);
  concord_corpus *c = concord_corpus_new();
  const char *names[] = {"topics.yaml", "alpha.md", "beta.md"};
  const char *texts[] = {taxonomy, alpha, beta};
  size_t lens[] = {LEN(taxonomy), LEN(alpha), LEN(beta)};
  for (int i = 0; i < 3; i++) {
    char *name = copy_of(names[i], strlen(names[i]));
    char *data = copy_of(texts[i], lens[i]);
    if (i == 0) concord_load_taxonomy(c, name, data, lens[i]);
    else concord_read(c, name, data, lens[i]);
    memset(data, 'x', lens[i]);
    memset(name, 'x', strlen(name));
    free(data);
    free(name);
  }
  concord_link(c, CONCORD_LINK_REQUIRE_TOPICS);
  const char *got = concord_write_corpus(c, CONCORD_FORMAT_JSON, NULL);
  CHECK(want && got && !strcmp(want, got),
        "sources and names from buffers freed after each call give the same JSON");
  concord_diagnostic w = concord_diagnostic_get(c, 0);
  check_str(w.file, "alpha.md", "a diagnostic keeps its own copy of the name");
  concord_corpus_free(c);
  concord_corpus_free(ref);
}

/* ---- error paths --------------------------------------------------------- */

static void invalid_utf8(void) {
  capture_begin();
  concord_corpus *c = concord_corpus_new();
  concord_load_taxonomy(c, "topics.yaml", taxonomy, LEN(taxonomy));
  concord_read(c, "alpha.md", alpha, LEN(alpha));
  int rc = concord_read(c, "gamma.md", latin1, LEN(latin1));
  size_t nerr;
  concord_diagnostic e = only(c, CONCORD_ERROR, &nerr);
  int linked = concord_link(c, 0);
  const char *json = concord_write_corpus(c, CONCORD_FORMAT_JSON, NULL);
  const char *akn = concord_write_document(c, "alpha", CONCORD_FORMAT_AKN, NULL);
  char *printed = capture_end();

  check_int(rc, -1, "invalid UTF-8: concord_read fails");
  check_int((long long)nerr, 1, "invalid UTF-8: one error");
  check_str(e.file, "gamma.md", "invalid UTF-8: the error names the source");
  check_int(e.line, 9, "invalid UTF-8: at the line of the bad byte");
  check_int(e.col, 8, "invalid UTF-8: at the column of the bad byte");
  check_contains(e.message, "invalid UTF-8 (byte 0xE9)", "invalid UTF-8: the message says which byte");
  check_str(concord_diagnostic_format(c, 0),
            "gamma.md:9:8: error: invalid UTF-8 (byte 0xE9); save the file as UTF-8 (from "
            "Latin-1: iconv -f latin1 -t utf-8)",
            "invalid UTF-8: formatted file:line:col: error: message");
  check_int((long long)concord_document_count(c), 1, "invalid UTF-8: the source is not read at all");
  CHECK(linked == -1 && json == NULL && akn == NULL,
        "after an error, concord_link and the writers refuse");
  check_contains(concord_diagnostic_format(c, concord_diagnostic_count(c) - 1), "has errors",
                 "the refusal says why");
  check_silent(printed, "invalid UTF-8 is a diagnostic, not a print");
  concord_corpus_free(c);
}

static void unknown_topic_key(void) {
  capture_begin();
  concord_corpus *c = concord_corpus_new();
  concord_load_taxonomy(c, "topics.yaml", taxonomy, LEN(taxonomy));
  int rc = concord_read(c, "delta.md", unknown_topic, LEN(unknown_topic));
  int linked = concord_link(c, 0);
  size_t nerr;
  concord_diagnostic e = only(c, CONCORD_ERROR, &nerr);
  const char *json = concord_write_corpus(c, CONCORD_FORMAT_JSON, NULL);
  char *printed = capture_end();

  check_int(rc, 0, "unknown topic: the source itself reads");
  check_int(linked, -1, "unknown topic: concord_link fails");
  if (!check_int((long long)nerr, 1, "unknown topic: one error"))
    show_diagnostics(c);
  check_str(e.file, "delta.md", "unknown topic: the error names the source");
  check_int(e.line * 1000 + e.col, 9 * 1000 + 33, "unknown topic: at the key (9:33)");
  check_contains(e.message, "unknown topic 'no-such-topic'", "unknown topic: the message names the key");
  check_contains(e.message, "topics.yaml", "unknown topic: and the taxonomy");
  CHECK(json == NULL, "unknown topic: nothing is written");
  check_silent(printed, "an unknown topic is a diagnostic, not a print");
  concord_corpus_free(c);
}

static void empty_input(void) {
  capture_begin();
  concord_corpus *c = concord_corpus_new();
  int rc = concord_read(c, "empty.md", "", 0);
  int rnull = concord_read(c, "null.md", NULL, 0);
  int rnull_len = concord_read(c, NULL, NULL, 5);
  char *printed = capture_end();

  CHECK(rc == -1 && rnull == -1 && rnull_len == -1, "empty input: concord_read fails");
  concord_diagnostic e = concord_diagnostic_get(c, 0);
  CHECK(e.severity == CONCORD_ERROR && e.file && !strcmp(e.file, "empty.md") && e.line == 1 &&
            e.col == 1,
        "empty input: an error at empty.md:1:1");
  check_contains(e.message, "empty file", "empty input: the message says the file is empty");
  check_str(concord_diagnostic_get(c, 2).file, "source.md", "a source without a name is 'source.md'");
  check_int((long long)concord_error_count(c), 3, "empty and NULL input: one error each, no crash");
  check_int((long long)concord_document_count(c), 0, "empty input: no document");
  check_silent(printed, "empty input prints nothing");
  concord_corpus_free(c);
}

static void missing_taxonomy(void) {
  capture_begin();
  concord_corpus *c = concord_corpus_new();
  concord_read(c, "alpha.md", alpha, LEN(alpha));
  concord_read(c, "delta.md", unknown_topic, LEN(unknown_topic));
  int linked = concord_link(c, CONCORD_LINK_REQUIRE_TOPICS);
  const char *const *eq;
  size_t n;
  int e = concord_equivalents(c, "alpha#para-1.1", &eq, &n);
  int late = concord_load_taxonomy(c, "topics.yaml", taxonomy, LEN(taxonomy));
  const char *json = concord_write_corpus(c, CONCORD_FORMAT_JSON, NULL);
  char *printed = capture_end();

  if (!check_int(linked, 0, "no taxonomy: concord_link succeeds")) show_diagnostics(c);
  size_t nwarn;
  concord_diagnostic w = only(c, CONCORD_WARNING, &nwarn);
  CHECK(nwarn == 1 && w.file == NULL && w.message && strstr(w.message, "no taxonomy"),
        "no taxonomy: one warning says so (and no clause warns of a missing topic)");
  CHECK(e == 0 && n == 0 && eq == NULL, "no taxonomy: no clause has equivalents");
  check_int(late, -1, "a taxonomy after concord_link is refused");
  check_contains(json, "\"topics\": []", "no taxonomy: the JSON has no topics");

  concord_corpus *empty = concord_corpus_new();
  int rempty = concord_load_taxonomy(empty, "topics.yaml", NULL, 0);
  concord_diagnostic g = concord_diagnostic_get(empty, 0);
  CHECK(rempty == -1 && g.severity == CONCORD_ERROR && g.file && !strcmp(g.file, "topics.yaml"),
        "an empty taxonomy is an error naming it");
  check_int(concord_link(empty, 0), -1, "a corpus whose taxonomy failed does not link");
  concord_corpus_free(empty);

  concord_corpus *bad = concord_corpus_new();
  int rbad = concord_load_taxonomy(bad, "bad.yaml", bad_taxonomy, LEN(bad_taxonomy));
  int rtwice = concord_load_taxonomy(bad, "topics.yaml", taxonomy, LEN(taxonomy));
  concord_diagnostic b = concord_diagnostic_get(bad, 0);
  check_int(rbad, -1, "a taxonomy naming an unknown theme fails");
  check_str(concord_diagnostic_format(bad, 0),
            "bad.yaml:8:12: error: topic 'mutual-respect' names theme 'manners', which is not "
            "in themes:",
            "the error is at the theme's line:col");
  CHECK(b.severity == CONCORD_ERROR && rtwice == -1 && concord_error_count(bad) == 2,
        "a second taxonomy is refused");
  concord_corpus_free(bad);
  check_silent(printed, "taxonomy problems print nothing");
  concord_corpus_free(c);
}

static void corpus_errors(void) {
  capture_begin();
  concord_corpus *c = concord_corpus_new();
  int rc = concord_read(c, "epsilon.md", no_title, LEN(no_title));
  concord_corpus *dup = concord_corpus_new();
  concord_read(dup, "alpha.md", alpha, LEN(alpha));
  concord_read(dup, "copy.md", alpha, LEN(alpha));
  int linked = concord_link(dup, 0);
  char *printed = capture_end();

  check_int(rc, -1, "front matter without a title fails");
  check_str(concord_diagnostic_format(c, 0),
            "epsilon.md:2:1: error: front matter has no 'title'; add a line 'title: ...'",
            "the error is at the front matter");
  check_int(linked, -1, "two sources with one slug do not link");
  size_t nerr;
  concord_diagnostic e = only(dup, CONCORD_ERROR, &nerr);
  CHECK(nerr == 1 && e.file && !strcmp(e.file, "copy.md") && strstr(e.message, "alpha.md"),
        "the error names the second source and the first");
  check_silent(printed, "corpus errors print nothing");
  concord_corpus_free(c);
  concord_corpus_free(dup);
}

/* ---- threads ------------------------------------------------------------- */

typedef struct {
  char *json;
} thread_result;

static void *build_in_thread(void *arg) {
  thread_result *r = arg;
  for (int i = 0; i < 20; i++) {
    concord_corpus *c = two_councils();
    const char *json = concord_write_corpus(c, CONCORD_FORMAT_JSON, NULL);
    const char *akn = concord_write_document(c, "beta", CONCORD_FORMAT_AKN, NULL);
    if (i == 0) r->json = json && akn ? strdup(json) : NULL;
    concord_corpus_free(c);
  }
  return NULL;
}

static void threads(void) {
  pthread_t t[4];
  thread_result r[4] = {{NULL}, {NULL}, {NULL}, {NULL}};
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, build_in_thread, &r[i]);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  int same = r[0].json != NULL;
  for (int i = 1; i < 4; i++) same = same && r[i].json && !strcmp(r[0].json, r[i].json);
  CHECK(same, "corpora in four threads at once give the same JSON");
  for (int i = 0; i < 4; i++) free(r[i].json);
}

/* ---- api_test --corpus-json ---------------------------------------------- */

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *s = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n == cap) {
      cap = cap ? cap * 2 : 65536;
      s = realloc(s, cap);
      if (!s) abort();
    }
    size_t k = fread(s + n, 1, cap - n, f);
    n += k;
    if (k == 0) break;
  }
  fclose(f);
  *len = n;
  return s;
}

/* WHAT: "json" or "akn" (the corpus), "akn:SLUG", "html:SLUG" or
 * "dump:SLUG" (a document). */
static int write_files(const char *what, int argc, char **argv) {
  concord_corpus *c = concord_corpus_new();
  /* as `concord build` does: the library itself never reads the
   * environment */
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (epoch && *epoch) concord_set_build_epoch(c, strtoll(epoch, NULL, 10));
  for (int i = 0; i < argc; i++) {
    size_t len;
    char *data = slurp(argv[i], &len);
    if (!data) {
      perror(argv[i]);
      concord_corpus_free(c);
      return 2;
    }
    if (i == 0) concord_load_taxonomy(c, argv[i], data, len);
    else concord_read(c, argv[i], data, len);
    free(data);
  }
  concord_link(c, CONCORD_LINK_REQUIRE_TOPICS);
  const char *colon = strchr(what, ':');
  size_t n = colon ? (size_t)(colon - what) : strlen(what);
  concord_format f = !strncmp(what, "json", n)   ? CONCORD_FORMAT_JSON
                     : !strncmp(what, "akn", n)  ? CONCORD_FORMAT_AKN
                     : !strncmp(what, "html", n) ? CONCORD_FORMAT_HTML
                     : !strncmp(what, "lines", n) ? CONCORD_FORMAT_LINE_REPORT
                                                 : CONCORD_FORMAT_DUMP;
  size_t len;
  const char *out = colon ? concord_write_document(c, colon + 1, f, &len)
                          : concord_write_corpus(c, f, &len);
  for (size_t i = 0; i < concord_diagnostic_count(c); i++)
    fprintf(stderr, "%s\n", concord_diagnostic_format(c, i));
  if (out) fwrite(out, 1, len, stdout);
  int rc = out ? 0 : 1;
  concord_corpus_free(c);
  return rc;
}

int main(int argc, char **argv) {
  if (argc >= 4 && !strcmp(argv[1], "--write")) return write_files(argv[2], argc - 3, argv + 3);
  if (argc != 1) {
    fprintf(stderr, "usage: api_test [--write json|akn|FORMAT:SLUG TAXONOMY SOURCE...]\n");
    return 2;
  }
  version();
  empty_corpus();
  read_and_link();
  write_json();
  write_documents();
  build_epoch();
  caller_buffers();
  invalid_utf8();
  unknown_topic_key();
  empty_input();
  missing_taxonomy();
  corpus_errors();
  threads();
  xmlCleanupParser();
  return failed ? 1 : 0;
}
