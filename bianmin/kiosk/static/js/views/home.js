// Home: the search field with its on-screen keyboard, and big tiles to browse by domain.
// Results follow every key press (debounced; a newer key cancels the older request).
import { ApiError, NetworkError, isAbort } from "../api.js";
import { button, h } from "../dom.js";
import { scenarioRow } from "../format.js";
import { createKeyboard, pendingLetters } from "../keyboard.js";
import { createMissLog } from "../misses.js";
import { pager } from "../pager.js";

const DEBOUNCE_MS = 150;
const SPECIAL_HINTS = { complaint: "反映问题、提出诉求", pickup: "领取已办好的证照材料" };

export function renderHome(view, ctx) {
  const { api, catalog, session, router } = ctx;
  let controller = null;
  let timer = null;

  const misses = ctx.misses || (ctx.misses = createMissLog((query) => api.reportMiss(query)));
  const keyboard = createKeyboard({ onInput: (text) => { session.query = text; misses.typed(text); schedule(text); } });
  const title = h("h2.panel-title");
  const note = h("p.panel-note", { hidden: true });
  const panel = pager(h("div"));
  view.append(h("section.home", {},
    h("div.home-search", {}, keyboard.field),
    h("ol.home-help", {},
      h("li", {}, "用下方键盘输入拼音或拼音首字母"),
      h("li", {}, "在候选栏点选汉字，或直接看右侧结果"),
      h("li", {}, "点选您要办的事项，查看材料并取号")),
    h("div.home-main", {}, specialButtons(), h("div.panel-head", {}, title, note), panel.root),
    h("div.home-keys", {}, keyboard.keys)));

  const open = (scenario) => router.go(`/scenario/${scenario.id}`);

  /** 有诉即办 / 综合出件: one big button each, straight to the take page of the queue's
   * built-in scenario (no matter to choose); nothing when the hall has none. */
  function specialButtons() {
    const special = catalog.special();
    if (!special.length) return null;
    return h("div.home-special", {}, special.map((s) => button(`special special-${s.kind} btn-plain`, [
      h("span.special-name", {}, s.label),
      h("span.special-sub", {}, SPECIAL_HINTS[s.kind] || s.name),
      h("span.special-where", {}, `${s.windows.join("、")}号窗口`)],
    () => router.go(`/scenario/${s.scenario_id}`), { dataset: { special: s.kind } })));
  }

  function showBrowse() {
    title.textContent = "按类别查找";
    note.hidden = true;
    const tiles = catalog.domains().map((d) => button("tile btn-plain", [h("span.tile-name", {}, d.name), h("span.tile-count", {}, `${d.count} 项`)],
      () => router.go(`/domain/${encodeURIComponent(d.key)}`), { dataset: { domain: d.key } }));
    tiles.push(button("tile tile-windows btn-plain", [h("span.tile-name", {}, "按窗口查找"), h("span.tile-count", {}, "知道窗口号时")],
      () => router.go("/windows")));
    // 过号重新排队: a visitor who missed their call scans their ticket (views/requeue.js)
    tiles.push(button("tile tile-requeue btn-plain", [h("span.tile-name", {}, "过号重新排队"), h("span.tile-count", {}, "扫描小票二维码")],
      () => router.go("/requeue")));
    panel.replace(h("div.tiles", {}, tiles));
  }

  function showResults(text, results, offline = false) {
    title.textContent = results.length ? `找到 ${results.length} 项` : "没有找到";
    note.hidden = !offline && results.length > 0;
    if (offline) {
      note.textContent = results.length ? "网络中断，以下为本机按汉字查到的结果"
        : "网络中断，暂时不能按拼音查找：请清空后按类别查找，或咨询导办台";
    } else {
      note.textContent = "请换个说法，或删掉几个字再试；也可以清空后按类别查找";
    }
    const full = results.map((r) => catalog.scenario(r.id) || r);
    panel.replace(h("ul.items", {}, full.map((s) => scenarioRow(s, open))));
  }

  async function run(text) {
    controller = new AbortController();
    const { signal } = controller;
    if (!text) {
      showBrowse();
      keyboard.showCandidates([]);
      return;
    }
    try {
      // results for the whole text; candidate words for the letters at its end, with how
      // many of those letters each word stands for
      const [found, suggested] = await Promise.all([
        api.search(text, { signal }),
        pendingLetters(text) ? api.suggest(text, { signal }) : { candidates: [] },
      ]);
      if (signal.aborted) return;
      showResults(text, found.results || []);
      misses.answered(text, (found.results || []).length);
      keyboard.showCandidates(suggested.candidates || []);
    } catch (error) {
      if (isAbort(error) || signal.aborted) return;
      if (error instanceof ApiError) {
        // the server refused the query (too long, odd characters): say why
        showResults(text, []);
        note.textContent = error.message;
      } else if (error instanceof NetworkError) {
        showResults(text, catalog.localSearch(text), true);
      } else {
        throw error;
      }
      keyboard.showCandidates([]);
    }
  }

  function schedule(text) {
    if (controller) controller.abort();
    clearTimeout(timer);
    timer = setTimeout(() => run(text).catch(ctx.fail), text ? DEBOUNCE_MS : 0);
  }

  keyboard.set(session.query, { silent: true });
  run(session.query).catch(ctx.fail);
  return {
    destroy() {
      misses.leave();
      clearTimeout(timer);
      if (controller) controller.abort();
      panel.destroy();
      keyboard.destroy();
    },
  };
}
