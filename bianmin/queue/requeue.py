"""过号重排: a visitor who missed their call and comes back gets their place back.

Not at the back of the line and not at its head: behind the hall's ``requeue_ahead`` waiting
tickets of the ticket's queue (default 3; fewer if fewer wait). Once per ticket, within the
hall's ``requeue_minutes`` after the 过号 (a hold that expired counts from when it ran
out), and only on the ticket's own business day. Staff do it at the counter by entering the
number; the visitor by scanning their ticket's QR code at the kiosk.

The place is a time, ``line_at``, which the call order reads instead of ``queued_since``
(queue.policy.line_key): between the Nth ticket of the ticket's own class (green or normal)
among the first N of the line and the next one of that class. ``queued_since`` is left as
it is, so the statistics still count the wait from the first number taken.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.audit.record import known_staff, record
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.queue import limits
from bianmin.queue.call_errors import RequeueRefused
from bianmin.queue.clock import Clock, as_aware, business_day, system_clock
from bianmin.queue.desk import STATUS_LABELS, TicketResult, open_desk, ticket_result
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.events import DomainEvent, QueueChanged, TicketRequeued
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.queue.models import TicketEvent as TicketEventRow
from bianmin.queue.policy import call_order, line_key
from bianmin.queue.tickets import people_ahead, waiting_count
from bianmin.queue.versions import next_version

_TICK = timedelta(microseconds=1)


def requeue_at_counter(
    db: Database, hall_id: int, window_number: int, staff_id: int | None, number: str,
    clock: Clock = system_clock,
) -> TicketResult:
    """过号重排 by staff: the ticket with this number today (e.g. "A012") goes back in line."""
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        ticket = _by_number(session, hall_id, desk.day, number)
        ahead = _requeue(session, desk.hall, ticket, desk.now, desk.day)
        data = {"by": "counter", "ahead": ahead, "window": desk.window.number}
        desk.log(session, ticket, "requeued", **data)
        record(session, "ticket.requeued", hall_id=hall_id,
               staff_id=known_staff(session, staff_id), window_number=desk.window.number,
               at=desk.now, number=ticket.code, ticket_id=ticket.id, ahead=ahead, by=staff_id)
        events = _events(session, desk.hall, ticket, desk.now, ahead, "counter")
        ticket_id = ticket.id
    return ticket_result(db, ticket_id, events)


def requeue_by_visitor(
    db: Database, hall_id: int, ticket_id: int, kiosk: str = "", clock: Clock = system_clock,
) -> TicketResult:
    """过号重排 from the kiosk: the visitor scanned their ticket's QR code (its signed token)."""
    with db.write() as session:
        hall = session.get(Hall, hall_id)
        if hall is None:
            raise UnknownHall()
        now = clock()
        day = business_day(now, hall.timezone)
        ticket = _locked(session, select(Ticket).where(Ticket.id == ticket_id,
                                                       Ticket.hall_id == hall_id))
        if ticket is None:
            raise UnknownTicket()
        ahead = _requeue(session, hall, ticket, now, day)
        session.add(TicketEventRow(
            hall_id=hall_id, ticket_id=ticket.id, kind="requeued", at=now, window_id=None,
            staff_id=None, data={"number": ticket.code, "by": "kiosk", "ahead": ahead,
                                 "kiosk": kiosk[:100]}))
        events = _events(session, hall, ticket, now, ahead, "kiosk")
    return ticket_result(db, ticket_id, events)


