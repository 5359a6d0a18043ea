// The page of `xxgk serve`: upload or paste a report, show its text with every finding marked
// where it points, explain a finding, download the results. Everything shown is built with DOM
// calls and textContent, so nothing of a report can inject markup.
"use strict";

const SEVERITIES = ["error", "warning", "info"];
const SEV_ZH = { error: "错误", warning: "警告", info: "提示" };
const HELP = [["what", "查什么"], ["why", "为什么 · 依据"], ["fix", "如何修改"]];
const state = { upload: null, data: null, shown: new Set(SEVERITIES), active: null };

const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}
function status(text, bad) {
  $("status").textContent = text;
  $("status").className = bad ? "bad" : "";
}

// -- talking to the server ---------------------------------------------------------------------

async function post(path, upload, params) {
  const form = new FormData();
  form.append("file", upload.blob, upload.name);
  const query = new URLSearchParams(params || {});
  const search = query.toString();
  const response = await fetch(path + (search ? "?" + search : ""), { method: "POST", body: form });
  if (!response.ok) {
    let detail = `服务器返回 ${response.status}`;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(detail);
  }
  return response;
}

async function check(upload) {
  state.upload = upload;
  status(`正在检查 ${upload.name} ……`);
  $("result").hidden = true;
  try {
    state.data = await (await post("/api/review", upload)).json();
  } catch (error) {
    status(error.message, true);
    return;
  }
  status("");
  state.active = null;
  render();
}

function save(blob, name) {
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function stem() {
  return state.upload.name.replace(/\.[^.]*$/, "");
}

async function download(path, params, fallbackName) {
  try {
    const response = await post(path, state.upload, params);
    const disposition = response.headers.get("Content-Disposition") || "";
    const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    save(await response.blob(), match ? decodeURIComponent(match[1]) : fallbackName);
  } catch (error) {
    status(error.message, true);
  }
}

// -- what each finding points at -----------------------------------------------------------------

// line number -> [{f, from, to}] (0-based columns, end exclusive; to = null: to the end of the line)
function spansByLine(findings, marks) {
  const out = new Map();
  const add = (line, entry) => { if (!out.has(line)) out.set(line, []); out.get(line).push(entry); };
  findings.forEach((f, i) => {
    if (!state.shown.has(f.severity)) return;
    const loc = f.location;
    if (loc.line == null) return;
    const endLine = loc.end_line || loc.line;
    for (let line = loc.line; line <= endLine; line++) {
      const from = line === loc.line && loc.column ? loc.column - 1 : 0;
      const to = line === endLine && loc.end_column ? loc.end_column - 1 : null;
      add(line, { f: i, from, to: to !== null && to <= from ? from + 1 : to });
    }
    for (const m of marks[i] || []) add(m.line, { f: i, from: m.column - 1, to: m.end_column - 1, evidence: true, holds: m.holds_with });
  });
  return out;
}

function worst(indices) {
  const sevs = indices.map((i) => state.data.report.documents[0].findings[i].severity);
  return SEVERITIES.find((s) => sevs.includes(s)) || "info";
}

function clickable(node, indices) {
  const findings = state.data.report.documents[0].findings;
  node.dataset.f = indices.join(" ");
  node.title = indices.map((i) => `${findings[i].code} ${findings[i].message}`).join("\n");
  node.addEventListener("click", (event) => { event.stopPropagation(); select(indices[0]); });
}

function paragraph(number, text, spans) {
  const p = el("p", { class: "line", id: "L" + number });
  if (!spans.length) { p.textContent = text; return p; }
  const cover = Array.from({ length: text.length }, () => []);
  for (const s of spans) for (let c = s.from; c < (s.to === null ? text.length : s.to) && c < text.length; c++) cover[c].push(s.f);
  let start = 0;
  for (let c = 1; c <= text.length; c++) {
    if (c < text.length && cover[c].join() === cover[start].join()) continue;
    const piece = text.slice(start, c);
    if (cover[start].length) {
      const mark = el("mark", { class: worst(cover[start]), text: piece });
      clickable(mark, cover[start]);
      p.append(mark);
    } else p.append(piece);
    start = c;
  }
  const all = [...new Set(spans.map((s) => s.f))];
  p.classList.add("hit", worst(all));
  return p;
}

function tableRow(number, line, spans) {
  const tr = el("tr", { id: "L" + number });
  for (const [from, to] of line.cells) {
    const td = el("td", { text: line.text.slice(from - 1, to - 1).trim() });
    // a span without an end marks the cell it starts in
    const hits = spans.filter((s) => s.from < to - 1 && (s.to === null ? s.from + 1 : s.to) > from - 1);
    if (hits.length) {
      const own = hits.filter((s) => !s.evidence).map((s) => s.f);
      const indices = [...new Set(hits.map((s) => s.f))];
      td.classList.add("hit", own.length ? worst(own) : "evidence");
      clickable(td, indices);
      const holds = hits.find((s) => s.holds != null);
      if (holds) td.append(el("span", { class: "holds", text: holds.holds }));
    }
    tr.append(td);
  }
  return tr;
}

// -- drawing -------------------------------------------------------------------------------------

function findingItem(f, i) {
  const li = el("li", { class: f.severity, id: "F" + i },
    el("span", { class: "sev " + f.severity, text: SEV_ZH[f.severity] }),
    el("span", { class: "code", text: f.code }),
    el("span", { class: "msg", text: f.message }),
    el("span", { class: "where", text: place(f) }));
  li.addEventListener("click", () => select(i));
  return li;
}

function place(f) {
  const loc = f.location;
  if (loc.line == null) return "涉及全文";
  return loc.source || `第 ${loc.line} 行`;
}

function render() {
  const data = state.data;
  const doc = data.report.documents[0];
  const findings = doc.findings;
  $("result").hidden = false;
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]));
  for (const s of SEVERITIES) document.querySelector(`[data-count="${s}"]`).textContent = counts[s];
  const meta = [doc.agency, doc.year && `${doc.year} 年度`, doc.profile && `${doc.profile} 格式`].filter(Boolean).join(" · ");
  $("summary").replaceChildren(
    el("strong", { text: doc.path }), " ", meta ? el("span", { text: meta }) : null, " ",
    findings.length ? el("span", { text: `共 ${findings.length} 个问题` }) : el("span", { class: "clean", text: "✓ 未发现问题" }));
  $("dl-word").hidden = !data.word;
  const spans = spansByLine(findings, data.marks);
  const article = $("doc");
  article.replaceChildren();
  const general = findings.map((f, i) => [f, i]).filter(([f]) => f.location.line == null && state.shown.has(f.severity));
  if (general.length) {
    const box = el("div", { class: "general" }, el("h3", { text: "涉及全文的问题" }));
    const list = el("ul");
    for (const [f, i] of general) {
      const item = el("li", { class: f.severity }, el("span", { class: "sev " + f.severity, text: SEV_ZH[f.severity] }), `${f.code} ${f.message}`);
      clickable(item, [i]);
      list.append(item);
    }
    box.append(list);
    article.append(box);
  }
  let table = null;
  data.lines.forEach((line, index) => {
    const number = index + 1;
    const here = spans.get(number) || [];
    if (line.cells) {
      if (/^\|[\s:|-]+\|$/.test(line.text.trim())) return; // a Markdown rule under the header
      // a row of another width starts another table (tables of a report follow each other)
      if (!table || table.dataset.width !== String(line.cells.length)) {
        table = el("table", { class: "grid", "data-width": String(line.cells.length) }, el("tbody"));
        article.append(table);
      }
      table.tBodies[0].append(tableRow(number, line, here));
    } else {
      table = null;
      article.append(paragraph(number, line.text, here));
    }
  });
  const list = $("findings");
  list.replaceChildren(...findings.map((f, i) => [f, i]).filter(([f]) => state.shown.has(f.severity)).map(([f, i]) => findingItem(f, i)));
  if (state.active !== null && state.shown.has(findings[state.active].severity)) select(state.active);
  else $("explain").hidden = true;
}

