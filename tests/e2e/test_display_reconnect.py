"""A lobby screen whose server dies: it says so, keeps the last state, reconnects by itself
when the server is back and catches up from the snapshot, under eventlet and threading.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from bianmin.catalog.models import Hall, Scenario, WindowGroup
from bianmin.db import Database
from bianmin.queue import calling
from bianmin.queue.tickets import issue_ticket
from bianmin.staff.service import add_staff
from tests.e2e.conftest import open_page
from tests.e2e.kiosk import LANDSCAPE
from tests.support.server import start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PASSWORD = "chuangkou-1"
BANNER = "连接中断，正在重新连接…"


@pytest.fixture
def lobby(chromium: Browser) -> Iterator[Page]:
    page, errors = open_page(chromium, LANDSCAPE, has_touch=False)
    yield page
    page.context.close()
    assert errors == [], errors


def queue_a_scenario(db: Database) -> tuple[int, int]:
    """(hall id, a scenario of queue A: windows 1 and 2) of the demo hall."""
    with db.read() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == "demo"))
        scenario_id = session.scalar(
            select(Scenario.id).join(WindowGroup, Scenario.window_group_id == WindowGroup.id)
            .where(WindowGroup.hall_id == hall_id, WindowGroup.prefix == "A").limit(1)
        )
    return hall_id, scenario_id


def call_over_http(url: str, window: int, scenario_id: int) -> str:
    ticket = requests.post(f"{url}/api/v1/halls/demo/tickets", json={"scenario_id": scenario_id},
                           timeout=10)
    assert ticket.status_code == 201, ticket.text
    staff = requests.Session()
    signed = staff.post(f"{url}/api/v1/session", timeout=10,
                        json={"username": "duty", "password": PASSWORD, "window": window})
    assert signed.status_code == 200, signed.text
    staff.post(f"{url}/api/v1/windows/{window}/no-show", json={}, timeout=10)
    called = staff.post(f"{url}/api/v1/windows/{window}/call-next", json={}, timeout=10)
    assert called.status_code == 200, called.text
    return called.json()["number"]


@pytest.mark.parametrize("async_mode", ["eventlet", "threading"])
def test_lobby_survives_a_server_restart_and_catches_up(
    lobby: Page, tmp_path: Path, demo_template: Path, async_mode: str,
) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_staff(db, hall_code="demo", username="duty", password=PASSWORD)
    hall_id, scenario_id = queue_a_scenario(db)
    env = {"BIANMIN_SECRET_KEY": "reconnect-e2e", "BIANMIN_PRINTER": "none"}
    server = start_server(instance, async_mode=async_mode, env=env)
    try:
        lobby.goto(f"{server.url}/display/demo/lobby")
        expect(lobby.locator("body")).to_have_attribute("data-connection", "online")
        first = call_over_http(server.url, 1, scenario_id)
        expect(lobby.locator("#now-number")).to_have_text(first)

        server.process.kill()  # a crash, not a clean shutdown
        server.process.wait(10)
        banner = lobby.locator("#conn-banner")
        expect(banner).to_be_visible(timeout=10000)
        expect(banner).to_have_text(BANNER)
        expect(lobby.locator("#now-number")).to_have_text(first)  # the last state stays

        # meanwhile the hall goes on: a ticket is issued and called without any event sent
        issued = issue_ticket(db, hall_code="demo", scenario_id=scenario_id)
        called = calling.call_next(db, hall_id, 2, None)
        assert called.ticket.info.number != first
        expect(lobby.locator("#now-number")).to_have_text(first)

        server = start_server(instance, async_mode=async_mode, env=env, port=server.port)
        expect(banner).to_be_hidden(timeout=15000)
        expect(lobby.locator("#now-number")).to_have_text(called.ticket.info.number)
        expect(lobby.locator("#now-window")).to_have_text("2号窗口")
        assert issued.created
        assert lobby.evaluate("() => hallLive.stats.snapshots") >= 2

        # and it follows live events again
        third = call_over_http(server.url, 1, scenario_id)
        expect(lobby.locator("#now-number")).to_have_text(third)
        expect(lobby.locator("#now-window")).to_have_text("1号窗口")
    finally:
        server.stop()
        db.dispose()
