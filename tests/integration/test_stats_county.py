"""The county's report (GET /api/v1/stats?by=hall): one row per hall, county managers only."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from bianmin.app import create_app
from bianmin.staff.service import add_staff
from tests.support.stats_day import FAST, PASSWORD, TOTAL, build_day

QUERY = "from=2026-12-01&to=2026-12-01"


def _client_of(app, username: str, window: int | None = None) -> FlaskClient:  # type: ignore[no-untyped-def]
    client = app.test_client()
    signed = client.post("/api/v1/session", json={"username": username, "password": PASSWORD,
                                                   "window": window})
    assert signed.status_code == 200, signed.get_json()
    client.role = signed.get_json()["staff"]["role"]  # type: ignore[attr-defined]
    return client


@pytest.fixture(params=["sqlite", "postgresql"])
def county(request, tmp_path: Path) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
    """Two halls with the hand-built day, a county manager at the first and a plain manager
    of the second."""
    if request.param == "sqlite":
        app = request.getfixturevalue("app")
    else:
        app = create_app({"instance": tmp_path, "database_url": request.getfixturevalue("postgres_demo"),
                          "async_mode": "threading", "auto_migrate": False, "load_demo": False,
                          "secret_key": "x"})
    db = app.extensions["bianmin"].db
    one, two = (f"st{uuid.uuid4().hex[:8]}" for _ in range(2))
    build_day(db, code=one)
    build_day(db, code=two)
    add_staff(db, hall_code=one, username=f"{one}-county", password=PASSWORD, display_name="县局",
              hash_method=FAST, role="county")
    add_staff(db, hall_code=two, username=f"{two}-boss", password=PASSWORD, display_name="主任",
              hash_method=FAST, role="manager")
    yield app, one, two
    if request.param != "sqlite":
        db.dispose()


def test_one_row_per_hall_with_the_hand_figures(county) -> None:  # type: ignore[no-untyped-def]
    app, one, two = county
    client = _client_of(app, f"{one}-county")
    assert client.role == "county"  # type: ignore[attr-defined]
    answer = client.get(f"/api/v1/stats?{QUERY}")
    assert answer.status_code == 200, answer.get_json()
    rows = {row["hall"]: row for row in answer.get_json()["rows"]}
    assert rows[one] == {"hall": one, "hall_name": f"{one}便民服务中心", **TOTAL}
    assert rows[two]["issued"] == TOTAL["issued"]
    assert answer.get_json()["total"]["issued"] >= 2 * TOTAL["issued"]
    table = list(csv.reader(io.StringIO(client.get(f"/api/v1/stats.csv?{QUERY}").data.decode("utf-8-sig"))))
    assert table[0][:4] == ["服务中心", "名称", "取号数", "叫号数"]
    assert [one, f"{one}便民服务中心", "7", "5"] in [r[:4] for r in table[1:]]
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/stats.xlsx?{QUERY}").data))
    assert book.sheetnames == ["按服务中心", "合计"]
    assert [one, f"{one}便民服务中心", 7, 5, 3] in [list(r[:5]) for r in book["按服务中心"].iter_rows(values_only=True)]
    # a county manager also reads any single hall's report
    other = client.get(f"/api/v1/halls/{two}/stats?{QUERY}&by=queue")
    assert other.status_code == 200 and other.get_json()["total"] == TOTAL


def test_county_managers_only(county) -> None:  # type: ignore[no-untyped-def]
    app, one, two = county
    assert app.test_client().get(f"/api/v1/stats?{QUERY}").status_code == 401
    boss = _client_of(app, f"{two}-boss")
    for suffix in ("", ".csv", ".xlsx"):
        refused = boss.get(f"/api/v1/stats{suffix}?{QUERY}")
        assert refused.status_code == 403 and refused.get_json()["error"] == "county_only"
    assert boss.get(f"/api/v1/halls/{one}/stats?{QUERY}").status_code == 403
    staff = _client_of(app, f"{one}-zhang", 1)
    assert staff.get(f"/api/v1/stats?{QUERY}").status_code == 403
    county_client = _client_of(app, f"{one}-county")
    bad = county_client.get("/api/v1/stats?by=window")
    assert bad.status_code == 400 and bad.get_json()["error"] == "invalid_grouping"
