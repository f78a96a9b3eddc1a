"""A known business day built by hand (tickets, events, ratings) for the statistics tests.

Hall ``test`` (Asia/Shanghai, UTC+8), queues A (windows 1, 2) and B (window 3); zhang works
windows 1–2, li window 3 (and 2). Business day 2026-12-01 runs from 2026-11-30 16:00 UTC to
2026-12-01 16:00 UTC, so its morning crosses midnight UTC (08:00 local). Local times:

Scenario A belongs to department 民政办, scenario B to none.

    T1 A001 k1  07:50 issued, 08:00 called w1 zhang, 08:01 started, 08:11 finished 办结, rated 5
    T2 A002 k1  08:10 issued, 08:20 called w2 li, 08:22 recalled, 08:25 no-show
    T3 B001 k2  09:05 issued, 09:35 called w3 li, 09:36 started, 09:56 finished 受理, rated 2
                at 12:00 (a bad rating: its follow-up is due 12-04 12:00, closed 12-02 09:00)
    T4 A003 k2  09:30 issued, 09:32 called w1 zhang, 09:33 started, 09:40 transferred → T5,
                rated 3 (a transferred visitor may rate)
    T5 B002 —   09:40 issued by the transfer (its transferred_in names window 1: not its
                window), 09:50 called w3 li, 09:51 recalled, 09:52 started, 10:02 finished 咨询
    T6 A004 k1  10:00 issued, 10:05 cancelled at w1 by zhang
    T7 B003 k2  23:30 issued, never called
    T8 A001 k1  2026-12-02 00:30 issued, 00:40 called w1 zhang (the next business day)

Window pauses (``audit_event`` window.paused / window.resumed, as the counter writes them):

    P1 w3 li     07:50 – 08:10 临时离开  (23:50 – 00:10 UTC: across midnight UTC) 1,200 s
    P2 w1 zhang  12:00 – 13:30 午间休息                                           5,400 s
    P3 w2 li     23:40 – 2026-12-02 00:20 系统故障 (across the hall's midnight): 1,200 s on
                 the 1st, 1,200 s on the 2nd; counted once, on the 1st
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from bianmin.audit.models import AuditEvent
from bianmin.catalog.models import Department, Scenario
from bianmin.db import Database
from bianmin.queue.models import Ticket, TicketEvent, TicketStatus
from bianmin.ratings.models import Rating, RatingFollowUp
from bianmin.staff.service import add_staff
from tests.support.factories import make_hall

DAY = date(2026, 12, 1)
FAST = "pbkdf2:sha256:1000"
PASSWORD = "chuangkou-1"
# local midnight of DAY, in UTC
START = datetime(2026, 11, 30, 16, 0, tzinfo=timezone.utc)


def at(hhmm: str, day_offset: int = 0) -> datetime:
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return START + timedelta(days=day_offset, hours=hours, minutes=minutes)


@dataclass
class BuiltDay:
    hall_id: int
    zhang: int
    li: int
    tickets: dict[str, int]


def build_day(db: Database, code: str = "test") -> BuiltDay:
    with db.write() as session:
        hall = make_hall(session, code=code, queues={"A": [1, 2], "B": [3]})
        department = Department(hall_id=hall.hall_id, name="民政办")
        session.add(department)
        session.flush()
        scenario = session.get(Scenario, hall.scenarios["A"])
        assert scenario is not None
        scenario.department_id = department.id
    zhang = add_staff(db, hall_code=code, username=f"{code}-zhang", password=PASSWORD,
                      display_name="张三", windows=[1, 2], hash_method=FAST).id
    li = add_staff(db, hall_code=code, username=f"{code}-li", password=PASSWORD,
                   display_name="李四", windows=[2, 3], hash_method=FAST).id
    w = hall.windows
    plan = [
        # name, code, kiosk, issued, day offset, events [(kind, hhmm, window, staff, data)], rating
        ("T1", "A001", "k1", "07:50", 0, [("issued", "07:50", None, None, {}),
         ("called", "08:00", 1, zhang, {}), ("started", "08:01", 1, zhang, {}),
         ("finished", "08:11", 1, zhang, {"outcome": "done"})], 5),
        ("T2", "A002", "k1", "08:10", 0, [("issued", "08:10", None, None, {}),
         ("called", "08:20", 2, li, {}), ("recalled", "08:22", 2, li, {"count": 1}),
         ("no_show", "08:25", 2, li, {})], None),
        ("T3", "B001", "k2", "09:05", 0, [("issued", "09:05", None, None, {}),
         ("called", "09:35", 3, li, {}), ("started", "09:36", 3, li, {}),
         ("finished", "09:56", 3, li, {"outcome": "accepted"})], 2),
        ("T4", "A003", "k2", "09:30", 0, [("issued", "09:30", None, None, {}),
         ("called", "09:32", 1, zhang, {}), ("started", "09:33", 1, zhang, {}),
         ("transferred", "09:40", 1, zhang, {})], 3),
        ("T5", "B002", "", "09:40", 0, [("transferred_in", "09:40", 1, zhang, {}),
         ("called", "09:50", 3, li, {}), ("recalled", "09:51", 3, li, {"count": 1}),
         ("started", "09:52", 3, li, {}),
         ("finished", "10:02", 3, li, {"outcome": "consulted"})], None),
        ("T6", "A004", "k1", "10:00", 0, [("issued", "10:00", None, None, {}),
         ("cancelled", "10:05", 1, zhang, {})], None),
        ("T7", "B003", "k2", "23:30", 0, [("issued", "23:30", None, None, {})], None),
        ("T8", "A001", "k1", "00:30", 1, [("issued", "00:30", None, None, {}, ),
         ("called", "00:40", 1, zhang, {})], None),
    ]
    ids: dict[str, int] = {}
    with db.write() as session:
        for name, number, kiosk, issued, offset, events, level in plan:
            prefix = number[0]
            ticket = Ticket(
                hall_id=hall.hall_id, queue_id=hall.queues[prefix], scenario_id=hall.scenarios[prefix],
                business_day=DAY + timedelta(days=offset), number=int(number[1:]), code=number,
                status=TicketStatus.DONE, issued_at=at(issued, offset),
                queued_since=at(issued, offset), kiosk=kiosk,
            )
            session.add(ticket)
            session.flush()
            ids[name] = ticket.id
            for kind, hhmm, window, staff, data in events:
                session.add(TicketEvent(
                    hall_id=hall.hall_id, ticket_id=ticket.id, kind=kind, at=at(hhmm, offset),
                    window_id=w[window] if window else None, staff_id=staff,
                    data={"number": number, **data}))
            if level is not None:
                last = events[-1]
                rating = Rating(
                    hall_id=hall.hall_id, ticket_id=ticket.id, level=level,
                    reasons=["attitude"] if level <= 2 else [], channel="phone",
                    window_id=w[last[2]], staff_id=last[3], queue_id=hall.queues[prefix],
                    scenario_id=hall.scenarios[prefix], business_day=DAY,
                    created_at=at("12:00"))
                session.add(rating)
                if level <= 2:
                    session.flush()
                    session.add(RatingFollowUp(
                        rating_id=rating.id, hall_id=hall.hall_id, due_at=at("12:00", 3),
                        closed_at=at("09:00", 1)))
        pauses = [(3, li, "07:50", 0, "08:10", 0, "临时离开"), (1, zhang, "12:00", 0, "13:30", 0, "午间休息"),
                  (2, li, "23:40", 0, "00:20", 1, "系统故障")]
        for window, staff, begin, begin_day, end, end_day, reason in pauses:
            add_pause(session, hall.hall_id, window, staff, at(begin, begin_day),
                      at(end, end_day), reason)
    return BuiltDay(hall.hall_id, zhang, li, ids)


def add_pause(session, hall_id: int, window: int, staff: int, begin: datetime,  # type: ignore[no-untyped-def]
              end: datetime | None, reason: str = "") -> None:
    """A window's pause (and its resume, unless ``end`` is None) as ``queue.calling`` records it."""
    session.add(AuditEvent(kind="window.paused", hall_id=hall_id, staff_id=staff,
                           window_number=window, at=begin, detail={"reason": reason, "by": staff}))
    if end is not None:
        session.add(AuditEvent(kind="window.resumed", hall_id=hall_id, staff_id=staff,
                               window_number=window, at=end,
                               detail={"by": staff, "paused_by": staff,
                                       "paused_at": begin.isoformat()}))


