"""Window pauses in the report (bianmin/stats/pauses.py) on the hand-built day, SQLite and
PostgreSQL: cut at the hall's midnights and the period's edges, open pauses up to now or the
day's end, counted once, and null for groupings where they mean nothing."""

from __future__ import annotations

import uuid
from datetime import date

from bianmin.catalog.models import Hall
from bianmin.stats import report
from bianmin.stats.pauses import pause_totals
from tests.support.stats_day import DAY, TOTAL, add_pause, at, build_day, zeros


def built(db):  # type: ignore[no-untyped-def]
    return build_day(db, code=f"sp{uuid.uuid4().hex[:8]}")


def _report(db, day, by: list[str], first: date = DAY, last: date = DAY):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return report(session, session.get(Hall, day.hall_id), first, last, by)


def test_pauses_by_day_cut_at_the_halls_midnight(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    with any_db.write() as session:
        # a day without tickets: 2026-11-29 10:00–10:30 local
        add_pause(session, day.hall_id, 1, day.zhang, at("10:00", -2), at("10:30", -2), "业务培训/会议")
    answer = _report(any_db, day, ["day"], date(2026, 11, 29), date(2026, 12, 2))
    assert [(r["day"], r["issued"], r["pauses"], r["pause_total_s"]) for r in answer["rows"]] == [
        ("2026-11-29", 0, 1, 1800.0),
        ("2026-12-01", 7, 3, 7800.0),
        # P3's last 20 minutes: its time counts here, the pause itself on the 1st
        ("2026-12-02", 1, 0, 1200.0),
    ]
    assert answer["rows"][0] == {"day": "2026-11-29", **zeros(pauses=1, pause_total_s=1800.0)}
    assert (answer["total"]["pauses"], answer["total"]["pause_total_s"]) == (4, 10800.0)


def test_a_pause_begun_before_the_period_counts_from_its_start(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    with any_db.write() as session:
        # 2026-11-30 23:00 → 2026-12-01 00:30 local at window 2 (15:00 → 16:30 UTC)
        add_pause(session, day.hall_id, 2, day.li, at("23:00", -1), at("00:30"), "其他：停电")
    answer = _report(any_db, day, ["window", "staff"])
    by_window = {r["window"]: (r["pauses"], r["pause_total_s"]) for r in answer["groups"]["window"]}
    assert by_window == {1: (1, 5400.0), 2: (2, 3000.0), 3: (1, 1200.0), None: (0, 0.0)}
    by_staff = {r["staff"]: (r["staff_name"], r["pauses"], r["pause_total_s"])
                for r in answer["groups"]["staff"]}
    assert by_staff == {day.zhang: ("张三", 1, 5400.0), day.li: ("李四", 3, 4200.0), None: ("", 0, 0.0)}
    assert (answer["total"]["pauses"], answer["total"]["pause_total_s"]) == (4, 9600.0)
    # the day before sees only its own hour of it
    before = _report(any_db, day, ["day"], date(2026, 11, 30), date(2026, 11, 30))
    assert [(r["day"], r["pauses"], r["pause_total_s"]) for r in before["rows"]] == [
        ("2026-11-30", 1, 3600.0)]


def test_an_open_pause_counts_up_to_now_or_the_days_end(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    with any_db.write() as session:
        add_pause(session, day.hall_id, 3, day.li, at("22:00"), None, "系统故障")
    with any_db.read() as session:
        hall = session.get(Hall, day.hall_id)
        # at 23:00 the open pause has run an hour; P3 (23:40) has not begun
        assert pause_totals(session, hall, DAY, DAY, at("23:00")) == {
            "pauses": 3, "pause_total_s": 1200.0 + 5400.0 + 3600.0}
        # a past day: up to its end (22:00–24:00), and the next day in full (still paused)
        assert pause_totals(session, hall, DAY, DAY, at("12:00", 5)) == {
            "pauses": 4, "pause_total_s": 7800.0 + 7200.0}
        assert pause_totals(session, hall, DAY, DAY + date.resolution, at("12:00", 5)) == {
            "pauses": 4, "pause_total_s": 7800.0 + 7200.0 + 1200.0 + 86400.0}
        # now before the period: nothing
        assert pause_totals(session, hall, DAY, DAY, at("00:00", -3)) == {
            "pauses": 0, "pause_total_s": 0.0}


def test_groupings_without_a_meaning_for_pauses_get_null(any_db) -> None:  # type: ignore[no-untyped-def]
    day = built(any_db)
    answer = _report(any_db, day, ["hour", "queue", "kiosk", "weekday", "window"])
    for by in ("hour", "queue", "kiosk", "weekday"):
        assert answer["groups"][by], by
        assert all(r["pauses"] is None and r["pause_total_s"] is None for r in answer["groups"][by]), by
    assert answer["total"] == TOTAL
