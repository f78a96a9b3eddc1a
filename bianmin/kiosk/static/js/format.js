// How catalog facts read on the screen, in one place for every view.
import { h } from "./dom.js";

/** [24] → 24号窗口; [15..20] → 15—20号窗口; [3, 7] → 3、7号窗口. */
export function windowsText(windows) {
  if (!windows || !windows.length) return "请咨询导办台";
  const sorted = [...windows].sort((a, b) => a - b);
  if (sorted.length === 1) return `${sorted[0]}号窗口`;
  const contiguous = sorted.every((n, i) => i === 0 || n === sorted[i - 1] + 1);
  return contiguous ? `${sorted[0]}—${sorted[sorted.length - 1]}号窗口` : `${sorted.join("、")}号窗口`;
}

/** One scenario as a big list row: name first, then where it is handled. */
export function scenarioRow(scenario, onOpen) {
  // a withdrawn matter says at once that it is handled elsewhere, and where
  const meta = scenario.withdrawn
    ? h("span.item-withdrawn", {}, scenario.withdrawn_text || "本中心不再受理")
    : [windowsText(scenario.windows), scenario.department].filter(Boolean).join(" · ");
  return h("li", {}, h("button.item.btn-plain", {
    type: "button",
    class: scenario.withdrawn ? "item-is-withdrawn" : null,
    dataset: { scenarioId: scenario.id },
    onclick: () => onOpen(scenario),
  }, h("span.item-name", {}, scenario.name), h("span.item-meta", {}, meta)));
}

/** The material checklist (一次性告知) as a numbered list, or what to do when it is empty. */
export function checklist(scenario) {
  const items = scenario.materials || [];
  if (!items.length) {
    return h("p.checklist-empty", {}, `本事项的材料清单暂缺，请到${windowsText(scenario.windows)}咨询`,
      scenario.phone ? `（电话 ${scenario.phone}）` : "", "。");
  }
  return h("ol.checklist", {}, items.map((text) => h("li", {}, text.replace(/^\s*\d+\s*[.．、]\s*/, ""))));
}

export function materialsTitle(scenario) {
  const count = (scenario.materials || []).length;
  return count ? `请带齐以下材料（共 ${count} 项）` : "所需材料";
}
