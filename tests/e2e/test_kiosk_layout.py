"""Screens are for people: every control is a touch target of at least 60 px, nothing
needs page scrolling, text stays readable; in portrait and landscape, with and without
长辈模式."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.kiosk import Kiosk

pytestmark = [pytest.mark.e2e, pytest.mark.server]

MIN_TOUCH_PX = 60
MIN_TEXT_PX = 18

# controls inside these panels scroll with them; everything else must be on screen
SCROLLING_PANELS = ".pager-body, .ime-strip"


def check_screen(kiosk: Kiosk, name: str) -> None:
    page = kiosk.page
    small = [c for c in kiosk.visible_controls()
             if c["height"] < MIN_TOUCH_PX or c["width"] < MIN_TOUCH_PX]
    assert not small, f"{name}: controls smaller than {MIN_TOUCH_PX} px: {small}"

    overflow = page.evaluate(
        """() => ({page: document.documentElement.scrollHeight - innerHeight,
                   wide: document.documentElement.scrollWidth - innerWidth})""")
    assert overflow["page"] <= 0 and overflow["wide"] <= 0, f"{name}: the page scrolls: {overflow}"

    outside = page.evaluate(
        """(panels) => [...document.querySelectorAll('button, a, h1, h2, .search-field, .tkt-number')]
            .filter(el => el.offsetParent !== null && !el.closest(panels))
            .filter(el => { const r = el.getBoundingClientRect();
                            return r.top < 0 || r.left < 0 || r.bottom > innerHeight + 0.5
                                   || r.right > innerWidth + 0.5; })
            .map(el => el.className + ' ' + el.innerText.trim().slice(0, 12))""", SCROLLING_PANELS)
    assert not outside, f"{name}: cut off by the screen edge: {outside}"

    tiny = page.evaluate(
        """(limit) => [...document.querySelectorAll('body *')]
            .filter(el => el.offsetParent !== null && [...el.childNodes].some(
                n => n.nodeType === 3 && n.textContent.trim()))
            .filter(el => parseFloat(getComputedStyle(el).fontSize) < limit)
            .map(el => el.tagName + '.' + el.className + ' ' + el.innerText.trim().slice(0, 12))""",
        MIN_TEXT_PX)
    assert not tiny, f"{name}: text smaller than {MIN_TEXT_PX} px: {tiny}"


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_every_screen_fits_with_big_touch_targets(kiosk: Kiosk, elder: bool) -> None:
    kiosk.open()
    if elder:
        kiosk.tap("[data-action=elder]")
    check_screen(kiosk, "home")

    kiosk.type("gaoling")
    expect(kiosk.candidate("高龄")).to_be_visible()
    check_screen(kiosk, "results with candidates")

    kiosk.tap('.key[data-key="clear"]')
    kiosk.tap('.tile[data-domain="社会救助"]')
    expect(kiosk.page.locator(".list-title")).to_have_text("社会救助")
    check_screen(kiosk, "domain list")

    kiosk.tap("[data-action=home]")
    kiosk.tap(".tile-windows")
    expect(kiosk.page.locator(".list-title")).to_have_text("按窗口查找")
    check_screen(kiosk, "window list")

    kiosk.open("/")
    kiosk.type("csdj")
    kiosk.tap(kiosk.result("出生登记"))
    expect(kiosk.page.locator(".scn-name")).to_have_text("出生登记")
    check_screen(kiosk, "scenario")

    kiosk.tap(".take-green")
    expect(kiosk.page.locator(".k-dialog")).to_be_visible()
    check_screen(kiosk, "green channel dialog")
    kiosk.tap(".green-cancel")

    kiosk.tap(".take-normal")
    expect(kiosk.page.locator(".tkt-number")).to_be_visible()
    check_screen(kiosk, "ticket")
