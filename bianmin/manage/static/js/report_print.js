// 打印月报: the period's report in one request (by day, window, staff, queue and the heat
// map), drawn as key figures, four charts and four tables for A4 paper; 打印 prints it.

import { api, config } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";
import { PRINT_KEYS, duration, fillTable, heatChart, percent, query, satisfactionChart,
  waitChart, windowsChart } from "./report-lib.js";

const TABLES = ["day", "window", "staff", "queue"];

function figure(label, value) {
  return h("div.p-figure", {}, h("div.p-figure-label", {}, label), h("div.p-figure-value", {}, value));
}

function drawFigures(t) {
  const extra = [];
  if ("bad_ratings" in t) extra.push(figure("差评数", t.bad_ratings));
  if ("bad_handled_in_time" in t) extra.push(figure("差评按时回访", t.bad_handled_in_time));
  if ("pauses" in t) extra.push(figure("暂停次数", t.pauses));
  if ("pause_total_s" in t) extra.push(figure("暂停总时长", duration(t.pause_total_s)));
  replace(document.getElementById("figures"),
    figure("取号", t.issued), figure("叫号", t.called), figure("办理", t.served),
    figure("办结（当场）", t.outcome_done), figure("过号", t.no_shows), figure("转办", t.transfers),
    figure("取消", t.cancellations), figure("未办理", t.unserved ?? 0), figure("重呼次数", t.recalls),
    figure("平均等候", duration(t.wait_mean_s)), figure("90%等候不超过", duration(t.wait_p90_s)),
    figure("最长等候", duration(t.wait_max_s)), figure("平均办理", duration(t.service_mean_s)),
    figure("评价数", t.ratings), figure("满意率", percent(t.satisfaction)),
    figure("参评率", percent(t.rating_rate)), ...extra);
}

async function load() {
  const by = [...TABLES, "weekday_hour"].join(",");
  const period = query({ from: config.period.from, to: config.period.to, by });
  let answer;
  try {
    answer = await api(`/halls/${config.hall}/stats?${period}`);
  } catch (error) {
    document.getElementById("loading").hidden = true;
    return; // the banner says why
  }
  document.getElementById("loading").hidden = true;
  if (answer.total.issued === 0) {
    document.getElementById("empty").hidden = false;
    document.body.dataset.ready = "empty";
    return;
  }
  document.getElementById("content").hidden = false;
  drawFigures(answer.total);
  for (const key of TABLES) {
    fillTable(document.getElementById(`table-${key}`), key, answer.groups[key], answer.total, PRINT_KEYS);
  }
  heatChart(document.getElementById("chart-heat"), answer.groups.weekday_hour);
  waitChart(document.getElementById("chart-wait"), answer.wait_histogram);
  windowsChart(document.getElementById("chart-windows"), answer.groups.window);
  satisfactionChart(document.getElementById("chart-satisfaction"), answer.groups.day);
  document.body.dataset.ready = "drawn";
}

document.getElementById("print").addEventListener("click", () => window.print());
load();
