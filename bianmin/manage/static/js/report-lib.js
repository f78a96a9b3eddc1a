// What 统计报表, 打印月报 and 全县 share: periods, the table's columns and cells, and the
// four ECharts charts. Charts draw with the SVG renderer and rich-text tooltips, so that
// nothing needs an inline style (the app's CSP has no 'unsafe-inline').

import { config } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";

const ZONE = config.timezone || "Asia/Shanghai";
const WEEKDAYS = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
// figures another change may add to the API's rows: shown when present, never assumed
const EXTRA_LABELS = {
  department: "部门", bad_ratings: "差评数", bad_handled_in_time: "差评按时回访",
  bad_open: "差评待回访", pauses: "暂停次数", pause_total_s: "暂停总时长",
};
const NAMES = new Set(["staff_name", "hall_name", "weekday", "hour"]);
// the columns a printed page has room for (A4 portrait), besides extras present
export const PRINT_KEYS = [
  "issued", "called", "served", "no_shows", "transfers", "wait_mean_s", "wait_p90_s",
  "service_mean_s", "ratings", "satisfaction", "rating_rate",
  "bad_ratings", "bad_handled_in_time", "pauses", "pause_total_s",
];

// --- periods ------------------------------------------------------------------------

export function hallToday() {
  // the hall's date now, whatever this PC's time zone ("sv" writes YYYY-MM-DD)
  return new Intl.DateTimeFormat("sv-SE", { timeZone: ZONE }).format(new Date());
}

function shift(iso, days) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function period(name, today = hallToday()) {
  const [y, m] = today.split("-").map(Number);
  const monthStart = `${today.slice(0, 7)}-01`;
  if (name === "this_month") return { from: monthStart, to: today };
  if (name === "last_month") {
    const last = shift(monthStart, -1);
    return { from: `${last.slice(0, 7)}-01`, to: last };
  }
  if (name === "last_7") return { from: shift(today, -6), to: today };
  if (name === "last_30") return { from: shift(today, -29), to: today };
  return { from: `${y}-${String(m).padStart(2, "0")}-01`, to: today };
}

// --- cells --------------------------------------------------------------------------

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}秒`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}时${String(m).padStart(2, "0")}分` : `${m}分${rest}秒`;
}

export function percent(share) {
  return share === null || share === undefined ? "—" : `${(share * 100).toFixed(1)}%`;
}

export function cell(key, value) {
  if (key.endsWith("_s")) return duration(value);
  if (key === "satisfaction" || key === "rating_rate") return percent(value);
  if (value === null || value === undefined) return "—";
  return String(value);
}

export function groupName(by, row) {
  const value = row[by];
  if (by === "weekday_hour") return `${WEEKDAYS[row.weekday]} ${row.hour}时`;
  if (by === "weekday") return WEEKDAYS[value] || String(value);
  if (by === "hour") return `${String(value).padStart(2, "0")}:00–${String(value + 1).padStart(2, "0")}:00`;
  if (by === "window") {
    if (value === null) return "未叫号";
    const name = row.window_name;
    return name && name !== `${value}号窗口` ? `${value}号窗口（${name}）` : `${value}号窗口`;
  }
  if (by === "queue" && row.queue_name) return `${value} ${row.queue_name}`;
  if (by === "scenario" && row.department) return `${value}（${row.department}）`;
  if (by === "department" && !value) return "未设部门";
  if (by === "staff") return value === null ? "未叫号" : row.staff_name || `#${value}`;
  if (by === "kiosk") return value === "" ? "转办生成" : value;
  if (by === "hall") return row.hall_name ? `${row.hall_name}（${value}）` : value;
  if (value === null || value === undefined || value === "") return "—";
  return String(value);
}

// (key, Chinese header) of the figures to show: the export's labels, in its order, for the
// figures the answer carries (pauses come only with the groupings that have them), then any
// other figure the rows carry (under EXTRA_LABELS or its key); ``only`` narrows them.
// Names beside a group (staff_name, window_name, department of a scenario …) are not figures.
function isName(key, by) {
  return NAMES.has(key) || key.endsWith("_name") || key === by || (key === "department" && by !== "department");
}

export function figureColumns(rows, total, only = null, by = "") {
  // the rows say which figures the grouping has (the total carries every one, pauses too);
  // an added figure that is null in every row does not apply to the grouping (pauses by queue)
  const present = new Set();
  for (const row of rows.length ? rows : [total || {}]) {
    for (const [key, value] of Object.entries(row)) {
      if (isName(key, by) || key in config.groups || (typeof value === "object" && value !== null)) continue;
      if (value === null && key in EXTRA_LABELS) continue;
      present.add(key);
    }
  }
  // the page writes times as 3分05秒, so the export's "（秒）" does not belong in the header
  const columns = config.figures.filter(([key]) => present.has(key))
    .map(([key, label]) => [key, label.replace("（秒）", "")]);
  const listed = new Set(columns.map(([key]) => key));
  for (const key of present) {
    if (!listed.has(key)) columns.push([key, EXTRA_LABELS[key] || key]);
  }
  return only ? columns.filter(([key]) => only.includes(key)) : columns;
}

export function groupLabel(by) {
  return config.groups[by] || EXTRA_LABELS[by] || by;
}

// the table of one grouping with its total row (合计)
export function fillTable(table, by, rows, total, only = null) {
  const columns = figureColumns(rows, total, only, by);
  replace(table.tHead, h("tr", {}, h("th.r-group", {}, groupLabel(by)),
    columns.map(([key, label]) => h("th", { dataset: { key } }, label))));
  replace(table.tBodies[0], rows.map((row) => h("tr", {},
    h("th.r-group", { scope: "row" }, groupName(by, row)),
    columns.map(([key]) => h("td", { dataset: { key } }, cell(key, row[key]))))));
  replace(table.tFoot, total ? h("tr.r-total", {}, h("th.r-group", { scope: "row" }, "合计"),
    columns.map(([key]) => h("td", { dataset: { key } }, cell(key, total[key])))) : null);
}

