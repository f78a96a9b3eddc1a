"""The kiosk goes home by itself after BIANMIN_KIOSK_IDLE_SECONDS without a touch."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import FAULT_IDLE_SECONDS
from tests.e2e.kiosk import Kiosk

pytestmark = [pytest.mark.e2e, pytest.mark.server, pytest.mark.serial]


def test_idle_kiosk_warns_then_returns_home_and_forgets_the_visit(fault_kiosk: Kiosk) -> None:
    kiosk = fault_kiosk.open()
    kiosk.tap("[data-action=elder]")
    kiosk.type("csdj")
    kiosk.tap(kiosk.result("出生登记"))
    touched = time.monotonic()

    overlay = kiosk.page.locator("#idle")
    expect(overlay).to_be_visible(timeout=FAULT_IDLE_SECONDS * 1000)
    expect(overlay).to_contain_text("秒后返回首页")
    count = int(kiosk.page.locator("#idle-count").inner_text())
    assert 1 <= count <= FAULT_IDLE_SECONDS

    expect(kiosk.page.locator(".panel-title")).to_have_text("按类别查找", timeout=(FAULT_IDLE_SECONDS + 2) * 1000)
    assert time.monotonic() - touched >= FAULT_IDLE_SECONDS - 0.5
    expect(overlay).to_be_hidden()
    assert kiosk.screen() == "home"
    expect(kiosk.page).to_have_url(f"{kiosk.url}/kiosk/demo/")
    expect(kiosk.page.locator("[data-action=elder]")).to_have_attribute("aria-pressed", "false")
    expect(kiosk.page.locator(".search-placeholder")).to_be_visible()
    expect(kiosk.page.locator("html")).not_to_have_class("elder")


def test_a_touch_during_the_warning_keeps_the_visit(fault_kiosk: Kiosk) -> None:
    kiosk = fault_kiosk.open()
    kiosk.tap(".tile-windows")
    overlay = kiosk.page.locator("#idle")
    expect(overlay).to_be_visible(timeout=FAULT_IDLE_SECONDS * 1000)
    box = kiosk.page.locator("[data-action=stay]").bounding_box()
    assert box and box["height"] >= 60 and box["width"] >= 60
    kiosk.tap("[data-action=stay]")
    expect(overlay).to_be_hidden()
    kiosk.page.wait_for_timeout(1000)
    expect(kiosk.page.locator(".list-title")).to_have_text("按窗口查找")


def test_untouched_home_screen_shows_no_countdown(fault_kiosk: Kiosk) -> None:
    kiosk = fault_kiosk.open()
    kiosk.page.wait_for_timeout((FAULT_IDLE_SECONDS + 1) * 1000)
    expect(kiosk.page.locator("#idle")).to_be_hidden()
    assert kiosk.screen() == "home"
