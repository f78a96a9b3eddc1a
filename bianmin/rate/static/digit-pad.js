// The digit pad for the phone number: ten big keys, 删除 and 清空; digits only, as the
// rating API accepts (at most `max`). 完成 hands the number back; 取消 leaves it as it was.
import { button, h } from "../../kiosk/static/js/dom.js";

export function createDigitPad({ max, onDone, onCancel }) {
  let digits = "";
  const shown = h("span.pad-text");
  const placeholder = h("span.pad-placeholder", {}, "请输入手机或座机号码");
  const display = h("div.pad-display", { role: "textbox", "aria-label": "联系电话", "aria-readonly": "true" },
    shown, h("span.kb-caret"), placeholder);

  const key = (label, onclick, cls = "", dataKey = label) =>
    button(`pad-key ${cls}`.trim(), label, onclick, { dataset: { key: dataKey } });
  const digit = (d) => key(d, () => { if (digits.length < max) digits += d; render(); });
  const keys = h("div.pad-keys", {},
    [..."123456789"].map(digit),
    key("清空", () => { digits = ""; render(); }, "pad-fn", "clear"),
    digit("0"),
    key("⌫", () => { digits = digits.slice(0, -1); render(); }, "pad-fn", "backspace"));

  const el = h("div.pad", {},
    h("p.kb-title", {}, "联系电话（便于工作人员回访）"),
    display, keys,
    h("div.actions", {},
      button("act act-back", "取消", () => onCancel()),
      button("act act-submit pad-done", "完成", () => onDone(digits))));

  function render() {
    shown.textContent = digits;
    placeholder.hidden = digits.length > 0;
  }

  render();
  return {
    el,
    open(value) {
      digits = (value || "").replace(/\D/g, "").slice(0, max);
      render();
    },
  };
}
