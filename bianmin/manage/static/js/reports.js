// 统计报表: a period (本月, 上月, 最近7天, 最近30天 or from/to), a grouping tab, the table with
// its total, four charts, and links to the CSV (this grouping) and XLSX (every grouping).
// One request per change: GET …/stats?by=<tab>,weekday_hour,window,day.

import { api, config } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";
import { hallsPicker } from "./halls.js";
import { fillTable, heatChart, period, query, resizeCharts, satisfactionChart, waitChart,
  windowsChart } from "./report-lib.js";

const form = document.getElementById("period");
const tabs = document.getElementById("tabs");
const table = document.getElementById("table");
const summary = document.getElementById("summary");
const empty = document.getElementById("empty");
const chartsBox = document.getElementById("charts");
const links = { csv: document.getElementById("csv"), xlsx: document.getElementById("xlsx"),
  print: document.getElementById("print") };

const asked = new URLSearchParams(location.search);
const state = {
  by: config.tabs.some(([key]) => key === asked.get("by")) ? asked.get("by") : "day",
  ...period("this_month"),
};
if (asked.get("from") && asked.get("to")) {
  state.from = asked.get("from");
  state.to = asked.get("to");
}

function base() {
  return `${config.api}/halls/${config.hall}`;
}

function remember() {
  const own = asked.get("hall") ? { hall: config.hall } : {};
  history.replaceState(null, "", `?${query({ ...own, from: state.from, to: state.to, by: state.by })}`);
  const span = { from: state.from, to: state.to };
  links.csv.href = `${base()}/stats.csv?${query({ ...span, by: state.by })}`;
  links.xlsx.href = `${base()}/stats.xlsx?${query({ ...span, by: config.xlsx_by })}`;
  links.print.href = `${config.print_url}?${query({ ...own, ...span })}`;
}

function drawTabs() {
  replace(tabs, config.tabs.map(([key, words]) => h(`button.m-tab${key === state.by ? ".is-active" : ""}`, {
    type: "button", dataset: { by: key }, "aria-pressed": key === state.by ? "true" : "false",
    onclick: () => { state.by = key; load(); },
  }, words)));
  for (const button of document.querySelectorAll("[data-period]")) {
    const p = period(button.dataset.period);
    button.classList.toggle("is-active", p.from === state.from && p.to === state.to);
  }
}

let asking = 0;

async function load() {
  form.elements.from.value = state.from;
  form.elements.to.value = state.to;
  drawTabs();
  remember();
  const mine = ++asking;
  const by = [...new Set([state.by, "weekday_hour", "window", "day"])].join(",");
  let answer;
  try {
    answer = await api(`/halls/${config.hall}/stats?${query({ from: state.from, to: state.to, by })}`);
  } catch (error) {
    return; // the banner says why, in Chinese
  }
  if (mine !== asking) return; // a newer question is on its way
  loadGuide(mine);
  const total = answer.total;
  summary.textContent = `${config.hall_name}　${answer.from} 至 ${answer.to}：取号 ${total.issued}，办理 ${total.served}。`;
  const none = total.issued === 0;
  empty.hidden = !none;
  chartsBox.hidden = none;
  table.hidden = none;
  fillTable(table, state.by, answer.groups[state.by], total);
  if (none) return;
  heatChart(document.getElementById("chart-heat"), answer.groups.weekday_hour);
  waitChart(document.getElementById("chart-wait"), answer.wait_histogram);
  windowsChart(document.getElementById("chart-windows"), answer.groups.window);
  satisfactionChart(document.getElementById("chart-satisfaction"), answer.groups.day);
}

/** 导办台: 导办咨询 and 帮办代办 per day (GET …/stats/guide), under the main table. */
async function loadGuide(mine) {
  const guide = document.getElementById("guide-table");
  let answer;
  try {
    answer = await api(`/halls/${config.hall}/stats/guide?${query({ from: state.from, to: state.to })}`);
  } catch (error) {
    return;
  }
  if (mine !== asking) return;
  const rows = answer.rows;
  const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
  document.getElementById("guide-empty").hidden = rows.length > 0;
  guide.hidden = rows.length === 0;
  replace(guide.tBodies[0], rows.map((r) => h("tr", {}, [r.day, r.consults, r.assisted, r.assisted_green].map((v) => h("td", {}, v)))));
  replace(guide.tFoot, h("tr", {}, ["合计", sum("consults"), sum("assisted"), sum("assisted_green")].map((v) => h("td", {}, v))));
}

for (const button of document.querySelectorAll("[data-period]")) {
  button.addEventListener("click", () => {
    Object.assign(state, period(button.dataset.period));
    load();
  });
}
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const from = form.elements.from.value;
  const to = form.elements.to.value;
  if (!from || !to) return;
  Object.assign(state, { from, to });
  load();
});
addEventListener("resize", resizeCharts);
hallsPicker(document.getElementById("hall-box"), document.getElementById("hall"));
load();
