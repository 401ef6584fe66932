#!/usr/bin/env node
// Real-browser checks of a built Concord site (issue 4), run by
// tests/t_browser.sh and `make screenshots`.
//
//   node check.mjs --site DIR [--label NAME] [--search WORD [--stemmed Q:FORM] [--broad WORD]] [--hostile]
//                  [--vnu] [--pages LIST] [--screenshots DIR --shot SLUG]
//
// Serves DIR over a local HTTP server (node's http module on a free port)
// and drives Debian's Chromium (CHROMIUM, default /usr/bin/chromium) with
// playwright-core. Prints one "ok - ..." / "not ok - ..." line per check
// (detail lines indented), and "# ..." lines with per-page figures:
//   axe-core (WCAG 2.2 A/AA tags) on every page: 0 violations
//   keyboard: Tab reaches every link, every focused element shows a focus
//             indicator (outline or box-shadow)
//   reflow: no horizontal scrolling at 320 CSS px
//   search: the header form leads to search.html?q=WORD, which shows
//           result links that lead to an existing id, with the matched
//           words in <mark>; ?q= links and the council and theme filters
//           work (--broad: a common word for the theme filter to narrow);
//           --stemmed Q:FORM: query Q marks FORM; without JavaScript
//           the forms stay hidden and search.html says what to do instead
//   --hostile: markup-like source text shown by search stays text
//   --vnu: the Nu HTML Checker (vnu-jar, needs java) on every page: 0 errors
//   --screenshots: PNGs of page SLUG at 1280 and 375 px wide (viewport
//                  height 1400) into DIR as SLUG-desktop.png, SLUG-mobile.png
//   --no-checks: skip the per-page checks (make screenshots)
//   --pages LIST: pages in subfolders to check as well, comma-separated
//                 ("topics/mutual-respect.html"; "compare/": every page of
//                 that folder); the site's own folder is always checked
//   --matrix: the matrix's filters, its grid's arrow keys and the
//             two-council comparison, with and without JavaScript
//             (docs/matrix.md)
// Tab stops: counted on every page checked, and listed together at the end
// ("# tab stops: ..."). A table the script made one Tab stop (role=grid,
// its links tabindex=-1) is walked with the arrow keys instead: every link
// in it must be reached that way.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, resolve, extname, normalize, sep, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const { chromium } = require('playwright-core');

const args = { label: '' };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--vnu' || a === '--hostile' || a === '--no-checks' || a === '--matrix') args[a.slice(2)] = true;
  else args[a.slice(2)] = process.argv[++i];
}
if (!args.site) { console.error('usage: check.mjs --site DIR ...'); process.exit(2); }
const site = resolve(args.site);
const tag = args.label ? args.label + ': ' : '';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let failures = 0;

function ok(name) { console.log('ok - ' + tag + name); }
function notok(name, detail) {
  failures++;
  console.log('not ok - ' + tag + name);
  for (const l of String(detail || '').split('\n').slice(0, 30)) if (l) console.log('  ' + l);
}
function check(name, cond, detail) { cond ? ok(name) : notok(name, detail); }
function note(s) { console.log('# ' + tag + s); }

const pages = readdirSync(site).filter((f) => f.endsWith('.html')).sort()
  .concat((args.pages ? args.pages.split(',').filter((p) => p) : []).flatMap((p) => p.endsWith('/')
    ? readdirSync(join(site, p)).filter((f) => f.endsWith('.html')).sort().map((f) => p + f) : [p]));

// ---- the Nu HTML Checker ------------------------------------------------
if (args.vnu) {
  const jar = join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
  const r = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...pages.map((p) => join(site, p))],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  let msgs = null;
  try { msgs = JSON.parse(r.stderr || r.stdout).messages; } catch (e) { /* reported below */ }
  if (!msgs) {
    notok('vnu ran', (r.error ? r.error.message + '\n' : '') + r.stdout + r.stderr);
  } else {
    for (const p of pages) {
      const mine = msgs.filter((m) => m.url && decodeURIComponent(m.url).endsWith('/' + p) &&
                                      (m.type === 'error' || m.subType === 'fatal'));
      note(`vnu ${p}: ${mine.length} errors`);
      check(`vnu: ${p} has 0 errors`, mine.length === 0,
        mine.map((m) => `line ${m.lastLine}: ${m.message} ${m.extract ? JSON.stringify(m.extract) : ''}`).join('\n'));
    }
    const other = msgs.filter((m) => !m.url || !pages.some((p) => decodeURIComponent(m.url).endsWith('/' + p)));
    check('vnu: no messages outside the pages', other.length === 0, other.map((m) => m.message).join('\n'));
  }
}

