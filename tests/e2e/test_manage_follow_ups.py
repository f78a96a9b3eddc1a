"""The managers' follow-up list in headless Chromium: a bad rating appears at once (live),
a manager opens it, records a note and closes it; a staff account is kept out.

Set DOC_IMAGES=docs/images to also save the screenshot of the follow-up list.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.support.server import RunningServer, start_server

PASSWORD = "guanli-2026"


def cli(instance: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    done = subprocess.run([sys.executable, "-m", "bianmin", "staff", *args, "--instance", str(instance)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("manage")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    cli(instance, "add", "boss", "--password", PASSWORD, "--role", "manager", "--name", "刘主任")
    cli(instance, "add", "zhang", "--password", PASSWORD, "--windows", "1", "--name", "张晓梅",
        "--employee-no", "0071")
    running = start_server(instance, env={"BIANMIN_SECRET_KEY": "manage-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def page(office_page: Page) -> Page:
    return office_page


def finished_ticket(server: RunningServer) -> dict:
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["queue"]["prefix"] == "A")
    ticket = requests.post(f"{server.url}/api/v1/halls/demo/tickets",
                           json={"scenario_id": scenario["id"]}, timeout=10).json()
    staff = requests.Session()
    assert staff.post(f"{server.url}/api/v1/session", json={
        "username": "zhang", "password": PASSWORD, "window": 1}, timeout=10).status_code == 200
    assert staff.post(f"{server.url}/api/v1/windows/1/call-next", json={}, timeout=10).status_code == 200
    assert staff.post(f"{server.url}/api/v1/windows/1/finish", json={}, timeout=10).status_code == 200
    return ticket


def save(page: Page, name: str) -> None:
    target = os.environ.get("DOC_IMAGES")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name))


def sign_in(page: Page, server: RunningServer, username: str) -> None:
    page.goto(f"{server.url}/manage/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_a_bad_rating_reaches_the_list_at_once_and_is_closed_with_a_note(page: Page, server: RunningServer) -> None:
    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")  # the landing page (实时概况)
    page.click("a.m-nav-item:has-text('差评回访')")
    page.wait_for_url("**/manage/follow-ups")
    expect(page.locator("#live")).to_have_text("实时更新中")
    ticket = finished_ticket(server)
    rated = requests.post(f"{server.url}/api/v1/tickets/{ticket['id']}/rating", json={
        "level": 2, "reasons": ["attitude", "trips"], "remark": "材料说了两次才说清楚",
        "phone": "13800000000", "token": ticket["token"]}, timeout=10)
    assert rated.status_code == 201, rated.text
    row = page.locator("#follow-ups tbody tr", has_text=ticket["number"])
    expect(row).to_be_visible(timeout=3000)  # live: no reload
    expect(row).to_contain_text("张晓梅（工号 0071）")
    expect(row).to_contain_text("服务态度、多次跑腿")
    row.click()
    detail = page.locator("#detail")
    expect(detail).to_contain_text("材料说了两次才说清楚")
    expect(detail).to_contain_text("13800000000")
    save(page, "manage-follow-ups.png")
    detail.locator("select[name=action]").select_option("rectified")
    detail.locator("textarea[name=text]").fill("已电话联系群众致歉，窗口增加一次性告知单")
    detail.locator("input[name=close]").check()
    detail.locator("button[type=submit]").click()
    expect(page.locator("#follow-ups tbody tr", has_text=ticket["number"])).to_have_count(0)
    page.click(".m-tab[data-state=closed]")
    closed = page.locator("#follow-ups tbody tr", has_text=ticket["number"])
    expect(closed).to_contain_text("已办结")
    closed.click()
    expect(detail).to_contain_text("已电话联系群众致歉")
    expect(detail).to_contain_text("刘主任")
    page.click("a.m-nav-item:has-text('评价记录')")
    expect(page.locator("#ratings tbody")).to_contain_text(ticket["number"])
    expect(page.locator("#summary")).to_contain_text("差评 1 条")
    save(page, "manage-ratings.png")


def test_staff_accounts_are_not_let_in(page: Page, server: RunningServer) -> None:
    sign_in(page, server, "zhang")
    expect(page.locator("#banner")).to_be_visible()
    page.goto(f"{server.url}/manage/follow-ups")
    page.wait_for_url("**/manage/")


def test_the_counter_shows_the_rating_live(page: Page, server: RunningServer) -> None:
    page.goto(f"{server.url}/counter/")
    page.fill("input[name=username]", "zhang")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=window]", "1")
    page.click("button[type=submit]")
    page.wait_for_url("**/counter/window")
    ticket = finished_ticket(server)
    last = page.locator("#last-rated")
    expect(last).to_have_text(f"{ticket['number']} 未评价", timeout=5000)
    rated = requests.post(f"{server.url}/api/v1/tickets/{ticket['id']}/rating",
                          json={"level": 5, "window": 1}, timeout=10)
    assert rated.status_code == 201, rated.text
    expect(last).to_have_text(f"{ticket['number']} 已评价", timeout=3000)  # live, not the 15 s poll
    expect(page.locator("#satisfaction")).to_contain_text("%")
    save(page, "counter-rated.png")
