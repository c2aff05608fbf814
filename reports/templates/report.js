// report.js: filters and expand/collapse for report.html. It only toggles visibility; all case
// data is already in the page as escaped HTML, and nothing here evaluates or inserts markup.
(function () {
  'use strict';
  var toolbar = document.getElementById('toolbar');
  if (!toolbar) { return; }
  toolbar.hidden = false;
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('details.group'));
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  var texts = cases.map(function (c) { return c.querySelector('summary').textContent.toLowerCase(); });

  function boxes(kind) {
    return Array.prototype.slice.call(toolbar.querySelectorAll('input[data-filter="' + kind + '"]'));
  }
  function selected(kind) {
    var set = {};
    boxes(kind).forEach(function (box) { if (box.checked) { set[box.value] = true; } });
    return set;
  }
  function apply() {
    var outcomes = selected('outcome');
    var levels = selected('level');
    var needle = search.value.trim().toLowerCase();
    var count = 0;
    cases.forEach(function (c, i) {
      var visible = !!outcomes[c.getAttribute('data-outcome')] && !!levels[c.getAttribute('data-level')] &&
        (needle === '' || texts[i].indexOf(needle) !== -1);
      c.hidden = !visible;
      if (visible) { count += 1; }
    });
    groups.forEach(function (g) { g.hidden = g.querySelector('details.case:not([hidden])') === null; });
    shown.textContent = count + ' of ' + cases.length + ' cases shown';
  }
  function setOutcomes(wanted) {
    boxes('outcome').forEach(function (box) { box.checked = wanted === null || wanted.indexOf(box.value) !== -1; });
    boxes('level').forEach(function (box) { box.checked = true; });
    apply();
  }
  function setOpen(open) {
    document.querySelectorAll('details.case, details.exchange').forEach(function (d) {
      if (!d.hidden) { d.open = open; }
    });
  }

  toolbar.addEventListener('input', apply);
  toolbar.addEventListener('change', apply);
  document.getElementById('problems').addEventListener('click', function () { setOutcomes(['FAIL', 'WARN', 'ERROR']); });
  document.getElementById('all').addEventListener('click', function () { search.value = ''; setOutcomes(null); });
  document.getElementById('expand').addEventListener('click', function () { setOpen(true); });
  document.getElementById('collapse').addEventListener('click', function () { setOpen(false); });
  apply();
}());
