// 远程刷新 (a manager's button on /manage/devices): an enrolled kiosk keeps a Socket.IO
// connection with its device token and reloads its page when told to. A kiosk that shows a
// visitor's matter or ticket does not pull the page from under them: it reloads when that
// visit ends (完成, or the idle return). Unenrolled kiosks (the demo hall) open no connection.
import { deviceToken } from "../../../static/device-token.js";

export function listenForReload(hall, isIdle) {
  const token = deviceToken();
  if (!token || typeof globalThis.io !== "function") return { visitEnded() {} };
  let pending = false;
  const socket = globalThis.io("/hall", {
    // on every (re)connection, with the kiosk's clock: the server warns when it is off
    auth: (send) => send({ hall, device: token, clock: Date.now() }),
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10000,
  });
  // visible to whoever inspects the kiosk (and the browser tests): the line is up
  socket.on("connect", () => { document.documentElement.dataset.remote = "connected"; });
  socket.on("disconnect", () => { document.documentElement.dataset.remote = "offline"; });
  socket.on("device.reload", () => {
    if (isIdle()) globalThis.location.reload();
    else pending = true;
  });
  // refused (revoked, another hall): the kiosk's own requests say so; try again later
  socket.on("connect_error", () => { if (!socket.active) setTimeout(() => socket.connect(), 30000); });
  return {
    visitEnded() {
      if (pending) globalThis.location.reload();
    },
  };
}
