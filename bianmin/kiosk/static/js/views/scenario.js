// One scenario: the whole checklist (一次性告知), the notice as a warning, time limit,
// window, who finishes it, the window's phone, and the 取号 / 绿色通道 buttons.
import { ApiError, NetworkError } from "../api.js";
import { button, h } from "../dom.js";
import { checklist, materialsTitle, windowsText } from "../format.js";
import { guideButton, guideSections, openGuide } from "../guide.js";
import { pager } from "../pager.js";
import { issueTicket, newRequestId } from "../take.js";

const GREEN_HELP = "绿色通道为老年人、残疾人、孕妇等特殊群体优先办理。"
  + "请在窗口出示身份证、残疾证等相关证件，由工作人员核实；不符合条件的按普通号顺序办理。";

function fact(label, value, cls = "") {
  return h("div.fact", { class: cls }, h("dt", {}, label), h("dd", {}, value));
}

// each number whole on its line: "0999-3176032", never "0999-" and "3176032"
function phones(text) {
  return text.split(/\s+/).filter(Boolean).flatMap((number, i) => (i ? [" "] : []).concat(h("span.phone", {}, number)));
}

export function renderScenario(view, ctx, id) {
  const scenario = ctx.catalog.scenario(id);
  if (scenario) return draw(view, ctx, scenario);
  // not in the cached catalog (added since it was loaded): ask for this one
  view.append(h("p.k-loading", {}, "正在加载…"));
  let drawn = null;
  ctx.api.scenario(id).then((found) => {
    ctx.catalog.remember(found);
    view.replaceChildren();
    drawn = draw(view, ctx, found);
  }).catch((error) => {
    view.replaceChildren(h("p.k-message", {}, error instanceof ApiError ? error.message : "网络连接中断，请稍候再试。"));
  });
  return { destroy: () => drawn && drawn.destroy() };
}

