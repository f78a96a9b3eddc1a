// The on-screen keyboard for the remark: ready phrases to tap, pinyin letters that turn
// into Chinese words of a small vocabulary (pinyin-match.js), digits and punctuation.
// The text is only handed back on 完成; 取消 leaves the remark as it was.
import { button, clear, h } from "../../kiosk/static/js/dom.js";
import { candidates } from "./pinyin-match.js";

const ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const DIGITS = "1234567890";
const PAGE = 7; // candidates shown at once: big enough to read and tap

export function createRemarkKeyboard({ max, phrases, words, onDone, onCancel }) {
  let text = "";
  let letters = "";
  // a word typed after a ready phrase starts a new clause: "等候时间太长，希望改进"
  let afterPhrase = false;
  let found = [];
  let page = 0;

  const shown = h("span.kb-text");
  const pending = h("span.kb-pending");
  const placeholder = h("span.kb-placeholder", {}, "点下方常用语，或用拼音输入");
  const count = h("span.kb-count");
  const display = h("div.kb-display", { role: "textbox", "aria-label": "意见建议", "aria-readonly": "true" },
    shown, pending, h("span.kb-caret"), placeholder);

  const phraseRow = h("div.kb-phrases", {}, phrases.map((p) =>
    button("kb-phrase", p, () => addPhrase(p), { dataset: { phrase: p } })));

  const strip = h("div.kb-cands");
  const more = button("kb-more", "更多 ›", () => { page += 1; drawCandidates(); }, { "aria-label": "更多候选词" });
  const candRow = h("div.kb-cand-row", {}, strip, more);

  const key = (label, onclick, cls = "", dataKey = label) =>
    button(`kb-key ${cls}`.trim(), label, onclick, { dataset: { key: dataKey } });
  const digitRow = h("div.kb-row", {}, [...DIGITS].map((d) => key(d, () => typeText(d))));
  const letterRows = ROWS.map((row) => h("div.kb-row", {}, [...row].map((c) => key(c, () => typeLetter(c)))));
  const bottom = h("div.kb-row", {},
    key("清空", () => { text = ""; letters = ""; afterPhrase = false; render(); }, "kb-wide", "clear"),
    key("，", () => typeText("，")),
    key("。", () => typeText("。")),
    key("⌫ 删除", backspace, "kb-wide", "backspace"),
  );
  const done = button("act act-submit kb-done", "完成", () => { commitLetters(); onDone(text); });
  const cancel = button("act act-back kb-cancel", "取消", () => onCancel());

  // landscape: phrases in a column beside the keys; portrait: above them (tablet.css)
  const el = h("div.kb", {},
    h("div.kb-top", {}, h("p.kb-title", {}, "意见建议"), count, h("span.kb-gap"), cancel, done),
    h("div.kb-body", {},
      phraseRow,
      h("div.kb-main", {}, display, candRow, h("div.kb-keys", {}, digitRow, letterRows, bottom))));

  function limit(value) {
    return [...value].slice(0, max).join("");
  }

  function commitLetters() {
    if (letters) text = limit(text + letters);
    letters = "";
  }

  function addPhrase(phrase) {
    commitLetters();
    const joiner = text && !/[，。！？,.!?]$/.test(text) ? "，" : "";
    text = limit(text + joiner + phrase);
    afterPhrase = true;
    render();
  }

  function typeText(value) {
    commitLetters();
    text = limit(text + value);
    afterPhrase = false;
    render();
  }

  function typeLetter(letter) {
    if ([...text].length + letters.length >= max) return;
    letters += letter;
    page = 0;
    render();
  }

  function backspace() {
    if (letters) letters = letters.slice(0, -1);
    else {
      text = [...text].slice(0, -1).join("");
      afterPhrase = false;
    }
    page = 0;
    render();
  }

  function pick(word, used) {
    text = limit(text + (afterPhrase ? "，" : "") + word);
    afterPhrase = false;
    letters = letters.slice(used);
    page = 0;
    render();
  }

  function drawCandidates() {
    clear(strip);
    if (!letters) {
      strip.append(h("span.kb-hint", {}, "输入拼音（如 taidu 或 td），在这里点选汉字"));
      more.hidden = true;
      return;
    }
    if (!found.length) {
      strip.append(h("span.kb-hint", {}, "没有对应的字词，请删除重输，或点常用语"));
      more.hidden = true;
      return;
    }
    const pages = Math.ceil(found.length / PAGE);
    page %= pages;
    for (const { word, consumed } of found.slice(page * PAGE, page * PAGE + PAGE)) {
      strip.append(button("kb-cand", word, () => pick(word, consumed)));
    }
    more.hidden = pages <= 1;
  }

  function render() {
    shown.textContent = text;
    pending.textContent = letters;
    placeholder.hidden = Boolean(text || letters);
    count.textContent = `${[...text].length + letters.length} / ${max} 字`;
    found = candidates(letters, words);
    drawCandidates();
  }

  render();
  return {
    el,
    /** Start from the remark as it stands. */
    open(value) {
      text = limit(value || "");
      letters = "";
      afterPhrase = false;
      page = 0;
      render();
    },
  };
}
