/* safepath.h - paths named in untrusted text (front matter) must stay in
 * the project.
 *
 * A hook file (`hooks:`) or a theme is looked up inside the project (the
 * current directory, or a themes/ folder); a path that climbs out
 * ("../../etc/passwd"), is absolute, or reaches outside through a symlink
 * is refused, so a source can't make Concord run or publish a file from
 * elsewhere on the machine.
 */
#ifndef CONCORD_SAFEPATH_H
#define CONCORD_SAFEPATH_H

/* NULL if REL is relative and has no ".." component; else what is wrong
 * ("is absolute", ...). */
const char *safepath_rel_problem(const char *rel);

/* Does PATH, with every symlink resolved, lie inside directory DIR (also
 * resolved)? 1 yes, 0 no, -1 PATH or DIR does not exist. */
int safepath_inside(const char *dir, const char *path);

#endif
