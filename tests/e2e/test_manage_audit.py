"""电子监察 in headless Chromium: a manager filters the day's trail, pages it, reads the
attendance and downloads the CSV and the XLSX; a staff account is kept out.

Set DOC_IMAGES=docs/images to also save the screenshot of the page.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.test_manage_follow_ups import PASSWORD, cli, save, sign_in
from tests.support.server import RunningServer, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("audit")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    cli(instance, "add", "boss", "--password", PASSWORD, "--role", "manager", "--name", "刘主任")
    cli(instance, "add", "zhang", "--password", PASSWORD, "--windows", "1", "--name", "张晓梅",
        "--employee-no", "0071")
    running = start_server(instance, env={"BIANMIN_SECRET_KEY": "audit-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def page(office_page: Page) -> Page:
    return office_page


def a_morning_at_window_1(server: RunningServer) -> None:
    """张晓梅 signs in, serves three visitors, pauses for 系统故障, resumes, signs out."""
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["queue"]["prefix"] == "A")
    staff = requests.Session()
    assert staff.post(f"{server.url}/api/v1/session", json={
        "username": "zhang", "password": PASSWORD, "window": 1}, timeout=10).status_code == 200
    for _ in range(3):
        requests.post(f"{server.url}/api/v1/halls/demo/tickets",
                      json={"scenario_id": scenario["id"]}, timeout=10).raise_for_status()
        assert staff.post(f"{server.url}/api/v1/windows/1/call-next", json={}, timeout=10).ok
        assert staff.post(f"{server.url}/api/v1/windows/1/finish", json={"outcome": "done"},
                          timeout=10).ok
    assert staff.post(f"{server.url}/api/v1/windows/1/pause", json={"reason": "系统故障"},
                      timeout=10).ok
    assert staff.post(f"{server.url}/api/v1/windows/1/resume", json={}, timeout=10).ok
    assert staff.delete(f"{server.url}/api/v1/session", timeout=10).ok


def test_a_manager_filters_the_trail_and_reads_attendance(page: Page, server: RunningServer,
                                                          tmp_path: Path) -> None:
    a_morning_at_window_1(server)
    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")  # the landing page (实时概况)
    page.click("a.m-nav-item:has-text('电子监察')")
    page.wait_for_url("**/manage/audit")
    rows = page.locator("#trail tbody tr")
    expect(rows.first).to_contain_text("登录")  # the manager's own sign-in, newest
    # the day so far: 3×(取号 叫号 办结), pause, resume, sign-in and out, the accounts' creation
    expect(rows.filter(has_text="取号")).to_have_count(3)
    expect(rows.filter(has_text="办理完毕")).to_have_count(3)
    form = page.locator("#filters")
    form.locator("select[name=kind]").select_option(label="暂停与恢复")
    form.locator("button[type=submit]").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("恢复服务")
    expect(rows.nth(1)).to_contain_text("暂停服务")
    expect(rows.nth(1)).to_contain_text("原因：系统故障")
    expect(rows.nth(1)).to_contain_text("张晓梅（工号 0071）")
    form.locator("select[name=kind]").select_option("")
    form.locator("select[name=staff]").select_option(label="张晓梅（工号 0071）")
    form.locator("button[type=submit]").click()
    # the account made, sign-in, 3 calls, 3 outcomes, pause, resume, sign-out
    expect(page.locator("#summary")).to_contain_text("共 11 条记录")
    expect(rows.filter(has_text="办理结果：办结")).to_have_count(3)
    attendance = page.locator("#attendance tbody tr", has_text="张晓梅")
    expect(attendance).to_have_count(1)
    expect(attendance).to_contain_text("0.00")
    expect(page.locator("#attendance tbody tr", has_text="刘主任")).to_contain_text("仍在线")
    save(page, "manage-audit.png")
    with page.expect_download() as download:
        page.click("#export")
    saved = tmp_path / "audit.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("\ufeff时间,类别,人员") and text.count("张晓梅") == 11
    with page.expect_download() as download:
        page.click("#export-xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    cells = [list(r) for r in book["电子监察"].iter_rows(values_only=True)]
    assert "电子监察记录" in cells[0][0] and cells[1][:3] == ["时间", "类别", "人员"]
    assert sum(1 for r in cells[2:] if r[2] == "张晓梅") == 11


def test_staff_accounts_are_not_let_in(page: Page, server: RunningServer) -> None:
    page.goto(f"{server.url}/manage/audit")
    page.wait_for_url("**/manage/")
    assert requests.get(f"{server.url}/api/v1/halls/demo/audit", timeout=10).status_code == 401
