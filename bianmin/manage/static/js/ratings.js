// 评价记录: the hall's ratings of a period, with a count per level and the satisfaction.

import { api, config, dueText, LEVEL_CLASS, staffName, when } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";

const form = document.getElementById("period");
const body = document.querySelector("#ratings tbody");
const empty = document.getElementById("empty");
const summary = document.getElementById("summary");

function isoDay(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

async function load() {
  const from = form.elements.from.value;
  const to = form.elements.to.value;
  const answer = await api(`/halls/${config.hall}/ratings?from=${from}&to=${to}`);
  const ratings = answer.ratings;
  replace(body, ratings.map((r) => h("tr.m-row", {},
    h("td.m-code", {}, r.code),
    h(`td.m-level.${LEVEL_CLASS[r.level]}`, {}, r.level_label),
    h("td", {}, r.reason_labels.join("、")),
    h("td.m-remark", {}, r.remark),
    h("td", {}, r.window_name || "—"),
    h("td", {}, staffName(r.staff)),
    h("td.m-remark", {}, r.scenario),
    h("td", {}, r.channel === "tablet" ? "评价器" : "手机"),
    h(`td${r.follow_up.overdue ? ".is-overdue" : ""}`, {}, dueText(r.follow_up)),
    h("td", {}, when(r.at)))));
  empty.hidden = ratings.length > 0;
  const satisfied = ratings.filter((r) => r.level >= 4).length;
  const bad = ratings.filter((r) => r.level <= 2).length;
  summary.textContent = ratings.length
    ? `${answer.from} 至 ${answer.to}：共 ${ratings.length} 条评价，满意率 ` +
      `${((satisfied / ratings.length) * 100).toFixed(1)}%（非常满意和满意 ${satisfied} 条），差评 ${bad} 条。`
    : `${answer.from} 至 ${answer.to}：没有评价。`;
}

const today = new Date();
form.elements.to.value = isoDay(today);
form.elements.from.value = isoDay(new Date(today.getTime() - 29 * 86400000));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  load().catch(() => {});
});
load().catch(() => {});
