/* html_theme.c - theme lookup, template loading and pages (see html_theme.h). */
#define _POSIX_C_SOURCE 200809L /* gmtime_r, opendir */
#include "write/html/html_theme.h"
#include "base/arena.h"
#include "base/buf.h"
#include "write/html/html_serial.h"
#include "write/html/html_tree.h"
#include "base/safepath.h"

#include <dirent.h>
#include <pthread.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const html_nav_page html_nav_pages[] = {
    {"index.html", "All councils", 0},
    {"matrix.html", "Compare councils", 1},
    {NULL, NULL, 0},
};

#define MAX_THEMES 64

struct html_themes {
  char **roots; size_t nroots;
  html_theme *loaded[MAX_THEMES]; size_t nloaded;
  int with_matrix;
};

static html_frame_cache *frame_cache_new(xmlDocPtr tmpl);
static void frame_cache_free(html_frame_cache *fc);

/* ---- search roots -------------------------------------------------------- */

static void add_root(html_themes *t, const char *dir) {
  for (size_t i = 0; i < t->nroots; i++)
    if (strcmp(t->roots[i], dir) == 0) return;
  t->roots = xrealloc(t->roots, (t->nroots + 1) * sizeof(char *));
  t->roots[t->nroots++] = xstrdup(dir);
}

html_themes *html_themes_new(const cc_corpus *c, int with_matrix) {
  html_themes *t = xcalloc(1, sizeof *t);
  t->with_matrix = with_matrix;
  for (size_t i = 0; i < c->ndocs; i++) {
    const char *path = c->docs[i]->path ? c->docs[i]->path : "";
    const char *slash = strrchr(path, '/');
    buf b = BUF_INIT;
    if (slash) buf_put(&b, path, (size_t)(slash - path) + 1);
    size_t base = b.len;
    buf_puts(&b, "../themes");
    add_root(t, buf_cstr(&b));
    b.len = base;
    buf_puts(&b, "themes");
    add_root(t, buf_cstr(&b));
    buf_free(&b);
  }
  add_root(t, "themes");
  if (c->data_dir) {
    buf b = BUF_INIT;
    buf_printf(&b, "%s/themes", c->data_dir);
    add_root(t, buf_cstr(&b));
    buf_free(&b);
  }
  return t;
}

void html_themes_free(html_themes *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nroots; i++) free(t->roots[i]);
  free(t->roots);
  for (size_t i = 0; i < t->nloaded; i++) {
    html_theme *th = t->loaded[i];
    xmlFreeDoc(th->tmpl);
    frame_cache_free(th->frames);
    free(th->name);
    free(th->dir);
    free(th->template_path);
    free(th);
  }
  free(t);
}

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join(const char *a, const char *b, const char *c) {
  buf x = BUF_INIT;
  buf_puts(&x, a);
  buf_putc(&x, '/');
  buf_puts(&x, b);
  if (c) {
    buf_putc(&x, '/');
    buf_puts(&x, c);
  }
  return buf_detach(&x);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "civic, default": every folder with a template.html in any root. */
static char *available_themes(const html_themes *t) {
  char **names = NULL;
  size_t n = 0;
  for (size_t r = 0; r < t->nroots; r++) {
    DIR *dir = opendir(t->roots[r]);
    if (!dir) continue;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
      if (e->d_name[0] == '.') continue;
      char *tp = join(t->roots[r], e->d_name, "template.html");
      int ok = is_file(tp);
      free(tp);
      if (!ok) continue;
      names = xrealloc(names, (n + 1) * sizeof(char *));
      names[n++] = xstrdup(e->d_name);
    }
    closedir(dir);
  }
  if (n) qsort(names, n, sizeof(char *), cmp_str); /* names is NULL when no theme exists */
  buf b = BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && strcmp(names[i], names[i - 1]) == 0) continue;
    if (b.len) buf_puts(&b, ", ");
    buf_puts(&b, names[i]);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  if (!b.len) buf_puts(&b, "none");
  return buf_detach(&b);
}

/* Drops whitespace-only text between elements, so the serialiser's own
 * line breaks are the only ones (deterministic, diff-friendly output). */
