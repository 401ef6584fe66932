/* model.h - the common clause model: the only thing writers see.
 *
 * Corpus -> Document -> Section (nestable) -> Clause -> Item, with inline
 * content, footnotes, topics and cross-references. Readers build it,
 * transforms (hooks, linker) change it, writers read it. Every node keeps
 * the source position it came from.
 *
 * Ownership: every node, string and array here lives in the corpus arena
 * (corpus->arena) and is freed by model_corpus_free. Never free a node.
 *
 * Ids (see docs/annotated-markdown.md section 8) are unique within a
 * document; "<slug>#<id>" is unique within the corpus.
 */
#ifndef CONCORD_MODEL_H
#define CONCORD_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct cc_pos {
  const char *file; /* path as given on the command line (arena string) */
  int line, col;    /* 1-based; col counts bytes, as cmark does */
} cc_pos;

/* ---- inline content ---------------------------------------------------- */

typedef enum {
  CC_INL_TEXT,      /* text: literal UTF-8 */
  CC_INL_CODE,      /* text: literal code span */
  CC_INL_EMPH,      /* children */
  CC_INL_STRONG,    /* children */
  CC_INL_LINK,      /* url (http, https, mailto only) + children */
  CC_INL_XREF,      /* cross-reference: ref + children (the words shown) */
  CC_INL_FOOTREF,   /* footnote reference: target = footnote id, text = label */
  CC_INL_SOFTBREAK, /* a line end inside a paragraph */
  CC_INL_LINEBREAK  /* a hard line break */
} cc_inline_kind;

typedef enum {
  CC_REF_INTERNAL,  /* to a clause, section or item of the same document */
  CC_REF_EXTERNAL,  /* to another document ("Part 3 Section 4"): text only */
  CC_REF_UNRESOLVED /* looked internal but names nothing (a warning) */
} cc_ref_kind;

typedef struct cc_ref {
  cc_ref_kind kind;
  char *target; /* INTERNAL: id in the same document; else NULL */
  char *text;   /* the words of the reference as written ("paragraph 12.1") */
  bool explicit_link; /* written as [..](#id) rather than detected in text */
  cc_pos pos;
} cc_ref;

typedef struct cc_inline {
  cc_inline_kind kind;
  char *text;               /* TEXT, CODE: literal; FOOTREF: label */
  char *url;                /* LINK */
  char *target;             /* FOOTREF: footnote id */
  cc_ref *ref;              /* XREF */
  struct cc_inline *children;
  struct cc_inline *next;
  cc_pos pos;
} cc_inline;

/* ---- blocks ------------------------------------------------------------ */

typedef enum {
  CC_BLK_PARA,  /* inlines */
  CC_BLK_LIST,  /* items (sub-items of a clause, or a list in prose) */
  CC_BLK_QUOTE  /* children: a quoted extract */
} cc_block_kind;

struct cc_item;
struct cc_clause;
struct cc_section;
struct cc_document;
struct cc_corpus;

/* Topic keys as written in a source ({topic=a,b} or, for suggestions,
 * {topic?=a,b}), with where each key was written. */
typedef struct cc_keys {
  char **keys;
  cc_pos *pos;
  size_t n;
} cc_keys;

typedef struct cc_block {
  cc_block_kind kind;
  cc_inline *inlines;        /* PARA */
  struct cc_item *items;     /* LIST: first item, linked by next */
  bool ordered;              /* LIST: written as an ordered list */
  struct cc_block *children; /* QUOTE */
  struct cc_block *next;
  cc_pos pos;
} cc_block;

