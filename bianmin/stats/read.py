"""Read a hall's tickets of a period, their events and ratings, as ``TicketFacts``.

Four plain queries over the period's business days: tickets; their issued/called/started/
recalled events folded by the database into one row per ticket; the ends in time order;
ratings. The same code serves SQLite and PostgreSQL, and the figures come from the raw
event log every time (no roll-up table that could drift from it);
tests/integration/test_stats_random.py holds it equal to a plain event-by-event fold.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall, Scenario, Window
from bianmin.queue.clock import as_aware, hall_zone
from bianmin.queue.models import Ticket, TicketEvent
from bianmin.ratings.models import Rating
from bianmin.stats.facts import TicketFacts, prefix_of

# how a ticket ends; each is an act at a window (naming its window and staff member), as
# are called, recalled and started — transferred_in, written on the new ticket by the
# sending window, is not
ENDS = ("finished", "no_show", "transferred", "cancelled")


def read_facts(session: Session, hall: Hall, first: date, last: date) -> list[TicketFacts]:
    """Every ticket of the hall whose business day lies in ``first``..``last``."""
    zone = hall_zone(hall.timezone)
    in_period = (Ticket.hall_id == hall.id, Ticket.business_day >= first,
                 Ticket.business_day <= last)
    facts: dict[int, TicketFacts] = {}
    rows = session.connection().execute(
        select(Ticket.id, Ticket.business_day, Ticket.code, Scenario.name, Ticket.kiosk,
               Ticket.issued_at)
        .join(Scenario, Scenario.id == Ticket.scenario_id)
        .where(*in_period)
    )
    for ticket_id, day, code, scenario, kiosk, issued_at in rows:
        issued = as_aware(issued_at)
        facts[ticket_id] = TicketFacts(
            ticket_id=ticket_id, day=day, hour=issued.astimezone(zone).hour,
            queue=prefix_of(code), scenario=scenario, kiosk=kiosk or "", issued_at=issued,
            hall=hall.code,
        )
    numbers = {wid: number for wid, number in session.execute(
        select(Window.id, Window.number).where(Window.hall_id == hall.id))}
    # the database folds the many events (one row per ticket back); Python gets only the
    # ends, in time order, with the outcome taken out of the JSON
    kind, at = TicketEvent.kind, TicketEvent.at
    at_window = kind.in_(("called", "recalled", "started"))
    folded = session.connection().execute(
        select(TicketEvent.ticket_id,
               func.min(case((kind == "issued", at))), func.min(case((kind == "called", at))),
               func.min(case((kind == "started", at))),
               func.sum(case((kind == "recalled", 1), else_=0)),
               func.max(case((at_window, TicketEvent.window_id))),
               func.max(case((at_window, TicketEvent.staff_id))))
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(*in_period, kind.in_(("issued", "called", "recalled", "started")))
        .group_by(TicketEvent.ticket_id)
    )
    for ticket_id, issued, called, started, recalls, window_id, staff_id in folded:
        fact = facts[ticket_id]
        if issued is not None:
            fact.issued_at = as_aware(issued)
        fact.first_called_at = as_aware(called) if called is not None else None
        fact.started_at = as_aware(started) if started is not None else None
        fact.recalls = int(recalls or 0)
        if window_id is not None:
            fact.window, fact.staff = numbers.get(window_id), staff_id
    ends = session.connection().execute(
        select(TicketEvent.ticket_id, kind, at, TicketEvent.window_id, TicketEvent.staff_id,
               TicketEvent.data["outcome"].as_string())
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(*in_period, kind.in_(ENDS))
        .order_by(at, TicketEvent.id)
    )
    for ticket_id, end, end_at, window_id, staff_id, outcome in ends:
        _end(facts[ticket_id], end, as_aware(end_at), numbers.get(window_id), staff_id, outcome)
    ratings = session.execute(
        select(Rating.ticket_id, Rating.level).where(
            Rating.hall_id == hall.id, Rating.business_day >= first, Rating.business_day <= last)
    )
    for ticket_id, level in ratings:
        if ticket_id in facts:
            facts[ticket_id].rating = level
    return list(facts.values())


def _end(fact: TicketFacts, kind: str, at: datetime, window: int | None, staff: int | None,
         outcome: str | None) -> None:
    """How the ticket ended (the last end wins), and where: its window and staff member."""
    fact.end = kind
    fact.finished_at = at
    fact.outcome = outcome if kind == "finished" else None
    if window is not None:
        fact.window = window
        fact.staff = staff
