// The kiosk's entry point: reads the server-rendered config, loads the catalog, and
// switches screens. Every screen returns {destroy}; main owns the header, the idle clock,
// the 长辈模式 toggle and the "network down" banner.
import { deviceToken } from "../../../static/device-token.js";
import { NetworkError, hallApi } from "./api.js";
import { createCatalog } from "./catalog.js";
import { h } from "./dom.js";
import { createIdle } from "./idle.js";
import { followCatalog } from "./live.js";
import { createRouter } from "./router.js";
import { createSession, kioskName } from "./session.js";
import { renderHome } from "./views/home.js";
import { renderDomain, renderQueue, renderWindows } from "./views/list.js";
import { renderRequeue } from "./views/requeue.js";
import { renderScenario } from "./views/scenario.js";
import { renderTicket } from "./views/ticket.js";
import { listenForReload } from "./remote.js";

// a long press or right click opens no browser menu on an unattended screen
document.addEventListener("contextmenu", (event) => event.preventDefault());

const RETRY_MS = 3000;

const config = JSON.parse(document.getElementById("kiosk-config").textContent);
const viewEl = document.getElementById("view");
const banner = document.getElementById("net-banner");
const elderButton = document.querySelector("[data-action=elder]");
const backButton = document.querySelector("[data-action=back]");
const homeButton = document.querySelector("[data-action=home]");
// a hall other than the demo hall takes tickets only from enrolled kiosks (/enrol)
document.getElementById("enrol-banner").hidden = !config.device_required || Boolean(deviceToken());

const api = hallApi(config.api, config.hall.code, (reached) => setOnline(reached));
const catalog = createCatalog(api);
const session = createSession();
let current = null;
let route = { name: "home" };

const ctx = {
  config,
  api,
  catalog,
  session,
  kioskName: kioskName(),
  router: null,
  idle: null,
  misses: null, // the miss log's state (views/home.js), kept across screens of one visit
  /** A visitor is done (idle, or 完成 on the ticket): the next one starts fresh. */
  endVisit() {
    remote.visitEnded(); // a 远程刷新 that waited for this visitor
    browsing = false; // the next visitor sees the closed screen again
    checkIssuing();
    session.reset();
    ctx.router.home(); // a miss still on screen is reported as the home screen is left
    if (ctx.misses) ctx.misses.reset();
    refreshCatalog();
  },
  fail(error) {
    console.error(error);
  },
};

const SCREENS = {
  home: () => renderHome(viewEl, ctx),
  domain: (param) => renderDomain(viewEl, ctx, param),
  windows: () => renderWindows(viewEl, ctx),
  queue: (param) => renderQueue(viewEl, ctx, param),
  scenario: (param) => renderScenario(viewEl, ctx, param),
  ticket: (param, data) => renderTicket(viewEl, ctx, param, data),
  requeue: () => renderRequeue(viewEl, ctx),
};

function show(next, data) {
  route = next;
  if (current && current.destroy) current.destroy();
  current = null;
  viewEl.replaceChildren();
  document.body.dataset.screen = next.name;
  const atHome = next.name === "home";
  backButton.hidden = atHome;
  homeButton.hidden = atHome;
  ctx.idle.arm(config.idle_seconds);
  current = SCREENS[next.name](next.param, data) || null;
}

let reconnecting = null;

/** Show or hide the banner; while the server is away, keep knocking (a catalog refresh). */
function setOnline(reached) {
  banner.hidden = reached;
  if (reached) {
    clearInterval(reconnecting);
    reconnecting = null;
  } else if (!reconnecting && catalog.loaded) {
    reconnecting = setInterval(() => catalog.load().catch(() => {}), RETRY_MS);
  }
}

async function loadCatalog() {
  for (;;) {
    try {
      await catalog.load();
      return;
    } catch (error) {
      viewEl.replaceChildren(h("p.k-message", {}, error instanceof NetworkError
        ? "暂时无法连接服务器，正在重试…请稍候，或咨询导办台工作人员。"
        : error.message));
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

function refreshCatalog() {
  // keep what we have if the server is away; the next visitor still can browse
  catalog.load().catch(() => {});
}

function updateElderButton() {
  elderButton.setAttribute("aria-pressed", String(session.elder));
  elderButton.querySelector(".k-elder-state").textContent = session.elder ? "已开" : "大字";
}

elderButton.addEventListener("click", () => {
  session.elder = !session.elder;
});
session.onChange(updateElderButton);
updateElderButton();
backButton.addEventListener("click", () => ctx.router.back());
homeButton.addEventListener("click", () => ctx.router.home());

ctx.idle = createIdle({
  overlay: document.getElementById("idle"),
  count: document.getElementById("idle-count"),
  isBlank: () => route.name === "home" && session.blank,
  onTimeout: () => ctx.endVisit(),
});
ctx.router = createRouter(config.base, show);
const remote = listenForReload(config.hall.code, () => route.name === "home" && session.blank);

/** A manager changed the catalog: reload it now and redraw what the visitor is reading
 * (not the ticket screen, and not a home screen with a search typed in). */
async function catalogChanged() {
  try {
    await catalog.load();
  } catch (error) {
    return; // kept as it was; the next return home tries again
  }
  if (!current || route.name === "ticket") return;
  if (route.name === "home" && !session.blank) return;
  show(route);
}

// ---- outside opening hours: the closed screen (docs/kiosk.md) ---------------------------
const closed = document.getElementById("closed");
let browsing = false; // a visitor chose to read the checklists anyway (no ticket)

async function checkIssuing() {
  let state;
  try {
    state = await api.issuing();
  } catch (error) {
    return; // the network banner says enough; keep the screen as it is
  }
  if (state.open) browsing = false;
  document.getElementById("closed-text").textContent = state.open ? "" : state.message;
  document.getElementById("closed-when").textContent = state.next_open ? `下次办公：${nextOpenText(state.next_open)}` : "";
  document.getElementById("closed-hours").textContent = config.hall.opening_hours ? `办公时间：${config.hall.opening_hours}` : "";
  closed.hidden = state.open || browsing;
}

/** "2026-12-03T09:30:00+08:00" as the hall reads it: 今天/明天/12月7日（周一） 09:30. */
function nextOpenText(iso) {
  const [day, time] = iso.split("T");
  const [y, m, d] = day.split("-").map(Number);
  const target = Date.UTC(y, m - 1, d);
  const offset = iso.slice(19).match(/([+-])(\d\d):(\d\d)/);
  const minutes = offset ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const local = new Date(Date.now() + minutes * 60000);
  const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const days = Math.round((target - today) / 86400000);
  const clock = time.slice(0, 5);
  if (days === 0) return `今天 ${clock}`;
  if (days === 1) return `明天 ${clock}`;
  const weekday = "日一二三四五六"[new Date(target).getUTCDay()];
  return `${m}月${d}日（周${weekday}） ${clock}`;
}

closed.querySelector("[data-action=browse]").addEventListener("click", () => {
  browsing = true;
  closed.hidden = true;
});
ctx.checkIssuing = checkIssuing;

// screens draw from the catalog, so the router starts once it is here
loadCatalog().then(() => {
  ctx.router.start();
  followCatalog(config.hall.code, catalogChanged);
  checkIssuing();
  setInterval(checkIssuing, (config.issuing_poll_seconds || 60) * 1000);
});