static void strip_blank_text(xmlNodePtr n) {
  while (n) {
    xmlNodePtr next = n->next;
    if (n->type == XML_TEXT_NODE && xmlIsBlankNode(n) && n->parent &&
        strcmp((const char *)n->parent->name, "pre") != 0) {
      xmlUnlinkNode(n);
      xmlFreeNode(n);
    } else if (n->type == XML_ELEMENT_NODE) {
      strip_blank_text(n->children);
    }
    n = next;
  }
}

static xmlDocPtr parse_template(const char *path, diag_list *d) {
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    diag_error(d, path, 0, 0, "out of memory parsing the theme template");
    return NULL;
  }
  /* NOERROR/NOWARNING: libxml2 would print to stderr; we report instead */
  xmlDocPtr doc = xmlCtxtReadFile(ctxt, path, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (!doc || !ctxt->wellFormed) {
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    const char *msg = e && e->message ? e->message : "unreadable\n";
    size_t len = strlen(msg);
    while (len && msg[len - 1] == '\n') len--;
    diag_error(d, path, e ? e->line : 0, e ? e->int2 : 0,
               "theme template is not well-formed HTML (%.*s): close every element and "
               "write void elements as <meta ... />",
               (int)len, msg);
    xmlFreeDoc(doc);
    doc = NULL;
  }
  xmlFreeParserCtxt(ctxt);
  if (doc) strip_blank_text(doc->children);
  return doc;
}

static int check_template(xmlDocPtr doc, const char *path, diag_list *d) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (!root || strcmp((const char *)root->name, "html") != 0) {
    diag_error(d, path, 1, 1, "theme template must have <html> as its root element");
    return -1;
  }
  static const char *const required[] = {"title", "main", NULL};
  for (size_t i = 0; required[i]; i++) {
    if (!html_find_attr(root, "data-slot", required[i])) {
      diag_error(d, path, 1, 1, "theme template has no element with data-slot=\"%s\": add one "
                 "(see docs/html-output.md)", required[i]);
      return -1;
    }
  }
  xmlNodePtr main = html_find_attr(root, "data-slot", "main");
  if (main->children) {
    diag_error(d, path, 1, 1, "the data-slot=\"main\" element must be empty: the page content goes there");
    return -1;
  }
  /* the page's scripts go at the end of <body>, after <main> (pages are
     written as a frame around <main>: html_page_write) */
  if (strcmp((const char *)main->name, "body") == 0 || main == root) {
    diag_error(d, path, 1, 1, "the data-slot=\"main\" element must be inside <body>, not <%s> "
               "itself: put a <main data-slot=\"main\"></main> there", (const char *)main->name);
    return -1;
  }
  return 0;
}

const html_theme *html_themes_get(html_themes *t, const char *name, cc_pos pos, diag_list *d) {
  for (size_t i = 0; i < t->nloaded; i++)
    if (strcmp(t->loaded[i]->name, name) == 0) return t->loaded[i];
  char *found = NULL;
  /* names come from front matter, already checked as [a-z0-9-]+; a '/'
   * would still be refused here so a theme can't reach outside themes/ */
  if (!strchr(name, '/') && name[0] != '.') {
    for (size_t r = 0; r < t->nroots && !found; r++) {
      char *tp = join(t->roots[r], name, "template.html");
      if (is_file(tp) && safepath_inside(t->roots[r], tp) == 0) {
        /* themes/NAME (or its template) is a symlink to elsewhere: its
           files would be published with the site */
        /* no source chose it (the index, the matrix): the theme is the culprit */
        diag_error(d, pos.file ? pos.file : tp, pos.line, pos.col,
                   "theme '%s' (%s) leads outside %s through a symlink; copy the theme into "
                   "the themes folder", name, tp, t->roots[r]);
        free(tp);
        return NULL;
      }
      if (is_file(tp)) found = tp;
      else free(tp);
    }
  }
  if (!found || t->nloaded == MAX_THEMES) {
    char *avail = available_themes(t);
    buf roots = BUF_INIT;
    for (size_t r = 0; r < t->nroots; r++) buf_printf(&roots, "%s%s", r ? ", " : "", t->roots[r]);
    diag_error(d, pos.file ? pos.file : t->nroots ? t->roots[0] : NULL, pos.line, pos.col,
               "theme '%s' not found (no %s/template.html in %s): set 'theme:' in the front "
               "matter to one of: %s, or install concord's data (make install)",
               name, name, buf_cstr(&roots), avail);
    buf_free(&roots);
    free(avail);
    free(found);
    return NULL;
  }
  xmlDocPtr doc = parse_template(found, d);
  if (!doc || check_template(doc, found, d) != 0) {
    xmlFreeDoc(doc);
    free(found);
    return NULL;
  }
  html_theme *th = xcalloc(1, sizeof *th);
  th->name = xstrdup(name);
  th->template_path = found;
  th->dir = xstrdup(found);
  *strrchr(th->dir, '/') = '\0';
  th->tmpl = doc;
  th->frames = frame_cache_new(doc);
  th->nav_matrix = t->with_matrix;
  char *script = html_theme_file(th, "search.js");
  th->has_search = script != NULL;
  free(script);
  t->loaded[t->nloaded++] = th;
  return th;
}

