// The ticket just taken: the number very large, the window, how many are ahead, the
// printing status, the QR code and the checklist. If the printer does not confirm within
// PRINT_DEADLINE_MS of the press, the visitor is told plainly that the number still counts.
import { ApiError } from "../api.js";
import { button, h } from "../dom.js";
import { checklist, materialsTitle, windowsText } from "../format.js";
import { pager } from "../pager.js";

export const PRINT_DEADLINE_MS = 2500;
const POLL_MS = 300;
const POLL_FOR_MS = 15000;

const PRINTED = "请取走您的排队小票";
const PRINTING = "正在打印…";
const FAILED = "打印失败，您的号码仍然有效，请拍照或扫码保存";
const NO_PRINTER = "本机未连接打印机，请拍照或扫码保存您的号码";
// a word for the visitor (and the staff member they call over) on what went wrong
const FAULTS = {
  offline: "打印机未连接，请告知工作人员",
  paper_out: "打印机缺纸，请告知工作人员",
  timeout: "打印机没有响应，请告知工作人员",
  error: "打印机故障，请告知工作人员",
};

/** What the printing line says: the job's status, and whether the grace time is over. */
export function printView(status, overdue) {
  if (status === "printed") return { state: "printed", text: PRINTED, detail: "" };
  if (status === "none") return { state: "failed", text: NO_PRINTER, detail: "" };
  if (status === "pending" && !overdue) return { state: "pending", text: PRINTING, detail: "" };
  return { state: "failed", text: FAILED, detail: FAULTS[status] || "" };
}

// the ticket's token, kept for this visit so that a reload of the ticket screen can read it
const tokenKey = (id) => `bianmin.kiosk.ticket.${id}`;

function rememberToken(ticket) {
  try {
    if (ticket.token) sessionStorage.setItem(tokenKey(ticket.id), ticket.token);
  } catch (error) {
    // storage full or disabled: polling still works with the token in memory
  }
}

function rememberedToken(id) {
  try {
    return sessionStorage.getItem(tokenKey(id)) || undefined;
  } catch (error) {
    return undefined;
  }
}

export function renderTicket(view, ctx, id, data) {
  let ticket = data.ticket && data.ticket.id === Number(id) ? data.ticket : null;
  const token = ticket ? ticket.token : rememberedToken(id);
  if (ticket) rememberToken(ticket);
  // an address typed in has no press time: give the printer the same grace from now
  const pressedAt = typeof data.pressedAt === "number" ? data.pressedAt : Date.now();
  const deadline = pressedAt + PRINT_DEADLINE_MS;
  let timer = null;
  let panel = null;
  let stopped = false;
  const started = Date.now();

  const printBox = h("div.tkt-print", { role: "status", "aria-live": "assertive" });
  const printDetail = h("p.tkt-print-detail");
  const ahead = h("b.tkt-ahead-count");
  const wait = h("p.tkt-wait");
  const countdown = h("span.tkt-countdown");

  function showPrint() {
    const shown = printView(ticket.print && ticket.print.status, Date.now() >= deadline);
    printBox.dataset.state = shown.state;
    printBox.textContent = shown.text;
    printDetail.textContent = shown.detail;
  }

  function draw() {
    // the checklist as the ticket carries it; the catalog's copy for older servers
    const known = ctx.catalog.scenario(ticket.scenario && ticket.scenario.id) || {};
    const scenario = { ...known, windows: ticket.windows, materials: ticket.materials || known.materials || [] };
    const names = (ticket.window_details || []).map((w) => w.name).filter(Boolean);
    panel = pager(checklist(scenario), { className: "tkt-pager" });
    view.append(h("section.tkt", { dataset: { ticketId: ticket.id } },
      h("div.tkt-main", {},
        h("p.tkt-label", {}, ticket.priority === "green" ? "绿色通道 · 您的排队号" : "您的排队号"),
        h("p.tkt-number", {}, ticket.number),
        h("p.tkt-scenario", {}, ticket.scenario && ticket.scenario.name),
        h("p.tkt-window", {}, "请到 ", h("b.tkt-windows", {}, windowsText(ticket.windows)), " 办理",
          names.length ? h("small", {}, `（${[...new Set(names)].join("、")}）`) : null),
        h("p.tkt-ahead", {}, "前面还有 ", ahead, " 人"),
        wait,
        printBox, printDetail),
      h("figure.tkt-qr", {},
        h("img", { src: ticket.qr_svg_url, alt: "排队号二维码", width: 240, height: 240, onerror: (e) => { e.target.closest("figure").hidden = true; } }),
        h("figcaption", {}, "扫码查看排队进度")),
      h("section.tkt-list", {}, h("h3.scn-list-title", {}, materialsTitle(scenario)), panel.root),
      h("div.tkt-foot", {}, countdown, button("tkt-done btn-primary", "完成，返回首页", () => ctx.endVisit()))));
    update();
  }

  function update() {
    ahead.textContent = String(ticket.ahead ?? 0);
    wait.textContent = ticket.wait ? `预计等候${ticket.wait.text}` : "";
    wait.hidden = !ticket.wait;
    showPrint();
  }

  async function poll() {
    if (stopped) return;
    const settled = ticket.print && ticket.print.status !== "pending";
    if (settled || Date.now() - started > POLL_FOR_MS) {
      showPrint();
      return;
    }
    try {
      ticket = await ctx.api.ticket(ticket.id, { timeoutMs: 2000, token });
      if (!stopped) update();
    } catch (error) {
      // the deadline still turns "正在打印" into the failure text below
      if (!stopped) showPrint();
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  }

  // turn "正在打印…" into the failure text exactly at the deadline, even between polls
  const deadlineTimer = setTimeout(() => { if (ticket && !stopped) showPrint(); }, Math.max(0, deadline - Date.now()));

  ctx.idle.arm(ctx.config.ticket_seconds, (left) => {
    countdown.textContent = `${left} 秒后自动返回首页`;
  });

  if (ticket) {
    draw();
    poll();
  } else {
    view.append(h("p.k-loading", {}, "正在加载…"));
    ctx.api.ticket(id, { token }).then((found) => {
      if (stopped) return;
      ticket = found;
      view.replaceChildren();
      draw();
      poll();
    }).catch((error) => {
      view.replaceChildren(h("p.k-message", {}, error instanceof ApiError ? error.message : "网络连接中断，请稍候再试。"));
    });
  }

  return {
    destroy() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(deadlineTimer);
      if (panel) panel.destroy();
    },
  };
}