typedef struct cc_item {
  char *id;              /* "<clause id>-a", "<clause id>-i3" */
  char *label;           /* as printed: "(a)", "a)", "(iv)"; NULL if none */
  char *canonical_label; /* "a", "iv", "3": the label without punctuation,
                            or the ordinal of an unlabelled item */
  char *label_shown;     /* label as the house style prints it (hooks) */
  cc_block *blocks;      /* content; the label is not in it */
  char *text;            /* plain text of blocks */
  struct cc_item *next;
  struct cc_item *parent;        /* enclosing item of a nested list */
  struct cc_clause *clause;      /* owning clause; NULL inside prose */
  cc_pos pos;
  /* A sub-item is a provision of its own when it carries topics: the
   * block at the end of its first paragraph ({topic=...}). */
  cc_keys topic_keys;
  cc_keys suggested;             /* {topic?=...}: proposed, not reviewed */
  struct cc_topic **topics; size_t ntopics; /* resolved (linker) */
  size_t equivalents_total; /* provisions of other councils sharing one of
                          its topics (linker) */
} cc_item;

/* ---- clauses, prose, sections ------------------------------------------ */

typedef struct cc_topic cc_topic;

typedef struct cc_clause {
  char *id;
  char *number;        /* as printed ("1.1.", "3.4"); NULL if unnumbered */
  char *canonical;     /* "3.1"; NULL if unnumbered */
  char *number_shown;  /* number as the house style prints it (hooks);
                          defaults to number */
  int ordinal;         /* 1-based position among the section's clauses */
  cc_inline *heading;  /* clause heading ("Chairmen and Vice Chairmen"), or NULL */
  char *heading_text;
  cc_block *blocks;    /* the clause's paragraphs, sub-item lists, quotes */
  char *text;          /* plain text of heading and blocks, with item labels,
                          without the clause number */
  cc_topic **topics;   size_t ntopics; /* its own and its items' (linker) */
  cc_topic **own_topics; size_t nown_topics; /* its own only: the clause as a
                          whole makes these provisions (linker) */
  char **topic_keys;   size_t ntopic_keys; /* as annotated on the clause */
  cc_pos *topic_pos;   /* where each key was written */
  cc_keys suggested;   /* {topic?=...} on the clause: proposed, not reviewed */
  cc_ref **refs;       size_t nrefs; size_t caprefs; /* every cross-reference in it */
  char **equivalents;  size_t nequivalents; /* unused (NULL, 0): stored per clause
                          they are quadratic in the corpus; linker_equivalents()
                          derives them, equivalents_total counts them */
  char *note;          /* editorial note from {note="..."} */
  struct cc_section *section;
  struct cc_document *doc;
  size_t index;        /* position in doc->clauses */
  cc_pos pos;
  size_t equivalents_total; /* how many linker_equivalents() gives (linker) */
  size_t provision_equivalents_total; /* the same for the clause as a provision
                          (its own topics): how many provisions of other
                          councils share one of them (linker) */
} cc_clause;

typedef struct cc_prose {
  char *id;
  cc_block *blocks;
  char *text;
  struct cc_section *section; /* NULL before the first section */
  cc_pos pos;
} cc_prose;

typedef enum { CC_NODE_SECTION, CC_NODE_CLAUSE, CC_NODE_PROSE } cc_node_kind;

typedef struct cc_node {
  cc_node_kind kind;
  union {
    struct cc_section *section;
    cc_clause *clause;
    cc_prose *prose;
  } u;
} cc_node;

typedef struct cc_section {
  char *id;
  char *number;        /* as printed ("1.", "4"); NULL if unnumbered */
  char *canonical;     /* "1"; NULL if unnumbered */
  int depth;           /* 1 = top-level (##), 2 = ### ... ; 0 = document root */
  cc_inline *heading;
  char *heading_text;  /* plain text of the heading, without the number */
  char *heading_shown; /* heading as the house style prints it (hooks) */
  struct cc_section *parent;
  cc_node *children;   size_t nchildren, capchildren; /* document order */
  size_t index;        /* position in doc->sections; root is not listed */
  cc_pos pos;
} cc_section;

typedef struct cc_footnote {
  char *id;    /* "fn-1" */
  char *label; /* "1" */
  cc_block *blocks;
  char *text;
  bool referenced;
  cc_pos pos;
} cc_footnote;

typedef struct cc_history {
  char *date; /* YYYY-MM-DD */
  char *text; /* as printed */
  cc_pos pos;
} cc_history;