/* ---- assets -------------------------------------------------------------- */

static int read_file(const char *path, buf *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(out, chunk, n);
  int err = ferror(f);
  fclose(f);
  return err ? -1 : 0;
}

static int asset_name_ok(const char *s) {
  if (!*s || *s == '.') return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '-' || *s == '_' || *s == '.'))
      return 0;
  return 1;
}

/* The default theme beside TH (same themes folder), which TH inherits
 * the files it lacks from; NULL for the default theme itself. */
static char *base_dir(const html_theme *th) {
  if (strcmp(th->name, "default") == 0) return NULL;
  const char *slash = strrchr(th->dir, '/');
  buf b = BUF_INIT;
  if (slash) buf_put(&b, th->dir, (size_t)(slash - th->dir) + 1);
  buf_puts(&b, "default");
  return buf_detach(&b);
}

char *html_theme_file(const html_theme *th, const char *file) {
  char *own = join(th->dir, file, NULL);
  if (is_file(own)) return own;
  free(own);
  char *base = base_dir(th);
  char *inherited = base ? join(base, file, NULL) : NULL;
  free(base);
  if (inherited && is_file(inherited)) return inherited;
  free(inherited);
  return NULL;
}

/* Copies the assets of folder DIR (every file but template.html) to
 * site/themes/<TH's name>/, skipping those TH has itself when DIR is the
 * folder it inherits from. */
static int copy_dir(const html_theme *th, const char *dir, int inherited, outdir *o,
                    diag_list *d) {
  DIR *dp = opendir(dir);
  if (!dp) {
    if (inherited) return 0; /* nothing to inherit */
    diag_error(d, dir, 0, 0, "cannot read theme folder");
    return -1;
  }
  struct dirent *e;
  int rc = 0;
  while (rc == 0 && (e = readdir(dp)) != NULL) {
    if (!asset_name_ok(e->d_name) || strcmp(e->d_name, "template.html") == 0) continue;
    char *src = join(dir, e->d_name, NULL);
    char *own = inherited ? join(th->dir, e->d_name, NULL) : NULL;
    if (own && is_file(own)) {
      /* the theme's own file wins */
    } else if (is_file(src) && safepath_inside(dir, src) == 0) {
      diag_error(d, src, 0, 0, "theme file is a symlink to outside the theme folder; "
                 "copy the file in (it would be published with the site)");
      rc = -1;
    } else if (is_file(src)) {
      buf data = BUF_INIT;
      char *rel = join("site/themes", th->name, e->d_name);
      if (read_file(src, &data) != 0) {
        diag_error(d, src, 0, 0, "cannot read theme file");
        rc = -1;
      } else {
        rc = outdir_write(o, rel, data.data ? data.data : "", data.len, d);
      }
      free(rel);
      buf_free(&data);
    }
    free(own);
    free(src);
  }
  closedir(dp);
  return rc;
}

int html_themes_copy_assets(const html_themes *t, outdir *o, diag_list *d) {
  for (size_t i = 0; i < t->nloaded; i++) {
    const html_theme *th = t->loaded[i];
    if (copy_dir(th, th->dir, 0, o, d) != 0) return -1;
    char *base = base_dir(th);
    int rc = base ? copy_dir(th, base, 1, o, d) : 0;
    free(base);
    if (rc) return rc;
  }
  return 0;
}

