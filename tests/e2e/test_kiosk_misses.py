"""The kiosk reports a search that found nothing once it is left, not on every keystroke."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Request, expect

from tests.e2e.kiosk import Kiosk

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def collect_reports(kiosk: Kiosk) -> list[str]:
    reports: list[str] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/search-misses"):
            reports.append(request.post_data_json["query"])

    kiosk.page.on("request", on_request)
    return reports


def test_a_miss_is_reported_when_cleared_and_never_for_its_prefixes(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk.open()
    reports = collect_reports(kiosk)
    kiosk.type("feichuan")  # 飞船: fe… finds 费 scenarios, feic… finds nothing
    expect(kiosk.page.locator(".panel-title")).to_have_text("没有找到")
    with kiosk.page.expect_request(lambda r: r.url.endswith("/search-misses")) as sent:
        kiosk.tap('.key[data-key="clear"]')
    answer = sent.value.response()
    assert answer is not None and answer.json() == {"stored": True, "reason": None}
    assert reports == ["feichuan"]


def test_a_miss_left_on_screen_is_reported_after_a_pause_once(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk.open()
    reports = collect_reports(kiosk)
    kiosk.type("qqq")
    expect(kiosk.page.locator(".panel-title")).to_have_text("没有找到")
    assert reports == []
    with kiosk.page.expect_request(lambda r: r.url.endswith("/search-misses"), timeout=8000):
        pass
    assert reports == ["qqq"]
    kiosk.tap('.key[data-key="clear"]')  # already reported in this visit: not again
    time.sleep(0.5)
    assert reports == ["qqq"]
