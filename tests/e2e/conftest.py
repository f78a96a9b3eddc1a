"""E2E fixtures: real ``bianmin serve`` processes on copies of the demo database, driven by
headless Chromium through Playwright.

Two servers per test session, so that both async modes are covered and no test waits for
a long timeout: ``kiosk_server`` (eventlet, a preview printer, the default idle time) and
``fault_server`` (threading, the printer pointed at a closed TCP port, a 4 s idle time and
a 6 s ticket screen).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.kiosk import CHROMIUM, CHROMIUM_ARGS, ORIENTATIONS, PORTRAIT, Kiosk
from tests.support.server import RunningServer, free_port, start_server

FAULT_IDLE_SECONDS = 4
FAULT_TICKET_SECONDS = 6


def _serve(
    tmp_path_factory: pytest.TempPathFactory, demo_template: Path, name: str,
    async_mode: str, env: dict[str, str],
) -> RunningServer:
    instance = tmp_path_factory.mktemp(name)
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    return start_server(instance, async_mode=async_mode, env={"BIANMIN_SECRET_KEY": "e2e", **env})


@pytest.fixture(scope="session")
def kiosk_server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    """The demo hall under eventlet, printing to preview files."""
    server = _serve(tmp_path_factory, demo_template, "kiosk", "eventlet",
                    {"BIANMIN_KIOSK_IDLE_SECONDS": "300"})
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fault_server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    """The demo hall under threads, with a printer nobody answers for and short timeouts."""
    closed_port = free_port()  # bound and released: nothing listens there
    server = _serve(tmp_path_factory, demo_template, "fault", "threading", {
        "BIANMIN_PRINTER": f"tcp://127.0.0.1:{closed_port}",
        "BIANMIN_KIOSK_IDLE_SECONDS": str(FAULT_IDLE_SECONDS),
        "BIANMIN_KIOSK_TICKET_SECONDS": str(FAULT_TICKET_SECONDS),
    })
    yield server
    server.stop()


@pytest.fixture(scope="session")
def catalog(kiosk_server: RunningServer) -> dict:
    """The demo hall's catalog as the API serves it: what the screens must agree with."""
    response = requests.get(f"{kiosk_server.url}/api/v1/halls/demo/catalog", timeout=10)
    response.raise_for_status()
    return response.json()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(
    browser: Browser, viewport: dict[str, int], *, has_touch: bool = True
) -> tuple[Page, list[str]]:
    """A page in a context of its own, and the list its uncaught JavaScript errors and its
    Content-Security-Policy violations go to."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=has_touch)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    watch_csp(page, errors)
    return page, errors


# the browser reports each blocked script, style, image or connection as this DOM event
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`Content Security Policy violation: ${e.violatedDirective} blocked `
                + `${e.blockedURI || "inline"} at ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
});
"""


def watch_csp(page: Page, errors: list[str], label: str = "") -> None:
    """Put every CSP violation of ``page`` (on any screen it opens) into ``errors``."""
    page.add_init_script(CSP_REPORTER)

    def on_console(message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(f"{label}{message.text}")

    page.on("console", on_console)


@pytest.fixture(params=list(ORIENTATIONS))
def orientation(request: pytest.FixtureRequest) -> str:
    return request.param


def _kiosk(browser: Browser, server: RunningServer, viewport: dict[str, int]) -> Iterator[Kiosk]:
    page, errors = open_page(browser, viewport)
    kiosk = Kiosk(page, server.url)
    yield kiosk
    page.context.close()
    assert not errors, f"JavaScript errors on the kiosk: {errors}"


@pytest.fixture
def kiosk(chromium: Browser, kiosk_server: RunningServer, orientation: str) -> Iterator[Kiosk]:
    """The kiosk in each orientation (portrait 1080×1920, landscape 1920×1080)."""
    yield from _kiosk(chromium, kiosk_server, ORIENTATIONS[orientation])


@pytest.fixture
def portrait_kiosk(chromium: Browser, kiosk_server: RunningServer) -> Iterator[Kiosk]:
    yield from _kiosk(chromium, kiosk_server, PORTRAIT)


@pytest.fixture
def fault_kiosk(chromium: Browser, fault_server: RunningServer) -> Iterator[Kiosk]:
    yield from _kiosk(chromium, fault_server, PORTRAIT)


# the managers' pages are used on an office PC: a wide screen and a mouse
OFFICE = {"width": 1600, "height": 900}


@pytest.fixture
def office_page(chromium: Browser) -> Iterator[Page]:
    """A managers' page on an office screen; the test fails on any JavaScript error or CSP
    violation it met."""
    page, errors = open_page(chromium, OFFICE, has_touch=False)
    yield page
    page.context.close()
    assert errors == [], f"JavaScript errors or CSP violations on the managers' pages: {errors}"
