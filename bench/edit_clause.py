#!/usr/bin/env python3
"""bench/edit_clause.py FILE - edit one clause of one council, as an officer
would: in the first numbered clause of FILE, " the " becomes " the very "
(or back again, so every call is a real edit and the file never grows).
Used by bench/run to time incremental rebuilds, and imported by
bench/watch_edit.py (edit()); touches nothing else."""
import re
import sys


def edit(path):
    """One save of PATH with one clause edited; exits if it has none."""
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if re.match(r"\d+(\.\d+)+\.? ", line) and " the " in line:
            if " the very " in line:
                lines[i] = line.replace(" the very ", " the ", 1)
            else:
                lines[i] = line.replace(" the ", " the very ", 1)
            break
    else:
        sys.exit("edit_clause: no numbered clause with ' the ' in %s" % path)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


if __name__ == "__main__":
    edit(sys.argv[1])
