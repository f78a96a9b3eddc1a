// Screens as real URLs under /kiosk/<hall>/ (the server serves the same shell for each),
// switched with the History API so the page never reloads between screens.
// Each history entry records how deep it is, so 返回 never leaves the kiosk.

const ROUTES = [
  ["home", /^\/$/],
  ["domain", /^\/domain\/([^/]+)$/],
  ["windows", /^\/windows$/],
  ["queue", /^\/queue\/(\d+)$/],
  ["scenario", /^\/scenario\/(\d+)$/],
  ["ticket", /^\/ticket\/(\d+)$/],
  ["requeue", /^\/requeue$/],
];

export function createRouter(base, onRoute) {
  function match(pathname) {
    const path = pathname.startsWith(base) ? pathname.slice(base.length) || "/" : "/";
    for (const [name, pattern] of ROUTES) {
      const found = pattern.exec(path);
      if (found) return { name, param: found[1] === undefined ? null : decodeURIComponent(found[1]) };
    }
    return { name: "home", param: null };
  }

  function show(state) {
    onRoute(match(location.pathname), state || {});
  }

  window.addEventListener("popstate", (event) => show(event.state));

  return {
    start() {
      const depth = (history.state && history.state.depth) || 0;
      history.replaceState({ ...(history.state || {}), depth }, "", location.href);
      show(history.state);
    },
    /** Open a screen; `data` travels with it (e.g. the ticket just issued). */
    go(path, data = {}) {
      const depth = ((history.state && history.state.depth) || 0) + 1;
      history.pushState({ ...data, depth }, "", base + path);
      show(history.state);
    },
    /** Swap the current screen without adding to 返回 (e.g. ticket replaces scenario). */
    replace(path, data = {}) {
      const depth = (history.state && history.state.depth) || 0;
      history.replaceState({ ...data, depth }, "", base + path);
      show(history.state);
    },
    back() {
      if (history.state && history.state.depth > 0) history.back();
      else this.home();
    },
    home() {
      history.replaceState({ depth: 0 }, "", base + "/");
      show(history.state);
    },
    href(path) {
      return base + path;
    },
  };
}
