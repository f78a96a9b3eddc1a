// The kiosk listens to one event of the hall: catalog.changed (a manager applied a catalog
// file or edited a scenario, window or queue). Without the Socket.IO script (or while the
// server is away) nothing happens here: the catalog is still refreshed at every return home.
import { deviceToken } from "../../../static/device-token.js";

export function followCatalog(hall, onChange) {
  if (typeof globalThis.io !== "function") return null;
  const auth = { hall };
  const token = deviceToken();
  if (token) auth.device = token;
  const socket = globalThis.io("/hall", {
    auth, reconnectionDelay: 1000, reconnectionDelayMax: 5000, timeout: 8000,
  });
  socket.on("catalog.changed", () => onChange());
  socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect") socket.connect();
  });
  return socket;
}
