/* Action lists: sort by a column, filter rows, download the rows shown as a formula-safe CSV. */
(function () {
  "use strict";
  function cellValue(td) { return td.hasAttribute("data-v") ? td.getAttribute("data-v") : td.textContent; }
  function safe(text) {
    /* a cell starting with = + - @ tab or CR would run as a formula in a spreadsheet: quote it */
    var t = String(text);
    if (/^[=+\-@\t\r]/.test(t)) { t = "'" + t; }
    return '"' + t.replace(/"/g, '""') + '"';
  }
  function toCsv(table) {
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    var linkCols = [];
    var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (tr) { return !tr.hidden; });
    rows.forEach(function (tr) {
      Array.prototype.forEach.call(tr.cells, function (td, i) {
        if (td.querySelector("a[href]") && linkCols.indexOf(i) < 0) { linkCols.push(i); }
      });
    });
    var header = heads.slice();
    linkCols.forEach(function (i) { header.push(heads[i] + " profile"); });
    var lines = [header.map(safe).join(",")];
    rows.forEach(function (tr) {
      var cells = Array.prototype.map.call(tr.cells, function (td) { return td.textContent.replace(/\u2014/g, "").trim(); });
      linkCols.forEach(function (i) { var a = tr.cells[i].querySelector("a[href]"); cells.push(a ? a.href : ""); });
      lines.push(cells.map(safe).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  window.laCsv = toCsv;
  function wire(box) {
    if (box.hasAttribute("data-wired")) { return; }
    box.setAttribute("data-wired", "1");
    var table = box.querySelector("table"), body = table.tBodies[0];
    var count = box.querySelector(".la-count"), total = Number(count.getAttribute("data-total"));
    box.querySelector(".la-filter").addEventListener("input", function (ev) {
      var q = ev.target.value.trim().toLowerCase(), shown = 0, fold = box.querySelector("details");
      if (fold && q) { fold.open = true; }  /* a phone's folded list opens to show what the filter found */
      Array.prototype.forEach.call(body.rows, function (tr) {
        var hit = !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
        tr.hidden = !hit; if (hit) { shown += 1; }
      });
      count.textContent = (q ? shown.toLocaleString("en") + " of " : "") + total.toLocaleString("en") + " rows";
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.querySelector("button").addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col], vx = cellValue(x), vy = cellValue(y), r;
          if (vx === "" || vy === "") { return (vx === "") - (vy === ""); }  /* empty cells last */
          if (x.hasAttribute("data-num") && y.hasAttribute("data-num")) { r = Number(vx) - Number(vy); }
          else { r = vx.localeCompare(vy, "en", { sensitivity: "base", numeric: true }); }
          return asc ? r : -r;
        });
        rows.forEach(function (tr) { body.appendChild(tr); });
      });
    });
    box.querySelector("a.la-csv").addEventListener("click", function (ev) {
      /* made afresh at each click, so it holds the rows as sorted and filtered now */
      ev.currentTarget.href = URL.createObjectURL(
        new Blob(["\ufeff" + toCsv(table)], { type: "text/csv;charset=utf-8" }));
    });
  }
  /* In the report this script runs once at the end of the page; in JupyterLab it follows each list's output
     (notebook_helpers.action_table) and wires that list only. */
  var own = document.currentScript && document.currentScript.previousElementSibling;
  if (own && own.classList && own.classList.contains("la-list")) { wire(own); }
  else { document.querySelectorAll("div.la-list").forEach(wire); }
})();
