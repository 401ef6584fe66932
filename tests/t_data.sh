#!/usr/bin/env bash
# Issue 22: data a project lacks comes from the installed data folder
# ($CONCORD_DATADIR here, DATADIR from the Makefile's PREFIX otherwise);
# check validates topics against the taxonomy build would use, also for a
# file outside sources/; with no taxonomy at all it warns (--werror refuses);
# errors for missing data name the folders searched.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
bin=$(cd "$(dirname "$CONCORD")" && pwd)/$(basename "$CONCORD")

# a data folder laid out as make install lays it out
data="$TESTTMP/data"
mkdir -p "$data/templates"
cp -r themes "$data/themes"
cp tests/data/provisions/topics.yaml "$data/topics.yaml"
# an empty folder outside the repository, with one council
work="$TESTTMP/work"
mkdir -p "$work"
sed -n '1,14p' tests/data/provisions/alpha.md >"$work/alpha.md"
sed 's/{topic=mutual-respect}/{topic=no-such-topic}/' "$work/alpha.md" >"$work/bogus.md"
cd "$work" || exit 1
nodata="$TESTTMP/nodata" # does not exist

"$bin" -v --version >"$TESTTMP/v" 2>&1
grep -q "data directory: /" "$TESTTMP/v" && ok "--version -v names the data directory" ||
  { notok "--version -v names the data directory"; detail <"$TESTTMP/v"; }
CONCORD_DATADIR="$data" "$bin" --version -v >"$TESTTMP/v" 2>&1
grep -q "data directory: $data (from CONCORD_DATADIR)" "$TESTTMP/v" && ok "CONCORD_DATADIR overrides it" ||
  { notok "CONCORD_DATADIR overrides it"; detail <"$TESTTMP/v"; }

# check: a bogus topic outside sources/ fails against the installed taxonomy
CONCORD_DATADIR="$data" "$bin" check bogus.md >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "no-such-topic" "$TESTTMP/e" &&
  ok "check FILE.md outside sources/: a bogus topic fails" ||
  { notok "check FILE.md outside sources/: a bogus topic fails (rc $rc)"; detail <"$TESTTMP/e"; }
CONCORD_DATADIR="$data" "$bin" check alpha.md >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 0 ] && ! grep -q "warning" "$TESTTMP/e" && ok "check FILE.md: known topics pass" ||
  { notok "check FILE.md: known topics pass (rc $rc)"; detail <"$TESTTMP/e"; }
# a taxonomy beside the file comes first
printf 'themes:\n  - key: t\n    label: "T"\ntopics:\n  - key: no-such-topic\n    label: "Now known"\n    definition: "d"\n    theme: t\n' >topics.yaml
CONCORD_DATADIR="$data" "$bin" check -v bogus.md >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "protocol-purpose" "$TESTTMP/e" && ! grep -q "no-such-topic" "$TESTTMP/e" &&
  ok "the project's topics.yaml comes before the installed one" ||
  { notok "the project's topics.yaml comes before the installed one (rc $rc)"; detail <"$TESTTMP/e"; }
rm topics.yaml

# no taxonomy anywhere: a warning that says where it looked; --werror refuses
CONCORD_DATADIR="$nodata" "$bin" check bogus.md >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q "warning: no topic taxonomy found (looked for topics.yaml, $nodata/topics.yaml)" "$TESTTMP/e" &&
  ok "no taxonomy: check warns and names where it looked" ||
  { notok "no taxonomy: check warns and names where it looked (rc $rc)"; detail <"$TESTTMP/e"; }
CONCORD_DATADIR="$nodata" "$bin" check --werror bogus.md >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 1 ] && ok "no taxonomy: check --werror refuses" ||
  { notok "no taxonomy: check --werror refuses (rc $rc)"; detail <"$TESTTMP/e"; }

# build outside the repository: the installed theme; without it, the
# error names the folders searched
CONCORD_DATADIR="$data" "$bin" build -q --format html -o out alpha.md >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 0 ] && [ -f out/site/alpha.html ] && [ -f out/site/themes/default/style.css -o -d out/site/themes/default ] &&
  ok "build outside the repository uses the installed theme" ||
  { notok "build outside the repository uses the installed theme (rc $rc)"; detail <"$TESTTMP/e"; }
CONCORD_DATADIR="$nodata" "$bin" build -q --format html -o out2 alpha.md >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "theme 'default' not found.*$nodata/themes" "$TESTTMP/e" && [ ! -e out2/site ] &&
  ok "no theme: the error names the folders searched" ||
  { notok "no theme: the error names the folders searched (rc $rc)"; detail <"$TESTTMP/e"; }

# draft: no model protocol in the project or the data folder
printf 'council: Newtown Town Council\nslug: newtown\n' >"$TESTTMP/answers.yaml"
mkdir -p src && cp alpha.md src/ && cp "$data/topics.yaml" src/
CONCORD_DATADIR="$nodata" "$bin" draft --answers "$TESTTMP/answers.yaml" --sources src -o d.md >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -ne 0 ] && [ ! -e d.md ] && grep -q "looked for sources/templates/protocol.md, $nodata/templates/protocol.md" "$TESTTMP/e" &&
  ok "draft without a model protocol names the paths searched, writes nothing" ||
  { notok "draft without a model protocol names the paths searched (rc $rc)"; detail <"$TESTTMP/e"; }

# import and review without a taxonomy name both places they looked
mkdir -p rv && cp alpha.md rv/
CONCORD_DATADIR="$nodata" "$bin" review rv/alpha.md --list >"$TESTTMP/e" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "looked for rv/topics.yaml, $nodata/topics.yaml" "$TESTTMP/e" &&
  ok "review without a taxonomy names the paths searched" ||
  { notok "review without a taxonomy names the paths searched (rc $rc)"; detail <"$TESTTMP/e"; }
printf '1. Purpose\n\n1.1 This protocol guides members and officers.\n' >plain.txt
CONCORD_DATADIR="$nodata" "$bin" import plain.txt --council "A Council" --slug a-council --sources rv >"$TESTTMP/o" 2>"$TESTTMP/e"; rc=$?
grep -q "looked for rv/topics.yaml, $nodata/topics.yaml" "$TESTTMP/e" &&
  ok "import without a taxonomy names the paths searched" ||
  { notok "import without a taxonomy names the paths searched (rc $rc)"; detail <"$TESTTMP/e"; }
