"""Issue 4, end to end in headless Chromium: a visitor takes a ticket at the kiosk, staff sign
in at the right window and call it, and the lobby shows it within 1 s and announces it.

Four browser pages at once, each a real screen of the hall: the kiosk (portrait), the
counter terminal, the lobby screen (1920×1080) and the screen above window 24.
Set DOC_IMAGES=docs/images to also save the screenshots used by docs/display.md.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import update

from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.conftest import watch_csp
from tests.e2e.kiosk import LANDSCAPE, PORTRAIT, Kiosk
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PASSWORD = "chuangkou-24"
NOTICE = "本中心工作时间：周一至周五 9:30—13:30，16:00—19:30；中午及周末可预约延时服务。"
WINDOW_SCREEN = {"width": 1280, "height": 720}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    """The demo hall under eventlet, with a notice and two staff accounts."""
    instance = tmp_path_factory.mktemp("display")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    with db.write() as session:
        session.execute(update(Hall).where(Hall.code == "demo").values(notice=NOTICE))
    add_staff(db, hall_code="demo", username="huji", password=PASSWORD, display_name="王芳",
              windows=[24])
    add_staff(db, hall_code="demo", username="duty", password=PASSWORD)  # every window
    db.dispose()
    running = start_server(instance, async_mode="eventlet",
                           env={"BIANMIN_SECRET_KEY": "display-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


class Screens:
    """Browser pages that must not raise a JavaScript error."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []

    def open(self, url: str, viewport: dict[str, int]) -> Page:
        context = self.browser.new_context(viewport=viewport, locale="zh-CN", has_touch=True)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{url}: {error}"))
        watch_csp(page, self.errors, f"{url}: ")
        page.goto(url)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def screens(chromium: Browser) -> Iterator[Screens]:
    opened = Screens(chromium)
    yield opened
    opened.close()
    assert opened.errors == [], opened.errors


def save(page: Page, name: str) -> None:
    target = os.environ.get("DOC_IMAGES")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name), animations="disabled")


def busy_hall(server: RunningServer) -> None:
    """Other visitors and windows, so that the lobby shows a hall at work."""
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    by_prefix: dict[str, list[int]] = {}
    for scenario in catalog["scenarios"]:
        by_prefix.setdefault(scenario["queue"]["prefix"], []).append(scenario["id"])
    for prefix, count in {"A": 2, "H": 2, "I": 3, "K": 5, "L": 7, "Q": 1}.items():
        for i in range(count):
            response = requests.post(f"{server.url}/api/v1/halls/demo/tickets", timeout=10, json={
                "scenario_id": by_prefix[prefix][i % len(by_prefix[prefix])],
                "request_id": uuid.uuid4().hex})
            assert response.status_code == 201, response.text
    for window in (15, 16, 11, 1):
        staff = requests.Session()
        signed = staff.post(f"{server.url}/api/v1/session", timeout=10,
                            json={"username": "duty", "password": PASSWORD, "window": window})
        assert signed.status_code == 200, signed.text
        called = staff.post(f"{server.url}/api/v1/windows/{window}/call-next", json={}, timeout=10)
        assert called.status_code == 200, called.text
    staff.post(f"{server.url}/api/v1/session", timeout=10,
               json={"username": "duty", "password": PASSWORD, "window": 7})
    assert staff.post(f"{server.url}/api/v1/windows/7/pause", json={}, timeout=10).ok


def take_at_kiosk(kiosk: Kiosk) -> str:
    """出生登记 (window 24), found by its pinyin initials as a visitor would; the number."""
    kiosk.open()
    kiosk.type("csdj")
    kiosk.tap(kiosk.result("出生登记"))
    expect(kiosk.page.locator(".scn-name")).to_have_text("出生登记")
    kiosk.tap(".take-normal")
    number = kiosk.page.locator(".tkt-number")
    expect(number).to_be_visible()
    expect(kiosk.page.locator(".tkt-windows")).to_have_text("24号窗口")
    return number.inner_text().strip()


def sign_in_at_counter(page: Page, window: str) -> None:
    page.fill("input[name=username]", "huji")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=window]", window)
    page.click("button[type=submit]")
    page.wait_for_url("**/counter/window")
    expect(page.locator("#counts")).to_contain_text("今日")


def announcements(page: Page) -> list[dict]:
    return page.evaluate("() => hallAnnouncer.history.map(h => ({...h}))")


