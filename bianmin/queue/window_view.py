"""What a counter terminal shows: the window's current ticket, its waiting line, its day.

Read-only; the counter actions in ``queue.calling`` return these same views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bianmin.audit.pauses import pause_reasons
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Window, WindowGroup
from bianmin.db import Database
from bianmin.queue.clock import Clock, as_aware, business_day, system_clock
from bianmin.queue.fairness import turn_for
from bianmin.queue.models import Priority, Ticket, TicketEvent, TicketStatus
from bianmin.queue.policy import callable_by, waiting_for
from bianmin.queue.tickets import TicketInfo, ticket_info
from bianmin.queue.windows import WindowState, find_window, served_queue_ids, window_state

# a ticket is at its window in these states
AT_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING)
# how many waiting tickets the counter lists (the total is given as well)
WAITING_SHOWN = 30


@dataclass(frozen=True)
class QueueLabel:
    """A queue as staff pick it: id, ticket prefix and name (cards.QueueRef adds its windows)."""

    id: int
    prefix: str
    name: str


@dataclass(frozen=True)
class CounterTicket:
    """A ticket as the member of staff sees it: the checklist plus where it stands."""

    info: TicketInfo
    # the queue the ticket waits in: after a transfer not the scenario's own queue
    queue: QueueLabel
    windows: list[int]
    queued_since: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    recall_count: int
    # the window it was transferred to, or None for any window of its queue
    for_window: int | None
    # the ticket number it was transferred from, e.g. "A012"
    transferred_from: str | None


@dataclass(frozen=True)
class WindowStatus:
    id: int
    number: int
    name: str
    paused: bool
    paused_at: datetime | None
    paused_by: int | None
    # the reason given at the counter (午间休息 …); "" when none or not paused
    pause_reason: str = ""


@dataclass(frozen=True)
class WaitingEntry:
    ticket_id: int
    number: str
    scenario: str
    queue_prefix: str
    queued_since: datetime
    green: bool
    # transferred to this window in particular
    for_this_window: bool


@dataclass(frozen=True)
class DayCounts:
    """This window's business day so far, counted from the event log."""

    called: int
    served: int
    no_show: int
    transferred: int


def hold_limit(hall: Hall) -> timedelta:
    """How long a 挂起 lasts at this hall (queue/hold.py)."""
    return timedelta(minutes=max(1, hall.hold_minutes or 0))


@dataclass(frozen=True)
class HeldTicket:
    """A ticket held at a window, as its counter lists it (挂起中)."""

    ticket_id: int
    number: str
    scenario: str
    held_at: datetime
    until: datetime


def held_at_window(session: Session, hall: Hall, window_id: int) -> list[HeldTicket]:
    """The window's held tickets, oldest hold first (expired ones too until a pass closes them)."""
    limit = hold_limit(hall)
    rows = session.scalars(
        select(Ticket).where(Ticket.hall_id == hall.id, Ticket.window_id == window_id,
                             Ticket.status == TicketStatus.HELD)
        .order_by(Ticket.held_at, Ticket.id)
    )
    return [
        HeldTicket(ticket_id=t.id, number=t.code, scenario=t.scenario.name,
                   held_at=as_aware(t.held_at), until=as_aware(t.held_at) + limit)
        for t in rows if t.held_at is not None
    ]


@dataclass(frozen=True)
class WindowToday:
    window: WindowStatus
    business_day: date
    queues: list[QueueLabel]
    current: CounterTicket | None
    waiting: list[WaitingEntry]
    waiting_total: int
    counts: DayCounts
    # 挂起中: tickets held at this window, to be called back
    held: list[HeldTicket] = field(default_factory=list)
    # the hall's (hold_minutes, requeue_ahead, requeue_minutes)
    limits: tuple[int, int, int] = (30, 3, 30)


def counter_ticket(session: Session, ticket_id: int) -> CounterTicket:
    info = ticket_info(session, ticket_id)
    ticket = session.get(Ticket, ticket_id)
    assert ticket is not None  # ticket_info raised UnknownTicket otherwise
    origin = session.get(Ticket, ticket.transferred_from_id) if ticket.transferred_from_id else None
    target = session.get(Window, ticket.for_window_id) if ticket.for_window_id else None
    return CounterTicket(
        info=info,
        queue=QueueLabel(info.queue_id, info.queue_prefix, info.queue_name),
        windows=[w.number for w in info.windows],
        queued_since=as_aware(ticket.queued_since),
        called_at=_aware(ticket.called_at),
        started_at=_aware(ticket.started_at),
        finished_at=_aware(ticket.finished_at),
        recall_count=ticket.recall_count,
        for_window=target.number if target else None,
        transferred_from=origin.code if origin else None,
    )


def window_status(window: Window, state: WindowState | None, reason: str = "") -> WindowStatus:
    paused = bool(state and state.paused)
    return WindowStatus(
        id=window.id,
        number=window.number,
        name=window.name or window.label,
        paused=paused,
        paused_at=_aware(state.paused_at) if paused and state else None,
        paused_by=state.paused_by if paused and state else None,
        pause_reason=reason if paused else "",
    )


