"""What a screen shows, read at one instant: the hall snapshot with its event version.

A screen draws itself from a snapshot, then applies events whose ``version`` follows it; a
jump in the version means it missed something and asks for a new snapshot. For that to
work the snapshot and its version must come from the same instant: everything here is read
in ONE transaction (on PostgreSQL at REPEATABLE READ; SQLite's WAL gives a read transaction
a stable view by itself), and the version is ``Hall.event_version``, which every change
bumps inside its own write transaction.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bianmin.audit.pauses import pause_reasons
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Window, WindowGroup
from bianmin.db import Database
from bianmin.queue.call_errors import UnknownWindow
from bianmin.queue.clock import Clock, as_aware, business_day, system_clock
from bianmin.queue.models import Ticket, TicketEvent, TicketStatus
from bianmin.queue.windows import WindowState as WindowRow

# how many calls the lobby's "recent calls" list shows
RECENT_CALLS = 8
# a ticket is "at the window" in these states
AT_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING)
# event log kinds that announce a ticket (queue.calling writes them)
CALL_KINDS = ("called", "recalled")


@dataclass(frozen=True)
class WindowStatus:
    id: int
    number: int
    name: str
    paused: bool
    # the reason given at the counter when paused (午间休息 …); "" when none
    pause_reason: str = ""


@dataclass(frozen=True)
class Call:
    """A ticket called to a window: the current one of a window, or one of the recent."""

    ticket_id: int
    number: str
    status: str
    queue_id: int
    window_id: int
    window_number: int
    window_name: str
    recall_count: int
    called_at: datetime


@dataclass(frozen=True)
class QueueWaiting:
    id: int
    name: str
    prefix: str
    # the field of service, e.g. 户籍, 社会保险 (empty if the hall profile names none)
    domain: str
    windows: list[int]
    waiting: int


@dataclass(frozen=True)
class HallSnapshot:
    hall_id: int
    hall_code: str
    hall_name: str
    timezone: str
    complaint_phone: str
    notice: str
    business_day: date
    read_at: datetime
    version: int
    # bumped by catalog imports (windows, queues); part of what a cached snapshot depends on
    catalog_version: int
    windows: list[WindowStatus]
    current: list[Call]
    recent: list[Call]
    queues: list[QueueWaiting]

    @property
    def paused(self) -> list[WindowStatus]:
        return [w for w in self.windows if w.paused]

    def window(self, number: int) -> WindowStatus | None:
        return next((w for w in self.windows if w.number == number), None)


def read_snapshot(
    db: Database,
    *,
    hall_code: str | None = None,
    hall_id: int | None = None,
    clock: Clock = system_clock,
) -> HallSnapshot:
    """The hall as screens show it, consistent with its ``version``; UnknownHall if none."""
    with db.read() as session:
        if not db.is_sqlite:
            # one snapshot for every statement below: counts and version agree
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        hall = _find_hall(session, hall_code, hall_id)
        return _read(session, hall, clock())


def _find_hall(session: Session, hall_code: str | None, hall_id: int | None) -> Hall:
    if hall_id is not None:
        hall = session.get(Hall, hall_id)
    else:
        hall = session.scalar(select(Hall).where(Hall.code == (hall_code or "")))
    if hall is None:
        raise UnknownHall()
    return hall


def _read(session: Session, hall: Hall, now: datetime) -> HallSnapshot:
    day = business_day(now, hall.timezone)
    paused = _paused_windows(session, hall.id)
    windows = session.scalars(
        select(Window).where(Window.hall_id == hall.id).order_by(Window.number)
    ).all()
    by_id = {w.id: w for w in windows}
    reasons = pause_reasons(session, hall.id, {by_id[wid].number: at for wid, at in paused.items()
                                               if wid in by_id})
    return HallSnapshot(
        hall_id=hall.id,
        hall_code=hall.code,
        hall_name=hall.name,
        timezone=hall.timezone,
        complaint_phone=hall.complaint_phone,
        notice=hall.notice,
        business_day=day,
        read_at=now,
        version=hall.event_version,
        catalog_version=hall.catalog_version,
        # a retired window is not shown (its past calls still name it)
        windows=[WindowStatus(w.id, w.number, window_name(w), w.id in paused,
                              reasons.get(w.number, "")) for w in windows if w.active],
        current=_current_calls(session, hall.id, day, by_id),
        recent=_recent_calls(session, hall.id, day, by_id),
        queues=_queues(session, hall.id, day),
    )


def window_name(window: Window) -> str:
    return window.name or window.label


def _call(ticket: Ticket, windows: dict[int, Window]) -> Call:
    window = windows[ticket.window_id]
    return Call(
        ticket_id=ticket.id,
        number=ticket.code,
        status=TicketStatus(ticket.status).value,
        queue_id=ticket.queue_id,
        window_id=window.id,
        window_number=window.number,
        window_name=window_name(window),
        recall_count=ticket.recall_count,
        called_at=as_aware(ticket.called_at) if ticket.called_at else as_aware(ticket.issued_at),
    )


def _current_calls(
    session: Session, hall_id: int, day: date, windows: dict[int, Window]
) -> list[Call]:
    """The ticket at each window now (the latest called, if a window somehow has two)."""
    tickets = session.scalars(
        select(Ticket)
        .where(
            Ticket.hall_id == hall_id,
            Ticket.business_day == day,
            Ticket.status.in_(AT_WINDOW),
            Ticket.window_id.is_not(None),
        )
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
    ).all()
    current: dict[int, Call] = {}
    for ticket in tickets:
        if ticket.window_id in windows and ticket.window_id not in current:
            current[ticket.window_id] = _call(ticket, windows)
    return sorted(current.values(), key=lambda c: c.window_number)


def _recent_calls(
    session: Session, hall_id: int, day: date, windows: dict[int, Window]
) -> list[Call]:
    """The latest announcements (calls and recalls) from the event log, one per ticket."""
    rows = session.execute(
        select(TicketEvent, Ticket)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(
            TicketEvent.hall_id == hall_id,
            TicketEvent.kind.in_(CALL_KINDS),
            TicketEvent.window_id.is_not(None),
            Ticket.business_day == day,
        )
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
        .limit(RECENT_CALLS * 4)
    ).all()
    recent: dict[int, Call] = {}
    for event, ticket in rows:
        window = windows.get(event.window_id)
        if window is None or ticket.id in recent:
            continue
        recall = event.kind == "recalled"
        recent[ticket.id] = Call(
            ticket_id=ticket.id, number=ticket.code, status=TicketStatus(ticket.status).value,
            queue_id=ticket.queue_id, window_id=window.id, window_number=window.number,
            window_name=window_name(window),
            recall_count=int((event.data or {}).get("count", 1)) if recall else 0,
            called_at=as_aware(event.at),
        )
        if len(recent) == RECENT_CALLS:
            break
    return list(recent.values())


def _queues(session: Session, hall_id: int, day: date) -> list[QueueWaiting]:
    counts = dict(
        session.execute(
            select(Ticket.queue_id, func.count(Ticket.id))
            .where(
                Ticket.hall_id == hall_id,
                Ticket.business_day == day,
                Ticket.status == TicketStatus.WAITING,
            )
            .group_by(Ticket.queue_id)
        ).all()
    )
    groups = session.scalars(
        select(WindowGroup)
        .where(WindowGroup.hall_id == hall_id)
        .options(selectinload(WindowGroup.windows))
        .order_by(WindowGroup.prefix)
    ).all()
    return [
        QueueWaiting(g.id, g.name, g.prefix, g.domain, g.window_numbers, counts.get(g.id, 0))
        for g in groups
    ]


def find_window(snapshot: HallSnapshot, number: int) -> WindowStatus:
    """The window with this number in the snapshot's hall, or UnknownWindow."""
    window = snapshot.window(number)
    if window is None:
        raise UnknownWindow(window=number)
    return window


