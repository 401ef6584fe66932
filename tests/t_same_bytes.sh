#!/usr/bin/env bash
# A rebuild leaves alone every output file whose bytes it would write
# again, even with --no-cache (base/outdir.c: outdir_write): the old
# file (its inode) is linked into the new tree instead of a new file being
# created. A file whose bytes change is a new file; the result equals a
# clean build into an empty directory; and a kept file is never reached
# through a symbolic link.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
export SOURCE_DATE_EPOCH=1700000000

w="$TESTTMP/w"
project_copy "$w"
cd "$w" || exit 1

inodes() { (cd "$1" && find . -type f ! -name .concord-cache -printf '%p %i\n' | sort); }
# files whose inode differs between two listings (or that only one has)
renewed() { join -a1 -a2 -e none -o 0,1.2,2.2 "$1" "$2" | awk '$2 != $3 {print $1}'; }

"$CONCORD" build -q -o out sources/*.md 2>"$TESTTMP/e1" || { notok "first build"; detail <"$TESTTMP/e1"; exit 0; }
inodes out >"$TESTTMP/i1"
n=$(wc -l <"$TESTTMP/i1")
[ "$n" -gt 200 ] && ok "first build wrote $n files" || notok "first build wrote $n files (expected over 200)"

# 1. --no-cache rebuilds every output; none has new bytes, so none is new
"$CONCORD" build -q --no-cache -o out sources/*.md 2>"$TESTTMP/e2"
inodes out >"$TESTTMP/i2"
renewed "$TESTTMP/i1" "$TESTTMP/i2" >"$TESTTMP/r2"
[ ! -s "$TESTTMP/r2" ] && ok "--no-cache rebuild: all $n files kept (same inodes)" || { notok "--no-cache rebuild: all files kept"; detail <"$TESTTMP/r2"; }

# 2. one council's words change: its own files are new, pages that do not
# show its words are kept, and the tree equals a clean build
printf '\nThis protocol was reviewed by the Town Council.\n' >>sources/lydney.md
"$CONCORD" build -q --no-cache -o out sources/*.md 2>"$TESTTMP/e3" || { notok "rebuild after an edit"; detail <"$TESTTMP/e3"; }
inodes out >"$TESTTMP/i3"
renewed "$TESTTMP/i2" "$TESTTMP/i3" >"$TESTTMP/r3"
for f in ./site/lydney.html ./pdf/lydney.pdf ./json/lydney.json ./akn/lydney.xml; do
  grep -qxF "$f" "$TESTTMP/r3" && ok "edited council: $f is a new file" || notok "edited council: $f is a new file"
done
for f in ./pdf/brent.pdf ./akn/brent.xml ./site/themes/default/style.css; do
  grep -qxF "$f" "$TESTTMP/r3" && notok "untouched output kept: $f" || ok "untouched output kept: $f"
done
k=$(( $(wc -l <"$TESTTMP/i3") - $(wc -l <"$TESTTMP/r3") ))
[ "$k" -gt 0 ] && ok "after the edit, $k files kept" || notok "after the edit, some files kept"
rm -rf clean
"$CONCORD" build -q --no-cache -o clean sources/*.md 2>/dev/null
if diff -r -x .concord-cache out clean >"$TESTTMP/d" 2>&1; then ok "kept files: out equals a clean build"; else notok "kept files: out equals a clean build"; detail <"$TESTTMP/d"; fi

# 3. never through a symbolic link: a kept file's place (or its folder)
# replaced by a link to a copy with the same bytes is refused, as any link
# in the output is, and the target is not touched
for what in file dir; do
  rm -rf out2 ext && cp -a clean out2 && mkdir ext
  if [ $what = file ]; then
    cp out2/akn/brent.xml ext/brent.xml && rm out2/akn/brent.xml && ln -s "$w/ext/brent.xml" out2/akn/brent.xml
  else
    cp -a out2/akn ext/akn && rm -rf out2/akn && ln -s "$w/ext/akn" out2/akn
  fi
  before=$(cd ext && find . -type f -printf '%p %i %s %T@\n' | sort)
  "$CONCORD" build -q --no-cache -o out2 sources/*.md 2>"$TESTTMP/e4"; rc=$?
  after=$(cd ext && find . -type f -printf '%p %i %s %T@\n' | sort)
  [ $rc -ne 0 ] && grep -q "symbolic link" "$TESTTMP/e4" && ok "a $what link where a kept file was: refused" \
    || { notok "a $what link where a kept file was: refused (exit $rc)"; detail <"$TESTTMP/e4"; }
  [ "$before" = "$after" ] && { [ -L out2/akn ] || [ -L out2/akn/brent.xml ]; } && ok "a $what link: its target untouched, the link left" \
    || notok "a $what link: its target untouched, the link left"
done
