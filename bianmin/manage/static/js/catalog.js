// 事项目录: upload a catalog file → preview (errors, anomalies, what would change) → 应用;
// the scenario list (search, retired ones on demand) with an edit form, add and retire.

import { api, config, showError } from "./common.js";
import { askAboutWaiting, clearErrors, fileAsBase64, showFieldErrors } from "./forms.js";
import { h, replace } from "../../../static/js/dom.js";

const base = `/halls/${config.hall}`;
const uploadForm = document.getElementById("upload");
const preview = document.getElementById("preview");
const applyButton = document.getElementById("apply");
const applied = document.getElementById("applied");
const list = document.querySelector("#scenarios tbody");
const search = document.getElementById("search");
const showRetired = document.getElementById("show-retired");
const editor = document.getElementById("editor");
const form = document.getElementById("scenario-form");
const saved = document.getElementById("saved");
let scenarios = [];
let queues = [];
let editing = null; // the scenario being edited, or {} for a new one
let pending = null; // the previewed upload: {filename, content, token}

document.getElementById("export").href = `${config.api}${base}/catalog/export.xlsx`;

// --- upload and preview ---------------------------------------------------------------

function count(label, value, cls = "") {
  return h("span.c-count", {}, h(cls ? `strong.${cls}` : "strong", {}, value), label);
}

function names(title, rows, describe) {
  if (!rows.length) return null;
  return h("div", {}, h("h3", {}, `${title}（${rows.length}）`),
    h("ul", {}, rows.slice(0, 200).map((r) => h("li", {}, describe(r)))));
}

function showPreview(answer, refused) {
  preview.hidden = false;
  applied.hidden = true;
  const errors = answer.errors || [];
  document.getElementById("preview-summary").textContent = refused
    ? `“${answer.filename}”有 ${errors.length} 处错误，不能导入。请在文件中改正后重新上传（没有写入任何内容）。`
    : `“${answer.filename}”：${answer.scenarios} 个事项，${answer.anomalies.length} 处待核对。应用后：`;
  const c = answer.changes;
  replace(document.getElementById("preview-counts"), c ? [
    count("新增", c.added), count("修改", c.changed), count("停用", c.retired), count("未变", c.unchanged),
  ] : [count("错误", errors.length, "c-bad"), count("待核对", answer.anomalies.length)]);
  replace(document.getElementById("preview-changes"), c ? [
    names("新增事项", c.added_scenarios, (r) => `${r.name}（${r.section}）`),
    names("修改事项", c.changed_scenarios, (r) => `${r.name}：${r.field_labels.join("、")}`),
    names("停用事项", c.retired_scenarios, (r) => `${r.name}（${r.section}）`),
  ] : []);
  const problems = answer.problems || [];
  document.getElementById("problems-title").textContent = refused
    ? "错误与待核对（按行号）" : `待核对（${answer.anomalies.length}）`;
  replace(document.querySelector("#problems tbody"), problems.map((p) => h("tr", {},
    h("td", {}, `第${p.line}行`),
    h(p.severity === "error" ? "td.c-bad" : "td.c-warning", {}, p.severity === "error" ? "错误" : "待核对"),
    h("td", {}, p.message))));
  applyButton.hidden = refused || !answer.can_apply;
}

uploadForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = uploadForm.elements.file.files[0];
  if (!file) return;
  pending = { filename: file.name, content: await fileAsBase64(file) };
  try {
    const answer = await api(`${base}/catalog/imports`, { method: "POST", body: pending });
    pending.token = answer.token;
    showPreview(answer, false);
  } catch (error) {
    pending = null;
    if (error.code === "catalog_errors") showPreview(error.details, true);
  }
});

applyButton.addEventListener("click", async () => {
  if (!pending) return;
  applyButton.disabled = true;
  try {
    const answer = await api(`${base}/catalog/imports`, {
      method: "POST", body: { ...pending, apply: true } });
    const c = answer.changes;
    applied.textContent = `已应用：目录版本 ${answer.catalog_version}，新增 ${c.added}，修改 ${c.changed}，停用 ${c.retired}。取号机和大厅屏已更新。`;
    applied.hidden = false;
    applyButton.hidden = true;
    pending = null;
    await loadList();
  } catch (error) {
    // preview_stale: the message says to upload again
  } finally {
    applyButton.disabled = false;
  }
});

// --- the list ------------------------------------------------------------------------

