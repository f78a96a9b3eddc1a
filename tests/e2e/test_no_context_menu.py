"""The unattended screens (kiosk, lobby, window screen, rating tablet) open no browser menu on
a long press or a right click; the counter, a member of staff's PC, keeps it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import open_page
from tests.e2e.kiosk import LANDSCAPE
from tests.support.server import RunningServer

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PREVENTED = """() => {
  const event = new MouseEvent("contextmenu", { bubbles: true, cancelable: true });
  return !document.body.dispatchEvent(event);
}"""


@pytest.mark.parametrize("path, blocked", [
    ("/kiosk/demo/", True), ("/display/demo/lobby", True), ("/display/demo/window/1", True),
    ("/rate/demo/24", True), ("/counter/", False),
])
def test_context_menu(chromium: Browser, kiosk_server: RunningServer, path: str, blocked: bool) -> None:
    page, errors = open_page(chromium, LANDSCAPE)
    try:
        page.goto(kiosk_server.url + path, wait_until="networkidle")
        assert page.evaluate(PREVENTED) is blocked
        assert errors == []
    finally:
        page.context.close()