// ---- a static server ----------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = normalize(join(site, path.endsWith('/') ? path + 'index.html' : path));
  if (!(file + sep).startsWith(site + sep) && file !== site) { res.writeHead(403).end(); return; }
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  } catch (e) { res.writeHead(404).end('not found'); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'], // playwright gives it a fresh, empty profile
  headless: true,
});

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => ({ violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' ' + n.failureSummary.split('\n').slice(1).join(' ')) })),
    passes: r.passes.length, incomplete: r.incomplete.length })), AXE_TAGS);
}
function axeDetail(r) {
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => '    ' + n).join('\n')).join('\n');
}

async function newPage(width, opts = {}) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, ...opts });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // console errors, and failed requests named by URL (Chromium's own
  // favicon.ico request is not the site's)
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => errors.push(`failed: ${r.url()}`));
  return { ctx, page, errors };
}

// Tabs through the page; returns the links never reached and the focused
// elements with no visible focus indicator.
async function keyboard(page) {
  const total = await page.evaluate(() => {
    // a link inside a closed <details> is reached by opening it: its
    // summary is the tab stop (the "Also in" lines, html-output.md)
    // a link that is not rendered (display: none, [hidden]: search.html's
    // no-JavaScript message once the script runs) is no tab stop for anyone
    const shown = (e) => { const d = e.closest('details:not([open])'); return (!d || !!e.closest('summary')) && e.getClientRects().length > 0; };
    // a grid's links are reached with the arrow keys (grid() below)
    const gridded = (e) => e.getAttribute('tabindex') === '-1' && !!e.closest('[role=grid]');
    window.__links = Array.from(document.querySelectorAll('a[href]')).filter((e) => shown(e) && !gridded(e));
    window.__seen = new Set();
    return document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])').length;
  });
  const unfocused = [];
  let steps = 0;
  for (; steps < total + 5; steps++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return { done: true };
      const again = window.__seen.has(e);
      window.__seen.add(e);
      const cs = getComputedStyle(e), r = e.getBoundingClientRect();
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      const shadow = cs.boxShadow && cs.boxShadow !== 'none';
      return { again, visible: (outline || shadow) && r.width > 0 && r.height > 0,
        what: e.tagName.toLowerCase() + (e.getAttribute('href') ? `[href="${e.getAttribute('href')}"]` : e.id ? '#' + e.id : '') };
    });
    if (f.done || f.again) break;
    if (!f.visible) unfocused.push(f.what);
  }
  const missed = await page.evaluate(() => window.__links.filter((a) => !window.__seen.has(a)).map((a) => a.getAttribute('href')));
  return { missed, unfocused, steps };
}

// Walks a grid (role=grid: one Tab stop, arrow keys inside) row by row:
// Control+Home, then ArrowRight to the end of each row, Home, ArrowDown.
// Returns its links never focused, and how many keys it took.
async function grid(page) {
  const n = await page.evaluate(() => {
    const g = document.querySelector('[role=grid]');
    if (!g) return -1;
    window.__gridSeen = new Set();
    const stop = g.querySelector('[tabindex="0"]');
    if (stop) stop.focus();
    return Array.from(g.querySelectorAll('a[href]')).filter((a) => a.getClientRects().length).length;
  });
  if (n < 0) return null;
  const note = () => page.evaluate(() => {
    const e = document.activeElement;
    const fresh = !window.__gridSeen.has(e);
    window.__gridSeen.add(e);
    return fresh;
  });
  let keys = 0;
  await page.keyboard.press('Control+Home'); keys++;
  await note();
  for (let row = 0; row < 2000; row++) {
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('ArrowRight'); keys++;
      if (!(await note())) break;
    }
    await page.keyboard.press('Home'); keys++;
    await page.evaluate(() => { window.__before = document.activeElement; });
    await page.keyboard.press('ArrowDown'); keys++;
    const moved = await page.evaluate(() => document.activeElement !== window.__before);
    if (!moved) break;
    await note();
  }
  const missed = await page.evaluate(() => Array.from(document.querySelector('[role=grid]').querySelectorAll('a[href]'))
    .filter((a) => a.getClientRects().length && !window.__gridSeen.has(a)).map((a) => a.getAttribute('href')));
  return { links: n, missed, keys };
}

