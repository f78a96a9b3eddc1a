// The service guide (办事指南, 八公开) of a scenario, opened from its page: one section per
// field the hall filled (依据, 受理条件, 办理流程, 收费, 办理地点, 办理时间, 结果送达, 咨询方式),
// large text, a long one collapsed behind its title so the short ones stay in sight; paged
// with big buttons like every long list of the kiosk.
import { button, h } from "./dom.js";
import { pager } from "./pager.js";

// a section longer than this (characters) starts collapsed
export const LONG_TEXT = 60;

/** "1.… 2.… 3.…" written on one line reads as numbered lines. */
function paragraphs(text) {
  const parts = text.split(/\s+(?=\d{1,2}\s*[.．、]\s*\S)/).map((p) => p.trim()).filter(Boolean);
  return parts.map((p) => h("p", {}, p));
}

export function guideSections(guide) {
  return h("div.guide-secs", {}, guide.map((section) => {
    const long = section.text.length > LONG_TEXT;
    return h("details.guide-sec", { open: !long, dataset: { key: section.key } },
      h("summary.guide-label", {}, h("span", {}, section.label),
        long ? h("span.guide-more", {}, "点按展开全文") : null),
      h("div.guide-text", {}, paragraphs(section.text)));
  }));
}

/** The button on the scenario page; null when the hall filled no guide field. */
export function guideButton(scenario, onOpen) {
  const guide = scenario.guide || [];
  if (!guide.length) return null;
  return button("scn-guide-open btn-plain", [h("span.guide-open-label", {}, "查看办事指南"),
    h("span.guide-open-sub", {}, guide.map((s) => s.label).join("、"))], onOpen);
}

/** A full-screen dialog with the guide; returns {close}. */
export function openGuide(scenario, onClose) {
  const panel = pager(guideSections(scenario.guide || []), { className: "guide-pager" });
  const close = () => { panel.destroy(); dialog.remove(); onClose(); };
  const dialog = h("div.k-dialog.guide-dialog", { role: "dialog", "aria-modal": "true", "aria-labelledby": "guide-title" },
    h("div.k-dialog-box.guide-box", {},
      h("h3.guide-title", { id: "guide-title" }, `办事指南 · ${scenario.name}`),
      panel.root,
      button("btn-primary guide-close", "关闭，返回事项", close)));
  document.body.append(dialog);
  return { close };
}
