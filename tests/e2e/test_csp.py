"""Every screen runs under the Content-Security-Policy without a single violation.

The kiosk, the counter, the lobby and window screens, the ticket status page behind the QR
code and the error page, in headless Chromium; and the collector itself is shown to catch
a violation (an inline script added to a page is blocked and reported).
"""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import Browser

from tests.e2e.conftest import open_page
from tests.e2e.kiosk import LANDSCAPE, PORTRAIT
from tests.support.server import RunningServer

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def status_page(server: RunningServer, catalog: dict) -> str:
    response = requests.post(f"{server.url}/api/v1/halls/demo/tickets", timeout=10,
                             json={"scenario_id": catalog["scenarios"][0]["id"]})
    assert response.status_code == 201, response.text
    return response.json()["status_url"]


@pytest.mark.parametrize("screen", ["kiosk", "counter", "lobby", "window", "status", "error", "rate"])
def test_each_screen_loads_with_no_csp_violation(
    chromium: Browser, kiosk_server: RunningServer, catalog: dict, screen: str
) -> None:
    url = {
        "kiosk": f"{kiosk_server.url}/kiosk/",
        "counter": f"{kiosk_server.url}/counter/",
        "lobby": f"{kiosk_server.url}/display/demo/lobby",
        "window": f"{kiosk_server.url}/display/demo/window/1",
        "status": "",
        "error": f"{kiosk_server.url}/display/no-such-hall/lobby",
        "rate": f"{kiosk_server.url}/rate/demo/24",
    }[screen] or status_page(kiosk_server, catalog)
    if url.startswith("/"):
        url = kiosk_server.url + url
    page, errors = open_page(chromium, PORTRAIT if screen in ("kiosk", "status") else LANDSCAPE)
    try:
        response = page.goto(url)
        assert response is not None
        assert "Content-Security-Policy" in {k.title() for k in response.headers}
        page.wait_for_load_state("networkidle")
        if screen in ("lobby", "window", "rate"):
            # the live connection (Socket.IO over ws://) is allowed by connect-src
            page.wait_for_function("() => !document.body.textContent.includes('正在连接')",
                                   timeout=10000)
        page.wait_for_timeout(300)
        assert errors == [], errors
    finally:
        page.context.close()


def test_an_injected_inline_script_is_blocked_and_reported(
    chromium: Browser, kiosk_server: RunningServer
) -> None:
    page, errors = open_page(chromium, LANDSCAPE)
    try:
        page.goto(f"{kiosk_server.url}/display/demo/lobby")
        page.evaluate("""() => {
            const s = document.createElement("script");
            s.textContent = "window.injected = true";
            document.body.appendChild(s);
        }""")
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.injected === undefined")
        assert any("script-src" in e for e in errors), errors
    finally:
        page.context.close()
