// 服务中心设置: GET /api/v1/halls/<hall> fills the form; 保存 sends one PATCH with the fields
// and the whole hours document. The server checks everything and names each wrong field.

import { h, replace } from "../../../static/js/dom.js";
import { api, config, showError } from "./common.js";

const $ = (id) => document.getElementById(id);
const form = $("hall-form");
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_LABEL = { mon: "周一", tue: "周二", wed: "周三", thu: "周四", fri: "周五", sat: "周六", sun: "周日" };
const TEXT_FIELDS = ["name", "complaint_phone", "address", "timezone", "notice", "ticket_footer"];
// 挂起, 过号重排, the long-matter cut-off and the fair green channel's limits: whole numbers
// (a non-number is sent as typed, and refused in Chinese)
const NUMBER_FIELDS = ["hold_minutes", "requeue_ahead", "requeue_minutes", "long_cutoff_minutes",
  "green_streak_limit", "normal_wait_limit_minutes"];
const MAX_RANGES = 3;
const WHEN = new Intl.DateTimeFormat("zh-CN", {
  month: "long", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false,
  timeZone: config.timezone || "Asia/Shanghai",
});

// ---- the weekly table ------------------------------------------------------------------

function rangeInputs(range, onRemove) {
  return h("span.ad-range", {},
    h("input", { type: "time", value: range[0] || "", "aria-label": "开始", dataset: { part: "start" } }),
    "–",
    h("input", { type: "time", value: range[1] || "", "aria-label": "结束", dataset: { part: "end" } }),
    h("button.m-button.m-button-plain.ad-small", { type: "button", title: "删除这个时段", onclick: onRemove }, "✕"));
}

function readRanges(container) {
  return [...container.querySelectorAll(".ad-range")].map((el) => [
    el.querySelector("[data-part=start]").value, el.querySelector("[data-part=end]").value]);
}

function dayRow(day, ranges) {
  const box = h("div.ad-ranges", { dataset: { day } });
  const draw = (list) => {
    replace(box, list.length ? list.map((range, i) => rangeInputs(range, () => {
      const now = readRanges(box);
      now.splice(i, 1);
      draw(now);
    })) : h("span.ad-closed", {}, "不营业"));
    add.disabled = list.length >= MAX_RANGES;
  };
  const add = h("button.m-button.ad-small", { type: "button", onclick: () => {
    const now = readRanges(box);
    now.push(now.length ? ["", ""] : ["09:30", "13:30"]);
    draw(now);
  } }, "+ 时段");
  draw(ranges);
  return h("tr", { dataset: { day } }, h("td.ad-day", {}, DAY_LABEL[day]), h("td", {}, box), h("td", {}, add));
}

function drawWeek(weekly) {
  replace(document.querySelector("#week tbody"), DAYS.map((d) => dayRow(d, weekly[d] || [])));
}

function readWeek() {
  return Object.fromEntries(DAYS.map((d) => [d,
    readRanges(document.querySelector(`.ad-ranges[data-day=${d}]`)).filter((r) => r[0] || r[1])]));
}

$("copy-monday").addEventListener("click", () => {
  const weekly = readWeek();
  for (const d of ["tue", "wed", "thu", "fri"]) weekly[d] = weekly.mon.map((r) => [...r]);
  drawWeek(weekly);
});

// ---- lists: 延时/错时, holidays, 调休 ------------------------------------------------------

function removeButton() {
  return h("button.m-button.m-button-plain.ad-small", { type: "button", title: "删除",
    onclick: (e) => e.target.closest("tr").remove() }, "删除");
}

function weekdaySelect(value, withDate) {
  const select = h("select", { dataset: { part: "on" } },
    withDate ? h("option", { value: "date" }, "某一天") : null,
    DAYS.map((d) => h("option", { value: d }, withDate ? `每${DAY_LABEL[d]}` : DAY_LABEL[d])));
  select.value = value;
  return select;
}

function specialRow(entry = { weekday: "sat", mode: "extra", ranges: [["10:00", "14:00"]], note: "" }) {
  const on = weekdaySelect(entry.date ? "date" : entry.weekday, true);
  const date = h("input", { type: "date", value: entry.date || "", dataset: { part: "date" } });
  date.hidden = !entry.date;
  on.addEventListener("change", () => { date.hidden = on.value !== "date"; });
  const mode = h("select", { dataset: { part: "mode" } },
    h("option", { value: "extra" }, "延时（增加时段）"), h("option", { value: "shifted" }, "错时（改用此时段）"));
  mode.value = entry.mode;
  const range = (entry.ranges && entry.ranges[0]) || ["", ""];
  return h("tr", {},
    h("td", {}, on, " ", date), h("td", {}, mode),
    h("td", {}, h("input", { type: "time", value: range[0], dataset: { part: "start" }, "aria-label": "开始" }), "–",
      h("input", { type: "time", value: range[1], dataset: { part: "end" }, "aria-label": "结束" })),
    h("td", {}, h("input", { value: entry.note || "", maxlength: 40, dataset: { part: "note" }, placeholder: "例如 周六延时服务" })),
    h("td", {}, removeButton()));
}

