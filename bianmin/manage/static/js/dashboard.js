// 实时概况: the hall now and today so far. Drawn from GET …/dashboard, and drawn again (at most
// a few times a second) whenever a hall event arrives over Socket.IO; every 30 s too, since
// waits and pauses grow with the clock alone and sign-ins reach only the window's room.

import { api, config } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";
import { hallsPicker } from "./halls.js";

const STATES = { paused: "暂停服务", serving: "办理中", idle: "空闲", closed: "未开窗" };
const EVENTS = [
  "ticket.issued", "ticket.called", "ticket.finished", "ticket.no_show", "ticket.transferred",
  "ticket.held", "ticket.requeued",
  "window.paused", "window.resumed", "queue.changed", "ticket.rated", "follow_up.changed",
];
const live = document.getElementById("live");
const CLOCK = new Intl.DateTimeFormat("zh-CN", {
  hour: "2-digit", minute: "2-digit", hour12: false, timeZone: config.timezone || "Asia/Shanghai",
});

export function minutes(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 60) return `${Math.round(seconds)} 秒`;
  return `${Math.floor(seconds / 60)} 分钟`;
}

function percent(share) {
  return share === null || share === undefined ? "—" : `${Math.round(share * 1000) / 10}%`;
}

function figure(label, value, sub, alert = false) {
  return h(`div.d-figure${alert ? ".is-alert" : ""}`, {},
    h("div.d-figure-label", {}, label),
    h("div.d-figure-value", {}, value),
    sub ? h("div.d-figure-sub", {}, sub) : null);
}

function drawFigures(board) {
  // today is the report's row of the day (the same figures as 统计报表), plus waiting
  const t = board.today;
  const overdue = board.open_bad_ratings.filter((r) => r.overdue).length;
  replace(document.getElementById("figures"),
    figure("取号", t.issued, `等候中 ${t.waiting}`),
    figure("已叫号", t.called),
    figure("已办结", t.served),
    figure("过号", t.no_shows),
    figure("转办", t.transfers),
    // 未办理: closed at the end of the day (docs/counter.md); today's shows after closing
    figure("取消", t.cancellations, t.unserved ? `未办理 ${t.unserved}` : ""),
    figure("平均等候", minutes(t.wait_mean_s), `90%≤${minutes(t.wait_p90_s)}`),
    figure("平均办理", minutes(t.service_mean_s), `到窗平均 ${minutes(t.walk_mean_s)}`),
    figure("窗口暂停", `${t.pauses ?? 0} 次`, `共 ${minutes(t.pause_total_s)}`),
    figure("满意度", percent(t.satisfaction), `评价 ${t.ratings} 条`),
    figure("待回访差评", board.open_bad_ratings.length, overdue ? `逾期 ${overdue} 条` : "",
      board.open_bad_ratings.length > 0));
}

function drawQueues(board) {
  const limit = board.thresholds.wait_minutes * 60;
  replace(document.querySelector("#queues tbody"), board.queues.map((q) => h("tr", {
    dataset: { queue: q.prefix } },
  h("td", {}, `${q.prefix} ${q.name}`),
  h("td.d-waiting", {}, q.waiting),
  h(`td.d-longest${q.longest_wait_s !== null && q.longest_wait_s >= limit ? ".is-alert" : ""}`, {},
    minutes(q.longest_wait_s)))));
}

function drawWindows(board) {
  const alerted = new Set(board.alerts.filter((a) => a.kind === "long_pause").map((a) => a.window));
  replace(document.getElementById("windows"), board.windows.map((w) => h(
    `li.d-window.is-${w.state}${alerted.has(w.number) ? ".is-alert" : ""}`,
    { dataset: { window: w.number, state: w.state } },
    h("div.d-window-head", {}, h("span", {}, `${w.number} 号窗口`),
      h("span.d-window-state", {}, STATES[w.state] || w.state)),
    h("div.d-window-line", {}, w.name),
    w.ticket ? h("div.d-window-line.d-window-ticket", {}, `正在办理 ${w.ticket}`) : null,
    w.paused_since ? h("div.d-window-line", {}, `${CLOCK.format(new Date(w.paused_since))} 起暂停`
      + (w.pause_reason ? `：${w.pause_reason}` : "")) : null,
    h("div.d-window-line.d-window-staff", {}, w.staff.length ? w.staff.join("、") : "无人登录"))));
}

function draw(board) {
  document.getElementById("day").textContent = `${board.today.business_day} · ${CLOCK.format(new Date(board.at))} 更新`;
  replace(document.getElementById("alerts"),
    board.alerts.map((a) => h(`li.d-alert.d-alert-${a.kind}`, { dataset: { kind: a.kind } }, a.message)));
  drawFigures(board);
  drawQueues(board);
  drawWindows(board);
}

let pending = null;
let loading = false;
let again = false;

async function load() {
  if (loading) {
    again = true;
    return;
  }
  loading = true;
  try {
    draw(await api(`/halls/${config.hall}/dashboard`));
  } catch (error) {
    // the banner says why
  } finally {
    loading = false;
    if (again) {
      again = false;
      soon();
    }
  }
}

function soon() {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    load();
  }, 250);
}

const status = (name, words) => {
  live.dataset.state = name;
  live.textContent = words;
};

// a county manager watching another hall (?hall=code): the Socket.IO rooms admit the own
// hall's managers only, so that page asks the API every 10 s instead of listening
const OTHER_HALL = new URLSearchParams(location.search).has("hall");
const OTHER_HALL_SECONDS = 10;

function connect() {
  if (!globalThis.io || OTHER_HALL) return;
  // the session cookie says who we are: a manager joins hall:<id> and managers:<id>
  const socket = globalThis.io("/hall", { reconnectionDelay: 500, reconnectionDelayMax: 3000 });
  socket.on("connect", () => status("online", "实时更新中"));
  socket.on("disconnect", () => status("offline", "连接中断，正在重连…"));
  socket.on("connect_error", () => status("offline", "连接中断，正在重连…"));
  socket.on("snapshot", soon);
  for (const name of EVENTS) socket.on(name, soon);
}

load();
connect();
hallsPicker(document.getElementById("hall-box"), document.getElementById("hall"));
if (OTHER_HALL) {
  status("polling", `每 ${OTHER_HALL_SECONDS} 秒刷新`);
  setInterval(load, OTHER_HALL_SECONDS * 1000);
} else {
  setInterval(load, 30000);
}
