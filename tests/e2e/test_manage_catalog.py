"""事项目录 and 窗口与队列 in headless Chromium against a real server: a manager uploads the
demo catalog as XLSX with one row changed, sees the anomaly report and what would change,
applies it, and an open kiosk shows the change without a reload; a manager adds a window
and a staff member given it signs in there at the counter.

Set DOC_IMAGES=docs/images to also save the screenshots of both pages.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.test_manage_follow_ups import PASSWORD, cli, save, sign_in
from tests.support.server import RunningServer, start_server

NEW_ITEM = "新增要件：独生子女证"
INSTANCE: dict[str, Path] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = INSTANCE["path"] = tmp_path_factory.mktemp("catalog-admin")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    cli(instance, "add", "boss", "--password", PASSWORD, "--role", "manager", "--name", "刘主任")
    running = start_server(instance, env={"BIANMIN_SECRET_KEY": "catalog-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def page(office_page: Page) -> Page:
    return office_page


def edited_workbook(server: RunningServer, tmp_path: Path) -> Path:
    """The demo catalog exported as XLSX with one more item in 出生登记's 办理要件."""
    boss = requests.Session()
    assert boss.post(f"{server.url}/api/v1/session", json={
        "username": "boss", "password": PASSWORD}, timeout=10).status_code == 200
    exported = boss.get(f"{server.url}/api/v1/halls/demo/catalog/export.xlsx", timeout=20)
    assert exported.status_code == 200
    book = load_workbook(io.BytesIO(exported.content))
    row = next(r for r in book.active.iter_rows() if r[3].value == "出生登记")
    row[5].value = f"{row[5].value} 9.{NEW_ITEM}"
    path = tmp_path / "事项清单.xlsx"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_upload_preview_apply_reaches_the_open_kiosk(page: Page, chromium: Browser, server: RunningServer,
                                                     tmp_path: Path) -> None:
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    born = next(s for s in catalog["scenarios"] if s["name"] == "出生登记")
    kiosk, kiosk_errors = open_page(chromium, {"width": 1080, "height": 1920})
    kiosk.goto(f"{server.url}/kiosk/demo/scenario/{born['id']}")
    expect(kiosk.locator(".scn-list")).to_contain_text("出生医学证明")
    expect(kiosk.locator(".scn-list")).not_to_contain_text(NEW_ITEM)
    workbook = edited_workbook(server, tmp_path)

    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")
    page.click("a.m-nav-item:has-text('事项目录')")
    page.wait_for_url("**/manage/catalog")
    expect(page.locator("#scenarios tbody tr").first).to_be_visible()
    page.set_input_files("#upload input[type=file]", str(workbook))
    page.click("#upload button[type=submit]")
    counts = page.locator("#preview-counts")
    expect(counts).to_contain_text("1修改")
    expect(counts).to_contain_text("0新增")
    expect(counts).to_contain_text("0停用")
    expect(page.locator("#preview-changes")).to_contain_text("出生登记：办理要件")
    # the anomaly report of the file, by line
    expect(page.locator("#problems tbody tr").first).to_contain_text("待核对")
    assert page.locator("#problems tbody tr").count() > 100
    save(page, "manage-catalog.png")
    page.click("#apply")
    expect(page.locator("#applied")).to_contain_text("修改 1")
    # the kiosk, never reloaded, shows the new item
    expect(kiosk.locator(".scn-list")).to_contain_text(NEW_ITEM, timeout=5000)
    kiosk.context.close()
    assert kiosk_errors == []

    # edit one scenario in the form; a blank name is refused under the field
    page.fill("#search", "出生登记")
    page.locator("#scenarios tbody tr", has_text="出生登记").first.click()
    page.fill("#scenario-form input[name=name]", "   ")
    page.click("#scenario-form button[type=submit]")
    expect(page.locator("#scenario-form .c-error[data-for=name]")).not_to_be_empty()
    page.fill("#scenario-form input[name=name]", "出生登记（新生儿落户）")
    page.click("#scenario-form button[type=submit]")
    expect(page.locator("#saved")).to_contain_text("已保存")
    expect(page.locator("#scenarios tbody")).to_contain_text("出生登记（新生儿落户）")


def test_a_new_window_gets_a_new_staff_member_who_signs_in_there(page: Page, server: RunningServer) -> None:
    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")
    page.goto(f"{server.url}/manage/windows")
    expect(page.locator("#windows tbody tr").first).to_contain_text("1号")
    page.click("#add-window")
    page.fill("#window-form input[name=number]", "1")
    page.click("#window-form button[type=submit]")
    expect(page.locator("#window-form .c-error[data-for=number]")).to_contain_text("已经存在")
    page.fill("#window-form input[name=number]", "30")
    page.fill("#window-form input[name=name]", "无差别综合受理窗口")
    page.check("#window-form input[name=serves_all]")
    page.check("#window-form input[name=green_channel]")
    page.click("#window-form button[type=submit]")
    expect(page.locator("#window-saved")).to_contain_text("已保存")
    expect(page.locator("#windows tbody")).to_contain_text("无差别综合受理窗口")
    # the hall's green-channel 专窗: marked in its row, ticked in its form
    expect(page.locator("#windows tbody tr", has_text="30号")).to_contain_text("绿色通道专窗")
    expect(page.locator("#window-form input[name=green_channel]")).to_be_checked()
    save(page, "manage-windows.png")
    # then a staff member for it, on the 工作人员 page, who signs in there
    page.goto(f"{server.url}/manage/staff")
    page.click("#add")
    form = page.locator("#staff-form")
    form.locator("input[name=username]").fill("wang")
    form.locator("input[name=display_name]").fill("王建华")
    form.locator("input[name=all_windows]").uncheck()
    form.locator("input[name=window][value='30']").check()
    form.locator("input[name=password]").fill(PASSWORD)
    page.click("#staff-save")
    expect(page.locator("#staff tbody tr[data-staff=wang]")).to_contain_text("30号")
    counter = page.context.new_page()
    counter.goto(f"{server.url}/counter/")
    counter.fill("input[name=username]", "wang")
    counter.fill("input[name=password]", PASSWORD)
    counter.fill("input[name=window]", "30")
    counter.click("button[type=submit]")
    counter.wait_for_url("**/counter/window")
    expect(counter.locator("body")).to_contain_text("无差别综合受理窗口")


def test_retiring_a_scenario_with_visitors_waiting_asks_in_a_dialog(page: Page, server: RunningServer) -> None:
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["name"] == "临时救助金给付")
    for _ in range(2):
        requests.post(f"{server.url}/api/v1/halls/demo/tickets", json={"scenario_id": scenario["id"]},
                      timeout=10).raise_for_status()
    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")
    page.goto(f"{server.url}/manage/catalog")
    page.fill("#search", "临时救助金给付")
    page.locator("#scenarios tbody tr", has_text="临时救助金给付").first.click()
    page.click("#retire")
    dialog = page.locator("#strand")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("2 位群众在排队")
    dialog.locator("input[value=close]").check()
    dialog.locator("button[value=ok]").click()
    expect(page.locator("#saved")).to_contain_text("已保存")
    expect(page.locator("#retire")).to_be_hidden()
    rows = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()["scenarios"]
    assert scenario["id"] not in {s["id"] for s in rows}