/* ---- page frames -------------------------------------------------------- */

/* A page's frame: the template filled for one set of page options
 * (relroot, current page, build date, and what the writer set outside
 * <main>: language, stylesheet, scripts), serialised once with holes
 * where the title's text and the main element go. Pages with the same
 * options share the frame: copying the template tree, filling its slots
 * and freeing it for each of two hundred topic pages cost more than most
 * of those pages' own content. Each page's main element (the template's,
 * with the page's content and any attribute the writer set) and its title
 * are serialised on their own and spliced in (html_serial_doc_holes), so
 * their text is escaped by the serialiser as before. */
typedef struct html_frame {
  struct html_frame *next;
  char *key;
  int failed;           /* a <script>/<style> of the template holds "</" */
  char *bytes;
  size_t len;
  html_hole title, main;
  char **ids;           /* the frame's id attributes, in document order */
  size_t nids, nids_before; /* ids[0..nids_before) come before <main> */
} html_frame;

struct html_frame_cache {
  pthread_mutex_t lock; /* pages are made on several threads */
  html_frame *frames;
  char *main_name;      /* the template's main element: its name, */
  char **main_attrs;    /* its attributes but data-slot (name, value, ...) */
  size_t nmain_attrs;
};

static html_frame_cache *frame_cache_new(xmlDocPtr tmpl) {
  html_frame_cache *fc = xcalloc(1, sizeof *fc);
  pthread_mutex_init(&fc->lock, NULL);
  xmlNodePtr m = html_find_attr(xmlDocGetRootElement(tmpl), "data-slot", "main");
  fc->main_name = xstrdup((const char *)m->name);
  for (xmlAttrPtr a = m->properties; a; a = a->next) {
    if (strcmp((const char *)a->name, "data-slot") == 0) continue;
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
    fc->main_attrs = xrealloc(fc->main_attrs, (2 * fc->nmain_attrs + 2) * sizeof(char *));
    fc->main_attrs[2 * fc->nmain_attrs] = xstrdup((const char *)a->name);
    fc->main_attrs[2 * fc->nmain_attrs + 1] = xstrdup(v ? (const char *)v : "");
    fc->nmain_attrs++;
    xmlFree(v);
  }
  return fc;
}

static void frame_cache_free(html_frame_cache *fc) {
  if (!fc) return;
  for (html_frame *f = fc->frames, *next; f; f = next) {
    next = f->next;
    for (size_t i = 0; i < f->nids; i++) free(f->ids[i]);
    free(f->ids);
    free(f->bytes);
    free(f->key);
    free(f);
  }
  free(fc->main_name);
  for (size_t i = 0; i < 2 * fc->nmain_attrs; i++) free(fc->main_attrs[i]);
  free(fc->main_attrs);
  pthread_mutex_destroy(&fc->lock);
  free(fc);
}

/* What a writer changes outside <main>, in the order it asked. */
typedef enum { EDIT_LANG, EDIT_CSS, EDIT_SCRIPT_BEFORE_LAST, EDIT_SCRIPT_END } edit_kind;

typedef struct page_edit {
  edit_kind kind;
  char *value;
} page_edit;

struct html_page {
  const html_theme *theme;
  char *title, *relroot, *current;
  long long build_epoch;
  page_edit *edits;
  size_t nedits;
  xmlDocPtr doc;   /* the main element only, as its root */
  xmlNodePtr main;
  const html_frame *frame; /* once looked up */
};

static void fill_nav(xmlNodePtr ul, const char *relroot, const char *current, int with_matrix) {
  for (size_t i = 0; html_nav_pages[i].href; i++) {
    const html_nav_page *np = &html_nav_pages[i];
    if (np->matrix && !with_matrix) continue;
    xmlNodePtr li = html_el(ul, "li", NULL);
    buf href = BUF_INIT;
    buf_puts(&href, relroot);
    buf_puts(&href, np->href);
    xmlNodePtr a = html_el_text(li, "a", NULL, np->label);
    html_attr(a, "href", buf_cstr(&href));
    if (current && strcmp(current, np->href) == 0) html_attr(a, "aria-current", "page");
    buf_free(&href);
  }
}

