"""统计报表, 打印月报 and 全县 in headless Chromium against a real server (one for the module).

The server holds the demo hall (where the test takes, calls and finishes a ticket today)
and two halls with a generated November 2026 (bench/stats.py's generator): 新河镇 and 河西镇.
Every page runs under the app's strict CSP; the ``page`` fixture fails on any violation or
JavaScript error, so the ECharts charts are checked to draw without 'unsafe-inline'.

Set DOC_IMAGES=docs/images to also save the screenshots of docs/statistics.md.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import update

from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.test_manage_follow_ups import PASSWORD, save, sign_in
from tests.integration.test_api_counter import FAST
from tests.support.server import RunningServer, start_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from stats import generate  # noqa: E402  (bench/stats.py: a realistic history)

pytestmark = [pytest.mark.e2e, pytest.mark.server]

NOVEMBER = "from=2026-11-01&to=2026-11-30"
HALLS = {"xinhe": "新河镇便民服务中心", "hexi": "河西镇便民服务中心"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("reports")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    last_id = 0
    for seed, (code, name) in enumerate(HALLS.items()):
        *_, last_id = generate(db, 30, 30 + 20 * seed, code=code, seed=seed, ticket_id=last_id)
        with db.write() as session:
            session.execute(update(Hall).where(Hall.code == code).values(name=name))
    for hall, username, role, name, windows in [("demo", "boss", "manager", "刘主任", None),
                                                ("demo", "zhang", "staff", "张晓梅", [1]),
                                                ("xinhe", "xboss", "manager", "李主任", None),
                                                ("demo", "county", "county", "王科长", None)]:
        add_staff(db, hall_code=hall, username=username, password=PASSWORD, display_name=name,
                  windows=windows, role=role, hash_method=FAST)
    db.dispose()
    running = start_server(instance, env={"BIANMIN_SECRET_KEY": "reports-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def page(office_page: Page) -> Page:
    return office_page


def served_today(server: RunningServer) -> str:
    """A visitor of the demo hall takes an A number; window 1 calls and finishes it."""
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["queue"]["prefix"] == "A")
    ticket = requests.post(f"{server.url}/api/v1/halls/demo/tickets",
                           json={"scenario_id": scenario["id"]}, timeout=10)
    assert ticket.status_code == 201, ticket.text
    staff = requests.Session()
    assert staff.post(f"{server.url}/api/v1/session", json={
        "username": "zhang", "password": PASSWORD, "window": 1}, timeout=10).status_code == 200
    assert staff.post(f"{server.url}/api/v1/windows/1/call-next", json={}, timeout=10).status_code == 200
    assert staff.post(f"{server.url}/api/v1/windows/1/finish", json={}, timeout=10).status_code == 200
    staff.delete(f"{server.url}/api/v1/session", timeout=10)
    return ticket.json()["number"]


def charts_drawn(page: Page, ids: list[str]) -> None:
    for chart in ids:
        expect(page.locator(f"#{chart} svg")).to_have_count(1)
        expect(page.locator(f"#{chart}")).to_have_attribute("data-drawn", "true")


def test_a_manager_reads_todays_report_and_downloads_the_xlsx(page: Page, server: RunningServer) -> None:
    served_today(server)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    sign_in(page, server, "boss")
    page.wait_for_url("**/manage/dashboard")
    expect(page.locator("a.m-nav-item", has_text="全县")).to_have_count(0)  # a hall's manager
    page.click("a.m-nav-item:has-text('统计报表')")
    page.wait_for_url("**/manage/reports*")
    expect(page.locator(".r-periods .m-tab.is-active")).to_have_text("本月")
    row = page.locator("#table tbody tr", has_text=today)
    expect(row.locator("td[data-key=issued]")).to_have_text("1")
    expect(row.locator("td[data-key=served]")).to_have_text("1")
    expect(page.locator("#table thead th").first).to_have_text("日期")
    expect(page.locator("#table tfoot tr")).to_contain_text("合计")
    charts_drawn(page, ["chart-heat", "chart-wait", "chart-windows", "chart-satisfaction"])

    page.click("#tabs .m-tab:has-text('按窗口')")
    expect(page.locator("#table thead th").first).to_have_text("窗口")
    window_row = page.locator("#table tbody tr", has_text="1号窗口")
    expect(window_row.locator("td[data-key=served]")).to_have_text("1")
    assert "by=window" in page.url and "by=window" in page.get_attribute("#csv", "href")

    with page.expect_download() as download:
        page.click("#xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert {"按日", "按时段", "按队列", "按事项", "按窗口", "按人员", "按取号机", "合计"} <= set(book.sheetnames)
    sheet = book["按日"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[today]["取号数"] == 1 and rows[today]["办理数"] == 1, rows

    page.click("[data-period=last_month]")  # the demo hall has no history
    expect(page.locator("#empty")).to_be_visible()
    expect(page.locator("#empty")).to_have_text("该时段没有取号记录。")
    expect(page.locator("#charts")).to_be_hidden()


def test_the_printable_monthly_report(page: Page, server: RunningServer) -> None:
    sign_in(page, server, "xboss")
    page.wait_for_url("**/manage/dashboard")
    page.goto(f"{server.url}/manage/reports?{NOVEMBER}&by=window")
    charts_drawn(page, ["chart-heat", "chart-wait", "chart-windows", "chart-satisfaction"])
    expect(page.locator("#table tbody tr", has_text="号窗口")).to_have_count(12)
    expect(page.locator("#summary")).to_contain_text("新河镇便民服务中心")
    page.hover("#chart-windows", position={"x": 300, "y": 150})  # a tooltip, drawn without HTML
    page.wait_for_timeout(300)
    save(page, "manage-reports.png")
    assert "from=2026-11-01" in page.get_attribute("#print", "href")

    page.goto(f"{server.url}/manage/reports/print?month=2026-11")
    expect(page.locator("body")).to_have_attribute("data-ready", "drawn")
    expect(page.locator("#hall-name")).to_have_text("新河镇便民服务中心")
    expect(page.locator("#period")).to_have_text("2026-11-01 至 2026-11-30")
    for table in ("day", "window", "staff", "queue"):
        expect(page.locator(f"#table-{table} tfoot tr")).to_contain_text("合计")
    expect(page.locator("#table-day tbody tr")).to_have_count(30)
    charts_drawn(page, ["chart-heat", "chart-wait", "chart-windows", "chart-satisfaction"])
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi, for the picture
    page.emulate_media(media="print")
    expect(page.locator(".p-toolbar")).to_be_hidden()
    assert "新河镇便民服务中心" in page.inner_text("body")
    save(page, "manage-report-print.png")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000 and pages >= 3, (len(pdf), pages)

    page.emulate_media(media="screen")
    page.goto(f"{server.url}/manage/reports/print?month=2026-01")  # before the hall's history
    expect(page.locator("body")).to_have_attribute("data-ready", "empty")
    expect(page.locator("#empty")).to_have_text("该时段没有取号记录。")
    expect(page.locator("#content")).to_be_hidden()
    page.click("text=返回统计报表")
    page.wait_for_url("**/manage/reports?from=2026-01-01&to=2026-01-31*")
    expect(page.locator("#empty")).to_be_visible()


def test_a_county_manager_compares_the_halls_and_switches_hall(page: Page, server: RunningServer) -> None:
    sign_in(page, server, "county")
    page.wait_for_url("**/manage/dashboard")
    page.click("a.m-nav-item:has-text('全县')")
    page.wait_for_url("**/manage/county*")
    page.goto(f"{server.url}/manage/county?{NOVEMBER}")
    rows = page.locator("#table tbody tr")
    expect(rows).to_have_count(3)  # demo, hexi, xinhe: every hall of the server
    expect(page.locator("#table tbody tr[data-hall=xinhe]")).to_contain_text("新河镇便民服务中心")
    expect(page.locator("#table tbody tr[data-hall=hexi]")).to_contain_text("河西镇便民服务中心")
    expect(page.locator("#table tfoot tr")).to_contain_text("合计")
    charts_drawn(page, ["chart-halls"])
    assert "/api/v1/stats.xlsx?from=2026-11-01" in page.get_attribute("#xlsx", "href")
    save(page, "manage-county.png")

    page.click("#table tbody tr[data-hall=hexi] a")  # the hall's own report
    page.wait_for_url("**/manage/reports?hall=hexi*")
    expect(page.locator(".m-brand")).to_contain_text("河西镇便民服务中心")
    expect(page.locator("#hall option")).to_have_count(3)
    page.select_option("#hall", "xinhe")
    page.wait_for_url("**/manage/reports?hall=xinhe*")
    expect(page.locator("#summary")).to_contain_text("新河镇便民服务中心")

    page.click("a.m-nav-item:has-text('实时概况')")  # the switcher stays on the hall picked
    page.wait_for_url("**/manage/dashboard?hall=xinhe")
    expect(page.locator("#windows li")).to_have_count(12)  # xinhe's windows, not demo's
    expect(page.locator("#live")).to_have_text("每 10 秒刷新")  # another hall: asked, not pushed
    page.select_option("#hall", "demo")  # back home: no ?hall=, live again
    page.wait_for_url("**/manage/dashboard")
    expect(page.locator("#live")).to_have_text("实时更新中")
