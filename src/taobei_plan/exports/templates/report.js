// Filters only: every table is complete without this script. Reads the page, never notice text
// as code: unit names come from data attributes and are compared as strings; the word searched
// for is marked by building text nodes and <mark> elements, never by writing HTML.
(function () {
  "use strict";
  function mark(cell, words) {
    var text = cell.dataset.text === undefined ? cell.textContent : cell.dataset.text;
    cell.dataset.text = text;
    cell.textContent = "";
    var at = 0;
    while (words) {
      var found = text.indexOf(words, at);
      if (found < 0) { break; }
      cell.appendChild(document.createTextNode(text.slice(at, found)));
      var hit = document.createElement("mark");
      hit.textContent = words;
      cell.appendChild(hit);
      at = found + words.length;
    }
    cell.appendChild(document.createTextNode(text.slice(at)));
  }
  function filterNotice(section) {
    var unit = section.querySelector("select.unit-filter").value;
    var words = section.querySelector("input.task-search").value.trim();
    var shown = 0;
    var table = section.querySelector("table.task-list");
    var fixed = table.classList.contains("roles-fixed");  // a page made for one unit (--dept)
    if (!fixed) { table.classList.toggle("roles-off", !unit); }
    section.querySelectorAll("tbody.tasks").forEach(function (body) {
      var left = 0;
      body.querySelectorAll("tr.task").forEach(function (row) {
        var units = JSON.parse(row.dataset.units || "[]");
        var cell = row.querySelector("td.text");
        var text = cell.dataset.text === undefined ? cell.textContent : cell.dataset.text;
        var ok = (!unit || units.indexOf(unit) >= 0) && (!words || text.indexOf(words) >= 0);
        row.hidden = !ok;
        mark(cell, ok ? words : "");
        var role = "";
        row.querySelectorAll(".chip").forEach(function (chip) {
          var chosen = !!unit && chip.dataset.unit === unit;
          chip.classList.toggle("chosen", chosen);
          if (chosen && !role) { role = chip.classList.contains("lead") ? "牵头" : "配合"; }
        });
        var cell = row.querySelector("td.role-col");
        if (cell && !fixed) { cell.textContent = role; }  // 本单位: the chosen unit's role
        if (ok) { left += 1; }
      });
      body.hidden = left === 0;  // a section with nothing left goes, heading and all
      var count = body.querySelector(".count");
      if (count) { count.textContent = String(left); }
      shown += left;
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
