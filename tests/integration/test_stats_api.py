"""The report over HTTP: JSON, CSV and XLSX of the hand-built day, checked against the hand
figures (tests/support/stats_day.py) on SQLite and PostgreSQL; managers only."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from bianmin.app import create_app
from bianmin.staff.service import add_staff
from tests.support.stats_day import BY_WINDOW, FAST, PASSWORD, TOTAL, BuiltDay, build_day

FIGURE_HEADERS = [
    "取号数", "叫号数", "办理数", "办结", "受理", "上报", "补正", "退办", "咨询", "过号", "转办",
    "取消", "未办理（日终关闭）", "重呼次数", "平均等候（秒）", "等候中位数（秒）", "等候90%分位（秒）", "最长等候（秒）",
    "平均到窗（秒）", "平均办理（秒）", "评价数", "非常满意", "满意", "基本满意", "不满意", "非常不满意",
    "满意率", "参评率", "差评数", "差评按时回访", "差评待回访", "暂停次数", "暂停时长（秒）",
]
HEADERS = ["窗口", "窗口名称", *FIGURE_HEADERS]


@dataclass
class Served:
    client: FlaskClient
    day: BuiltDay
    code: str

    def get(self, suffix: str = "", query: str = "from=2026-12-01&to=2026-12-01&by=window"):  # type: ignore[no-untyped-def]
        return self.client.get(f"/api/v1/halls/{self.code}/stats{suffix}?{query}")


@pytest.fixture(params=["sqlite", "postgresql"])
def served(request, tmp_path: Path) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    """The day in a hall of its own, and a client signed in as that hall's manager."""
    if request.param == "sqlite":
        app = request.getfixturevalue("app")
    else:
        app = create_app({"instance": tmp_path, "database_url": request.getfixturevalue("postgres_demo"),
                          "async_mode": "threading", "auto_migrate": False, "load_demo": False,
                          "secret_key": "x"})
    db = app.extensions["bianmin"].db
    code = f"st{uuid.uuid4().hex[:8]}"
    day = build_day(db, code=code)
    add_staff(db, hall_code=code, username=f"{code}-boss", password=PASSWORD, display_name="主任",
              hash_method=FAST, role="manager")
    client = app.test_client()
    signed = client.post("/api/v1/session", json={"username": f"{code}-boss", "password": PASSWORD,
                                                   "window": None})
    assert signed.status_code == 200, signed.get_json()
    yield Served(client, day, code)
    if request.param != "sqlite":
        db.dispose()


def test_json_rows_and_total(served: Served) -> None:
    answer = served.get()
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["from"], body["to"], body["by"]) == ("2026-12-01", "2026-12-01", ["window"])
    assert body["rows"] == BY_WINDOW
    assert body["total"] == TOTAL
    both = served.get(query="from=2026-12-01&to=2026-12-01&by=day,window").get_json()
    assert both["rows"] == [{"day": "2026-12-01", **TOTAL}]
    assert both["groups"]["window"] == BY_WINDOW


def _text(value: object) -> str:
    return "" if value is None else str(value)


def test_csv_has_a_bom_chinese_headers_and_the_figures(served: Served) -> None:
    answer = served.get(".csv")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    assert answer.data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert table[0] == HEADERS
    assert table[1:] == [[_text(v) for v in row.values()] for row in BY_WINDOW]


def test_xlsx_has_a_sheet_per_grouping_and_the_total(served: Served) -> None:
    answer = served.get(".xlsx", "from=2026-11-30&to=2026-12-02&by=day,window")
    assert answer.status_code == 200
    assert answer.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames == ["按日", "按窗口", "合计"]
    days = [list(r) for r in book["按日"].iter_rows(values_only=True)]
    assert days[0] == ["日期", *FIGURE_HEADERS]
    assert days[1] == ["2026-12-01", *TOTAL.values()]
    assert days[2][:4] == ["2026-12-02", 1, 1, 0]
    windows = [list(r) for r in book["按窗口"].iter_rows(values_only=True)]
    # the 2nd's ticket T8 was called at window 1: one more issued and called there
    assert windows[0] == HEADERS
    assert windows[1][:4] == [1, "1号窗口", 4, 3]
    # P3 on window 2 runs on to 00:20 on the 2nd: 1,200 s more there, not counted twice
    assert days[2][-2:] == [0, 1200]
    # an empty name is an empty cell
    assert windows[2] == [*BY_WINDOW[1].values()][:-1] + [2400]
    assert windows[3:] == [[v if v != "" else None for v in row.values()] for row in BY_WINDOW[2:]]
    total = [list(r) for r in book["合计"].iter_rows(values_only=True)]
    assert total[0][0] == "报表" and "2026-11-30 至 2026-12-02" in total[0][1]
    assert [r[1] for r in total[1:]][:3] == [8, 6, 3]
    assert total[-2:] == [["暂停次数", 3], ["暂停时长（秒）", 9000]]


def test_managers_only(served: Served) -> None:
    anonymous = served.client.application.test_client()
    assert anonymous.get(f"/api/v1/halls/{served.code}/stats").status_code == 401
    staff = served.client.application.test_client()
    signed = staff.post("/api/v1/session", json={"username": f"{served.code}-zhang",
                                                  "password": PASSWORD, "window": 1})
    assert signed.status_code == 200
    for suffix in ("", ".csv", ".xlsx"):
        refused = staff.get(f"/api/v1/halls/{served.code}/stats{suffix}")
        assert refused.status_code == 403 and refused.get_json()["message"]


@pytest.mark.parametrize("query, code", [
    ("by=month", "invalid_grouping"),
    ("by=day,", "invalid_grouping"),
    ("from=2026-13-01", "invalid_date"),
    ("from=2026-02-30", "invalid_date"),
])
def test_bad_queries_are_400(served: Served, query: str, code: str) -> None:
    answer = served.get(query=query)
    assert answer.status_code == 400 and answer.get_json()["error"] == code
    assert answer.get_json()["message"]


def test_a_long_or_reversed_period_is_answered(served: Served) -> None:
    # the cost follows the hall's tickets, not the span: a long period is no burden
    long = served.get(query="from=1000-01-01&to=2026-12-31&by=day").get_json()
    assert [row["day"] for row in long["rows"]] == ["2026-12-01", "2026-12-02"]
    reversed_ = served.get(query="from=2026-12-02&to=2026-12-01").get_json()
    assert reversed_["rows"] == [] and reversed_["total"]["issued"] == 0


def test_a_repeated_grouping_counts_once(served: Served) -> None:
    body = served.get(query="from=2026-12-01&to=2026-12-01&by=window,day,window").get_json()
    assert body["by"] == ["window", "day"] and body["rows"] == BY_WINDOW


def test_csv_takes_one_grouping(served: Served) -> None:
    answer = served.get(".csv", "by=day,window")
    assert answer.status_code == 400 and answer.get_json()["error"] == "one_grouping"
