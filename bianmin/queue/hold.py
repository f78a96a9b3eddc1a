"""挂起 (hold) and 回叫挂起 (call back): the visitor at the window leaves to fetch or copy a
paper and keeps their place.

``hold`` takes the window's called or serving ticket off the window (status ``held``, with
``held_at`` and the window it was held at): the window is free to call the next visitor.
``call_back`` calls it to that same window again, ahead of the line. A hold lasts the hall's
``hold_minutes``; past that, ``expire_holds`` closes the ticket as 过号 (``no_show``) with
``reason: "hold_expired"`` in the event log, at the moment the hold ran out. It runs before
every call at a window of the hall (``call_next``, ``call_back``, ``pick``) and from a
background pass of ``bianmin serve`` (web/hold_expiry.py), so no held ticket is lost or
stays held for ever.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall, Window
from bianmin.db import Database
from bianmin.queue.call_errors import HeldElsewhere, NotHeld, WindowBusy, WindowIsPaused
from bianmin.queue.clock import Clock, as_aware, system_clock
from bianmin.queue.desk import (
    STATUS_LABELS,
    Desk,
    TicketResult,
    current_or_fail,
    locked_ticket,
    open_desk,
    ticket_result,
)
from bianmin.queue.events import DomainEvent, TicketCalled, TicketHeld, TicketNoShow
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.queue.models import TicketEvent as TicketEventRow
from bianmin.queue.versions import next_version
from bianmin.queue.window_view import current_ticket, hold_limit


def hold(
    db: Database, hall_id: int, window_number: int, staff_id: int | None,
    clock: Clock = system_clock,
) -> TicketResult:
    """挂起 the window's called or serving ticket: it waits aside, the window is free."""
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        ticket = current_or_fail(session, desk)
        was = TicketStatus(ticket.status)
        until = desk.now + hold_limit(desk.hall)
        ticket.status = TicketStatus.HELD
        ticket.held_at = desk.now
        desk.log(session, ticket, "held", was=was.value, minutes=desk.hall.hold_minutes,
                 until=until.isoformat())
        events: list[DomainEvent] = [
            TicketHeld(
                hall_id=hall_id, ticket_id=ticket.id, number=ticket.code,
                window_number=desk.window.number, at=desk.now,
                version=next_version(session, hall_id), until=until,
            )
        ]
        ticket_id = ticket.id
    return ticket_result(db, ticket_id, events)


def call_back(
    db: Database, hall_id: int, window_number: int, staff_id: int | None, ticket_id: int,
    clock: Clock = system_clock,
) -> TicketResult:
    """回叫挂起: call a ticket held at this window back to it, ahead of the line."""
    with db.write() as session:
        desk, expired = free_desk(session, hall_id, window_number, staff_id, clock)
        ticket = locked_ticket(session, hall_id, ticket_id)
        if TicketStatus(ticket.status) != TicketStatus.HELD:
            if any(getattr(e, "ticket_id", None) == ticket.id for e in expired):
                raise NotHeld(
                    f"{ticket.code} 号挂起已超过 {desk.hall.hold_minutes} 分钟，已按过号处理；"
                    "访客回来后可用“过号重排”重新排队。", code="hold_expired", ticket=ticket.code)
            raise NotHeld(
                f"{ticket.code} 号{STATUS_LABELS[TicketStatus(ticket.status)]}，不在挂起中，不能回叫。",
                ticket=ticket.code, status=TicketStatus(ticket.status).value)
        if ticket.window_id != desk.window.id:
            other = session.get(Window, ticket.window_id) if ticket.window_id else None
            where = f"{other.number}号窗口" if other else "其他窗口"
            raise HeldElsewhere(f"{ticket.code} 号挂起在{where}，请由该窗口回叫。",
                                ticket=ticket.code)
        if ticket.business_day != desk.day:
            # the window's day has moved on (its counter shows today's tickets only)
            raise NotHeld(f"{ticket.code} 号是之前办公日挂起的号，不能回叫，请重新取号。",
                          code="held_other_day", ticket=ticket.code)
        held_s = (desk.now - as_aware(ticket.held_at)).total_seconds() if ticket.held_at else None
        ticket.status = TicketStatus.CALLED
        ticket.called_at = desk.now
        ticket.recall_count = 0
        ticket.held_at = None
        desk.log(session, ticket, "hold_returned", held_s=held_s)
        events = [*expired, called_event(session, desk, ticket, via="held")]
    return ticket_result(db, ticket_id, events)