function select(i) {
  state.active = i;
  const f = state.data.report.documents[0].findings[i];
  for (const node of document.querySelectorAll(".active")) node.classList.remove("active");
  const targets = [...document.querySelectorAll("[data-f]")].filter((n) => n.dataset.f.split(" ").includes(String(i)));
  for (const node of targets) node.classList.add("active");
  const item = $("F" + i);
  if (item) item.classList.add("active");
  if (targets.length) targets[0].scrollIntoView({ block: "center", behavior: "smooth" });
  explain(f);
}

function explain(f) {
  const help = state.data.rules[f.code] || {};
  const box = $("explain");
  const close = el("button", { class: "close", type: "button", text: "关闭" });
  close.addEventListener("click", () => { box.hidden = true; });
  const list = el("dl", {}, el("dt", { text: "问题" }), el("dd", { text: f.message }), el("dt", { text: "位置" }), el("dd", { text: place(f) }));
  for (const [key, label] of HELP) if (help[key]) list.append(el("dt", { text: label }), el("dd", { text: help[key] }));
  box.replaceChildren(close, el("h3", { text: `${f.code} ${help.summary || f.name}` }),
    el("span", { class: "sev " + f.severity, text: SEV_ZH[f.severity] }), list);
  box.hidden = false;
}

// -- wiring --------------------------------------------------------------------------------------

function fromFile(file) {
  if (file) check({ blob: file, name: file.name });
}

$("file").addEventListener("change", (event) => fromFile(event.target.files[0]));
const drop = $("drop");
for (const type of ["dragenter", "dragover"]) drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("over"); });
for (const type of ["dragleave", "drop"]) drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.remove("over"); });
drop.addEventListener("drop", (e) => fromFile(e.dataTransfer.files[0]));
$("check-paste").addEventListener("click", () => {
  const text = $("paste").value;
  if (!text.trim()) { status("请先粘贴报告全文", true); return; }
  check({ blob: new Blob([text], { type: "text/plain;charset=utf-8" }), name: "粘贴的文字.txt" });
});
for (const box of document.querySelectorAll("#filters input")) {
  box.addEventListener("change", () => {
    if (box.checked) state.shown.add(box.dataset.sev); else state.shown.delete(box.dataset.sev);
    render();
  });
}
$("dl-json").addEventListener("click", () => {
  const text = JSON.stringify(state.data.report, null, 2) + "\n";
  save(new Blob([text], { type: "application/json" }), `${stem()}_xxgk检查结果.json`);
});
$("dl-html").addEventListener("click", () => download("/api/check", { format: "html" }, `${stem()}_xxgk检查结果.html`));
$("dl-word").addEventListener("click", () => download("/api/annotate", {}, `${stem()}_xxgk批注.docx`));