def _paused_windows(session: Session, hall_id: int) -> dict[int, datetime | None]:
    """Windows showing 暂停服务 now: id → since when."""
    rows = session.execute(
        select(WindowRow.window_id, WindowRow.paused_at)
        .where(WindowRow.hall_id == hall_id, WindowRow.paused.is_(True))
    )
    return {wid: as_aware(at) if at else None for wid, at in rows}


@dataclass(frozen=True)
class Stamp:
    """What a snapshot depends on: while these are unchanged, so is the snapshot."""

    hall_id: int
    version: int
    catalog_version: int
    business_day: date


def read_stamp(
    db: Database, *, hall_code: str | None = None, hall_id: int | None = None,
    clock: Clock = system_clock,
) -> Stamp:
    """One cheap read: the hall's versions and today's business day; UnknownHall if none."""
    with db.read() as session:
        hall = _find_hall(session, hall_code, hall_id)
        return Stamp(hall.id, hall.event_version, hall.catalog_version,
                     business_day(clock(), hall.timezone))


def stamp_of(snapshot: HallSnapshot) -> Stamp:
    return Stamp(snapshot.hall_id, snapshot.version, snapshot.catalog_version,
                 snapshot.business_day)


class SnapshotCache:
    """The last snapshot of each hall, reused while its stamp is current (one per process).

    A hundred screens reconnecting after a restart then cost one full snapshot read and a
    hundred one-row reads. Every change a screen shows bumps the hall's event version, a
    catalog import bumps its catalog version, and the business day is part of the stamp; a
    change that bumps neither (the hall's notice, its complaint phone) is seen after ``ttl``.
    """

    def __init__(self, ttl: float = 10.0, clock: Clock = system_clock) -> None:
        self.ttl = ttl
        self.clock = clock
        self._lock = threading.Lock()
        self._entries: dict[int, tuple[HallSnapshot, float]] = {}

    def get(self, db: Database, *, hall_code: str | None = None,
            hall_id: int | None = None) -> HallSnapshot:
        stamp = read_stamp(db, hall_code=hall_code, hall_id=hall_id, clock=self.clock)
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(stamp.hall_id)
        if entry is not None and stamp_of(entry[0]) == stamp and now - entry[1] < self.ttl:
            return entry[0]
        snapshot = read_snapshot(db, hall_id=stamp.hall_id, clock=self.clock)
        with self._lock:
            current = self._entries.get(stamp.hall_id)
            if current is None or current[0].version <= snapshot.version:
                self._entries[stamp.hall_id] = (snapshot, now)
        return snapshot

