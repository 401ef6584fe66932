/* Concord search: progressive enhancement for the index page.
 * The page works without this script (the search section stays hidden).
 * It loads search-index.json (written by `concord build`, format in
 * docs/html-output.md), and shows matching clauses as links to
 * <slug>.html#<id>. A large corpus's index (v 2) is sharded: the words
 * are in search/w-<hex>.json files, one per first two characters (one
 * per leading digit), and
 * the rows shown in search/c-<k>.json blocks, fetched as a query needs
 * them. Text from the index only ever goes into textContent
 * and encoded URLs: nothing from a source becomes markup. */
(function () {
  'use strict';
  var box = document.getElementById('_search');
  if (!box || !window.fetch || !String.prototype.normalize) return;
  var form = box.querySelector('form');
  var input = document.getElementById('_search-q');
  var status = document.getElementById('_search-status');
  var results = document.getElementById('_search-results');
  var MAX = 50;
  var loading = null;
  var timer = 0;

  /* the same normalisation as html_search.c: decompose, strip marks, fold case */
  function norm(s) {
    return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\u00df/g, 'ss');
  }
  function words(s) {
    return norm(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 1 || /\p{N}/u.test(w);
    });
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
        if (j.v === 1) j.clauses.forEach(function (c) { c.words = c[5].split(' '); });
        return j;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* every query word must begin some word of the clause; whole words and
   * words of the heading rank higher */
  function find(index, q) {
    var hits = [];
    index.clauses.forEach(function (c, n) {
      var head = words(c[3] + ' ' + c[2]), score = 0;
      for (var i = 0; i < q.length; i++) {
        var best = 0;
        for (var k = 0; k < c.words.length && best < 2; k++) {
          if (c.words[k] === q[i]) best = 2;
          else if (!best && c.words[k].lastIndexOf(q[i], 0) === 0) best = 1;
        }
        if (!best) return;
        score += best + (head.indexOf(q[i]) >= 0 ? 3 : 0);
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
  function findSharded(index, q) {
    return Promise.all(q.map(function (w) { return fetchJSON(shardName(w), true); }))
      .then(function (shards) {
        var total = null;
        q.forEach(function (w, i) {
          var best = new Map(), bonus = new Map(), sh = shards[i];
          Object.keys(sh).forEach(function (word) {
            var exact = word === w;
            if (!exact && word.lastIndexOf(w, 0) !== 0) return;
            sh[word].forEach(function (p) {
              var n = Math.floor(p / 2);
              if ((best.get(n) || 0) < (exact ? 2 : 1)) best.set(n, exact ? 2 : 1);
              if (exact && p % 2) bonus.set(n, 3); /* the word is in the heading or number */
            });
          });
          var mine = new Map();
          best.forEach(function (v, n) { mine.set(n, v + (bonus.get(n) || 0)); });
          if (total === null) {
            total = new Map();
            mine.forEach(function (s, n) { total.set(n, s); });
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

  function show(text) {
    var q = words(text);
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!q.length) { status.textContent = ''; return; }
    load().then(function (index) {
      return (index.v === 2 ? findSharded(index, q) : find(index, q)).then(function (hits) {
        return {index: index, hits: hits};
      });
    }).then(function (r) {
      var index = r.index, hits = r.hits;
      if (input.value !== text) return; /* a newer query is on its way */
      status.textContent = hits.length === 0 ? 'No clauses match \u201c' + text.trim() + '\u201d.'
        : (hits.length === 1 ? '1 clause matches' : hits.length + ' clauses match') +
          ' \u201c' + text.trim() + '\u201d' + (hits.length > MAX ? '; the first ' + MAX + ' are shown.' : '.');
      if (!hits.length) return;
      var ol = el('ol', 'search-list');
      hits.slice(0, MAX).forEach(function (h) {
        var c = h.c, council = index.councils[c[0]];
        var li = el('li', 'search-hit');
        var a = el('a', null, council[1] + (c[2] ? ' ' + c[2] : ''));
        a.href = encodeURIComponent(council[0]) + '.html#' + encodeURIComponent(c[1]);
        li.appendChild(a);
        if (c[3]) li.appendChild(el('span', 'search-heading', c[3]));
        if (c[4]) li.appendChild(el('p', 'search-excerpt', c[4]));
        ol.appendChild(li);
      });
      results.appendChild(ol);
    }, function () {
      status.textContent = 'Search is not available: the search index could not be loaded.';
    });
  }

  box.hidden = false;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    show(input.value);
    if (window.history && history.replaceState)
      history.replaceState(null, '', input.value.trim() ? '?q=' + encodeURIComponent(input.value) : location.pathname);
  });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 200);
  });
  var m = /[?&]q=([^&#]*)/.exec(location.search);
  if (m) {
    try { input.value = decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) { /* malformed: ignore */ }
    show(input.value);
  }
})();
