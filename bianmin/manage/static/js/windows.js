// 窗口与队列: the windows (add, rename, which queues, retire) and the queues (name, prefix,
// domain, retire), each with its form; a change that would strand visitors asks first.

import { api, config, showError } from "./common.js";
import { askAboutWaiting, clearErrors, showFieldErrors } from "./forms.js";
import { h, replace } from "../../../static/js/dom.js";

const base = `/halls/${config.hall}`;
const windowEditor = document.getElementById("window-editor");
const windowForm = document.getElementById("window-form");
const queueEditor = document.getElementById("queue-editor");
const queueForm = document.getElementById("queue-form");
let data = { windows: [], queues: [] };
let editingWindow = null;
let editingQueue = null;
const KIND_LABELS = { normal: "普通", complaint: "有诉即办", pickup: "综合出件" };

function row(cells, item, onOpen) {
  return h(item.active ? "tr.m-row" : "tr.m-row.c-retired", {
    tabindex: 0, onclick: onOpen, onkeydown: (e) => { if (e.key === "Enter") onOpen(); },
  }, cells.map((c) => h("td", {}, c)));
}

function draw() {
  replace(document.querySelector("#windows tbody"), data.windows.map((w) => row([
    `${w.number}号`, w.name, w.serves_all || (w.queues.length >= data.queues.filter((q) => q.active).length && w.queues.length > 1)
      ? `全部队列（${w.queues.length}）` : w.queues.join("、") || "—",
    w.green_channel ? h("span.c-green", {}, "绿色通道专窗") : "—",
    w.waiting, w.active ? "启用" : "已停用"], w, () => openWindow(w))));
  replace(document.querySelector("#queues tbody"), data.queues.map((q) => row([
    q.prefix, q.name, q.domain || "—", q.active_windows.join("、") || "无窗口", q.waiting, q.scenarios,
    q.daily_cap == null ? "不限" : String(q.daily_cap),
    q.active ? "启用" : "已停用", KIND_LABELS[q.kind] || "普通"], q, () => openQueue(q))));
}

async function load() {
  data = await api(`${base}/windows`);
  draw();
}

function openWindow(w) {
  editingWindow = w;
  queueEditor.hidden = true;
  windowEditor.hidden = false;
  clearErrors(windowForm);
  document.getElementById("window-saved").hidden = true;
  document.getElementById("window-title").textContent = w.number ? `修改${w.number}号窗口` : "新增窗口";
  const f = windowForm.elements;
  f.number.value = w.number || "";
  f.number.disabled = Boolean(w.number);
  f.name.value = w.name || "";
  f.serves_all.checked = Boolean(w.serves_all);
  f.green_channel.checked = Boolean(w.green_channel);
  f.active.checked = w.number ? w.active : true;
  f.active.disabled = !w.number;
  replace(document.getElementById("queue-boxes"), data.queues.filter((q) => q.active).map((q) =>
    h("label.m-check", {}, h("input", { type: "checkbox", name: "queues", value: q.prefix,
      checked: (w.queues || []).includes(q.prefix) }), `${q.prefix} ${q.name}`)));
  (w.number ? f.name : f.number).focus();
}

function openQueue(q) {
  editingQueue = q;
  windowEditor.hidden = true;
  queueEditor.hidden = false;
  clearErrors(queueForm);
  document.getElementById("queue-saved").hidden = true;
  document.getElementById("queue-title").textContent = q.prefix ? `修改队列 ${q.prefix}` : "新增队列";
  const f = queueForm.elements;
  f.name.value = q.name || "";
  f.prefix.value = q.prefix || "";
  f.domain.value = q.domain || "";
  f.kind.value = q.kind || "normal";
  f.daily_cap.value = q.daily_cap == null ? "" : String(q.daily_cap);
  f.active.checked = q.prefix ? q.active : true;
  f.active.disabled = !q.prefix;
  // a new queue names its windows here; an existing one is changed from the window's form
  document.getElementById("new-queue-windows").hidden = Boolean(q.prefix);
  replace(document.getElementById("window-boxes"), data.windows.filter((w) => w.active && !w.serves_all).map((w) =>
    h("label.m-check", {}, h("input", { type: "checkbox", name: "windows", value: w.number }), `${w.number}号 ${w.name}`)));
  f.name.focus();
}

