// The live connection every hall screen shares (lobby, window screens, counter terminal).
//
// Socket.IO has no connection-state recovery, so this module does it with versions: the
// server sends a snapshot with `version` on every (re)connect, and every event carries the
// hall's next version. An event that is not the next one means something was missed: the
// event is kept, and if the gap is still open after GAP_WAIT_MS (two changes committed at
// the same moment may arrive swapped) the client asks for a new snapshot (emits `snapshot`).
// Events received recently are kept, so a snapshot that is older than them (it was read
// while they were on their way) is brought forward by replaying them.
//
// Needs the vendored Socket.IO client (/static/vendor/socket.io/socket.io.min.js), which
// defines the global `io`.

import { deviceToken } from "../device-token.js";
import { EVENT_NAMES, applyEvent, fromSnapshot } from "./hall-state.js";

export const GAP_WAIT_MS = 500;
// how many recent events are kept for replay after an older snapshot
const KEEP_EVENTS = 200;
// a connection the server refused (unknown hall, database busy) is retried this often
const REFUSED_RETRY_MS = 10000;

export class HallLive {
  /**
   * @param {object} options
   * @param {string} options.hall      hall code
   * @param {number|null} options.window  also join this window's room
   * @param {object|null} options.snapshot  a snapshot to draw before the socket is up
   * @param {(state, info) => void} options.onState  after every change of state
   * @param {(name, data, state) => void} options.onEvent  after a live event was applied
   * @param {(status, message) => void} options.onConnection  "online" | "offline" | "refused"
   */
  constructor({ hall, window = null, snapshot = null, onState = () => {}, onEvent = () => {},
                onConnection = () => {}, url = "" }) {
    this.hall = hall;
    this.window = window;
    this.url = url;
    this.onState = onState;
    this.onEvent = onEvent;
    this.onConnection = onConnection;
    this.state = snapshot ? fromSnapshot(snapshot) : null;
    // events up to this version have been shown (or were already in a snapshot): no replays
    this.shownUpTo = this.state ? this.state.version : 0;
    this.log = new Map(); // version → {name, data}: received, applied or waiting for a gap
    this.gapTimer = null;
    this.stats = { events: 0, snapshots: 0, resyncs: 0, gaps: 0, ignored: 0 };
    this.socket = null;
  }

  start() {
    const auth = { hall: this.hall };
    if (this.window !== null) auth.window = this.window;
    // an enrolled screen names itself (halls other than the demo hall require it)
    const token = deviceToken();
    if (token) auth.device = token;
    this.socket = globalThis.io(`${this.url}/hall`, {
      // on every (re)connection, with this device's clock: the server warns when it is off
      auth: (send) => send({ ...auth, clock: Date.now() }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      randomizationFactor: 0.3,
      timeout: 8000,
    });
    const socket = this.socket;
    socket.on("connect", () => this.onConnection("online", ""));
    socket.on("disconnect", (reason) => {
      this.onConnection("offline", reason);
      // the server closed it on purpose (e.g. a restart): Socket.IO does not retry by itself
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", (error) => {
      if (socket.active) {
        this.onConnection("offline", error.message); // transport down: it retries by itself
      } else {
        // refused by the server (unknown hall, window, database busy): say why, retry later
        this.onConnection("refused", error.message);
        setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
      }
    });
    socket.on("snapshot", (body) => this.receiveSnapshot(body));
    // 远程刷新 from /manage/devices: only a device's own room gets it (an enrolled screen)
    socket.on("device.reload", () => globalThis.location.reload());
    for (const name of EVENT_NAMES) socket.on(name, (data) => this.receiveEvent(name, data));
    // a manager changed the catalog, a window or a queue: window names and queues come anew
    socket.on("catalog.changed", () => this.requestSnapshot("catalog"));
    if (this.state) this.onState(this.state, { reason: "initial" });
    return this;
  }

  /** Ask the server for a new snapshot (after a gap, or when the business day changed). */
  requestSnapshot(reason = "gap") {
    this.stats.resyncs += 1;
    this.lastResync = reason;
    if (this.socket && this.socket.connected) this.socket.emit("snapshot");
  }

  receiveSnapshot(body) {
    this.stats.snapshots += 1;
    this.state = fromSnapshot(body);
    this.shownUpTo = Math.max(this.shownUpTo, this.state.version);
    this.drain();
    this.onState(this.state, { reason: "snapshot" });
  }

  receiveEvent(name, data) {
    if (!data || typeof data.version !== "number") return;
    this.stats.events += 1;
    this.log.set(data.version, { name, data });
    if (this.state === null) return; // the snapshot on connect will pick it up
    if (data.version <= this.state.version) {
      this.stats.ignored += 1; // already part of the state we have
      return;
    }
    if (data.version !== this.state.version + 1) this.stats.gaps += 1;
    this.drain();
  }

  /** Apply every logged event that follows the state without a gap; watch for gaps. */
  drain() {
    const fresh = [];
    for (let v = this.state.version + 1; this.log.has(v); v += 1) {
      const { name, data } = this.log.get(v);
      this.state = applyEvent(this.state, name, data);
      if (v > this.shownUpTo) {
        this.shownUpTo = v;
        fresh.push({ name, data });
      }
    }
    this.forget(this.state.version - KEEP_EVENTS);
    for (const { name, data } of fresh) this.onEvent(name, data, this.state);
    if (fresh.length) this.onState(this.state, { reason: "event" });
    if (!this.gapOpen()) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else if (this.gapTimer === null) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        if (this.gapOpen()) this.requestSnapshot("gap");
      }, GAP_WAIT_MS);
    }
  }

  /** True while an event newer than the state waits for one that has not come. */
  gapOpen() {
    return [...this.log.keys()].some((v) => v > this.state.version);
  }

  forget(belowVersion) {
    for (const v of this.log.keys()) if (v <= belowVersion) this.log.delete(v);
  }
}
