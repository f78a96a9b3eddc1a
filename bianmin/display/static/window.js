// The screen above one window: window number and name, the ticket called or being served,
// and 暂停服务 while the window is paused. It flashes on a call; the lobby does the voice.

import { currentAt, isPaused, pauseReason } from "../../static/live/hall-state.js";
import { requestJSON } from "../../kiosk/static/js/api.js";
import { flash, readConfig, startLive } from "./screen.js";

const config = readConfig();
const number = config.window;

function draw(state) {
  const call = currentAt(state, number);
  const main = document.getElementById("w-main");
  const ticket = document.getElementById("w-ticket");
  const label = document.getElementById("w-label");
  const status = document.getElementById("w-status");
  if (!call) {
    main.dataset.state = "idle";
    label.textContent = "当前号码";
    ticket.textContent = "—";
    status.textContent = "等待叫号";
  } else if (call.status === "serving") {
    main.dataset.state = "serving";
    label.textContent = "正在办理";
    ticket.textContent = call.number;
    status.textContent = "请下一位在等候区稍候";
  } else {
    main.dataset.state = "called";
    label.textContent = call.recall ? "重呼" : "请";
    ticket.textContent = call.number;
    status.textContent = `请${call.number}号到本窗口办理`;
  }
  main.dataset.ticket = call ? String(call.ticket_id) : "";
  document.getElementById("w-paused").hidden = !isPaused(state, number);
  const reason = pauseReason(state, number);
  const reasonLine = document.getElementById("w-paused-reason");
  reasonLine.textContent = reason ? `暂停原因：${reason}` : "";
  reasonLine.hidden = !reason;
  document.body.dataset.paused = isPaused(state, number) ? "1" : "0";
}

function onEvent(name, data) {
  if (name === "ticket.called" && data.window === number) flash(document.getElementById("w-main"));
}

/** The 工作牌: the latest staff member signed in here (name, 工号, photo), or none. */
async function refreshBadge() {
  let staff = null;
  try {
    const { data } = await requestJSON(config.on_duty_url, { timeoutMs: 6000 });
    staff = (data.staff || [])[0] || null;
  } catch (error) {
    return; // keep what is shown; the next sign-in or reconnect asks again
  }
  const badge = document.getElementById("w-badge");
  badge.hidden = !staff;
  badge.dataset.staff = staff ? String(staff.id) : "";
  if (!staff) return;
  document.getElementById("w-badge-name").textContent = staff.name;
  const no = document.getElementById("w-badge-no");
  no.textContent = staff.employee_no ? `工号 ${staff.employee_no}` : "";
  no.hidden = !staff.employee_no;
  const photo = document.getElementById("w-badge-photo");
  const avatar = document.getElementById("w-badge-avatar");
  if (staff.photo_url) {
    if (photo.getAttribute("src") !== staff.photo_url) photo.src = staff.photo_url;
    photo.alt = staff.name;
  } else {
    photo.removeAttribute("src");
  }
  photo.hidden = !staff.photo_url;
  avatar.textContent = [...staff.name][0] || "";
  avatar.hidden = Boolean(staff.photo_url);
}
document.getElementById("w-badge-photo").addEventListener("error", () => {
  document.getElementById("w-badge-photo").hidden = true;
  document.getElementById("w-badge-avatar").hidden = false;
});

startLive(config, { onState: draw, onEvent });
const live = globalThis.hallLive;
live.socket.on("window.on_duty", (data) => { if (data.window === number) refreshBadge(); });
live.socket.on("connect", refreshBadge); // on (re)connect: a sign-in may have been missed
refreshBadge();