def window_status_now(session: Session, window: Window) -> WindowStatus:
    """The window's state with the reason of its pause (from the audit log) if paused."""
    state = window_state(session, window.id)
    reason = ""
    if state is not None and state.paused:
        reason = pause_reasons(session, window.hall_id, {window.number: as_aware(state.paused_at)
                                                         if state.paused_at else None})[window.number]
    return window_status(window, state, reason)


def current_ticket(session: Session, window_id: int, day: date) -> Ticket | None:
    """The ticket called to this window today and not yet finished (at most one)."""
    return session.scalars(
        select(Ticket)
        .where(
            Ticket.window_id == window_id,
            Ticket.business_day == day,
            Ticket.status.in_(AT_WINDOW),
        )
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(1)
    ).first()


def window_today(
    db: Database, hall_id: int, window_number: int, clock: Clock = system_clock
) -> WindowToday:
    """Everything the counter screen draws, read in one transaction."""
    with db.read() as session:
        hall = session.get(Hall, hall_id)
        if hall is None:
            raise UnknownHall()
        window = find_window(session, hall_id, window_number)
        now = clock()
        day = business_day(now, hall.timezone)
        queue_ids = served_queue_ids(session, window.id)
        current = current_ticket(session, window.id, day)
        turn = turn_for(hall, window, window_state(session, window.id), now, day)
        waiting = waiting_for(session, hall_id, day, queue_ids, window.id, WAITING_SHOWN, turn)
        return WindowToday(
            window=window_status_now(session, window),
            business_day=day,
            queues=_queues(session, queue_ids),
            current=counter_ticket(session, current.id) if current else None,
            waiting=[_entry(session, t, window.id) for t in waiting],
            waiting_total=_waiting_total(session, hall_id, day, queue_ids, window),
            counts=_counts(session, window.id, day),
            held=held_at_window(session, hall, window.id),
            limits=(hall.hold_minutes, hall.requeue_ahead, hall.requeue_minutes),
        )


def _queues(session: Session, queue_ids: list[int]) -> list[QueueLabel]:
    if not queue_ids:
        return []
    groups = session.scalars(
        select(WindowGroup).where(WindowGroup.id.in_(queue_ids)).order_by(WindowGroup.prefix)
    )
    return [QueueLabel(g.id, g.prefix, g.name) for g in groups]


def _entry(session: Session, ticket: Ticket, window_id: int) -> WaitingEntry:
    scenario = ticket.scenario
    return WaitingEntry(
        ticket_id=ticket.id,
        number=ticket.code,
        scenario=scenario.name,
        queue_prefix=ticket.queue.prefix,
        queued_since=as_aware(ticket.queued_since),
        green=Priority(ticket.priority) == Priority.GREEN,
        for_this_window=ticket.for_window_id == window_id,
    )


def _waiting_total(
    session: Session, hall_id: int, day: date, queue_ids: list[int], window: Window
) -> int:
    if not queue_ids and not window.green_channel:
        return 0
    query = callable_by(hall_id, day, queue_ids, window.id,
                        green_window=window.green_channel).subquery()
    return session.scalar(select(func.count()).select_from(query)) or 0


_COUNTED = {"called": "called", "finished": "served", "no_show": "no_show",
            "transferred": "transferred"}


def _counts(session: Session, window_id: int, day: date) -> DayCounts:
    rows = session.execute(
        select(TicketEvent.kind, func.count(TicketEvent.id))
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(
            TicketEvent.window_id == window_id,
            TicketEvent.kind.in_(list(_COUNTED)),
            Ticket.business_day == day,
        )
        .group_by(TicketEvent.kind)
    ).all()
    counts = {_COUNTED[kind]: n for kind, n in rows}
    return DayCounts(**{name: counts.get(name, 0) for name in _COUNTED.values()})


def _aware(value: datetime | None) -> datetime | None:
    return as_aware(value) if value else None


@dataclass(frozen=True)
class TransferTargets:
    """Where a member of staff may send a visitor: any queue, or one window."""

    queues: list[QueueLabel]
    windows: list[tuple[int, str]]


def transfer_targets(db: Database, hall_id: int) -> TransferTargets:
    with db.read() as session:
        groups = session.scalars(
            select(WindowGroup).where(WindowGroup.hall_id == hall_id).order_by(WindowGroup.prefix)
        )
        queues = [QueueLabel(g.id, g.prefix, g.name) for g in groups]
        windows = session.scalars(
            select(Window).where(Window.hall_id == hall_id).order_by(Window.number)
        )
        return TransferTargets(queues, [(w.number, w.name or w.label) for w in windows])


def hall_timezone(db: Database, hall_id: int) -> str:
    """The hall's IANA timezone, for showing times as the hall's clock reads."""
    with db.read() as session:
        hall = session.get(Hall, hall_id)
        if hall is None:
            raise UnknownHall()
        return hall.timezone
