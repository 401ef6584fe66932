#!/usr/bin/env bash
# tests/t_bad_project.sh - hostile input that needs a project layout (themes/,
# lua/, an output directory on a special filesystem), and the odd inputs
# that must SUCCEED: CRLF, lone CR and BOM files (with the same positions as
# the LF file), reference cycles, 100,000 clauses.
#
# Failing cases check, as t_bad_input.sh does: exit status 1, the
# diagnostic on stderr, no sanitizer report, and the output directory
# byte for byte as an earlier build left it. Cases that need root (a
# read-only mount, a full tmpfs) are skipped with the reason when the
# mount can't be made.
. "$(dirname "$0")/lib.sh"

CONCORD_ABS=$(cd "$(dirname "$CONCORD")" && pwd)/$(basename "$CONCORD")
P="$TESTTMP/proj"
rm -rf "$P" && mkdir -p "$P/sources" "$P/lua"
cp -r "$ROOT/themes" "$P/themes"
cp "$ROOT/sources/topics.yaml" "$P/sources/"
FM=$'---\ncouncil: Example Council\nslug: example\ntitle: Example Protocol\n---\n'

MOUNTS=()
cleanup() { for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done; }
trap cleanup EXIT

# fails NAME OUTDIR EXPECTED-STDERR-FRAGMENT COMMAND...: run in the
# project, expect exit 1, the fragment on stderr, OUTDIR unchanged.
fails() {
  local name=$1 out=$2 frag=$3
  shift 3
  listing "$out" >"$TESTTMP/before" 2>/dev/null
  local rc=0
  (cd "$P" && "$@") >"$TESTTMP/stdout" 2>"$TESTTMP/stderr" || rc=$?
  listing "$out" >"$TESTTMP/after" 2>/dev/null
  local problems=()
  [ "$rc" -eq 1 ] || problems+=("exit status $rc, expected 1")
  grep -qF -- "$frag" "$TESTTMP/stderr" || problems+=("no '$frag' on stderr")
  cmp -s "$TESTTMP/before" "$TESTTMP/after" || problems+=("the output directory changed")
  sanitizer_clean "$TESTTMP/stderr" || problems+=("sanitizer report")
  failure_verdict "bad project: $name" "${problems[@]}"
}

# ---- line ends and BOM: must build, with the positions of the LF file ----
LF="$P/sources/lf.md"
{ printf '%s' "$FM"
  printf '\n## 1. INTRODUCTION\n\n'
  printf '1.1 The purpose, see paragraph 9.9. {topic=protocol-purpose}\n\n'
  printf '1.2 Officers {colour=red} advise. {topic=protocol-purpose}\n'
  printf '  more text on a second line, see paragraph 8.8.\n'
} >"$LF"
(cd "$P" && "$CONCORD_ABS" dump sources/lf.md) >"$TESTTMP/lf.dump" 2>&1
sed 's/$/\r/' "$LF" >"$P/sources/crlf.md"
tr '\n' '\r' <"$LF" >"$P/sources/cr.md"
{ printf '\xef\xbb\xbf'; cat "$LF"; } >"$P/sources/bom.md"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$LF"; } >"$P/sources/bom-crlf.md"
# the positions themselves, as a person counts them in the LF file
want1='"9:22: warning: '"'"'paragraph 9.9'"'"' names no clause'
want2='"12:35: warning: '"'"'paragraph 8.8'"'"' names no clause'
if grep -qF "$want1" "$TESTTMP/lf.dump" && grep -qF "$want2" "$TESTTMP/lf.dump"; then
  ok "line ends: LF file has the expected positions"
else
  notok "line ends: LF file has the expected positions"; detail <"$TESTTMP/lf.dump"
fi
for v in crlf cr bom bom-crlf; do
  rc=0
  (cd "$P" && "$CONCORD_ABS" dump "sources/$v.md") >"$TESTTMP/$v.dump" 2>"$TESTTMP/$v.err" || rc=$?
  if [ "$rc" -eq 0 ] && cmp -s "$TESTTMP/lf.dump" "$TESTTMP/$v.dump" && sanitizer_clean "$TESTTMP/$v.err"; then
    ok "line ends: $v file reads as the LF file (same model, same line:col)"
  else
    notok "line ends: $v file reads as the LF file (same model, same line:col)"
    { echo "exit $rc"; diff "$TESTTMP/lf.dump" "$TESTTMP/$v.dump"; cat "$TESTTMP/$v.err"; } | detail
  fi
  rc=0
  (cd "$P" && "$CONCORD_ABS" build -q -o "$TESTTMP/out-$v" "sources/$v.md") >/dev/null 2>"$TESTTMP/$v.err" || rc=$?
  if [ "$rc" -eq 0 ] && [ -f "$TESTTMP/out-$v/site/example.html" ] && sanitizer_clean "$TESTTMP/$v.err"; then
    ok "line ends: $v file builds"
  else
    notok "line ends: $v file builds"; { echo "exit $rc"; cat "$TESTTMP/$v.err"; } | detail
  fi
