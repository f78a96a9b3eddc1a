"""设备 and 打印记录 in headless Chromium against a real server, in a closed hall ``town``.

A manager adds a lobby screen and reads its one-time code; a second browser enrols with it
at /enrol and opens the lobby; the device shows 在线; 远程刷新 reloads the open lobby page
(a new page load); a kiosk's ticket fails to print on a printer that is off, shows on
打印记录 with its reason, and 重新打印 prints it once the printer (a real TCP socket) is
back; 吊销 (confirmed) makes the lobby's next connection fail with device_unknown and the
device's next request 401. Set DOC_IMAGES=docs/images to save the screenshots.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.conftest import open_page
from tests.e2e.test_manage_follow_ups import PASSWORD, save, sign_in
from tests.integration.test_printer_network import FakePrinter
from tests.support.factories import make_hall
from tests.support.server import RunningServer, free_port, start_server

HALL = "town"
LOBBY = {"width": 1280, "height": 720}


@pytest.fixture(scope="module")
def printer_port() -> int:
    return free_port()  # bound and released: the kiosk's printer is off at first


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("devices")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    with db.write() as session:
        make_hall(session, code=HALL)
    add_staff(db, hall_code=HALL, username="boss", password=PASSWORD, display_name="刘主任",
              role="manager", hash_method="pbkdf2:sha256:1000")
    db.dispose()
    running = start_server(instance, env={"BIANMIN_SECRET_KEY": "devices-e2e",
                                          "BIANMIN_PRINTER": "none", "BIANMIN_PRINTER_TIMEOUT": "1"})
    yield running
    running.stop()


@pytest.fixture
def page(office_page: Page) -> Page:
    return office_page


def add_device(page: Page, name: str, kind: str, printer: str = "") -> str:
    """新增设备 through the form; the code as the panel shows it (digits only)."""
    page.click("#add")
    page.fill("#add-form input[name=name]", name)
    page.select_option("#add-form select[name=kind]", kind)
    if printer:
        page.fill("#add-form input[name=printer]", printer)
    page.click("#add-form button[type=submit]")
    expect(page.locator("#code")).to_have_text(re.compile(r"^\d{4} \d{4}$"))
    return page.locator("#code").inner_text().replace(" ", "")


def row(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#devices tbody tr[data-device='{name}']")


def test_enrol_reload_print_and_revoke(page: Page, chromium: Browser, server: RunningServer,
                                       printer_port: int) -> None:
    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")
    page.click("a.m-nav-item:has-text('设备')")
    page.wait_for_url("**/manage/devices")
    expect(page.locator("#empty")).to_be_visible()

    code = add_device(page, "lobby-1", "lobby")
    expect(page.locator("#enrol-url")).to_have_text(f"{server.url}/enrol/")
    expect(row(page, "lobby-1")).to_contain_text("待登记")
    save(page, "manage-devices-code.png")

    # a second browser (the lobby screen's) enrols with the code and opens its page
    screen, screen_errors = open_page(chromium, LOBBY, has_touch=False)
    loads: list[str] = []
    screen.on("load", lambda p: loads.append(p.url))
    screen.goto(f"{server.url}/enrol/")
    screen.keyboard.type(code)
    screen.keyboard.press("Enter")
    screen.wait_for_url(f"**/display/{HALL}/lobby", timeout=10000)
    expect(screen.locator("#conn-banner")).to_be_hidden()
    screen.evaluate("window.__beforeReload = true")
    page_loads = len(loads)

    page.reload()
    expect(row(page, "lobby-1")).to_contain_text("在线")
    expect(row(page, "lobby-1")).to_contain_text("刚刚")

    # 远程刷新: the lobby page loads again (the marker set on the old page is gone)
    with screen.expect_event("load", timeout=10000):
        row(page, "lobby-1").locator("button[data-action=远程刷新]").click()
    expect(page.locator("#notice")).to_contain_text("已通知设备刷新页面")
    assert screen.evaluate("window.__beforeReload") is None
    assert len(loads) == page_loads + 1 and loads[-1].endswith(f"/display/{HALL}/lobby")
    expect(screen.locator("#conn-banner")).to_be_hidden()

    # a kiosk whose printer is off: its ticket fails to print, with the reason
    kiosk_code = add_device(page, "kiosk-1", "kiosk", f"tcp://127.0.0.1:{printer_port}")
    enrolled = requests.post(f"{server.url}/api/v1/devices/enrol", json={"code": kiosk_code}, timeout=10)
    kiosk = {"Authorization": f"Device {enrolled.json()['token']}"}
    catalog = requests.get(f"{server.url}/api/v1/halls/{HALL}/catalog", headers=kiosk, timeout=10).json()
    taken = requests.post(f"{server.url}/api/v1/halls/{HALL}/tickets", headers=kiosk, timeout=10,
                          json={"scenario_id": catalog["scenarios"][0]["id"]})
    assert taken.status_code == 201, taken.text
    number = taken.json()["number"]
    page.click("[data-close]:visible")

    # the kiosk's own page, holding that token, is reloaded too (it is idle at home)
    kiosk_page, kiosk_errors = open_page(chromium, LOBBY, has_touch=False)
    kiosk_page.goto(f"{server.url}/enrol/")
    kiosk_page.evaluate("t => localStorage.setItem('bianmin.device.token', t)", enrolled.json()["token"])
    kiosk_page.goto(f"{server.url}/kiosk/{HALL}/")
    expect(kiosk_page.locator("#enrol-banner")).to_be_hidden()
    kiosk_page.wait_for_function("() => document.body.dataset.screen === 'home'")
    kiosk_page.wait_for_selector("html[data-remote=connected]")  # its Socket.IO connection
    kiosk_page.evaluate("window.__beforeReload = true")
    page.reload()
    with kiosk_page.expect_event("load", timeout=10000):
        row(page, "kiosk-1").locator("button[data-action=远程刷新]").click()
    assert kiosk_page.evaluate("window.__beforeReload") is None
    kiosk_page.context.close()
    assert kiosk_errors == [], kiosk_errors

    page.reload()
    kiosk_row = row(page, "kiosk-1")
    expect(kiosk_row).to_contain_text("打印机离线", timeout=10000)
    expect(kiosk_row).to_contain_text("拒绝连接")
    save(page, "manage-devices.png")

    page.click("a.m-nav-item:has-text('打印记录')")
    page.wait_for_url("**/manage/print-jobs")
    job = page.locator("#jobs tbody tr").filter(has_text=number)
    expect(job).to_contain_text("打印机离线")
    expect(job).to_contain_text("拒绝连接")
    expect(job).to_contain_text("kiosk-1")
    printer = FakePrinter(paper_status=0x12, port=printer_port)  # switched on again
    try:
        job.locator("button[data-action=重新打印]").click()
        expect(page.locator("#notice")).to_contain_text("已重新打印")
        assert number.encode() in printer.data
    finally:
        printer.stop()
    expect(page.locator("#jobs tbody tr").filter(has_text=number)).to_contain_text("已补打")
    save(page, "manage-print-jobs.png")

    # 吊销, confirmed: the lobby reloads and is refused; the token's next request is 401
    page.click("a.m-nav-item:has-text('设备')")
    page.wait_for_url("**/manage/devices")
    row(page, "lobby-1").locator("button[data-action=吊销]").click()
    expect(page.locator("#confirm")).to_be_visible()
    expect(page.locator("#confirm-text")).to_contain_text("lobby-1")
    page.click("#confirm-ok")
    expect(row(page, "lobby-1")).to_contain_text("已吊销")
    expect(screen.locator("#conn-banner")).to_contain_text("注册已失效", timeout=10000)
    token = screen.evaluate("localStorage.getItem('bianmin.device.token')")
    me = requests.get(f"{server.url}/api/v1/devices/me", headers={"Authorization": f"Device {token}"},
                      timeout=10)
    assert me.status_code == 401 and me.json()["error"] == "device_unknown"
    screen.context.close()
    assert screen_errors == [], screen_errors

    # every action is in the audit trail with its Chinese label and who did it
    page.click("a.m-nav-item:has-text('电子监察')")
    page.wait_for_url("**/manage/audit")
    page.locator("#filters select[name=kind]").select_option(label="设备")
    page.locator("#filters button[type=submit]").click()
    rows = page.locator("#trail tbody tr")
    for label in ("吊销设备", "远程刷新设备", "设备登记", "添加设备"):
        expect(rows.filter(has_text=label).first).to_contain_text("刘主任" if label != "设备登记" else label)
