// The miss log, seen from the kiosk: a search that found nothing is reported once it is
// *left*, not on every keystroke (docs/search.md): after MISS_PAUSE_MS without a key while
// it shows no result, or when the visitor clears the field or leaves the home screen while
// it shows none. Typing on (飞 → 飞船) reports nothing: the server would find the longer
// query anyway. Each query at most once per visit; the server keeps it only if it still
// finds nothing and holds nothing personal.

export const MISS_PAUSE_MS = 4000;

export function createMissLog(report, { pauseMs = MISS_PAUSE_MS } = {}) {
  let shown = "";  // the query on screen that found nothing ("" when it found something)
  let timer = null;
  const sent = new Set();

  function send() {
    clearTimeout(timer);
    timer = null;
    const query = shown.trim();
    shown = "";
    if (!query || sent.has(query)) return;
    sent.add(query);
    Promise.resolve().then(() => report(query)).catch(() => {});  // a lost report is no harm
  }

  return {
    /** The answer for `text` is on screen: `found` results (offline answers do not count). */
    answered(text, found) {
      clearTimeout(timer);
      shown = found ? "" : text;
      if (shown) timer = setTimeout(send, pauseMs);
    },
    /** The visitor typed: a pending miss is either continued (no report) or cleared (report). */
    typed(text) {
      if (!shown) return;
      if (!text) send();
      else {
        clearTimeout(timer);
        if (!text.startsWith(shown)) shown = "";  // an edit: the new answer will tell
      }
    },
    /** The home screen goes away (idle, a tile, a scenario): a miss on screen is reported. */
    leave() {
      if (shown) send();
      clearTimeout(timer);
    },
    /** A new visitor: the same words may be reported again. */
    reset() {
      sent.clear();
    },
  };
}
