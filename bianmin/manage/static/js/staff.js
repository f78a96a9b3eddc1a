// 工作人员: the hall's accounts (GET …/staff), who is signed in where; add and edit in the
// side panel, reset a password (shown once), disable/enable after a confirmation.

import { h, replace } from "../../../static/js/dom.js";
import { api, config, showError, when } from "./common.js";

const $ = (id) => document.getElementById(id);
const form = $("staff-form");
const base = `/halls/${config.hall}/staff`;
let accounts = [];
let editing = null; // the account being edited, or null when adding

function windowsText(windows) {
  if (windows === null) return "全部窗口";
  if (!windows.length) return "无";
  return windows.map((n) => `${n}号`).join("、");
}

function signedInText(account) {
  if (!account.sessions.length) return "—";
  const places = new Map(); // one line per window (a manager may have several browsers open)
  for (const s of account.sessions) {
    const place = s.window === null ? "管理页面" : `${s.window}号窗口`;
    const seen = places.get(place);
    places.set(place, seen ? { ...seen, count: seen.count + 1 } : { since: s.since, count: 1 });
  }
  return [...places].map(([place, { since, count }]) =>
    `${place}（${when(since)} 登录${count > 1 ? `，${count} 处` : ""}）`).join("；");
}

function draw() {
  $("count").textContent = `共 ${accounts.length} 人，` +
    `${accounts.filter((a) => a.sessions.length).length} 人在线`;
  $("empty").hidden = accounts.length > 0;
  replace(document.querySelector("#staff tbody"), accounts.map((a) => {
    const me = a.id === config.me;
    return h(`tr${a.active ? "" : ".ad-row-off"}`, { dataset: { staff: a.username } },
      h("td", {}, a.employee_no ? `${a.display_name}（工号 ${a.employee_no}）` : a.display_name),
      h("td", {}, a.username),
      h("td", {}, a.role_label),
      h("td", {}, windowsText(a.windows)),
      h("td", {}, h(a.active ? "span.ad-state-on" : "span.ad-state-off", {}, a.active ? "启用" : "停用")),
      h("td.ad-signed-in", {}, signedInText(a)),
      h("td", {}, h("div.ad-ops", {},
        h("button.m-button.ad-small", { type: "button", onclick: () => openPanel(a) }, "编辑"),
        me ? null : h("button.m-button.ad-small", { type: "button", onclick: () => resetPassword(a) }, "重置密码"),
        me ? null : h("button.m-button.ad-small", { type: "button", onclick: () => toggle(a) },
          a.active ? "停用" : "启用"))));
  }));
}

async function load() {
  accounts = (await api(base)).staff;
  draw();
}

// ---- the windows of the hall (from the snapshot) -----------------------------------------

let hallWindows = [];
async function loadWindows() {
  const snapshot = await api(`/halls/${config.hall}/snapshot`);
  hallWindows = snapshot.windows;
  replace($("window-boxes"), hallWindows.map((w) => h("label.m-check", { title: w.name },
    h("input", { type: "checkbox", name: "window", value: String(w.number) }), `${w.number}号`)));
}

function syncWindowBoxes() {
  const all = form.elements.all_windows.checked;
  $("window-boxes").setAttribute("aria-disabled", String(all));
  for (const box of $("window-boxes").querySelectorAll("input")) box.disabled = all;
}
form.elements.all_windows.addEventListener("change", syncWindowBoxes);

// ---- the panel: add or edit ------------------------------------------------------------

function clearErrors() {
  for (const el of form.querySelectorAll("[data-error-for]")) el.textContent = "";
  for (const el of form.querySelectorAll(".is-invalid")) el.classList.remove("is-invalid");
}

function showErrors(error) {
  const fields = (error.details && error.details.fields) || [];
  if (fields.length) showError(""); // said next to each field instead
  for (const { field, problem } of fields) {
    const slot = form.querySelector(`[data-error-for="${field}"]`);
    if (slot) slot.textContent = problem;
    const input = form.elements[field];
    if (input && input.classList) input.classList.add("is-invalid");
  }
}

