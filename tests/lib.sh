# tests/lib.sh - helpers for shell test programs (source it).
#   check NAME CMD...       ok if CMD succeeds
#   check_fails NAME CMD... ok if CMD fails
#   same NAME FILE_A FILE_B ok if the files are byte-identical (diff shown otherwise)
: "${CONCORD:=./concord}" "${ROOT:=.}" "${TESTTMP:=/tmp/concord-test}"
mkdir -p "$TESTTMP"
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
detail() { sed 's/^/  /' | head -40; }
check() { local n=$1; shift; if "$@" >"$TESTTMP/.out" 2>&1; then ok "$n"; else notok "$n"; detail <"$TESTTMP/.out"; fi; }
check_fails() { local n=$1; shift; if "$@" >"$TESTTMP/.out" 2>&1; then notok "$n (succeeded, expected failure)"; detail <"$TESTTMP/.out"; else ok "$n"; fi; }
same() { if cmp -s "$2" "$3"; then ok "$1"; else notok "$1"; diff -u "$2" "$3" | detail; fi; }
