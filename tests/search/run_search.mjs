// run_search.mjs - runs the site's search.js outside a browser, on a site
// folder, for the queries given, and prints one JSON line per query:
// {"q", "status", "hrefs", "marks", "fetches", "bytes"} (files and bytes
// fetched for the query, the index itself on the first only). A minimal DOM stands in for
// search.html's search section; fetch reads the site's files; the
// stemmer (snowball-english.js beside SCRIPT) is loaded first, as the page
// does. tests/t_scale.py uses it to check that the sharded index (v 2)
// finds what the whole-file index (v 1) finds, in the same order.
// A query may carry filters: "surgery|council=brent|theme=ward-members".
//   node run_search.mjs SITE_DIR SCRIPT QUERY...
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const [site, script, ...queries] = process.argv.slice(2);

class El {
  constructor(tag) { this.tag = tag; this.children = []; this.attrs = {}; this.listeners = {}; this.textContent = ''; this.hidden = true; }
  get firstChild() { return this.children[0] || null; }
  appendChild(c) { this.children.push(c); return c; }
  removeChild(c) { this.children.splice(this.children.indexOf(c), 1); return c; }
  getAttribute(n) { return this.attrs[n] ?? null; }
  querySelector(sel) { return sel === 'form' ? form : null; }
  addEventListener(ev, fn) { this.listeners[ev] = fn; }
}
const box = new El('section');
box.attrs['data-index'] = 'search-index.json';
const form = new El('form');
const input = new El('input');
input.value = '';
const status = new El('p');
const results = new El('div');
// the filters: options are read from the index's councils and themes
const index = JSON.parse(fs.readFileSync(path.join(site, 'search-index.json'), 'utf8'));
function select(rows) {
  const sel = new El('select');
  sel.options = [{ value: '' }, ...rows.map((r) => ({ value: r[0] }))];
  sel.selectedIndex = 0;
  Object.defineProperty(sel, 'value', { get() { return this.options[this.selectedIndex].value; } });
  return sel;
}
const councilSel = select(index.councils), themeSel = select(index.themes || []);
const byId = { _search: box, '_search-q': input, '_search-status': status, '_search-results': results,
  '_search-council': councilSel, '_search-theme': themeSel };
let fetches = 0, bytes = 0;
const sandbox = {
  document: { getElementById: (id) => byId[id] || null, createElement: (t) => new El(t),
    createTextNode: (t) => { const n = new El('#text'); n.textContent = t; return n; } },
  window: {},
  location: { search: '', pathname: '/index.html' },
  setTimeout, clearTimeout, Map, Set, Promise, Array, Object, Math, TextEncoder, String, Error, RegExp,
  console,
};
sandbox.window.fetch = sandbox.fetch = async (url) => {
  fetches++;
  const p = path.join(site, url);
  if (!fs.existsSync(p)) return { ok: false, status: 404, json: async () => { throw new Error('404'); } };
  const text = fs.readFileSync(p, 'utf8');
  bytes += Buffer.byteLength(text);
  return { ok: true, status: 200, json: async () => JSON.parse(text) };
};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(path.join(path.dirname(script), 'snowball-english.js'), 'utf8'), sandbox);
vm.runInContext(fs.readFileSync(script, 'utf8'), sandbox);

for (const spec of queries) {
  const [q, ...fs_] = spec.split('|');
  const f = Object.fromEntries(fs_.map((x) => x.split('=')));
  for (const [sel, v] of [[councilSel, f.council || ''], [themeSel, f.theme || '']])
    sel.selectedIndex = Math.max(0, sel.options.findIndex((o) => o.value === v));
  input.value = q;
  status.textContent = '';
  fetches = 0;
  bytes = 0;
  form.listeners.submit({ preventDefault() {} });
  for (let i = 0; i < 2000 && !status.textContent; i++) await new Promise((r) => setTimeout(r, 1));
  const hrefs = [], marks = [];
  const walk = (n) => { if (n.tag === 'mark') marks.push(n.textContent); n.children.forEach(walk); };
  for (const ol of results.children)
    for (const li of ol.children) {
      for (const a of li.children) if (a.tag === 'a') hrefs.push(a.href);
      walk(li);
    }
  console.log(JSON.stringify({ q: spec, status: status.textContent, hrefs, marks, fetches, bytes }));
}