function openPanel(account = null) {
  editing = account;
  clearErrors();
  form.reset();
  $("panel-title").textContent = account ? `编辑：${account.display_name}` : "添加工作人员";
  form.elements.username.value = account ? account.username : "";
  form.elements.username.disabled = Boolean(account);
  form.elements.display_name.value = account ? account.display_name : "";
  form.elements.employee_no.value = account ? account.employee_no : "";
  form.elements.role.value = account ? account.role : "staff";
  form.elements.role.disabled = Boolean(account && account.id === config.me);
  const windows = account ? account.windows : null;
  form.elements.all_windows.checked = windows === null;
  for (const box of $("window-boxes").querySelectorAll("input")) {
    box.checked = Array.isArray(windows) && windows.includes(Number(box.value));
  }
  syncWindowBoxes();
  $("password-field").hidden = Boolean(account);
  $("photo-field").hidden = !account;
  $("panel").hidden = false;
  (account ? form.elements.display_name : form.elements.username).focus();
}

$("add").addEventListener("click", () => openPanel(null));
$("panel-close").addEventListener("click", () => { $("panel").hidden = true; });

function chosenWindows() {
  if (form.elements.all_windows.checked) return null;
  return [...$("window-boxes").querySelectorAll("input:checked")].map((b) => Number(b.value));
}

async function uploadPhoto(account, file) {
  const response = await fetch(`${config.api}${base}/${account.id}/photo`, {
    method: "PUT", body: file, credentials: "same-origin",
    headers: { "Content-Type": file.type || "application/octet-stream", Accept: "application/json" },
  });
  if (!response.ok) {
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    const problem = data.message || "照片上传失败，请换一张 JPEG 或 PNG 图片（不超过 1 MB）。";
    form.querySelector('[data-error-for="photo"]').textContent = problem;
    throw new Error(problem);
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors();
  const body = {
    display_name: form.elements.display_name.value,
    employee_no: form.elements.employee_no.value,
    windows: chosenWindows(),
  };
  if (!form.elements.role.disabled) body.role = form.elements.role.value;
  $("staff-save").disabled = true;
  try {
    if (editing) {
      await api(`${base}/${editing.id}`, { method: "PATCH", body });
      const file = form.elements.photo.files[0];
      if (file) await uploadPhoto(editing, file);
    } else {
      body.username = form.elements.username.value.trim();
      if (form.elements.password.value) body.password = form.elements.password.value;
      const created = await api(base, { method: "POST", body });
      if (created.password) showSecret(`已添加 ${created.display_name}（${created.username}）。初始密码：`, created.password);
    }
    $("panel").hidden = true;
    await load();
  } catch (error) {
    showErrors(error);
  } finally {
    $("staff-save").disabled = false;
  }
});

// ---- confirmations, password, disable/enable -------------------------------------------

function confirmDialog(text) {
  const dialog = $("confirm");
  $("confirm-text").textContent = text;
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}

function showSecret(text, password) {
  $("secret-text").textContent = text;
  $("secret-password").textContent = password;
  $("secret").showModal();
}

async function resetPassword(account) {
  const online = account.sessions.length ? `，${account.display_name} 当前的登录会立即退出` : "";
  if (!await confirmDialog(`为 ${account.display_name}（${account.username}）重置密码？将生成一个新密码${online}。`)) return;
  const answer = await api(`${base}/${account.id}/password`, { method: "POST", body: {} });
  showSecret(`${account.display_name}（${account.username}）的新密码：`, answer.password);
  await load();
}

async function toggle(account) {
  if (account.active) {
    const online = account.sessions.length ? "正在使用的窗口终端会立即退出登录，" : "";
    if (!await confirmDialog(`停用 ${account.display_name}（${account.username}）？${online}停用后不能再登录，可随时重新启用。`)) return;
    await api(`${base}/${account.id}/disable`, { method: "POST", body: {} });
  } else {
    await api(`${base}/${account.id}/enable`, { method: "POST", body: {} });
  }
  await load();
}

Promise.all([load(), loadWindows()]).catch((error) => showError(error.message));
setInterval(() => { if ($("panel").hidden) load().catch(() => {}); }, 30000);