typedef struct cc_document {
  char *path;     /* source file */
  char *council, *slug, *title, *part, *kind, *adopted;
  char *region;   /* front matter `region` ("North West"), or NULL */
  char *theme;    /* default "default" */
  char *hooks;    /* hook file path or NULL */
  char *language; /* default "en-GB" */
  char *source_url; /* front matter `source`: the council's published original (http/https), or NULL */
  cc_history *history; size_t nhistory;
  bool numbered;  /* false: no clause carries a printed number */

  /* presentation decided by house style (hooks); writers honour them */
  char *running_header; /* NULL: writer's default */
  char *running_footer; /* may contain {page} and {pages}; NULL: default */
  bool show_contents;   /* print a table of contents (default true) */

  cc_section *root;     /* depth 0: prose and clauses before the first heading,
                           then the top-level sections */
  cc_section **sections; size_t nsections; size_t capsections;
  cc_clause **clauses;   size_t nclauses;  size_t capclauses;
  cc_prose **prose;      size_t nprose;    size_t capprose;
  cc_footnote **footnotes; size_t nfootnotes; size_t capfootnotes;
  void *ids;             /* id index (strmap), see model_document_find */
  struct cc_corpus *corpus;
  size_t index;          /* position in corpus->docs */
  cc_pos pos;
  cc_pos slug_pos;       /* where the front matter gives the slug (a slug
                            refused later, e.g. for naming a site-wide output) */
  size_t id_probes;      /* ids tried while generating ids (read/ids.c):
                            `concord dump --stats` shows it, so a test can
                            check the work grows linearly with the copies */
  /* Point-in-time versions (read/versions.c, docs/versions.md). */
  char *in_force;        /* YYYY-MM-DD the text came into force: front matter
                            `in_force` (a current source), the file's name
                            (an earlier version); NULL if not given */
  struct cc_document **versions; size_t nversions; /* a current document's
                            earlier versions, oldest first: read into the
                            model, never listed in corpus->docs, so the
                            matrix, topics, search and linker never see them */
  struct cc_document *current; /* an earlier version: its current document;
                            NULL for a current document */
} cc_document;

/* ---- taxonomy and corpus ----------------------------------------------- */

typedef struct cc_theme {
  char *key, *label, *definition;
  size_t index;
  cc_pos pos;
} cc_theme;

/* A provision: the smallest unit that makes one rule, duty, expectation
 * or procedure. A clause as a whole (ITEM NULL: its own topics), or one
 * sub-item of a list clause (the item's topics). docs/provisions.md. */
typedef struct cc_provision {
  struct cc_clause *clause;
  struct cc_item *item;
} cc_provision;

struct cc_topic {
  char *key, *label, *definition;
  cc_theme *theme;
  size_t index;
  cc_clause **clauses; size_t nclauses; size_t capclauses; /* set by the linker:
                          every clause that makes it, itself or by an item */
  cc_provision *provisions; size_t nprovisions; size_t capprovisions; /* set by
                          the linker: the provisions that make it, corpus order */
  cc_pos pos;
};

typedef struct cc_corpus {
  arena *arena;
  cc_theme **themes; size_t nthemes; size_t capthemes;
  cc_topic **topics; size_t ntopics; size_t captopics;
  void *topic_index;     /* strmap key -> cc_topic */
  char *taxonomy_path;   /* NULL when built without a taxonomy */
  cc_document **docs; size_t ndocs; size_t capdocs;
  long long build_epoch; /* SOURCE_DATE_EPOCH, or -1 when unset */
  /* the installed data folder (pipeline_opts.data_dir): the HTML writer
   * looks for themes in <data_dir>/themes after the project's; NULL: none */
  const char *data_dir;
} cc_corpus;

/* ---- construction and lookup ------------------------------------------- */

cc_corpus *model_corpus_new(void);
void model_corpus_free(cc_corpus *c); /* NULL: nothing */
/* Documents read on other threads (pipeline_load), each into a corpus
 * of the thread's own (the corpus arena is not thread-safe), join C:
 * model_corpus_add_document appends D to C's list (D's corpus and index
 * become C's); model_corpus_absorb then moves FROM's arena into C's and
 * frees FROM (its lists are dropped: add its documents first). */
