// The counter terminal: draws GET /api/v1/windows/<n>, runs the actions, handles the keys.
//
// It refreshes after every action, whenever a live event about the hall arrives (a new
// ticket in a queue of this window, a call at another window of the group), and every
// `refresh_seconds` as a fallback.

import { HallLive } from "/static/live/hall-live.js";
import { ApiError, NetworkError, request } from "../../../static/js/api.js";
import { h, replace } from "../../../static/js/dom.js";
import {
  availability, renderCounts, renderCurrent, renderHeld, renderWaiting, timeFormatter,
} from "./render.js";

const config = JSON.parse(document.getElementById("counter-config").textContent);
const base = `${config.api}/windows/${config.window}`;
const time = timeFormatter(config.timezone);
const $ = (id) => document.getElementById(id);
const buttons = Object.fromEntries(
  [...document.querySelectorAll("[data-action]")].map((b) => [b.dataset.action, b]));

let state = null;
let reasons = {};
let busy = false;
// set once the page is going back to the sign-in form: nothing may navigate or refresh then
let leaving = false;

function leave() {
  if (leaving) return;
  leaving = true;
  location.assign(config.sign_in);
}
let refreshSeq = 0;
let noticeTimer = null;

// ---- messages ---------------------------------------------------------------------------

function showError(message) {
  $("banner").textContent = message;
  $("banner").hidden = false;
}

function showNotice(message) {
  $("banner").hidden = true;
  $("notice").textContent = message;
  $("notice").hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { $("notice").hidden = true; }, 6000);
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    leave();
    return;
  }
  if (error instanceof NetworkError) $("offline").hidden = false;
  else showError(error.message);
}

// ---- state ------------------------------------------------------------------------------

export async function refresh() {
  if (leaving) return;
  const seq = ++refreshSeq;
  try {
    const fresh = await request(base);
    if (seq !== refreshSeq) return; // a newer refresh has started: draw that one
    $("offline").hidden = true;
    state = fresh;
    draw();
  } catch (error) {
    if (seq === refreshSeq) failed(error);
  }
}

function draw() {
  renderCounts($("counts"), state.counts, state.ratings);
  renderCurrent($("current-body"), state, time);
  renderWaiting($("waiting"), $("queues"), $("waiting-title"), state);
  renderHeld($("held-box"), $("held"), state, time, callBack);
  reasons = availability(state);
  for (const [name, button] of Object.entries(buttons)) {
    button.disabled = busy || Boolean(reasons[name]);
    button.title = reasons[name] || "";
  }
  const pause = buttons.pause;
  pause.firstChild.textContent = state.window.paused ? "恢复服务" : "暂停服务";
  pause.classList.toggle("btn-primary", state.window.paused);
  pause.classList.toggle("btn-plain", !state.window.paused);
  document.body.classList.toggle("is-paused", state.window.paused);
}

// ---- actions ----------------------------------------------------------------------------

async function act(path, body, describe) {
  if (busy) return;
  busy = true;
  Object.values(buttons).forEach((b) => { b.disabled = true; });
  try {
    const data = await request(`${base}/${path}`, { method: "POST", body });
    $("banner").hidden = true;
    showNotice(describe(data));
  } catch (error) {
    failed(error);
  } finally {
    busy = false;
    await refresh();
  }
}

const ACTIONS = {
  call: () => act("call-next", {}, (t) => `已叫 ${t.number} 号${t.green ? "（绿色通道）" : ""}：${t.scenario.name}`),
  recall: () => act("recall", {}, (t) => `已重呼 ${t.number} 号（第 ${t.recall_count} 次）`),
  start: () => act("start", {}, (t) => `${t.number} 号开始办理`),
  finish: () => openFinish(),
  noShow: () => act("no-show", {}, (t) => `${t.number} 号已过号`),
  transfer: () => openTransfer(),
  hold: () => act("hold", {}, (t) => `${t.number} 号已挂起，保留 ${state.keep_place.hold_minutes} 分钟；访客回来后在“挂起中”点“回叫”`),
  pick: () => openPick(),
  requeue: () => openRequeue(),
  pause: () => (state && state.window.paused
    ? act("resume", {}, () => "已恢复服务，可以叫号")
    : openPause()),
};

