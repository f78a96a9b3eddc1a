"""The window's rating tablet in headless Chromium, against a real server: it wakes when
window 24 finishes a ticket, records what the visitor taps (nothing when they walk away),
and a new finish replaces an unfinished rating.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.rating import (
    EMPLOYEE_NO,
    TABLET,
    TABLET_PORTRAIT,
    Window,
    open_tablet,
    rating_server,
    save,
)
from tests.support.server import RunningServer

pytestmark = [pytest.mark.e2e, pytest.mark.server]

TIMEOUT_SECONDS = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    """Under eventlet, with a short tablet timeout so that walking away can be watched."""
    running = rating_server(tmp_path_factory.mktemp("rating-tablet"), demo_template,
                            {"BIANMIN_RATING_TABLET_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS)})
    yield running
    running.stop()


@pytest.fixture(scope="module")
def window(server: RunningServer) -> Window:
    return Window(server)


@pytest.fixture
def tablet(chromium: Browser, server: RunningServer) -> Iterator[Page]:
    page, errors = open_page(chromium, TABLET)
    open_tablet(page, server)
    yield page
    page.context.close()
    assert errors == [], f"JavaScript errors on the tablet: {errors}"


def state(page: Page) -> str:
    return page.evaluate("() => rateTablet.state")


def wait_state(page: Page, name: str, timeout: float = 5000) -> None:
    page.wait_for_function("(s) => rateTablet.state === s", arg=name, timeout=timeout)


def test_idle_shows_who_serves_and_follows_sign_out(tablet: Page, window: Window) -> None:
    expect(tablet.locator("#idle-title")).to_have_text("请对我的服务进行评价")
    expect(tablet.locator("#duty-name")).to_have_text("王丽华")
    expect(tablet.locator("#duty-no")).to_have_text(f"工号 {EMPLOYEE_NO}")
    expect(tablet.locator("#duty-photo")).to_be_visible()
    # the photo is visible as soon as its src is set; it has decoded once complete
    tablet.wait_for_function("() => document.getElementById('duty-photo').complete")
    assert tablet.evaluate("() => document.getElementById('duty-photo').naturalWidth") == 300
    save(tablet, "rating-tablet-idle.png")
    # 王丽华 signs out: the tablet hears window.on_duty and shows the window alone
    window.sign_out()
    expect(tablet.locator("#duty-name")).to_have_text("24号窗口", timeout=3000)
    expect(tablet.locator("#duty-photo")).to_be_hidden()
    window.sign_in()
    expect(tablet.locator("#duty-name")).to_have_text("王丽华", timeout=3000)


def test_a_satisfied_visitor_rates_with_one_tap(tablet: Page, window: Window) -> None:
    ticket = window.call()
    window.finish()
    wait_state(tablet, "ask")
    expect(tablet.locator("#ask-number")).to_have_text(ticket["number"])
    expect(tablet.locator("#ask-scenario")).to_have_text(window.scenario["name"])
    for level in tablet.locator("[data-level]").all():
        box = level.bounding_box()
        assert box and box["width"] >= 150 and box["height"] >= 150, level.inner_text()
    tablet.locator("[data-level='4']").tap()
    wait_state(tablet, "thanks")
    expect(tablet.locator("#thanks-title")).to_have_text("感谢您的评价！")
    answer = window.rating(ticket["id"])
    assert answer.status_code == 200, answer.text
    rating = answer.json()["rating"]
    assert (rating["level"], rating["reasons"], rating["channel"], rating["window"]) == (4, [], "tablet", 24)
    assert rating["staff"]["name"] == "王丽华"
    # the thanks go by themselves and the next visitor finds the idle screen
    wait_state(tablet, "idle", timeout=9000)


@pytest.mark.serial
def test_a_bad_rating_with_reasons_remark_and_phone(tablet: Page, window: Window) -> None:
    ticket = window.call()
    started = time.monotonic()
    window.finish()
    wait_state(tablet, "ask")
    woke = time.monotonic() - started
    assert woke < 1.0, f"the tablet woke {woke:.2f} s after the finish"
    tablet.locator("[data-level='2']").tap()
    expect(tablet.locator("#submit")).to_be_disabled()
    tablet.locator("[data-reason='attitude']").tap()
    tablet.locator("[data-reason='trips']").tap()
    tablet.locator("[data-reason='trips']").tap()  # and off again
    expect(tablet.locator("[data-reason='attitude']")).to_have_attribute("aria-pressed", "true")
    expect(tablet.locator("[data-reason='trips']")).to_have_attribute("aria-pressed", "false")
    tablet.locator("#open-remark").tap()
    tablet.locator("[data-phrase='等候时间太长']").tap()
    for letter in "taidu":
        tablet.locator(f".kb-key[data-key='{letter}']").tap()
    expect(tablet.locator(".kb-cand").first).to_have_text("态度")
    tablet.locator(".kb-cand").first.tap()
    for letter in "bh":  # initials: 不好
        tablet.locator(f".kb-key[data-key='{letter}']").tap()
    tablet.locator(".kb-cand", has_text="不").first.tap()  # takes the b; the h stays typed
    expect(tablet.locator(".kb-pending")).to_have_text("h")
    tablet.locator(".kb-cand", has_text="好").first.tap()
    tablet.locator("[data-phrase='希望尽快联系我']").tap()
    expect(tablet.locator(".kb-text")).to_have_text("等候时间太长，态度不好，希望尽快联系我")
    tablet.locator(".kb-done").tap()
    tablet.locator("#open-phone").tap()
    for digit in "13800001234":
        tablet.locator(f".pad-key[data-key='{digit}']").tap()
    tablet.locator(".pad-done").tap()
    expect(tablet.locator("#remark-value")).to_have_text("等候时间太长，态度不好，希望尽快联系我")
    expect(tablet.locator("#phone-value")).to_have_text("13800001234")
    tablet.locator("#submit").tap()
    wait_state(tablet, "thanks")
    rating = window.rating(ticket["id"]).json()["rating"]
    assert rating["level"] == 2
    assert rating["reasons"] == ["attitude"]
    assert rating["remark"] == "等候时间太长，态度不好，希望尽快联系我"
    assert rating["phone"] == "13800001234"
    assert rating["follow_up"]["state"] == "open"


def test_walking_away_records_nothing(tablet: Page, window: Window) -> None:
    ticket = window.call()
    window.finish()
    wait_state(tablet, "ask")
    tablet.locator("[data-level='1']").tap()
    tablet.locator("[data-reason='efficiency']").tap()
    # the last seconds are counted down on screen, then the tablet is idle again
    expect(tablet.locator("#r-timeout")).to_be_visible(timeout=TIMEOUT_SECONDS * 1000)
    wait_state(tablet, "idle", timeout=(TIMEOUT_SECONDS + 2) * 1000)
    expect(tablet.locator("#s-reasons")).to_be_hidden()
    answer = window.rating(ticket["id"])
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"] == "not_rated"


def test_a_new_finish_replaces_an_unfinished_rating(tablet: Page, window: Window) -> None:
    first = window.call()
    window.finish()
    wait_state(tablet, "ask")
    tablet.locator("[data-level='2']").tap()
    tablet.locator("[data-reason='guide']").tap()
    second = window.call()
    window.finish()
    tablet.wait_for_function("(n) => document.getElementById('ask-number').textContent === n",
                             arg=second["number"], timeout=3000)
    assert state(tablet) == "ask"
    tablet.locator("[data-level='2']").tap()
    # the first visitor's reason is not carried over to the second
    expect(tablet.locator("[data-reason='guide']")).to_have_attribute("aria-pressed", "false")
    tablet.locator("#back").tap()
    tablet.locator("[data-level='5']").tap()
    wait_state(tablet, "thanks")
    assert window.rating(first["id"]).status_code == 404
    assert window.rating(second["id"]).json()["rating"]["level"] == 5


def test_a_rating_by_phone_meanwhile_ends_the_tablets_question(tablet: Page, window: Window) -> None:
    ticket = window.call()
    window.finish()
    wait_state(tablet, "ask")
    token = ticket["status_url"].rsplit("/t/", 1)[1]
    answer = window.http.post(f"{window.url}/api/v1/tickets/{ticket['id']}/rating", timeout=10,
                              json={"level": 5, "token": token})
    assert answer.status_code == 201, answer.text
    wait_state(tablet, "notice", timeout=3000)
    expect(tablet.locator("#notice-title")).to_have_text("这个号已经评价过了")
    tablet.locator("#notice-close").tap()
    assert state(tablet) == "idle"


@pytest.mark.parametrize("viewport", [TABLET, TABLET_PORTRAIT], ids=["landscape", "portrait"])
def test_every_screen_fits_with_big_buttons(chromium: Browser, server: RunningServer,
                                            window: Window, viewport: dict[str, int]) -> None:
    page, errors = open_page(chromium, viewport)
    try:
        open_tablet(page, server)
        window.call()
        window.finish()
        wait_state(page, "ask")
        if viewport == TABLET_PORTRAIT:
            save(page, "rating-tablet-portrait.png")
        for name in ("ask", "reasons", "remark", "phone"):
            if name == "reasons":
                page.locator("[data-level='1']").tap()
            if name == "remark":
                page.locator("#open-remark").tap()
            if name == "phone":
                page.locator(".kb-cancel").tap()
                page.locator("#open-phone").tap()
            fits = page.evaluate("""() => [...document.querySelectorAll('.r-state:not([hidden]) button')]
                .filter((b) => b.checkVisibility())
                .every((b) => { const r = b.getBoundingClientRect();
                                const top = document.getElementById('r-main').getBoundingClientRect().top;
                                return r.top >= top && r.bottom <= innerHeight && r.right <= innerWidth
                                       && r.height >= 60 && r.width >= 60; })""")
            assert fits, f"a button of the {name} screen is off screen, under the header or under 60 px"
            number = page.locator("#ask-number").bounding_box()
            header = page.locator(".r-head").bounding_box()
            assert name != "ask" or (number and header and number["y"] >= header["y"] + header["height"])
    finally:
        page.context.close()
    assert errors == [], errors


def test_a_transferred_visitor_rates_the_window_that_served_them(tablet: Page, window: Window) -> None:
    ticket = window.call()
    window.act("transfer", {"queue": "A"})  # on to another queue: the old ticket ends here
    wait_state(tablet, "ask")
    expect(tablet.locator("#ask-number")).to_have_text(ticket["number"])
    tablet.locator("[data-level='3']").tap()
    wait_state(tablet, "thanks")
    rating = window.rating(ticket["id"]).json()["rating"]
    assert (rating["level"], rating["window"], rating["ticket_id"]) == (3, 24, ticket["id"])