/* Rewrites every data-slot="asset" href/src to RELROOT themes/NAME/FILE. */
static void fill_assets(xmlNodePtr n, const char *relroot, const char *theme) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    xmlChar *slot = xmlGetProp(n, (const xmlChar *)"data-slot");
    if (slot && strcmp((const char *)slot, "asset") == 0) {
      const char *attr = xmlHasProp(n, (const xmlChar *)"href") ? "href" : "src";
      xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
      if (v) {
        buf b = BUF_INIT;
        buf_puts(&b, relroot);
        buf_puts(&b, "themes/");
        buf_puts(&b, theme);
        buf_putc(&b, '/');
        buf_puts(&b, (const char *)v);
        html_attr(n, attr, buf_cstr(&b));
        buf_free(&b);
        xmlFree(v);
      }
    }
    xmlFree(slot);
    fill_assets(n->children, relroot, theme);
  }
}

/* The header's search form, in the template's data-slot="search", when
 * the theme has a search script (its own or the default's): a GET to
 * search.html, so ?q= links work. `hidden` until search.js runs, which is
 * added at the end of <body>: without JavaScript there is no form that
 * leads to a page that cannot search. No script: no form. */
static void fill_search(xmlNodePtr slot, const html_theme *theme, const char *relroot) {
  if (!theme->has_search) {
    xmlUnlinkNode(slot);
    xmlFreeNode(slot);
    return;
  }
  buf b = BUF_INIT;
  xmlNodePtr form = html_el(slot, "form", "header-search");
  html_attr(form, "role", "search");
  html_attr(form, "aria-label", "Site");
  buf_printf(&b, "%ssearch.html", relroot);
  html_attr(form, "action", buf_cstr(&b));
  html_attr(form, "method", "get");
  html_attr(form, "id", "_site-search");
  html_attr(form, "hidden", "");
  xmlNodePtr label = html_el_text(form, "label", NULL, "Search the protocols");
  html_attr(label, "for", "_site-q");
  xmlNodePtr input = html_el(form, "input", NULL);
  html_attr(input, "type", "search");
  html_attr(input, "id", "_site-q");
  html_attr(input, "name", "q");
  html_attr(input, "autocomplete", "off");
  xmlNodePtr btn = html_el_text(form, "button", NULL, "Search");
  html_attr(btn, "type", "submit");
  xmlNodePtr body = slot;
  while (body && !(body->type == XML_ELEMENT_NODE && strcmp((const char *)body->name, "body") == 0))
    body = body->parent;
  if (body) {
    buf_clear(&b);
    buf_printf(&b, "%sthemes/%s/search.js", relroot, theme->name);
    xmlNodePtr s = html_el(body, "script", NULL);
    html_attr(s, "src", buf_cstr(&b));
  }
  buf_free(&b);
}

/* The first element child of N named NAME. */
static xmlNodePtr child_named(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) return c;
  return NULL;
}

/* The id attributes under N in document order but MAIN's; those before
 * MAIN are counted in nids_before. */
static void collect_ids(xmlNodePtr n, xmlNodePtr main, html_frame *f) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (n == main) {
      f->nids_before = f->nids;
      continue;
    }
    xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
    if (id) {
      f->ids = xrealloc(f->ids, (f->nids + 1) * sizeof *f->ids);
      f->ids[f->nids++] = xstrdup((const char *)id);
      xmlFree(id);
    }
    collect_ids(n->children, main, f);
  }
}

/* The frame of P's options, made from the template as html_page_new once
 * filled every page: the same calls in the same order, so the same bytes. */
