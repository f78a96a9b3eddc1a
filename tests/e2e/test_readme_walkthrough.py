"""The README's first five steps, as a newcomer follows them: only what ``bianmin serve`` printed.

A fresh copy of the demo hall with ``load_demo`` on (the default of a first start): the
addresses and the demo account come from the server's own output, nothing is set up by
the test. Kiosk → ticket → counter sign-in with the printed password → 叫号 → the lobby.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.kiosk import LANDSCAPE, PORTRAIT, Kiosk
from tests.support.server import RunningServer, start_server

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path: Path, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    running = start_server(instance, env={"BIANMIN_SECRET_KEY": "readme-e2e"})
    yield running
    running.stop()


def printed_address(log: str, label: str) -> str:
    match = re.search(rf"{label}\s+(http://\S+)", log)
    assert match, log
    return match.group(1)


def test_take_call_and_see_it_on_the_lobby_with_only_what_serve_printed(
    server: RunningServer, chromium: Browser, tmp_path: Path
) -> None:
    log = server.log()
    password = re.search(r"用户名 demo-staff\s+密码 ([a-z0-9]{10})", log)
    assert password, log
    pages: list[tuple[Page, list[str]]] = []

    def browser_page(viewport: dict[str, int]) -> Page:
        pages.append(open_page(chromium, viewport))
        return pages[-1][0]

    try:
        lobby = browser_page(LANDSCAPE)
        lobby.goto(printed_address(log, "大厅屏 lobby"))
        lobby.locator("#voice-overlay").click()

        # 1, 2: the kiosk; 出生登记 by its initials; 取号
        kiosk_page = browser_page(PORTRAIT)
        kiosk_page.goto(printed_address(log, "取号机 kiosk"))
        kiosk = Kiosk(kiosk_page, server.url)
        kiosk.type("csdj")
        kiosk.tap(kiosk.result("出生登记"))
        kiosk.tap(".take-normal")
        expect(kiosk_page.locator(".tkt-number")).to_be_visible()
        number = kiosk_page.locator(".tkt-number").inner_text().strip()
        window = re.search(r"\d+", kiosk_page.locator(".tkt-windows").inner_text())
        assert window

        # 3: the counter, signed in with the printed demo account at the ticket's window
        counter = browser_page(LANDSCAPE)
        counter.goto(printed_address(log, "窗口终端 counter"))
        counter.fill("input[name=username]", "demo-staff")
        counter.fill("input[name=password]", password.group(1))
        counter.fill("input[name=window]", window.group(0))
        counter.click("button[type=submit]")
        counter.wait_for_url("**/counter/window")
        expect(counter.locator(".c-waiting-number").first).to_have_text(number)

        # 4, 5: 叫号, and the lobby shows the number and the window
        counter.locator("[data-action=call]").click()
        expect(counter.locator(".c-number")).to_have_text(number)
        expect(lobby.locator("#now-number")).to_have_text(number)
        expect(lobby.locator("#now-window")).to_have_text(f"{window.group(0)}号窗口")
        counter.screenshot(path=str(tmp_path / "counter.png"))
        lobby.screenshot(path=str(tmp_path / "lobby.png"))
    finally:
        for page, _ in pages:
            page.context.close()
    assert [errors for _, errors in pages] == [[] for _ in pages]
