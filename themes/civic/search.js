/* Concord search: progressive enhancement for the index page.
 * The page works without this script (the search section stays hidden).
 * It loads search-index.json (written by `concord build`, format in
 * docs/html-output.md), and shows matching clauses as links to
 * <slug>.html#<id>. Text from the index only ever goes into textContent
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

  function load() {
    if (!loading) {
      loading = fetch(box.getAttribute('data-index')).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (j) {
        j.clauses.forEach(function (c) { c.words = c[5].split(' '); });
        return j;
      });
      loading.catch(function () { loading = null; }); /* try again next time */
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
    return hits;
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
      if (input.value !== text) return; /* a newer query is on its way */
      var hits = find(index, q);
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
