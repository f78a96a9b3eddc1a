// Drawing the window's state (GET /api/v1/windows/<n>): the current ticket with its
// checklist, the waiting line and today's counts. Pure drawing: no requests here.

import { h, replace } from "../../../static/js/dom.js";

export function timeFormatter(timezone) {
  const format = new Intl.DateTimeFormat("zh-CN", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hour12: false });
  return (iso) => (iso ? format.format(new Date(iso)) : "");
}

export function minutesSince(iso, now = Date.now()) {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60000));
}

function waited(iso) {
  const minutes = minutesSince(iso);
  if (minutes < 1) return "刚取号";
  if (minutes < 60) return `已等 ${minutes} 分钟`;
  return `已等 ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分`;
}

export function renderCounts(el, counts, ratings) {
  replace(el,
    h("span.c-count", {}, "今日 已叫 ", h("b", {}, counts.called)),
    h("span.c-count", {}, "办结 ", h("b", {}, counts.served)),
    h("span.c-count", {}, "过号 ", h("b", {}, counts.no_show)),
    h("span.c-count", {}, "转出 ", h("b", {}, counts.transferred)),
    ...renderRatings(ratings));
}

// 好差评: did the last finished visitor rate, and the window's satisfaction today
function renderRatings(ratings) {
  if (!ratings) return [];
  const today = ratings.today;
  const share = today.count ? `${Math.round(today.share * 100)}%` : "—";
  const last = ratings.last_finished;
  return [
    h("span.c-count", { id: "satisfaction" }, "满意率 ", h("b", {}, share), ` (${today.count}评)`),
    last ? h(`span.c-count.c-rated${last.rated ? ".is-rated" : ""}`, { id: "last-rated" },
      `${last.number} `, last.rated ? "已评价" : "未评价") : null,
  ];
}

function fact(label, value) {
  if (!value) return null;
  return h("div.c-fact", {}, h("dt", {}, label), h("dd", {}, value));
}

export function renderCurrent(el, state, time) {
  const ticket = state.current;
  const reason = state.window.pause_reason;
  const paused = state.window.paused
    ? h("div.c-paused", { role: "status" },
      h("strong", {}, reason ? "暂停中：" : "本窗口暂停服务中"),
      reason ? h("span.c-paused-reason", {}, reason) : null,
      ` · 自 ${time(state.window.paused_at)} 起 · 按 F8 或点“恢复服务”继续叫号`)
    : null;
  if (!ticket) {
    const last = state.last_notice;
    replace(el, paused, h("div.c-idle",
      {}, h("p.c-idle-title", {}, "当前没有办理中的号"),
      h("p.c-idle-hint", {}, state.window.paused ? "恢复服务后才能叫号。"
        : state.waiting_total ? `有 ${state.waiting_total} 人在等候，按 F1 或空格键叫下一位。` : "暂时没有人排队。"),
      last ? h("p.c-last-notice", {}, `上一份：${last.title} ${last.number}（${last.ticket_number} 号）`,
        h("button.btn-plain.c-notice-button", { type: "button", id: "last-notice" }, "查看 / 补打")) : null));
    return;
  }
  const chips = [
    h(`span.c-chip.c-chip-${ticket.status}`, {}, ticket.status_label),
    ticket.green ? h("span.c-chip.c-chip-green", {}, "绿色通道") : null,
    ticket.recall_count ? h("span.c-chip", {}, `已重呼 ${ticket.recall_count} 次`) : null,
    ticket.transferred_from ? h("span.c-chip", {}, `由 ${ticket.transferred_from} 转来`) : null,
  ];
  const materials = ticket.materials.length
    ? h("ol.c-materials", {}, ticket.materials.map((m) => h("li", {}, m)))
    : h("p.c-empty", {}, "目录中没有列出办理要件，请按实际情况告知。");
  replace(el,
    paused,
    h("div.c-ticket-head", {},
      h("span.c-number", { "aria-label": `当前号 ${ticket.number}` }, ticket.number),
      h("div.c-chips", {}, chips)),
    h("h3.c-scenario", {}, ticket.scenario.name),
    h("dl.c-facts", {},
      fact("事项", ticket.matter !== ticket.scenario.name ? ticket.matter : ""),
      fact("办理时限", ticket.time_limit),
      fact("本中心", ticket.role_label),
      fact("取号", time(ticket.issued_at)),
      fact("叫号", time(ticket.called_at)),
      fact("开始办理", time(ticket.started_at))),
    ticket.notice ? h("p.c-notice", {}, ticket.notice) : null,
    h("h4.c-materials-title", {}, `办理要件（${ticket.materials.length} 项，一次性告知）`),
    materials);
}