def zeros(**given: object) -> dict[str, object]:
    """A row's figures: everything counted 0 (times and shares None) unless given."""
    row: dict[str, object] = {
        "issued": 0, "called": 0, "served": 0, "outcome_done": 0, "outcome_accepted": 0,
        "outcome_forwarded": 0, "outcome_supplement": 0, "outcome_refused": 0,
        "outcome_consulted": 0, "no_shows": 0, "transfers": 0, "cancellations": 0, "unserved": 0,
        "recalls": 0,
        "wait_mean_s": None, "wait_p50_s": None, "wait_p90_s": None, "wait_max_s": None,
        "walk_mean_s": None, "service_mean_s": None, "ratings": 0, "rating_5": 0,
        "rating_4": 0, "rating_3": 0, "rating_2": 0, "rating_1": 0, "satisfaction": None,
        "rating_rate": None, "bad_ratings": 0, "bad_handled_in_time": 0, "bad_open": 0,
        "pauses": 0, "pause_total_s": 0.0,
    }
    row.update(given)
    return row


# worked out by hand from the table in the module docstring
TOTAL = zeros(
    issued=7, called=5, served=3, outcome_done=1, outcome_accepted=1, outcome_consulted=1,
    no_shows=1, transfers=1, cancellations=1, recalls=2,
    # waits 600, 600, 1800, 120, 600 s
    wait_mean_s=744.0, wait_p50_s=600.0, wait_p90_s=1800.0, wait_max_s=1800.0,
    # walks 60, 60, 60, 120; services 600, 1200, 600 (T4 was transferred, not served)
    walk_mean_s=75.0, service_mean_s=800.0,
    ratings=3, rating_5=1, rating_3=1, rating_2=1, satisfaction=0.3333, rating_rate=0.6667,
    # T3's 不满意, followed up in time
    bad_ratings=1, bad_handled_in_time=1,
    # P1 + P2 + P3's part on the 1st
    pauses=3, pause_total_s=7800.0,
)
BY_WINDOW = [
    # T1, T4, T6 (T5's transferred_in at window 1 does not count)
    {"window": 1, "window_name": "1号窗口", **zeros(issued=3, called=2, served=1, outcome_done=1, transfers=1,
                          cancellations=1, wait_mean_s=360.0, wait_p50_s=120.0,
                          wait_p90_s=600.0, wait_max_s=600.0, walk_mean_s=60.0,
                          service_mean_s=600.0, ratings=2, rating_5=1, rating_3=1,
                          satisfaction=0.5, rating_rate=1.0, pauses=1, pause_total_s=5400.0)},
    {"window": 2, "window_name": "2号窗口", **zeros(issued=1, called=1, no_shows=1, recalls=1, wait_mean_s=600.0,
                          wait_p50_s=600.0, wait_p90_s=600.0, wait_max_s=600.0, pauses=1,
                          pause_total_s=1200.0)},
    {"window": 3, "window_name": "3号窗口", **zeros(issued=2, called=2, served=2, outcome_accepted=1, outcome_consulted=1,
                          recalls=1, wait_mean_s=1200.0, wait_p50_s=600.0, wait_p90_s=1800.0,
                          wait_max_s=1800.0, walk_mean_s=90.0, service_mean_s=900.0,
                          ratings=1, rating_2=1, satisfaction=0.0, rating_rate=0.5,
                          bad_ratings=1, bad_handled_in_time=1, pauses=1, pause_total_s=1200.0)},
    {"window": None, "window_name": "", **zeros(issued=1)},
]
