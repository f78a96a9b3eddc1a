// 设备: the hall's devices, redrawn every few seconds; 新增设备 (the code shown large, once),
// 重新生成登记码, 吊销 (confirmed), 测试打印, 远程刷新. Everything goes through the API.

import { api, config, when } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";

const REFRESH_MS = 10000;
const base = `/halls/${config.hall}/devices`;
const body = document.querySelector("#devices tbody");
const empty = document.getElementById("empty");
const updated = document.getElementById("updated");
const notice = document.getElementById("notice");
const panel = document.getElementById("panel");
const form = document.getElementById("add-form");
const addError = document.getElementById("add-error");
const codeBox = document.getElementById("code-box");
const confirmDialog = document.getElementById("confirm");
let enrolUrl = "";

export function ago(seconds) {
  if (seconds === null || seconds === undefined) return "从未联系";
  if (seconds < 10) return "刚刚";
  if (seconds < 60) return `${seconds} 秒前`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟前`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} 小时前`;
  return `${Math.floor(seconds / 86400)} 天前`;
}

function say(text, state = "ok") {
  notice.textContent = text;
  notice.dataset.state = state;
  notice.hidden = !text;
}

function where(d) {
  return d.window ? `${d.kind_label} · ${d.window}号窗口` : d.kind_label;
}

function printerCell(d) {
  if (d.kind !== "kiosk") return h("td.m-muted", {}, "—");
  if (!d.printer) return h("td.m-muted", {}, "不接打印机");
  return h("td.v-printer", {}, d.printer, d.printer_is_default ? h("span.m-muted", {}, "（默认）") : null);
}

function errorCell(d) {
  const e = d.last_error;
  if (!e) return h("td.m-muted", {}, d.kind === "kiosk" && d.printer ? "无" : "—");
  return h("td.v-error-cell", {}, h("span.v-error-label", {}, e.status_label), " ", when(e.at),
    h("div.v-reason", {}, e.reason));
}

function actions(d) {
  const buttons = [];
  const act = (words, handler, extra = "") => h(`button.m-button.v-act${extra}`,
    { type: "button", "data-action": words, onclick: () => handler(d) }, words);
  if (d.kind === "kiosk" && d.printer) buttons.push(act("测试打印", testPrint));
  if (d.status === "online" || d.status === "offline") buttons.push(act("远程刷新", reload));
  buttons.push(act("重新生成登记码", newCode));
  if (d.status !== "revoked") buttons.push(act("吊销", revoke, ".v-danger"));
  return h("td", {}, h("div.v-actions", {}, buttons));
}

function row(d) {
  return h("tr", { dataset: { device: d.name, status: d.status } },
    h("td.m-code", {}, d.name),
    h("td", {}, where(d)),
    h("td", {}, h(`span.v-status.v-${d.status}`, {}, d.status_label),
      d.status === "waiting" && d.code_expires_at ? h("div.m-muted", {}, `登记码有效至 ${when(d.code_expires_at)}`) : null),
    h("td", {}, ago(d.last_seen_seconds), d.last_address ? h("div.m-muted", {}, d.last_address) : null),
    printerCell(d),
    h("td", {}, h(`span.v-paper.v-paper-${d.paper}`, {}, d.paper_label)),
    errorCell(d),
    actions(d));
}

async function load() {
  const answer = await api(base);
  enrolUrl = answer.enrol_url;
  document.getElementById("online-seconds").textContent = answer.online_seconds;
  replace(body, answer.devices.map(row));
  empty.hidden = answer.devices.length > 0;
  updated.textContent = `更新于 ${when(answer.at)}`;
}

function showCode(answer, title) {
  form.hidden = true;
  codeBox.hidden = false;
  panel.hidden = false;
  document.getElementById("code-title").textContent = title;
  document.getElementById("code").textContent = `${answer.code.slice(0, 4)} ${answer.code.slice(4)}`;
  document.getElementById("enrol-url").textContent = answer.enrol_url || enrolUrl;
  document.getElementById("code-expiry").textContent = `有效至 ${when(answer.expires_at)}（24 小时）`;
}

async function post(path) {
  return api(path, { method: "POST", body: {} });
}

async function testPrint(d) {
  say(`${d.name}：正在打印测试小票…`, "busy");
  try {
    const answer = await post(`${base}/${d.id}/test-print`);
    say(`${d.name}：${answer.message}`, answer.printed ? "ok" : "error");
  } catch (error) {
    say(`${d.name}：${error.message}`, "error");
  }
  load().catch(() => {});
}

async function reload(d) {
  try {
    const answer = await post(`${base}/${d.id}/reload`);
    say(`${d.name}：${answer.message}`);
  } catch (error) {
    say(`${d.name}：${error.message}`, "error");
  }
}

async function newCode(d) {
  try {
    showCode(await post(`${base}/${d.id}/code`), `${d.name} 的新登记码`);
    say("");
  } catch (error) {
    say(`${d.name}：${error.message}`, "error");
  }
  load().catch(() => {});
}

function revoke(d) {
  document.getElementById("confirm-text").textContent =
    `吊销后，${where(d)} ${d.name} 立即不能再使用（它的下一次请求会被拒绝，打开的页面会刷新并提示未注册）。要重新启用，需要重新生成登记码并在设备上重新注册。`;
  confirmDialog.returnValue = "";
  confirmDialog.onclose = async () => {
    if (confirmDialog.returnValue !== "ok") return;
    try {
      await post(`${base}/${d.id}/revoke`);
      say(`${d.name} 已吊销。`);
    } catch (error) {
      say(`${d.name}：${error.message}`, "error");
    }
    load().catch(() => {});
  };
  confirmDialog.showModal();
}

function syncForm() {
  const kind = form.elements.kind.value;
  document.getElementById("window-field").hidden = !(kind === "window" || kind === "rating");
  document.getElementById("printer-field").hidden = kind !== "kiosk" && kind !== "window";
}

document.getElementById("add").addEventListener("click", () => {
  form.reset();
  syncForm();
  addError.hidden = true;
  codeBox.hidden = true;
  form.hidden = false;
  panel.hidden = false;
  form.elements.name.focus();
});
form.elements.kind.addEventListener("change", syncForm);
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const kind = form.elements.kind.value;
  const payload = { name: form.elements.name.value.trim(), kind };
  if (kind === "window" || kind === "rating") {
    const number = form.elements.window.value.trim();
    payload.window = /^[0-9]+$/.test(number) ? Number(number) : number || null;
  }
  if (kind === "kiosk" || kind === "window") payload.printer = form.elements.printer.value.trim();
  try {
    const answer = await api(base, { method: "POST", body: payload });
    showCode(answer, `${answer.device.name} 的登记码`);
    say(`已添加${answer.device.kind_label} ${answer.device.name}。`);
    load().catch(() => {});
  } catch (error) {
    addError.textContent = error.message;
    addError.hidden = false;
  }
});
for (const close of document.querySelectorAll("[data-close]")) {
  close.addEventListener("click", () => { panel.hidden = true; });
}

load().catch(() => {});
setInterval(() => load().catch(() => {}), REFRESH_MS);