const tabStops = [];
for (const p of args['no-checks'] ? [] : pages) {
  // axe and keyboard at desktop width
  const { ctx, page, errors } = await newPage(1280);
  await page.goto(base + p, { waitUntil: 'load' });
  const r = await axe(page);
  note(`axe ${p}: ${r.violations.length} violations, ${r.passes} rules passed, ${r.incomplete} need review`);
  check(`axe: ${p} has 0 violations (WCAG 2.2 A/AA)`, r.violations.length === 0, axeDetail(r));
  const k = await keyboard(page);
  note(`keyboard ${p}: ${k.steps} Tab stops, ${k.missed.length} links missed, ${k.unfocused.length} without visible focus`);
  tabStops.push(`${p} ${k.steps}`);
  const g = await grid(page);
  if (g) {
    note(`grid ${p}: ${g.links} links reached with the arrow keys in ${g.keys} keys, ${g.missed.length} missed`);
    check(`keyboard: the arrow keys reach every link of the grid on ${p}`, g.links > 0 && g.missed.length === 0,
      `links: ${g.links}; not reached: ${g.missed.slice(0, 20).join(' ')}`);
  }
  check(`keyboard: Tab reaches every link of ${p}`, k.missed.length === 0, 'not reached: ' + k.missed.slice(0, 20).join(' '));
  check(`keyboard: visible focus on every stop of ${p}`, k.unfocused.length === 0, k.unfocused.slice(0, 20).join('\n'));
  check(`no script errors or missing files on ${p}`, errors.length === 0, errors.join('\n'));
  await ctx.close();
  // reflow at 320 CSS px
  const m = await newPage(320);
  await m.page.goto(base + p, { waitUntil: 'load' });
  const w = await m.page.evaluate(() => {
    const s = document.scrollingElement;
    const wide = Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > s.clientWidth + 1)
      .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
    return { scroll: s.scrollWidth, client: s.clientWidth, wide };
  });
  note(`reflow ${p}: scrollWidth ${w.scroll}, clientWidth ${w.client} at 320px`);
  check(`reflow: ${p} does not scroll sideways at 320px`, w.scroll <= w.client, `scrollWidth ${w.scroll} > clientWidth ${w.client}\n` + w.wide.join('\n'));
  await m.ctx.close();
}

if (tabStops.length) note('tab stops: ' + tabStops.join(', '));

