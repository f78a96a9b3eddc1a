// What the lobby and window screens share: their config, the connection banner, the clock,
// and shrinking a line of huge text until it fits its box.

import { HallLive } from "../../static/live/hall-live.js";

// a long press or right click opens no browser menu on an unattended screen
document.addEventListener("contextmenu", (event) => event.preventDefault());

export function readConfig() {
  return JSON.parse(document.getElementById("screen-config").textContent);
}

/** Start the live connection; the banner shows while it is down, the last state stays. */
export function startLive(config, { onState, onEvent }) {
  const banner = document.getElementById("conn-banner");
  const live = new HallLive({
    hall: config.hall,
    window: config.window,
    snapshot: config.snapshot,
    onState,
    onEvent,
    onConnection(status, message) {
      document.body.dataset.connection = status;
      if (status === "online") {
        banner.hidden = true;
      } else {
        banner.textContent = status === "refused" && message
          ? `无法连接：${message}` : "连接中断，正在重新连接…";
        banner.hidden = false;
      }
    },
  });
  // for people diagnosing a screen from the browser console, and for the tests
  globalThis.hallLive = live;
  return live.start();
}

const WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];

/** Hall-local date and time; asks for a new snapshot when the business day changes. */
export function startClock(live, timezone) {
  const dateEl = document.getElementById("clock-date");
  const timeEl = document.getElementById("clock-time");
  const parts = new Intl.DateTimeFormat("zh-CN", {
    timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", weekday: "short", hourCycle: "h23",
  });
  const tick = () => {
    const now = new Date();
    const p = Object.fromEntries(parts.formatToParts(now).map((x) => [x.type, x.value]));
    const day = `${p.year}-${p.month}-${p.day}`;
    if (dateEl) dateEl.textContent = `${p.year}年${Number(p.month)}月${Number(p.day)}日 星期${WEEKDAYS[dayOfWeek(now, timezone)]}`;
    if (timeEl) timeEl.textContent = `${p.hour}:${p.minute}`;
    // waiting counts are per business day: a new day starts from a new snapshot
    if (live.state && live.state.businessDay && day !== live.state.businessDay) {
      live.requestSnapshot("new-day");
    }
  };
  tick();
  setInterval(tick, 15000);
}

function dayOfWeek(date, timezone) {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short" }).format(date);
  return ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(name);
}

/** Hall-local "HH:MM" of an ISO time. */
export function hhmm(iso, timezone) {
  if (!iso) return "";
  return new Intl.DateTimeFormat("zh-CN", {
    timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).format(new Date(iso));
}

/** Shrink the element's font until its content fits on one line (never grows past CSS). */
export function fitLine(el) {
  el.style.fontSize = "";
  let size = parseFloat(getComputedStyle(el).fontSize);
  while (el.scrollWidth > el.clientWidth + 1 && size > 24) {
    size *= 0.94;
    el.style.fontSize = `${size}px`;
  }
}

/** Restart a CSS flash animation on an element. */
export function flash(el, className = "flash") {
  el.classList.remove(className);
  void el.offsetWidth; // reflow, so the animation starts again
  el.classList.add(className);
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "3号窗口" unless the window has a name of its own. */
export function windowLabel(number, name) {
  return name && name !== `${number}号窗口` ? `${number}号窗口 ${name}` : `${number}号窗口`;
}
