"""The call order: which waiting ticket a window calls next.

The rule (docs/counter.md, "The call order"): among today's waiting tickets of every queue
the window serves (several for a 综合受理窗口), the front of the line is the green-channel
tickets (绿色通道) and the normal tickets that have waited longer than the hall's limit
(``normal_wait_limit_minutes``); both by their place in time in the line (``line_key()``:
``queued_since``, the time the visitor first took a number, which a transfer keeps; for a
过号 ticket put back into the line (queue/requeue.py) its ``line_at``), then by id. The
other normal tickets follow, oldest first.
Green is fair, not strict: once a window has called ``green_streak_limit`` green tickets in
a row while a normal one waited for it (``Turn.streak``, kept by ``queue.fairness``), its
next call is the oldest normal ticket. The hall's green-channel 专窗 (``Window.green_channel``)
calls green tickets of every queue of the hall, with no streak limit, then its own queues.
A ticket transferred to one particular window (``for_window_id``) is called by that window
only.

Atomicity: on PostgreSQL the chosen row is taken with ``FOR UPDATE SKIP LOCKED``, so two
windows of one group pressing at the same instant lock different tickets; on SQLite the
whole write transaction runs under ``BEGIN IMMEDIATE`` and writers take turns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import ColumnElement, Select, case, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bianmin.queue.models import Priority, Ticket, TicketStatus


@dataclass(frozen=True)
class Turn:
    """What the fair rule needs to know to pick a window's next ticket at ``now``."""

    now: datetime
    # green tickets this window called in a row while a normal ticket waited for it
    streak: int = 0
    streak_limit: int = 2
    normal_wait_limit: timedelta = timedelta(minutes=45)
    # the hall's green-channel 专窗: green tickets of every queue, no streak limit
    green_window: bool = False

    @property
    def overdue_before(self) -> datetime:
        """Normal tickets queued before this instant have waited past the limit (UTC)."""
        return (self.now - self.normal_wait_limit).astimezone(timezone.utc)

    @property
    def normal_owed(self) -> bool:
        """The streak is full: the next call goes to the oldest normal ticket, if any waits."""
        return not self.green_window and self.streak >= self.streak_limit


def line_key() -> ColumnElement:
    """A ticket's place in time in the line: ``line_at`` if re-queued, else ``queued_since``."""
    return func.coalesce(Ticket.line_at, Ticket.queued_since)


def call_order(overdue_before: datetime | None = None) -> tuple:
    """ORDER BY terms: green (and, given the cut-off, overdue normal) first, then oldest
    place in line, then id. Without ``overdue_before``: green, then the rest (requeue.py)."""
    if overdue_before is None:
        front = case((Ticket.priority == Priority.GREEN, 0), else_=1)
    else:
        front = case(
            (Ticket.priority == Priority.GREEN, 0),
            (line_key() < overdue_before, 0),
            else_=1,
        )
    return (front, line_key(), Ticket.id)


def callable_by(
    hall_id: int, day: date, queue_ids: list[int], window_id: int, *, green_window: bool = False
) -> Select:
    """Today's waiting tickets that this window may call (unordered)."""
    queues = Ticket.queue_id.in_(queue_ids)
    if green_window:
        queues = or_(queues, Ticket.priority == Priority.GREEN)
    return select(Ticket).where(
        Ticket.hall_id == hall_id,
        Ticket.business_day == day,
        Ticket.status == TicketStatus.WAITING,
        queues,
        or_(Ticket.for_window_id.is_(None), Ticket.for_window_id == window_id),
    )


def _normal_only(statement: Select) -> Select:
    return statement.where(Ticket.priority == Priority.NORMAL).order_by(line_key(), Ticket.id)


def take_next(
    session: Session, hall_id: int, day: date, queue_ids: list[int], window_id: int, turn: Turn
) -> Ticket | None:
    """The next ticket for this window, locked for this transaction; None if nobody waits."""
    if not queue_ids and not turn.green_window:
        return None
    base = callable_by(hall_id, day, queue_ids, window_id, green_window=turn.green_window)
    if turn.normal_owed:
        owed = _locked_first(session, _normal_only(base))
        if owed is not None:
            return owed
    return _locked_first(session, base.order_by(*call_order(turn.overdue_before)))


def _locked_first(session: Session, statement: Select) -> Ticket | None:
    locked = (
        statement.limit(1)
        .with_for_update(skip_locked=True, of=Ticket)
        .execution_options(populate_existing=True)
    )
    return session.scalars(locked).first()


def normal_waiting(
    session: Session, hall_id: int, day: date, queue_ids: list[int], window_id: int,
    besides: int,
) -> bool:
    """Whether a normal ticket other than ``besides`` waits for this window (no lock)."""
    if not queue_ids:
        return False
    others = callable_by(hall_id, day, queue_ids, window_id).where(
        Ticket.priority == Priority.NORMAL, Ticket.id != besides
    )
    return bool(session.scalar(select(exists(others.with_only_columns(Ticket.id)))))


def waiting_for(
    session: Session, hall_id: int, day: date, queue_ids: list[int], window_id: int, limit: int,
    turn: Turn,
) -> list[Ticket]:
    """The first ``limit`` tickets this window would call, in order (no locks).

    The order of the next call exactly; after it, as if the streak did not change.
    """
    if not queue_ids and not turn.green_window:
        return []
    base = callable_by(hall_id, day, queue_ids, window_id, green_window=turn.green_window)
    loads = (selectinload(Ticket.scenario), selectinload(Ticket.queue))
    tickets = list(session.scalars(
        base.order_by(*call_order(turn.overdue_before)).limit(limit).options(*loads)
    ))
    if turn.normal_owed:
        owed = session.scalars(_normal_only(base).limit(1).options(*loads)).first()
        if owed is not None:
            tickets = [owed, *(t for t in tickets if t.id != owed.id)][:limit]
    return tickets