function matches(s, words) {
  const text = `${s.name} ${s.section} ${s.queue.prefix} ${s.queue.name} ${s.department} ${s.matter}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

function drawList() {
  const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = scenarios.filter((s) => (showRetired.checked || s.active) && matches(s, words));
  replace(list, shown.slice(0, 400).map((s) => h(s.active ? "tr.m-row" : "tr.m-row.c-retired", {
    tabindex: 0, dataset: { id: s.id }, onclick: () => edit(s),
    onkeydown: (e) => { if (e.key === "Enter") edit(s); },
  },
  h("td", {}, s.name), h("td", {}, s.section), h("td", {}, `${s.queue.prefix} ${s.queue.name}`),
  h("td", {}, s.windows.join("、") || "—"), h("td", {}, s.materials.length),
  h("td", {}, s.active ? "启用" : "已停用"))));
  const active = scenarios.filter((s) => s.active).length;
  document.getElementById("list-summary").textContent =
    `共 ${active} 个启用的事项${scenarios.length > active ? `，${scenarios.length - active} 个已停用` : ""}；显示 ${Math.min(shown.length, 400)} 个。`;
}

async function loadList() {
  const [answer, wq] = await Promise.all([api(`${base}/scenarios`), api(`${base}/queues`)]);
  scenarios = answer.scenarios;
  queues = wq.queues;
  replace(form.elements.queue, queues.filter((q) => q.active).map((q) =>
    h("option", { value: q.prefix }, `${q.prefix} ${q.name}（${q.active_windows.join("、") || "无窗口"}）`)));
  replace(document.getElementById("sections"),
    [...new Set(scenarios.map((s) => s.section).filter(Boolean))].map((s) => h("option", { value: s })));
  drawList();
}

search.addEventListener("input", drawList);
showRetired.addEventListener("change", drawList);

// --- the form ------------------------------------------------------------------------

function edit(s) {
  editing = s;
  editor.hidden = false;
  saved.hidden = true;
  clearErrors(form);
  document.getElementById("editor-title").textContent = s.id ? `修改事项 · ${s.name}` : "新增事项";
  form.elements.name.value = s.name || "";
  form.elements.section.value = s.section || "";
  form.elements.queue.value = s.queue ? s.queue.prefix : (queues[0] && queues[0].prefix);
  form.elements.time_limit.value = s.time_limit || "";
  form.elements.phone.value = s.phone || "";
  form.elements.notice.value = s.notice || "";
  form.elements.materials.value = (s.materials || []).join("\n");
  form.elements.active.checked = s.id ? s.active : true;
  form.elements.active.disabled = !s.id;
  document.getElementById("retire").hidden = !s.id || !s.active;
  form.elements.name.focus();
}

function values() {
  const f = form.elements;
  return {
    // a withdrawn matter (不再受理) has no queue: none chosen, none sent
    name: f.name.value, section: f.section.value.trim(), queue: f.queue.value || undefined,
    time_limit: f.time_limit.value.trim(), phone: f.phone.value.trim(), notice: f.notice.value.trim(),
    materials: f.materials.value.split("\n").map((line) => line.trim()).filter(Boolean),
  };
}

async function save(body) {
  const isNew = !editing.id;
  const path = isNew ? `${base}/scenarios` : `${base}/scenarios/${editing.id}`;
  try {
    const answer = await api(path, { method: isNew ? "POST" : "PATCH", body });
    saved.textContent = isNew ? "已新增，取号机已更新。" : "已保存，取号机已更新。";
    saved.hidden = false;
    clearErrors(form);
    await loadList();
    editing = scenarios.find((s) => s.id === answer.id) || answer;
    document.getElementById("retire").hidden = !editing.active;
    form.elements.active.checked = editing.active;
    form.elements.active.disabled = false;
  } catch (error) {
    if (error.code === "would_strand") {
      showError("");
      const choice = await askAboutWaiting(error, queues);
      if (choice) await save({ ...body, ...choice });
    } else {
      showFieldErrors(form, error);
    }
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const body = values();
  if (editing.id) body.active = form.elements.active.checked;
  save(body);
});

document.getElementById("retire").addEventListener("click", () => save({ active: false }));
document.getElementById("add").addEventListener("click", () => edit({}));
document.getElementById("close-editor").addEventListener("click", () => { editor.hidden = true; });

loadList().catch(() => {});
