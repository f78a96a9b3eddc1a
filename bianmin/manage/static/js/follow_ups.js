// 差评回访: the hall's bad ratings, live over Socket.IO (room managers:<hall>); a row opens
// the details (ticket, window, staff, reasons, remark, phone, notes) and the note form.

import { api, config, dueText, LEVEL_CLASS, staffName, when } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";

const ACTIONS = [
  ["contacted", "已联系"], ["explained", "已解释"], ["rectified", "已整改"], ["note", "备注"],
];
const body = document.querySelector("#follow-ups tbody");
const empty = document.getElementById("empty");
const detail = document.getElementById("detail");
const live = document.getElementById("live");
let state = "open";
let rows = [];
let openId = null;

async function load() {
  const answer = await api(`/halls/${config.hall}/follow-ups?state=${state}`);
  rows = answer.ratings;
  draw();
}

function draw() {
  replace(body, rows.map(row));
  empty.hidden = rows.length > 0;
  empty.textContent = state === "open" ? "没有待回访的差评。" : "没有记录。";
  const current = rows.find((r) => r.id === openId);
  if (current) showDetail(current);
  else closeDetail();
}

function row(rating) {
  const f = rating.follow_up;
  const tr = h(`tr.m-row${f.overdue ? ".is-overdue" : ""}${rating.id === openId ? ".is-open" : ""}`,
    { tabindex: "0", dataset: { id: rating.id } },
    h("td.m-due", {}, dueText(f)),
    h("td.m-code", {}, rating.code),
    h("td", {}, rating.window_name || "—"),
    h("td", {}, staffName(rating.staff)),
    h(`td.m-level.${LEVEL_CLASS[rating.level]}`, {}, rating.level_label),
    h("td", {}, rating.reason_labels.join("、")),
    h("td", {}, when(rating.at)));
  tr.addEventListener("click", () => open(rating.id));
  tr.addEventListener("keydown", (event) => {
    if (event.key === "Enter") open(rating.id);
  });
  return tr;
}

function open(id) {
  openId = id;
  draw();
}

function closeDetail() {
  detail.hidden = true;
  replace(detail);
}

function field(label, value, extra = "") {
  return [h("dt", {}, label), h(`dd${extra}`, {}, value || "—")];
}

function showDetail(rating) {
  const f = rating.follow_up;
  const notes = f.notes.length
    ? h("ol.m-notes", {}, f.notes.map((n) => h("li", {},
      h("span.m-note-when", {}, when(n.at)), " ",
      h("strong", {}, n.action_label), " ",
      h("span", {}, n.text), n.staff ? h("span.m-note-who", {}, ` — ${n.staff.name}`) : null)))
    : h("p.m-muted", {}, "还没有回访记录。");
  replace(detail,
    h("div.m-detail-head", {},
      h("h2", {}, `${rating.code} 号 · ${rating.level_label}`),
      h("button.m-button.m-button-plain", { type: "button", onclick: () => { openId = null; draw(); } }, "关闭")),
    h("dl.m-facts", {},
      field("期限", dueText(f), f.overdue ? ".is-overdue" : ""),
      field("事项", rating.scenario),
      field("窗口", rating.window_name),
      field("办理人员", staffName(rating.staff)),
      field("原因", rating.reason_labels.join("、")),
      field("留言", rating.remark),
      field("联系电话", rating.phone),
      field("评价方式", rating.channel === "tablet" ? "窗口评价器" : "手机扫码"),
      field("评价时间", when(rating.at)),
      field("办理日期", rating.business_day)),
    h("h3", {}, "回访记录"),
    notes,
    f.state === "open" ? noteForm(rating) : h("p.m-muted", {}, "已办结，不能再添加记录。"));
  detail.hidden = false;
}

function noteForm(rating) {
  const form = h("form.m-form.m-note-form", {},
    h("label.m-field", {}, h("span", {}, "做了什么"),
      h("select", { name: "action" }, ACTIONS.map(([code, words]) => h("option", { value: code }, words)))),
    h("label.m-field", {}, h("span", {}, "情况说明"),
      h("textarea", { name: "text", rows: "3", maxlength: "500", placeholder: "例如：已电话联系群众，说明了办理流程" })),
    h("label.m-check", {}, h("input", { type: "checkbox", name: "close" }), " 回访完毕，办结这条差评"),
    h("button.m-button.m-button-primary", { type: "submit" }, "保存记录"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    try {
      await api(`/halls/${config.hall}/follow-ups/${rating.id}/notes`, {
        method: "POST",
        body: { action: form.elements.action.value, text: form.elements.text.value,
                close: form.elements.close.checked },
      });
      await load();
    } catch (error) {
      // the banner says why
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

for (const tab of document.querySelectorAll(".m-tab")) {
  tab.addEventListener("click", () => {
    state = tab.dataset.state;
    for (const other of document.querySelectorAll(".m-tab")) {
      other.classList.toggle("is-active", other === tab);
      other.setAttribute("aria-selected", String(other === tab));
    }
    load().catch(() => {});
  });
}

function connect() {
  if (!globalThis.io) return;
  // the session cookie says who we are: a manager's connection joins managers:<hall>
  const socket = globalThis.io("/hall", { reconnectionDelay: 500, reconnectionDelayMax: 3000 });
  const status = (name, words) => {
    live.dataset.state = name;
    live.textContent = words;
  };
  socket.on("connect", () => {
    status("online", "实时更新中");
    load().catch(() => {});
  });
  socket.on("disconnect", () => status("offline", "连接中断，正在重连…"));
  socket.on("connect_error", () => status("offline", "连接中断，正在重连…"));
  socket.on("ticket.rated", (data) => {
    if (data.bad) load().catch(() => {});
  });
  socket.on("follow_up.changed", () => load().catch(() => {}));
}

load().catch(() => {});
connect();
// overdue flags change with the clock: redraw from the server now and then
setInterval(() => load().catch(() => {}), 60000);
