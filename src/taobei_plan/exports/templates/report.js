// Filters only: every table is complete without this script. Reads the page, never notice text
// as code: unit names come from data attributes and are compared as strings.
(function () {
  "use strict";
  function filterNotice(section) {
    var unit = section.querySelector("select.unit-filter").value;
    var words = section.querySelector("input.task-search").value.trim();
    var shown = 0;
    section.querySelectorAll("tbody.tasks tr.task").forEach(function (row) {
      var units = JSON.parse(row.dataset.units || "[]");
      var ok = (!unit || units.indexOf(unit) >= 0) && (!words || row.textContent.indexOf(words) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    section.querySelector(".shown").textContent = String(shown);
  }
  document.querySelectorAll("section.notice").forEach(function (section) {
    var select = section.querySelector("select.unit-filter");
    var search = section.querySelector("input.task-search");
    if (!select) { return; }  // a notice too large to list its tasks: nothing to filter
    select.addEventListener("change", function () { filterNotice(section); });
    search.addEventListener("input", function () { filterNotice(section); });
    section.querySelectorAll("svg.units g.bar").forEach(function (bar) {
      function choose() {
        select.value = bar.dataset.unit === select.value ? "" : bar.dataset.unit;
        filterNotice(section);
        section.querySelector(".task-table").scrollIntoView();
      }
      bar.addEventListener("click", choose);
      bar.addEventListener("keydown", function (event) { if (event.key === "Enter") { choose(); } });
    });
    section.querySelectorAll(".chip").forEach(function (chip) {
      chip.addEventListener("click", function () {
        select.value = chip.dataset.unit;
        filterNotice(section);
      });
    });
  });
  var tabs = document.querySelectorAll("nav.switcher a");
  function show(id) {
    document.querySelectorAll("section.notice").forEach(function (s) { s.hidden = s.id !== id; });
    tabs.forEach(function (t) { t.classList.toggle("current", t.getAttribute("href") === "#" + id); });
  }
  tabs.forEach(function (tab) {
    tab.addEventListener("click", function (event) {
      event.preventDefault();
      show(tab.getAttribute("href").slice(1));
    });
  });
  if (tabs.length) { show(tabs[0].getAttribute("href").slice(1)); }
})();
