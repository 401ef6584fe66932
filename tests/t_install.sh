#!/usr/bin/env bash
# Issue 22: make install DESTDIR=... PREFIX=/usr puts the binary, its data,
# the man page and the bash completion in place; from an empty folder
# outside the repository the installed binary (its data found through
# CONCORD_DATADIR, as the install is relocated under DESTDIR) runs import,
# draft, check, build and diff; the man page renders without warnings;
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
MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$man1" >"$TESTTMP/man.txt" 2>"$TESTTMP/man.err"; rc=$?
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
mkdir -p sources
step "installed: import a plain-text protocol" \
  "$c" import "$ROOT/tests/data/import-samples/chard-town-council.txt" --council "Chard Town Council" \
  --slug chard -o sources/chard.md
printf 'council: Newtown Town Council\nslug: newtown\n' >answers.yaml
step "installed: draft from the installed model protocol" "$c" draft --answers answers.yaml
[ -f sources/newtown.md ] && ok "draft wrote sources/newtown.md" || notok "draft wrote sources/newtown.md"
step "installed: check" "$c" check
step "installed: build with the installed theme and taxonomy" "$c" build -q --format html,json,pdf
[ -f out/site/newtown.html ] && [ -f out/site/themes/default/style.css ] && [ -f out/pdf/newtown.pdf ] &&
  grep -q '"key"' out/corpus.json && ok "build wrote the site, its theme, the PDF and corpus.json" ||
  { notok "build wrote the site, its theme, the PDF and corpus.json"; find out | head -20 | detail; }
cp sources/newtown.md old.md
sed -i '0,/officers/s//staff/' sources/newtown.md
step "installed: diff" "$c" diff --format text old.md sources/newtown.md
grep -q '{+staff+}' "$TESTTMP/step.out" && ok "diff shows the edit" || { notok "diff shows the edit"; detail <"$TESTTMP/step.out"; }
cd "$ROOT" || exit 1

make -s -C "$ROOT" -o "$bin" uninstall BIN="$bin" GEN="$gen" DESTDIR="$dest" PREFIX=/usr \
  >"$TESTTMP/uninstall.log" 2>&1; rc=$?
left=$(find "$dest" -type f -o -type l | head -20)
[ $rc -eq 0 ] && [ -z "$left" ] && [ ! -e "$dest/usr/share/concord" ] &&
  ok "make uninstall leaves nothing behind" ||
  { notok "make uninstall leaves nothing behind (rc $rc)"; { cat "$TESTTMP/uninstall.log"; echo "$left"; } | detail; }
