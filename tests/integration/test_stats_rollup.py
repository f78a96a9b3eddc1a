"""The daily roll-up: names as they were, bad ratings followed up later, the department
grouping, ``bianmin stats rollup`` and ``bianmin serve`` rolling closed days up by itself."""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bianmin.catalog.models import Department, Hall, Scenario, Window
from bianmin.cli import main
from bianmin.ratings.models import RatingFollowUp
from bianmin.staff.models import Staff
from bianmin.stats import report
from bianmin.stats.models import TicketFact, TicketFactDay
from bianmin.stats.rollup import roll_up_closed
from tests.support.live import database_in, server_env
from tests.support.server import start_server
from tests.support.stats_day import BY_WINDOW, DAY, TOTAL, at, build_day

# 2026-12-02 12:00 local: the 1st is closed, the 2nd (T8's day) is today
NOON_NEXT_DAY = at("12:00", 1)


def built(db):  # type: ignore[no-untyped-def]
    code = f"st{uuid.uuid4().hex[:8]}"
    return code, build_day(db, code=code)


def _report(db, hall_id: int, by: list[str], first: date = DAY, last: date = DAY):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return report(session, session.get(Hall, hall_id), first, last, by)


def _rename_everything(db, hall_id: int, zhang: int) -> None:  # type: ignore[no-untyped-def]
    with db.write() as session:
        session.execute(update(Scenario).where(Scenario.hall_id == hall_id, Scenario.name == "测试事项A")
                        .values(name="新名称事项"))
        session.execute(update(Department).where(Department.hall_id == hall_id).values(name="新部门"))
        session.execute(update(Window).where(Window.hall_id == hall_id, Window.number == 1)
                        .values(name="综合窗口"))
        session.execute(update(Window).where(Window.hall_id == hall_id, Window.number == 3)
                        .values(number=33))
        session.execute(update(Staff).where(Staff.id == zhang).values(display_name="张三丰"))


def test_a_rolled_day_keeps_its_names_and_its_figures(any_db) -> None:  # type: ignore[no-untyped-def]
    code, day = built(any_db)
    rolled = roll_up_closed(any_db, NOON_NEXT_DAY, halls=[code])
    # the 1st is closed (7 tickets); the 2nd is today there, read raw
    assert [(r.day, r.tickets) for r in rolled] == [(DAY, 7)]
    assert roll_up_closed(any_db, NOON_NEXT_DAY, halls=[code]) == []
    _rename_everything(any_db, day.hall_id, day.zhang)

    answer = _report(any_db, day.hall_id, ["window", "scenario", "staff", "department", "queue"])
    assert answer["total"] == TOTAL
    assert answer["rows"] == BY_WINDOW  # window 3 is still 3, window 1 still 1号窗口
    assert [(r["scenario"], r["department"], r["issued"]) for r in answer["groups"]["scenario"]] == [
        ("测试事项A", "民政办", 4), ("测试事项B", "", 3)]
    assert [(r["department"], r["issued"]) for r in answer["groups"]["department"]] == [
        ("", 3), ("民政办", 4)]
    assert {r["staff"]: r["staff_name"] for r in answer["groups"]["staff"]} == {
        day.zhang: "张三", day.li: "李四", None: ""}
    assert [(r["queue"], r["queue_name"]) for r in answer["groups"]["queue"]] == [
        ("A", "1-2号窗口"), ("B", "3号窗口")]

    # the 2nd is not rolled up: today's names; both days together: each day's own names
    both = _report(any_db, day.hall_id, ["window", "staff"], DAY, DAY + timedelta(days=1))
    assert [(r["window"], r["window_name"], r["issued"]) for r in both["groups"]["window"]] == [
        (1, "综合窗口", 4), (2, "2号窗口", 1), (3, "3号窗口", 2), (None, "", 1)]
    assert {r["staff"]: r["staff_name"] for r in both["groups"]["staff"]}[day.zhang] == "张三丰"
    nxt = _report(any_db, day.hall_id, ["scenario"], DAY + timedelta(days=1), DAY + timedelta(days=1))
    assert [(r["scenario"], r["department"]) for r in nxt["rows"]] == [("新名称事项", "新部门")]


