#!/usr/bin/env bash
# t_layers - the dependency rules of compiler/ (tests/lint/layers.py,
# compiler/LAYERS, docs/architecture.md): the tree as it is passes, and a
# deliberate upward include, a cycle between folders and a cycle between
# modules' symbols each fail with a message naming them.
. "$ROOT/tests/lib.sh"
LINT="$ROOT/tests/lint/layers.py"

check "the tree's includes follow compiler/LAYERS" python3 "$LINT" --root "$ROOT/compiler"

tree() { rm -rf "$TESTTMP/c"; cp -r "$ROOT/compiler" "$TESTTMP/c"; }

# an upward include: base/ reaching into build/
tree
sed -i '0,/#include "base\/buf.h"/s//#include "base\/buf.h"\n#include "build\/pipeline.h"/' "$TESTTMP/c/base/diag.c"
grep -q 'build/pipeline.h' "$TESTTMP/c/base/diag.c" || notok "test set-up: the upward include applies"
python3 "$LINT" --root "$TESTTMP/c" >"$TESTTMP/up.txt" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'base/diag.c:[0-9]*:1: error: base/ may not include build/pipeline.h' "$TESTTMP/up.txt" \
  && ok "an upward include fails the lint, with file:line" || { notok "an upward include fails the lint (status $rc)"; detail <"$TESTTMP/up.txt"; }

# a cycle between folders that LAYERS would allow one way only: link/
# allowed to include read/, and read/ to include link/
tree
sed -i 's/^link: *base model$/link: base model read/; s/^read: *base model$/read: base model link/' "$TESTTMP/c/LAYERS"
echo '#include "link/linker.h"' >>"$TESTTMP/c/read/attrs.c"
echo '#include "read/reader.h"' >>"$TESTTMP/c/link/linker.c"
python3 "$LINT" --root "$TESTTMP/c" >"$TESTTMP/cyc.txt" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'folders include each other in a cycle among: link, read' "$TESTTMP/cyc.txt" \
  && ok "a cycle between folders fails the lint" || { notok "a cycle between folders fails the lint (status $rc)"; detail <"$TESTTMP/cyc.txt"; }

# a bare include hides the layer it reaches into
tree
echo '#include "buf.h"' >>"$TESTTMP/c/model/model.c"
python3 "$LINT" --root "$TESTTMP/c" >"$TESTTMP/bare.txt" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'model/model.c:.*include "buf.h" is not a file under compiler/' "$TESTTMP/bare.txt" \
  && ok "an include without its folder fails the lint" || { notok "an include without its folder fails the lint (status $rc)"; detail <"$TESTTMP/bare.txt"; }

# modules whose symbols call each other (what includes cannot show: a
# function declared in one module's header but defined in another's)
mkdir -p "$TESTTMP/objs/x"
printf 'void b_fn(void);\nvoid a_fn(void);\nvoid a_fn(void) { b_fn(); }\n' >"$TESTTMP/a.c"
printf 'void a_fn(void);\nvoid b_fn(void);\nvoid b_fn(void) { a_fn(); }\n' >"$TESTTMP/b.c"
printf 'void c_fn(void);\nvoid a_fn(void);\nvoid c_fn(void) { a_fn(); }\n' >"$TESTTMP/cc.c"
cc -c -o "$TESTTMP/objs/x/a.o" "$TESTTMP/a.c" && cc -c -o "$TESTTMP/objs/x/b.o" "$TESTTMP/b.c" \
  && cc -c -o "$TESTTMP/objs/x/c.o" "$TESTTMP/cc.c" || notok "test set-up: the objects compile"
python3 "$LINT" --root "$ROOT/compiler" --objects "$TESTTMP/objs" >"$TESTTMP/sym.txt" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'modules call each other in a cycle among: x/a, x/b;' "$TESTTMP/sym.txt" \
  && ! grep -q 'x/c' "$TESTTMP/sym.txt" \
  && ok "modules calling each other fail the lint; a one-way call does not" || { notok "modules calling each other fail the lint (status $rc)"; detail <"$TESTTMP/sym.txt"; }
