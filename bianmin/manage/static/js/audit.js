// 电子监察: the audit trail of a period with filters and pages, its CSV/XLSX, and 考勤 per day.

import { api, config, staffName } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";

const form = document.getElementById("filters");
const body = document.querySelector("#trail tbody");
const empty = document.getElementById("empty");
const summary = document.getElementById("summary");
const pageOf = document.getElementById("page-of");
const prev = document.getElementById("prev");
const next = document.getElementById("next");
const exportLink = document.getElementById("export");
const exportXlsx = document.getElementById("export-xlsx");
const attendanceBody = document.querySelector("#attendance tbody");
const attendanceEmpty = document.getElementById("attendance-empty");
const exportAttendance = document.getElementById("export-attendance");
const exportAttendanceXlsx = document.getElementById("export-attendance-xlsx");
const PER_PAGE = 50;
let page = 1;
let staffListed = false;

function isoDay(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

function filters() {
  const params = new URLSearchParams();
  for (const name of ["from", "to", "staff", "window", "kind"]) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

function fillStaff(staff) {
  if (staffListed) return;
  staffListed = true;
  const select = form.elements.staff;
  select.append(...staff.map((s) => h("option", { value: s.id }, staffName(s))));
}

async function loadTrail() {
  const params = filters();
  exportLink.href = `${config.api}/halls/${config.hall}/audit.csv?${params}`;
  exportXlsx.href = `${config.api}/halls/${config.hall}/audit.xlsx?${params}`;
  params.set("page", page);
  params.set("per_page", PER_PAGE);
  const answer = await api(`/halls/${config.hall}/audit?${params}`);
  fillStaff(answer.staff);
  replace(body, answer.rows.map((r) => h("tr.m-row", {},
    h("td", {}, r.local_time),
    h("td", {}, r.kind_label),
    h("td", {}, r.staff ? staffName(r.staff) : r.username || "—"),
    h("td", {}, r.window ?? "—"),
    h("td.m-code", {}, r.ticket || ""),
    h("td.m-remark", {}, r.summary))));
  empty.hidden = answer.rows.length > 0;
  const pages = Math.max(1, Math.ceil(answer.total / PER_PAGE));
  pageOf.textContent = `第 ${page} / ${pages} 页`;
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
  summary.textContent = `${answer.from} 至 ${answer.to}：共 ${answer.total} 条记录。`;
}

async function loadAttendance() {
  const params = new URLSearchParams({ from: form.elements.from.value, to: form.elements.to.value });
  exportAttendance.href = `${config.api}/halls/${config.hall}/attendance.csv?${params}`;
  exportAttendanceXlsx.href = `${config.api}/halls/${config.hall}/attendance.xlsx?${params}`;
  const answer = await api(`/halls/${config.hall}/attendance?${params}`);
  replace(attendanceBody, answer.rows.map((r) => h("tr.m-row", {},
    h("td", {}, r.day),
    h("td", {}, staffName(r.staff)),
    h("td", {}, r.first_signin || "—"),
    h(r.still_signed_in ? "td.a-open" : "td", {}, r.still_signed_in ? "仍在线" : r.last_signout || "—"),
    h("td", {}, r.signed_in_hours.toFixed(2)),
    h("td", {}, r.paused_hours.toFixed(2)),
    h("td", {}, r.windows.join("、") || "—"))));
  attendanceEmpty.hidden = answer.rows.length > 0;
}

function load() {
  loadTrail().catch(() => {});
  loadAttendance().catch(() => {});
}

const today = isoDay(new Date());
form.elements.from.value = today;
form.elements.to.value = today;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  page = 1;
  load();
});
prev.addEventListener("click", () => { page -= 1; loadTrail().catch(() => {}); });
next.addEventListener("click", () => { page += 1; loadTrail().catch(() => {}); });
load();
