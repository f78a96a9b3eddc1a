"""The counter terminal in headless Chromium: sign in, then serve visitors by keys and taps.

Set DOC_IMAGES=docs/images to also save the screenshots used by docs/counter.md.
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
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page
from tests.support.server import RunningServer, start_server

PASSWORD = "chuangkou-1"
SCREEN = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    """The demo hall under eventlet, with staff added through the real command line."""
    instance = tmp_path_factory.mktemp("counter")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    added = subprocess.run(
        [sys.executable, "-m", "bianmin", "staff", "add", "zhang", "--password", PASSWORD,
         "--windows", "1,2", "--name", "张晓梅", "--instance", str(instance)],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert added.returncode == 0, added.stderr
    running = start_server(instance, async_mode="eventlet",
                           env={"BIANMIN_SECRET_KEY": "counter-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    page, errors = open_page(chromium, SCREEN)
    yield page
    page.context.close()
    assert errors == [], f"JavaScript errors on the counter: {errors}"


def take(server: RunningServer, prefix: str, count: int, priority: str = "normal") -> list[dict]:
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenarios = [s for s in catalog["scenarios"] if s["queue"]["prefix"] == prefix]
    tickets = []
    for i in range(count):
        response = requests.post(f"{server.url}/api/v1/halls/demo/tickets", timeout=10, json={
            "scenario_id": scenarios[i % len(scenarios)]["id"], "priority": priority})
        assert response.status_code == 201, response.text
        tickets.append(response.json())
    return tickets


def save(page: Page, name: str) -> None:
    target = os.environ.get("DOC_IMAGES")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name))


def loaded(page: Page) -> None:
    """The window page has drawn its first state (keys before that are ignored)."""
    page.wait_for_url("**/counter/window")
    expect(page.locator("#counts")).to_contain_text("今日")


def sign_in(page: Page, server: RunningServer, password: str = PASSWORD, window: str = "1") -> None:
    page.goto(f"{server.url}/counter/")
    page.fill("input[name=username]", "zhang")
    page.fill("input[name=password]", password)
    page.fill("input[name=window]", window)
    page.click("button[type=submit]")


def test_staff_sign_in_and_serve_visitors_by_keys_and_taps(page: Page, server: RunningServer) -> None:
    tickets = take(server, "A", 3)
    sign_in(page, server, password="wrong-pass")
    expect(page.locator("#banner")).to_have_text("用户名或密码不正确，请重新输入。")
    sign_in(page, server, window="3")
    expect(page.locator("#banner")).to_contain_text("没有被授权在这个窗口")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=window]", "1")
    save(page, "counter-signin.png")
    page.click("button[type=submit]")
    loaded(page)

    expect(page.locator(".c-window-number")).to_have_text("1号窗口")
    expect(page.locator(".c-waiting-number")).to_have_text([t["number"] for t in tickets])

    page.keyboard.press("F1")
    first = tickets[0]
    expect(page.locator(".c-number")).to_have_text(first["number"])
    expect(page.locator(".c-materials li")).to_have_count(len(first["materials"]))
    expect(page.locator(".c-scenario")).to_have_text(first["scenario"]["name"])
    expect(page.locator("#notice")).to_contain_text(f"已叫 {first['number']} 号")
    save(page, "counter.png")

    page.keyboard.press("F2")
    expect(page.locator(".c-chips")).to_contain_text("已重呼 1 次")
    page.keyboard.press("F3")
    expect(page.locator(".c-chips")).to_contain_text("办理中")
    page.keyboard.press("F4")
    expect(page.locator("#finish-dialog")).to_be_visible()
    page.keyboard.press("3")  # 上报 (受理, 补正 and 退办 open the notice dialog: test_counter_notices.py)
    expect(page.locator("#notice")).to_have_text(f"{first['number']} 号已办结（上报）")
    expect(page.locator("#counts")).to_contain_text("办结 1")

    page.locator("[data-action=call]").tap()
    expect(page.locator(".c-number")).to_have_text(tickets[1]["number"])
    page.keyboard.press("F5")
    expect(page.locator("#counts")).to_contain_text("过号 1")

    page.keyboard.press(" ")
    expect(page.locator(".c-number")).to_have_text(tickets[2]["number"])
    page.keyboard.press("F6")
    page.locator("#transfer-queues .c-choice", has_text="B 队列").click()
    expect(page.locator("#notice")).to_contain_text("已转到")
    expect(page.locator(".c-idle-title")).to_have_text("当前没有办理中的号")


def test_pause_blocks_calling_and_says_how_to_resume(page: Page, server: RunningServer) -> None:
    take(server, "A", 1)
    sign_in(page, server, window="2")
    loaded(page)
    page.keyboard.press("F8")
    # F8 asks why first: 1 … 5 choose a reason (tests/e2e/test_counter_pause_reason.py)
    expect(page.locator("#pause-dialog")).to_be_visible()
    page.keyboard.press("1")
    expect(page.locator(".c-paused")).to_contain_text("暂停中：午间休息")
    expect(page.locator("[data-action=pause]")).to_contain_text("恢复服务")
    page.keyboard.press("F1")
    expect(page.locator("#banner")).to_have_text("本窗口已暂停服务，请先恢复服务。")
    page.keyboard.press("F8")
    expect(page.locator(".c-paused")).to_have_count(0)
    page.keyboard.press("F1")
    expect(page.locator(".c-number")).to_be_visible()
    page.keyboard.press("F4")
    page.keyboard.press("Enter")
    expect(page.locator("#notice")).to_contain_text("已办结（办结）")


def test_refresh_shows_a_new_ticket_and_every_button_is_big(page: Page, server: RunningServer) -> None:
    sign_in(page, server, window="2")
    loaded(page)
    expect(page.locator("#waiting-title")).to_be_visible()
    new = take(server, "A", 1, priority="green")[0]
    page.evaluate("window.counter.refresh()")
    expect(page.locator(".c-waiting-item").first).to_contain_text(new["number"])
    expect(page.locator(".c-waiting-item").first).to_contain_text("绿色通道")
    for button in page.locator("button:visible").all():
        box = button.bounding_box()
        assert box and box["height"] >= 60 and box["width"] >= 60, button.inner_text()
    page.locator("#signout").click()
    page.wait_for_url("**/counter/")
    expect(page.locator("h1")).to_have_text("窗口工作人员登录")


def test_a_new_ticket_appears_on_the_counter_by_itself(page: Page, server: RunningServer) -> None:
    sign_in(page, server, window="2")
    loaded(page)
    page.wait_for_timeout(500)  # the live connection is up
    new = take(server, "A", 1)[0]
    # no refresh call and the fallback poll is 15 s away: the live event must do it
    expect(page.locator(".c-waiting-item").filter(has_text=new["number"])).to_have_count(1, timeout=2000)