// ---- the matrix: filters, and two councils compared -----------------------
if (args.matrix) {
  const { ctx, page, errors } = await newPage(1280);
  await page.goto(base + 'matrix.html', { waitUntil: 'load' });
  // what the table shows: visible topic rows, with each shown council's
  // cell absent (a) or not, and the councils shown
  const state = () => page.evaluate(() => {
    const t = document.querySelector('table.matrix');
    const heads = Array.from(t.tHead.rows[0].cells);
    const cols = heads.map((h, i) => [h.getAttribute('data-slug'), i]).filter(([s, i]) => s && h_visible(heads[i]));
    function h_visible(e) { return e.getClientRects().length > 0; }
    const rows = Array.from(t.querySelectorAll('tbody tr[id^="topic-"]')).filter(h_visible).map((tr) => ({
      id: tr.id, theme: tr.parentNode.getAttribute('data-theme'),
      cells: Object.fromEntries(cols.map(([s, i]) => [s, !tr.cells[i].classList.contains('absent')])) }));
    return { rows, cols: cols.map(([s]) => s), total: t.querySelectorAll('tbody tr[id^="topic-"]').length,
      status: (document.getElementById('mf-status') || {}).textContent };
  });
  const formShown = await page.isVisible('#mf');
  check('matrix: the filters form is shown when JavaScript runs', formShown);
  const stops = await page.evaluate(() => ({ grid: !!document.querySelector('table.matrix[role=grid]'),
    zero: document.querySelectorAll('table.matrix [tabindex="0"]').length,
    links: document.querySelectorAll('table.matrix a[href]:not([tabindex="-1"])').length }));
  check('matrix: with JavaScript the table is a grid and one Tab stop', stops.grid && stops.zero === 1 && stops.links <= 1,
    JSON.stringify(stops));
  if (formShown) {
    let s = await state();
    check('matrix: unfiltered, every provision and council shows', s.rows.length === s.total && s.total > 0 && s.cols.length > 1,
      `${s.rows.length} of ${s.total} rows, ${s.cols.length} councils`);
    const all = s;
    // theme
    const theme = await page.$eval('#mf-theme', (e) => e.options[1].value);
    await page.selectOption('#mf-theme', theme);
    s = await state();
    const want = all.rows.filter((r) => r.theme === theme).length;
    check('matrix: the theme filter shows exactly that theme\'s provisions', s.rows.length === want && want > 0 && want < all.total &&
      s.rows.every((r) => r.theme === theme), `${s.rows.length} rows, want ${want} (${theme})`);
    note(`matrix filter theme ${theme}: ${s.status}`);
    await page.selectOption('#mf-theme', '');
    // only where councils differ
    await page.check('#mf-differ');
    s = await state();
    const differ = (r, cols) => { const v = cols.map((c) => r.cells[c]); return v.some((x) => x) && v.some((x) => !x); };
    const wantD = all.rows.filter((r) => differ(r, all.cols)).length;
    check('matrix: "only where councils differ" keeps exactly the rows where some have it and some lack it',
      s.rows.length === wantD && wantD > 0 && wantD < all.total && s.rows.every((r) => differ(r, s.cols)), `${s.rows.length} rows, want ${wantD}`);
    note(`matrix filter differ: ${s.status}`);
    // councils shown: two councils only, with "differ" still on
    for (const c of all.cols.slice(2)) await page.uncheck('#mf-c-' + c);
    s = await state();
    const two = all.cols.slice(0, 2);
    const wantT = all.rows.filter((r) => differ(r, two)).length;
    check('matrix: unticking councils hides their columns, and "differ" is judged on those shown',
      s.cols.join() === two.join() && s.rows.length === wantT && wantT > 0, `councils ${s.cols.join()}; ${s.rows.length} rows, want ${wantT}`);
    note(`matrix filter two councils differ: ${s.status}`);
    for (const c of all.cols.slice(2)) await page.check('#mf-c-' + c);
    await page.uncheck('#mf-differ');
    // only what council X lacks
    const x = all.cols[0];
    await page.selectOption('#mf-lacks', x);
    s = await state();
    const wantL = all.rows.filter((r) => !r.cells[x]).length;
    check(`matrix: "only provisions ${x} lacks" shows exactly the rows where ${x} says none`,
      s.rows.length === wantL && wantL > 0 && s.rows.every((r) => !r.cells[x]), `${s.rows.length} rows, want ${wantL}`);
    note(`matrix filter lacks ${x}: ${s.status}`);
    await page.selectOption('#mf-lacks', '');
    s = await state();
    const linked = await newPage(1280);
    await linked.page.goto(base + `matrix.html?lacks=${x}&theme=nonsense`, { waitUntil: 'load' });
    const ls = await linked.page.evaluate(() => document.getElementById('mf-status').textContent);
    check('matrix: ?lacks= in the address sets the filter (an unknown theme is ignored)',
      ls.startsWith(`Showing ${wantL} of ${all.total} `), ls);
    await linked.ctx.close();
    check('matrix: clearing the filters shows the whole table again', s.rows.length === all.total && s.cols.length === all.cols.length);
    // excerpts on demand
    await page.check('#mf-excerpts');
    let ex = 0;
    try { await page.waitForSelector('table.matrix .excerpt', { timeout: 10000 }); } catch (e) { /* counted below */ }
    ex = await page.$$eval('table.matrix .excerpt', (es) => es.filter((e) => e.getClientRects().length && e.textContent.length > 10).length);
    const links = await page.$$eval('table.matrix tbody td a[href]', (as) => as.length);
    check('matrix: "show the opening words" puts an excerpt after every provision link', ex === links && ex > 0, `${ex} excerpts, ${links} links`);
    const r = await axe(page);
    check('axe: matrix.html filtered, with excerpts, has 0 violations', r.violations.length === 0, axeDetail(r));
    await page.uncheck('#mf-excerpts');
    ex = await page.$$eval('table.matrix .excerpt', (es) => es.filter((e) => e.getClientRects().length).length);
    check('matrix: unticking hides the excerpts', ex === 0, `${ex} shown`);
  }
  check('matrix: no script errors', errors.length === 0, errors.join('\n'));
  await ctx.close();

  // without JavaScript: no form, the whole table, every link a Tab stop
  const nojs = await newPage(1280, { javaScriptEnabled: false });
  await nojs.page.goto(base + 'matrix.html', { waitUntil: 'load' });
  const nj = await nojs.page.evaluate(() => ({
    form: document.getElementById('mf').getClientRects().length,
    rows: Array.from(document.querySelectorAll('tbody tr[id^="topic-"]')).filter((e) => e.getClientRects().length).length,
    total: document.querySelectorAll('tbody tr[id^="topic-"]').length,
    negative: document.querySelectorAll('table.matrix [tabindex="-1"]').length }));
  check('matrix: without JavaScript the filters stay hidden and the whole table shows, its links in the Tab order',
    nj.form === 0 && nj.rows === nj.total && nj.total > 0 && nj.negative === 0, JSON.stringify(nj));
  const k = await keyboard(nojs.page);
  note(`keyboard matrix.html without JavaScript: ${k.steps} Tab stops`);
  await nojs.ctx.close();

  // two councils compared: the picker goes to their page
  const cp = await newPage(1280);
  await cp.page.goto(base + 'compare/index.html', { waitUntil: 'load' });
  const pick = await cp.page.isVisible('#cp');
  check('compare: the picker is shown when JavaScript runs', pick);
  if (pick) {
    const opts = await cp.page.$$eval('#cp-1 option', (os) => os.map((o) => o.value));
    // chosen in the reverse of corpus order: the page is the same pair's
    await cp.page.selectOption('#cp-1', opts[1]);
    await cp.page.selectOption('#cp-2', opts[0]);
    await Promise.all([cp.page.waitForNavigation({ waitUntil: 'load' }), cp.page.click('#cp button')]);
    const url = cp.page.url();
    const want = `${opts[0]}--${opts[1]}.html`;
    const got = await cp.page.evaluate(() => ({
      h1: document.querySelector('h1').textContent,
      both: document.querySelectorAll('#both .compare-topic').length,
      marks: document.querySelectorAll('#both ins, #both del').length,
      onlyA: document.querySelectorAll('#only-a li').length, onlyB: document.querySelectorAll('#only-b li').length,
      summary: document.querySelector('.summary').textContent }));
    note(`compare ${want}: ${got.summary}`);
    check('compare: picking two councils opens their page, aligned by topic with word differences',
      url.endsWith('/compare/' + want) && got.both > 0 && got.marks > 0 && got.onlyA + got.onlyB > 0,
      `${url}\n${JSON.stringify(got)}`);
    await cp.page.goto(base + 'compare/index.html', { waitUntil: 'load' });
    await cp.page.selectOption('#cp-1', opts[0]);
    await cp.page.selectOption('#cp-2', opts[0]);
    await cp.page.click('#cp button');
    const said = await cp.page.textContent('#cp-status');
    check('compare: the same council twice is refused with a message', /two different/.test(said) && cp.page.url().endsWith('/compare/index.html'), said);
  }
  check('compare: no script errors', cp.errors.length === 0, cp.errors.join('\n'));
  await cp.ctx.close();
  const cn = await newPage(1280, { javaScriptEnabled: false });
  await cn.page.goto(base + 'compare/index.html', { waitUntil: 'load' });
  const cnj = await cn.page.evaluate(() => ({ form: document.getElementById('cp').getClientRects().length,
    pairs: document.querySelectorAll('details a[href$=".html"]').length }));
  check('compare: without JavaScript the picker stays hidden and every pair is listed', cnj.form === 0 && cnj.pairs > 0, JSON.stringify(cnj));
  await cn.ctx.close();
}

