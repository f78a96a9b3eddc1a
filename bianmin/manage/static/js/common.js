// What every managers' page shares: its config, the error banner, sign-out, time and words.

import { request } from "../../../static/js/api.js";

export const config = JSON.parse(document.getElementById("manage-config").textContent);
const banner = document.getElementById("banner");

export function showError(message) {
  if (!banner) return;
  banner.textContent = message;
  banner.hidden = !message;
}

export async function api(path, options) {
  try {
    const body = await request(`${config.api}${path}`, options);
    showError("");
    return body;
  } catch (error) {
    if (error.status === 401) location.assign(config.sign_in);
    showError(error.message);
    throw error;
  }
}

const signOut = document.getElementById("sign-out");
if (signOut) {
  signOut.addEventListener("click", async () => {
    try {
      await request(`${config.api}/session`, { method: "DELETE" });
    } finally {
      location.assign(config.sign_in);
    }
  });
}

// times as the hall's clock shows them, whatever this PC's time zone
const TIME = new Intl.DateTimeFormat("zh-CN", {
  month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false,
  timeZone: config.timezone || "Asia/Shanghai",
});

export function when(iso) {
  return iso ? TIME.format(new Date(iso)) : "";
}

export const LEVEL_CLASS = { 1: "lv-1", 2: "lv-2", 3: "lv-3", 4: "lv-4", 5: "lv-5" };

export function staffName(staff) {
  if (!staff) return "—";
  return staff.employee_no ? `${staff.name}（工号 ${staff.employee_no}）` : staff.name;
}

export function dueText(followUp) {
  if (followUp.state === "none") return "—";
  if (followUp.state === "closed") return `已办结 ${when(followUp.closed_at)}`;
  if (followUp.overdue) return `逾期 ${followUp.overdue_days} 天`;
  return `${when(followUp.due_at)} 前`;
}