function run(name) {
  if (!state || busy) return;
  if (reasons[name]) {
    showError(reasons[name]);
    return;
  }
  ACTIONS[name]();
}

for (const [name, button] of Object.entries(buttons)) {
  button.addEventListener("click", () => {
    button.blur(); // so that the space bar calls the next visitor, not this button again
    run(name);
  });
}

// ---- dialogs ----------------------------------------------------------------------------

let openDialog = null;

function showDialog(dialog) {
  openDialog = dialog;
  dialog.hidden = false;
  const first = dialog.querySelector(".c-choice");
  if (first) first.focus();
}

function closeDialog() {
  if (!openDialog) return;
  if (openDialog === $("notice-result")) clearTimeout(noticePoll);
  openDialog.hidden = true;
  openDialog = null;
}

document.querySelectorAll("[data-close]").forEach((b) => b.addEventListener("click", closeDialog));
document.querySelectorAll(".c-dialog").forEach((d) => d.addEventListener("click", (event) => {
  if (event.target === d) closeDialog();
}));

function choice(label, hint, key, onChoose) {
  return h("button.btn-plain.c-choice", { type: "button", onclick: () => { closeDialog(); onChoose(); } },
    key ? h("kbd", {}, key) : null,
    h("span.c-choice-label", {}, label),
    hint ? h("span.c-choice-hint", {}, hint) : null);
}

function openFinish() {
  const ticket = state.current;
  replace($("outcomes"), state.outcomes.map((o, i) => choice(o.label, o.hint, String(i + 1), () =>
    (NOTICES[o.code] ? openNotice(o, ticket)
      : act("finish", { outcome: o.code }, (t) => `${t.number} 号已办结（${o.label}）`)))));
  $("finish-title").textContent = `办结 ${ticket.number} 号：请选择办理结果（回车 = 办结）`;
  showDialog($("finish-dialog"));
}

function openTransfer() {
  const ticket = state.current;
  const targets = state.transfer_targets;
  replace($("transfer-queues"), targets.queues.filter((q) => q.id !== ticket.queue.id).map((q) =>
    choice(`${q.prefix} 队列`, q.name, null, () =>
      act("transfer", { queue: q.id }, (t) => `${ticket.number} 号已转到 ${q.name}，新号 ${t.number}`))));
  replace($("transfer-windows"), targets.windows.filter((w) => w.number !== config.window).map((w) =>
    choice(`${w.number}号窗口`, w.name !== `${w.number}号窗口` ? w.name : "", null, () =>
      act("transfer", { window: w.number }, (t) => `${ticket.number} 号已转到 ${w.number}号窗口，新号 ${t.number}`))));
  $("transfer-title").textContent = `把 ${ticket.number} 号转移到（保留原排队时间）`;
  showDialog($("transfer-dialog"));
}

// 暂停服务 asks why: the reason goes to the audit trail, the dashboard and the screens
const PAUSE_REASONS = ["午间休息", "临时离开", "业务培训/会议", "系统故障", "其他"];

function pauseReason(label) {
  const note = $("pause-note").value.trim();
  return (note ? `${label}：${note}` : label).slice(0, 100);
}

function openPause() {
  $("pause-note").value = "";
  replace($("pause-reasons"), PAUSE_REASONS.map((label, i) => choice(label, null, String(i + 1), () => {
    const reason = pauseReason(label);
    act("pause", { reason }, () => `已暂停服务（${reason}），大厅屏幕显示“暂停服务”`);
  })));
  showDialog($("pause-dialog"));
}

// ---- written notices: 受理 / 补正 / 退办 (docs/notices.md) -----------------------------------

const NOTICES = {
  accepted: { title: "受理通知书", lead: "材料齐全，予以受理。将出具受理通知书，写明承诺办结日期（按工作日计算）。" },
  supplement: { title: "补齐补正通知书", lead: "请勾选该事项材料清单中缺少或需补正的材料，一次性告知办事群众。" },
  refused: { title: "不予受理告知书", lead: "请选择不予受理的理由，并告诉办事群众可以到哪里办理。" },
};
let noticeOutcome = null;
let noticePoll = null;

function tick(name, value, label, type = "checkbox") {
  return h("label.c-tick", {}, h("input", { type, name, value }), h("span", {}, label));
}

