// The sign-in form: POST /api/v1/session, then go to the window's screen.
// The window number is remembered on this terminal, since a terminal stays at one window.

import { request } from "../../../static/js/api.js";

const config = JSON.parse(document.getElementById("counter-config").textContent);
const form = document.getElementById("signin-form");
const banner = document.getElementById("banner");
const LAST_WINDOW = "bianmin.counter.window";

function showError(message) {
  banner.textContent = message;
  banner.hidden = false;
}

try {
  const last = localStorage.getItem(LAST_WINDOW);
  if (last) form.elements.window.value = last;
} catch (error) {
  // private mode: nothing remembered
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const username = form.elements.username.value.trim();
  const password = form.elements.password.value;
  const window = form.elements.window.value.trim();
  if (!username || !password) return showError("请填写用户名和密码。");
  if (!/^[0-9]{1,3}$/.test(window)) return showError("请填写窗口号（数字，例如 3）。");
  const submit = form.querySelector("button[type=submit]");
  submit.disabled = true;
  try {
    await request(`${config.api}/session`, { method: "POST", body: { username, password, window } });
    try {
      localStorage.setItem(LAST_WINDOW, window);
    } catch (error) {
      // not remembered: fine
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