function draw(view, ctx, scenario) {
  if (scenario.withdrawn) return drawWithdrawn(view, ctx, scenario);
  const panel = pager(checklist(scenario), { className: "scn-pager" });
  const status = h("p.take-status", { role: "status" });
  // before the press: the estimated wait on the 取号 button itself (no extra line: the
  // checklist keeps its room), or, in place of the buttons, why no ticket is issued now
  const normalSub = h("span.take-sub", {}, "打印排队小票");
  const refusal = h("p.take-closed", { role: "alert" });
  const normal = button("take take-normal btn-primary", [h("span.take-label", {}, "取号"), normalSub],
    () => take("normal"));
  const green = button("take take-green btn-green", [h("span.take-label", {}, "绿色通道"), h("span.take-sub", {}, "老年人、残疾人等")],
    () => confirmGreen());
  let pending = null; // {requestId, priority} kept while a press has no answer yet
  let dialog = null;

  const notice = scenario.notice
    ? h("div.scn-notice", { role: "note" }, h("span.scn-notice-mark", { "aria-hidden": "true" }, "!"),
      h("div", {}, h("strong", {}, "办理前请注意"), h("p", {}, scenario.notice)))
    : null;
  const windowsNote = (scenario.windows || []).length > 1 ? h("small", {}, "任一窗口均可办理") : null;

  const info = h("div.scn-info", {},
    h("header.scn-head", {},
      h("h2.scn-name", {}, scenario.name),
      h("p.scn-meta", {}, [scenario.department, scenario.matter !== scenario.name ? scenario.matter : null].filter(Boolean).join(" · "))),
    notice,
    h("dl.scn-facts", {},
      fact("办理窗口", [h("span.scn-windows", {}, windowsText(scenario.windows)), windowsNote], "fact-window"),
      fact("办理时限", (scenario.time_limit && scenario.time_limit.text) || "以窗口告知为准"),
      fact("办理方式", scenario.role_label || "请咨询窗口"),
      fact("咨询电话", scenario.phone ? phones(scenario.phone) : "请咨询导办台")),
    guideButton(scenario, () => showGuide()));
  const article = h("article.scn", {}, info,
    h("section.scn-list", {}, h("h3.scn-list-title", {}, materialsTitle(scenario)), panel.root),
    h("div.scn-actions", {}, normal, green,
      refusal,
      h("p.green-help", {}, "绿色通道：老年人、残疾人、孕妇等特殊群体优先办理，请在窗口出示证件，由工作人员核实。"),
      status));
  view.append(article);
  // The layout gives way step by step when the text outgrows the screen (长辈模式, a long
  // name, notice or checklist): first the name gets smaller and the green-channel sentence
  // (also in the 绿色通道 dialog) goes; then the checklist's lines move closer; then, in
  // landscape, the checklist takes more of the width; or, in landscape, the buttons move
  // under the checklist so the facts have the whole left column.
  // The first step where the facts fit and the checklist needs no paging wins, else the one
  // that fits the facts; measured whenever the screen area changes size (orientation,
  // 长辈模式), never guessed from text lengths.
  const steps = ["", "scn-compact", "scn-compact scn-dense", "scn-compact scn-dense scn-wide", "scn-compact scn-tight"];
  const fit = () => {
    let best = null;
    for (const [level, classes] of steps.entries()) {
      article.className = `scn ${classes}`.trim();
      // facts too tall for their column, or a phone number or button text too wide
      const infoOver = info.scrollHeight > info.clientHeight + 1 || article.scrollWidth > article.clientWidth + 1;
      const listOver = panel.body.scrollHeight > panel.root.clientHeight + 2;
      const score = Number(infoOver) * 100 + Number(listOver) * 10 + level;
      if (!best || score < best.score) best = { score, classes };
      if (!infoOver && !listOver) break;
    }
    article.className = `scn ${best.classes}`.trim();
  };
  const sizes = new ResizeObserver(fit);
  sizes.observe(article);
  fit();

  let refused = false;
  function showIssuing(state) {
    refused = !state.issuing;
    normal.disabled = green.disabled = refused;
    refusal.textContent = refused ? state.message : "";
    normal.hidden = green.hidden = refused;
    const wait = state.wait;
    normalSub.textContent = !refused && wait ? `预计等候${wait.text}` : "打印排队小票";
    normal.dataset.ahead = wait ? String(wait.ahead) : "";
    if (article.isConnected) fit();
  }
  ctx.api.issuing({ scenario_id: String(scenario.id) }).then(showIssuing).catch(() => {});

  function busy(on, text = "") {
    normal.disabled = green.disabled = on || refused;
    status.textContent = text;
    status.classList.remove("take-error");
    fit(); // a message takes room
  }

  async function take(priority) {
    if (normal.disabled) return; // a second tap while the first is in flight
    if (!pending || pending.priority !== priority) pending = { requestId: newRequestId(), priority };
    const pressedAt = Date.now(); // wall clock: the ticket screen may be a reload away
    busy(true, "正在取号，请稍候…");
    try {
      const ticket = await issueTicket(ctx.api, {
        scenario_id: scenario.id, priority, request_id: pending.requestId, kiosk: ctx.kioskName,
      });
      pending = null;
      ctx.router.replace(`/ticket/${ticket.id}`, { ticket, pressedAt });
    } catch (error) {
      busy(false);
      status.classList.add("take-error");
      if (error instanceof NetworkError) {
        status.textContent = "网络连接中断，没有取到号。请再按一次重试，或咨询导办台工作人员。";
        // the same press is retried: keep pending.requestId so no second ticket appears
      } else {
        pending = null;
        status.textContent = error instanceof ApiError ? error.message : "取号未成功，请咨询导办台工作人员。";
        // closed meanwhile, or the day's numbers ran out: say so in place of the buttons
        if (error instanceof ApiError && ["hall_closed", "long_matter_closed", "queue_full"].includes(error.code)) {
          status.textContent = "";
          showIssuing({ issuing: false, message: error.message });
          if (ctx.checkIssuing) ctx.checkIssuing();
        }
        if (!(error instanceof ApiError)) throw error;
      }
    } finally {
      if (article.isConnected) fit();
    }
  }

  function closeDialog() {
    if (dialog) dialog.remove();
    dialog = null;
  }

  let guide = null;
  function showGuide() {
    if (!guide) guide = openGuide(scenario, () => { guide = null; });
  }

  function confirmGreen() {
    closeDialog();
    dialog = h("div.k-dialog", { role: "dialog", "aria-modal": "true", "aria-labelledby": "green-title" },
      h("div.k-dialog-box", {},
        h("h3.k-dialog-title", { id: "green-title" }, "绿色通道"),
        h("p.k-dialog-text", {}, GREEN_HELP),
        h("div.k-dialog-actions", {},
          button("btn-green green-confirm", "确认，取绿色通道号", () => { closeDialog(); take("green"); }),
          button("btn-plain green-cancel", "不是，返回", closeDialog))));
    document.body.append(dialog);
  }

  return {
    destroy() {
      closeDialog();
      if (guide) guide.close();
      sizes.disconnect();
      panel.destroy();
    },
  };
}

// A matter the hall no longer handles: where to go instead, its guide if any, no 取号.
function drawWithdrawn(view, ctx, scenario) {
  const guide = scenario.guide || [];
  const panel = guide.length ? pager(guideSections(guide), { className: "scn-pager" }) : null;
  view.append(h("article.scn.scn-withdrawn", {},
    h("div.scn-info", {},
      h("header.scn-head", {},
        h("h2.scn-name", {}, scenario.name),
        h("p.scn-meta", {}, [scenario.department, scenario.matter && scenario.matter !== scenario.name ? scenario.matter : null]
          .filter(Boolean).join(" · "))),
      h("div.withdrawn-box", { role: "note" },
        h("p.withdrawn-title", {}, "本中心不再受理"),
        h("p.withdrawn-where", {}, "请到：", h("strong", {}, scenario.handed_to || "导办台咨询承接单位")),
        h("p.withdrawn-note", {}, "此事项已由上述单位办理，在本机不能取号。如有疑问，请咨询导办台工作人员。")),
      button("withdrawn-back btn-plain", "返回重新查找", () => ctx.router.home())),
    panel ? h("section.scn-list", {}, h("h3.scn-list-title", {}, "办事指南"), panel.root) : null));
  return { destroy: () => panel && panel.destroy() };
}
