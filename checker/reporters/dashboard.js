// The xxgk dashboard: sorting and filtering the summary, and each report's page drawn from the
// embedded data when it is opened (#doc-N). Report text is only ever set as text, never as HTML.
(function () {
  "use strict";
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var SEVERITY = ["error", "warning", "info"];
  var FULL_TEXT_LINES = 400, CONTEXT = 2;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "cls") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  // -- the summary: sort and filter -----------------------------------------------------------
  var table = $("#summary"), tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var sorted = { col: -1, dir: 1 };

  function sortBy(col) {
    sorted.dir = sorted.col === col ? -sorted.dir : 1;
    sorted.col = col;
    var key = function (r) { return r.cells[col].textContent.trim(); };
    var numeric = rows.every(function (r) { var k = key(r); return k === "" || !isNaN(Number(k)); });
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === "" || y === "") return x === y ? 0 : (x === "" ? 1 : -1);  // empty cells last
      var d = numeric ? Number(x) - Number(y) : x.localeCompare(y, "zh-CN");
      return d * sorted.dir || Number(a.dataset.i) - Number(b.dataset.i);
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === col) th.setAttribute("aria-sort", sorted.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.addEventListener("click", function () { sortBy(i); });
  });

  var filters = { agency: $("#f-agency"), group: $("#f-group"), year: $("#f-year"), code: $("#f-code"), sev: $("#f-sev") };
  var shown = $("#shown");
  function applyFilters() {
    var a = filters.agency.value.trim(), g = filters.group.value, y = filters.year.value;
    var c = filters.code.value, s = filters.sev.value, n = 0;
    rows.forEach(function (r) {
      var d = r.dataset;
      var ok = (!a || d.agency.indexOf(a) >= 0) && (!g || d.group === g) && (!y || d.year === y) &&
        (!c || d.codes.split(" ").indexOf(c) >= 0) && (!s || d.sev.split(" ").indexOf(s) >= 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = shown.dataset.template.replace("{n}", n).replace("{total}", shown.dataset.total);
  }
  Object.keys(filters).forEach(function (k) {
    filters[k].addEventListener(k === "agency" ? "input" : "change", applyFilters);
  });
  function filterBy(name, value) {
    filters[name].value = value;
    applyFilters();
    table.scrollIntoView();
  }
  Array.prototype.forEach.call(document.querySelectorAll(".bar-row"), function (b) {
    b.addEventListener("click", function () { filterBy("code", b.dataset.code); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.group"), function (b) {
    b.addEventListener("click", function () { filterBy("group", b.dataset.group); });
  });

  // -- the data, unpacked on first use --------------------------------------------------------
  var loading = null;
  function data() {
    if (!loading) {
      var text = atob($("#xxgk-data").textContent.trim());
      var bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      loading = new Response(stream).text().then(JSON.parse);
    }
    return loading;
  }

  // -- a report's page ------------------------------------------------------------------------
  function findingNode(f, L, rules, withExcerpt) {
    var rule = rules[f[0]] || [f[0], ""];
    var node = el("div", { cls: "finding sev-" + f[1] }, [
      el("span", { cls: "code", title: rule[0], text: f[0] }), " ",
      el("span", { cls: "sev " + SEVERITY[f[1]], text: L["sev" + f[1]] }), " ",
      f[8] ? el("span", { cls: "where", text: f[8] }) : null, f[8] ? " " : null,
      el("span", { cls: "msg", text: f[6] })
    ]);
    if (withExcerpt && f[7]) node.appendChild(el("div", { cls: "excerpt", text: f[7] }));
    return node;
  }

  function marked(line, spans) {
    var merged = [];
    spans.map(function (s) { return [Math.max(0, s[0]), Math.min(line.length, s[1])]; })
      .filter(function (s) { return s[0] < s[1]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .forEach(function (s) {
        var last = merged[merged.length - 1];
        if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]); else merged.push(s.slice());
      });
    var td = el("td", { cls: "src" }), pos = 0;
    merged.forEach(function (s) {
      td.appendChild(document.createTextNode(line.slice(pos, s[0])));
      td.appendChild(el("mark", { text: line.slice(s[0], s[1]) }));
      pos = s[1];
    });
    td.appendChild(document.createTextNode(line.slice(pos)));
    return td;
  }

  function covers(f, line, col) {
    if (f[2] == null || col == null || line == null) return false;
    var endLine = f[4] == null ? f[2] : f[4];
    if (line < f[2] || line > endLine) return false;
    if (line === f[2] && f[3] != null && col < f[3]) return false;
    if (line === endLine && f[5] != null && col >= f[5]) return false;
    return true;
  }

  function statTable(t, findings) {
    var tableNode = el("table", { cls: "stat" }, [el("caption", { text: t[0] + (t[1] ? "  " + t[1] : "") })]);
    var body = el("tbody"), header = null;
    t[2].forEach(function (row) {
      var labels = row[1].map(function (c) { return c[0]; }).join("\u0001");
      if (labels !== header) {
        header = labels;
        body.appendChild(el("tr", { cls: "head" }, [el("th")].concat(row[1].map(function (c) { return el("th", { text: c[0] }); }))));
      }
      body.appendChild(el("tr", {}, [el("th", { text: row[0] })].concat(row[1].map(function (c) {
        var hits = findings.filter(function (f) { return covers(f, c[3], c[4]); });
        var td = el("td", { cls: c[2] + (hits.length ? " hit" : ""), text: c[1] });
        if (hits.length) td.title = hits.map(function (f) { return f[0] + " " + f[6]; }).join("\n");
        return td;
      }))));
    });
    tableNode.appendChild(body);
    return tableNode;
  }

  function mergeRanges(ranges) {
    var out = [];
    ranges.sort(function (a, b) { return a[0] - b[0]; }).forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]); else out.push(r.slice());
    });
    return out;
  }

  function textTable(i, doc, located, L, rules) {
    var lines = doc.lines, n = lines.length;
    var beside = {}, spans = {}, hits = [];
    located.forEach(function (f) {
      var line = f[2], last = Math.min(Math.max(f[4] || line, line), n);
      (beside[line] = beside[line] || []).push(f);
      hits.push([line, last]);
      if (f[3] != null && f[4] != null && f[5] != null) {
        if (f[4] === line) (spans[line] = spans[line] || []).push([f[3] - 1, f[5] - 1]);
        else {
          (spans[line] = spans[line] || []).push([f[3] - 1, lines[line - 1].length]);
          if (f[4] <= n) (spans[f[4]] = spans[f[4]] || []).push([0, f[5] - 1]);
        }
      }
    });
    // Tables spread over several lines are drawn in their place; a table inside one line (a
    // flattened web page) is drawn below that line.
    var blocks = {}, below = {}, blockEnd = {};
    doc.tables.forEach(function (t) {
      var cellLines = [];
      t[2].forEach(function (row) { row[1].forEach(function (c) { if (c[3] != null) cellLines.push(c[3]); }); });
      if (!cellLines.length) return;
      var first = Math.min.apply(null, cellLines), last = Math.max.apply(null, cellLines);
      if (last > first && !(first in blocks)) { blocks[first] = t; blockEnd[first] = last; }
      else (below[last] = below[last] || []).push(t);
    });
    var hitRanges = mergeRanges(hits);
    var shownRanges = n <= FULL_TEXT_LINES ? [[1, n]] : mergeRanges(hitRanges.map(function (r) {
      return [Math.max(1, r[0] - CONTEXT), Math.min(n, r[1] + CONTEXT)];
    }).concat(Object.keys(blocks).map(function (k) { return [Number(k), blockEnd[k]]; })));
    var isHit = function (line) { return hitRanges.some(function (r) { return r[0] <= line && line <= r[1]; }); };
    var body = el("tbody"), previous = 0;
    var gap = function (count) {
      body.appendChild(el("tr", { cls: "gap" }, [el("td", { colspan: "3", text: "⋯ " + L.omitted.replace("{n}", count) })]));
    };
    var tableRow = function (tables, notes, id) {
      body.appendChild(el("tr", id ? { cls: "table-block", id: id } : { cls: "table-block" }, [
        el("td", { cls: "ln" }), el("td", {}, tables.map(function (t) { return statTable(t, located); })), el("td", { cls: "notes" }, notes)
      ]));
    };
    shownRanges.forEach(function (range) {
      if (range[0] > previous + 1) gap(range[0] - previous - 1);
      for (var line = Math.max(range[0], previous + 1); line <= range[1]; line++) {
        if (blocks[line]) {
          var notes = [];
          for (var k = line; k <= blockEnd[line]; k++) (beside[k] || []).forEach(function (f) { notes.push(findingNode(f, L, rules, false)); });
          tableRow([blocks[line]], notes, "doc-" + i + "-L" + line);
          line = blockEnd[line];
          continue;
        }
        body.appendChild(el("tr", { id: "doc-" + i + "-L" + line, cls: isHit(line) ? "hit" : "" }, [
          el("td", { cls: "ln", text: String(line) }),
          marked(lines[line - 1], spans[line] || []),
          el("td", { cls: "notes" }, (beside[line] || []).map(function (f) { return findingNode(f, L, rules, false); }))
        ]));
        if (below[line]) tableRow(below[line], []);
      }
      previous = Math.max(previous, range[1]);
    });
    if (previous < n) gap(n - previous);
    return el("table", { cls: "text" }, [body]);
  }

  function renderDoc(d, i) {
    var doc = d.docs[i], L = d.labels, detail = $("#detail");
    detail.textContent = "";
    if (!doc) return;
    var nav = el("nav", { cls: "doc-nav" }, [el("a", { href: "#", text: "← " + L.back })]);
    if (doc.prev != null) nav.appendChild(el("a", { href: "#doc-" + doc.prev, cls: "prev-year", text: L.prev_year + " " + (doc.year - 1) }));
    if (doc.next != null) nav.appendChild(el("a", { href: "#doc-" + doc.next, cls: "next-year", text: L.next_year + " " + (doc.year + 1) }));
    detail.appendChild(nav);
    detail.appendChild(el("h2", { text: doc.path }));
    var meta = [doc.agency, doc.year, doc.level, doc.parent].filter(function (x) { return x != null && x !== ""; }).join(" · ");
    if (meta) detail.appendChild(el("p", { cls: "meta", text: meta }));
    // the manifest's address, as a link only when it is a web address (never javascript: or data:)
    if (doc.url) detail.appendChild(el("p", { cls: "meta" }, [/^https?:\/\//i.test(doc.url) ?
      el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank", text: doc.url }) : doc.url]));
    var n = doc.lines ? doc.lines.length : 0;
    var located = doc.findings.filter(function (f) { return f[2] != null && f[2] >= 1 && f[2] <= n; });
    var general = doc.findings.filter(function (f) { return located.indexOf(f) < 0; });
    if (!doc.findings.length) detail.appendChild(el("p", { cls: "clean", text: "✓ " + L.clean }));
    if (general.length) {
      detail.appendChild(el("h3", { text: L.general }));
      detail.appendChild(el("ul", { cls: "general" }, general.map(function (f) { return el("li", {}, [findingNode(f, L, d.rules, true)]); })));
    }
    if (n) {
      detail.appendChild(el("h3", { text: L.text }));
      detail.appendChild(textTable(i, doc, located, L, d.rules));
    } else if (doc.tables.length) {
      detail.appendChild(el("h3", { text: L.tables }));
      doc.tables.forEach(function (t) { detail.appendChild(statTable(t, doc.findings)); });
    } else if (doc.lines === null && doc.findings.length) {
      detail.appendChild(el("p", { cls: "meta", text: L.unread }));
    }
  }

  function route() {
    var match = /^#doc-(\d+)$/.exec(location.hash);
    var overview = $("#overview"), detail = $("#detail");
    if (!match) {
      detail.hidden = true;
      overview.hidden = false;
      return;
    }
    overview.hidden = true;
    detail.hidden = false;
    detail.textContent = "…";
    data().then(function (d) { renderDoc(d, Number(match[1])); window.scrollTo(0, 0); }, function () {
      detail.textContent = document.documentElement.lang === "en" ?
        "This browser cannot unpack the reports." : "此浏览器不能解压报告数据，请用新版浏览器打开。";
    });
  }
  window.addEventListener("hashchange", route);
  route();
})();
