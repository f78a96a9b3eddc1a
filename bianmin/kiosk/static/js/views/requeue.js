// 过号重新排队: the visitor who missed their call scans their ticket's QR code (a USB
// scanner types the status address and Enter into the focused field), sees their number,
// and presses 重新排队. The server decides (docs/counter.md); a refusal's Chinese message
// (too late, already re-queued, not a no-show) is shown as it comes.
import { ApiError, NetworkError, requestJSON } from "../api.js";
import { button, h } from "../dom.js";

const TOKEN = /([0-9]{1,10}-[0-9a-f]{12})(?![0-9a-f])/g;

/** The ticket token inside what the scanner read ("" if none). */
export function tokenOf(text) {
  const found = [...String(text).matchAll(TOKEN)];
  return found.length ? found[found.length - 1][1] : "";
}

const STATUS_TEXT = {
  waiting: "正在排队中，请留意叫号",
  called: "正在叫号，请到窗口办理",
  serving: "正在办理中",
  held: "已挂起，请回到原窗口等候回叫",
  done: "已办结",
  transferred: "已转到其他窗口",
  cancelled: "已取消",
};

export function renderRequeue(view, ctx) {
  const { config } = ctx;
  const field = h("input.k-scan-input", {
    type: "text", autocomplete: "off", "aria-label": "扫描小票二维码", id: "requeue-scan",
    placeholder: "请扫描小票上的二维码",
  });
  const result = h("div.k-requeue-result", { id: "requeue-result", "aria-live": "polite" });
  view.append(h("section.k-requeue", {},
    h("h2.k-requeue-title", {}, "过号重新排队"),
    h("ol.k-requeue-steps", {},
      h("li", {}, "把小票上的二维码对准取号机的扫码口"),
      h("li", {}, "核对号码后，点“重新排队”")),
    h("p.k-requeue-rule", {}, "过号后不久回来的，可重新排队一次，排在几位等候者之后；超过时限请重新取号。"),
    field, result));

  let scanned = "";
  let controller = null;

  function say(cls, ...children) {
    result.replaceChildren(h(`div.k-requeue-box.${cls}`, {}, ...children));
  }

  async function look(text) {
    const token = tokenOf(text);
    if (!token) {
      say("is-error", h("p", {}, "没有认出这张小票的二维码，请把二维码对准扫码口再试一次。"));
      return;
    }
    scanned = text;
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const ticket = await ctx.api.ticket(token.split("-")[0], { token, signal: controller.signal });
      const number = h("p.k-requeue-number", {}, ticket.number);
      if (ticket.status === "no_show") {
        say("is-ready", number, h("p", {}, `${ticket.scenario.name} · 已过号`),
          button("btn-primary k-requeue-go", "重新排队", () => requeue(), { id: "requeue-go" }));
      } else {
        say("is-error", number, h("p", {}, `此号${STATUS_TEXT[ticket.status] || ""}，不需要重新排队。`));
      }
    } catch (error) {
      show(error);
    }
  }

  async function requeue() {
    try {
      const { data } = await requestJSON(`${config.api}/halls/${encodeURIComponent(config.hall.code)}/requeue`,
        { method: "POST", body: { code: scanned } });
      say("is-done", h("p.k-requeue-number", {}, data.number),
        h("p.k-requeue-ok", {}, "已重新排队"),
        h("p", {}, `前面还有 ${data.ahead} 人，请留意大厅屏幕和语音叫号。`));
    } catch (error) {
      show(error);
    }
  }

  function show(error) {
    if (error && error.name === "AbortError") return;
    if (error instanceof NetworkError) say("is-error", h("p", {}, "网络连接中断，请稍候再试，或到窗口请工作人员办理。"));
    else if (error instanceof ApiError) say("is-error", h("p", {}, error.message));
    else ctx.fail(error);
  }

  field.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const text = field.value;
    field.value = "";
    look(text);
  });
  const keepFocus = () => setTimeout(() => field.focus(), 0);
  field.addEventListener("blur", keepFocus);
  field.focus();
  return {
    destroy() {
      field.removeEventListener("blur", keepFocus);
      if (controller) controller.abort();
    },
  };
}
