// Browsing without typing: a domain's scenarios, the list of windows, a window's scenarios.
import { h } from "../dom.js";
import { scenarioRow, windowsText } from "../format.js";
import { pager } from "../pager.js";

function listScreen(view, title, subtitle, rows) {
  const panel = pager(h("ul.items", {}, rows));
  view.append(h("section.list", {},
    h("div.list-head", {}, h("h2.list-title", {}, title), subtitle ? h("p.list-sub", {}, subtitle) : null),
    panel.root));
  return { destroy: panel.destroy };
}

export function renderScenarios(view, ctx, title, scenarios) {
  const open = (s) => ctx.router.go(`/scenario/${s.id}`);
  const subtitle = scenarios.length ? `共 ${scenarios.length} 项，请点选您要办理的事项` : "这里暂时没有可办理的事项";
  return listScreen(view, title, subtitle, scenarios.map((s) => scenarioRow(s, open)));
}

export function renderDomain(view, ctx, key) {
  const tile = ctx.catalog.domains().find((d) => d.key === key);
  return renderScenarios(view, ctx, tile ? tile.name : key, ctx.catalog.inDomain(key));
}

export function renderQueue(view, ctx, id) {
  const queue = ctx.catalog.queue(id);
  const title = queue ? `${windowsText(queue.windows)}${queue.domain ? ` · ${queue.domain}` : ""}` : "窗口";
  return renderScenarios(view, ctx, title, ctx.catalog.inQueue(id));
}

export function renderWindows(view, ctx) {
  const rows = ctx.catalog.queues().map((q) => h("li", {}, h("button.item.btn-plain", {
    type: "button",
    dataset: { queueId: q.id },
    onclick: () => ctx.router.go(`/queue/${q.id}`),
  }, h("span.item-name", {}, windowsText(q.windows)),
  h("span.item-meta", {}, [q.domain, `${q.count} 项`].filter(Boolean).join(" · ")))));
  return listScreen(view, "按窗口查找", "请点选窗口，查看该窗口办理的事项", rows);
}
