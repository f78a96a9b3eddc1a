// The guide desk: sign in (no window), search the catalog with the kiosk's search API,
// then either tell the visitor where to go (a 咨询, counted) or take a number for them
// (帮办代办, normal or green with a reason) and show the slip's preview.
import { ApiError, request } from "../../../static/js/api.js";
import { h, replace } from "../../../static/js/dom.js";

const config = JSON.parse(document.getElementById("guide-config").textContent);
const api = config.api;
const hallApi = `${api}/halls/${encodeURIComponent(config.hall.code)}`;
const $ = (id) => document.getElementById(id);
const banner = $("banner");
const PRINTER_KEY = "bianmin.guide.printer";
const DEBOUNCE_MS = 200;

function say(message, kind = "error") {
  banner.textContent = message;
  banner.className = `g-banner g-banner-${kind}`;
  banner.hidden = !message;
}

function showDesk(name) {
  $("signin").hidden = true;
  $("desk").hidden = false;
  $("who").hidden = false;
  $("who").textContent = `导办员：${name}`;
  $("signout").hidden = false;
  $("query").focus();
}

function showSignIn() {
  $("signin").hidden = false;
  $("desk").hidden = true;
  $("who").hidden = true;
  $("signout").hidden = true;
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const username = form.elements.username.value.trim();
  const password = form.elements.password.value;
  if (!username || !password) return say("请填写用户名和密码。");
  try {
    const done = await request(`${api}/session`, { method: "POST", body: { username, password, desk: "guide" } });
    if (done.hall.code !== config.hall.code) {
      await request(`${api}/session`, { method: "DELETE" });
      return say("这个账号不属于本服务中心，不能在这里的导办台登录。");
    }
    say("");
    form.elements.password.value = "";
    showDesk(done.staff.display_name || done.staff.username);
  } catch (error) {
    say(error.message);
    form.elements.password.value = "";
  }
});

$("signout").addEventListener("click", async () => {
  try {
    await request(`${api}/session`, { method: "DELETE" });
  } catch (error) {
    // signed out here anyway
  }
  showSignIn();
});

// ---- the printer this desk prints on (a registered kiosk's name), kept on this computer ----
const printer = $("printer");
try {
  printer.value = localStorage.getItem(PRINTER_KEY) || "";
} catch (error) {
  // private mode
}
printer.addEventListener("change", () => {
  try {
    localStorage.setItem(PRINTER_KEY, printer.value.trim());
  } catch (error) {
    // not remembered
  }
});

function setToday(count) {
  $("today").textContent = `今日导办咨询 ${count} 次`;
}

// ---- search -----------------------------------------------------------------------------
let timer = null;
let controller = 0;

$("query").addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(search, DEBOUNCE_MS);
});

async function search() {
  const q = $("query").value.trim();
  const mine = ++controller;
  if (!q) {
    replace($("results"));
    $("search-note").textContent = "";
    return;
  }
  try {
    const found = await request(`${hallApi}/catalog/search?q=${encodeURIComponent(q)}`);
    if (mine !== controller) return;
    const results = found.results || [];
    $("search-note").textContent = results.length ? `找到 ${results.length} 项` : "没有找到，请换个说法或拼音首字母再试";
    replace($("results"), results.map((r) => h("li", {},
      h("button.btn-plain.g-result", { type: "button", dataset: { scenario: r.id }, onclick: () => open(r.id) },
        h("span.g-result-name", {}, r.name),
        h("span.g-result-where", {}, `${r.windows.join("、")}号窗口`)))));
  } catch (error) {
    if (mine === controller) $("search-note").textContent = error.message;
  }
}

// ---- one scenario: where to go, what to bring, and the desk's three acts -----------------
async function open(id) {
  say("");
  let scenario;
  try {
    scenario = await request(`${hallApi}/scenarios/${id}`);
  } catch (error) {
    return say(error.message);
  }
  const reason = h("input.g-input.g-reason", { id: "green-reason", maxlength: "100", placeholder: "例如：80岁以上老人、残疾人、孕妇" });
  const windows = `${scenario.windows.join("、")}号窗口`;
  replace($("detail"),
    h("h2.g-h2", {}, scenario.name),
    h("p.g-where", {}, "请到 ", h("strong", {}, windows), " 办理",
      scenario.queue.name !== windows ? `（${scenario.queue.name}）` : ""),
    scenario.notice ? h("p.g-notice", {}, `【请注意】${scenario.notice}`) : null,
    h("p.g-label", {}, `需要带的材料（${scenario.materials.length} 项）`),
    h("ol.g-materials", {}, scenario.materials.map((m) => h("li", {}, m))),
    h("div.g-actions", {},
      h("button.btn-primary.g-big", { type: "button", id: "issue", onclick: () => issue(scenario, "normal") }, "代取号（帮办代办）"),
      h("button.btn-plain.g-big", { type: "button", id: "consult", onclick: () => consult(scenario) }, "已告知窗口，不取号（记咨询）")),
    h("div.g-green", {},
      h("label.g-field", {}, h("span.g-label", {}, "绿色通道原因"), reason),
      h("button.btn-green.g-big", { type: "button", id: "issue-green", onclick: () => issue(scenario, "green") }, "绿色通道代取号")));
}

async function consult(scenario) {
  try {
    const done = await request(`${hallApi}/guide/consults`, { method: "POST", body: scenario ? { scenario_id: scenario.id } : {} });
    setToday(done.today);
    say(scenario ? `已记一次咨询：${scenario.name}` : "已记一次咨询", "info");
  } catch (error) {
    say(error.message);
  }
}

async function issue(scenario, priority) {
  const body = { scenario_id: scenario.id, priority, request_id: `guide-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` };
  if (priority === "green") body.green_reason = $("green-reason").value.trim();
  if (printer.value.trim()) body.kiosk = printer.value.trim();
  try {
    const ticket = await request(`${hallApi}/guide/tickets`, { method: "POST", body });
    showIssued(ticket);
  } catch (error) {
    say(error instanceof ApiError ? error.message : "网络连接中断，请稍后再试。");
  }
}

function showIssued(ticket) {
  say("");
  const issued = $("issued");
  replace(issued,
    h("div.g-ticket", {},
      h("p.g-tag", {}, ticket.priority === "green" ? "绿色通道 · 帮办代办" : "帮办代办"),
      h("p.g-number", { id: "issued-number" }, ticket.number),
      h("p.g-where", {}, `请到 ${ticket.windows.join("、")}号窗口 · 前面还有 ${ticket.ahead} 人`),
      h("p.g-print", { id: "print-status" }, ticket.print.message),
      h("button.btn-primary.g-big", { type: "button", id: "next-visitor", onclick: nextVisitor }, "完成，接待下一位")),
    h("figure.g-slip", {},
      h("img", { id: "slip-preview", src: `${api}/tickets/${ticket.id}/slip.png`, alt: `${ticket.number} 号小票预览` }),
      h("figcaption", {}, "小票预览")));
  issued.hidden = false;
}

function nextVisitor() {
  $("issued").hidden = true;
  replace($("issued"));
  $("query").value = "";
  replace($("results"));
  $("search-note").textContent = "";
  replace($("detail"), h("p.g-empty", {}, "先查找并点选事项：可以直接告诉群众去哪个窗口（记一次咨询），或替群众代取号。"));
  $("query").focus();
}

$("desk").prepend(h("button.btn-plain.g-plain-consult", { type: "button", id: "consult-only", onclick: () => consult(null) },
  "只是问路 / 咨询（记一次）"));

if (config.staff) showDesk(config.staff);
else showSignIn();