function holidayRow(entry = { start: "", end: "", name: "" }) {
  return h("tr", {},
    h("td", {}, h("input", { type: "date", value: entry.start, dataset: { part: "start" }, "aria-label": "开始日期" })),
    h("td", {}, h("input", { type: "date", value: entry.end, dataset: { part: "end" }, "aria-label": "结束日期" })),
    h("td", {}, h("input", { value: entry.name, maxlength: 40, dataset: { part: "name" }, placeholder: "例如 国庆节" })),
    h("td", {}, removeButton()));
}

function workdayRow(entry = { date: "", as: "mon", name: "" }) {
  return h("tr", {},
    h("td", {}, h("input", { type: "date", value: entry.date, dataset: { part: "date" }, "aria-label": "日期" })),
    h("td", {}, weekdaySelect(entry.as, false)),
    h("td", {}, h("input", { value: entry.name, maxlength: 40, dataset: { part: "name" }, placeholder: "例如 国庆调休" })),
    h("td", {}, removeButton()));
}

const part = (row, name) => row.querySelector(`[data-part=${name}]`).value;
const rows = (id) => [...document.querySelectorAll(`#${id} tbody tr`)];

function readSpecial() {
  return rows("special").map((row) => {
    const entry = part(row, "on") === "date" ? { date: part(row, "date") } : { weekday: part(row, "on") };
    const range = [part(row, "start"), part(row, "end")];
    return { ...entry, mode: part(row, "mode"), ranges: range[0] || range[1] ? [range] : [], note: part(row, "note") };
  });
}

for (const [button, id, make] of [["add-special", "special", specialRow], ["add-holiday", "holidays", holidayRow],
  ["add-workday", "workdays", workdayRow]]) {
  $(button).addEventListener("click", () => document.querySelector(`#${id} tbody`).append(make()));
}

// ---- load, save, errors ----------------------------------------------------------------

function showStatus(status) {
  const el = $("status");
  el.dataset.open = String(status.open);
  if (status.open && !status.closes_at) el.textContent = "当前状态：未设置营业时间（取号不限时）";
  else if (status.open) el.textContent = `当前状态：营业中（今天 ${status.closes_at.slice(11, 16)} 结束）`;
  else if (status.next_open) {
    el.textContent = `当前状态：休息中${status.holiday ? `（${status.holiday}）` : ""}，下次营业 ${WHEN.format(new Date(status.next_open))}`;
  } else el.textContent = "当前状态：休息中，一年内没有营业安排";
}

function fill(hall) {
  for (const name of TEXT_FIELDS) form.elements[name].value = hall[name] || "";
  for (const name of NUMBER_FIELDS) form.elements[name].value = String(hall[name]);
  const hours = hall.hours || { weekly: {}, special: [], holidays: [], workdays: [] };
  drawWeek(hours.weekly);
  replace(document.querySelector("#special tbody"), hours.special.map(specialRow));
  replace(document.querySelector("#holidays tbody"), hours.holidays.map(holidayRow));
  replace(document.querySelector("#workdays tbody"), hours.workdays.map(workdayRow));
  showStatus(hall.status);
}

function clearErrors() {
  for (const el of form.querySelectorAll("[data-error-for]")) el.textContent = "";
  for (const el of form.querySelectorAll(".is-invalid")) el.classList.remove("is-invalid");
}

function showErrors(fields) {
  if (fields.length) showError(""); // said next to each field instead
  for (const { field, problem } of fields) {
    const slot = form.querySelector(`[data-error-for="${field}"]`);
    if (slot) slot.textContent = problem;
    if (form.elements[field]) form.elements[field].classList.add("is-invalid");
  }
}

async function load() {
  fill(await api(`/halls/${config.hall}`));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors();
  $("saved").hidden = true;
  const body = Object.fromEntries(TEXT_FIELDS.map((n) => [n, form.elements[n].value]));
  for (const name of NUMBER_FIELDS) {
    const text = form.elements[name].value.trim();
    body[name] = /^[0-9]{1,6}$/.test(text) ? Number(text) : text;
  }
  body.hours = {
    weekly: readWeek(),
    special: readSpecial(),
    holidays: rows("holidays").map((row) => ({ start: part(row, "start"), end: part(row, "end") || part(row, "start"), name: part(row, "name") })),
    workdays: rows("workdays").map((row) => ({ date: part(row, "date"), as: part(row, "on"), name: part(row, "name") })),
  };
  $("save").disabled = true;
  try {
    const hall = await api(`/halls/${config.hall}`, { method: "PATCH", body });
    fill(hall);
    $("saved").textContent = "已保存。大厅屏的滚动通知和叫号规则已更新。";
    $("saved").hidden = false;
  } catch (error) {
    if (error.details && error.details.fields) showErrors(error.details.fields);
  } finally {
    $("save").disabled = false;
  }
});

$("reload").addEventListener("click", () => { clearErrors(); load(); });
load();
