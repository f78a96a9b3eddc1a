"""Enrolling a kiosk in Chromium by typing its code, then taking a ticket in a closed hall.

The hall ``town`` holds the demo catalog but is not the demo hall, and ``open_kiosks`` is
off: an unenrolled kiosk says so and cannot issue; after enrolment at /enrol it can.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from bianmin.catalog.demo import DEMO_CATALOG
from bianmin.db import Database
from bianmin.devices.service import add_device
from bianmin.queue.models import Ticket
from tests.e2e.conftest import open_page
from tests.e2e.kiosk import PORTRAIT
from tests.support.server import RunningServer, start_server

HALL = "town"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("enrol")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    catalog = Path(__file__).parents[2] / "bianmin" / "catalog" / DEMO_CATALOG
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    subprocess.run([sys.executable, "-m", "bianmin", "catalog", "import", str(catalog), "--hall", HALL,
                    "--name", "示范镇便民服务中心", "--instance", str(instance)],
                   check=True, env=env, capture_output=True, timeout=120)
    running = start_server(instance, async_mode="eventlet",
                           env={"BIANMIN_SECRET_KEY": "enrol-e2e", "BIANMIN_KIOSK_IDLE_SECONDS": "300"})
    yield running
    running.stop()


@pytest.fixture
def db(server: RunningServer) -> Iterator[Database]:
    database = Database(f"sqlite:///{Path(server.log_path).parent / 'bianmin.sqlite3'}")
    yield database
    database.dispose()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    opened, errors = open_page(chromium, PORTRAIT)
    yield opened
    opened.context.close()
    assert not errors, f"JavaScript errors: {errors}"


def take_a_ticket(page: Page, url: str) -> None:
    page.goto(f"{url}/kiosk/{HALL}/")
    for letter in "csdj":
        page.locator(f'.key[data-key="{letter}"]').tap()
    page.locator('.item:has(.item-name:text-is("出生登记"))').tap()
    page.locator(".take-normal").tap()


def test_an_unenrolled_kiosk_of_a_closed_hall_says_so_and_cannot_issue(page: Page, server: RunningServer) -> None:
    take_a_ticket(page, server.url)
    expect(page.locator("#enrol-banner")).to_be_visible()
    expect(page.locator(".take-status")).to_contain_text("尚未注册")


def test_a_kiosk_enrolled_by_typing_its_code_takes_a_ticket(page: Page, server: RunningServer, db: Database) -> None:
    _, code = add_device(db, HALL, "kiosk-e2e", "kiosk")
    page.goto(f"{server.url}/kiosk/{HALL}/")
    expect(page.locator("#enrol-banner")).to_be_visible()
    page.locator("#enrol-banner a").tap()
    expect(page.locator(".en-title")).to_have_text("设备注册")
    for digit in code:
        page.locator(f'.en-key[data-key="{digit}"]').tap()
    expect(page.locator(".en-digit.filled")).to_have_count(8)
    page.locator("#submit").tap()
    expect(page.locator("#message")).to_contain_text("注册成功")
    page.wait_for_url(f"{server.url}/kiosk/{HALL}/", timeout=10000)
    expect(page.locator("#enrol-banner")).to_be_hidden()

    take_a_ticket(page, server.url)
    expect(page.locator(".tkt-print")).to_have_text("请取走您的排队小票", timeout=8000)
    number = page.locator(".tkt-number").inner_text()
    with db.read() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.code == number).order_by(Ticket.id.desc()))
    assert ticket is not None and ticket.kiosk == "kiosk-e2e"


def test_a_wrong_code_is_refused_in_words_and_the_keypad_is_cleared(page: Page, server: RunningServer) -> None:
    page.goto(f"{server.url}/enrol")
    page.keyboard.type("12345678")
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_contain_text("注册码不正确")
    expect(page.locator(".en-digit.filled")).to_have_count(0)


def test_a_lobby_screen_of_a_closed_hall_goes_live_only_once_enrolled(page: Page, server: RunningServer, db: Database) -> None:
    page.goto(f"{server.url}/display/{HALL}/lobby")
    expect(page.locator("body")).to_have_attribute("data-connection", "refused", timeout=10000)
    expect(page.locator("#conn-banner")).to_contain_text("尚未注册")
    _, code = add_device(db, HALL, "lobby-e2e", "lobby")
    page.goto(f"{server.url}/enrol/")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/display/{HALL}/lobby", timeout=10000)
    expect(page.locator("body")).to_have_attribute("data-connection", "online", timeout=10000)
    expect(page.locator("#conn-banner")).to_be_hidden()
