// The lobby screen: the latest call huge, recent calls, waiting counts, paused windows,
// a scrolling line with the complaint phone and the hall's notice; announces every call.

import { Announcer } from "./announcer.js";
import { el, fitLine, flash, hhmm, readConfig, startClock, startLive, windowLabel } from "./screen.js";

const config = readConfig();
const timezone = config.snapshot.hall.timezone || "Asia/Shanghai";
const announcer = new Announcer({
  repeat: config.announce ? config.announce.repeat : 1,
  audioBase: config.announce ? config.announce.audio : "",
});
globalThis.hallAnnouncer = announcer;
const RECENT_SHOWN = 7;

function drawNow(state) {
  const latest = state.recent[0] || null;
  const box = document.getElementById("now");
  const number = document.getElementById("now-number");
  const windowEl = document.getElementById("now-window");
  const text = document.getElementById("now-text");
  document.getElementById("now-recall").hidden = !(latest && latest.recall);
  if (!latest) {
    number.textContent = "—";
    windowEl.textContent = "";
    text.textContent = "请留意叫号，听到您的号码后请到对应窗口办理";
    box.dataset.ticket = "";
  } else {
    number.textContent = latest.number;
    windowEl.textContent = `${latest.window}号窗口`;
    text.textContent = latest.window_name && latest.window_name !== `${latest.window}号窗口`
      ? `请到${latest.window}号窗口（${latest.window_name}）办理` : `请到${latest.window}号窗口办理`;
    box.dataset.ticket = `${latest.ticket_id}@${latest.at}`;
  }
  fitLine(document.getElementById("now-call"));
}

function drawRecent(state) {
  const list = document.getElementById("recent-list");
  list.replaceChildren(...state.recent.slice(1, RECENT_SHOWN + 1).map((call) => {
    const item = el("li", "l-recent-item");
    item.append(el("span", "l-r-number", call.number), el("span", "l-r-arrow", "→"),
      el("span", "l-r-window", `${call.window}号窗口`));
    if (call.recall) item.append(el("span", "recall-tag small", "重呼"));
    item.append(el("span", "l-r-time", hhmm(call.at, timezone)));
    return item;
  }));
  if (state.recent.length <= 1) list.append(el("li", "l-empty", "暂无更早的叫号"));
  // show only whole lines: a line cut in half is hard to read from afar
  const bottom = list.getBoundingClientRect().bottom;
  for (const item of list.children) {
    item.style.visibility = item.getBoundingClientRect().bottom <= bottom + 1 ? "" : "hidden";
  }
}

// the waiting counts never scroll: three rows up to 15 queues, then four, then five
function gridOf(count) {
  const rows = count <= 15 ? 3 : count <= 20 ? 4 : 5;
  return { rows, cols: Math.max(4, Math.ceil(count / rows)) };
}

function drawQueues(state) {
  const list = document.getElementById("queue-list");
  const grid = gridOf(state.queues.length);
  list.style.setProperty("--cols", String(grid.cols));
  list.style.setProperty("--tile-h", grid.rows > 3 ? "7.4vh" : "8.6vh");
  list.replaceChildren(...state.queues.map((queue) => {
    const item = el("li", "l-queue");
    item.dataset.queue = String(queue.id);
    const name = el("span", "l-q-name");
    name.append(el("b", "l-q-domain", queue.domain || queue.name));
    if (queue.domain) name.append(el("small", "l-q-windows", queue.name));
    item.append(el("span", "l-q-prefix", queue.prefix), name);
    const count = el("span", "l-q-count");
    count.append(el("b", "", String(queue.waiting)), document.createTextNode("人"));
    item.append(count);
    if (queue.waiting === 0) item.classList.add("is-empty");
    return item;
  }));
}

function drawPaused(state) {
  const line = document.getElementById("paused-line");
  line.hidden = state.paused.length === 0;
  document.getElementById("paused-list").textContent =
    state.paused.map((p) => windowLabel(p.window, p.window_name) + (p.reason ? `（${p.reason}）` : ""))
      .join("、");
}

function drawTicker(state) {
  const track = document.getElementById("ticker");
  const parts = [`监督投诉电话：${state.hall.complaint_phone}`];
  if (state.hall.notice) parts.push(state.hall.notice);
  parts.push("请按号码顺序办理，过号请到窗口重新排队；老年人、残疾人等可走绿色通道");
  const text = parts.join("　　◆　　");
  if (track.textContent !== text) {
    track.textContent = text;
    // a steady reading speed whatever the length: about 110 px per second
    const seconds = Math.max(20, (track.scrollWidth + window.innerWidth) / 110);
    track.style.animationDuration = `${seconds}s`;
  }
}

function draw(state) {
  drawNow(state);
  drawRecent(state);
  drawQueues(state);
  drawPaused(state);
  drawTicker(state);
}

function onEvent(name, data) {
  if (name !== "ticket.called") return;
  announcer.announce(data);
  // the state is drawn before onEvent: flash the freshly drawn latest call
  requestAnimationFrame(() => flash(document.getElementById("now")));
}

const live = startLive(config, { onState: draw, onEvent });
startClock(live, timezone);

// sound needs one click on this page (browser autoplay rule); until then the screen flashes
const overlay = document.getElementById("voice-overlay");
if (announcer.needsGesture()) {
  overlay.hidden = false;
  overlay.addEventListener("click", async () => {
    await announcer.unlock();
    overlay.hidden = true;
  }, { once: true });
}
