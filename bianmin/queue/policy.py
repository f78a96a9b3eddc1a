"""The call order: which waiting ticket a window calls next.

The rule (docs/counter.md): among today's waiting tickets of every queue the window serves
(several for a 综合受理窗口), tickets of the green channel (绿色通道) come first, then the
longest-waiting by ``queued_since`` (the time the visitor first took a number; a transfer
keeps it), then by id. Green is strict priority: the hall's rules give the elderly and the
disabled 优先办理, and such tickets are few. A ticket transferred to one particular window
(``for_window_id``) is called by that window only. A 过号 ticket put back into the line
(queue/requeue.py) keeps its place by ``line_at`` instead of ``queued_since``: the line is
ordered by ``line_key()``, which is ``queued_since`` for every other ticket.

Atomicity: on PostgreSQL the chosen row is taken with ``FOR UPDATE SKIP LOCKED``, so two
windows of one group pressing at the same instant lock different tickets; on SQLite the
whole write transaction runs under ``BEGIN IMMEDIATE`` and writers take turns.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bianmin.queue.models import Priority, Ticket, TicketStatus


def line_key() -> ColumnElement:
    """A ticket's place in time in the line: ``line_at`` if re-queued, else ``queued_since``."""
    return func.coalesce(Ticket.line_at, Ticket.queued_since)


def call_order() -> tuple:
    """ORDER BY terms: green first, then oldest place in the line (``line_key``), then id."""
    green_first = case((Ticket.priority == Priority.GREEN, 0), else_=1)
    return (green_first, line_key(), Ticket.id)


def callable_by(hall_id: int, day: date, queue_ids: list[int], window_id: int) -> Select:
    """Today's waiting tickets that this window may call, in call order."""
    return (
        select(Ticket)
        .where(
            Ticket.hall_id == hall_id,
            Ticket.business_day == day,
            Ticket.status == TicketStatus.WAITING,
            Ticket.queue_id.in_(queue_ids),
            or_(Ticket.for_window_id.is_(None), Ticket.for_window_id == window_id),
        )
        .order_by(*call_order())
    )


def take_next(
    session: Session, hall_id: int, day: date, queue_ids: list[int], window_id: int
) -> Ticket | None:
    """The next ticket for this window, locked for this transaction; None if nobody waits."""
    if not queue_ids:
        return None
    statement = (
        callable_by(hall_id, day, queue_ids, window_id)
        .limit(1)
        .with_for_update(skip_locked=True, of=Ticket)
        .execution_options(populate_existing=True)
    )
    return session.scalars(statement).first()


def waiting_for(
    session: Session, hall_id: int, day: date, queue_ids: list[int], window_id: int, limit: int
) -> list[Ticket]:
    """The first ``limit`` tickets this window would call, in order (no locks)."""
    if not queue_ids:
        return []
    statement = (
        callable_by(hall_id, day, queue_ids, window_id)
        .limit(limit)
        .options(selectinload(Ticket.scenario), selectinload(Ticket.queue))
    )
    return list(session.scalars(statement))
