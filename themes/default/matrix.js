// matrix.js - filters and keyboard movement for site/matrix.html
// (docs/matrix.md). Progressive enhancement: without this script the whole
// table shows, every link is a Tab stop, and the (hidden) filters form
// never appears. Text from the site (excerpts) is set with textContent
// only, never as markup.
(function () {
  'use strict';
  var form = document.getElementById('mf');
  var table = document.querySelector('table.matrix');
  if (!form || !table || !document.querySelector) return;
  form.hidden = false;
  form.addEventListener('submit', function (e) { e.preventDefault(); });

  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var slugs = heads.map(function (th) { return th.getAttribute('data-slug'); });
  var topicRows = Array.prototype.slice.call(table.querySelectorAll('tbody tr[id^="topic-"]'));
  var status = document.getElementById('mf-status');
  var $ = function (id) { return document.getElementById(id); };

  function shownColumns() {
    var on = {};
    slugs.forEach(function (s, i) {
      if (!s) return;
      var box = $('mf-c-' + s);
      on[i] = !box || box.checked;
    });
    return on;
  }

  function apply() {
    var on = shownColumns();
    var theme = $('mf-theme').value, lacks = $('mf-lacks').value, differ = $('mf-differ').checked;
    var lacksCol = lacks ? slugs.indexOf(lacks) : -1;
    var ncols = 0;
    Object.keys(on).forEach(function (k) { if (on[k]) ncols++; });
    // columns: a council unticked is hidden in every row
    Array.prototype.forEach.call(table.rows, function (tr) {
      if (tr.classList.contains('theme-row')) return;
      Array.prototype.forEach.call(tr.cells, function (cell, i) {
        cell.classList.toggle('mf-hide', i in on && !on[i]);
      });
    });
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies, function (tb) {
      var any = false;
      var themeOk = !theme || tb.getAttribute('data-theme') === theme;
      Array.prototype.forEach.call(tb.rows, function (tr) {
        if (tr.classList.contains('theme-row')) return;
        var keep = themeOk;
        if (keep && lacksCol > 0) keep = tr.cells[lacksCol].classList.contains('absent');
        if (keep && differ) {
          var have = 0;
          Object.keys(on).forEach(function (k) {
            if (on[k] && !tr.cells[k].classList.contains('absent')) have++;
          });
          keep = have > 0 && have < ncols;
        }
        tr.hidden = !keep;
        if (keep) { any = true; shown++; }
      });
      tb.hidden = !any;
    });
    status.textContent = 'Showing ' + shown + ' of ' + topicRows.length + ' provisions and ' +
      ncols + ' of ' + (slugs.length - 2) + ' councils.';
    if (current && !visible(current)) activate(firstTarget(), false);
  }

  // ---- excerpts: the opening words of each provision, fetched once --------
  var excerpts = null;
  function showExcerpts(on) {
    table.classList.toggle('with-excerpts', on);
    if (!on || excerpts) return;
    excerpts = {};
    var url = form.getAttribute('data-excerpts');
    fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        excerpts = data;
        Array.prototype.forEach.call(table.querySelectorAll('tbody td a[href]'), function (a) {
          var m = /^([a-z0-9-]+)\.html#(.+)$/.exec(a.getAttribute('href'));
          var words = m && data[m[1]] && data[m[1]][m[2]];
          if (!words) return;
          var span = document.createElement('span');
          span.className = 'excerpt';
          span.textContent = words;
          a.parentNode.insertBefore(span, a.nextSibling);
        });
      })
      .catch(function () {
        status.textContent = 'The wording could not be loaded; follow a cell\u2019s link to read it.';
      });
  }
  var style = document.createElement('style');
  style.textContent = 'table.matrix:not(.with-excerpts) .excerpt{display:none}';
  document.head.appendChild(style);

  form.addEventListener('change', function (e) {
    if (e.target.id === 'mf-excerpts') showExcerpts(e.target.checked);
    else apply();
  });

  // ---- the table as one Tab stop: a grid moved through with the arrows ----
  table.setAttribute('role', 'grid');
  table.setAttribute('aria-describedby', 'mf-keys');
  var scroller = table.closest('.matrix-scroll');
  if (scroller) scroller.removeAttribute('tabindex'); // the grid's stop scrolls it
  Array.prototype.forEach.call(table.querySelectorAll('a[href]'), function (a) { a.tabIndex = -1; });

  function visible(el) { return el.getClientRects().length > 0; }
  function rows() {
    return Array.prototype.filter.call(table.rows, function (tr) {
      return !tr.classList.contains('theme-row') && visible(tr);
    });
  }
  function cellsOf(tr) { return Array.prototype.filter.call(tr.cells, visible); }
  function targets(cell) {
    var as = Array.prototype.filter.call(cell.querySelectorAll('a[href]'), visible);
    return as.length ? as : [cell];
  }
  function firstTarget() { return targets(cellsOf(rows()[0])[0])[0]; }

  var current = null;
  function activate(el, focus) {
    if (current && current !== el) current.tabIndex = -1;
    el.tabIndex = 0;
    current = el;
    if (focus) el.focus();
  }
  activate(firstTarget(), false);

  function where(el) {
    var cell = el.closest('td,th'), tr = cell.parentNode;
    var rs = rows(), cs = cellsOf(tr);
    return { r: rs.indexOf(tr), c: cs.indexOf(cell), k: targets(cell).indexOf(el), rows: rs, cells: cs };
  }
  function at(rs, r, c, last) {
    var cs = cellsOf(rs[r]);
    var t = targets(cs[Math.min(c, cs.length - 1)]);
    return last ? t[t.length - 1] : t[0];
  }

  table.addEventListener('focusin', function (e) {
    var el = e.target;
    if (el !== current && (el.matches('a[href]') || el.matches('td,th'))) activate(el, false);
  });
  table.addEventListener('keydown', function (e) {
    if (!current || e.altKey || e.metaKey) return;
    var p = where(current), next = null;
    if (p.r < 0 || p.c < 0) return;
    var t = targets(p.cells[p.c]);
    switch (e.key) {
      case 'ArrowRight':
        if (p.k + 1 < t.length) next = t[p.k + 1];
        else if (p.c + 1 < p.cells.length) next = targets(p.cells[p.c + 1])[0];
        break;
      case 'ArrowLeft':
        if (p.k > 0) next = t[p.k - 1];
        else if (p.c > 0) { var pt = targets(p.cells[p.c - 1]); next = pt[pt.length - 1]; }
        break;
      case 'ArrowDown': if (p.r + 1 < p.rows.length) next = at(p.rows, p.r + 1, p.c); break;
      case 'ArrowUp': if (p.r > 0) next = at(p.rows, p.r - 1, p.c); break;
      case 'PageDown': next = at(p.rows, Math.min(p.r + 10, p.rows.length - 1), p.c); break;
      case 'PageUp': next = at(p.rows, Math.max(p.r - 10, 0), p.c); break;
      case 'Home': next = e.ctrlKey ? at(p.rows, 0, 0) : targets(p.cells[0])[0]; break;
      case 'End':
        next = e.ctrlKey ? at(p.rows, p.rows.length - 1, 1e9, true)
          : at(p.rows, p.r, p.cells.length - 1, true);
        break;
      default: return;
    }
    e.preventDefault();
    if (next) activate(next, true);
  });

  // a filtered view can be linked: matrix.html?theme=KEY&lacks=SLUG&differ=1
  // (values only select existing options: anything else is ignored)
  var q = new URLSearchParams(window.location.search);
  [['theme', 'mf-theme'], ['lacks', 'mf-lacks']].forEach(function (p) {
    var sel = $(p[1]), v = q.get(p[0]);
    if (v && Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) sel.value = v;
  });
  if (q.get('differ') === '1') $('mf-differ').checked = true;
  apply();
})();
