"""暂停服务 with a reason, end to end in headless Chromium: the counter asks why (big buttons
and an optional note), then shows 暂停中：<reason> since when, and the reason reaches the
screen above the window, the lobby and the managers' dashboard live.

Set DOC_IMAGES=docs/images to also save the screenshots used by docs/counter.md.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.conftest import watch_csp
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]
PASSWORD = "chuangkou-8"
REASONS = ["午间休息", "临时离开", "业务培训/会议", "系统故障", "其他"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("pause")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, display_name="张晓梅",
              windows=[1, 2], hash_method="pbkdf2:sha256:1000")
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, display_name="刘主任",
              role="manager", hash_method="pbkdf2:sha256:1000")
    db.dispose()
    running = start_server(instance, async_mode="eventlet",
                           env={"BIANMIN_SECRET_KEY": "pause-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


class Pages:
    """Browser pages (each its own context: its own cookies) that must not raise an error."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []

    def open(self, url: str, viewport: dict[str, int], touch: bool = True) -> Page:
        context = self.browser.new_context(viewport=viewport, locale="zh-CN", has_touch=touch)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{url}: {error}"))
        watch_csp(page, self.errors, f"{url}: ")
        page.goto(url)
        return page


@pytest.fixture
def pages(chromium: Browser) -> Iterator[Pages]:
    opened = Pages(chromium)
    yield opened
    for context in opened.contexts:
        context.close()
    assert opened.errors == [], opened.errors


def save(page: Page, name: str) -> None:
    target = os.environ.get("DOC_IMAGES")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name), animations="disabled")


def test_the_pause_reason_reaches_every_screen(pages: Pages, server: RunningServer) -> None:
    above = pages.open(f"{server.url}/display/demo/window/2", {"width": 1280, "height": 720})
    lobby = pages.open(f"{server.url}/display/demo/lobby", {"width": 1920, "height": 1080})
    board = pages.open(f"{server.url}/manage/", {"width": 1600, "height": 900}, touch=False)
    board.fill("input[name=username]", "boss")
    board.fill("input[name=password]", PASSWORD)
    board.click("button[type=submit]")
    card = board.locator(".d-window[data-window='2']")
    expect(card).to_be_visible()

    counter = pages.open(f"{server.url}/counter/", {"width": 1920, "height": 1080})
    counter.fill("input[name=username]", "zhang")
    counter.fill("input[name=password]", PASSWORD)
    counter.fill("input[name=window]", "2")
    counter.click("button[type=submit]")
    counter.wait_for_url("**/counter/window")
    expect(counter.locator("#counts")).to_contain_text("今日")

    counter.locator("[data-action=pause]").tap()
    dialog = counter.locator("#pause-dialog")
    expect(dialog).to_be_visible()
    choices = dialog.locator(".c-choice")
    expect(choices.locator(".c-choice-label")).to_have_text(REASONS)
    for i in range(len(REASONS)):  # big enough for a finger
        box = choices.nth(i).bounding_box()
        assert box is not None and box["height"] >= 60 and box["width"] >= 120, box
    assert (counter.locator("#pause-note").bounding_box() or {}).get("height", 0) >= 60
    counter.fill("#pause-note", "去档案室调材料")
    save(counter, "counter-pause-reason.png")
    choices.filter(has_text="临时离开").tap()

    expect(dialog).to_be_hidden()
    paused = counter.locator(".c-paused")
    expect(paused).to_contain_text("暂停中：临时离开：去档案室调材料")
    expect(paused).to_contain_text(re.compile(r"自 \d{2}:\d{2} 起"))
    save(counter, "counter-paused.png")
    # the screen above the window, the lobby and the dashboard, without a reload
    expect(above.locator("#w-paused")).to_be_visible()
    expect(above.locator("#w-paused-reason")).to_have_text("暂停原因：临时离开：去档案室调材料")
    expect(lobby.locator("#paused-list")).to_contain_text("（临时离开：去档案室调材料）")
    expect(card).to_contain_text("暂停服务")
    expect(card).to_contain_text("起暂停：临时离开：去档案室调材料")
    save(above, "display-window-paused.png")

    # resume (F8), then pause by keys: F8, 4 = 系统故障 without a note
    counter.keyboard.press("F8")
    expect(paused).to_have_count(0)
    expect(above.locator("#w-paused")).to_be_hidden()
    expect(lobby.locator("#paused-line")).to_be_hidden()
    counter.keyboard.press("F8")
    expect(dialog).to_be_visible()
    expect(counter.locator("#pause-note")).to_have_value("")
    counter.keyboard.press("4")
    expect(counter.locator(".c-paused")).to_contain_text("暂停中：系统故障")
    expect(above.locator("#w-paused-reason")).to_have_text("暂停原因：系统故障")
    expect(card).to_contain_text("起暂停：系统故障")
    # a reload reads the reason back from the server (the audit row), not from the page
    counter.reload()
    expect(counter.locator(".c-paused")).to_contain_text("暂停中：系统故障")
    above.reload()
    expect(above.locator("#w-paused-reason")).to_have_text("暂停原因：系统故障")
    # Esc leaves the dialog without pausing
    counter.keyboard.press("F8")
    expect(counter.locator(".c-paused")).to_have_count(0)
    counter.keyboard.press("F8")
    counter.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(counter.locator("[data-action=pause]")).to_contain_text("暂停服务")
