"""The rating tablet of a closed hall (not in open mode): unenrolled it says so and stays
dark; enrolled at /enrol by typing its code it is sent to its window's rating page, wakes on
a finish there and rates with its device token (no window named, channel ``tablet``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bianmin.db import Database
from bianmin.devices.service import add_device
from tests.e2e.conftest import open_page
from tests.e2e.rating import TABLET, WINDOW, Window, rating_server
from tests.support.server import RunningServer

pytestmark = [pytest.mark.e2e, pytest.mark.server]

HALL = "town"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    running = rating_server(tmp_path_factory.mktemp("rating-closed"), demo_template, hall=HALL)
    yield running
    running.stop()


@pytest.fixture
def db(server: RunningServer) -> Iterator[Database]:
    database = Database(f"sqlite:///{Path(server.log_path).parent / 'bianmin.sqlite3'}")
    yield database
    database.dispose()


@pytest.fixture
def tablet(chromium: Browser) -> Iterator[Page]:
    page, errors = open_page(chromium, TABLET)
    yield page
    page.context.close()
    assert errors == [], f"JavaScript errors on the tablet: {errors}"


def test_an_unenrolled_tablet_of_a_closed_hall_says_so(tablet: Page, server: RunningServer) -> None:
    tablet.goto(f"{server.url}/rate/{HALL}/{WINDOW}")
    expect(tablet.locator("body")).to_have_attribute("data-connection", "refused", timeout=10000)
    expect(tablet.locator("#conn-banner")).to_contain_text("尚未注册")


def test_an_enrolled_tablet_rates_with_its_device_token(tablet: Page, server: RunningServer,
                                                        db: Database) -> None:
    window = Window(server, hall=HALL)
    _, code = add_device(db, HALL, "rate-24", "rating", window=WINDOW)
    tablet.goto(f"{server.url}/enrol/")
    tablet.keyboard.type(code)
    tablet.keyboard.press("Enter")
    tablet.wait_for_url(f"{server.url}/rate/{HALL}/{WINDOW}", timeout=10000)
    expect(tablet.locator("body")).to_have_attribute("data-connection", "online", timeout=10000)
    expect(tablet.locator("#duty-name")).to_have_text("王丽华")

    ticket = window.call()
    window.finish()
    tablet.wait_for_function("() => rateTablet.state === 'ask'", timeout=3000)
    requests_sent: list[dict] = []
    tablet.on("request", lambda r: requests_sent.append(
        {"url": r.url, "body": r.post_data_json, "auth": r.headers.get("authorization", "")})
        if r.method == "POST" else None)
    tablet.locator("[data-level='5']").tap()
    tablet.wait_for_function("() => rateTablet.state === 'thanks'", timeout=5000)
    sent = next(r for r in requests_sent if r["url"].endswith(f"/tickets/{ticket['id']}/rating"))
    assert sent["auth"].startswith("Device ") and "window" not in sent["body"]
    rating = window.rating(ticket["id"]).json()["rating"]
    assert (rating["level"], rating["channel"], rating["window"]) == (5, "tablet", WINDOW)