// ---- search ---------------------------------------------------------------
// The header form on every page submits to search.html?q=...; search.html
// runs the query (stemmed), shows snippets with <mark>ed words, and filters
// by council and theme (docs/search.md).
async function results(page) {
  try { await page.waitForSelector('#_search-results a', { timeout: 10000 }); } catch (e) { return { links: [], marks: [] }; }
  return page.evaluate(() => ({
    links: Array.from(document.querySelectorAll('#_search-results a')).map((a) => a.getAttribute('href')),
    marks: Array.from(document.querySelectorAll('#_search-results mark')).map((m) => m.textContent),
    status: document.getElementById('_search-status').textContent,
  }));
}
if (args.search) {
  const { ctx, page, errors } = await newPage(1280);
  await page.goto(base + 'index.html', { waitUntil: 'load' });
  const shown = await page.isVisible('#_site-q');
  check('search: the header form is shown when JavaScript runs', shown);
  if (shown) {
    await page.fill('#_site-q', args.search);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.press('#_site-q', 'Enter')]);
    const url = new URL(page.url());
    check('search: the header form leads to search.html?q=', url.pathname.endsWith('/search.html') &&
      url.searchParams.get('q') === args.search, page.url());
    const r0 = await results(page);
    note(`search "${args.search}": ${r0.status}`);
    check(`search: "${args.search}" shows result links`, r0.links.length > 0 && r0.links.every((h) => /^[a-z0-9-]+\.html#[^#]+$/.test(h)),
      `links: ${r0.links.slice(0, 5).join(' ')}\nstatus: ${r0.status}`);
    check(`search: the matched words are highlighted (${r0.marks.length} <mark>)`, r0.marks.length >= r0.links.length &&
      r0.marks.length > 0, `marks: ${r0.marks.slice(0, 10).join(', ')}`);
    const r = await axe(page);
    check('axe: search.html with search results has 0 violations', r.violations.length === 0, axeDetail(r));
    if (r0.links.length) {
      await page.click('#_search-results a');
      await page.waitForLoadState('load');
      const u = new URL(page.url());
      const target = decodeURIComponent(u.hash.slice(1));
      const found = await page.evaluate((id) => !!document.getElementById(id), target);
      check('search: a result leads to its clause', found, `${page.url()} has no element with id ${target}`);
    }
    // a ?q= link (from anywhere) runs the search
    await page.goto(base + 'search.html?q=' + encodeURIComponent(args.search), { waitUntil: 'load' });
    const r1 = await results(page);
    check('search: a search.html?q= link runs the search', r1.links.length === r0.links.length && r1.links.length > 0,
      `${r1.links.length} links, ${r0.links.length} from the form`);
    // the filters: a council in the address, then a theme chosen in the form
    if (r0.links.length) {
      const slug = r0.links[0].split('.html')[0];
      await page.goto(base + 'search.html?q=' + encodeURIComponent(args.search) + '&council=' + slug, { waitUntil: 'load' });
      const r2 = await results(page);
      const sel = await page.inputValue('#_search-council');
      check(`search: the council filter (council=${slug}) shows only that council`,
        sel === slug && r2.links.length > 0 && r2.links.every((h) => h.startsWith(slug + '.html#')) &&
        r2.links.length === r0.links.filter((h) => h.startsWith(slug + '.html#')).length,
        `select ${sel}; ${r2.links.join(' ')}`);
      if (await page.$('#_search-theme')) {
        // a word most clauses have (--broad), so some theme has fewer
        const broad = args.broad || args.search;
        const themes = await page.$$eval('#_search-theme option', (os) => os.map((o) => o.value).filter((v) => v));
        await page.goto(base + 'search.html?q=' + encodeURIComponent(broad), { waitUntil: 'load' });
        const all = (await results(page)).links.length;
        let narrowed = false, detail = [];
        for (const t of themes) {
          await page.selectOption('#_search-theme', t);
          await page.waitForFunction((v) => document.getElementById('_search-status').textContent.length > 0 &&
            new URL(location.href).searchParams.get('theme') === v, t, { timeout: 10000 }).catch(() => {});
          await page.waitForTimeout(50);
          const n = await page.$$eval('#_search-results a', (as) => as.length);
          detail.push(`${t}: ${n}`);
          if (n > 0 && n < all) { narrowed = true; break; }
        }
        check(`search: choosing a theme narrows the results of "${broad}" and goes into the address`, narrowed,
          `all themes: ${all}; ` + detail.join(', '));
      }
    }
    // reflow with results shown
    await page.goto(base + 'search.html?q=' + encodeURIComponent(args.search), { waitUntil: 'load' });
    await results(page);
    await page.setViewportSize({ width: 320, height: 900 });
    const sw = await page.evaluate(() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth);
    check('reflow: search results do not scroll sideways at 320px', sw);
  }
  // stemming: "surgery" finds and marks "surgeries"
  if (args.stemmed) {
    const [q, inflected] = args.stemmed.split(':');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(base + 'search.html?q=' + encodeURIComponent(q), { waitUntil: 'load' });
    const r3 = await results(page);
    check(`search: "${q}" finds and marks "${inflected}"`, r3.links.length > 0 &&
      r3.marks.some((m) => m.toLowerCase() === inflected), `links ${r3.links.join(' ')}; marks ${r3.marks.join(', ')}`);
  }
  check('search: no script errors', errors.length === 0, errors.join('\n'));
  await ctx.close();
  // without JavaScript: no dead form, every council still reachable, and
  // search.html says what to do instead
  const nojs = await newPage(1280, { javaScriptEnabled: false });
  await nojs.page.goto(base + 'index.html', { waitUntil: 'load' });
  const hidden = !(await nojs.page.isVisible('#_site-search')) && !(await nojs.page.isVisible('#_site-q'));
  const councils = await nojs.page.$$eval('.council-list a', (as) => as.length);
  check('search: without JavaScript the header form is hidden and every council is linked', hidden && councils > 0,
    `form hidden: ${hidden}, council links: ${councils}`);
  await nojs.page.goto(base + 'search.html?q=' + encodeURIComponent(args.search), { waitUntil: 'load' });
  const offShown = await nojs.page.isVisible('#_search-off');
  const formHidden = !(await nojs.page.isVisible('#_search')) && !(await nojs.page.isVisible('#_site-search'));
  const home = await nojs.page.$$eval('#_search-off a', (as) => as.map((a) => a.getAttribute('href')));
  check('search: without JavaScript search.html hides its form and links the councils instead',
    offShown && formHidden && home.includes('index.html') && nojs.errors.length === 0,
    `message shown: ${offShown}, forms hidden: ${formHidden}, links: ${home.join(' ')}, errors: ${nojs.errors.join(' ')}`);
  await nojs.ctx.close();
}

