# tests/lib.sh - helpers for shell test programs (source it).
#   check NAME CMD...       ok if CMD succeeds
#   check_fails NAME CMD... ok if CMD fails
#   same NAME FILE_A FILE_B ok if the files are byte-identical (diff shown otherwise)
#   populate DIR            an earlier build's output in DIR (a few files, fixed mtime)
#   listing DIR             every file and directory of DIR with mode, mtime and checksum
: "${CONCORD:=./concord}" "${ROOT:=.}" "${TESTTMP:=/tmp/concord-test}"
mkdir -p "$TESTTMP"
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
detail() { sed 's/^/  /' | head -40; }
check() { local n=$1; shift; if "$@" >"$TESTTMP/.out" 2>&1; then ok "$n"; else notok "$n"; detail <"$TESTTMP/.out"; fi; }
check_fails() { local n=$1; shift; if "$@" >"$TESTTMP/.out" 2>&1; then notok "$n (succeeded, expected failure)"; detail <"$TESTTMP/.out"; else ok "$n"; fi; }
same() { if cmp -s "$2" "$3"; then ok "$1"; else notok "$1"; diff -u "$2" "$3" | detail; fi; }

# An earlier build's output, for "bad input leaves out/ untouched" tests.
populate() {
  mkdir -p "$1/site/css" "$1/pdf"
  printf '<!doctype html><title>earlier build</title>\n' >"$1/site/index.html"
  printf 'body { color: black }\n' >"$1/site/css/style.css"
  printf '%%PDF-1.7 earlier\n' >"$1/pdf/example.pdf"
  printf '{"documents": []}\n' >"$1/corpus.json"
  touch -d '2020-01-01 00:00:00' "$1/corpus.json"
}

# True when FILE holds no ASan/UBSan report.
sanitizer_clean() { ! grep -qE 'Sanitizer|runtime error' "$1"; }

# failure_verdict NAME [PROBLEM...]: for a run that had to fail cleanly
# (stderr in $TESTTMP/stderr, output listings in $TESTTMP/before and
# after): ok without problems, else not ok with them, the stderr and how
# the output directory changed.
failure_verdict() {
  local name=$1
  shift
  if [ $# -eq 0 ]; then
    ok "$name"
  else
    notok "$name"
    { printf '%s\n' "$@"; echo "stderr:"; head -20 "$TESTTMP/stderr"
      diff "$TESTTMP/before" "$TESTTMP/after" | head -20; } | detail
  fi
}

# A private copy of the project's inputs (sources, hooks, themes) in DIR,
# for tests that edit them; the caller cds there.
project_copy() {
  rm -rf "$1" && mkdir -p "$1"
  cp -r "$ROOT/sources" "$ROOT/lua" "$ROOT/themes" "$1/"
}

# Every file and directory with its checksum, type, mode and mtime.
listing() {
  (cd "$1" && find . -print0 | sort -z | while IFS= read -r -d '' f; do
    if [ -f "$f" ]; then
      printf '%s %s %s\n' "$(stat -c '%A %Y' "$f")" "$(sha256sum <"$f" | cut -c1-64)" "$f"
    else
      printf '%s %s\n' "$(stat -c '%A' "$f")" "$f"
    fi
  done)
}
