// The launcher's start page: ask the launcher (same origin) whether the hall's server
// answers; go to the hall's page as soon as it does. No clicks, no context menu.
"use strict";
document.addEventListener("contextmenu", (event) => event.preventDefault());

let tries = 0;
async function check() {
  tries += 1;
  try {
    const response = await fetch("/status", { cache: "no-store" });
    const status = await response.json();
    if (status.up) {
      location.replace(status.target);
      return;
    }
    document.getElementById("state").textContent =
      tries > 30 ? "服务器暂未响应，正在重试…如长时间无法连接，请联系工作人员。" : "正在连接服务器…";
  } catch (error) {
    // the launcher itself restarts: keep asking
  }
  setTimeout(check, 1000);
}
check();
