// The managers' sign-in: POST /api/v1/session without a window; only a manager goes on.

import { request } from "../../../static/js/api.js";

const config = JSON.parse(document.getElementById("manage-config").textContent);
const form = document.getElementById("signin-form");
const banner = document.getElementById("banner");

function showError(message) {
  banner.textContent = message;
  banner.hidden = false;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const username = form.elements.username.value.trim();
  const password = form.elements.password.value;
  if (!username || !password) return showError("请填写用户名和密码。");
  const submit = form.querySelector("button[type=submit]");
  submit.disabled = true;
  try {
    const body = await request(`${config.api}/session`, { method: "POST", body: { username, password } });
    // a county manager (role county) is a manager too: of its own hall, and reads every hall
    if (body.staff.role !== "manager" && body.staff.role !== "county") {
      await request(`${config.api}/session`, { method: "DELETE" });
      return showError("这是窗口工作人员账号，不能进入管理页面。请到叫号终端登录。");
    }
    location.assign(config.next);
  } catch (error) {
    showError(error.message);
    form.elements.password.value = "";
    form.elements.password.focus();
  } finally {
    submit.disabled = false;
  }
});
