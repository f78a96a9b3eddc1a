// The hall switcher of a county manager (统计报表, 实时概况): GET /halls lists every hall
// for a county account and only the own hall for a hall's manager, who sees no switcher.
// Picking a hall opens the same page for it (?hall=code).

import { api, config } from "./common.js";
import { h, replace } from "../../../static/js/dom.js";

export async function hallsPicker(box, select) {
  if (!box || !select) return;
  let answer;
  try {
    answer = await api("/halls");
  } catch (error) {
    return; // the banner says why; the page stays on its hall
  }
  if (!answer.county || answer.halls.length < 2) return;
  replace(select, answer.halls.map((hall) => h("option", {
    value: hall.code, selected: hall.code === config.hall }, `${hall.name}（${hall.code}）`)));
  select.addEventListener("change", () => {
    // the own hall needs no ?hall= (and its dashboard listens live)
    location.assign(select.value === answer.home ? location.pathname
      : `?${new URLSearchParams({ hall: select.value })}`);
  });
  box.hidden = false;
}
