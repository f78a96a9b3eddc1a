"""选叫: staff call one particular waiting ticket (a visitor with a baby, an urgent case).

Only a ticket this window could call anyway: waiting today, in one of the window's queues,
and not transferred to another window. The call is announced like any other; the event log
marks it (``called`` with ``via: "pick"`` and the place it had in the line) and the audit
trail has a ``ticket.picked`` row, so managers can see who skipped the line for whom.
"""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from bianmin.audit.record import known_staff, record
from bianmin.db import Database
from bianmin.queue.call_errors import NotCallable
from bianmin.queue.clock import Clock, system_clock
from bianmin.queue.desk import (
    STATUS_LABELS,
    TicketResult,
    locked_ticket,
    queue_changed,
    ticket_result,
)
from bianmin.queue.hold import called_event, free_desk
from bianmin.queue.models import Priority, Ticket, TicketStatus
from bianmin.queue.policy import callable_by, line_key


def pick(
    db: Database, hall_id: int, window_number: int, staff_id: int | None, ticket_id: int,
    clock: Clock = system_clock,
) -> TicketResult:
    """选叫 the waiting ticket ``ticket_id`` to this window, out of call order."""
    with db.write() as session:
        desk, expired = free_desk(session, hall_id, window_number, staff_id, clock)
        ticket = locked_ticket(session, hall_id, ticket_id)
        status = TicketStatus(ticket.status)
        if status != TicketStatus.WAITING:
            raise NotCallable(f"{ticket.code} 号{STATUS_LABELS[status]}，只有排队中的号可以选叫。",
                              ticket=ticket.code, status=status.value)
        # the hall's green-channel 专窗 also calls green tickets of every queue (policy.py)
        green_here = desk.window.green_channel and ticket.priority == Priority.GREEN
        if ticket.business_day != desk.day or not (ticket.queue_id in desk.queue_ids or green_here):
            raise NotCallable(f"{ticket.code} 号不在本窗口服务的队列中，不能在本窗口选叫。",
                              ticket=ticket.code)
        if ticket.for_window_id not in (None, desk.window.id):
            raise NotCallable(f"{ticket.code} 号已转给其他窗口，只能由该窗口叫号。",
                              ticket=ticket.code)
        # its place in this window's line when picked (0 = it was next anyway)
        line = callable_by(hall_id, desk.day, desk.queue_ids, desk.window.id,
                           green_window=desk.window.green_channel).order_by(None)
        key = ticket.line_at or ticket.queued_since
        earlier = line_key() < key
        before = (and_(Ticket.priority == Priority.GREEN, earlier)
                  if ticket.priority == Priority.GREEN
                  else or_(Ticket.priority == Priority.GREEN, earlier))
        ahead = session.scalar(select(func.count()).select_from(
            line.where(Ticket.id != ticket.id, before).subquery())) or 0
        ticket.status = TicketStatus.CALLED
        ticket.window_id = desk.window.id
        ticket.called_at = desk.now
        ticket.recall_count = 0
        desk.log(session, ticket, "called", via="pick", skipped=ahead)
        record(session, "ticket.picked", hall_id=hall_id, staff_id=known_staff(session, staff_id),
               window_number=desk.window.number, at=desk.now, number=ticket.code,
               ticket_id=ticket.id, skipped=ahead, by=staff_id)
        events = [*expired, called_event(session, desk, ticket, via="pick"),
                  queue_changed(session, desk, ticket.queue_id)]
    return ticket_result(db, ticket_id, events)