def test_a_raw_day_shows_the_department_on_scenario_rows(any_db) -> None:  # type: ignore[no-untyped-def]
    _, day = built(any_db)
    answer = _report(any_db, day.hall_id, ["department", "scenario"])
    assert [(r["department"], r["issued"], r["served"], r["bad_ratings"])
            for r in answer["rows"]] == [("", 3, 2, 1), ("民政办", 4, 1, 0)]
    assert [(r["scenario"], r["department"]) for r in answer["groups"]["scenario"]] == [
        ("测试事项A", "民政办"), ("测试事项B", "")]


@pytest.mark.parametrize("rolled", [False, True])
def test_bad_ratings_late_or_open_are_read_at_report_time(any_db, rolled: bool) -> None:  # type: ignore[no-untyped-def]
    code, day = built(any_db)
    if rolled:
        assert roll_up_closed(any_db, NOON_NEXT_DAY, halls=[code])

    def bad() -> tuple[int, int, int]:
        total = _report(any_db, day.hall_id, ["day"])["total"]
        return total["bad_ratings"], total["bad_handled_in_time"], total["bad_open"]

    assert bad() == (1, 1, 0)  # T3's follow-up closed 12-02, due 12-04
    with any_db.write() as session:
        rating_id = session.scalars(select(RatingFollowUp.rating_id)
                                    .where(RatingFollowUp.hall_id == day.hall_id)).one()
        session.execute(update(RatingFollowUp).where(RatingFollowUp.rating_id == rating_id)
                        .values(closed_at=at("13:00", 3)))
    assert bad() == (1, 0, 0)  # closed an hour late
    with any_db.write() as session:
        session.execute(update(RatingFollowUp).where(RatingFollowUp.rating_id == rating_id)
                        .values(closed_at=None))
    assert bad() == (1, 0, 1)  # still open


def test_the_cli_rolls_up_a_range_and_again(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    instance = tmp_path / "instance"
    db = database_in(instance)
    code, day = built(db)
    monkeypatch.setenv("BIANMIN_INSTANCE", str(instance))
    # the 1st is long closed by the real clock
    assert main(["stats", "rollup", "--hall", code, "--to", "2026-12-01"]) == 0
    assert "rolled up 1 day(s), 7 tickets" in capsys.readouterr().out
    assert main(["stats", "rollup", "--hall", code, "--to", "2026-12-01"]) == 0
    assert "rolled up 0 day(s), 0 tickets" in capsys.readouterr().out
    _rename_everything(db, day.hall_id, day.zhang)
    assert main(["stats", "rollup", "--hall", code, "--from", "2026-12-01", "--to",
                 "2026-12-01", "--again"]) == 0
    assert "rolled up 1 day(s), 7 tickets" in capsys.readouterr().out
    with db.read() as session:
        names = set(session.scalars(select(TicketFact.staff_name).where(TicketFact.hall_id == day.hall_id)))
    assert names == {"张三丰", "李四", ""}
    assert main(["stats", "rollup", "--hall", "nosuchhall"]) == 2
    assert main(["stats", "rollup", "--from", "12/01"]) == 2
    db.dispose()


def test_serve_rolls_up_closed_days_by_itself(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    db = database_in(instance)
    code, day = built(db)
    server = start_server(instance, env=server_env(code))
    try:
        deadline = time.monotonic() + 20
        rolled: list[date] = []
        while time.monotonic() < deadline and DAY not in rolled:
            with db.read() as session:
                rolled = list(session.scalars(select(TicketFactDay.business_day)
                                              .where(TicketFactDay.hall_id == day.hall_id)))
            time.sleep(0.2)
    finally:
        server.stop()
    assert DAY in rolled, server.log()
    today = datetime.now(timezone.utc).astimezone().date()
    assert all(d < today + timedelta(days=1) for d in rolled)
    assert _report(db, day.hall_id, ["window"])["rows"] == BY_WINDOW
    db.dispose()
