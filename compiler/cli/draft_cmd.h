/* draft_cmd.h - the `concord draft` and `concord import` command lines.
 * Like main.c, these front ends print and return exit statuses; the work
 * is done by the draft_* and import_* modules, which never print. */
#ifndef CONCORD_DRAFT_CMD_H
#define CONCORD_DRAFT_CMD_H

/* argv[1] is "draft" / "import". Return the process exit status. */
int draft_command(int argc, char **argv);
int import_command(int argc, char **argv);

#endif
