"""Keeping the visitor's place, end to end in headless Chromium on a real server: at the
counter 挂起 (F7), the next visitor meanwhile, 回叫 ahead of the line (announced on the
window's screen), 选叫 (F9) and 过号重排 by number (F10); at the kiosk, a visitor scans
their no-show ticket and presses 重新排队.

Set DOC_IMAGES=docs/images to also save the screenshots used by docs/counter.md.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.conftest import watch_csp
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]
PASSWORD = "chuangkou-9"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("keep-place")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, display_name="张晓梅",
              windows=[1, 2], hash_method="pbkdf2:sha256:1000")
    db.dispose()
    running = start_server(instance, async_mode="threading",
                           env={"BIANMIN_SECRET_KEY": "keep-place-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


def save(page: Page, name: str) -> None:
    target = os.environ.get("DOC_IMAGES")
    if target:
        page.screenshot(path=str(Path(target) / name), animations="disabled")


def test_hold_call_back_pick_and_requeue(chromium: Browser, server: RunningServer) -> None:
    errors: list[str] = []
    pages = []

    def open_page(url: str, width: int, height: int) -> Page:
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{url}: {error}"))
        watch_csp(page, errors, f"{url}: ")
        page.goto(url)
        pages.append(context)
        return page

    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["queue"]["prefix"] == "A")
    tickets = []
    for _ in range(6):
        taken = requests.post(f"{server.url}/api/v1/halls/demo/tickets", timeout=10,
                              json={"scenario_id": scenario["id"]})
        assert taken.status_code == 201, taken.text
        tickets.append(taken.json())
    assert [t["number"] for t in tickets] == ["A001", "A002", "A003", "A004", "A005", "A006"]
    try:
        above = open_page(f"{server.url}/display/demo/window/1", 1280, 720)
        counter = open_page(f"{server.url}/counter/", 1920, 1080)
        counter.fill("input[name=username]", "zhang")
        counter.fill("input[name=password]", PASSWORD)
        counter.fill("input[name=window]", "1")
        counter.click("button[type=submit]")
        counter.wait_for_url("**/counter/window")
        expect(counter.locator("#waiting-title")).to_have_text("排队等候 6 人")
        number = counter.locator(".c-current .c-number")
        notice = counter.locator("#notice")

        # 挂起: A001 leaves the window; the window calls A002 meanwhile
        counter.keyboard.press("F1")
        expect(number).to_have_text("A001")
        counter.keyboard.press("F7")
        held = counter.locator("#held-box")
        expect(held).to_be_visible()
        expect(held.locator(".c-held-item")).to_contain_text("A001")
        expect(held.locator(".c-held-item")).to_contain_text("保留至")
        expect(number).to_have_count(0)
        counter.keyboard.press("F1")
        expect(number).to_have_text("A002")
        back = held.locator(".c-held-back")
        expect(back).to_be_disabled()  # A002 is at the window
        box = back.bounding_box()
        assert box is not None and box["height"] >= 60
        save(counter, "counter-held.png")
        counter.keyboard.press("F4")
        counter.keyboard.press("Enter")
        expect(back).to_be_enabled()

        # 回叫: A001 is back, called to this window ahead of A003…, shown above the window
        back.click()
        expect(number).to_have_text("A001")
        expect(notice).to_contain_text("已回叫挂起的 A001 号")
        expect(held).to_be_hidden()
        expect(above.locator("#w-ticket")).to_have_text("A001")
        counter.keyboard.press("F4")
        counter.keyboard.press("Enter")
        expect(number).to_have_count(0)

        # 选叫: A005 out of order
        counter.keyboard.press("F9")
        dialog = counter.locator("#pick-dialog")
        expect(dialog.locator(".c-choice-label")).to_have_text(["A003", "A004", "A005", "A006"])
        dialog.locator(".c-choice", has_text="A005").click()
        expect(number).to_have_text("A005")
        expect(above.locator("#w-ticket")).to_have_text("A005")

        # 过号, then 过号重排 by number: behind the 3 waiting (A003, A004, A006)
        counter.keyboard.press("F5")
        expect(number).to_have_count(0)
        counter.keyboard.press("F10")
        counter.locator("#requeue-number").fill("a005")
        counter.keyboard.press("Enter")
        expect(notice).to_contain_text("A005 号已重新排队，前面还有 3 人")
        expect(counter.locator("#waiting .c-waiting-number")).to_have_text(["A003", "A004", "A006", "A005"])
        counter.keyboard.press("F10")
        counter.locator("#requeue-number").fill("A005")
        counter.keyboard.press("Enter")
        expect(counter.locator("#banner")).to_contain_text("只能重排一次")

        # the kiosk: A003 misses its call, the visitor scans the ticket and goes back in line
        counter.keyboard.press("F1")
        expect(number).to_have_text("A003")
        counter.keyboard.press("F5")
        expect(number).to_have_count(0)
        kiosk = open_page(f"{server.url}/kiosk/demo/", 1920, 1080)
        kiosk.locator(".tile-requeue").click()
        scan = kiosk.locator("#requeue-scan")
        expect(scan).to_be_focused()
        scan.type(tickets[2]["status_url"] + "\n")
        result = kiosk.locator("#requeue-result")
        expect(result).to_contain_text("A003")
        expect(result).to_contain_text("已过号")
        kiosk.locator("#requeue-go").click()
        expect(result).to_contain_text("已重新排队")
        expect(result).to_contain_text("前面还有 3 人")
        save(kiosk, "kiosk-requeue.png")
        expect(counter.locator("#waiting .c-waiting-number")).to_have_text(
            ["A004", "A006", "A005", "A003"])
    finally:
        for context in pages:
            context.close()
    assert errors == [], errors
