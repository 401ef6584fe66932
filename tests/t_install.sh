#!/usr/bin/env bash
# Issue 22: make install DESTDIR=... PREFIX=/usr puts the binary, its data,
# the man page and the bash completion in place; from an empty folder
# outside the repository the installed binary (its data found through
# CONCORD_DATADIR, as the install is relocated under DESTDIR) runs init,
# then build with no other step, check, import, draft and diff; init
# refuses a folder that is not empty (unless --force) and leaves nothing
# when a step fails; the man page renders without warnings;
# make uninstall leaves no file behind.
#
# The binary under test is installed as it is (make -o: not rebuilt), so
# the test neither rebuilds nor touches the repository's build/.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
bin=$(cd "$(dirname "$CONCORD")" && pwd)/$(basename "$CONCORD")
dest="$TESTTMP/dest"
gen="$TESTTMP/gen/"
work=$(mktemp -d "${TMPDIR:-/tmp}/concord-install.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

make -s -C "$ROOT" -o "$bin" install BIN="$bin" GEN="$gen" DESTDIR="$dest" PREFIX=/usr \
  >"$TESTTMP/install.log" 2>&1; rc=$?
[ $rc -eq 0 ] && ok "make install DESTDIR=... PREFIX=/usr" ||
  { notok "make install DESTDIR=... PREFIX=/usr (rc $rc)"; detail <"$TESTTMP/install.log"; }
missing=()
for f in usr/bin/concord usr/share/man/man1/concord.1 usr/share/bash-completion/completions/concord \
         usr/share/concord/topics.yaml usr/share/concord/templates/protocol.md \
         usr/share/concord/themes/default/template.html usr/share/concord/themes/default/style.css \
         usr/share/concord/themes/civic/template.html; do
  [ -f "$dest/$f" ] || missing+=("$f")
done
[ -x "$dest/usr/bin/concord" ] || missing+=("usr/bin/concord is not executable")
[ ${#missing[@]} -eq 0 ] && ok "install puts the binary, data, man page and completion in place" ||
  { notok "install puts the binary, data, man page and completion in place"; printf '%s\n' "${missing[@]}" | detail; }
cmp -s sources/topics.yaml "$dest/usr/share/concord/topics.yaml" && ok "the installed taxonomy is the repository's" ||
  notok "the installed taxonomy is the repository's"

# the man page: man -l and groff -ww, without a warning
man1="$dest/usr/share/man/man1/concord.1"
LC_ALL=C MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$man1" >"$TESTTMP/man.txt" 2>"$TESTTMP/man.err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$TESTTMP/man.err" ] && grep -q "concord build" "$TESTTMP/man.txt" &&
  grep -q "/usr/share/concord" "$TESTTMP/man.txt" &&
  ok "man -l renders the installed man page (it names the data directory)" ||
  { notok "man -l renders the installed man page (rc $rc)"; detail <"$TESTTMP/man.err"; }
LC_ALL=C groff -ww -man -Tutf8 "$man1" >/dev/null 2>"$TESTTMP/groff.err"
[ ! -s "$TESTTMP/groff.err" ] && ok "groff -ww: no warnings" ||
  { notok "groff -ww: no warnings"; detail <"$TESTTMP/groff.err"; }
bash -c '. "$1" && complete -p concord' _ "$dest/usr/share/bash-completion/completions/concord" \
  >/dev/null 2>&1 && ok "the installed completion registers for concord" ||
  notok "the installed completion registers for concord"

# an empty folder outside the repository
export CONCORD_DATADIR="$dest/usr/share/concord"
c="$dest/usr/bin/concord"
cd "$work" || exit 1
step() { # step NAME CMD...: ok if CMD succeeds (its output in $TESTTMP/step.out)
  local n=$1; shift
  if "$@" >"$TESTTMP/step.out" 2>&1; then ok "$n"; else notok "$n (rc $?)"; detail <"$TESTTMP/step.out"; fi
}
"$c" -v --version >"$TESTTMP/v" 2>&1
grep -q "data directory: $CONCORD_DATADIR (from CONCORD_DATADIR)" "$TESTTMP/v" &&
  ok "the installed binary names its data directory" || { notok "the installed binary names its data directory"; detail <"$TESTTMP/v"; }
# concord init, then build with no other step
step "installed: concord init DIR" "$c" init proj
for f in sources/example.md sources/topics.yaml lua/example.lua .gitignore .gitlab-ci.yml \
         .github/workflows/pages.yml README.md; do
  [ -f "proj/$f" ] || { notok "init wrote $f"; continue; }
  ok "init wrote $f"
done
cmp -s proj/sources/topics.yaml "$CONCORD_DATADIR/topics.yaml" && ok "init's topics.yaml is a copy of the installed one" ||
  notok "init's topics.yaml is a copy of the installed one"
grep -qx 'out/' proj/.gitignore && ok "init's .gitignore leaves out/ out" || notok "init's .gitignore leaves out/ out"
grep -q 'out/site' proj/.github/workflows/pages.yml && grep -q 'concord build' proj/.gitlab-ci.yml &&
  ok "init's CI files build and publish out/site" || notok "init's CI files build and publish out/site"
cd proj || exit 1
step "installed: check --werror in the new project" "$c" check --werror
step "installed: build in the new project, no other step" "$c" build -q
[ -f out/site/example.html ] && [ -f out/site/themes/default/style.css ] && [ -f out/pdf/example.pdf ] &&
  grep -q '"key"' out/corpus.json && ok "build wrote the site, its theme, the PDF and corpus.json" ||
  { notok "build wrote the site, its theme, the PDF and corpus.json"; find out | head -20 | detail; }
# the example hook is the starter's (lua/example.lua): its running footer is in the PDF
command -v pdftotext >/dev/null && {
  pdftotext out/pdf/example.pdf - 2>/dev/null | grep -q "Page 1 of" && ok "lua/example.lua applies to the starter" ||
    notok "lua/example.lua applies to the starter"; }
step "installed: import a plain-text protocol" \
  "$c" import "$ROOT/tests/data/import-samples/chard-town-council.txt" --council "Chard Town Council" \
  --slug chard -o sources/chard.md
printf 'council: Newtown Town Council\nslug: newtown\n' >"$work/answers.yaml"
step "installed: draft from the installed model protocol" "$c" draft --answers "$work/answers.yaml"
[ -f sources/newtown.md ] && ok "draft wrote sources/newtown.md" || notok "draft wrote sources/newtown.md"
step "installed: check the three" "$c" check
step "installed: build the three" "$c" build -q --format html,json
[ -f out/site/newtown.html ] && [ -f out/site/chard.html ] && ok "build wrote the new councils' pages" ||
  notok "build wrote the new councils' pages"
cp sources/newtown.md "$work/old.md"
sed -i '0,/officers/s//staff/' sources/newtown.md
step "installed: diff" "$c" diff --format text "$work/old.md" sources/newtown.md
grep -q '{+staff+}' "$TESTTMP/step.out" && ok "diff shows the edit" || { notok "diff shows the edit"; detail <"$TESTTMP/step.out"; }
cd "$work" || exit 1

# init refuses a folder that is not empty, unless --force
before=$(ls -A proj | sort | tr '\n' ' ')
"$c" init proj >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "is not empty" "$TESTTMP/e" && [ "$(ls -A proj | sort | tr '\n' ' ')" = "$before" ] &&
  ok "init refuses a folder that is not empty" || { notok "init refuses a folder that is not empty (rc $rc)"; detail <"$TESTTMP/e"; }
mkdir other && echo keep >other/notes.txt
step "init --force writes into a folder that is not empty" "$c" init --force other
[ -f other/sources/example.md ] && [ "$(cat other/notes.txt)" = keep ] && ok "init --force keeps the folder's other files" ||
  notok "init --force keeps the folder's other files"
# --draft and --import fill sources/ instead of the starter
step "init --draft ANSWERS" "$c" init --draft "$work/answers.yaml" p-draft
[ -f p-draft/sources/newtown.md ] && [ ! -e p-draft/sources/example.md ] && ok "init --draft wrote the draft only" ||
  notok "init --draft wrote the draft only"
step "init --import FILE" "$c" init -q --import "$ROOT/tests/data/import-samples/chard-town-council.txt" \
  --council "Chard Town Council" --slug chard p-import
[ -f p-import/sources/chard.md ] && (cd p-import && "$c" build -q --format html) && ok "init --import: builds" ||
  notok "init --import: builds"
# a failing step leaves nothing: bad answers
printf 'council: A Council\nslug: Not A Slug\n' >bad.yaml
"$c" init --draft bad.yaml p-bad >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -ne 0 ] && [ ! -e p-bad ] && ok "init with bad answers fails and leaves nothing" ||
  { notok "init with bad answers fails and leaves nothing (rc $rc)"; { cat "$TESTTMP/e"; find p-bad; } | detail; }
# no data: the error names where it looked
CONCORD_DATADIR="$work/none" "$c" init p-nodata >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "$work/none" "$TESTTMP/e" && [ ! -e p-nodata ] && ok "init without data names the folder searched" ||
  { notok "init without data names the folder searched (rc $rc)"; detail <"$TESTTMP/e"; }
cd "$ROOT" || exit 1

make -s -C "$ROOT" -o "$bin" uninstall BIN="$bin" GEN="$gen" DESTDIR="$dest" PREFIX=/usr \
  >"$TESTTMP/uninstall.log" 2>&1; rc=$?
left=$(find "$dest" -type f -o -type l | head -20)
[ $rc -eq 0 ] && [ -z "$left" ] && [ ! -e "$dest/usr/share/concord" ] &&
  ok "make uninstall leaves nothing behind" ||
  { notok "make uninstall leaves nothing behind (rc $rc)"; { cat "$TESTTMP/uninstall.log"; echo "$left"; } | detail; }

# make deb: the package's files and control (the binary under test is
# packed as it is; make deb itself builds one with PREFIX=/usr)
if command -v dpkg-deb >/dev/null; then
  make -s -C "$ROOT" -o "$bin" deb-package BIN="$bin" GEN="$gen" DEB_DIR="$TESTTMP/deb" PREFIX=/usr \
    >"$TESTTMP/deb.log" 2>&1; rc=$?
  debs=("$TESTTMP"/deb/concord_*.deb)
  if [ $rc -eq 0 ] && [ -f "${debs[0]}" ]; then
    ok "make deb-package builds a .deb"
    dpkg-deb --contents "${debs[0]}" | awk '{print $6}' >"$TESTTMP/deb.list"
    missing=()
    for f in ./usr/bin/concord ./usr/share/man/man1/concord.1.gz ./usr/share/bash-completion/completions/concord \
             ./usr/share/concord/topics.yaml ./usr/share/concord/templates/protocol.md \
             ./usr/share/concord/themes/default/template.html ./usr/share/concord/init/answers.yaml; do
      grep -qx -- "$f" "$TESTTMP/deb.list" || missing+=("$f")
    done
    [ ${#missing[@]} -eq 0 ] && ok "the .deb holds the binary, data, man page and completion" ||
      { notok "the .deb holds the binary, data, man page and completion"; printf '%s\n' "${missing[@]}" | detail; }
    dpkg-deb --field "${debs[0]}" Depends >"$TESTTMP/deb.depends"
    # every shared library the binary loads is a dependency, by its
    # package (which libraries are linked statically is Makefile
    # STATIC_LIBS: libharu and HarfBuzz ship no archive, so never)
    unowned=()
    for lib in $(ldd "$bin" | awk '/=> \//{print $3}'); do
      pkg=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null ||
            dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "/usr$(readlink -f "$lib")" 2>/dev/null)
      pkg=${pkg%%:*}
      # (a package name is compared as a whole item, not as a pattern:
      # libstdc++6 holds regular-expression characters)
      [ -n "$pkg" ] && tr ',' '\n' <"$TESTTMP/deb.depends" | sed 's/^ *//' | grep -qxF -- "$pkg" ||
        unowned+=("$lib (${pkg:-no package})")
    done
    grep -q "libhpdf" "$TESTTMP/deb.depends" && grep -q "libharfbuzz0b" "$TESTTMP/deb.depends" &&
      grep -q "fonts-liberation2" "$TESTTMP/deb.depends" && [ ${#unowned[@]} -eq 0 ] &&
      ok "the .deb depends on the libraries and fonts concord uses" ||
      { notok "the .deb depends on the libraries and fonts concord uses";
        { cat "$TESTTMP/deb.depends"; printf 'not a dependency: %s\n' "${unowned[@]}"; } | detail; }
    dpkg-deb -x "${debs[0]}" "$TESTTMP/deb/x" &&
      CONCORD_DATADIR="$TESTTMP/deb/x/usr/share/concord" "$TESTTMP/deb/x/usr/bin/concord" init "$work/p-deb" >/dev/null 2>&1 &&
      (cd "$work/p-deb" && CONCORD_DATADIR="$TESTTMP/deb/x/usr/share/concord" "$TESTTMP/deb/x/usr/bin/concord" build -q --format html) &&
      ok "the packed concord runs init and build" || notok "the packed concord runs init and build"
  else
    notok "make deb-package builds a .deb (rc $rc)"; detail <"$TESTTMP/deb.log"
  fi
else
  echo "skip - make deb (no dpkg-deb)"
fi
