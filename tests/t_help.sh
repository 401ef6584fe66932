#!/usr/bin/env bash
# Issue 22: help everywhere, from one option table. Every command's --help
# exits 0 and shows usage, each option of the table, an example and the
# exit status; every documented option is accepted and every other one is
# refused naming the command; the man page concord(1) renders without
# warnings and describes each command and option; the bash completion
# offers them.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# the commands, as concord --help lists them
"$CONCORD" --help >"$TESTTMP/main" 2>&1 || notok "concord --help exits 0"
cmds=$(awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}' "$TESTTMP/main")
[ "$(wc -w <<<"$cmds")" -ge 9 ] && ok "concord --help lists the commands ($(wc -w <<<"$cmds"))" ||
  { notok "concord --help lists the commands"; detail <"$TESTTMP/main"; }

"$CONCORD" __man >"$TESTTMP/concord.1" 2>"$TESTTMP/man.err" || notok "concord __man exits 0"
LC_ALL=C groff -ww -man -Tascii -P-c -P-b -P-u "$TESTTMP/concord.1" >"$TESTTMP/man.txt" 2>"$TESTTMP/groff.err"
[ -s "$TESTTMP/man.txt" ] && [ ! -s "$TESTTMP/groff.err" ] && ok "the man page renders with groff -ww without warnings" ||
  { notok "the man page renders with groff -ww without warnings"; detail <"$TESTTMP/groff.err"; }
"$CONCORD" __bash-completion >"$TESTTMP/concord.bash"
bash -n "$TESTTMP/concord.bash" && ok "the bash completion is valid bash" || notok "the bash completion is valid bash"

# completion: the words _concord offers after "concord WORD... CUR"
complete_words() {
  bash -c '. "$1"; shift; COMP_WORDS=(concord "$@"); COMP_CWORD=$(($# )); _concord; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$TESTTMP/concord.bash" "$@"
}

for cmd in $cmds; do
  "$CONCORD" "$cmd" --help >"$TESTTMP/h" 2>"$TESTTMP/h.err"; rc=$?
  problems=()
  [ $rc -eq 0 ] || problems+=("exit status $rc")
  [ -s "$TESTTMP/h.err" ] && problems+=("wrote to stderr")
  grep -q "^usage: concord $cmd" "$TESTTMP/h" || problems+=("no usage line")
  grep -q "^example:" "$TESTTMP/h" || problems+=("no example")
  grep -q "^exit status: " "$TESTTMP/h" || problems+=("no exit status")
  grep -q -- "-h, --help" "$TESTTMP/h" || problems+=("no -h, --help")
  "$CONCORD" __options "$cmd" >"$TESTTMP/opts" || problems+=("__options $cmd failed")
  nopts=0
  while read -r name alias_or_arg rest; do
    nopts=$((nopts + 1))
    alias="" arg=""
    case $alias_or_arg in -*) alias=$alias_or_arg; arg=$rest ;; *) arg=$alias_or_arg ;; esac
    grep -q -- "$name" "$TESTTMP/h" || problems+=("--help does not name $name")
    [ -z "$alias" ] || grep -q -- "$alias, $name" "$TESTTMP/h" || problems+=("--help does not name $alias")
    # man page: in the command's section (up to the next command)
    awk -v c="concord $cmd" '$0 ~ "^   "c"$"{on=1; next} /^   concord /{on=0} on' "$TESTTMP/man.txt" |
      grep -q -- "$name" || problems+=("the man page's $cmd section does not name $name")
    # the parser takes it: an unknown option would stop before --help
    if [ -n "$arg" ]; then "$CONCORD" "$cmd" "$name" x --help >/dev/null 2>"$TESTTMP/e"
    else "$CONCORD" "$cmd" "$name" --help >/dev/null 2>"$TESTTMP/e"; fi
    [ $? -eq 0 ] || problems+=("$name is documented but refused: $(head -1 "$TESTTMP/e")")
    complete_words "$cmd" "$name" "" >/dev/null # runs without error
    complete_words "$cmd" "${name:0:4}" | grep -qx -- "$name" || problems+=("completion does not offer $name")
  done <"$TESTTMP/opts"
  [ $nopts -gt 0 ] || problems+=("no options in the table")
  if [ ${#problems[@]} -eq 0 ]; then ok "concord $cmd: --help, man page, completion name its $nopts options"
  else notok "concord $cmd: --help, man page, completion name its options"; printf '%s\n' "${problems[@]}" | detail; fi
done

# an option of another command is refused, naming this one
"$CONCORD" check --output x >/dev/null 2>"$TESTTMP/e"; rc=$?
[ $rc -eq 2 ] && grep -q "concord check: --output is not an option of concord check" "$TESTTMP/e" &&
  ok "an option of another command is refused, naming the command" ||
  { notok "an option of another command is refused, naming the command (rc $rc)"; detail <"$TESTTMP/e"; }
for cmd in $cmds; do
  "$CONCORD" "$cmd" --no-such-option >/dev/null 2>"$TESTTMP/e"; rc=$?
  [ $rc -eq 2 ] && grep -q "unknown option '--no-such-option' for concord $cmd" "$TESTTMP/e" || {
    notok "concord $cmd: an unknown option exits 2 naming the command (rc $rc)"; detail <"$TESTTMP/e"; continue; }
  ok "concord $cmd: an unknown option exits 2 naming the command"
done

# the commands themselves complete
complete_words "bu" | grep -qx build && ok "completion offers the commands" || notok "completion offers the commands"