static html_frame *frame_build(const html_page *p, const char *key) {
  const html_theme *theme = p->theme;
  html_frame *f = xcalloc(1, sizeof *f);
  f->key = xstrdup(key);
  xmlDocPtr doc = xmlCopyDoc(theme->tmpl, 1);
  if (!doc) abort(); /* only on allocation failure, as xmalloc */
  xmlNodePtr root = xmlDocGetRootElement(doc);
  xmlNodePtr title = html_find_attr(root, "data-slot", "title");
  html_clear(title);
  xmlNodePtr main = html_find_attr(root, "data-slot", "main");
  xmlNodePtr n = html_find_attr(root, "data-slot", "nav");
  if (n) fill_nav(n, p->relroot, p->current, theme->nav_matrix);
  n = html_find_attr(root, "data-slot", "home");
  if (n) {
    buf b = BUF_INIT;
    buf_puts(&b, p->relroot);
    buf_puts(&b, "index.html");
    html_attr(n, "href", buf_cstr(&b));
    buf_free(&b);
  }
  fill_assets(root, p->relroot, theme->name);
  n = html_find_attr(root, "data-slot", "search");
  if (n) fill_search(n, theme, p->relroot);
  n = html_find_attr(root, "data-slot", "footer");
  if (n) {
    html_clear(n);
    buf b = BUF_INIT;
    buf_puts(&b, "Compiled by Concord from the councils' published texts");
    if (p->build_epoch >= 0) {
      time_t tt = (time_t)p->build_epoch;
      struct tm tm;
      gmtime_r(&tt, &tm);
      buf_puts(&b, " on ");
      html_format_date(&b, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    buf_putc(&b, '.');
    html_text(n, buf_cstr(&b));
    buf_free(&b);
  }
  html_strip_attr(root, "data-slot");
  /* what the writer set outside <main> (never inside it: <main> is not
     <body>, check_template) */
  for (size_t i = 0; i < p->nedits; i++) {
    const char *v = p->edits[i].value;
    xmlNodePtr head = child_named(root, "head"), body = child_named(root, "body");
    switch (p->edits[i].kind) {
    case EDIT_LANG: html_attr(root, "lang", v); break;
    case EDIT_CSS:
      if (head) {
        xmlNodePtr l = html_el(head, "link", NULL);
        html_attr(l, "rel", "stylesheet");
        html_attr(l, "href", v);
      }
      break;
    case EDIT_SCRIPT_BEFORE_LAST: {
      xmlNodePtr last = body ? xmlLastElementChild(body) : NULL;
      if (last && strcmp((const char *)last->name, "script") == 0) {
        xmlNodePtr script = xmlNewDocNode(doc, NULL, (const xmlChar *)"script", NULL);
        xmlAddPrevSibling(last, script);
        html_attr(script, "src", v);
      }
      break;
    }
    case EDIT_SCRIPT_END:
      if (body) html_attr(html_el(body, "script", NULL), "src", v);
      break;
    }
  }
  collect_ids(root, main, f);
  html_hole h[2] = {{title, 0, 0, 0, 0, 0}, {main, 1, 0, 0, 0, 0}};
  buf out = BUF_INIT;
  f->failed = html_serial_doc_holes(doc, &out, h, 2) != 0;
  f->title = h[0];
  f->main = h[1];
  f->title.el = f->main.el = NULL; /* the tree is freed below */
  f->len = out.len;
  f->bytes = buf_detach(&out);
  xmlFreeDoc(doc);
  return f;
}

static void key_part(buf *b, const char *s) {
  if (s) buf_puts(b, s);
  else buf_putc(b, '\x01'); /* NULL differs from "" */
  buf_putc(b, '\x1f');
}

static const html_frame *page_frame(html_page *p) {
  if (p->frame) return p->frame;
  buf key = BUF_INIT;
  key_part(&key, p->relroot);
  key_part(&key, p->current);
  buf_printf(&key, "%lld\x1f", p->build_epoch);
  for (size_t i = 0; i < p->nedits; i++) {
    buf_putc(&key, (char)('0' + p->edits[i].kind));
    key_part(&key, p->edits[i].value);
  }
  html_frame_cache *fc = p->theme->frames;
  pthread_mutex_lock(&fc->lock);
  html_frame *f = fc->frames;
  while (f && strcmp(f->key, buf_cstr(&key)) != 0) f = f->next;
  if (!f) {
    f = frame_build(p, buf_cstr(&key));
    f->next = fc->frames;
    fc->frames = f;
  }
  pthread_mutex_unlock(&fc->lock);
  buf_free(&key);
  p->frame = f;
  return f;
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

html_page *html_page_new(const html_theme *theme, const char *title, const char *relroot,
                         const char *current, long long build_epoch) {
  html_page *p = xcalloc(1, sizeof *p);
  p->theme = theme;
  p->title = dup_or_null(title);
  p->relroot = xstrdup(relroot ? relroot : "");
  p->current = dup_or_null(current);
  p->build_epoch = build_epoch;
  p->doc = xmlNewDoc((const xmlChar *)"1.0");
  if (!p->doc) abort(); /* only on allocation failure, as xmalloc */
  /* element and attribute names interned once per page rather than
     copied and freed per node (a topic page has a million nodes); the
     page's own dictionary, so threads never share one */
  p->doc->dict = xmlDictCreate();
  if (!p->doc->dict) abort();
  const html_frame_cache *fc = theme->frames;
  p->main = xmlNewDocNode(p->doc, NULL, (const xmlChar *)fc->main_name, NULL);
  xmlDocSetRootElement(p->doc, p->main);
  for (size_t i = 0; i < fc->nmain_attrs; i++)
    html_attr(p->main, fc->main_attrs[2 * i], fc->main_attrs[2 * i + 1]);
  return p;
}

xmlNodePtr html_page_main(html_page *p) { return p->main; }

static void add_edit(html_page *p, edit_kind kind, const char *value) {
  if (!value) return; /* as html_attr: nothing to set */
  p->edits = xrealloc(p->edits, (p->nedits + 1) * sizeof *p->edits);
  p->edits[p->nedits++] = (page_edit){kind, xstrdup(value)};
  p->frame = NULL; /* another frame */
}

void html_page_set_lang(html_page *p, const char *lang) { add_edit(p, EDIT_LANG, lang); }
void html_page_add_css(html_page *p, const char *href) { add_edit(p, EDIT_CSS, href); }
void html_page_add_script(html_page *p, const char *src) {
  add_edit(p, EDIT_SCRIPT_BEFORE_LAST, src);
}
void html_page_add_body_script(html_page *p, const char *src) { add_edit(p, EDIT_SCRIPT_END, src); }

size_t html_page_frame_ids(html_page *p, const char *const **ids, size_t *before) {
  const html_frame *f = page_frame(p);
  *ids = (const char *const *)f->ids;
  *before = f->nids_before;
  return f->nids;
}

void html_page_free(html_page *p) {
  if (!p) return;
  xmlFreeDoc(p->doc);
  free(p->title);
  free(p->relroot);
  free(p->current);
  for (size_t i = 0; i < p->nedits; i++) free(p->edits[i].value);
  free(p->edits);
  free(p);
}

/* Appends what goes in hole H: the title's text (TITLE) or the page's
 * main element (TITLE NULL). */
static int put_hole(html_page *p, const html_hole *h, const char *title, buf *out) {
  if (title) return *title ? html_serial_text(out, title, h->raw) : 0;
  return html_serial_element(p->main, out, h->pre);
}

int html_page_write(html_page *p, outdir *o, const char *rel, diag_list *d) {
  const html_frame *f = page_frame(p);
  buf out = BUF_INIT;
  int rc = f->failed ? -1 : 0;
  /* the frame up to the first hole, what goes there, the frame from the
     hole's end (the title's text is inserted, the main element replaces
     the frame's) to the second, ...; a hole not written (a void title) is
     left out */
  const html_hole *h[2] = {&f->title, &f->main};
  const char *text[2] = {p->title ? p->title : "", NULL};
  if (f->main.at < f->title.at) { /* -1 (not written) sorts last */
    h[0] = &f->main, h[1] = &f->title;
    text[0] = NULL, text[1] = p->title ? p->title : "";
  }
  size_t from = 0;
  for (size_t i = 0; i < 2 && rc == 0; i++) {
    if (h[i]->at == (size_t)-1 || h[i]->at < from) continue;
    buf_put(&out, f->bytes + from, h[i]->at - from);
    rc = put_hole(p, h[i], text[i], &out);
    from = h[i]->whole ? h[i]->end : h[i]->at;
  }
  if (rc == 0) buf_put(&out, f->bytes + from, f->len - from);
  if (rc != 0) diag_error(d, rel, 0, 0, "a <script> or <style> in the theme template contains '</'");
  else rc = outdir_write(o, rel, out.data, out.len, d);
  buf_free(&out);
  html_page_free(p);
  return rc;
}
