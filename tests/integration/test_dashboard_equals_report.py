"""One "today": the dashboard's figures are the report's row of the same day (SQLite and
PostgreSQL), on the hand-built day of tests/support/stats_day.py."""

from __future__ import annotations

import uuid

from bianmin.catalog.models import Hall
from bianmin.dashboard.board import read_board
from bianmin.queue.snapshot import read_snapshot
from bianmin.stats import report
from tests.support.stats_day import DAY, TOTAL, at, build_day


def test_the_dashboards_today_is_the_reports_day_row(any_db) -> None:  # type: ignore[no-untyped-def]
    day = build_day(any_db, code=f"de{uuid.uuid4().hex[:8]}")
    now = at("23:59")
    board = read_board(any_db, read_snapshot(any_db, hall_id=day.hall_id, clock=lambda: now), now)
    with any_db.read() as session:
        row = report(session, session.get(Hall, day.hall_id), DAY, DAY, ["day"])["rows"][0]
    assert row == {"day": "2026-12-01", **TOTAL}
    expected = {"business_day": row.pop("day"), "waiting": 0, **row}
    # the one difference is the clock: at 23:59 the dashboard sees P3 (23:40 – 00:20) 19
    # minutes in; the report of the past day counts it up to the day's end
    expected["pause_total_s"] -= 60
    assert board.today == expected
