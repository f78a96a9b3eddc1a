// 打印记录: the print jobs of one business day (failed ones first of all) with their reasons,
// and 重新打印 (a new attempt on the same kiosk's printer, its outcome shown at once).

import { api, config, when } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";

const form = document.getElementById("filters");
const body = document.querySelector("#jobs tbody");
const empty = document.getElementById("empty");
const summary = document.getElementById("summary");
const notice = document.getElementById("notice");
const base = `/halls/${config.hall}/print-jobs`;

function say(text, state = "ok") {
  notice.textContent = text;
  notice.dataset.state = state;
  notice.hidden = !text;
}

function what(job) {
  return job.purpose === "test" ? "测试打印" : job.number || "—";
}

function action(job) {
  if (job.status === "printed" || job.status === "pending") return h("td");
  const button = h("button.m-button.v-act", { type: "button", "data-action": "重新打印",
    onclick: () => reprint(job, button) }, "重新打印");
  return h("td", {}, h("div.v-actions", {}, job.later_printed ? h("span.v-done", {}, "已补打") : null, button));
}

function row(job) {
  return h("tr", { dataset: { job: job.id, status: job.status } },
    h("td", {}, when(job.created_at)),
    h("td.m-code", {}, what(job)),
    h("td", {}, job.device_name || "默认打印机", h("div.m-muted.v-printer", {}, job.printer)),
    h("td", {}, h(`span.v-job.v-job-${job.status}`, {}, job.status_label)),
    h("td.v-reason", {}, job.reason || "—"),
    h("td", {}, `第 ${job.attempt} 次`),
    action(job));
}

async function load() {
  const params = new URLSearchParams({ day: form.elements.day.value, state: form.elements.state.value });
  const answer = await api(`${base}?${params}`);
  replace(body, answer.jobs.map(row));
  empty.hidden = answer.jobs.length > 0;
  empty.textContent = answer.state === "failed" ? "这一天没有打印失败的记录。" : "这一天没有打印记录。";
  const open = answer.jobs.filter((j) => j.status !== "printed" && j.status !== "pending" && !j.later_printed).length;
  summary.textContent = answer.state === "failed"
    ? `${answer.day}：打印失败 ${answer.jobs.length} 次，其中 ${open} 次尚未补打成功。`
    : `${answer.day}：共 ${answer.jobs.length} 条打印记录。`;
}

async function reprint(job, button) {
  button.disabled = true;
  say(`${what(job)}：正在重新打印…`, "busy");
  try {
    const answer = await api(`${base}/${job.id}/reprint`, { method: "POST", body: {} });
    say(`${what(job)}：${answer.message}`, answer.printed ? "ok" : "error");
  } catch (error) {
    say(`${what(job)}：${error.message}`, "error");
  }
  load().catch(() => {});
}

function today() {
  // the hall's business day, whatever this PC's time zone
  return new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone || "Asia/Shanghai" }).format(new Date());
}

form.elements.day.value = today();
form.addEventListener("submit", (event) => {
  event.preventDefault();
  say("");
  load().catch(() => {});
});
load().catch(() => {});