// --- charts -------------------------------------------------------------------------

const BLUE = "#1f4e79";
const COLORS = [BLUE, "#e07b00", "#2e8b57", "#8e44ad", "#c62828"];
const charts = new Map();

function chart(el) {
  let instance = charts.get(el);
  if (!instance) {
    instance = globalThis.echarts.init(el, null, { renderer: "svg" });
    charts.set(el, instance);
  }
  return instance;
}

export function resizeCharts() {
  for (const instance of charts.values()) instance.resize();
}

const BASE = {
  animation: false,
  color: COLORS,
  textStyle: { fontFamily: "sans-serif" },
  tooltip: { trigger: "axis", renderMode: "richText" },
  grid: { left: 56, right: 56, top: 40, bottom: 40 },
};

function draw(el, option) {
  const instance = chart(el);
  instance.setOption({ ...BASE, ...option }, true);
  el.dataset.drawn = "true";
}

export function heatChart(el, rows) {
  const hours = rows.filter((r) => r.issued > 0).map((r) => r.hour);
  const first = hours.length ? Math.min(...hours) : 8;
  const last = hours.length ? Math.max(...hours) : 17;
  const xs = [];
  for (let hour = first; hour <= last; hour += 1) xs.push(hour);
  const data = rows.filter((r) => r.issued > 0).map((r) => [xs.indexOf(r.hour), r.weekday - 1, r.issued]);
  const most = Math.max(1, ...data.map((d) => d[2]));
  draw(el, {
    tooltip: { trigger: "item", renderMode: "richText",
      formatter: (p) => `${WEEKDAYS[p.value[1] + 1]} ${xs[p.value[0]]}时：取号 ${p.value[2]}` },
    grid: { left: 56, right: 24, top: 16, bottom: 72 },
    xAxis: { type: "category", data: xs.map((x) => `${x}时`), splitArea: { show: true } },
    yAxis: { type: "category", data: WEEKDAYS.slice(1), inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: most, calculable: false, orient: "horizontal", left: "center",
      bottom: 0, itemHeight: 120, text: ["多", "少"], inRange: { color: ["#e8f1fa", "#6fa3d6", BLUE] } },
    series: [{ type: "heatmap", data, label: { show: true, fontSize: 11 } }],
  });
}

export function waitChart(el, bins) {
  const labels = bins.map((b) => (b.to_min === null ? `${b.from_min}分钟以上` : `${b.from_min}–${b.to_min}分钟`));
  draw(el, {
    xAxis: { type: "category", data: labels, axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: "value", name: "人次", minInterval: 1 },
    series: [{ type: "bar", name: "已叫号", data: bins.map((b) => b.count), barMaxWidth: 48,
      label: { show: true, position: "top" } }],
  });
}

const minutes = (s) => (s === null || s === undefined ? null : Math.round((s / 60) * 10) / 10);

export function windowsChart(el, rows) {
  const windows = rows.filter((r) => r.window !== null);
  draw(el, {
    legend: { top: 0 },
    xAxis: { type: "category", data: windows.map((r) => `${r.window}号`) },
    yAxis: [{ type: "value", name: "办理数", minInterval: 1 }, { type: "value", name: "分钟" }],
    series: [
      { type: "bar", name: "办理数", data: windows.map((r) => r.served), barMaxWidth: 40 },
      { type: "line", name: "平均等候（分钟）", yAxisIndex: 1, data: windows.map((r) => minutes(r.wait_mean_s)) },
      { type: "line", name: "平均办理（分钟）", yAxisIndex: 1, data: windows.map((r) => minutes(r.service_mean_s)) },
    ],
  });
}

export function satisfactionChart(el, rows) {
  draw(el, {
    legend: { top: 0 },
    xAxis: { type: "category", data: rows.map((r) => r.day.slice(5)) },
    yAxis: [{ type: "value", name: "满意率 %", min: 0, max: 100 },
      { type: "value", name: "评价数", minInterval: 1 }],
    series: [
      { type: "line", name: "满意率", connectNulls: true,
        data: rows.map((r) => (r.satisfaction === null ? null : Math.round(r.satisfaction * 1000) / 10)) },
      { type: "bar", name: "评价数", yAxisIndex: 1, data: rows.map((r) => r.ratings), barMaxWidth: 24 },
    ],
  });
}

export function hallsChart(el, rows) {
  draw(el, {
    legend: { top: 0 },
    xAxis: { type: "category", data: rows.map((r) => r.hall_name || r.hall), axisLabel: { interval: 0 } },
    yAxis: [{ type: "value", name: "人次", minInterval: 1 }, { type: "value", name: "分钟 / %" }],
    series: [
      { type: "bar", name: "取号数", data: rows.map((r) => r.issued), barMaxWidth: 40 },
      { type: "bar", name: "办理数", data: rows.map((r) => r.served), barMaxWidth: 40 },
      { type: "line", name: "平均等候（分钟）", yAxisIndex: 1, data: rows.map((r) => minutes(r.wait_mean_s)) },
      { type: "line", name: "满意率 %", yAxisIndex: 1,
        data: rows.map((r) => (r.satisfaction === null ? null : Math.round(r.satisfaction * 1000) / 10)) },
    ],
  });
}

export function query(params) {
  return new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
}
