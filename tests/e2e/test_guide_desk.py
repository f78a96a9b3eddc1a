"""The guide desk, the kiosk's special-queue buttons and the window screen's 工作牌 in
headless Chromium against one real server (the rating tests' hall: 王丽华 with 工号 and
photo at window 24, and a manager).

Set DOC_IMAGES=docs/images to also save the screenshots used by docs/kiosk.md and docs/counter.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.kiosk import LANDSCAPE, PORTRAIT
from tests.e2e.rating import (
    EMPLOYEE_NO,
    MANAGER,
    MANAGER_PASSWORD,
    STAFF,
    STAFF_PASSWORD,
    WINDOW,
    Window,
    rating_server,
    save,
)
from tests.support.server import RunningServer

pytestmark = [pytest.mark.e2e, pytest.mark.server]

DESK = {"width": 1600, "height": 900}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    running = rating_server(tmp_path_factory.mktemp("guide-desk"), demo_template)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def manager(server: RunningServer) -> requests.Session:
    http = requests.Session()
    answer = http.post(f"{server.url}/api/v1/session", timeout=10,
                       json={"username": MANAGER, "password": MANAGER_PASSWORD})
    assert answer.status_code == 200, answer.text
    return http


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    opened, errors = open_page(chromium, DESK, has_touch=False)
    yield opened
    opened.context.close()
    assert errors == [], f"JavaScript errors or CSP violations: {errors}"


def test_the_guide_desk_issues_an_assisted_ticket(page: Page, server: RunningServer,
                                                  manager: requests.Session) -> None:
    page.goto(f"{server.url}/guide/demo/")
    page.fill("#signin-form input[name=username]", STAFF)
    page.fill("#signin-form input[name=password]", STAFF_PASSWORD)
    page.click("#signin-form button[type=submit]")
    expect(page.locator("#who")).to_have_text("导办员：王丽华")
    page.fill("#query", "出生登记")
    page.locator(".g-result", has_text="出生登记").first.click()
    expect(page.locator("#detail h2")).to_have_text("出生登记")
    expect(page.locator("#detail .g-where strong")).to_have_text("24号窗口")
    # "which window?" answered: counted, no ticket
    page.click("#consult")
    expect(page.locator("#today")).to_have_text("今日导办咨询 1 次")
    page.click("#issue")
    number = page.locator("#issued-number")
    expect(number).to_have_text(re.compile(r"^[A-Z]\d{3}$"))
    expect(page.locator(".g-tag")).to_have_text("帮办代办")
    preview = page.locator("#slip-preview")
    page.wait_for_function("() => { const i = document.getElementById('slip-preview');"
                           " return i && i.complete && i.naturalWidth > 500; }", timeout=15000)
    assert preview.get_attribute("alt").startswith(number.inner_text())
    save(page, "guide-desk.png", height=1150)  # down to the green channel
    report = manager.get(f"{server.url}/api/v1/halls/demo/stats/guide", timeout=10).json()
    assert [(r["consults"], r["assisted"]) for r in report["rows"]] == [(1, 1)]


def test_the_kiosk_offers_special_queues_as_big_buttons(chromium: Browser, server: RunningServer,
                                                        manager: requests.Session) -> None:
    for body in ({"name": "有诉即办", "prefix": "X", "kind": "complaint", "windows": [WINDOW]},
                 {"name": "综合出件", "prefix": "Y", "kind": "pickup", "windows": [WINDOW]}):
        answer = manager.post(f"{server.url}/api/v1/halls/demo/queues", json=body, timeout=10)
        assert answer.status_code == 201, answer.text
    for viewport, name in ((PORTRAIT, "kiosk-special-queues.png"), (LANDSCAPE, None)):
        page, errors = open_page(chromium, viewport)
        page.goto(f"{server.url}/kiosk/demo/")
        buttons = page.locator(".home-special .special")
        expect(buttons).to_have_count(2)
        expect(buttons.nth(0)).to_contain_text("有诉即办")
        expect(buttons.nth(1)).to_contain_text("综合出件")
        box = buttons.nth(0).bounding_box()
        assert box and box["height"] >= 60
        if name:
            save(page, name)
        page.context.close()
        assert errors == []
    page, errors = open_page(chromium, PORTRAIT)
    page.goto(f"{server.url}/kiosk/demo/")
    page.locator('.special[data-special="complaint"]').tap()
    page.locator(".take-normal").tap()
    expect(page.locator(".tkt-number")).to_have_text("X001")
    page.context.close()
    assert errors == []


def test_the_window_screen_shows_the_badge_of_who_is_on_duty(page: Page, server: RunningServer) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server.url}/display/demo/window/{WINDOW}")
    page.wait_for_function("() => document.body.dataset.connection === 'online'", timeout=10000)
    badge = page.locator("#w-badge")
    expect(badge).to_be_hidden()
    counter = Window(server)  # 王丽华 signs in at window 24: window.on_duty
    expect(badge).to_be_visible()
    expect(page.locator("#w-badge-name")).to_have_text("王丽华")
    expect(page.locator("#w-badge-no")).to_have_text(f"工号 {EMPLOYEE_NO}")
    page.wait_for_function("() => { const i = document.getElementById('w-badge-photo');"
                           " return !i.hidden && i.complete && i.naturalWidth > 0; }", timeout=10000)
    counter.take()
    counter.act("call-next")  # the oldest waiting ticket of window 24's queues

    expect(page.locator("#w-ticket")).not_to_have_text("—")
    save(page, "window-screen-badge.png")
    counter.sign_out()
    expect(badge).to_be_hidden()
