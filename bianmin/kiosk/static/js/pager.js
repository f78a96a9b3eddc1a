// A panel that scrolls within itself, with big 上一页/下一页 buttons and "第 2/3 页":
// elderly visitors manage large buttons better than a thin scrollbar. The buttons hide
// when everything fits, and a fade at the bottom shows that more is below.
import { button, h } from "./dom.js";

export function pager(content, { className = "" } = {}) {
  const body = h("div.pager-body", { tabindex: "-1" }, content);
  const info = h("span.pager-info", { "aria-live": "polite" });
  const prev = button("pager-prev btn-plain", "▲ 上一页", () => turn(-1));
  const next = button("pager-next btn-plain", "下一页 ▼", () => turn(1));
  const nav = h("div.pager-nav", { hidden: true }, prev, info, next);
  const root = h("div.pager", { class: className }, body, nav);

  const step = () => Math.max(40, Math.round(body.clientHeight * 0.9));

  function turn(direction) {
    body.scrollBy({ top: direction * step(), behavior: "smooth" });
  }

  function update() {
    const room = body.scrollHeight - body.clientHeight;
    // paged only if the content does not fit the whole panel: measured against the body
    // alone, buttons shown once (the panel grew a line taller) would keep themselves shown
    const paged = body.scrollHeight > root.clientHeight + 2;
    nav.hidden = !paged;
    root.classList.toggle("pager-paged", paged);
    if (!paged) return;
    const atStart = body.scrollTop <= 2;
    const atEnd = body.scrollTop >= room - 2;
    const total = Math.ceil(room / step()) + 1;
    const page = atEnd ? total : Math.min(total, Math.floor(body.scrollTop / step() + 0.5) + 1);
    prev.disabled = atStart;
    next.disabled = atEnd;
    root.classList.toggle("pager-more", !atEnd);
    info.textContent = `第 ${page}/${total} 页`;
  }

  body.addEventListener("scroll", update, { passive: true });
  const observer = new ResizeObserver(update);
  observer.observe(body);
  let watched = null; // the content; unobserved when replaced, so a kiosk running for weeks keeps no old lists
  function watch(element) {
    if (watched) observer.unobserve(watched);
    watched = element instanceof Element ? element : null;
    if (watched) observer.observe(watched);
  }
  watch(content);

  return {
    root,
    body,
    update,
    /** Show new content from the top (search results replace each other). */
    replace(next) {
      body.replaceChildren(next);
      body.scrollTop = 0;
      watch(next);
      update();
    },
    destroy() {
      observer.disconnect();
    },
  };
}
