/* html_theme.h - HTML themes and pages built from a theme's template.
 *
 * A theme is a folder themes/<name>/ holding template.html and its assets
 * (style.css, ...). The template is well-formed HTML (every element closed,
 * void elements written <meta ... />), parsed by libxml2's XML parser; the
 * writer fills elements marked with data-slot attributes (docs/html-output.md):
 *   title       <title>: the page title
 *   main        <main>: the page content (required)
 *   nav         <ul>: the site's top-level pages (html_nav_pages)
 *   home        <a>: href set to the site's index.html
 *   asset       <link href> / <img src>: a file of the theme, rewritten to
 *               themes/<name>/<file> relative to the page
 *   footer      any element: generator and build date
 *   search      any element (in the header): the site's search form, and
 *               the search script at the end of <body>, when the theme has
 *               a search.js (its own or the default's); else removed
 * The data-slot attributes are removed from the output.
 *
 * Themes are looked up in, in order: <dir of a source>/../themes,
 * <dir of a source>/themes, ./themes, then the installed data folder's
 * themes (cc_corpus.data_dir); the first folder with a template.html wins.
 */
#ifndef CONCORD_HTML_THEME_H
#define CONCORD_HTML_THEME_H

#include <libxml/tree.h>

#include "base/diag.h"
#include "model/model.h"
#include "base/outdir.h"

/* The frames of pages made from a theme (html_theme.c). */
typedef struct html_frame_cache html_frame_cache;

typedef struct html_theme {
  char *name;
  char *dir;       /* folder it was loaded from */
  char *template_path;
  xmlDocPtr tmpl;  /* parsed template, never modified */
  int nav_matrix;  /* pages list the comparison matrix (html_themes_new) */
  int has_search;  /* it has search.js, its own or inherited (looked up once
                    * at load, not once per page) */
  html_frame_cache *frames; /* its pages' frames, made once each (thread-safe) */
} html_theme;

typedef struct html_themes html_themes;

/* Theme search roots derived from the corpus' source paths. WITH_MATRIX:
 * the build also writes the comparison matrix, so pages link to it. Free
 * with html_themes_free (NULL: nothing). */
html_themes *html_themes_new(const cc_corpus *c, int with_matrix);
void html_themes_free(html_themes *t);

/* Loads theme NAME (once; later calls return the same theme). On failure
 * returns NULL and records an error at POS that lists the available themes. */
const html_theme *html_themes_get(html_themes *t, const char *name, cc_pos pos, diag_list *d);

/* Copies the assets of every loaded theme into site/themes/<name>/. */
int html_themes_copy_assets(const html_themes *t, outdir *o, diag_list *d);
/* Path of FILE for TH: the theme's own, else the one it inherits from the
 * "default" theme in the same themes folder (a theme inherits every file
 * it lacks, such as the search script), else NULL. Caller frees. */
char *html_theme_file(const html_theme *th, const char *file);

/* ---- navigation ---------------------------------------------------------- */

/* A top-level page of the site, listed in every page's navigation. A page
 * that only the matrix writer makes is listed only when the build writes
 * the matrix (html_themes_new's WITH_MATRIX), so no link leads nowhere. */
typedef struct html_nav_page {
  const char *href;   /* relative to the site root */
  const char *label;  /* link text: says where it goes */
  int matrix;         /* made by the matrix writer */
} html_nav_page;

extern const html_nav_page html_nav_pages[]; /* ends with {NULL, NULL, 0} */

/* ---- pages --------------------------------------------------------------- */

typedef struct html_page html_page;

/* A page from THEME's template. RELROOT is the path from the page to the
 * site root ("" or "../"); CURRENT is the page's href relative to the site
 * root (marks the nav link with aria-current). BUILD_EPOCH: -1 or seconds. */
html_page *html_page_new(const html_theme *theme, const char *title, const char *relroot,
                         const char *current, long long build_epoch);
/* The <main> element to fill: the page's content, in a document of its own
 * (the rest of the page is the theme's frame, serialised once for all the
 * pages with the same options and spliced around the content when the
 * page is written). Its document's root is this element: what a writer
 * sets outside <main> it sets with the functions below. */
xmlNodePtr html_page_main(html_page *p);
/* Sets the lang attribute of <html>. */
void html_page_set_lang(html_page *p, const char *lang);
/* Adds <link rel="stylesheet" href=HREF> at the end of <head>. */
void html_page_add_css(html_page *p, const char *href);
/* Adds <script src=SRC> before the script that ends <body> (the theme's
 * search.js), if the body ends with one. */
void html_page_add_script(html_page *p, const char *src);
/* Adds <script src=SRC> at the end of <body>. */
void html_page_add_body_script(html_page *p, const char *src);
/* The id attributes of the page outside its content, in document order:
 * *IDS[0..*BEFORE) come before the content, the rest after. Returns
 * their number; P owns them. */
size_t html_page_frame_ids(html_page *p, const char *const **ids, size_t *before);
/* Serialises to REL (e.g. "site/brent.html") and frees P. 0 on success. */
int html_page_write(html_page *p, outdir *o, const char *rel, diag_list *d);
void html_page_free(html_page *p); /* NULL: nothing */

#endif
