"""Issue 12: outside opening hours the kiosk says when the hall opens and issues nothing;
inside them it shows the estimated wait before 取号 and on the ticket.

Set DOC_IMAGES=docs/images to also save the screenshots used by docs/kiosk.md.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import Browser, expect
from sqlalchemy import update

from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.hall.hours import normalize
from tests.e2e.conftest import _kiosk
from tests.e2e.kiosk import LANDSCAPE, Kiosk
from tests.e2e.rating import save
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]

TZ = ZoneInfo("Asia/Shanghai")
OPENS = datetime.now(TZ).date() + timedelta(days=3)


@pytest.fixture(scope="module")
def hall_server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    """The demo hall, closed until OPENS 09:30 (no weekly hours, one 错时 day)."""
    instance = tmp_path_factory.mktemp("hours")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    set_hours(instance, {"weekly": {}, "special": [
        {"date": OPENS.isoformat(), "mode": "shifted", "ranges": [["09:30", "17:00"]]}]})
    server = start_server(instance, env={"BIANMIN_SECRET_KEY": "e2e"})
    yield server
    server.stop()


def set_hours(instance: Path, hours: dict | None) -> None:
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    with db.write() as session:
        session.execute(update(Hall).where(Hall.code == "demo").values(
            hours=normalize(hours) if hours else None))
    db.dispose()


@pytest.fixture
def hall_kiosk(chromium: Browser, hall_server: RunningServer) -> Iterator[Kiosk]:
    yield from _kiosk(chromium, hall_server, LANDSCAPE)


def test_closed_kiosk_says_when_it_opens_and_issues_nothing(hall_kiosk: Kiosk, hall_server: RunningServer) -> None:
    page = hall_kiosk.page
    hall_kiosk.open()
    closed = page.locator("#closed")
    expect(closed).to_be_visible()
    expect(page.locator("#closed-title")).to_have_text("现在不是办公时间")
    expect(page.locator("#closed-when")).to_contain_text(f"下次办公：{OPENS.month}月{OPENS.day}日")
    expect(page.locator("#closed-when")).to_contain_text("09:30")
    # readable from across the lobby: the title is large
    assert page.locator("#closed-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 48
    save(page, "kiosk-closed.png")
    # a visitor may still read a checklist, but 取号 is not offered
    hall_kiosk.tap("[data-action=browse]")
    expect(closed).to_be_hidden()
    hall_kiosk.type("csdj")
    hall_kiosk.tap(hall_kiosk.result("出生登记"))
    expect(page.locator(".take-closed")).to_contain_text("现在不是办公时间")
    expect(page.locator(".take-normal")).to_be_hidden()  # the refusal stands in its place
    # and the API refuses whoever asks it directly
    scenario = int(page.url.rsplit("/", 1)[1])
    refused = requests.post(f"{hall_server.url}/api/v1/halls/demo/tickets",
                            json={"scenario_id": scenario, "request_id": "e2e-closed"}, timeout=10)
    assert refused.status_code == 409 and refused.json()["error"] == "hall_closed"


def test_open_kiosk_shows_the_wait_before_and_on_the_ticket(hall_kiosk: Kiosk, hall_server: RunningServer) -> None:
    instance = hall_server.log_path.parent
    set_hours(instance, None)  # a hall without hours is always open
    page = hall_kiosk.page
    hall_kiosk.open()
    expect(page.locator("#closed")).to_be_hidden()
    hall_kiosk.type("csdj")
    hall_kiosk.tap(hall_kiosk.result("出生登记"))
    scenario = int(page.url.rsplit("/", 1)[1])
    for n in range(4):  # four visitors took a number first
        taken = requests.post(f"{hall_server.url}/api/v1/halls/demo/tickets",
                              json={"scenario_id": scenario, "request_id": f"e2e-before-{n}"}, timeout=10)
        assert taken.status_code == 201, taken.text
    page.reload()
    expect(page.locator(".take-normal .take-sub")).to_contain_text("预计等候约")
    expect(page.locator(".take-normal")).to_have_attribute("data-ahead", "4")
    hall_kiosk.tap(".take-normal")
    expect(page.locator(".tkt-wait")).to_contain_text("预计等候约")
    expect(page.locator(".tkt-ahead-count")).to_have_text("4")
    expect(page.locator(".tkt-print")).to_have_attribute("data-state", "printed", timeout=15000)
    save(page, "kiosk-ticket-wait.png")
    target = os.environ.get("DOC_IMAGES")
    if target:  # the printed slip with its estimate (the preview printer's PNG)
        slips = sorted((instance / "prints").glob("*.png"), key=lambda p: p.stat().st_mtime)
        shutil.copy(slips[-1], Path(target) / "ticket-wait-slip.png")
