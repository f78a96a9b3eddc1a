// Enrolment: collect 8 digits from the keypad (or a keyboard or a barcode scanner), post
// them, keep the token the server gives in localStorage, then open the device's own page.
import { deviceHeaders, saveDeviceToken } from "/static/device-token.js";

const DIGITS = 8;
const GO_AFTER_MS = 1500;
const KINDS = { kiosk: "取号机", lobby: "大厅屏", window: "窗口屏", rating: "评价器" };

const config = JSON.parse(document.getElementById("enrol-config").textContent);
const slots = [...document.querySelectorAll(".en-digit")];
const message = document.getElementById("message");
const submit = document.getElementById("submit");
const current = document.getElementById("current");
let code = "";
let busy = false;

function draw() {
  slots.forEach((slot, i) => {
    slot.textContent = code[i] || "";
    slot.classList.toggle("filled", i < code.length);
  });
  submit.disabled = busy || code.length !== DIGITS;
}

function say(text, state = "") {
  message.textContent = text;
  message.dataset.state = state;
}

function press(key) {
  if (busy) return;
  if (key === "clear") code = "";
  else if (key === "back") code = code.slice(0, -1);
  else if (/^[0-9]$/.test(key) && code.length < DIGITS) code += key;
  say("");
  draw();
}

function describe(device) {
  const where = device.window ? ` · ${device.window}号窗口` : "";
  return `${KINDS[device.kind] || device.kind} ${device.name}（${device.hall}${where}）`;
}

async function send() {
  if (busy || code.length !== DIGITS) return;
  busy = true;
  draw();
  say("正在注册，请稍候…");
  let response;
  let data = null;
  try {
    response = await fetch(config.api, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ code }),
      cache: "no-store",
    });
    data = await response.json().catch(() => null);
  } catch (error) {
    busy = false;
    draw();
    say("网络连接中断，请检查网线或无线网络后再按“确认注册”。", "error");
    return;
  }
  busy = false;
  if (!response.ok || !data || !data.token) {
    code = "";
    draw();
    say((data && data.message) || "注册未成功，请联系管理员。", "error");
    return;
  }
  saveDeviceToken(data.token);
  code = "";
  draw();
  const device = data.device;
  document.body.dataset.enrolled = device.kind;
  if (device.page) {
    say(`注册成功：本机是${describe(device)}，正在打开…`, "ok");
    setTimeout(() => location.assign(device.page), GO_AFTER_MS);
  } else {
    say(`注册成功：本机是${describe(device)}。${device.message || ""}`, "ok");
  }
}

/** An enrolled device says what it is (a fresh code can still replace it). */
async function showCurrent() {
  const headers = deviceHeaders();
  if (!headers.Authorization) return;
  try {
    const response = await fetch(config.me, { headers: { Accept: "application/json", ...headers }, cache: "no-store" });
    if (!response.ok) return;
    const device = await response.json();
    current.replaceChildren(`本机已注册为${describe(device)}。输入新的注册码可重新注册。`);
    if (device.page) {
      const link = document.createElement("a");
      link.className = "btn btn-plain en-open";
      link.href = device.page;
      link.textContent = "打开本机页面";
      current.append(" ", link);
    }
    current.hidden = false;
  } catch (error) {
    // offline: nothing to show
  }
}

document.getElementById("pad").addEventListener("click", (event) => {
  const key = event.target.closest("[data-key]");
  if (key) press(key.dataset.key);
});
submit.addEventListener("click", send);
document.addEventListener("keydown", (event) => {
  if (/^[0-9]$/.test(event.key)) press(event.key);
  else if (event.key === "Backspace") press("back");
  else if (event.key === "Escape") press("clear");
  else if (event.key === "Enter") send();
});
draw();
showCurrent();
