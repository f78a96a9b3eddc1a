"""Issue 9's browser test, three pages at once in headless Chromium against one server:
the counter of window 24 calls and finishes a ticket; the rating tablet of window 24 wakes
within 1 s; the visitor taps 不满意, a reason and a remark; the managers' follow-up list,
open on another page, shows it at once; the manager closes it with a note.

Set DOC_IMAGES=docs/images to also save the tablet's screenshots used by docs/ratings.md.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import OFFICE, open_page
from tests.e2e.rating import (
    MANAGER,
    MANAGER_PASSWORD,
    STAFF,
    STAFF_PASSWORD,
    TABLET,
    WINDOW,
    Window,
    open_tablet,
    rating_server,
    save,
)
from tests.support.server import RunningServer

pytestmark = [pytest.mark.e2e, pytest.mark.server]

COUNTER = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    running = rating_server(tmp_path_factory.mktemp("rating-follow-up"), demo_template)
    yield running
    running.stop()


@pytest.fixture
def pages(chromium: Browser) -> Iterator[dict[str, Page]]:
    opened = {name: open_page(chromium, viewport, has_touch=name == "tablet")
              for name, viewport in (("counter", COUNTER), ("tablet", TABLET), ("manager", OFFICE))}
    yield {name: page for name, (page, _) in opened.items()}
    for name, (page, errors) in opened.items():
        page.context.close()
        assert errors == [], f"JavaScript errors on the {name} page: {errors}"


def sign_in_counter(page: Page, server: RunningServer) -> None:
    page.goto(f"{server.url}/counter/")
    page.fill("input[name=username]", STAFF)
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.fill("input[name=window]", str(WINDOW))
    page.click("button[type=submit]")
    page.wait_for_url("**/counter/window")
    expect(page.locator("#counts")).to_contain_text("今日")


def sign_in_manager(page: Page, server: RunningServer) -> None:
    page.goto(f"{server.url}/manage/")
    page.fill("input[name=username]", MANAGER)
    page.fill("input[name=password]", MANAGER_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/manage/dashboard")  # the landing page (实时概况)
    page.click("a.m-nav-item:has-text('差评回访')")
    page.wait_for_url("**/manage/follow-ups")
    expect(page.locator("#live")).to_have_text("实时更新中")


@pytest.mark.serial
def test_finish_at_window_24_rate_badly_on_its_tablet_and_the_manager_closes_it(
    pages: dict[str, Page], server: RunningServer
) -> None:
    counter, tablet, manager = pages["counter"], pages["tablet"], pages["manager"]
    window = Window(server)  # the API's view, for the checks at the end
    ticket = window.take()
    sign_in_counter(counter, server)
    open_tablet(tablet, server)
    sign_in_manager(manager, server)
    expect(tablet.locator("#duty-name")).to_have_text("王丽华")

    counter.keyboard.press("F1")
    expect(counter.locator(".c-number")).to_have_text(ticket["number"])
    counter.keyboard.press("F4")
    expect(counter.locator("#finish-dialog")).to_be_visible()
    started = time.monotonic()
    counter.keyboard.press("Enter")  # 办结
    tablet.wait_for_function("() => rateTablet.state === 'ask'", timeout=5000)
    woke = time.monotonic() - started
    assert woke < 1.0, f"the tablet woke {woke:.2f} s after 办结 at the counter"
    expect(tablet.locator("#ask-number")).to_have_text(ticket["number"])
    expect(tablet.locator("#ask-scenario")).to_have_text(ticket["scenario"]["name"])
    save(tablet, "rating-tablet-ask.png")

    tablet.locator("[data-level='2']").tap()
    tablet.locator("[data-reason='efficiency']").tap()
    save(tablet, "rating-tablet-reasons.png")
    tablet.locator("#open-remark").tap()
    tablet.locator("[data-phrase='等候时间太长']").tap()
    for letter in "xiwang":
        tablet.locator(f".kb-key[data-key='{letter}']").tap()
    tablet.locator(".kb-cand", has_text="希望").first.tap()
    for letter in "gaijin":
        tablet.locator(f".kb-key[data-key='{letter}']").tap()
    expect(tablet.locator(".kb-cand").first).to_have_text("改进")
    save(tablet, "rating-tablet-keyboard.png")
    tablet.locator(".kb-cand").first.tap()
    tablet.locator(".kb-done").tap()
    expect(tablet.locator("#remark-value")).to_have_text("等候时间太长，希望改进")
    tablet.locator("#submit").tap()
    tablet.wait_for_function("() => rateTablet.state === 'thanks'", timeout=5000)
    save(tablet, "rating-tablet-thanks.png")

    # the managers' list, open all along, shows it without a reload
    row = manager.locator("#follow-ups tbody tr", has_text=ticket["number"])
    expect(row).to_be_visible(timeout=2000)
    expect(row).to_contain_text("王丽华")
    expect(row).to_contain_text("办事效率")
    row.click()
    detail = manager.locator("#detail")
    expect(detail).to_contain_text("等候时间太长，希望改进")
    save(manager, "rating-follow-up.png")
    detail.locator("select[name=action]").select_option("contacted")
    detail.locator("textarea[name=text]").fill("已电话联系，致歉并说明高峰时段可预约")
    detail.locator("input[name=close]").check()
    detail.locator("button[type=submit]").click()
    expect(manager.locator("#follow-ups tbody tr", has_text=ticket["number"])).to_have_count(0)

    # the rating itself never changed: the tablet's, at window 24, by who finished it
    boss = requests.Session()
    assert boss.post(f"{server.url}/api/v1/session", timeout=10, json={
        "username": MANAGER, "password": MANAGER_PASSWORD}).ok
    listed = boss.get(f"{server.url}/api/v1/halls/demo/follow-ups?state=closed", timeout=10).json()
    rating = next(r for r in listed["ratings"] if r["ticket_id"] == ticket["id"])
    assert (rating["level"], rating["reasons"], rating["channel"]) == (2, ["efficiency"], "tablet")
    assert rating["window"] == WINDOW and rating["staff"]["name"] == "王丽华"
    assert rating["remark"] == "等候时间太长，希望改进"
    assert rating["follow_up"]["state"] == "closed"
    assert [n["text"] for n in rating["follow_up"]["notes"]] == ["已电话联系，致歉并说明高峰时段可预约"]
    # and the tablet, left alone, is idle for the next visitor
    tablet.wait_for_function("() => rateTablet.state === 'idle'", timeout=9000)
