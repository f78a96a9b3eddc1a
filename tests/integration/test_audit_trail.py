"""The audit trail and attendance read from hand-built events (SQLite and PostgreSQL).

The day: hall in Asia/Shanghai, business day 2026-11-25 runs 2026-11-24 16:00 UTC to
2026-11-25 16:00 UTC. 张三 signs in at window 1 at 08:30, pauses 11:00–12:30 (午休), signs
out at 17:00; 李四 signs in at window 3 at 22:00 and out at 01:00 the next day (across the
hall's midnight); a sign-in of 张三 at 23:59 the day before lies outside the period.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bianmin.audit.attendance import attendance
from bianmin.audit.record import record
from bianmin.audit.trail import TrailQuery, trail
from bianmin.queue.models import TicketEvent
from bianmin.staff.models import Staff, StaffSession
from tests.support.calling import Counter, counter  # noqa: F401  (fixture)

ZONE = "Asia/Shanghai"
DAY = date(2026, 11, 25)
NEXT = date(2026, 11, 26)
LATER = datetime(2026, 12, 1, tzinfo=timezone.utc)


def utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=timezone.utc)


@pytest.fixture
def day(counter: Counter):  # type: ignore[no-untyped-def]  # noqa: F811
    """The hand-built day; returns the counter and the two staff ids."""
    ticket = counter.issue("A")  # its 'issued' event: 2026-11-25 01:00:01 UTC, no staff
    with counter.db.write() as s:
        zhang = Staff(hall_id=counter.hall_id, username=f"zhang{counter.hall_id}",
                      password_hash="x", display_name="张三", employee_no="0071")
        li = Staff(hall_id=counter.hall_id, username=f"li{counter.hall_id}",
                   password_hash="x", display_name="李四")
        s.add_all([zhang, li])
        s.flush()
        h = counter.hall_id
        record(s, "signin.ok", hall_id=h, staff_id=zhang.id, window_number=1, at=utc(24, 15, 59))
        record(s, "signin.ok", hall_id=h, staff_id=zhang.id, window_number=1, at=utc(25, 0, 30))
        record(s, "window.paused", hall_id=h, staff_id=zhang.id, window_number=1,
               at=utc(25, 3), reason="午休")
        record(s, "window.resumed", hall_id=h, staff_id=zhang.id, window_number=1,
               at=utc(25, 4, 30))
        record(s, "signout", hall_id=h, staff_id=zhang.id, window_number=1, at=utc(25, 9),
               reason="sign_out")
        record(s, "signin.ok", hall_id=h, staff_id=li.id, window_number=3, at=utc(25, 14))
        record(s, "signout", hall_id=h, staff_id=li.id, window_number=3, at=utc(25, 17))
        window1 = counter.hall.windows[1]
        for kind, at, data in [("called", utc(25, 1, 0, 5), {}),
                               ("recalled", utc(25, 1, 1), {"count": 1}),
                               ("started", utc(25, 1, 2), {}),
                               ("finished", utc(25, 1, 10), {"outcome": "accepted"})]:
            s.add(TicketEvent(hall_id=h, ticket_id=ticket, kind=kind, at=at, window_id=window1,
                              staff_id=zhang.id, data={"number": "A001", **data}))
        ids = zhang.id, li.id
    return counter, ids


def query(hall: Counter, **kw) -> TrailQuery:  # type: ignore[no-untyped-def]
    return TrailQuery(**{"hall_id": hall.hall_id, "zone": ZONE, "first": DAY, "last": NEXT, **kw})


def test_the_trail_merges_both_logs_newest_first(day) -> None:  # type: ignore[no-untyped-def]
    hall, (zhang, li) = day
    with hall.db.read() as s:
        page = trail(s, query(hall))
    # 6 audit rows in the period (not the sign-in of the day before), the ticket's issued
    # event and the 4 hand-built ticket events
    assert page.total == 11
    kinds = [r["kind"] for r in page.rows]
    assert kinds == ["signout", "signin.ok", "signout", "window.resumed", "window.paused",
                     "finished", "started", "recalled", "called", "issued", "signin.ok"]


def test_filters_staff_window_kind_and_period(day) -> None:  # type: ignore[no-untyped-def]
    hall, (zhang, li) = day
    with hall.db.read() as s:
        only_li = trail(s, query(hall, staff_id=li))
        window1 = trail(s, query(hall, window=1))
        pauses = trail(s, query(hall, kinds=("window.paused",)))
        next_day = trail(s, query(hall, first=NEXT))
        with_eve = trail(s, query(hall, first=date(2026, 11, 24), kinds=("signin.ok",)))
    assert [r["kind"] for r in only_li.rows] == ["signout", "signin.ok"]
    assert {r["staff"]["name"] for r in only_li.rows} == {"李四"}
    assert [r["kind"] for r in window1.rows] == ["signout", "window.resumed", "window.paused",
                                                 "finished", "started", "recalled", "called",
                                                 "signin.ok"]
    assert window1.total == 8
    (paused,) = pauses.rows
    assert (paused["kind_label"], paused["summary"], paused["window"]) == ("暂停服务", "原因：午休", 1)
    assert paused["local_time"] == "2026-11-25 11:00:00"
    assert paused["staff"] == {"id": zhang, "name": "张三", "username": f"zhang{hall.hall_id}",
                               "employee_no": "0071"}
    assert [(r["kind"], r["local_time"]) for r in next_day.rows] == [("signout", "2026-11-26 01:00:00")]
    assert [r["local_time"] for r in with_eve.rows] == [
        "2026-11-25 22:00:00", "2026-11-25 08:30:00", "2026-11-24 23:59:00"]


def test_rows_name_ticket_outcome_and_recall(day) -> None:  # type: ignore[no-untyped-def]
    hall, _ = day
    with hall.db.read() as s:
        rows = trail(s, query(hall, kinds=("finished", "recalled"))).rows
    assert [(r["kind_label"], r["ticket"], r["summary"], r["window"]) for r in rows] == [
        ("办理完毕", "A001", "办理结果：受理", 1), ("重呼", "A001", "第 1 次重呼", 1)]


def test_pages_are_disjoint_and_complete(day) -> None:  # type: ignore[no-untyped-def]
    hall, _ = day
    with hall.db.read() as s:
        whole = trail(s, query(hall)).rows
        pages = [trail(s, query(hall, page=n, per_page=5)) for n in (1, 2, 3, 4)]
    assert [len(p.rows) for p in pages] == [5, 5, 1, 0]
    assert {p.total for p in pages} == {11}
    assert [r["id"] for p in pages for r in p.rows] == [r["id"] for r in whole]


def test_attendance_of_the_day_and_across_midnight(day) -> None:  # type: ignore[no-untyped-def]
    hall, (zhang, li) = day
    with hall.db.read() as s:
        rows = attendance(s, hall.hall_id, ZONE, DAY, NEXT, LATER)
    got = [(r["day"], r["staff"]["name"], r["first_signin"], r["last_signout"], r["signed_in_s"],
            r["paused_s"], r["windows"], r["still_signed_in"]) for r in rows]
    assert got == [
        ("2026-11-25", "张三", "08:30:00", "17:00:00", 8 * 3600 + 1800, 5400, [1], False),
        ("2026-11-25", "李四", "22:00:00", None, 2 * 3600, 0, [3], False),
        ("2026-11-26", "李四", None, "01:00:00", 3600, 0, [], False),
    ]
    assert rows[0]["signed_in_hours"] == 8.5 and rows[0]["paused_hours"] == 1.5


def test_attendance_counts_an_open_session_up_to_now(day) -> None:  # type: ignore[no-untyped-def]
    hall, (zhang, li) = day
    with hall.db.read() as s:
        rows = attendance(s, hall.hall_id, ZONE, NEXT, NEXT, utc(25, 23))
    # the period 11-26 holds li's sign-out only (its sign-in was the day before): nothing open
    assert [(r["staff"]["name"], r["signed_in_s"]) for r in rows] == [("李四", 0)]
    with hall.db.read() as s:
        # 'now' at 13:00 UTC on the 25th (21:00 local): li has not signed in yet, zhang is out
        today = attendance(s, hall.hall_id, ZONE, DAY, DAY, utc(25, 14, 30))
    li_row = [r for r in today if r["staff"]["name"] == "李四"][0]
    assert (li_row["signed_in_s"], li_row["still_signed_in"]) == (1800, True)
    assert timedelta(seconds=li_row["signed_in_s"]) == timedelta(minutes=30)


def test_an_expired_session_ends_at_its_last_activity(counter: Counter) -> None:  # noqa: F811
    """王五 signs in at 08:00, is last seen at 12:00, and comes back the next morning at 08:10:
    the server then ends the expired session; the day counts 4 hours, not 16."""
    with counter.db.write() as s:
        wang = Staff(hall_id=counter.hall_id, username=f"wang{counter.hall_id}",
                     password_hash="x", display_name="王五")
        s.add(wang)
        s.flush()
        row = StaffSession(token_hash=f"t{counter.hall_id}", staff_id=wang.id, window_number=2,
                           created_at=utc(25, 0), last_seen_at=utc(25, 4), expires_at=utc(25, 12))
        s.add(row)
        s.flush()
        h = counter.hall_id
        record(s, "signin.ok", hall_id=h, staff_id=wang.id, window_number=2, at=utc(25, 0))
        record(s, "session.ended", hall_id=h, staff_id=wang.id, window_number=2,
               at=utc(26, 0, 10), reason="expired", session_id=row.id)
    with counter.db.read() as s:
        rows = attendance(s, counter.hall_id, ZONE, DAY, NEXT, LATER)
    assert [(r["day"], r["first_signin"], r["last_signout"], r["signed_in_s"]) for r in rows] == [
        ("2026-11-25", "08:00:00", "12:00:00", 4 * 3600)]