async function send(form, saved, request, retry) {
  try {
    const answer = await request();
    clearErrors(form);
    saved.textContent = "已保存；柜台、大厅屏和取号机已更新。";
    saved.hidden = false;
    await load();
    return answer;
  } catch (error) {
    if (error.code === "would_strand") {
      showError("");
      const choice = await askAboutWaiting(error, data.queues);
      if (choice) return retry(choice);
    } else {
      showFieldErrors(form, error);
    }
    return null;
  }
}

/** After a save: the form shows the window as the server now has it (its queues ticked). */
function reopenWindow(answer) {
  const fresh = answer && data.windows.find((w) => w.number === answer.number);
  if (!fresh) return answer;
  openWindow(fresh);
  const saved = document.getElementById("window-saved");
  saved.textContent = "已保存；柜台、大厅屏和取号机已更新。";
  saved.hidden = false;
  return answer;
}

async function saveWindow(extra = {}) {
  const f = windowForm.elements;
  const chosen = [...windowForm.querySelectorAll("input[name=queues]:checked")].map((c) => c.value);
  const body = { name: f.name.value.trim() || undefined, queues: chosen,
    green_channel: f.green_channel.checked, ...extra };
  if (f.serves_all.checked) { body.serves_all = true; delete body.queues; }
  const saved = document.getElementById("window-saved");
  if (!editingWindow.number) {
    const number = f.number.value === "" ? null : Number(f.number.value);
    return reopenWindow(await send(windowForm, saved, () => api(`${base}/windows`, {
      method: "POST", body: { ...body, number, name: f.name.value.trim() } }), (choice) => saveWindow(choice)));
  }
  body.active = f.active.checked;
  return reopenWindow(await send(windowForm, saved,
    () => api(`${base}/windows/${editingWindow.number}`, { method: "PATCH", body }),
    (choice) => saveWindow(choice)));
}

// 每日放号量: empty = no cap; anything else goes as typed, so the server names the mistake
function dailyCap(f) {
  const cap = f.daily_cap.value.trim();
  return cap === "" ? null : /^[0-9]+$/.test(cap) ? Number(cap) : cap;
}

function saveQueue(extra = {}) {
  const f = queueForm.elements;
  if (!editingQueue.prefix) {
    const windows = [...queueForm.querySelectorAll("input[name=windows]:checked")].map((c) => Number(c.value));
    return send(queueForm, document.getElementById("queue-saved"), async () => {
      const answer = await api(`${base}/queues`, { method: "POST", body: {
        name: f.name.value.trim(), prefix: f.prefix.value.trim().toUpperCase(), domain: f.domain.value.trim(),
        kind: f.kind.value, windows, daily_cap: dailyCap(f) } });
      editingQueue = answer;
      document.getElementById("new-queue-windows").hidden = true;
      f.active.disabled = false;
      return answer;
    }, (choice) => saveQueue(choice));
  }
  const body = { name: f.name.value, prefix: f.prefix.value.trim().toUpperCase(), domain: f.domain.value.trim(),
    kind: f.kind.value, active: f.active.checked, ...extra };
  body.daily_cap = dailyCap(f);
  const old = editingQueue.prefix;
  return send(queueForm, document.getElementById("queue-saved"), async () => {
    const answer = await api(`${base}/queues/${old}`, { method: "PATCH", body });
    editingQueue = answer;
    return answer;
  }, (choice) => saveQueue(choice));
}

windowForm.addEventListener("submit", (e) => { e.preventDefault(); saveWindow(); });
queueForm.addEventListener("submit", (e) => { e.preventDefault(); saveQueue(); });
document.getElementById("add-window").addEventListener("click", () => openWindow({ queues: [] }));
document.getElementById("add-queue").addEventListener("click", () => openQueue({}));
for (const button of document.querySelectorAll("[data-close]")) {
  button.addEventListener("click", () => { windowEditor.hidden = true; queueEditor.hidden = true; });
}

load().catch(() => {});