def refusal(ticket: Ticket, hall: Hall, now: datetime, day: date) -> RequeueRefused | None:
    """Why this ticket may not be put back in line now, or None if it may."""
    status = TicketStatus(ticket.status)
    if ticket.business_day != day:
        return RequeueRefused(f"{ticket.code} 号不是今天的号，不能重新排队，请重新取号。",
                              code="requeue_other_day", ticket=ticket.code)
    if ticket.requeued_at is not None:
        return RequeueRefused(
            f"{ticket.code} 号已经重新排过一次队（每个号只能重排一次）"
            + ("，现在正在排队中，请留意叫号。" if status == TicketStatus.WAITING else "，请重新取号。"),
            code="already_requeued", ticket=ticket.code, status=status.value)
    if status != TicketStatus.NO_SHOW:
        return RequeueRefused(
            f"{ticket.code} 号{STATUS_LABELS[status]}，不是过号的号，不需要重新排队。",
            code="not_no_show", ticket=ticket.code, status=status.value)
    missed = as_aware(ticket.finished_at) if ticket.finished_at else now
    if now - missed > timedelta(minutes=hall.requeue_minutes):
        return RequeueRefused(
            f"{ticket.code} 号过号已超过 {hall.requeue_minutes} 分钟，不能重新排队，请重新取号。",
            code="requeue_too_late", ticket=ticket.code)
    # after closing the day's line is over: the end-of-day pass would close it again at once
    closed = limits.refusal(limits.gate(hall.hours, hall.timezone, 0, now), now, long=False)
    if closed is not None:
        return RequeueRefused(closed.message, code=closed.code, ticket=ticket.code,
                              **closed.details)
    return None


def place_in_line(session: Session, ticket: Ticket, behind: int, now: datetime) -> datetime:
    """The ``line_at`` that puts ``ticket`` behind the first ``behind`` tickets of its line."""
    rows = session.execute(
        select(Ticket.id, Ticket.priority, line_key().label("key"))
        .where(Ticket.hall_id == ticket.hall_id, Ticket.business_day == ticket.business_day,
               Ticket.queue_id == ticket.queue_id, Ticket.status == TicketStatus.WAITING,
               Ticket.id != ticket.id)
        .order_by(*call_order())
    ).all()
    same = [as_aware(r.key) for r in rows if r.priority == ticket.priority]
    # tickets of its own class among the first `behind` of the line (the other class is
    # ahead or behind it whatever its time)
    within = sum(1 for r in rows[:max(0, behind)] if r.priority == ticket.priority)
    if within == 0:
        return same[0] - _TICK if same else now
    last = same[within - 1]
    if within == len(same):
        return last + _TICK
    following = same[within]
    gap = following - last
    return last + gap / 2 if gap >= 2 * _TICK else last


def _requeue(session: Session, hall: Hall, ticket: Ticket, now: datetime, day: date) -> int:
    problem = refusal(ticket, hall, now, day)
    if problem is not None:
        raise problem
    ticket.line_at = place_in_line(session, ticket, hall.requeue_ahead, now)
    ticket.status = TicketStatus.WAITING
    ticket.requeued_at = now
    ticket.finished_at = None
    ticket.window_id = None
    session.flush()
    return people_ahead(session, ticket)


def _events(session: Session, hall: Hall, ticket: Ticket, now: datetime, ahead: int,
            by: str) -> list[DomainEvent]:
    return [
        TicketRequeued(hall_id=hall.id, ticket_id=ticket.id, number=ticket.code,
                       queue_id=ticket.queue_id, ahead=ahead, at=now,
                       version=next_version(session, hall.id), by=by),
        QueueChanged(hall_id=hall.id, version=next_version(session, hall.id), at=now,
                     waiting={ticket.queue_id: waiting_count(session, hall.id, ticket.business_day,
                                                             ticket.queue_id)}),
    ]


def _by_number(session: Session, hall_id: int, day: date, number: str) -> Ticket:
    code = number.strip().upper()
    ticket = _locked(session, select(Ticket).where(
        Ticket.hall_id == hall_id, Ticket.code == code, Ticket.business_day == day))
    if ticket is None:
        raise UnknownTicket(f"今天没有 {code} 号，请核对号码（例如 A012）。", number=code)
    return ticket


def _locked(session: Session, query) -> Ticket | None:  # type: ignore[no-untyped-def]
    return session.scalars(
        query.order_by(Ticket.id.desc()).limit(1)
        .with_for_update().execution_options(populate_existing=True)).first()

