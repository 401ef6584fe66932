#!/usr/bin/env bash
# t_browser.sh - the HTML site in a real browser (issue 4).
#
# Builds the councils' site, serves it on a local port and, in Debian's
# headless Chromium driven by playwright-core (tests/browser/check.mjs):
#   axe-core, WCAG 2.2 A/AA tags, on every page: 0 violations
#   keyboard only: Tab reaches every link, each with a visible focus (the
#           matrix's table is one Tab stop: its links by the arrow keys);
#           Tab stops counted per page and reported
#   the matrix's filters and the two-council comparison, and both without
#           JavaScript (the whole table, every pair listed)
#   reflow: no horizontal scrolling at 320 CSS px
#   search: the header form leads to search.html?q=, whose results lead to
#           their clause with the matched words marked; "surgery" marks
#           Brent's "surgeries" (stemming); ?q= links and the council and
#           theme filters work; without JavaScript the forms stay hidden and
#           search.html points to the list of councils
#   the Nu HTML Checker (vnu-jar) on every page: 0 errors
#   screenshots of a council page at 1280 and 375 px (into $TESTTMP; `make
#   screenshots` writes the README's copies in docs/img/)
# The same checks run on a civic-theme site built from a source full of
# markup-like text, and a deliberately broken page proves axe and vnu fail.
#
# Needs node/npm, chromium and java (Makefile DEBIAN_PACKAGES; node comes
# with the machine); skips with a reason if one is missing. The npm packages
# (pinned in tests/browser/package-lock.json) are installed into
# tests/browser/node_modules by `npm ci` when missing.
set -u
: "${ROOT:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$ROOT/tests/lib.sh"
B="$ROOT/tests/browser"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

missing=""
command -v node >/dev/null || missing="$missing node"
command -v npm >/dev/null || missing="$missing npm"
[ -x "$CHROMIUM" ] || missing="$missing chromium"
command -v java >/dev/null || missing="$missing java"
if [ -n "$missing" ]; then
  echo "skip - browser checks (not installed:$missing; run make deps)"
  exit 0
fi

# npm ci when node_modules is missing or older than the lock file;
# --ignore-scripts: vnu-jar's install script would download a Java runtime
if [ ! -f "$B/node_modules/.package-lock.json" ] || [ "$B/package-lock.json" -nt "$B/node_modules/.package-lock.json" ]; then
  if (cd "$B" && npm ci --ignore-scripts --no-audit --no-fund) >"$TESTTMP/npm.log" 2>&1; then
    ok "npm ci (tests/browser)"
  else
    notok "npm ci (tests/browser)"; detail <"$TESTTMP/npm.log"
    exit 1
  fi
fi

export SOURCE_DATE_EPOCH=1700000000
out="$TESTTMP/out"
if ! (cd "$ROOT" && "$CONCORD" build -q --format json,html,matrix -o "$out" sources/*.md) >"$TESTTMP/build.log" 2>&1; then
  notok "build the councils' site"; detail <"$TESTTMP/build.log"
  exit 1
fi
ok "build the councils' site"
check "search index written" test -s "$out/site/search-index.json"

# runs check.mjs; a crash that printed no "not ok" still fails
browser_check() {
  local log="$TESTTMP/check.$$.$RANDOM.log" rc
  node "$B/check.mjs" "$@" >"$log" 2>&1
  rc=$?
  cat "$log"
  if [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$log"; then
    notok "check.mjs $* exited with status $rc"; tail -20 "$log" | detail
  fi
}

# the matrix and every two-council page (compare/) too: their filters and
# picker with and without JavaScript (--matrix), and the Tab stops of
# every page, listed at the end ("# tab stops: ...")
browser_check --site "$out/site" --search "gifts" --stemmed surgery:surgeries --broad officers --vnu --matrix --pages compare/ \
  --screenshots "$TESTTMP/img" --shot brent

# the page of `concord compare` (self-contained: its own styles, no links
# out): axe, vnu, reflow, Tab stops
cmp="$TESTTMP/compare-cmd"
mkdir -p "$cmp"
if (cd "$ROOT" && "$CONCORD" compare -q brent cheshire-west-and-chester -o "$cmp/compare.html") >"$TESTTMP/cmp.log" 2>&1; then
  ok "concord compare writes a page"
  browser_check --site "$cmp" --label "concord compare" --vnu
else
  notok "concord compare writes a page"; detail <"$TESTTMP/cmp.log"
fi

# pages that cite provisions (docs/provisions.md): the provisions fixture,
# whose items carry topics, with its matrix and topic pages ("Also in" in
# items, cells citing 2.9(b)(ii), an item quoted after its lead-in)
fx="$TESTTMP/provisions"
mkdir -p "$fx" && cp "$ROOT"/tests/data/provisions/*.md "$ROOT"/tests/data/provisions/topics.yaml "$fx/" && rm -f "$fx/README.md"
if (cd "$ROOT" && "$CONCORD" build -q --format html,matrix -o "$fx/out" --topics "$fx/topics.yaml" \
      "$fx/alpha.md" "$fx/beta.md" "$fx/gamma.md") >"$TESTTMP/build3.log" 2>&1; then
  ok "build the provisions fixture's site"
  browser_check --site "$fx/out/site" --label provisions --vnu \
    --pages topics/mutual-respect.html,topics/act-within-policies.html
else
  notok "build the provisions fixture's site"; detail <"$TESTTMP/build3.log"
fi

# a civic-theme source whose text looks like markup: the checks, and search
# must show that text as text
src="$TESTTMP/src"
mkdir -p "$src"
cat >"$src/hostile.md" <<'EOF'
---
council: "Hostile & <b>Bold</b> Council"
slug: hostile
title: "A \"quoted\" <i>title</i>"
theme: civic
---

## 1. Heading \<img src=x onerror=alert(1)>

1.1 Text with \<script>alert(1)\</script> & ampersand and a [link](https://example.org/?a=1&b="2") and café.[^1]

1.2 See paragraph 1.1.

[^1]: A footnote with \<em>.
EOF
if (cd "$ROOT" && "$CONCORD" build -q --format html -o "$TESTTMP/hostile" "$src/hostile.md") >"$TESTTMP/build2.log" 2>&1; then
  ok "build a civic-theme source with markup-like text"
  browser_check --site "$TESTTMP/hostile/site" --label civic --hostile --vnu
else
  notok "build a civic-theme source with markup-like text"; detail <"$TESTTMP/build2.log"
fi

# the checks can fail: a page with an image without alt text and a <div>
# inside a <span> must fail both axe and vnu
bad="$TESTTMP/bad"
mkdir -p "$bad"
cat >"$bad/bad.html" <<'EOF'
<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1>Bad</h1><img src="x.png"><span><div>block in inline</div></span></main></body></html>
EOF
node "$B/check.mjs" --site "$bad" --label canary --vnu >"$TESTTMP/bad.log" 2>&1
if grep -q '^not ok - canary: axe: bad.html' "$TESTTMP/bad.log" && grep -q '^not ok - canary: vnu: bad.html' "$TESTTMP/bad.log"; then
  ok "axe and vnu both fail a broken page"
else
  notok "axe and vnu both fail a broken page"; detail <"$TESTTMP/bad.log"
fi
exit 0
