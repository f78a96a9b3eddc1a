// 全县: GET /stats (county managers) for a period: one row per hall with the total, a
// comparison chart, and the CSV/XLSX of /stats; a hall's name opens its 统计报表.

import { api, config } from "./common.js";
import { h } from "../../../static/js/dom.js";
import { fillTable, hallsChart, period, query, resizeCharts } from "./report-lib.js";

const form = document.getElementById("period");
const table = document.getElementById("table");
const asked = new URLSearchParams(location.search);
const state = asked.get("from") && asked.get("to")
  ? { from: asked.get("from"), to: asked.get("to") } : { ...period("this_month") };
let asking = 0;

function linkHalls(rows) {
  const cells = table.tBodies[0].querySelectorAll("th.r-group");
  rows.forEach((row, i) => {
    const link = h("a", { href: `${config.reports}?${query({ hall: row.hall, from: state.from, to: state.to })}` },
      cells[i].textContent);
    cells[i].replaceChildren(link);
    cells[i].parentElement.dataset.hall = row.hall;
  });
}

async function load() {
  form.elements.from.value = state.from;
  form.elements.to.value = state.to;
  for (const button of document.querySelectorAll("[data-period]")) {
    const p = period(button.dataset.period);
    button.classList.toggle("is-active", p.from === state.from && p.to === state.to);
  }
  history.replaceState(null, "", `?${query({ from: state.from, to: state.to })}`);
  const span = query({ from: state.from, to: state.to, by: "hall" });
  document.getElementById("csv").href = `${config.api}/stats.csv?${span}`;
  document.getElementById("xlsx").href = `${config.api}/stats.xlsx?${span}`;
  const mine = ++asking;
  let answer;
  try {
    answer = await api(`/stats?${span}`);
  } catch (error) {
    return; // the banner says why
  }
  if (mine !== asking) return;
  const none = answer.total.issued === 0;
  document.getElementById("summary").textContent =
    `${answer.from} 至 ${answer.to}：${answer.rows.length} 个服务中心，取号 ${answer.total.issued}，办理 ${answer.total.served}。`;
  document.getElementById("empty").hidden = !none;
  document.getElementById("charts").hidden = none;
  fillTable(table, "hall", answer.rows, answer.total);
  linkHalls(answer.rows);
  if (!none) hallsChart(document.getElementById("chart-halls"), answer.rows);
}

for (const button of document.querySelectorAll("[data-period]")) {
  button.addEventListener("click", () => {
    Object.assign(state, period(button.dataset.period));
    load();
  });
}
form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!form.elements.from.value || !form.elements.to.value) return;
  Object.assign(state, { from: form.elements.from.value, to: form.elements.to.value });
  load();
});
addEventListener("resize", resizeCharts);
load();
