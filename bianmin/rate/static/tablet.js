// The rating tablet of one window. A state machine, one screen section per state:
//
//   idle ──ticket.finished / ticket.transferred at this window──▶ ask
//   ask ──3/4/5──▶ sending ──▶ thanks ──6 s──▶ idle
//   ask ──1/2──▶ reasons ⇄ remark keyboard / phone pad;  reasons ──提交──▶ sending
//   sending ──fault──▶ notice (再试一次 keeps the choices)
//
// A new finish at the window replaces whatever is on screen (the next visitor never sees
// the last one's half-done rating); untouched for `timeout_seconds` the tablet goes back to
// idle and records nothing; `ticket.rated` for the ticket on screen (rated by phone) ends it.
import { deviceToken } from "../../static/device-token.js";
import { HallLive } from "../../static/live/hall-live.js";
import { ApiError, requestJSON } from "../../kiosk/static/js/api.js";
import { createDigitPad } from "./digit-pad.js";
import { createRemarkKeyboard } from "./remark-keyboard.js";

// a long press or right click opens no browser menu on an unattended screen
document.addEventListener("contextmenu", (event) => event.preventDefault());

const config = JSON.parse(document.getElementById("rate-config").textContent);
const $ = (id) => document.getElementById(id);
const THANKS_MS = 6000;
const NOTICE_MS = 12000;
const DUTY_REFRESH_MS = 60000;
const WARN_SECONDS = Math.min(10, Math.ceil(config.timeout_seconds / 2));
const SECTIONS = ["idle", "ask", "reasons", "remark", "phone", "thanks", "notice"];
const LEVELS = new Map(config.levels.map((l) => [l.level, l]));

const tablet = {
  state: "idle",
  visit: null, // {ticketId, number, scenario, level, reasons: Set, remark, phone}
  lastTouch: Date.now(),
  leaveAt: 0, // thanks and notices leave by themselves at this time
  submitted: [], // ticket ids rated from this tablet (for the tests and diagnosis)
};
globalThis.rateTablet = tablet;

function show(state) {
  tablet.state = state;
  for (const name of SECTIONS) $(`s-${name}`).hidden = name !== state;
  $("r-main").dataset.state = state;
  document.body.dataset.state = state;
  tablet.lastTouch = Date.now();
  $("r-timeout").hidden = true;
}

function goIdle() {
  tablet.visit = null;
  show("idle");
  refreshDuty();
}

// -- waking ------------------------------------------------------------------------------

function wake(data) {
  if (data.window !== config.window || !data.ticket_id) return;
  if (tablet.state === "thanks" && tablet.visit && tablet.visit.ticketId === data.ticket_id) return;
  tablet.visit = {
    ticketId: data.ticket_id,
    number: data.number || "",
    scenario: data.scenario || "",
    level: null,
    reasons: new Set(),
    remark: "",
    phone: "",
  };
  $("ask-number").textContent = tablet.visit.number;
  $("ask-scenario").textContent = tablet.visit.scenario;
  drawReasons();
  show("ask");
}

function ratedElsewhere(data) {
  const visit = tablet.visit;
  if (!visit || data.ticket_id !== visit.ticketId) return;
  if (["ask", "reasons", "remark", "phone", "notice"].includes(tablet.state)) {
    notice("这个号已经评价过了", "一个号只能评价一次，谢谢您！", { retry: false });
  }
}

// -- choosing ----------------------------------------------------------------------------

function chooseLevel(level) {
  const visit = tablet.visit;
  if (!visit) return;
  visit.level = level;
  if (!LEVELS.get(level).needs_reasons) {
    visit.reasons.clear();
    visit.remark = "";
    visit.phone = "";
    submit();
    return;
  }
  const chosen = LEVELS.get(level);
  $("chosen").textContent = chosen.label;
  $("chosen").dataset.chosen = String(level);
  drawReasons();
  show("reasons");
}

function toggleReason(code) {
  const reasons = tablet.visit && tablet.visit.reasons;
  if (!reasons) return;
  if (reasons.has(code)) reasons.delete(code);
  else reasons.add(code);
  drawReasons();
}

