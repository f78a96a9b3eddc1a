"""Issue 3: 取号 on the scenario page, the ticket screen, and printing that may fail."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests
from playwright.sync_api import Route, expect

from bianmin.web.tokens import ticket_token
from tests.e2e.conftest import FAULT_TICKET_SECONDS
from tests.e2e.kiosk import Kiosk

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PRINTED = "请取走您的排队小票"
PRINT_FAILED = "打印失败，您的号码仍然有效，请拍照或扫码保存"
TICKET_URL = re.compile(r"/kiosk/demo/ticket/(\d+)$")


def birth_registration(kiosk: Kiosk) -> int:
    """Open 出生登记 the way a visitor does; its scenario id."""
    kiosk.open()
    kiosk.type("csdj")
    kiosk.tap(kiosk.result("出生登记"))
    expect(kiosk.page.locator(".scn-name")).to_have_text("出生登记")
    return int(kiosk.page.url.rsplit("/", 1)[1])


def shown_ticket(kiosk: Kiosk) -> dict:
    """The ticket on screen, as the API knows it."""
    expect(kiosk.page).to_have_url(TICKET_URL)
    ticket_id = int(TICKET_URL.search(kiosk.page.url).group(1))  # type: ignore[union-attr]
    # the servers of tests/e2e/conftest.py sign tickets with the key "e2e"
    response = requests.get(f"{kiosk.url}/api/v1/tickets/{ticket_id}", timeout=10,
                            headers={"X-Ticket-Token": ticket_token("e2e", ticket_id)})
    response.raise_for_status()
    return response.json()


def ticket_posts(kiosk: Kiosk) -> list[dict]:
    posts: list[dict] = []
    kiosk.page.on("request", lambda r: posts.append(json.loads(r.post_data or "{}"))
                  if r.method == "POST" and r.url.endswith("/tickets") else None)
    return posts


def test_take_ticket_shows_number_window_ahead_and_print(kiosk: Kiosk) -> None:
    scenario_id = birth_registration(kiosk)
    kiosk.tap(".take-normal")
    ticket = shown_ticket(kiosk)
    page = kiosk.page

    assert re.fullmatch(r"[A-Z]{1,2}\d{3}", ticket["number"])
    assert ticket["scenario"]["id"] == scenario_id
    expect(page.locator(".tkt-number")).to_have_text(ticket["number"])
    expect(page.locator(".tkt-windows")).to_have_text("24号窗口")
    expect(page.locator(".tkt-ahead-count")).to_have_text(str(ticket["ahead"]))
    expect(page.locator(".tkt-print")).to_have_text(PRINTED)
    expect(page.locator(".tkt-list .checklist li")).to_have_count(len(ticket["materials"]))
    qr = page.locator(".tkt-qr img")
    expect(qr).to_have_attribute("src", ticket["qr_svg_url"])
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())


def test_double_tap_issues_one_ticket(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk
    birth_registration(kiosk)
    posts = ticket_posts(kiosk)
    # two taps within the same moment, before any answer can arrive
    kiosk.page.evaluate("() => { const b = document.querySelector('.take-normal'); b.click(); b.click(); }")
    shown_ticket(kiosk)
    expect(kiosk.page.locator(".tkt-print")).to_have_text(PRINTED)
    assert len(posts) == 1


def test_lost_answer_is_retried_with_the_same_request_id(portrait_kiosk: Kiosk) -> None:
    """The server issues the ticket but the answer never arrives: the retry gets that ticket."""
    kiosk = portrait_kiosk
    birth_registration(kiosk)
    posts = ticket_posts(kiosk)
    answers: list[tuple[int, dict]] = []

    def lose_first_answer(route: Route) -> None:
        response = route.fetch()
        answers.append((response.status, response.json()))
        if len(answers) == 1:
            route.abort("connectionreset")
        else:
            route.fulfill(response=response)

    kiosk.page.route("**/api/v1/halls/demo/tickets", lose_first_answer)
    kiosk.tap(".take-normal")
    ticket = shown_ticket(kiosk)

    assert len(posts) == 2
    assert posts[0]["request_id"] == posts[1]["request_id"]
    assert [status for status, _ in answers] == [201, 200]
    assert answers[0][1]["id"] == answers[1][1]["id"] == ticket["id"]
    expect(kiosk.page.locator(".tkt-number")).to_have_text(ticket["number"])


def test_green_channel_is_explained_and_issues_a_green_ticket(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk
    birth_registration(kiosk)
    kiosk.tap(".take-green")
    dialog = kiosk.page.locator(".k-dialog")
    expect(dialog).to_contain_text("老年人、残疾人")
    expect(dialog).to_contain_text("工作人员核实")
    kiosk.tap(".green-confirm")
    ticket = shown_ticket(kiosk)
    assert ticket["priority"] == "green"
    expect(kiosk.page.locator(".tkt-label")).to_contain_text("绿色通道")


@pytest.mark.serial
def test_printer_failure_is_said_within_3_seconds_and_the_number_stays(fault_kiosk: Kiosk) -> None:
    kiosk = fault_kiosk
    birth_registration(kiosk)
    pressed = time.monotonic()
    kiosk.tap(".take-normal")
    status = kiosk.page.locator(".tkt-print")
    expect(status).to_have_text(PRINT_FAILED, timeout=3000)
    assert time.monotonic() - pressed < 3.0
    ticket = shown_ticket(kiosk)
    assert ticket["print"]["status"] not in {"printed"}
    expect(kiosk.page.locator(".tkt-number")).to_have_text(ticket["number"])
    expect(kiosk.page.locator(".tkt-windows")).to_have_text("24号窗口")


def test_ticket_screen_goes_home_after_the_ticket_time(fault_kiosk: Kiosk) -> None:
    kiosk = fault_kiosk
    birth_registration(kiosk)
    kiosk.tap("[data-action=elder]")
    kiosk.tap(".take-normal")
    expect(kiosk.page.locator(".tkt-number")).to_be_visible()
    shown = time.monotonic()
    expect(kiosk.page.locator(".tkt-countdown")).to_contain_text("秒后自动返回首页")
    expect(kiosk.page.locator(".panel-title")).to_have_text("按类别查找", timeout=(FAULT_TICKET_SECONDS + 3) * 1000)
    assert time.monotonic() - shown >= FAULT_TICKET_SECONDS - 1
    assert kiosk.screen() == "home"
    # the next visitor starts fresh
    expect(kiosk.page.locator("[data-action=elder]")).to_have_attribute("aria-pressed", "false")
    expect(kiosk.page.locator(".search-placeholder")).to_be_visible()
