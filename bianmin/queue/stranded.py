"""Waiting visitors a catalog or window change would strand, and what a manager does with them.

Retiring a scenario, a queue or a window while tickets of today still wait would leave
those visitors in a line nobody calls. The managers' endpoints first ask
:func:`waiting_tickets` what is at stake and answer 409 with it; the manager then chooses:

- ``keep``: the tickets stay waiting where they are (another window will serve them);
- ``move_to``: each ticket is reissued in another queue with that queue's next number,
  keeping its place in time (``queued_since``) and priority, like a counter's 转移;
- ``close``: each ticket is cancelled (取消), recorded as done by the manager.

Runs inside the caller's write transaction and returns the domain events to publish after
the commit (waiting counts of the queues touched).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import WindowGroup
from bianmin.queue.events import QueueChanged
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.queue.models import TicketEvent as TicketEventRow
from bianmin.queue.numbering import next_number, ticket_code
from bianmin.queue.tickets import waiting_count
from bianmin.queue.versions import next_version

CHOICES = ("keep", "move_to", "close")


@dataclass(frozen=True)
class Choice:
    """What to do with the waiting tickets: ``keep``, ``close`` or ``move_to`` (a queue id)."""

    action: str
    queue_id: int | None = None


def waiting_tickets(
    session: Session, hall_id: int, day: date, *, queue_ids: list[int] | None = None,
    scenario_id: int | None = None,
) -> list[Ticket]:
    """Today's waiting tickets of these queues or of this scenario, oldest first."""
    query = select(Ticket).where(Ticket.hall_id == hall_id, Ticket.business_day == day,
                                 Ticket.status == TicketStatus.WAITING)
    if queue_ids is not None:
        query = query.where(Ticket.queue_id.in_(queue_ids))
    if scenario_id is not None:
        query = query.where(Ticket.scenario_id == scenario_id)
    return list(session.scalars(query.order_by(Ticket.queued_since, Ticket.id)))


def at_stake(tickets: list[Ticket]) -> dict[str, object]:
    """What a 409 tells the manager: how many wait, which numbers, in which queues."""
    return {"waiting": len(tickets), "numbers": [t.code for t in tickets[:50]],
            "queue_ids": sorted({t.queue_id for t in tickets})}


def settle(
    session: Session, hall_id: int, day: date, tickets: list[Ticket], choice: Choice, *,
    staff_id: int | None, now: datetime,
) -> list[QueueChanged]:
    """Apply the manager's choice to ``tickets``; the queue events to publish after commit."""
    if choice.action == "keep" or not tickets:
        return []
    touched = {t.queue_id for t in tickets}
    target: WindowGroup | None = None
    if choice.action == "move_to":
        target = session.get(WindowGroup, choice.queue_id)
        assert target is not None and target.hall_id == hall_id  # checked by the caller
        touched.add(target.id)
    for ticket in tickets:
        ticket.finished_at = now
        if target is None:
            ticket.status = TicketStatus.CANCELLED
            _log(session, ticket, "cancelled", staff_id, now, by="manager")
            continue
        number = next_number(session, hall_id, day, target.id)
        new = Ticket(
            hall_id=hall_id, queue_id=target.id, scenario_id=ticket.scenario_id, business_day=day,
            number=number, code=ticket_code(target.prefix, number), priority=ticket.priority,
            status=TicketStatus.WAITING, issued_at=now, queued_since=ticket.queued_since,
            transferred_from_id=ticket.id, kiosk=ticket.kiosk,
        )
        session.add(new)
        session.flush()
        ticket.status = TicketStatus.TRANSFERRED
        _log(session, ticket, "transferred", staff_id, now, to_queue_id=target.id,
             new_ticket_id=new.id, new_number=new.code, by="manager")
        _log(session, new, "transferred_in", staff_id, now, from_ticket_id=ticket.id,
             from_number=ticket.code, queue_id=target.id, by="manager")
    session.flush()
    return [QueueChanged(hall_id=hall_id, version=next_version(session, hall_id), at=now,
                         waiting={q: waiting_count(session, hall_id, day, q) for q in sorted(touched)})]


def _log(session: Session, ticket: Ticket, kind: str, staff_id: int | None, now: datetime,
         **data: object) -> None:
    session.add(TicketEventRow(hall_id=ticket.hall_id, ticket_id=ticket.id, kind=kind, at=now,
                               window_id=None, staff_id=staff_id,
                               data={"number": ticket.code, **data}))