@pytest.mark.serial
def test_a_ticket_taken_at_the_kiosk_is_called_and_the_lobby_shows_it_within_a_second(
    server: RunningServer, screens: Screens,
) -> None:
    busy_hall(server)
    lobby = screens.open(f"{server.url}/display/", LANDSCAPE)
    overlay = lobby.locator("#voice-overlay")
    expect(overlay).to_be_visible()
    expect(overlay).to_contain_text("点击开启语音播报")
    box = lobby.locator("#voice-button").bounding_box()
    assert box and box["height"] >= 60 and box["width"] >= 60
    overlay.click()
    expect(overlay).to_be_hidden()
    assert lobby.evaluate("() => hallAnnouncer.context.state") == "running"
    expect(lobby.locator("#ticker")).to_contain_text("监督投诉电话：12345")
    expect(lobby.locator("#ticker")).to_contain_text("延时服务")
    expect(lobby.locator("#paused-line")).to_contain_text("7号窗口")

    window = screens.open(f"{server.url}/display/window/24", WINDOW_SCREEN)
    expect(window.locator(".w-number")).to_have_text("24号窗口")
    expect(window.locator("#window-name")).to_have_text("户籍窗口")
    expect(window.locator("#w-status")).to_have_text("等待叫号")

    kiosk = Kiosk(screens.open(f"{server.url}/kiosk/demo/", PORTRAIT), server.url)
    number = take_at_kiosk(kiosk)

    counter = screens.open(f"{server.url}/counter/", LANDSCAPE)
    sign_in_at_counter(counter, "24")
    expect(counter.locator(".c-waiting-number").first).to_have_text(number)
    with counter.expect_response(lambda r: r.url.endswith("/windows/24/call-next")) as answer:
        counter.keyboard.press("F1")
    assert answer.value.status == 200
    answered = time.monotonic()
    expect(lobby.locator("#now-number")).to_have_text(number, timeout=1000)
    assert time.monotonic() - answered < 1.0
    expect(lobby.locator("#now-window")).to_have_text("24号窗口")
    expect(lobby.locator("#now")).to_have_class("l-now flash")
    expect(lobby.locator("#now-recall")).to_be_hidden()
    expect(window.locator("#w-ticket")).to_have_text(number)
    expect(window.locator("#w-status")).to_have_text(f"请{number}号到本窗口办理")
    expect(counter.locator(".c-number")).to_have_text(number)

    # the chime plays; headless Chromium has no voice, so nothing is spoken, nothing hangs
    lobby.wait_for_function("() => hallAnnouncer.history.length === 1 && hallAnnouncer.history[0].endedAt")
    [first] = announcements(lobby)
    assert first["text"] == f"请{number}号到24号窗口办理"
    assert first["chimed"] is True and first["spoken"] is False
    save(lobby, "lobby.png")
    save(window, "window.png")
    save(counter, "counter-calling.png")

    # 重呼 twice in a row: marked as such, announced after one another, never on top
    counter.keyboard.press("F2")
    expect(lobby.locator("#now-recall")).to_be_visible()
    expect(window.locator("#w-label")).to_have_text("重呼")
    counter.keyboard.press("F2")
    lobby.wait_for_function("() => hallAnnouncer.history.length === 3 && hallAnnouncer.history[2].endedAt",
                            timeout=40000)  # each: the chime and the server's audio (~7 s)
    history = announcements(lobby)
    assert [h["text"] for h in history[1:]] == [f"重呼，请{number}号到24号窗口办理"] * 2
    for before, after in zip(history, history[1:], strict=False):
        assert after["startedAt"] >= before["endedAt"]

    # 开始办理, then 暂停服务 at the window's own screen and on the lobby
    counter.keyboard.press("F3")
    expect(window.locator("#w-label")).to_have_text("正在办理")
    counter.keyboard.press("F8")
    counter.keyboard.press("1")  # the reason: 午间休息
    expect(window.locator("#w-paused")).to_be_visible()
    expect(window.locator("#w-paused")).to_contain_text("暂停服务")
    expect(window.locator("#w-paused-reason")).to_have_text("暂停原因：午间休息")
    expect(lobby.locator("#paused-list")).to_contain_text("24号窗口")
    expect(lobby.locator("#paused-list")).to_contain_text("（午间休息）")
    save(window, "window-paused.png")
    expect(counter.locator("[data-action=pause]")).to_contain_text("恢复服务")
    counter.keyboard.press("F8")
    expect(window.locator("#w-paused")).to_be_hidden()
    assert lobby.evaluate("() => hallLive.stats.resyncs") == 0
