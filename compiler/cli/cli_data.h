/* cli_data.h - where the command line finds the data it needs outside a
 * project: the installed data folder.
 *
 * A project's own files come first (themes/, topics.yaml beside the
 * sources, lua/, sources/templates/protocol.md); what it lacks is taken
 * from the data folder that `make install` fills:
 *
 *   <data>/themes/<name>/        HTML themes (default, civic)
 *   <data>/topics.yaml           the shared topic taxonomy
 *   <data>/templates/protocol.md the model protocol (concord draft)
 *   <data>/init/                 what concord init writes besides the
 *                                taxonomy: lua/example.lua, README.md, CI
 *                                files, .gitignore, the starter's answers
 *
 * The folder is $CONCORD_DATADIR when set (tests, a relocated install),
 * else DATADIR compiled in from the Makefile's PREFIX
 * (/usr/local/share/concord by default).
 */
#ifndef CONCORD_CLI_DATA_H
#define CONCORD_CLI_DATA_H

#include "base/buf.h"

/* The data folder (never NULL; it may not exist). */
const char *cli_data_dir(void);

/* The first of PROJECT_PATH (may be NULL) and <data folder>/DATA_REL that
 * is a readable file, malloc'd; NULL if neither. SEARCHED (may be NULL)
 * gets the paths tried, comma-separated, for the error message. */
char *cli_data_find(const char *project_path, const char *data_rel, buf *searched);

#endif