function drawReasons() {
  const visit = tablet.visit;
  const reasons = visit ? visit.reasons : new Set();
  for (const el of document.querySelectorAll("[data-reason]")) {
    el.setAttribute("aria-pressed", reasons.has(el.dataset.reason) ? "true" : "false");
  }
  $("submit").disabled = reasons.size === 0;
  $("need-reason").hidden = reasons.size > 0;
  const remark = visit ? visit.remark : "";
  const phone = visit ? visit.phone : "";
  $("remark-value").textContent = remark;
  $("remark-placeholder").hidden = Boolean(remark);
  $("phone-value").textContent = phone;
  $("phone-placeholder").hidden = Boolean(phone);
}

const keyboard = createRemarkKeyboard({
  max: config.remark_max,
  phrases: config.phrases,
  words: config.words,
  onDone(text) {
    if (tablet.visit) tablet.visit.remark = text.trim();
    drawReasons();
    show("reasons");
  },
  onCancel: () => show("reasons"),
});
$("s-remark").append(keyboard.el);

const pad = createDigitPad({
  max: config.phone_max,
  onDone(digits) {
    if (tablet.visit) tablet.visit.phone = digits;
    drawReasons();
    show("reasons");
  },
  onCancel: () => show("reasons"),
});
$("s-phone").append(pad.el);

// -- sending -----------------------------------------------------------------------------

async function submit() {
  const visit = tablet.visit;
  if (!visit || tablet.state === "sending") return;
  const needsReasons = LEVELS.get(visit.level).needs_reasons;
  const body = {
    level: visit.level,
    reasons: needsReasons ? [...visit.reasons] : [],
    remark: needsReasons ? visit.remark : "",
    phone: needsReasons ? visit.phone : "",
    // an unenrolled tablet of an open-mode hall names its window; an enrolled one its token
    ...(deviceToken() ? {} : { window: config.window }),
  };
  const from = tablet.state;
  tablet.state = "sending";
  document.body.dataset.busy = "1";
  try {
    await requestJSON(`/api/v1/tickets/${encodeURIComponent(visit.ticketId)}/rating`,
      { method: "POST", body, timeoutMs: 8000 });
    if (tablet.visit !== visit) return; // a new finish came meanwhile: it is on screen now
    tablet.submitted.push(visit.ticketId);
    thanks(visit);
  } catch (error) {
    if (tablet.visit !== visit) return;
    tablet.state = from;
    failed(error, from);
  } finally {
    delete document.body.dataset.busy;
  }
}

function thanks(visit) {
  const bad = LEVELS.get(visit.level).needs_reasons;
  $("thanks-title").textContent = "感谢您的评价！";
  $("thanks-sub").textContent = bad
    ? (visit.phone ? "我们会认真核查整改，并尽快与您联系" : "我们会认真核查，尽快整改")
    : "欢迎您再来办事";
  $("s-thanks").dataset.level = String(visit.level);
  show("thanks");
  tablet.leaveAt = Date.now() + THANKS_MS;
}

function failed(error, from) {
  if (error instanceof ApiError) {
    if (error.code === "already_rated") {
      notice("这个号已经评价过了", "一个号只能评价一次，谢谢您！", { retry: false });
    } else {
      notice("这次评价没有记录", error.message, { retry: false });
    }
  } else {
    // no answer: the choices stay, the visitor may try again
    notice("网络不通，评价还没有提交", "请点“再试一次”，或稍后再评价", { retry: true, back: from });
  }
}

function notice(title, sub, { retry, back = null }) {
  $("notice-title").textContent = title;
  $("notice-sub").textContent = sub;
  $("notice-retry").hidden = !retry;
  $("notice-close").dataset.back = back || "";
  show("notice");
  tablet.leaveAt = retry ? 0 : Date.now() + NOTICE_MS;
}

// -- the clock: timeouts, countdown ------------------------------------------------------

