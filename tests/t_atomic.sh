#!/usr/bin/env bash
# tests/t_atomic.sh - a build killed with kill -9 at any moment leaves every
# file in out/ either the complete old version or the complete new one,
# and the next build cleans up the killed build's staging directory.
#
# A project of COPIES copies of the five councils (slugs renamed) is built
# once ("old"), then changed and built into a separate directory ("new",
# the reference: builds are deterministic with SOURCE_DATE_EPOCH). Then,
# ROUNDS times: out/ is reset to the old build, the new build starts into
# it and is killed with SIGKILL at a random moment of its run. Every file
# left in out/ (outside .concord-staging-*) must be byte-identical to the
# old or the new version of that path, and parse: JSON with json, HTML
# with html.parser (every element closed as opened), PDFs with qpdf
# --check. (.concord-* files at the top are build state, not outputs, and
# are not compared.) Finally a build runs to the end in out/: it must equal the new
# build, with no staging directory left.
. "$(dirname "$0")/lib.sh"

COPIES=${ATOMIC_COPIES:-10}
ROUNDS=${ATOMIC_ROUNDS:-5}
CONCORD_ABS=$(cd "$(dirname "$CONCORD")" && pwd)/$(basename "$CONCORD")
export SOURCE_DATE_EPOCH=1700000000
P="$TESTTMP/proj"
rm -rf "$P" && mkdir -p "$P/sources" "$P/lua"
cp -r "$ROOT/themes" "$P/themes"
cp "$ROOT/sources/topics.yaml" "$P/sources/"
for i in $(seq 1 "$COPIES"); do
  for f in "$ROOT"/sources/*.md; do
    slug=$(basename "$f" .md)
    sed "s/^slug: .*/slug: $slug-$i/" "$f" >"$P/sources/$slug-$i.md"
    [ -f "$ROOT/lua/$slug.lua" ] && cp "$ROOT/lua/$slug.lua" "$P/lua/$slug-$i.lua"
  done
done

