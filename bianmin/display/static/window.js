// The screen above one window: window number and name, the ticket called or being served,
// and 暂停服务 while the window is paused. It flashes on a call; the lobby does the voice.

import { currentAt, isPaused, pauseReason } from "../../static/live/hall-state.js";
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

startLive(config, { onState: draw, onEvent });