function tick() {
  const now = Date.now();
  if (tablet.state === "idle" || tablet.state === "sending") return;
  if (tablet.leaveAt && (tablet.state === "thanks" || tablet.state === "notice") && now >= tablet.leaveAt) {
    tablet.leaveAt = 0;
    goIdle();
    return;
  }
  if (tablet.state === "thanks") return;
  const left = Math.ceil((tablet.lastTouch + config.timeout_seconds * 1000 - now) / 1000);
  if (left <= 0) {
    goIdle(); // nothing is recorded: an unrated ticket stays unrated
    return;
  }
  $("r-timeout").hidden = left > WARN_SECONDS;
  $("r-countdown").textContent = String(left);
}

// -- the staff member on duty (idle screen) ---------------------------------------------

async function refreshDuty() {
  let staff = null;
  try {
    const { data } = await requestJSON(config.on_duty_url, { timeoutMs: 6000 });
    // the latest sign-in first: the one the visitor most likely faces
    staff = (data.staff || [])[0] || null;
  } catch (error) {
    return; // keep what is shown; the next refresh tries again
  }
  const duty = $("duty");
  duty.dataset.onDuty = staff ? "1" : "0";
  $("duty-name").textContent = staff ? staff.name : `${config.window}号窗口`;
  $("duty-no").hidden = !(staff && staff.employee_no);
  $("duty-no").textContent = staff && staff.employee_no ? `工号 ${staff.employee_no}` : "";
  $("duty-role").textContent = staff ? "为您服务" : "欢迎您来办事";
  const photo = $("duty-photo");
  if (staff && staff.photo_url) {
    if (photo.getAttribute("src") !== staff.photo_url) photo.src = staff.photo_url;
    photo.alt = staff.name;
    photo.hidden = false;
  } else {
    photo.hidden = true;
    photo.removeAttribute("src");
  }
  $("duty-avatar").textContent = staff ? [...staff.name][0] : String(config.window);
  $("duty-avatar").hidden = Boolean(staff && staff.photo_url);
}
$("duty-photo").addEventListener("error", () => {
  $("duty-photo").hidden = true;
  $("duty-avatar").hidden = false;
});

// -- wiring ------------------------------------------------------------------------------

document.addEventListener("pointerdown", () => { tablet.lastTouch = Date.now(); }, { capture: true });
document.addEventListener("keydown", () => { tablet.lastTouch = Date.now(); }, { capture: true });
for (const el of document.querySelectorAll("[data-level]")) {
  el.addEventListener("click", () => chooseLevel(Number(el.dataset.level)));
}
for (const el of document.querySelectorAll("[data-reason]")) {
  el.addEventListener("click", () => toggleReason(el.dataset.reason));
}
$("back").addEventListener("click", () => show("ask"));
$("submit").addEventListener("click", () => submit());
$("open-remark").addEventListener("click", () => {
  keyboard.open(tablet.visit ? tablet.visit.remark : "");
  show("remark");
});
$("open-phone").addEventListener("click", () => {
  pad.open(tablet.visit ? tablet.visit.phone : "");
  show("phone");
});
$("notice-close").addEventListener("click", () => {
  const back = $("notice-close").dataset.back;
  if (back && tablet.visit) show(back);
  else goIdle();
});
$("notice-retry").addEventListener("click", () => {
  const back = $("notice-close").dataset.back || "ask";
  if (!tablet.visit) { goIdle(); return; }
  tablet.state = back;
  submit();
});

const banner = $("conn-banner");
const live = new HallLive({
  hall: config.hall,
  window: config.window,
  onConnection(status, message) {
    document.body.dataset.connection = status;
    banner.hidden = status === "online";
    if (status === "online") refreshDuty();
    else banner.textContent = status === "refused" && message ? `无法连接：${message}` : "连接中断，正在重新连接…";
  },
}).start();
// straight from the socket, not through the versioned state: a finish wakes the tablet at
// once, even while the state waits for a missing version
live.socket.on("ticket.finished", wake);
live.socket.on("ticket.transferred", wake);
live.socket.on("ticket.rated", ratedElsewhere);
live.socket.on("window.on_duty", (data) => { if (data.window === config.window) refreshDuty(); });
globalThis.hallLive = live;

setInterval(tick, 250);
setInterval(() => { if (tablet.state === "idle") refreshDuty(); }, DUTY_REFRESH_MS);
show("idle");
refreshDuty();
