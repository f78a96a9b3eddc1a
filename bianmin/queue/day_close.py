"""End of the business day: tickets still waiting (or called and never started) are closed.

A ticket of today called less than ``CALLED_GRACE`` before the pass is left to its window.

A visitor who was not served by closing time is not carried over: numbering restarts the next
business day, and a ticket left waiting would sit in the next day's counts and screens. Each
such ticket gets the status ``unserved`` and an ``unserved`` event (``by``: ``day_close`` from
``bianmin serve``'s background, ``cli`` from ``bianmin day close``), so statistics count it as
its own way of ending (stats/rows.py: 未办理). Tickets being served (``serving``) are left to
the window: the member of staff finishes them, whatever the clock says.

When a day is due: at the hall's closing (its last opening range of the day has ended) for a
hall with hours; at midnight (the hall's timezone) for every hall, hours or not, closing any
earlier day that was left. ``bianmin day close`` closes today's at once, whenever it is run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.hall import hours as hours_rules
from bianmin.queue.clock import as_aware, business_day, hall_zone
from bianmin.queue.events import QueueChanged
from bianmin.queue.models import Ticket, TicketEvent, TicketStatus
from bianmin.queue.tickets import waiting_count
from bianmin.queue.versions import next_version

LEFT_OVER = (TicketStatus.WAITING, TicketStatus.CALLED)
# a ticket called this long before the closing pass may still be walking to its window (the
# window starts or marks it 过号 itself); one called earlier, or on a past day, is closed
CALLED_GRACE = timedelta(minutes=15)


@dataclass(frozen=True)
class Closed:
    hall_code: str
    last_day: date  # the last business day closed (earlier ones too)
    tickets: int
    numbers: list[str] = field(default_factory=list)
    events: list[QueueChanged] = field(default_factory=list)


def closing_passed(hours: dict[str, Any] | None, zone: str, now: datetime) -> bool:
    """Has the hall's last opening range of today ended? Never for a hall without hours."""
    if not hours:
        return False
    tz = hall_zone(zone)
    local = now.astimezone(tz)
    ranges = hours_rules.day_ranges(hours, local.date())
    if not ranges:
        return False  # a day off: nothing was issued, midnight closes stragglers anyway
    minute = local.hour * 60 + local.minute
    return minute >= ranges[-1][1]


def due_day(hall: Hall, now: datetime) -> date:
    """The last business day that should be closed now: today after closing, else yesterday."""
    today = business_day(now, hall.timezone)
    if closing_passed(hall.hours, hall.timezone, now):
        return today
    return today - timedelta(days=1)


def close_hall_day(session: Session, hall: Hall, last_day: date, now: datetime, *, by: str) -> Closed:
    """Close every left-over ticket of ``hall`` on or before ``last_day`` (one transaction)."""
    tickets = list(session.scalars(
        select(Ticket).where(Ticket.hall_id == hall.id, Ticket.business_day <= last_day,
                             Ticket.status.in_(LEFT_OVER))
        .order_by(Ticket.business_day, Ticket.id).with_for_update()))
    today = business_day(now, hall.timezone)
    tickets = [t for t in tickets if not _just_called(t, today, now)]
    if not tickets:
        return Closed(hall.code, last_day, 0)
    for ticket in tickets:
        session.add(TicketEvent(hall_id=hall.id, ticket_id=ticket.id, kind="unserved", at=now,
                                window_id=None, staff_id=None,
                                data={"number": ticket.code, "by": by,
                                      "was": TicketStatus(ticket.status).value}))
        ticket.status = TicketStatus.UNSERVED
        ticket.finished_at = now
    session.flush()
    touched = sorted({t.queue_id for t in tickets if t.business_day == today})
    events = []
    if touched:
        events.append(QueueChanged(hall_id=hall.id, version=next_version(session, hall.id), at=now,
                                   waiting={q: waiting_count(session, hall.id, today, q) for q in touched}))
    return Closed(hall.code, last_day, len(tickets), [t.code for t in tickets[:50]], events)


def _just_called(ticket: Ticket, today: date, now: datetime) -> bool:
    return (ticket.business_day == today and ticket.status == TicketStatus.CALLED
            and ticket.called_at is not None and now - as_aware(ticket.called_at) < CALLED_GRACE)


def close_due(db: Database, now: datetime, *, halls: list[str] | None = None,
              today: bool = False, by: str = "day_close") -> list[Closed]:
    """Close what is due in every hall (or ``halls``); ``today``: today's too, closing or not."""
    with db.read() as session:
        rows = session.scalars(select(Hall).order_by(Hall.code)).all()
        plan = [(h.id, business_day(now, h.timezone) if today else due_day(h, now))
                for h in rows if halls is None or h.code in halls]
    done = []
    for hall_id, last_day in plan:
        with db.write() as session:
            hall = session.get(Hall, hall_id)
            if hall is None:
                continue
            closed = close_hall_day(session, hall, last_day, now, by=by)
        if closed.tickets:
            done.append(closed)
    return done
