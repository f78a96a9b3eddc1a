"""Written notices at the counter, end to end in headless Chromium: 补正 with two missing
papers ticked → the 补齐补正通知书 prints (the printer's bytes and the preview) listing
exactly those two, and the ticket's status page shows them; then 受理 and 退办.

Set DOC_IMAGES=docs/images to also save the screenshots used by docs/notices.md.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from bianmin.catalog.models import Material, Scenario, TimeLimitKind, WindowGroup
from bianmin.db import Database
from bianmin.staff.models import Staff
from bianmin.staff.service import add_staff
from tests.e2e.conftest import watch_csp
from tests.support.server import RunningServer, start_server
from tests.unit.test_printer_escpos_text import read_escpos

pytestmark = [pytest.mark.e2e, pytest.mark.server]
PASSWORD = "chuangkou-9"


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[dict]:
    """A served demo hall printing to a preview folder; a 承诺件 with at least 3 papers."""
    instance = tmp_path_factory.mktemp("notices")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    with db.read() as session:
        scenario = next(
            s for s in session.scalars(
                select(Scenario).where(Scenario.time_limit_kind == TimeLimitKind.WORKING_DAYS,
                                       Scenario.promised_days > 1, Scenario.active)
                .order_by(Scenario.id))
            if 3 <= len(s.materials) <= 6)
        materials = [m.text for m in session.scalars(
            select(Material).where(Material.scenario_id == scenario.id).order_by(Material.position))]
        window = session.get(WindowGroup, scenario.window_group_id).window_numbers[0]
        scenario_id = scenario.id
    add_staff(db, hall_code="demo", username="wangfang", password=PASSWORD, display_name="王芳",
              hash_method="pbkdf2:sha256:1000")
    with db.write() as session:
        session.scalar(select(Staff).where(Staff.username == "wangfang")).employee_no = "A07"
    db.dispose()
    prints = instance / "prints"
    running = start_server(instance, async_mode="eventlet",
                           env={"BIANMIN_SECRET_KEY": "notices-e2e",
                                "BIANMIN_PRINTER": f"preview://{prints}"})
    yield {"server": running, "scenario": scenario_id, "materials": materials,
           "window": window, "prints": prints}
    running.stop()


def save(page: Page, name: str) -> None:
    target = os.environ.get("DOC_IMAGES")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name), animations="disabled")


def save_bytes(data: bytes, name: str) -> None:
    target = os.environ.get("DOC_IMAGES")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        (Path(target) / name).write_bytes(data)


def take_and_call(page: Page, hall: dict) -> dict:
    server: RunningServer = hall["server"]
    issued = page.request.post(f"{server.url}/api/v1/halls/demo/tickets",
                               data={"scenario_id": hall["scenario"]})
    assert issued.status == 201, issued.text()
    page.evaluate("window.counter.refresh()")
    page.locator("[data-action=call]").click()
    expect(page.locator(".c-number")).to_have_text(issued.json()["number"])
    return issued.json()


def printed_bytes(prints: Path, before: set[str]) -> bytes:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        new = sorted(set(p.name for p in prints.glob("*.bin")) - before)
        if new and (prints / new[-1].replace(".bin", ".png")).exists():
            return (prints / new[-1]).read_bytes()
        time.sleep(0.1)
    raise AssertionError("the notice never reached the printer")


def test_supplement_with_two_papers_ticked_prints_exactly_those_two(  # type: ignore[no-untyped-def]
        chromium: Browser, hall) -> None:
    server: RunningServer = hall["server"]
    materials = hall["materials"]
    errors: list[str] = []
    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN",
                                   has_touch=True)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    watch_csp(page, errors)
    page.goto(f"{server.url}/counter/")
    page.fill("input[name=username]", "wangfang")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=window]", str(hall["window"]))
    page.click("button[type=submit]")
    page.wait_for_url("**/counter/window")
    ticket = take_and_call(page, hall)

    # 办结 → 补正 opens the notice dialog with the scenario's checklist as big tick boxes
    page.locator("[data-action=finish]").click()
    page.locator("#outcomes .c-choice", has_text="补正").click()
    dialog = page.locator("#notice-dialog")
    expect(dialog).to_be_visible()
    ticks = dialog.locator("#notice-missing .c-tick")
    expect(ticks).to_have_count(len(materials))
    for i in range(len(materials)):
        box = ticks.nth(i).bounding_box()
        assert box is not None and box["height"] >= 60, box
    assert (dialog.locator("#notice-submit").bounding_box() or {}).get("height", 0) >= 60
    expect(dialog.locator("#notice-reason-part")).to_be_hidden()
    # nothing ticked: refused in Chinese, the ticket stays at the window
    dialog.locator("#notice-submit").click()
    expect(dialog.locator("#notice-error")).to_contain_text("补正须勾选缺少的材料")
    ticks.nth(0).tap()
    ticks.nth(2).tap()
    save(page, "counter-notice-dialog.png")
    before = {p.name for p in hall["prints"].glob("*.bin")}
    dialog.locator("#notice-submit").click()

    # the preview of what prints, with the number and the print state
    result = page.locator("#notice-result")
    expect(result).to_be_visible()
    expect(page.locator("#notice-result-title")).to_contain_text("补齐补正通知书")
    expect(page.locator("#notice-number")).to_contain_text("六十二团便民〔")
    expect(page.locator("#notice-print")).to_have_text("通知书已打印，请交给办事群众")
    page.wait_for_function("document.getElementById('notice-preview').naturalWidth === 576")
    save(page, "counter-notice-preview.png")

    # the printer got exactly the two ticked papers, in checklist order
    text = "".join(line.strip() for line in read_escpos(printed_bytes(hall["prints"], before)).lines)
    assert "补齐补正通知书" in text and "需补齐补正的材料共2项：" in text
    for i, paper in enumerate(materials):
        squeezed = "".join(paper.split())[:12]
        assert (squeezed in "".join(text.split())) == (i in (0, 2)), (i, paper)
    notice = page.request.get(f"{server.url}/api/v1/windows/{hall['window']}").json()["last_notice"]
    assert notice["missing"] == [materials[0], materials[2]]
    save_bytes(page.request.get(server.url + notice["preview_url"]).body(), "notice-supplement.png")

    # the visitor's status page shows the notice with those two papers
    status = context.new_page()
    status.goto(ticket["status_url"])
    items = status.locator("#notice .notice-missing li")
    expect(items).to_have_text([materials[0], materials[2]])
    expect(status.locator("#notice")).to_contain_text(notice["number"])
    status.set_viewport_size({"width": 480, "height": 1000})
    save(status, "status-notice.png")
    status.close()

    # reprint from the dialog: a second attempt
    page.locator("#notice-reprint").click()
    expect(page.locator("#notice-print")).to_have_text("通知书已打印，请交给办事群众")
    page.keyboard.press("Escape")
    expect(result).to_be_hidden()
    expect(page.locator("#last-notice")).to_be_visible()

    # 受理: the promised date; 退办: a reason from the list and where to turn
    take_and_call(page, hall)
    page.locator("[data-action=finish]").click()
    page.locator("#outcomes .c-choice", has_text="受理").first.click()
    expect(dialog.locator("#notice-missing-part")).to_be_hidden()
    dialog.locator("#notice-submit").click()
    expect(page.locator("#notice-result-title")).to_contain_text("受理通知书")
    accepted = page.request.get(f"{server.url}/api/v1/windows/{hall['window']}").json()["last_notice"]
    assert accepted["promised_date"] and accepted["number"].endswith("-002号")
    save_bytes(page.request.get(server.url + accepted["preview_url"]).body(), "notice-accepted.png")
    page.keyboard.press("Escape")

    take_and_call(page, hall)
    page.locator("[data-action=finish]").click()
    page.locator("#outcomes .c-choice", has_text="退办").click()
    dialog.locator("#notice-reasons .c-tick", has_text="不属于本中心受理范围").tap()
    dialog.locator("#notice-turn-to").fill("县政务服务中心社保窗口")
    save(page, "counter-notice-refused.png")
    dialog.locator("#notice-submit").click()
    expect(page.locator("#notice-result-title")).to_contain_text("不予受理告知书")
    refused = page.request.get(f"{server.url}/api/v1/windows/{hall['window']}").json()["last_notice"]
    assert (refused["reason"], refused["turn_to"]) == ("不属于本中心受理范围", "县政务服务中心社保窗口")
    save_bytes(page.request.get(server.url + refused["preview_url"]).body(), "notice-refused.png")
    context.close()
    assert errors == [], errors