void model_corpus_add_document(cc_corpus *c, cc_document *d);
void model_corpus_absorb(cc_corpus *c, cc_corpus *from);

cc_document *model_document_new(cc_corpus *c, const char *path);
cc_section *model_section_new(cc_document *d, cc_section *parent);
cc_clause *model_clause_new(cc_document *d, cc_section *s);
cc_prose *model_prose_new(cc_document *d, cc_section *s);
cc_footnote *model_footnote_new(cc_document *d);
cc_theme *model_theme_new(cc_corpus *c);
cc_topic *model_topic_new(cc_corpus *c);
cc_ref *model_ref_new(cc_corpus *c, cc_ref_kind kind, const char *target,
                      const char *text, cc_pos pos);
void model_clause_add_ref(cc_document *d, cc_clause *cl, cc_ref *r);

/* Appends p to an arena-grown pointer array (*arr, *n, *cap). */
void model_push(arena *a, void ***arr, size_t *n, size_t *cap, void *p);

/* What an id names in a document. */
typedef enum { CC_ID_NONE, CC_ID_SECTION, CC_ID_CLAUSE, CC_ID_ITEM,
               CC_ID_PROSE, CC_ID_FOOTNOTE } cc_id_kind;
typedef struct cc_id_target {
  cc_id_kind kind;
  void *node;
} cc_id_target;

/* Registers id for node; returns false if the id is already taken. */
bool model_document_register_id(cc_document *d, const char *id, cc_id_kind kind, void *node);
cc_id_target model_document_find(const cc_document *d, const char *id);
/* Rebuilds the id index from the nodes (after hooks changed ids). */
void model_document_reindex(cc_document *d);

cc_topic *model_corpus_find_topic(const cc_corpus *c, const char *key);
cc_document *model_corpus_find_document(const cc_corpus *c, const char *slug);

/* Plain text of inline content / blocks (labels of items included). */
char *model_inlines_text(arena *a, const cc_inline *in);
char *model_blocks_text(arena *a, const cc_block *b);
/* Recomputes clause->text, item->text, prose->text, footnote->text. */
void model_document_compute_text(cc_document *d);

/* The regions a council's `region:` may name, in the order large corpora
 * group councils by (the nine English regions in the ONS's order, then
 * the other nations), NULL-terminated. */
extern const char *const model_known_regions[];
/* Index of REGION in model_known_regions, or -1 (unknown or NULL). */
int model_region_rank(const char *region);

/* The clause's number as shown by the house style, else as printed. */
const char *model_clause_number_shown(const cc_clause *cl);
/* A short human reference: "Brent 3.4" or "Solihull, Complaints ¶2". */
char *model_clause_citation(arena *a, const cc_clause *cl);

/* ---- provisions ---------------------------------------------------------- */

/* The provision's id: the item's ("para-2.9-e") or the clause's. */
const char *model_provision_id(const cc_provision *p);
/* The provision's label within its clause: the item's label as shown
 * ("(e)", "a)"), the labels of the items it is nested in first ("(b)(ii)"),
 * " item N" for an unlabelled item, "" for a clause. */
char *model_provision_label(arena *a, const cc_provision *p);
/* The same for item IT, appended to B (for writers, which never allocate
 * from the corpus arena); nothing for NULL. A label without a letter or
 * digit (a bullet) is not citable: such an item is "item N". */
struct buf;
void model_item_label_put(struct buf *b, const cc_item *it);
/* "Brent 2.9(e)": the clause's citation and the item's label. */
char *model_provision_citation(arena *a, const cc_provision *p);
/* The provision's words: the item's text, or the clause's. */
const char *model_provision_text(const cc_provision *p);
/* The provision's topics: the item's, or the clause's own. */
size_t model_provision_topics(const cc_provision *p, cc_topic *const **out);

#endif
