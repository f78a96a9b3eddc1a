"""实时概况 in headless Chromium: a manager signs in, lands on the dashboard and watches it
change without a reload when a visitor takes a number and a window calls it.

Set DOC_IMAGES=docs/images to also save the screenshot of the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.e2e.test_manage_follow_ups import PASSWORD, page, save, server, sign_in  # noqa: F401
from tests.support.server import RunningServer


def take(server: RunningServer, prefix: str) -> dict:  # noqa: F811
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["queue"]["prefix"] == prefix)
    answer = requests.post(f"{server.url}/api/v1/halls/demo/tickets",
                           json={"scenario_id": scenario["id"]}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def window_1(server: RunningServer) -> Iterator[requests.Session]:  # noqa: F811
    """张晓梅 signed in at window 1 (over the API, as her counter would)."""
    staff = requests.Session()
    assert staff.post(f"{server.url}/api/v1/session", json={
        "username": "zhang", "password": PASSWORD, "window": 1}, timeout=10).status_code == 200
    yield staff
    staff.delete(f"{server.url}/api/v1/session", timeout=10)


def figure(page: Page, label: str):  # type: ignore[no-untyped-def]  # noqa: F811
    return page.locator(".d-figure", has=page.locator(".d-figure-label", has_text=label)) \
        .locator(".d-figure-value")


def test_the_dashboard_follows_an_issue_and_a_call_live(page: Page, server: RunningServer,  # noqa: F811
                                                       window_1: requests.Session) -> None:
    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")
    expect(page.locator("#live")).to_have_text("实时更新中")
    expect(page.locator("a.m-nav-item.is-active")).to_have_text("实时概况")
    expect(page.locator("#windows li[data-window='1']")).to_contain_text("张晓梅")
    expect(page.locator("#windows li[data-window='1']")).to_have_attribute("data-state", "idle")
    issued = int(figure(page, "取号").inner_text())
    called = int(figure(page, "已叫号").inner_text())
    waiting_a = page.locator("#queues tr[data-queue='A'] .d-waiting")
    before = int(waiting_a.inner_text())
    page.evaluate("window.__not_reloaded = true")

    ticket = take(server, "A")
    expect(figure(page, "取号")).to_have_text(str(issued + 1), timeout=3000)
    expect(waiting_a).to_have_text(str(before + 1))

    call = window_1.post(f"{server.url}/api/v1/windows/1/call-next", json={}, timeout=10)
    assert call.status_code == 200, call.text
    card = page.locator("#windows li[data-window='1']")
    expect(card).to_have_attribute("data-state", "serving", timeout=3000)
    expect(card).to_contain_text(f"正在办理 {call.json()['number']}")
    expect(figure(page, "已叫号")).to_have_text(str(called + 1))
    expect(waiting_a).to_have_text(str(before))
    assert page.evaluate("window.__not_reloaded") is True  # live, no reload
    assert ticket["number"].startswith("A")

    # finished and rated badly: the alert and the open bad rating appear at once
    assert window_1.post(f"{server.url}/api/v1/windows/1/finish", json={}, timeout=10).status_code == 200
    expect(card).to_have_attribute("data-state", "idle", timeout=3000)
    rated = requests.post(f"{server.url}/api/v1/tickets/{ticket['id']}/rating", json={
        "level": 2, "reasons": ["efficiency"], "token": ticket["token"]}, timeout=10)
    assert rated.status_code == 201, rated.text
    alert = page.locator("#alerts li[data-kind='bad_rating']", has_text=ticket["number"])
    expect(alert).to_be_visible(timeout=3000)
    expect(figure(page, "待回访差评")).to_have_text("1")
    expect(figure(page, "满意度")).to_have_text("0%")
    take(server, "B")  # someone waiting, for the picture
    expect(figure(page, "取号")).to_have_text(str(issued + 2), timeout=3000)
    assert page.evaluate("window.__not_reloaded") is True
    save(page, "manage-dashboard.png")
