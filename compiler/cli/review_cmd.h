/* review_cmd.h - the `concord review` command line (review_cmd.c). Like
 * main.c it prints and returns exit statuses; the work is done by
 * author/review.c, which never prints. */
#ifndef CONCORD_REVIEW_CMD_H
#define CONCORD_REVIEW_CMD_H

/* argv[1] is "review". Returns the process exit status. */
int review_command(int argc, char **argv);

#endif
