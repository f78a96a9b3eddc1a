"""bianmin.stats on a day built by hand, on SQLite and PostgreSQL: every figure checked."""

from __future__ import annotations

import uuid
from datetime import date

from bianmin.catalog.models import Hall
from bianmin.stats import report, today_so_far
from tests.support.stats_day import BY_WINDOW, DAY, TOTAL, at, build_day, zeros


def built(db):  # type: ignore[no-untyped-def]
    """The day in a hall of its own (the PostgreSQL database is shared by the session)."""
    return build_day(db, code=f"st{uuid.uuid4().hex[:8]}")


def _report(db, day, by: list[str], first: date = DAY, last: date = DAY):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return report(session, session.get(Hall, day.hall_id), first, last, by)


def test_the_day_total_and_by_window(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    answer = _report(any_db, day, ["window"])
    assert answer["total"] == TOTAL
    assert answer["rows"] == BY_WINDOW
    assert answer["groups"] == {"window": BY_WINDOW}


def test_by_hour_queue_kiosk_and_staff(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    groups = _report(any_db, day, ["hour", "queue", "kiosk", "staff", "scenario"])["groups"]
    hours = {row["hour"]: row["issued"] for row in groups["hour"]}
    # T1 07:50 local (23:50 UTC the day before), T2 08:10, T3 T4 T5 09:xx, T6 10:00, T7 23:30
    assert hours == {7: 1, 8: 1, 9: 3, 10: 1, 23: 1}
    assert [(r["queue"], r["issued"], r["served"], r["no_shows"]) for r in groups["queue"]] == [
        ("A", 4, 1, 1), ("B", 3, 2, 0)]
    assert [(r["scenario"], r["issued"]) for r in groups["scenario"]] == [
        ("测试事项A", 4), ("测试事项B", 3)]
    assert [(r["kiosk"], r["issued"]) for r in groups["kiosk"]] == [("", 1), ("k1", 3), ("k2", 3)]
    staff = {r["staff"]: r for r in groups["staff"]}
    assert staff[day.zhang]["staff_name"] == "张三" and staff[day.li]["staff_name"] == "李四"
    assert {k: staff[day.zhang][k] for k in ("issued", "served", "transfers", "cancellations")} == {
        "issued": 3, "served": 1, "transfers": 1, "cancellations": 1}
    assert {k: staff[day.li][k] for k in ("issued", "served", "no_shows", "recalls", "service_mean_s")} == {
        "issued": 3, "served": 2, "no_shows": 1, "recalls": 2, "service_mean_s": 900.0}
    assert staff[None] == {"staff": None, "staff_name": "", **zeros(issued=1)}


def test_days_split_at_local_midnight_not_utc(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    rows = _report(any_db, day, ["day"], date(2026, 11, 30), date(2026, 12, 2))["rows"]
    assert [(r["day"], r["issued"], r["called"]) for r in rows] == [
        ("2026-12-01", 7, 5), ("2026-12-02", 1, 1)]
    assert rows[0] == {"day": "2026-12-01", **TOTAL}
    assert _report(any_db, day, ["day"], date(2026, 12, 3), date(2026, 12, 9))["rows"] == []


def test_today_so_far_is_the_hall_business_day(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    with any_db.read() as session:
        hall = session.get(Hall, day.hall_id)
        # 2026-12-01 23:59 local is 15:59 UTC; 00:45 local on the 2nd is still the 1st in UTC
        # at 23:59 P3 (paused at 23:40) is still open: 19 minutes of it so far
        assert today_so_far(session, hall, at("23:59")) == {"day": "2026-12-01", **TOTAL,
                                                             "pause_total_s": 7740.0}
        tomorrow = today_so_far(session, hall, at("00:45", 1))
    assert (tomorrow["day"], tomorrow["issued"], tomorrow["wait_mean_s"]) == ("2026-12-02", 1, 600.0)


def test_weekday_hour_cells_and_the_wait_histogram(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    answer = _report(any_db, day, ["weekday_hour", "weekday"])
    # 2026-12-01 is a Tuesday (ISO weekday 2); the hours of issue as in the test above
    assert [(r["weekday"], r["hour"], r["issued"]) for r in answer["rows"]] == [
        (2, 7, 1), (2, 8, 1), (2, 9, 3), (2, 10, 1), (2, 23, 1)]
    assert [(r["weekday"], r["issued"]) for r in answer["groups"]["weekday"]] == [(2, 7)]
    # waits 600, 600, 1800, 120, 600 s: one under 5 min, three in 10–15, one in 30–45
    assert [(b["from_min"], b["to_min"], b["count"]) for b in answer["wait_histogram"]] == [
        (0, 5, 1), (5, 10, 0), (10, 15, 3), (15, 20, 0), (20, 30, 0), (30, 45, 1), (45, 60, 0),
        (60, None, 0)]