done

# ---- reference cycles ----
# A "cycle" is clauses that refer to each other (1.1 -> 1.2 -> 1.1) or a
# clause that refers to itself (1.3 -> 1.3). That is ordinary legal text
# ("subject to paragraph 1.2" both ways), so it builds cleanly: every
# reference resolves, and no warning is given.
{ printf '%s' "$FM"
  printf '\n## 1. INTRODUCTION\n\n'
  printf '1.1 Subject to paragraph 1.2, officers advise. {topic=protocol-purpose}\n\n'
  printf '1.2 Subject to paragraph 1.1, members decide. {topic=protocol-purpose}\n\n'
  printf '1.3 This paragraph 1.3 refers to itself. {topic=protocol-purpose}\n'
} >"$P/sources/cycle.md"
rc=0
(cd "$P" && "$CONCORD_ABS" build --werror -o "$TESTTMP/out-cycle" sources/cycle.md) >/dev/null 2>"$TESTTMP/cycle.err" || rc=$?
if [ "$rc" -eq 0 ] && ! grep -q ': warning:\|: error:' "$TESTTMP/cycle.err" && python3 - "$TESTTMP/out-cycle/corpus.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))["documents"][0]
refs = {c["id"]: sorted(r.get("target") for r in c["refs"]) for c in doc["clauses"]}
want = {"para-1.1": ["para-1.2"], "para-1.2": ["para-1.1"], "para-1.3": ["para-1.3"]}
sys.exit(0 if all(refs.get(k) == v for k, v in want.items()) else "refs: %r" % refs)
EOF
then
  ok "reference cycles build cleanly with --werror, every reference resolved"
else
  notok "reference cycles build cleanly with --werror, every reference resolved"
  { echo "exit $rc"; cat "$TESTTMP/cycle.err"; } | detail
fi

# ---- 100,000 clauses ----
# big_source SECTIONS CLAUSES: $P/sources/big.md with SECTIONS sections
# of CLAUSES clauses each, every clause citing its section's first
big_source() {
  python3 - "$P/sources/big.md" "$1" "$2" <<'EOF'
import sys
path, nsec, ncl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = ["---\ncouncil: Big Council\nslug: big\ntitle: Big Protocol\n---\n\n"]
for s in range(1, nsec + 1):
    out.append("## %d. SECTION %d\n\n" % (s, s))
    for c in range(1, ncl + 1):
        out.append("%d.%d Officers advise members on matter %d, see paragraph %d.1.%s\n\n"
                   % (s, c, c, s, " {topic=protocol-purpose}" if c == 1 else ""))
open(path, "w").write("".join(out))
EOF
}
big_source 1000 100
rc=0
(cd "$P" && "$CONCORD_ABS" build -q --format json,html,akn,matrix -o "$TESTTMP/out-big" sources/big.md) \
  >/dev/null 2>"$TESTTMP/big.err" || rc=$?
n=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if l.startswith("{\"clause\"")))' \
    <(cd "$P" && "$CONCORD_ABS" dump sources/big.md 2>/dev/null) 2>/dev/null)
if [ "$rc" -eq 0 ] && [ "$n" = 100000 ] && [ -f "$TESTTMP/out-big/site/big.html" ] && sanitizer_clean "$TESTTMP/big.err"; then
  ok "100,000 clauses build (json, html, akn, matrix)"
else
  notok "100,000 clauses build (json, html, akn, matrix)"; { echo "exit $rc, $n clauses"; head "$TESTTMP/big.err"; } | detail
fi
rm -rf "$TESTTMP/out-big"
# the PDF of 10,000 clauses (320 pages): past libharu's 32,767-entry arrays
# in a flat structure tree, so this checks the number tree
big_source 100 100
rc=0
(cd "$P" && "$CONCORD_ABS" build -q --format pdf -o "$TESTTMP/out-bigpdf" sources/big.md) \
  >/dev/null 2>"$TESTTMP/big.err" || rc=$?
if [ "$rc" -eq 0 ] && qpdf --check "$TESTTMP/out-bigpdf/pdf/big.pdf" >"$TESTTMP/qpdf.out" 2>&1 && sanitizer_clean "$TESTTMP/big.err"; then
  ok "10,000 clauses: PDF builds and passes qpdf --check"
