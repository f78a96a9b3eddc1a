// What the 事项目录 and 窗口与队列 pages share: per-field messages from the server, the
// question asked when a change would strand waiting visitors (409 would_strand), files as base64.

import { h, replace } from "../../../static/js/dom.js";

export function clearErrors(form) {
  for (const el of form.querySelectorAll(".c-error")) el.textContent = "";
}

/** The server's message for each refused field, under that field; true if any was shown. */
export function showFieldErrors(form, error) {
  clearErrors(form);
  const fields = (error.details && error.details.fields) || [];
  let shown = false;
  for (const { field, problem } of fields) {
    const slot = form.querySelector(`.c-error[data-for="${field}"]`);
    if (slot) {
      slot.textContent = error.message && fields.length === 1 ? error.message : problem;
      shown = true;
    }
  }
  return shown;
}

/** Ask what to do with the waiting visitors; resolves {waiting, move_to} or null (cancelled). */
export function askAboutWaiting(error, queues) {
  const dialog = document.getElementById("strand");
  const form = document.getElementById("strand-form");
  document.getElementById("strand-message").textContent = error.message;
  const leaving = new Set((error.details && error.details.queue_ids) || []);
  replace(document.getElementById("strand-target"), queues
    .filter((q) => q.active && !leaving.has(q.id) && q.active_windows.length)
    .map((q) => h("option", { value: q.prefix }, `${q.prefix} ${q.name}`)));
  form.elements.waiting.value = "keep";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "ok") return resolve(null);
      const waiting = form.elements.waiting.value;
      resolve(waiting === "move_to" ? { waiting, move_to: form.elements.move_to.value } : { waiting });
    }, { once: true });
    dialog.showModal();
  });
}

export async function fileAsBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