export function renderWaiting(listEl, queuesEl, titleEl, state) {
  titleEl.textContent = `排队等候 ${state.waiting_total} 人`;
  queuesEl.textContent = state.queues.length
    ? "本窗口叫号的队列：" + state.queues.map((q) => `${q.prefix}（${q.name}）`).join("、")
    : "本窗口不属于任何队列，没有号可叫。";
  if (!state.waiting.length) {
    replace(listEl, h("li.c-empty", {}, "没有人在等候"));
    return;
  }
  const more = state.waiting_total - state.waiting.length;
  replace(listEl,
    state.waiting.map((w, i) => h(`li.c-waiting-item${w.green ? ".c-waiting-green" : ""}`,
      { dataset: { ticket: w.id } },
      h("span.c-waiting-number", {}, w.number),
      h("span.c-waiting-text", {},
        h("span.c-waiting-scenario", {}, w.scenario),
        h("span.c-waiting-meta", {},
          [i === 0 ? "下一位" : null, w.green ? "绿色通道" : null,
           w.for_this_window ? "转给本窗口" : null, waited(w.queued_since)].filter(Boolean).join(" · "))))),
    more > 0 ? h("li.c-more", {}, `还有 ${more} 人未列出`) : null);
}

// 挂起中: each held ticket with when its hold runs out and a big 回叫 button
export function renderHeld(boxEl, listEl, state, time, onCallBack, now = Date.now()) {
  const held = state.held || [];
  boxEl.hidden = !held.length;
  replace(listEl, held.map((t) => {
    const expired = new Date(t.until).getTime() <= now;
    const button = h("button.btn-primary.c-held-back", {
      type: "button", dataset: { ticket: t.id },
      disabled: Boolean(state.current) || state.window.paused,
      title: state.current ? `请先办结、过号、挂起或转移 ${state.current.number} 号，再回叫。` : "",
      onclick: () => onCallBack(t),
    }, "回叫");
    return h(`li.c-held-item${expired ? ".is-expired" : ""}`, { dataset: { ticket: t.id } },
      h("span.c-waiting-number", {}, t.number),
      h("span.c-waiting-text", {},
        h("span.c-waiting-scenario", {}, t.scenario),
        h("span.c-waiting-meta", {}, expired ? "挂起已超时，将按过号处理"
          : `${time(t.held_at)} 挂起 · 保留至 ${time(t.until)}`)),
      button);
  }));
}

/** Which actions make sense now; a reason in Chinese for each that does not. */
export function availability(state) {
  const ticket = state.current;
  const called = ticket && ticket.status === "called";
  const none = "当前没有已叫的号，请先叫号。";
  return {
    call: state.window.paused ? "本窗口已暂停服务，请先恢复服务。"
      // with nobody listed it still asks the server: a ticket may have come in just now
      : ticket ? `请先办结、过号、挂起或转移 ${ticket.number} 号，再叫下一位。` : null,
    recall: !ticket ? none : called ? null : `${ticket.number} 号已开始办理，无需重呼。`,
    start: !ticket ? none : called ? null : `${ticket.number} 号已经在办理中。`,
    finish: ticket ? null : none,
    noShow: !ticket ? none : called ? null : "已开始办理的号不能过号，请办结或转移。",
    transfer: ticket ? null : none,
    hold: ticket ? null : none,
    pick: state.window.paused ? "本窗口已暂停服务，请先恢复服务。"
      : ticket ? `请先办结、过号、挂起或转移 ${ticket.number} 号，再选叫。`
        : state.waiting.length ? null : "没有人在等候，无号可选。",
    requeue: null,
    pause: null,
  };
}
