/* taxonomy.c - loading and checking sources/topics.yaml (see taxonomy.h).
 *
 * Shape: {themes: [{key, label, definition?}], topics: [{key, label,
 * definition, theme}]}. Keys are slugs; topic themes must exist; keys are
 * unique. */
#include "read/taxonomy.h"
#include "read/frontmatter.h"
#include "read/source.h"
#include "base/strmap.h"
#include "read/yamltree.h"

#include <string.h>

static char *field(cc_corpus *c, const char *path, yt_node *entry, const char *key,
                   int required, diag_list *d, int *failed) {
  yt_node *v = yamltree_get(entry, key);
  if (!v || v->kind != YT_SCALAR || (required && !*v->scalar)) {
    if (required || v) {
      diag_error(d, path, v ? v->line : entry->line, v ? v->col : entry->col,
                 "%s needs '%s:' with a single value", "this entry", key);
      *failed = 1;
    }
    return NULL;
  }
  return arena_strdup(c->arena, v->scalar);
}

static int parse(cc_corpus *c, const char *path, const cc_source *src, diag_list *d);

int taxonomy_load(cc_corpus *c, const char *path, diag_list *d) {
  cc_source src;
  c->taxonomy_path = arena_strdup(c->arena, path);
  if (source_load_text(c->arena, path, &src, d) != 0) return -1;
  return parse(c, path, &src, d);
}

int taxonomy_load_buffer(cc_corpus *c, const char *path, const char *data, size_t len,
                         diag_list *d) {
  cc_source src;
  c->taxonomy_path = arena_strdup(c->arena, path);
  if (source_load_text_buffer(c->arena, path, data, len, &src, d) != 0) return -1;
  return parse(c, path, &src, d);
}

/* The YAML of SRC into c->themes / c->topics. */
static int parse(cc_corpus *c, const char *path, const cc_source *src, diag_list *d) {
  arena *a = c->arena;
  yt_node *root = NULL;
  if (yamltree_parse(a, path, src->text, src->len, 0, &root, d) != 0) return -1;
  if (!root || root->kind != YT_MAPPING) {
    diag_error(d, path, 1, 1, "the taxonomy must have 'themes:' and 'topics:' lists");
    return -1;
  }
  yt_node *themes = yamltree_get(root, "themes"), *topics = yamltree_get(root, "topics");
  if (!themes || themes->kind != YT_SEQUENCE || !topics || topics->kind != YT_SEQUENCE) {
    diag_error(d, path, root->line, root->col,
               "the taxonomy must have 'themes:' and 'topics:' lists");
    return -1;
  }
  int failed = 0;
  strmap *theme_index = strmap_new();
  for (size_t i = 0; i < themes->count; i++) {
    yt_node *e = themes->values[i];
    if (e->kind != YT_MAPPING) {
      diag_error(d, path, e->line, e->col, "a theme is a mapping with key and label");
      failed = 1;
      continue;
    }
    cc_theme *t = model_theme_new(c);
    t->key = field(c, path, e, "key", 1, d, &failed);
    t->label = field(c, path, e, "label", 1, d, &failed);
    t->definition = field(c, path, e, "definition", 0, d, &failed);
    t->pos = (cc_pos){c->taxonomy_path, e->line, e->col};
    if (t->key && !frontmatter_valid_slug(t->key)) {
      diag_error(d, path, e->line, e->col, "theme key '%s' must be lower-case words joined by '-'", t->key);
      failed = 1;
    }
    if (t->key && !strmap_add(theme_index, t->key, t)) {
      diag_error(d, path, e->line, e->col, "theme key '%s' is used twice; keys must be unique", t->key);
      failed = 1;
    }
  }
  for (size_t i = 0; i < topics->count; i++) {
    yt_node *e = topics->values[i];
    if (e->kind != YT_MAPPING) {
      diag_error(d, path, e->line, e->col, "a topic is a mapping with key, label, definition, theme");
      failed = 1;
      continue;
    }
    cc_topic *t = model_topic_new(c);
    t->key = field(c, path, e, "key", 1, d, &failed);
    t->label = field(c, path, e, "label", 1, d, &failed);
    t->definition = field(c, path, e, "definition", 1, d, &failed);
    char *theme = field(c, path, e, "theme", 1, d, &failed);
    t->pos = (cc_pos){c->taxonomy_path, e->line, e->col};
    if (theme) {
      t->theme = strmap_get(theme_index, theme);
      if (!t->theme) {
        yt_node *v = yamltree_get(e, "theme");
        diag_error(d, path, v->line, v->col, "topic '%s' names theme '%s', which is not in themes:",
                   t->key ? t->key : "?", theme);
        failed = 1;
      }
    }
    if (t->key && !frontmatter_valid_slug(t->key)) {
      diag_error(d, path, e->line, e->col, "topic key '%s' must be lower-case words joined by '-'", t->key);
      failed = 1;
    }
    if (t->key && !strmap_add(c->topic_index, t->key, t)) {
      diag_error(d, path, e->line, e->col, "topic key '%s' is used twice; keys must be unique", t->key);
      failed = 1;
    }
  }
  strmap_free(theme_index);
  return failed ? -1 : 0;
}
