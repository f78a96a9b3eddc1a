// One visitor's session: the search text and 长辈模式 last until the kiosk goes home by
// itself (idle or after a ticket); the next visitor starts fresh. Kept in sessionStorage so
// a reload (or a crashed tab the kiosk shell reopens) does not lose them mid-visit.

const KEY = "bianmin.kiosk.session";

export function createSession(root = document.documentElement) {
  let state = { query: "", elder: false };
  try {
    state = { ...state, ...JSON.parse(sessionStorage.getItem(KEY) || "{}") };
  } catch (error) {
    sessionStorage.removeItem(KEY);
  }
  const listeners = new Set();

  function save() {
    sessionStorage.setItem(KEY, JSON.stringify(state));
    root.classList.toggle("elder", state.elder);
    for (const listener of listeners) listener(state);
  }

  save();
  return {
    get query() { return state.query; },
    set query(value) { state.query = value; save(); },
    get elder() { return state.elder; },
    set elder(value) { state.elder = Boolean(value); save(); },
    /** Nothing for the idle timer to undo: the next visitor would see the same screen. */
    get blank() { return !state.query && !state.elder; },
    onChange(listener) { listeners.add(listener); },
    reset() { state = { query: "", elder: false }; save(); },
  };
}

/** This kiosk's name for the ticket log: `?kiosk=大厅入口` once, remembered on the device. */
export function kioskName() {
  const fromUrl = new URLSearchParams(location.search).get("kiosk");
  if (fromUrl) localStorage.setItem("bianmin.kiosk.name", fromUrl.slice(0, 100));
  return localStorage.getItem("bianmin.kiosk.name") || "";
}
