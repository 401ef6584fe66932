#!/usr/bin/env bash
# tests/t_bad_input.sh - bad sources are refused, and refused cleanly.
#
# Each tests/bad/NAME.expect names one case. Its first line is the start of
# the diagnostic that must appear on stderr ("NAME.md:LINE:COL: error:", or
# "NAME.md: error:" for a problem with the file as a whole); its second line
# is a fragment of the message. An optional NAME.args holds extra options
# (e.g. --werror, for a case that is only a warning). The source is
# tests/bad/NAME.md, which may be missing on purpose (a path that does not
# exist) or be a directory.
#
# For each case, `concord build -o DIR NAME.md` is run (in tests/bad, with
# the project's taxonomy) on a DIR that already holds an earlier build; the
# checks are: exit status 1, the diagnostic on stderr, and DIR unchanged
# byte for byte (a failed build writes nothing).
. "$(dirname "$0")/lib.sh"

BAD="$ROOT/tests/bad"
CONCORD_ABS=$(cd "$(dirname "$CONCORD")" && pwd)/$(basename "$CONCORD")
TOPICS="$ROOT/sources/topics.yaml"

# run_case DIR NAME: builds NAME.md in DIR and checks the result against
# DIR/NAME.expect (and DIR/NAME.args).
run_case() {
  local dir=$1 name=$2
  local prefix fragment args=() out="$TESTTMP/out-$name"
  prefix=$(sed -n 1p "$dir/$name.expect")
  fragment=$(sed -n 2p "$dir/$name.expect")
  [ -f "$dir/$name.args" ] && read -r -a args <"$dir/$name.args"
  rm -rf "$out"
  populate "$out"
  listing "$out" >"$TESTTMP/before"
  local rc=0
  (cd "$dir" && "$CONCORD_ABS" build -o "$out" --topics "$TOPICS" "${args[@]}" "$name.md") \
    >"$TESTTMP/stdout" 2>"$TESTTMP/stderr" || rc=$?
  listing "$out" >"$TESTTMP/after"
  local problems=()
  [ "$rc" -eq 1 ] || problems+=("exit status $rc, expected 1")
  grep -F -- "$prefix" "$TESTTMP/stderr" | grep -qF -- "$fragment" ||
    problems+=("no diagnostic '$prefix ... $fragment ...' on stderr")
  cmp -s "$TESTTMP/before" "$TESTTMP/after" || problems+=("the output directory changed")
  sanitizer_clean "$TESTTMP/stderr" || problems+=("sanitizer report")
  failure_verdict "bad input: $name" "${problems[@]}"
}

n=0
for expect in "$BAD"/*.expect; do
  [ -e "$expect" ] || continue
  run_case "$BAD" "$(basename "$expect" .expect)"
  n=$((n + 1))
done
[ "$n" -gt 0 ] || notok "no cases in tests/bad"

# An unreadable file is made here, as git cannot keep a mode of 000. Root
# can read any file, so the case is skipped when the tests run as root.
mkdir -p "$TESTTMP/unreadable"
printf -- '---\ncouncil: C\nslug: c\ntitle: T\n---\n' >"$TESTTMP/unreadable/unreadable.md"
printf 'unreadable.md: error:\ncannot read: Permission denied\n' >"$TESTTMP/unreadable/unreadable.expect"
chmod 000 "$TESTTMP/unreadable/unreadable.md"
if [ -r "$TESTTMP/unreadable/unreadable.md" ]; then
  echo "skip - bad input: unreadable (running as root, which can read any file)"
else
  run_case "$TESTTMP/unreadable" unreadable
fi
chmod 600 "$TESTTMP/unreadable/unreadable.md"

# Cases too big to keep in git, or that need a symlink, are made here.
GEN="$TESTTMP/generated"
mkdir -p "$GEN"
FM=$'---\ncouncil: Example Council\nslug: example\ntitle: Example Protocol\n---\n\n## 1. INTRODUCTION\n\n'
# a 10 MB single line
{ printf '%s1.1 ' "$FM"; head -c 10000000 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$GEN/long-line.md"
printf 'long-line.md:9:1: error:\nline is 10000004 bytes long, more than the 1048576-byte limit\n' >"$GEN/long-line.expect"
# a file over the 64 MiB limit (sparse: nothing is read past the limit)
truncate -s 65M "$GEN/too-big.md"
printf 'too-big.md:1:1: error:\nmore than the 67108864-byte limit for one source\n' >"$GEN/too-big.expect"
# a hook file and a lua/<slug>.lua that are symlinks out of the project
mkdir -p "$GEN/lua"
ln -sf /etc/passwd "$GEN/lua/house.lua"
printf -- '---\ncouncil: Example Council\nslug: example\ntitle: Example Protocol\nhooks: lua/house.lua\n---\n\n1.1 Text.\n' >"$GEN/hook-symlink.md"
printf 'hook-symlink.md:5:8: error:\nleads outside the project through a symlink\n' >"$GEN/hook-symlink.expect"
ln -sf /etc/passwd "$GEN/lua/linked.lua"
printf -- '---\ncouncil: Example Council\nslug: linked\ntitle: Example Protocol\n---\n\n1.1 Text.\n' >"$GEN/slug-hook-symlink.md"
printf 'lua/linked.lua: error:\nLua hook file is a symlink to outside the project\n' >"$GEN/slug-hook-symlink.expect"
for expect in "$GEN"/*.expect; do
  run_case "$GEN" "$(basename "$expect" .expect)"
done
