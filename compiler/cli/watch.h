/* watch.h - `concord watch`: rebuild when an input is saved (inotify).
 *
 * Watches the folders holding the sources and the taxonomy, the theme
 * search roots (html_theme.h) and their theme folders, lua/ and the --lua
 * files' folders. Editors save by writing in place or by writing a new
 * file and renaming it over the old one, so folders are watched, not
 * files, and events are filtered by name (the sources, the taxonomy,
 * anything in a theme or hook folder; never hidden or backup files).
 * Events are debounced: the rebuild starts once WATCH_QUIET_MS pass with
 * no further event. SIGINT/SIGTERM end the loop after the build in
 * progress (which stays all-or-nothing).
 */
#ifndef CONCORD_WATCH_H
#define CONCORD_WATCH_H

#include <stddef.h>

#define WATCH_QUIET_MS 150
/* after finished writes only (IN_CLOSE_WRITE, IN_MOVED_TO: a save is
 * complete), a shorter wait still gathers an editor's burst */
#define WATCH_SETTLE_MS 20

typedef struct watch_opts {
  const char **sources; size_t nsources;
  const char *taxonomy; /* NULL: topics.yaml beside the first source */
  const char **lua_files; size_t nlua;
  int quiet;
} watch_opts;

/* A build: CHANGED are the sources saved since the last one (folder/name);
 * FULL: something else changed too (the taxonomy, a theme, a hook file,
 * a folder; or the first build), so everything must be read again. */
typedef int (*watch_build_fn)(void *ctx, const char *const *changed, size_t nchanged, int full);

/* Calls BUILD(CTX) once, then again after every change, until a signal
 * arrives. Returns 0 on a clean exit, -1 if inotify is unavailable (the
 * message is printed). BUILD returns its exit status (ignored: errors are
 * printed by it and the loop goes on). */
int watch_run(const watch_opts *o, watch_build_fn build, void *ctx);

#endif
