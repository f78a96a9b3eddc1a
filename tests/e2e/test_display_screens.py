"""The lobby and window screens in headless Chromium against a server under threading.

A WebSocket message dropped between server and browser is noticed by its version and
repaired from a snapshot; a screen without sound still flashes; a window screen follows
its own window only; bad addresses get a Chinese page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.conftest import open_page
from tests.e2e.kiosk import LANDSCAPE
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PASSWORD = "chuangkou-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("screens")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_staff(db, hall_code="demo", username="duty", password=PASSWORD)
    db.dispose()
    running = start_server(instance, async_mode="threading",
                           env={"BIANMIN_SECRET_KEY": "screens-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    page, errors = open_page(chromium, LANDSCAPE, has_touch=False)
    yield page
    page.context.close()
    assert errors == [], errors


class Desk:
    """A member of staff at one window, over HTTP."""

    def __init__(self, server: RunningServer, window: int) -> None:
        self.url = f"{server.url}/api/v1/windows/{window}"
        self.http = requests.Session()
        signed = self.http.post(f"{server.url}/api/v1/session", timeout=10,
                                json={"username": "duty", "password": PASSWORD, "window": window})
        assert signed.status_code == 200, signed.text

    def act(self, action: str, body: dict | None = None) -> dict:
        response = self.http.post(f"{self.url}/{action}", json=body or {}, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()


def take(server: RunningServer, prefix: str) -> str:
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["queue"]["prefix"] == prefix)
    response = requests.post(f"{server.url}/api/v1/halls/demo/tickets", timeout=10,
                             json={"scenario_id": scenario["id"]})
    assert response.status_code == 201, response.text
    return response.json()["number"]


def on_websocket(page: Page) -> None:
    """Wait until Socket.IO has moved from long-polling to its WebSocket."""
    page.wait_for_function(
        "() => window.hallLive && hallLive.socket && hallLive.socket.connected"
        " && hallLive.socket.io.engine.transport.name === 'websocket'"
    )


def test_a_call_lost_on_the_wire_is_repaired_by_the_version_check(page: Page, server: RunningServer) -> None:
    dropped: list[str] = []

    def lose_first_call(ws: WebSocketRoute) -> None:
        upstream = ws.connect_to_server()
        ws.on_message(upstream.send)

        def to_browser(message: str | bytes) -> None:
            if isinstance(message, str) and '"ticket.called"' in message and not dropped:
                dropped.append(message)  # the browser never sees this one
                return
            ws.send(message)

        upstream.on_message(to_browser)

    page.route_web_socket("**/socket.io/**", lose_first_call)
    page.goto(f"{server.url}/display/demo/lobby")
    on_websocket(page)
    number = take(server, "B")
    Desk(server, 3).act("call-next")
    expect(page.locator("#now-number")).to_have_text(number, timeout=5000)
    expect(page.locator("#now-window")).to_have_text("3号窗口")
    assert len(dropped) == 1 and number in dropped[0]
    stats = page.evaluate("() => hallLive.stats")
    assert stats["resyncs"] == 1
    assert stats["gaps"] >= 1
    assert stats["snapshots"] == 2  # on connect, and the repair
    # the repaired call is not announced late; the next one is announced as usual
    assert page.evaluate("() => hallAnnouncer.history.length") == 0


def test_without_a_click_the_lobby_stays_silent_but_flashes(page: Page, server: RunningServer) -> None:
    page.goto(f"{server.url}/display/demo/lobby")
    expect(page.locator("#voice-overlay")).to_be_visible()
    on_websocket(page)
    number = take(server, "C")
    Desk(server, 4).act("call-next")
    expect(page.locator("#now-number")).to_have_text(number)
    expect(page.locator("#now")).to_have_class("l-now flash")
    page.wait_for_function("() => hallAnnouncer.history.length === 1 && hallAnnouncer.history[0].endedAt")
    entry = page.evaluate("() => hallAnnouncer.history[0]")
    assert entry["text"] == f"请{number}号到4号窗口办理"
    assert entry["chimed"] is False and entry["spoken"] is False
    assert entry["way"] == "none" and entry["audioError"].startswith("sound not enabled")


def test_a_window_screen_follows_its_own_window(page: Page, server: RunningServer) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/display/demo/window/6")
    expect(page.locator(".w-number")).to_have_text("6号窗口")
    expect(page.locator("#w-status")).to_have_text("等待叫号")
    on_websocket(page)
    mine = take(server, "D")  # queue D is window 6 (税务)
    other = take(server, "E")
    Desk(server, 7).act("call-next")
    desk = Desk(server, 6)
    desk.act("call-next")
    expect(page.locator("#w-ticket")).to_have_text(mine)
    expect(page.locator("#w-status")).to_have_text(f"请{mine}号到本窗口办理")
    expect(page.locator("#w-main")).to_have_class("w-main flash")
    desk.act("start")
    expect(page.locator("#w-label")).to_have_text("正在办理")
    desk.act("finish", {"outcome": "done"})
    expect(page.locator("#w-ticket")).to_have_text("—")
    expect(page.locator("#w-status")).to_have_text("等待叫号")
    assert other not in page.locator("body").inner_text()
    desk.act("pause")
    expect(page.locator("#w-paused")).to_be_visible()
    desk.act("resume")
    expect(page.locator("#w-paused")).to_be_hidden()


def test_bad_screen_addresses_get_a_chinese_page(page: Page, server: RunningServer) -> None:
    response = page.goto(f"{server.url}/display/nowhere/lobby")
    assert response is not None and response.status == 404
    expect(page.locator("body")).to_contain_text("没有找到这个服务中心")
    response = page.goto(f"{server.url}/display/window/99")
    assert response is not None and response.status == 404
    expect(page.locator("body")).to_contain_text("没有这个窗口")