function openNotice(outcome, ticket) {
  noticeOutcome = outcome;
  const kind = NOTICES[outcome.code];
  $("notice-title").textContent = `${outcome.label} ${ticket.number} 号：出具${kind.title}`;
  $("notice-lead").textContent = kind.lead;
  $("notice-missing-part").hidden = outcome.code !== "supplement";
  $("notice-reason-part").hidden = outcome.code !== "refused";
  $("notice-note-label").textContent = outcome.code === "supplement"
    ? "清单以外需补正的材料或说明（可不填）" : "补充说明（可不填）";
  replace($("notice-missing"), ticket.materials.map((m, i) => tick("missing", String(i + 1), m)));
  replace($("notice-reasons"), state.notice_reasons.map((r) => tick("reason", r, r, "radio")));
  replace($("notice-turn-to-list"), state.turn_to_suggestions.map((t) => h("option", { value: t })));
  for (const id of ["notice-reason-text", "notice-turn-to", "notice-note"]) $(id).value = "";
  $("notice-error").hidden = true;
  $("notice-submit").textContent = `办结并打印${kind.title}`;
  $("notice-submit").disabled = false;
  showDialog($("notice-dialog"));
  const first = $("notice-dialog").querySelector("input:not([type=hidden])");
  if (first && !$("notice-missing-part").hidden) first.focus();
}

function noticeBody() {
  const picked = [...document.querySelectorAll("#notice-missing input:checked")].map((i) => Number(i.value));
  const reason = document.querySelector("#notice-reasons input:checked");
  const typed = $("notice-reason-text").value.trim();
  return {
    missing: picked,
    note: $("notice-note").value.trim(),
    reason: reason && typed ? `${reason.value}：${typed}`.slice(0, 200) : (typed || (reason ? reason.value : "")),
    turn_to: $("notice-turn-to").value.trim(),
  };
}

$("notice-submit").addEventListener("click", async () => {
  if (busy || !noticeOutcome) return;
  const outcome = noticeOutcome;
  busy = true;
  $("notice-submit").disabled = true;
  try {
    const data = await request(`${base}/finish`, { method: "POST", body: { outcome: outcome.code, notice: noticeBody() } });
    closeDialog();
    $("banner").hidden = true;
    showNotice(`${data.number} 号已办结（${outcome.label}），${data.notice.title} ${data.notice.number}`);
    showNoticeResult(data.notice);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      $("notice-error").textContent = error.message;
      $("notice-error").hidden = false;
    } else {
      closeDialog();
      failed(error);
    }
  } finally {
    busy = false;
    $("notice-submit").disabled = false;
    await refresh();
  }
});

function drawNoticePrint(print) {
  const el = $("notice-print");
  el.textContent = print.error && print.status !== "printed" && print.status !== "pending"
    ? `${print.message}。原因：${print.error}` : print.message;
  el.classList.toggle("is-printed", print.status === "printed");
  el.classList.toggle("is-failed", !["printed", "pending"].includes(print.status));
}

export function showNoticeResult(notice) {
  $("notice-result-title").textContent = `${notice.title}（${notice.ticket_number} 号）`;
  $("notice-number").textContent = notice.number;
  $("notice-preview").src = `${notice.preview_url}?v=${Date.now()}`;
  $("notice-pdf").href = notice.pdf_url;
  $("notice-reprint").dataset.notice = notice.id;
  drawNoticePrint(notice.print);
  showDialog($("notice-result"));
  pollNotice(notice.id, notice.print.status);
}

function pollNotice(id, status) {
  clearTimeout(noticePoll);
  if (status !== "pending") return;
  noticePoll = setTimeout(async () => {
    try {
      const fresh = await request(`${config.api}/notices/${id}`);
      drawNoticePrint(fresh.print);
      pollNotice(id, fresh.print.status);
    } catch (error) {
      pollNotice(id, status);
    }
  }, 700);
}

$("notice-reprint").addEventListener("click", async () => {
  const id = $("notice-reprint").dataset.notice;
  $("notice-reprint").disabled = true;
  $("notice-print").textContent = "正在补打…";
  try {
    const answer = await request(`${config.api}/notices/${id}/reprint`, { method: "POST", body: {} });
    drawNoticePrint(answer.print);
  } catch (error) {
    $("notice-print").textContent = error.message;
    $("notice-print").classList.add("is-failed");
  } finally {
    $("notice-reprint").disabled = false;
  }
});