build() { # build OUTDIR: the whole project
  (cd "$P" && exec "$CONCORD_ABS" build -q -o "$1" sources/*.md)
}

OLD="$TESTTMP/old" NEW="$TESTTMP/new" OUT="$TESTTMP/out"
rm -rf "$OLD" "$NEW" "$OUT"
if ! build "$OLD" 2>"$TESTTMP/err"; then
  notok "atomic: the old build"; detail <"$TESTTMP/err"; exit 0
fi
# the project as it was, for the kills during the commit step (below)
rm -rf "$TESTTMP/proj-old" && cp -r "$P" "$TESTTMP/proj-old"
# the change: a closing paragraph in every council, so every page, PDF and
# export differs
for f in "$P"/sources/*-*.md; do printf '\nThis protocol was amended by the Council.\n' >>"$f"; done
t0=$(date +%s%N)
if ! build "$NEW" 2>"$TESTTMP/err"; then
  notok "atomic: the new build"; detail <"$TESTTMP/err"; exit 0
fi
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
cmp -s "$OLD/corpus.json" "$NEW/corpus.json" && notok "atomic: the change changes the outputs"

# check DIR: every file is the old or the new version and parses
check_dir() {
  python3 - "$1" "$OLD" "$NEW" <<'EOF'
import hashlib, html.parser, json, os, subprocess, sys
out, old, new = sys.argv[1:4]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
class Strict(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID: self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            raise ValueError("</%s> does not close <%s>" % (tag, self.stack[-1] if self.stack else ""))
        self.stack.pop()
def digest(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest() if os.path.isfile(p) else None
problems, counts = [], {"old": 0, "new": 0}
for dirpath, dirs, files in os.walk(out):
    dirs[:] = [d for d in dirs if not d.startswith(".concord-staging-")]
    for f in files:
        if dirpath == out and f.startswith(".concord-"):
            continue  # build state (the incremental cache), not a published output
        p = os.path.join(dirpath, f)
        rel = os.path.relpath(p, out)
        h = digest(p)
        if h == digest(os.path.join(old, rel)): counts["old"] += 1
        elif h == digest(os.path.join(new, rel)): counts["new"] += 1
        else: problems.append("%s: neither the old nor the new version" % rel); continue
        try:
            if f.endswith(".json"): json.load(open(p, encoding="utf-8"))
            elif f.endswith(".html"):
                s = Strict(); s.feed(open(p, encoding="utf-8").read()); s.close()
                if s.stack: raise ValueError("unclosed <%s>" % s.stack[-1])
            elif f.endswith(".pdf"):
                r = subprocess.run(["qpdf", "--check", p], capture_output=True, text=True)
                if r.returncode != 0: raise ValueError(r.stdout[-300:] + r.stderr[-300:])
        except Exception as e:
            problems.append("%s: does not parse: %s" % (rel, e))
print("%d old, %d new" % (counts["old"], counts["new"]))
for p in problems[:20]: print(p)
sys.exit(1 if problems else 0)
EOF
}

# out_intact WHEN: after a killed build, every file in $OUT is complete,
# old or new (check_dir's first line says how many of each)
out_intact() {
  if check_dir "$OUT" >"$TESTTMP/check" 2>&1; then
    ok "atomic: $1: every file complete, old or new ($(head -1 "$TESTTMP/check"))"
  else
    notok "atomic: $1: every file complete, old or new"
    detail <"$TESTTMP/check"
  fi
}

for r in $(seq 1 "$ROUNDS"); do
  rm -rf "$OUT" && cp -a "$OLD" "$OUT"
  # without the incremental cache the build redoes everything, so the kill
  # lands in a build as long as the one timed above
  rm -f "$OUT"/.concord-cache*
  # a moment between 5% and 95% of a full build
  delay=$(( ms * (5 + RANDOM % 91) / 100 ))
  # (not the function: $! must be concord itself, not a subshell around it)
  (cd "$P" && exec "$CONCORD_ABS" build -q -o "$OUT" sources/*.md) 2>/dev/null &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  out_intact "killed at ${delay} ms of ~${ms} ms"
done

# one more, killed while the build moves its files into place: as soon as
# the first new file appears in out/ (the renames take milliseconds, so
# this often leaves a mix of old and new files)
rm -rf "$OUT" && cp -a "$OLD" "$OUT" && rm -f "$OUT"/.concord-cache*
touch "$TESTTMP/stamp"
sleep 1 # file times must tell the old files from the new
(cd "$P" && exec "$CONCORD_ABS" build -q -o "$OUT" sources/*.md) 2>/dev/null &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  # (2>/dev/null: the switch replaces out/ while find walks it)
  if [ -n "$(find "$OUT" -path "$OUT/.concord-staging-*" -prune -o -type f -newer "$TESTTMP/stamp" -print -quit 2>/dev/null)" ]; then
    kill -9 "$pid" 2>/dev/null
    break
  fi
done
wait "$pid" 2>/dev/null
out_intact "killed while moving files into place"

# ---- kills during the commit step: out/ is one whole build, always ----
# Readers must see the old output or the new one, never a mix (README,
# "Limits and hostile input"). COMMIT_ROUNDS builds (HTML, JSON, AKN: the
# commit is the same for every format, and these are quick) are killed
# once their last staged file (the incremental cache, written just before
# the commit) exists, at once or after a random pause of 0-9 ms: out/
# must then be byte for byte the whole old build or the whole new one.
COMMIT_ROUNDS=${ATOMIC_COMMIT_ROUNDS:-30}
C="$TESTTMP/commit"
rm -rf "$C" && mkdir -p "$C"
cbuild() { # cbuild PROJECT OUTDIR
  (cd "$1" && exec "$CONCORD_ABS" build -q --format html,json,akn -o "$2" sources/*.md)
}
if cbuild "$TESTTMP/proj-old" "$C/old" 2>"$TESTTMP/err" && cbuild "$P" "$C/new" 2>>"$TESTTMP/err"; then
  nold=0 nnew=0 nkilled=0 mixed=()
  for r in $(seq 1 "$COMMIT_ROUNDS"); do
    rm -rf "$C/out" && cp -a "$C/old" "$C/out" && rm -f "$C/out"/.concord-cache*
    (cd "$P" && exec "$CONCORD_ABS" build -q --format html,json,akn -o "$C/out" sources/*.md) 2>/dev/null &
    pid=$!
    # the cache is staged beside out/ (switch) or inside it (per file)
    while kill -0 "$pid" 2>/dev/null && [ ! -e "$C/.out.concord-next-$pid/.concord-cache" ] &&
          [ ! -e "$C/out/.concord-staging-$pid/.concord-cache" ]; do :; done
    # half the rounds at once (inside the linking), half 0-9 ms later
    if ((RANDOM % 2)); then sleep "0.00$((RANDOM % 10))"; fi
    kill -9 "$pid" 2>/dev/null && nkilled=$((nkilled + 1))
    wait "$pid" 2>/dev/null
    if diff -r -q --exclude='.concord-*' "$C/old" "$C/out" >/dev/null 2>&1; then nold=$((nold + 1))
    elif diff -r -q --exclude='.concord-*' "$C/new" "$C/out" >/dev/null 2>&1; then nnew=$((nnew + 1))
    else mixed+=("round $r: $(diff -r -q --exclude='.concord-*' "$C/new" "$C/out" 2>&1 | head -3 | tr '\n' ' ')")
    fi
  done
  if [ ${#mixed[@]} -eq 0 ]; then
    ok "atomic: $COMMIT_ROUNDS builds killed in the commit step: out/ whole ($nold old, $nnew new, $nkilled killed before the end)"
  else
    notok "atomic: $COMMIT_ROUNDS builds killed in the commit step: out/ whole"
    printf '%s\n' "${mixed[@]}" | detail
  fi
  # the switch leaves nothing beside out/ once the next build has run
  cbuild "$P" "$C/out" 2>/dev/null
  left=$(cd "$C" && ls -a | grep -c '^\.out\.concord-' || true)
  if [ "$left" -eq 0 ] && diff -r -q --exclude='.concord-*' "$C/new" "$C/out" >/dev/null 2>&1; then
    ok "atomic: after the kills a build completes and leaves no staging beside out/"
  else
    notok "atomic: after the kills a build completes and leaves no staging beside out/"
    ls -a "$C" | detail
  fi
else
  notok "atomic: builds for the commit-step kills"; detail <"$TESTTMP/err"
fi

# the next build finishes the job and removes the killed build's staging
if build "$OUT" 2>"$TESTTMP/err" && ! ls -a "$OUT" | grep -q '^\.concord-staging-' && diff -r --exclude='.concord-*' "$NEW" "$OUT" >"$TESTTMP/diff" 2>&1; then
  ok "atomic: a build after the kills equals the new build, staging cleaned up"
else
  notok "atomic: a build after the kills equals the new build, staging cleaned up"
  cat "$TESTTMP/err" "$TESTTMP/diff" | detail
fi
