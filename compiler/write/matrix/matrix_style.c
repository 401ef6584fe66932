/* matrix_style.c - site/compare.css: the matrix and topic pages' styles,
 * layered on the theme's stylesheet. The table keeps its header row in
 * view (sticky) inside a scrolling region; below 40rem it becomes one card
 * per topic, each cell labelled with its council (data-label), so it reads
 * on a phone without sideways scrolling. Absence is the word "none" in
 * italics, never a colour alone. */
#include "write/matrix/matrix_internal.h"

const char matrix_css[] =
    ".matrix-scroll{overflow:auto;max-height:80vh;border:1px solid #8a8a8a}\n"
    ".matrix-scroll:focus{outline:3px solid #1d70b8;outline-offset:2px}\n"
    "table.matrix{border-collapse:separate;border-spacing:0;font-size:.9rem;min-width:100%}\n"
    ".matrix caption{text-align:left;font-weight:bold;padding:.5rem}\n"
    ".matrix th,.matrix td{border-bottom:1px solid #c8c8c8;padding:.35rem .5rem;"
    "vertical-align:top;text-align:left;background:#fff}\n"
    ".matrix thead th{position:sticky;top:0;z-index:2;background:#f3f2f1;"
    "border-bottom:2px solid #505a5f}\n"
    ".matrix tbody th[scope=row]{position:sticky;left:0;z-index:1;min-width:12rem;"
    "font-weight:normal;background:#fafafa}\n"
    ".matrix .theme-row th{background:#e8e8e8;font-weight:bold;position:static}\n"
    ".matrix td.absent{color:#505050;font-style:italic}\n"
    ".matrix td.coverage,.matrix tfoot td{white-space:nowrap}\n"
    ".matrix tfoot th,.matrix tfoot td{font-weight:bold;border-top:2px solid #505a5f}\n"
    "@media (max-width:40rem){\n"
    " .matrix-scroll{max-height:none;border:0}\n"
    " .matrix caption{display:block;padding:.5rem 0}\n"
    " table.matrix,.matrix tbody,.matrix tfoot,.matrix tr,.matrix th,.matrix td{display:block}\n"
    " .matrix thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}\n"
    " .matrix tr{border:1px solid #8a8a8a;margin:.75rem 0;padding:.25rem}\n"
    " .matrix .theme-row{border:0;margin-top:1.5rem}\n"
    " .matrix tbody th[scope=row]{position:static;font-weight:bold;border:0}\n"
    " .matrix td{border:0;padding:.15rem .5rem}\n"
    " .matrix td[data-label]::before{content:attr(data-label) \": \";font-weight:bold}\n"
    "}\n"
    ".breadcrumbs{margin:.5rem 0 1rem}\n"
    ".definition{font-size:1.1rem;border-left:4px solid #505a5f;padding-left:.75rem}\n"
    ".compare-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));"
    "gap:1rem;align-items:start}\n"
    ".compare-council{border:1px solid #b1b4b6;padding:.5rem .75rem}\n"
    ".compare-council h2{font-size:1.1rem;margin:.25rem 0}\n"
    ".compare-clause h3{font-size:1rem;margin:.75rem 0 .25rem}\n"
    ".similarity{font-size:.85rem;color:#505050;margin:.25rem 0}\n"
    /* an item's context: its clause's opening words, then the item */
    ".lead-in{font-style:italic;color:#505050;margin:.25rem 0 0}\n"
    ".lead-in+.wording{margin-top:.15rem;padding-left:.75rem;border-left:3px solid #b1b4b6}\n"
    ".compare-council .absent{font-style:italic;color:#505050}\n"
    /* a summarised topic page's lists of councils: short lines in columns */
    ".council-list{columns:16rem;column-gap:2rem;padding-left:1.25rem}\n"
    ".council-list li{break-inside:avoid;margin:.1rem 0}\n"
    ".matrix-pages a[aria-current]{font-weight:bold;text-decoration:none;color:inherit}\n"
    "main>.compare-clause{border:1px solid #b1b4b6;padding:.5rem .75rem;max-width:48rem}\n"
    "@media print{.matrix-scroll{max-height:none;overflow:visible}"
    ".matrix thead th,.matrix tbody th[scope=row]{position:static}}\n";