// ---- hostile text stays text in search results ---------------------------
if (args.hostile) {
  const { ctx, page, errors } = await newPage(1280);
  let alerted = false;
  page.on('dialog', (d) => { alerted = true; d.dismiss().catch(() => {}); });
  await page.goto(base + 'search.html?q=' + encodeURIComponent('img onerror'), { waitUntil: 'load' });
  let text = '', elements = -1;
  try {
    await page.waitForSelector('#_search-results a', { timeout: 10000 });
    text = await page.textContent('#_search-results');
    elements = await page.$$eval('#_search-results img, #_search-results script, #_search-results b, #_search-results i', (x) => x.length);
  } catch (e) { /* reported below */ }
  check('search: markup-like source text in results is shown as text', text.includes('<img src=x onerror=alert(1)>') &&
    elements === 0 && !alerted && errors.length === 0, `text: ${text}\nelements: ${elements}\nerrors: ${errors.join(' ')}`);
  await ctx.close();
}

// ---- screenshots ----------------------------------------------------------
if (args.screenshots) {
  mkdirSync(args.screenshots, { recursive: true });
  // --shot takes one page or several, comma-separated ("brent,matrix,topics/x")
  for (const slug of (args.shot || 'index').split(',')) {
  for (const [name, width] of [['desktop', 1280], ['mobile', 375]]) {
    const ctx = await browser.newContext({ viewport: { width, height: 1400 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    // "matrix.html?differ=1": a page with a query, named matrix-differ-1;
    // "search?q=..." shoots search.html?q=... (as search.png), once its results are in
    const [where0, query] = slug.split('?');
    const where = where0.replace(/\.html$/, '');
    await page.goto(base + where + '.html' + (query ? '?' + query : ''), { waitUntil: 'load' });
    if (where === 'search' && query) await page.waitForSelector('#_search-results a', { timeout: 10000 }).catch(() => {});
    const stem = where === 'search' ? where : slug.replace('.html', '');
    const file = join(args.screenshots, `${stem.replace(/[/?=&]+/g, '-')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: false });
    const size = statSync(file).size;
    note(`screenshot ${file}: ${size} bytes`);
    check(`screenshot: ${slug} at ${width}px`, size > 10000, `${file} is only ${size} bytes`);
    await ctx.close();
  }
  }
}

await browser.close();
server.close();
process.exit(failures ? 1 : 0);
