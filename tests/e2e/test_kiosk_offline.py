"""When the server cannot be reached the kiosk says so, keeps browsing from the catalog it
has, and a 取号 press is retried with the same request_id once the network is back."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.kiosk import Kiosk

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_network_down_then_back(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk.open()
    page = kiosk.page
    posts: list[dict] = []
    page.on("request", lambda r: posts.append(json.loads(r.post_data or "{}"))
            if r.method == "POST" and r.url.endswith("/tickets") else None)

    page.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))
    kiosk.type("csdj")
    expect(page.locator("#net-banner")).to_be_visible()
    expect(page.locator(".panel-note")).to_contain_text("网络中断")

    # browsing works from the catalog already loaded
    kiosk.tap('.key[data-key="clear"]')
    kiosk.tap('.tile[data-domain="户籍"]')
    kiosk.tap(kiosk.result("出生登记"))
    expect(page.locator(".checklist li").first).to_be_visible()

    kiosk.tap(".take-normal")
    status = page.locator(".take-status")
    expect(status).to_contain_text("网络连接中断，没有取到号")
    expect(page.locator(".take-normal")).to_be_enabled()
    assert len(posts) >= 2, "network failures are retried automatically"

    page.unroute("**/api/v1/**")
    kiosk.tap(".take-normal")
    expect(page.locator(".tkt-number")).to_be_visible()
    assert len({p["request_id"] for p in posts}) == 1, "every try of this press used one request_id"
    expect(page.locator("#net-banner")).to_be_hidden()
