"""What every counter action starts from: the hall, the window (locked), the day, the time.

Also the two result shapes of the actions, and the event-log helper every transition uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Window
from bianmin.db import Database
from bianmin.queue.call_errors import IllegalTransition, NoCurrentTicket
from bianmin.queue.clock import Clock, business_day
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.events import DomainEvent, QueueChanged
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.queue.models import TicketEvent as TicketEventRow
from bianmin.queue.tickets import waiting_count
from bianmin.queue.versions import next_version
from bianmin.queue.window_view import (
    CounterTicket,
    WindowStatus,
    counter_ticket,
    current_ticket,
)
from bianmin.queue.windows import WindowState, find_window, lock_window_state, served_queue_ids

# how the counter and its messages name each status
STATUS_LABELS = {
    TicketStatus.WAITING: "排队中",
    TicketStatus.CALLED: "已叫号",
    TicketStatus.SERVING: "办理中",
    TicketStatus.DONE: "已办结",
    TicketStatus.NO_SHOW: "已过号",
    TicketStatus.HELD: "挂起中",
    TicketStatus.TRANSFERRED: "已转移",
    TicketStatus.CANCELLED: "已取消",
    TicketStatus.UNSERVED: "日终未办理，已关闭",
}


class TicketResult(NamedTuple):
    """A ticket action's outcome: the ticket as the counter shows it, and the events."""

    ticket: CounterTicket
    events: list[DomainEvent]


class WindowResult(NamedTuple):
    """pause/resume: the window's new state, and the events."""

    window: WindowStatus
    events: list[DomainEvent]


@dataclass
class Desk:
    hall: Hall
    window: Window
    state: WindowState
    queue_ids: list[int]
    now: datetime
    day: date
    staff_id: int | None

    @property
    def window_name(self) -> str:
        return self.window.name or self.window.label

    def log(self, session: Session, ticket: Ticket, kind: str, **data: object) -> None:
        """Append one row to the ticket's event log: who, which window, when."""
        session.add(
            TicketEventRow(
                hall_id=self.hall.id, ticket_id=ticket.id, kind=kind, at=self.now,
                window_id=self.window.id, staff_id=self.staff_id,
                data={"number": ticket.code, **data},
            )
        )


def open_desk(
    session: Session, hall_id: int, window_number: int, staff_id: int | None, clock: Clock
) -> Desk:
    """Find the window and lock its state row: one action per window at a time."""
    hall = session.get(Hall, hall_id)
    if hall is None:
        raise UnknownHall()
    window = find_window(session, hall_id, window_number)
    state = lock_window_state(session, window)
    now = clock()
    return Desk(
        hall=hall, window=window, state=state, queue_ids=served_queue_ids(session, window.id),
        now=now, day=business_day(now, hall.timezone), staff_id=staff_id,
    )


def current_or_fail(session: Session, desk: Desk) -> Ticket:
    ticket = current_ticket(session, desk.window.id, desk.day)
    if ticket is None:
        raise NoCurrentTicket()
    return ticket


def locked_ticket(session: Session, hall_id: int, ticket_id: int) -> Ticket:
    """A ticket of this hall named by id, locked for this transaction (and read afresh);
    UnknownTicket if there is none. 取消, 选叫 and 回叫 act on a ticket the member of staff
    names, and two windows may name the same one at once."""
    ticket = session.scalars(
        select(Ticket).where(Ticket.id == ticket_id, Ticket.hall_id == hall_id)
        .with_for_update().execution_options(populate_existing=True)
    ).first()
    if ticket is None:
        raise UnknownTicket()
    return ticket


def ticket_result(db: Database, ticket_id: int, events: list[DomainEvent]) -> TicketResult:
    """The ticket as it stands after the commit, read in its own short read transaction."""
    with db.read() as session:
        return TicketResult(counter_ticket(session, ticket_id), events)


def require(ticket: Ticket, allowed: set[TicketStatus], advice: str) -> None:
    """Refuse a transition the ticket's status does not allow, saying what to do instead."""
    status = TicketStatus(ticket.status)
    if status not in allowed:
        raise IllegalTransition(
            f"{ticket.code} 号{STATUS_LABELS[status]}，{advice}", ticket=ticket.code,
            status=status.value,
        )


def queue_changed(session: Session, desk: Desk, queue_id: int) -> QueueChanged:
    """Every change of a waiting count is published with the queue's new count."""
    return QueueChanged(
        hall_id=desk.hall.id, version=next_version(session, desk.hall.id), at=desk.now,
        waiting={queue_id: waiting_count(session, desk.hall.id, desk.day, queue_id)},
    )