else
  notok "10,000 clauses: PDF builds and passes qpdf --check"; { echo "exit $rc"; head "$TESTTMP/big.err"; tail -3 "$TESTTMP/qpdf.out"; } | detail
fi
rm -rf "$TESTTMP/out-bigpdf" "$P/sources/big.md"

# ---- a good source for the failing cases below ----
{ printf '%s' "$FM"
  printf '\n## 1. INTRODUCTION\n\n1.1 The purpose of this Protocol. {topic=protocol-purpose}\n'
} >"$P/sources/good.md"

# ---- theme that is a symlink out of the project ----
mkdir -p "$TESTTMP/elsewhere"
cp "$ROOT/themes/default/"* "$TESTTMP/elsewhere/"
ln -sfn "$TESTTMP/elsewhere" "$P/themes/linked"
printf '%s' "$FM" | sed 's/^title: .*/&\ntheme: linked/' >"$P/sources/linked.md"
printf '\n1.1 Text. {topic=protocol-purpose}\n' >>"$P/sources/linked.md"
O="$TESTTMP/out-linked"; populate "$O"
fails "theme symlinked out of the project" "$O" "theme 'linked' (" "$CONCORD_ABS" build -o "$O" sources/linked.md
rm -f "$P/themes/linked"
# a theme file that is a symlink out (it would be published with the site)
ln -sf /etc/passwd "$P/themes/default/passwd.css"
O="$TESTTMP/out-asset"; populate "$O"
fails "theme file symlinked out of the theme" "$O" "theme file is a symlink to outside" "$CONCORD_ABS" build -o "$O" sources/good.md
rm -f "$P/themes/default/passwd.css"

# ---- output directory that can't be written ----
RO="$TESTTMP/ro"
mkdir -p "$RO"
if mount -t tmpfs -o size=4m tmpfs "$RO" 2>/dev/null; then
  MOUNTS+=("$RO")
  populate "$RO/out"
  if mount -o remount,ro "$RO" 2>/dev/null; then
    fails "read-only output directory" "$RO/out" "cannot write in output directory" "$CONCORD_ABS" build -o "$RO/out" sources/good.md
  else
    echo "skip - bad project: read-only output directory (cannot remount read-only here)"
  fi
  umount "$RO"
else
  echo "skip - bad project: read-only output directory (cannot mount a tmpfs: not root or no CAP_SYS_ADMIN)"
fi

# ---- full disk: a 200 KiB tmpfs, and a file size limit ----
FULL="$TESTTMP/full"
mkdir -p "$FULL"
if mount -t tmpfs -o size=200k tmpfs "$FULL" 2>/dev/null; then
  MOUNTS+=("$FULL")
  populate "$FULL/out"
  fails "full disk (200 KiB tmpfs)" "$FULL/out" "No space left on device" "$CONCORD_ABS" build -o "$FULL/out" sources/good.md
  umount "$FULL"
else
  echo "skip - bad project: full disk (cannot mount a tmpfs: not root or no CAP_SYS_ADMIN)"
fi
O="$TESTTMP/out-ulimit"; populate "$O"
# ulimit -f counts 512-byte blocks: 64 KiB, less than one council's PDF
fails "file size limit (ulimit -f)" "$O" "size limit" bash -c 'ulimit -f 128; exec "$0" "$@"' \
  "$CONCORD_ABS" build -o "$O" sources/good.md

# ---- a killed build's staging directory is cleaned up by the next build ----
O="$TESTTMP/out-stale"
mkdir -p "$O/.concord-staging-999999999/site" "$O/.concord-staging-$$/pdf"
echo half >"$O/.concord-staging-999999999/site/index.html"
echo half >"$O/.concord-staging-$$/pdf/x.pdf"
# a build still running (a process whose name says concord) keeps its own
mkdir -p "$TESTTMP/bin"
ln -sf "$(command -v sleep)" "$TESTTMP/bin/concord-sleeper"
"$TESTTMP/bin/concord-sleeper" 60 &
live=$!
mkdir -p "$O/.concord-staging-$live"
rc=0
(cd "$P" && "$CONCORD_ABS" build -q -o "$O" sources/good.md) >/dev/null 2>"$TESTTMP/stale.err" || rc=$?
left=$(cd "$O" && ls -a | grep '^\.concord-staging-' | tr '\n' ' ')
kill "$live" 2>/dev/null
wait "$live" 2>/dev/null
if [ "$rc" -eq 0 ] && [ "$left" = ".concord-staging-$live " ]; then
  ok "stale staging directories of dead builds are removed; a running build's is kept"
else
  notok "stale staging directories of dead builds are removed; a running build's is kept"
  { echo "exit $rc; left: $left (wanted .concord-staging-$live)"; cat "$TESTTMP/stale.err"; } | detail
fi
exit 0
