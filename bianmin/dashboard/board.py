"""The hall now, for its managers: queues, windows, today's figures and the alerts.

Built on the hall snapshot (what the screens show, with its ``version``) plus a read of
who is signed in, since when windows are paused, today's figures (``today``) and open bad
ratings. The page redraws from this whenever a hall event arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from bianmin.catalog.models import Hall, Window
from bianmin.dashboard.today import longest_waits, read_today
from bianmin.db import Database
from bianmin.queue.clock import as_aware, business_day
from bianmin.queue.models import Ticket
from bianmin.queue.snapshot import HallSnapshot
from bianmin.queue.windows import WindowState
from bianmin.ratings.levels import BAD
from bianmin.ratings.models import Rating, RatingFollowUp
from bianmin.staff.models import Staff, StaffSession

# today's bad ratings named one by one in the alerts (newest first); the rest in one line
BAD_RATING_ALERTS = 3


@dataclass(frozen=True)
class Thresholds:
    """When a queue's longest wait or a window's pause becomes an alert (settings)."""

    wait_minutes: int = 30
    pause_minutes: int = 15


@dataclass(frozen=True)
class QueueNow:
    prefix: str
    name: str
    waiting: int
    longest_wait_s: float | None


@dataclass(frozen=True)
class WindowNow:
    number: int
    name: str
    # paused | serving (a visitor called or at the window) | idle (signed in) | closed
    state: str
    paused_since: datetime | None
    ticket: str | None
    staff: list[str]
    # the reason given at the counter when paused; "" when none or not paused
    pause_reason: str = ""


@dataclass(frozen=True)
class BadRating:
    rating_id: int
    level: int
    code: str
    window: int | None
    at: datetime
    overdue: bool


@dataclass(frozen=True)
class Alert:
    # long_wait | long_pause | bad_rating
    kind: str
    message: str
    queue: str | None = None
    window: int | None = None
    rating_id: int | None = None


@dataclass(frozen=True)
class Board:
    snapshot: HallSnapshot
    # the report's figures of the business day (bianmin.stats.today_so_far) and ``waiting``
    today: dict[str, Any]
    queues: list[QueueNow]
    windows: list[WindowNow]
    open_bad_ratings: list[BadRating]
    alerts: list[Alert]


def read_board(db: Database, snapshot: HallSnapshot, now: datetime,
               thresholds: Thresholds = Thresholds()) -> Board:
    """The dashboard of the snapshot's hall at ``now`` (an aware datetime)."""
    hall_id, day = snapshot.hall_id, snapshot.business_day
    with db.read() as session:
        hall = session.get(Hall, hall_id)
        assert hall is not None  # the snapshot was read from it
        today = read_today(session, hall, now)
        longest = longest_waits(session, hall_id, day, now)
        since = dict(session.execute(
            select(WindowState.window_id, WindowState.paused_at)
            .where(WindowState.hall_id == hall_id, WindowState.paused.is_(True))).all())
        signed_in = session.execute(
            select(StaffSession.window_number, Staff.display_name, Staff.username)
            .join(Staff, Staff.id == StaffSession.staff_id)
            .where(Staff.hall_id == hall_id, Staff.active.is_(True),
                   StaffSession.window_number.is_not(None), StaffSession.ended_at.is_(None),
                   StaffSession.expires_at > now)
            .order_by(StaffSession.created_at)).all()
        bad = session.execute(
            select(Rating.id, Rating.level, Ticket.code, Window.number, Rating.created_at,
                   RatingFollowUp.due_at)
            .join(RatingFollowUp, RatingFollowUp.rating_id == Rating.id)
            .join(Ticket, Ticket.id == Rating.ticket_id)
            .outerjoin(Window, Window.id == Rating.window_id)
            .where(Rating.hall_id == hall_id, Rating.level <= BAD,
                   RatingFollowUp.closed_at.is_(None))
            .order_by(Rating.created_at.desc(), Rating.id.desc())).all()
    staff: dict[int, list[str]] = {}
    for number, display_name, username in signed_in:
        name = display_name or username
        if name not in staff.setdefault(number, []):
            staff[number].append(name)
    at_window = {c.window_number: c.number for c in snapshot.current}
    windows = [
        WindowNow(w.number, w.name, _state(w.paused, w.number in at_window, bool(staff.get(w.number))),
                  as_aware(since[w.id]) if w.paused and since.get(w.id) else None,
                  at_window.get(w.number), staff.get(w.number, []),
                  w.pause_reason if w.paused else "")
        for w in snapshot.windows
    ]
    queues = [QueueNow(q.prefix, q.name, q.waiting, longest.get(q.id)) for q in snapshot.queues]
    bad_ratings = [BadRating(r.id, r.level, r.code, r.number, as_aware(r.created_at),
                             as_aware(r.due_at) < now) for r in bad]
    return Board(snapshot, today, queues, windows, bad_ratings,
                 alerts(queues, windows, bad_ratings, day, now, thresholds, snapshot.timezone))


def _state(paused: bool, serving: bool, signed_in: bool) -> str:
    if paused:
        return "paused"
    if serving:
        return "serving"
    return "idle" if signed_in else "closed"


def alerts(queues: list[QueueNow], windows: list[WindowNow], bad: list[BadRating],
           day: date, now: datetime, thresholds: Thresholds, zone: str) -> list[Alert]:
    """What a manager should see at once: long waits, long pauses, today's open bad ratings."""
    found: list[Alert] = []
    for q in queues:
        if q.longest_wait_s is not None and q.longest_wait_s >= thresholds.wait_minutes * 60:
            found.append(Alert("long_wait", f"{q.prefix} 队列（{q.name}）已有群众等候 "
                               f"{int(q.longest_wait_s // 60)} 分钟，请加开窗口。", queue=q.prefix))
    for w in windows:
        if w.paused_since is not None:
            minutes = (now - w.paused_since).total_seconds() / 60
            if minutes >= thresholds.pause_minutes:
                found.append(Alert("long_pause", f"{w.name}（{w.number} 号窗口）已暂停服务 "
                                   f"{int(minutes)} 分钟。", window=w.number))
    todays = [r for r in bad if business_day(r.at, zone) == day]
    for r in todays[:BAD_RATING_ALERTS]:
        where = f"{r.window} 号窗口" if r.window is not None else "窗口"
        found.append(Alert("bad_rating", f"{where}的 {r.code} 号收到差评，请及时回访。",
                           window=r.window, rating_id=r.rating_id))
    if len(todays) > BAD_RATING_ALERTS:
        found.append(Alert("bad_rating", f"今天另有 {len(todays) - BAD_RATING_ALERTS} 条差评待回访，"
                           "请到“差评回访”查看。"))
    return found
