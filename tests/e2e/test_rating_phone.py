"""The phone rating on the ticket's status page (/t/<token>) in headless Chromium: offered
once the ticket is finished, the same levels and reasons as the tablet, once per ticket
whichever way it comes, and the recorded rating shown afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.rating import PHONE, WINDOW, Window, rating_server, save
from tests.support.server import RunningServer

pytestmark = [pytest.mark.e2e, pytest.mark.server]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    running = rating_server(tmp_path_factory.mktemp("rating-phone"), demo_template,
                            async_mode="threading")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def window(server: RunningServer) -> Window:
    return Window(server)


@pytest.fixture
def phone(chromium: Browser) -> Iterator[Page]:
    page, errors = open_page(chromium, PHONE)
    yield page
    page.context.close()
    assert errors == [], f"JavaScript errors on the status page: {errors}"


def test_no_rating_before_the_ticket_is_finished(phone: Page, window: Window) -> None:
    ticket = window.call()
    phone.goto(ticket["status_url"])
    expect(phone.locator(".state")).to_contain_text(f"请到 {WINDOW}号窗口")
    expect(phone.locator("#rate")).to_have_count(0)
    window.finish()
    phone.reload()
    expect(phone.locator("#rate-title")).to_have_text(f"请对{WINDOW}号窗口的服务进行评价")


def test_a_bad_rating_by_phone_then_shown_and_not_again(phone: Page, window: Window,
                                                      server: RunningServer) -> None:
    ticket = window.call()
    window.finish()
    phone.goto(ticket["status_url"])
    expect(phone.locator("#rate-submit")).to_be_disabled()
    expect(phone.locator("#rate-bad")).to_be_hidden()
    phone.locator(".rate-level.level-2").tap()
    expect(phone.locator("#rate-bad")).to_be_visible()
    expect(phone.locator("#rate-submit")).to_have_text("请至少选择一项原因")
    phone.locator(".rate-reason", has_text="办事效率").tap()
    phone.locator(".rate-reason", has_text="多次跑腿").tap()
    phone.fill("#rate-remark", "等了一个多小时，窗口经常没人")
    phone.fill("#rate-phone", "13800001234")
    expect(phone.locator("#rate-submit")).to_be_enabled()
    save(phone, "rating-phone.png", height=1500)
    phone.locator("#rate-submit").tap()
    expect(phone.locator("#rate-thanks")).to_be_visible()
    expect(phone.locator("#rate-thanks-text")).to_have_text("我们会认真核查整改，并尽快与您联系。")

    rating = window.rating(ticket["id"]).json()["rating"]
    assert (rating["level"], rating["reasons"], rating["channel"]) == (2, ["efficiency", "trips"], "phone")
    assert rating["remark"] == "等了一个多小时，窗口经常没人"
    assert rating["phone"] == "13800001234"
    assert rating["window"] == WINDOW and rating["staff"]["name"] == "王丽华"

    phone.reload()
    expect(phone.locator("#rate-form")).to_have_count(0)
    expect(phone.locator("#rate-recorded")).to_contain_text("不满意")
    expect(phone.locator("#rate-recorded")).to_contain_text("办事效率、多次跑腿")
    # the window's tablet is too late now: one rating per ticket, whichever way it comes
    again = window.http.post(f"{server.url}/api/v1/tickets/{ticket['id']}/rating", timeout=10,
                             json={"level": 5, "window": WINDOW})
    assert again.status_code == 409 and again.json()["error"] == "already_rated", again.text


def test_a_page_left_open_learns_the_ticket_was_rated_on_the_tablet(
    phone: Page, window: Window, server: RunningServer
) -> None:
    ticket = window.call()
    window.finish()
    phone.goto(ticket["status_url"])
    tablet = window.http.post(f"{server.url}/api/v1/tickets/{ticket['id']}/rating", timeout=10,
                              json={"level": 4, "window": WINDOW})
    assert tablet.status_code == 201, tablet.text
    phone.locator(".rate-level.level-5").tap()
    phone.locator("#rate-submit").tap()
    expect(phone.locator("#rate-error")).to_have_text("这个号已经评价过了，每次办事只能评价一次。谢谢您！")
    expect(phone.locator("#rate-submit")).to_be_disabled()
    assert window.rating(ticket["id"]).json()["rating"]["level"] == 4
