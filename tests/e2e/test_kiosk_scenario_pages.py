"""Every scenario of the demo catalog on the kiosk's scenario screen, in the four modes
(portrait/landscape × normal/长辈模式): nothing overflows or is clipped, no text is under the
mode's minimum size, every control is a touch target, and the checklist needs as few pages
as the screen allows (a typical checklist, 6 items or fewer, on one page).

One browser page per mode; the test switches scenarios through the kiosk's own router
(History API), without reloading, so the 4 × 166 screens take well under a minute. It
prints how many scenarios need 1, 2, 3… checklist pages in each mode (docs/kiosk.md):

    .venv/bin/python -m pytest tests/e2e/test_kiosk_scenario_pages.py -q

With DOC_IMAGES=<folder> it also keeps a screenshot per mode of 死亡注销户口 and of the
longest checklist (kiosk-checklist-*.png, kiosk-checklist-long-*.png).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import open_page
from tests.e2e.kiosk import HALL, ORIENTATIONS, Kiosk
from tests.support.server import RunningServer

pytestmark = [pytest.mark.e2e, pytest.mark.server]

MIN_TOUCH_PX = 60
# the smallest text of each mode: 18 px, and 长辈模式 scales the root by 3.1/2.4 (base.css,
# kiosk.css), so 18 px × 1.29 ≈ 23 px
MIN_TEXT_PX = {"normal": 18.0, "elder": 23.0}
TYPICAL_ITEMS = 6
TYPICAL_ONE_PAGE_SHARE = 0.97

# Open one scenario through the kiosk's router (as a tap on a result row does: pushState,
# then the router's popstate handler draws it), wait until the pager has measured itself,
# then report every fault of the screen and the checklist's page count.
MEASURE = """
async ([base, id, minText]) => {
  if (id !== null) {  // null: measure the scenario on screen as it is
    history.pushState({depth: 1}, "", `${base}/scenario/${id}`);
    dispatchEvent(new PopStateEvent("popstate", {state: history.state}));
  }
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  await frame(); await frame();
  const name = document.querySelector(".scn-name");
  if (!name) return {error: "no scenario drawn"};
  const faults = [];
  const label = (el) => `${el.tagName.toLowerCase()}.${el.className} «${(el.innerText || "").trim().slice(0, 14)}»`;
  const doc = document.documentElement;
  if (doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth) faults.push("the page scrolls");

  const scn = document.querySelector(".scn");
  const box = scn.getBoundingClientRect();
  const body = scn.querySelector(".pager-body");
  for (const el of document.querySelectorAll(".k-app *, .k-dialog *")) {
    if (el.offsetParent === null && getComputedStyle(el).position !== "fixed") continue;
    const inBody = body.contains(el) && el !== body;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    // nothing outside the screen, and nothing of the scenario outside its area
    if (!inBody) {
      if (r.top < -0.5 || r.left < -0.5 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) {
        faults.push(`off screen: ${label(el)}`);
      } else if (scn.contains(el) && (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5
                 || r.left < box.left - 0.5 || r.right > box.right + 0.5)) {
        faults.push(`outside the scenario's area: ${label(el)}`);
      }
    }
    // no clipped content: only the checklist's pager body may hide what is below
    const clips = style.overflowX !== "visible" || style.overflowY !== "visible";
    if (clips && el !== body) {
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        faults.push(`clipped: ${label(el)} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
      }
    } else if (el === body && el.scrollWidth > el.clientWidth + 1) {
      faults.push("the checklist is wider than its panel");
    }
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (hasText && parseFloat(style.fontSize) < minText) {
      faults.push(`text of ${style.fontSize}: ${label(el)}`);
    }
  }
  // a checklist item is never wider than the list (a long word would run out of the panel)
  for (const li of scn.querySelectorAll(".checklist li")) {
    if (li.scrollWidth > li.clientWidth + 1) faults.push(`item wider than the list: ${label(li)}`);
  }
  // the pager's own count (第 1/N 页) must agree with the panel's size once it has settled
  // (showing its buttons shrinks the panel, which the pager sees a frame later)
  const nav = scn.querySelector(".pager-nav");
  let pages = 0, shown = -1;
  for (let i = 0; i < 10 && shown !== pages; i += 1) {
    if (i) await frame();
    const room = body.scrollHeight - body.clientHeight;
    const step = Math.max(40, Math.round(body.clientHeight * 0.9));
    pages = room > 2 ? Math.ceil(room / step) + 1 : 1;
    shown = nav.hidden ? 1 : parseInt((nav.querySelector(".pager-info").textContent.match(/\\/(\\d+)/) || [])[1], 10);
  }
  if (shown !== pages) faults.push(`the pager says ${shown} pages, the panel needs ${pages}`);
  return {name: name.textContent, pages, faults, listHeight: body.clientHeight};
}
"""


# the home screen's hint (请输入拼音或首字母…) is shown whole, inside its field
PLACEHOLDER = """
(el) => {
  const field = el.closest(".search-field").getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(el);
  const text = range.getBoundingClientRect();
  return {text: el.textContent, scroll: el.scrollWidth, client: el.clientWidth,
          box: [text.left, text.top, text.right, text.bottom], field: [field.left, field.top, field.right, field.bottom],
          whole: el.textContent.length > 0 && el.scrollWidth <= el.clientWidth
                 && text.left >= field.left && text.right <= field.right
                 && text.top >= field.top && text.bottom <= field.bottom};
}
"""


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("orientation", list(ORIENTATIONS))
def test_every_scenario_fits_its_screen(
    chromium: Browser, kiosk_server: RunningServer, catalog: dict, orientation: str, elder: bool,
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    mode = "elder" if elder else "normal"
    page, errors = open_page(chromium, ORIENTATIONS[orientation])
    kiosk = Kiosk(page, kiosk_server.url)
    try:
        kiosk.open()
        if elder:
            kiosk.tap("[data-action=elder]")
            expect(page.locator("html")).to_have_class("elder")
        hint = page.locator(".search-placeholder").evaluate(PLACEHOLDER)
        assert hint["whole"], f"{orientation} {mode}: the search field's hint is cut off: {hint}"
        base = f"/kiosk/{HALL}"
        pages: dict[int, int] = {}
        faults: list[str] = []
        small: list[str] = []
        for scenario in catalog["scenarios"]:
            result = page.evaluate(MEASURE, [base, scenario["id"], MIN_TEXT_PX[mode]])
            assert "error" not in result, f"{scenario['name']}: {result}"
            assert result["name"] == scenario["name"]
            pages[scenario["id"]] = result["pages"]
            faults += [f"{scenario['name']}: {fault}" for fault in result["faults"]]
            small += [f"{scenario['name']}: {c}" for c in kiosk.visible_controls()
                      if c["height"] < MIN_TOUCH_PX or c["width"] < MIN_TOUCH_PX]
        if elder:
            # 长辈模式 switched on while a checklist is on screen lays it out as a fresh
            # screen does (the pager does not keep buttons it no longer needs)
            typical_ids = [s["id"] for s in catalog["scenarios"] if len(s["materials"]) <= TYPICAL_ITEMS]
            longest_fit = max((i for i in typical_ids if pages[i] == 1),
                              key=lambda i: sum(map(len, by_id(catalog, i)["materials"])))
            for scenario_id in (by_name(catalog, "死亡注销户口")["id"], longest_fit):
                page.evaluate(MEASURE, [base, scenario_id, 0])
                kiosk.tap("[data-action=elder]")
                expect(page.locator("html")).not_to_have_class("elder")
                page.evaluate(MEASURE, [base, None, 0])
                kiosk.tap("[data-action=elder]")
                expect(page.locator("html")).to_have_class("elder")
                again = page.evaluate(MEASURE, [base, None, MIN_TEXT_PX[mode]])
                assert (again["pages"], again["faults"]) == (pages[scenario_id], []), (
                    f"{again['name']} after switching 长辈模式 on: {again}")
        # the example and a long checklist, for the eye (DOC_IMAGES=docs/images keeps them)
        for name, label in (("死亡注销户口", "checklist"), ("保障性住房服务工作", "checklist-long")):
            page.evaluate(MEASURE, [base, by_name(catalog, name)["id"], 0])
            page.screenshot(path=str(Path(os.environ.get("DOC_IMAGES") or tmp_path)
                                     / f"kiosk-{label}-{orientation}-{mode}.png"),
                            animations="disabled", caret="hide")
    finally:
        page.context.close()

    by_pages = Counter(pages.values())
    typical = [s for s in catalog["scenarios"] if len(s["materials"]) <= TYPICAL_ITEMS]
    with capsys.disabled():  # the figures of docs/kiosk.md, shown without -s
        print(f"\n{orientation} {mode}: {len(pages)} scenarios; checklist pages "
              + ", ".join(f"{n}: {by_pages[n]}" for n in sorted(by_pages))
              + f"; on one page {by_pages[1] / len(pages):.0%}, at most {max(by_pages)}"
              + f"; ≤ {TYPICAL_ITEMS} items on one page {sum(pages[s['id']] == 1 for s in typical)}/{len(typical)}")
    assert not errors, f"JavaScript errors or CSP violations: {errors}"
    assert not faults, f"{orientation} {mode}: {len(faults)} faults: {faults[:20]}"
    assert not small, f"{orientation} {mode}: controls smaller than {MIN_TOUCH_PX} px: {small[:10]}"
    # the example: 4 items that needed 4 pages in landscape 长辈模式
    assert pages[by_name(catalog, "死亡注销户口")["id"]] == 1
    # a typical checklist fits on one page; the few longest of them (near 200 characters)
    # may take a second page in landscape 长辈模式, never a third
    one_page = [s for s in typical if pages[s["id"]] == 1]
    assert len(one_page) >= TYPICAL_ONE_PAGE_SHARE * len(typical), (
        f"{orientation} {mode}: only {len(one_page)}/{len(typical)} checklists of ≤ {TYPICAL_ITEMS} items on one page")
    assert max(pages[s["id"]] for s in typical) <= 2


def by_name(catalog: dict, name: str) -> dict:
    return next(s for s in catalog["scenarios"] if s["name"] == name)


def by_id(catalog: dict, scenario_id: int) -> dict:
    return next(s for s in catalog["scenarios"] if s["id"] == scenario_id)
