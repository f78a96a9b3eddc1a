"""服务中心设置 and 工作人员 in headless Chromium against a real server (docs/admin.md).

A manager edits the lobby's notice and it scrolls on the lobby screen within 1 s; sets the
opening hours (weekday breaks, copy Monday, a holiday, a 调休 Saturday) and reads them back;
adds a staff member who then signs in at the counter at window 3; disabling that member
signs the open counter page out at once. DOC_IMAGES=docs/images saves the screenshots.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.test_manage_follow_ups import PASSWORD, cli, sign_in
from tests.support.server import RunningServer, start_server

COUNTER = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("admin")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    cli(instance, "add", "boss", "--password", PASSWORD, "--role", "manager", "--name", "刘主任")
    running = start_server(instance, env={"BIANMIN_SECRET_KEY": "admin-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def page(office_page: Page) -> Page:
    return office_page


def save(page: Page, name: str) -> None:
    """The whole page (forms are longer than the screen) into DOC_IMAGES, if set."""
    target = os.environ.get("DOC_IMAGES")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name), full_page=True)


def signed_in_manager(page: Page, server: RunningServer, nav: str, path: str) -> None:
    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")
    page.click(f"a.m-nav-item:has-text('{nav}')")
    page.wait_for_url(f"**/manage/{path}")


@pytest.mark.serial
def test_a_new_notice_scrolls_on_the_lobby_within_a_second(
    page: Page, server: RunningServer, chromium: Browser,
) -> None:
    lobby, lobby_errors = open_page(chromium, {"width": 1920, "height": 1080})
    try:
        lobby.goto(f"{server.url}/display/demo/lobby")
        ticker = lobby.locator("#ticker")
        expect(ticker).to_contain_text("监督投诉电话")
        signed_in_manager(page, server, "服务中心设置", "hall")
        expect(page.locator("input[name=name]")).to_have_value("六十二团便民服务中心")
        notice = f"今天下午三点起系统升级，请提前取号（{time.time_ns() % 10_000}）"
        page.fill("textarea[name=notice]", notice)
        with page.expect_response(lambda r: r.request.method == "PATCH") as patched:
            page.click("#save")
        assert patched.value.status == 200
        saved_at = time.monotonic()
        expect(ticker).to_contain_text(notice, timeout=1000)
        assert time.monotonic() - saved_at < 1.0
        expect(page.locator("#saved")).to_contain_text("已保存")
        # a wrong field is named next to it; nothing is written
        page.fill("input[name=complaint_phone]", "请拨打")
        page.click("#save")
        expect(page.locator("[data-error-for=complaint_phone]")).to_contain_text("监督投诉电话只能含数字")
        expect(page.locator("input[name=complaint_phone]")).to_have_class("is-invalid")
        hall = requests.get(f"{server.url}/api/v1/halls/demo/snapshot", timeout=10).json()["hall"]
        assert hall["notice"] == notice and hall["complaint_phone"] == "12345"
    finally:
        lobby.context.close()
    assert lobby_errors == []


def test_opening_hours_are_set_and_read_back(page: Page, server: RunningServer) -> None:
    signed_in_manager(page, server, "服务中心设置", "hall")
    monday = page.locator(".ad-ranges[data-day=mon]")
    expect(page.locator("#week tbody tr")).to_have_count(7)
    page.locator("tr[data-day=mon] button:has-text('+ 时段')").click()
    page.locator("tr[data-day=mon] button:has-text('+ 时段')").click()
    monday.locator(".ad-range").nth(0).locator("[data-part=start]").fill("09:30")
    monday.locator(".ad-range").nth(0).locator("[data-part=end]").fill("13:30")
    monday.locator(".ad-range").nth(1).locator("[data-part=start]").fill("16:00")
    monday.locator(".ad-range").nth(1).locator("[data-part=end]").fill("19:30")
    page.click("#copy-monday")
    expect(page.locator(".ad-ranges[data-day=fri] .ad-range")).to_have_count(2)
    expect(page.locator(".ad-ranges[data-day=sat]")).to_contain_text("不营业")
    page.click("#add-holiday")
    holiday = page.locator("#holidays tbody tr").last
    holiday.locator("[data-part=start]").fill("2027-10-01")
    holiday.locator("[data-part=end]").fill("2027-10-07")
    holiday.locator("[data-part=name]").fill("国庆节")
    page.click("#add-workday")
    workday = page.locator("#workdays tbody tr").last
    workday.locator("[data-part=date]").fill("2027-10-09")
    workday.locator("[data-part=name]").fill("国庆调休")
    page.click("#add-special")
    # the fair green channel's limits: a wrong one is named under its field, nothing saved
    expect(page.locator("input[name=green_streak_limit]")).to_have_value("2")
    page.fill("input[name=green_streak_limit]", "0")
    page.click("#save")
    expect(page.locator("[data-error-for=green_streak_limit]")).to_contain_text("须为 1–10 的整数")
    page.fill("input[name=green_streak_limit]", "3")
    page.fill("input[name=normal_wait_limit_minutes]", "40")
    page.click("#save")
    expect(page.locator("#saved")).to_contain_text("已保存")
    expect(page.locator("[data-error-for=green_streak_limit]")).to_have_text("")
    save(page, "manage-hall.png")
    page.reload()
    expect(page.locator("input[name=green_streak_limit]")).to_have_value("3")
    expect(page.locator("input[name=normal_wait_limit_minutes]")).to_have_value("40")
    expect(page.locator(".ad-ranges[data-day=thu] .ad-range")).to_have_count(2)
    expect(page.locator(".ad-ranges[data-day=thu] [data-part=end]").nth(1)).to_have_value("19:30")
    expect(page.locator("#holidays [data-part=name]")).to_have_value("国庆节")
    expect(page.locator("#status")).to_contain_text("当前状态")
    hours = page.evaluate("fetch('/api/v1/halls/demo').then(r => r.json())")["hours"]
    assert hours["weekly"]["mon"] == hours["weekly"]["fri"] == [["09:30", "13:30"], ["16:00", "19:30"]]
    assert hours["weekly"]["sat"] == []
    assert hours["holidays"] == [{"start": "2027-10-01", "end": "2027-10-07", "name": "国庆节"}]
    assert hours["workdays"] == [{"date": "2027-10-09", "as": "mon", "name": "国庆调休"}]
    assert hours["special"][0]["weekday"] == "sat" and hours["special"][0]["mode"] == "extra"
    # an overlapping range is refused with the day named; the stored hours stay
    page.locator(".ad-ranges[data-day=tue] .ad-range").nth(1).locator("[data-part=start]").fill("12:00")
    page.click("#save")
    expect(page.locator("[data-error-for=hours]")).to_contain_text("周二：时间段有重叠")


def counter_sign_in(counter: Page, server: RunningServer, username: str, password: str, window: str) -> None:
    counter.goto(f"{server.url}/counter/")
    counter.fill("input[name=username]", username)
    counter.fill("input[name=password]", password)
    counter.fill("input[name=window]", window)
    counter.click("button[type=submit]")


@pytest.mark.serial
def test_a_new_staff_member_signs_in_and_disabling_signs_them_out_at_once(
    page: Page, server: RunningServer, chromium: Browser,
) -> None:
    signed_in_manager(page, server, "工作人员", "staff")
    expect(page.locator("#staff tbody tr[data-staff=boss]")).to_contain_text("管理页面")
    page.click("#add")
    form = page.locator("#staff-form")
    form.locator("input[name=username]").fill("wang")
    form.locator("input[name=display_name]").fill("王建华")
    form.locator("input[name=employee_no]").fill("0112")
    form.locator("input[name=all_windows]").uncheck()
    form.locator("input[name=window][value='3']").check()
    form.locator("input[name=password]").fill("abc")
    page.click("#staff-save")  # too short: named next to the field, nothing added
    expect(form.locator("[data-error-for=password]")).to_contain_text("密码 至少要 6 个字符")
    save(page, "manage-staff-add.png")
    form.locator("input[name=password]").fill("wang-pass-1")
    page.click("#staff-save")
    row = page.locator("#staff tbody tr[data-staff=wang]")
    expect(row).to_contain_text("王建华（工号 0112）")
    expect(row).to_contain_text("3号")
    expect(row).to_contain_text("启用")

    counter, counter_errors = open_page(chromium, COUNTER)
    try:
        counter_sign_in(counter, server, "wang", "wang-pass-1", "3")
        counter.wait_for_url("**/counter/window")
        expect(counter.locator("#counts")).to_contain_text("今日")
        page.reload()
        expect(row).to_contain_text("3号窗口（")
        save(page, "manage-staff.png")
        row.locator("button:has-text('停用')").click()
        expect(page.locator("#confirm-text")).to_contain_text("立即退出登录")
        page.click("#confirm-ok")
        expect(row).to_contain_text("停用")
        disabled_at = time.monotonic()
        counter.wait_for_url("**/counter/", timeout=3000)
        assert time.monotonic() - disabled_at < 3.0
        # the account cannot sign in again until enabled
        counter_sign_in(counter, server, "wang", "wang-pass-1", "3")
        expect(counter.locator("#banner")).to_contain_text("用户名或密码不正确")
        row.locator("button:has-text('启用')").click()
        expect(row.locator(".ad-state-on")).to_have_text("启用")
        # a reset shows the new password once; it works at the counter
        row.locator("button:has-text('重置密码')").click()
        page.click("#confirm-ok")
        secret = page.locator("#secret-password")
        expect(secret).to_have_text(re.compile(r"^[a-z2-9]{10}$"))
        new_password = secret.text_content() or ""
        page.click("#secret button")
        counter_sign_in(counter, server, "wang", new_password, "3")
        counter.wait_for_url("**/counter/window")
    finally:
        counter.context.close()
    assert counter_errors == []
    trail = page.evaluate("fetch('/api/v1/halls/demo/audit?kind=staff.added,staff.disabled,"
                          "staff.enabled,staff.password_reset').then(r => r.json())")
    kinds = [r["kind_label"] for r in trail["rows"]]
    assert kinds[:4] == ["重置密码", "启用账号", "停用账号", "添加人员"]
    assert "操作人：刘主任" in trail["rows"][2]["summary"]
