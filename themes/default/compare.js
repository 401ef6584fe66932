// compare.js - the picker of site/compare/index.html (docs/matrix.md):
// two councils chosen go to their pair's page, <a>--<b>.html, the two in
// the order of the corpus (the order of the options). Without this script
// the (hidden) form never shows and the list of every pair does the job.
(function () {
  'use strict';
  var form = document.getElementById('cp');
  if (!form) return;
  var one = document.getElementById('cp-1'), two = document.getElementById('cp-2');
  var status = document.getElementById('cp-status');
  form.hidden = false;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (one.value === two.value) {
      status.textContent = 'Choose two different councils.';
      return;
    }
    var a = one.selectedIndex < two.selectedIndex ? one.value : two.value;
    var b = a === one.value ? two.value : one.value;
    window.location.href = a + '--' + b + '.html';
  });
})();
