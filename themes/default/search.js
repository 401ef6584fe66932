/* Concord search: progressive enhancement (docs/search.md).
 * Every page's header has a search form, hidden until this script shows
 * it, that submits to search.html?q=...; without JavaScript the site is
 * complete and no form leads to a page that cannot search. On search.html
 * (the page with #_search) this script runs the search: it loads
 * search-index.json (written by `concord build`), stems the query with
 * Snowball English (snowball-english.js, loaded before this script: the
 * same algorithm and version as the libstemmer that stemmed the index),
 * filters by council and theme, and shows each matching clause as a link
 * to <slug>.html#<id> with a snippet of its text around the matched words,
 * the words marked with <mark>. A large corpus's index (v 2) is sharded:
 * the stems are in search/w-<hex>.json files, one per first two
 * characters (one per leading digit), the rows shown in search/c-<k>.json
 * blocks, and each theme's clauses in search/t-<k>.json, fetched as a
 * query needs them. Text from the index only ever goes into textContent,
 * text nodes and encoded URLs: nothing from a source becomes markup. */
(function () {
  'use strict';
  var header = document.getElementById('_site-search');
  var box = document.getElementById('_search');
  if (!window.fetch || !String.prototype.normalize) return;
  if (!box) { /* any other page: the header form is all there is */
    if (header) header.hidden = false;
    return;
  }
  if (typeof EnglishStemmer !== 'function') return; /* the stemmer did not load: stay hidden */
  var form = box.querySelector('form');
  var input = document.getElementById('_search-q');
  var councilSel = document.getElementById('_search-council');
  var themeSel = document.getElementById('_search-theme');
  var status = document.getElementById('_search-status');
  var results = document.getElementById('_search-results');
  var off = document.getElementById('_search-off');
  var MAX = 50;
  var SNIPPET = 220; /* characters of text around the first match */
  var loading = null;
  var timer = 0;
  var stemmer = new EnglishStemmer();

  /* the same normalisation as html_search.c: decompose, strip marks, fold case */
  function norm(s) {
    return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\u00df/g, 'ss');
  }
  /* as html_search.c: words with a digit are kept as they are */
  function stem(w) {
    return /\p{N}/u.test(w) ? w : stemmer.stemWord(w);
  }
  function keep(w) { return w.length > 1 || /\p{N}/u.test(w); }
  function words(s) {
    return norm(s).split(/[^\p{L}\p{N}]+/u).filter(keep);
  }
  /* the query: each word normalised (for prefixes while typing) and stemmed */
  function terms(s) {
    var seen = {}, out = [];
    words(s).forEach(function (w) {
      var st = stem(w);
      if (seen[st + ' ' + w]) return;
      seen[st + ' ' + w] = 1;
      out.push({w: w, s: st});
    });
    return out;
  }
  function starts(a, b) { return a.lastIndexOf(b, 0) === 0; }
  /* 2: the stems are the same; 1: the word begins with the query word
   * (a word being typed); 0: no match */
  function level(t, stemmed) {
    if (stemmed === t.s) return 2;
    return starts(stemmed, t.s) || starts(stemmed, t.w) ? 1 : 0;
  }

  var files = {};
  /* a shard that is missing holds no word: an empty object */
  function fetchJSON(url, missingOk) {
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) {
        if (r.status === 404 && missingOk) return {};
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      files[url].catch(function () { delete files[url]; }); /* try again next time */
    }
    return files[url];
  }
  var base = box.getAttribute('data-index').replace(/[^\/]*$/, '');

  function load() {
    if (!loading) {
      loading = fetchJSON(box.getAttribute('data-index')).then(function (j) {
        if (j.v === 1) j.clauses.forEach(function (c) {
          c.words = c[5].split(' ');
          c.head = words(c[3] + ' ' + c[2]).map(stem);
        });
        return j;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* every query word must match some word of the clause; same stems and
   * words of the heading or number rank higher */
  function find(index, q, f) {
    var hits = [];
    index.clauses.forEach(function (c, n) {
      if (f.council >= 0 && c[0] !== f.council) return;
      if (f.theme >= 0 && c[6].indexOf(f.theme) < 0) return;
      var score = 0;
      for (var i = 0; i < q.length; i++) {
        var best = 0;
        for (var k = 0; k < c.words.length && best < 2; k++) best = Math.max(best, level(q[i], c.words[k]));
        if (!best) return;
        score += best + (c.head.indexOf(q[i].s) >= 0 ? 3 : 0);
      }
      hits.push({c: c, score: score, n: n});
    });
    hits.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
    return Promise.resolve(hits);
  }

  /* the same search on the sharded index: the same scores from the word
   * files (clause * 2 + 1 when the word is in its heading or number) */
  function shardName(w) {
    /* as html_search.c: the first two characters, or a leading digit alone */
    var key = Array.from(w).slice(0, /^[0-9]/.test(w) ? 1 : 2).join(''), hex = '';
    new TextEncoder().encode(key).forEach(function (b) { hex += (b < 16 ? '0' : '') + b.toString(16); });
    return base + 'search/w-' + hex + '.json';
  }
  function findSharded(index, q, f) {
    var names = [];
    q.forEach(function (t) {
      [shardName(t.s), shardName(t.w)].forEach(function (u) { if (names.indexOf(u) < 0) names.push(u); });
    });
    var themed = f.theme >= 0 ? fetchJSON(base + 'search/t-' + f.theme + '.json') : Promise.resolve(null);
    return Promise.all([themed].concat(names.map(function (u) { return fetchJSON(u, true); })))
      .then(function (got) {
        var inTheme = got[0] ? new Set(got[0]) : null, shard = {};
        names.forEach(function (u, i) { shard[u] = got[i + 1]; });
        var lo = f.council >= 0 ? index.starts[f.council] : 0;
        var hi = f.council >= 0 && f.council + 1 < index.starts.length ? index.starts[f.council + 1] : index.clauses;
        var total = null;
        q.forEach(function (t) {
          var best = new Map(), bonus = new Map(), seen = {};
          [shardName(t.s), shardName(t.w)].forEach(function (u) {
            if (seen[u]) return;
            seen[u] = 1;
            var sh = shard[u];
            Object.keys(sh).forEach(function (word) {
              var lv = level(t, word);
              if (!lv) return;
              sh[word].forEach(function (p) {
                var n = Math.floor(p / 2);
                if (n < lo || n >= hi || (inTheme && !inTheme.has(n))) return;
                if ((best.get(n) || 0) < lv) best.set(n, lv);
                if (lv === 2 && p % 2) bonus.set(n, 3); /* the word is in the heading or number */
              });
            });
          });
          var mine = new Map();
          best.forEach(function (v, n) { mine.set(n, v + (bonus.get(n) || 0)); });
          if (total === null) {
            total = mine;
          } else {
            total.forEach(function (s, n) {
              if (mine.has(n)) total.set(n, s + mine.get(n)); else total.delete(n);
            });
          }
        });
        var hits = [];
        (total || new Map()).forEach(function (s, n) { hits.push({n: n, score: s}); });
        hits.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
        var blocks = {};
        hits.slice(0, MAX).forEach(function (h) { blocks[Math.floor(h.n / index.block)] = 1; });
        return Promise.all(Object.keys(blocks).map(function (k) {
          return fetchJSON(base + 'search/c-' + k + '.json').then(function (rows) { blocks[k] = rows; });
        })).then(function () {
          hits.slice(0, MAX).forEach(function (h) {
            h.c = blocks[Math.floor(h.n / index.block)][h.n % index.block];
          });
          return hits;
        });
      });
  }

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  /* [start, end) of each word of TEXT that matches a query word */
  function matches(text, q) {
    var out = [], re = /[\p{L}\p{N}]+/gu, m;
    while ((m = re.exec(text)) !== null) {
      var n = norm(m[0]);
      if (!keep(n)) continue;
      var s = stem(n);
      for (var i = 0; i < q.length; i++) {
        if (level(q[i], s) || starts(n, q[i].w)) { out.push([m.index, m.index + m[0].length]); break; }
      }
    }
    return out;
  }

  /* Appends TEXT[from, to) to PARENT as text nodes, the matched words in
   * <mark> elements. */
  function marked(parent, text, ranges, from, to) {
    var at = from;
    ranges.forEach(function (r) {
      if (r[0] < from || r[1] > to) return;
      if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      parent.appendChild(el('mark', null, text.slice(r[0], r[1])));
      at = r[1];
    });
    if (at < to) parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  /* the words around the first match (or the opening), cut at spaces */
  function snippet(parent, text, q) {
    var ranges = matches(text, q), from = 0, to = text.length;
    if (text.length > SNIPPET) {
      var first = ranges.length ? ranges[0][0] : 0;
      from = Math.max(0, first - Math.floor(SNIPPET / 3));
      if (from > 0) {
        var sp = text.indexOf(' ', from);
        from = sp >= 0 && sp < first ? sp + 1 : first;
      }
      to = Math.min(text.length, from + SNIPPET);
      if (to < text.length) {
        var end = text.lastIndexOf(' ', to);
        if (end > first) to = end;
      }
    }
    if (from > 0) parent.appendChild(document.createTextNode('\u2026 '));
    marked(parent, text, ranges, from, to);
    if (to < text.length) parent.appendChild(document.createTextNode(' \u2026'));
  }

  function selected(sel) { return sel ? sel.value : ''; }
  function filters(index) {
    var f = {council: -1, theme: -1, names: []};
    var cv = selected(councilSel), tv = selected(themeSel);
    index.councils.forEach(function (c, i) { if (c[0] === cv) { f.council = i; f.names.push(c[1]); } });
    (index.themes || []).forEach(function (t, i) { if (t[0] === tv) { f.theme = i; f.names.push(t[1]); } });
    return f;
  }

  function show(text) {
    var q = terms(text), filterKey = selected(councilSel) + '|' + selected(themeSel);
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!q.length) { status.textContent = ''; return; }
    load().then(function (index) {
      var f = filters(index);
      return (index.v === 2 ? findSharded(index, q, f) : find(index, q, f)).then(function (hits) {
        return {index: index, hits: hits, f: f};
      });
    }).then(function (r) {
      var index = r.index, hits = r.hits;
      if (input.value !== text || selected(councilSel) + '|' + selected(themeSel) !== filterKey)
        return; /* a newer query is on its way */
      var where = r.f.names.length ? ' in ' + r.f.names.join(', ') : '';
      status.textContent = hits.length === 0 ? 'No clauses match \u201c' + text.trim() + '\u201d' + where + '.'
        : (hits.length === 1 ? '1 clause matches' : hits.length + ' clauses match') +
          ' \u201c' + text.trim() + '\u201d' + where + (hits.length > MAX ? '; the first ' + MAX + ' are shown.' : '.');
      if (!hits.length) return;
      var ol = el('ol', 'search-list');
      hits.slice(0, MAX).forEach(function (h) {
        var c = h.c, council = index.councils[c[0]];
        var li = el('li', 'search-hit');
        var a = el('a', null, council[1] + (c[2] ? ' ' + c[2] : ''));
        a.href = encodeURIComponent(council[0]) + '.html#' + encodeURIComponent(c[1]);
        li.appendChild(a);
        if (c[3]) {
          var hd = el('span', 'search-heading');
          marked(hd, c[3], matches(c[3], q), 0, c[3].length);
          li.appendChild(hd);
        }
        if (c[4]) {
          var p = el('p', 'search-excerpt');
          snippet(p, c[4], q);
          li.appendChild(p);
        }
        ol.appendChild(li);
      });
      results.appendChild(ol);
    }, function () {
      status.textContent = 'Search is not available: the search index could not be loaded.';
    });
  }

  /* ?q=...&council=...&theme=... (a form GET, or a link) */
  function param(name) {
    var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(location.search);
    if (!m) return null;
    try { return decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) { return null; /* malformed */ }
  }
  function choose(sel, value) {
    if (!sel || value === null) return;
    for (var i = 0; i < sel.options.length; i++) if (sel.options[i].value === value) sel.selectedIndex = i;
  }
  function remember() {
    if (!window.history || !history.replaceState) return;
    var s = [];
    if (input.value.trim()) s.push('q=' + encodeURIComponent(input.value));
    if (selected(councilSel)) s.push('council=' + encodeURIComponent(selected(councilSel)));
    if (selected(themeSel)) s.push('theme=' + encodeURIComponent(selected(themeSel)));
    history.replaceState(null, '', s.length ? '?' + s.join('&') : location.pathname);
  }

  if (off) off.hidden = true;
  box.hidden = false;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    show(input.value);
    remember();
  });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 200);
  });
  [councilSel, themeSel].forEach(function (sel) {
    if (sel) sel.addEventListener('change', function () { show(input.value); remember(); });
  });
  choose(councilSel, param('council'));
  choose(themeSel, param('theme'));
  var q0 = param('q');
  if (q0 !== null) {
    input.value = q0;
    show(input.value);
  }
})();