def free_desk(
    session: Session, hall_id: int, window_number: int, staff_id: int | None, clock: Clock,
) -> tuple[Desk, list[DomainEvent]]:
    """The window about to call (next, 回叫 or 选叫): its desk, after the hall's holds that ran
    out are closed in this same transaction (their events), and refused while it is paused
    or still has a visitor."""
    desk = open_desk(session, hall_id, window_number, staff_id, clock)
    expired = expire_holds(session, desk.hall, desk.now)
    require_free(session, desk)
    return desk, expired


def require_free(session: Session, desk: Desk) -> None:
    """A window calls only when not paused and with no visitor still at it."""
    if desk.state.paused:
        raise WindowIsPaused()
    busy = current_ticket(session, desk.window.id, desk.day)
    if busy is not None:
        raise WindowBusy(
            f"本窗口的 {busy.code} 号{STATUS_LABELS[TicketStatus(busy.status)]}，"
            "请先办结、过号、挂起或转移，再叫下一位。",
            ticket=busy.code,
        )


def called_event(session: Session, desk: Desk, ticket: Ticket, *, via: str) -> TicketCalled:
    return TicketCalled(
        hall_id=desk.hall.id, ticket_id=ticket.id, number=ticket.code, queue_id=ticket.queue_id,
        window_id=desk.window.id, window_number=desk.window.number, window_name=desk.window_name,
        recall=False, recall_count=0, at=desk.now, version=next_version(session, desk.hall.id),
        via=via,
    )


def expire_holds(session: Session, hall: Hall, now: datetime) -> list[DomainEvent]:
    """Close the hall's holds older than ``hold_minutes`` as 过号; the events to publish.

    The 过号 is dated when the hold ran out (not when this pass saw it), so the ticket's
    figures do not depend on how often the pass runs; the event's data says it was a hold
    that expired and when it was closed.
    """
    limit = hold_limit(hall)
    stale = list(session.scalars(
        select(Ticket).where(Ticket.hall_id == hall.id, Ticket.status == TicketStatus.HELD,
                             Ticket.held_at <= now - limit)
        .order_by(Ticket.held_at, Ticket.id)
        .with_for_update(skip_locked=True).execution_options(populate_existing=True)
    ))
    events: list[DomainEvent] = []
    for ticket in stale:
        ran_out = as_aware(ticket.held_at) + limit
        ticket.status = TicketStatus.NO_SHOW
        ticket.finished_at = ran_out
        ticket.held_at = None
        session.add(TicketEventRow(
            hall_id=hall.id, ticket_id=ticket.id, kind="no_show", at=ran_out,
            window_id=ticket.window_id, staff_id=None,
            data={"number": ticket.code, "reason": "hold_expired",
                  "minutes": hall.hold_minutes, "closed_at": now.isoformat()},
        ))
        window = session.get(Window, ticket.window_id) if ticket.window_id else None
        events.append(TicketNoShow(
            hall_id=hall.id, ticket_id=ticket.id, number=ticket.code,
            window_number=window.number if window else 0, at=ran_out,
            version=next_version(session, hall.id),
        ))
    return events


def expire_all_holds(db: Database, clock: Clock = system_clock) -> list[DomainEvent]:
    """The background pass: expire the holds of every hall that has any, one transaction."""
    with db.write() as session:
        now = clock()
        halls = session.scalars(
            select(Hall).where(Hall.id.in_(
                select(Ticket.hall_id).where(Ticket.status == TicketStatus.HELD).distinct()))
        )
        events: list[DomainEvent] = []
        for hall in halls:
            events += expire_holds(session, hall, now)
        return events
