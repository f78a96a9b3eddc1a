// The on-screen keyboard and a small input method over the catalog's own words: the
// visitor types pinyin (full, or just initials), the suggest API offers Chinese words
// from the catalog whose pinyin starts with those letters, and tapping one (高龄 for
// `gaoling`) replaces the letters it stands for (高龄 in `gaolingbutie` leaves `butie`).
// Letters alone already search: `csdj` finds 出生登记.
import { button, clear, h } from "./dom.js";

const ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const MAX_LENGTH = 40;

/** The letters still being typed at the end of the text (what candidates would replace). */
export function pendingLetters(text) {
  const found = /[a-z]+$/.exec(text);
  return found ? found[0] : "";
}

export function createKeyboard({ onInput }) {
  let text = "";

  const shown = h("span.search-text");
  const pending = h("span.search-pending");
  const placeholder = h("span.search-placeholder", {}, "请输入拼音或首字母，如 csdj 查“出生登记”");
  const field = h("div.search-field", { role: "searchbox", "aria-label": "查找办理事项", "aria-readonly": "true" },
    h("span.search-icon", { "aria-hidden": "true" }), shown, pending, h("span.search-caret"), placeholder);

  const strip = h("div.ime-strip");
  const prev = button("ime-prev btn-plain", "‹", () => strip.scrollBy({ left: -strip.clientWidth * 0.8, behavior: "smooth" }), { "aria-label": "前面的候选词" });
  const next = button("ime-next btn-plain", "›", () => strip.scrollBy({ left: strip.clientWidth * 0.8, behavior: "smooth" }), { "aria-label": "更多候选词" });
  const candidates = h("div.ime-cands", {}, prev, strip, next);

  const key = (letter) => button("key btn-plain", letter, () => set(text + letter), { dataset: { key: letter } });
  const rows = ROWS.map((row, index) => h("div.kb-row", {},
    index === 2 ? button("key key-wide key-clear btn-plain", "清空", () => set(""), { dataset: { key: "clear" } }) : null,
    [...row].map(key),
    index === 2 ? button("key key-wide key-back btn-plain", "⌫删除", () => set([...text].slice(0, -1).join("")), { dataset: { key: "backspace" } }) : null));
  const keys = h("div.ime", {}, candidates, h("div.kb", {}, rows));

  function updateArrows() {
    const room = strip.scrollWidth - strip.clientWidth;
    prev.hidden = next.hidden = room <= 2;
    prev.disabled = strip.scrollLeft <= 2;
    next.disabled = strip.scrollLeft >= room - 2;
  }
  strip.addEventListener("scroll", updateArrows, { passive: true });
  const resized = new ResizeObserver(updateArrows);
  resized.observe(strip);

  function render() {
    const letters = pendingLetters(text);
    shown.textContent = text.slice(0, text.length - letters.length);
    pending.textContent = letters;
    placeholder.hidden = text.length > 0;
  }

  function set(value, { silent = false } = {}) {
    text = [...value].slice(0, MAX_LENGTH).join("");
    render();
    // candidates belong to the text they were found for: a stale one would replace the
    // wrong number of letters, so none is offered until the new answer arrives
    clear(strip);
    updateArrows();
    if (!silent) onInput(text);
  }

  /** Put the word in place of the letters it stands for; letters it did not use stay. */
  function pick(word, consumed) {
    const letters = pendingLetters(text);
    const used = consumed > 0 ? Math.min(consumed, letters.length) : letters.length;
    set(text.slice(0, text.length - letters.length) + word + letters.slice(used));
  }

  render();
  return {
    field,
    keys,
    get text() { return text; },
    set,
    destroy() {
      resized.disconnect();
    },
    /** Candidate words ({word, consumed}) for the letters being typed; none: a hint. */
    showCandidates(candidates) {
      clear(strip);
      if (!candidates.length) {
        strip.append(h("span.ime-hint", {}, pendingLetters(text)
          ? "没有对应的字词，可继续输入或删除"
          : "输入拼音后，在这里点选汉字"));
      } else {
        for (const { word, consumed } of candidates) {
          strip.append(button("ime-cand btn-plain", word, () => pick(word, consumed)));
        }
      }
      strip.scrollLeft = 0;
      updateArrows();
    },
  };
}