document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("#last-notice");
  if (button && state && state.last_notice) showNoticeResult(state.last_notice);
});

// 回叫挂起: the held visitor is back; they go to this window ahead of the line
function callBack(held) {
  act("call-back", { ticket: held.id }, (t) => `已回叫挂起的 ${t.number} 号到本窗口`);
}

// 选叫: one particular waiting ticket, out of order (logged in the audit trail)
function openPick() {
  replace($("pick-choices"), state.waiting.map((w, i) => choice(w.number,
    [w.scenario, i === 0 ? "下一位" : `前面 ${i} 人`, w.green ? "绿色通道" : null].filter(Boolean).join(" · "),
    null, () => act("pick", { ticket: w.id }, (t) => `已选叫 ${t.number} 号：${t.scenario.name}`))));
  showDialog($("pick-dialog"));
}

// 过号重排: the number of a no-show ticket whose visitor came back
function openRequeue() {
  const rule = state.keep_place;
  $("requeue-number").value = "";
  $("requeue-rule").textContent = `重新排队的号排在正在等候的 ${rule.requeue_ahead} 位之后；`
    + `每个号只能重排一次，须在过号后 ${rule.requeue_minutes} 分钟内。`;
  showDialog($("requeue-dialog"));
  $("requeue-number").focus();
}

$("requeue-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const number = $("requeue-number").value.trim().toUpperCase();
  if (!/^[A-Z]{0,9}[0-9]{1,6}$/.test(number)) {
    $("requeue-number").focus();
    showError("请输入过号的号码，例如 A012。");
    return;
  }
  closeDialog();
  act("requeue", { number }, (t) => `${t.number} 号已重新排队，前面还有 ${t.ahead} 人`);
});

// ---- keyboard ---------------------------------------------------------------------------

const KEYS = { F1: "call", " ": "call", F2: "recall", F3: "start", F4: "finish", F5: "noShow",
  F6: "transfer", F7: "hold", F8: "pause", F9: "pick", F10: "requeue" };

document.addEventListener("keydown", (event) => {
  if (openDialog) {
    if (event.key === "Escape") {
      event.preventDefault();
      closeDialog();
    } else if (openDialog === $("pause-dialog") && /^[1-5]$/.test(event.key)
        && document.activeElement !== $("pause-note")) {
      event.preventDefault();
      openDialog.querySelectorAll(".c-choice")[Number(event.key) - 1].click();
    } else if (openDialog === $("finish-dialog") && (/^[1-9]$/.test(event.key) || event.key === "Enter")) {
      const choices = openDialog.querySelectorAll(".c-choice");
      const index = event.key === "Enter" ? 0 : Number(event.key) - 1;
      if (event.key === "Enter" && document.activeElement.classList.contains("c-choice")) return;
      if (choices[index]) {
        event.preventDefault();
        choices[index].click();
      }
    }
    return;
  }
  const name = KEYS[event.key];
  if (!name || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (event.key === " " && target && target.closest && target.closest("button, input, select, textarea, a")) return;
  event.preventDefault(); // F1 help, F5 reload: not on this screen
  run(name);
});

$("signout").addEventListener("click", async () => {
  try {
    await request(`${config.api}/session`, { method: "DELETE" });
  } catch (error) {
    // the cookie is cleared by the server; without an answer, go to the form anyway
  }
  leave();
});

// events come in bursts (a call and the waiting count behind it): one refresh per burst
let liveTimer = null;
function refreshSoon() {
  clearTimeout(liveTimer);
  liveTimer = setTimeout(refresh, 150);
}

window.counter = { refresh };
refresh();
setInterval(refresh, config.refresh_seconds * 1000);
if (globalThis.io) {
  const live = new HallLive({
    hall: config.hall,
    window: config.window,
    onEvent: refreshSoon,
    onConnection: (status) => { if (status === "online") refreshSoon(); },
  });
  live.start();
  // 好差评 (no hall version): the visitor just rated at this window
  live.socket.on("ticket.rated", refreshSoon);
  // the account was disabled or its password reset: the next request is refused (401),
  // and failed() takes the page back to the sign-in form
  live.socket.on("session.ended", refresh);
}
