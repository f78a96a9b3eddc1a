"""Read a hall's tickets of a period, their events and ratings, as ``TicketFacts``.

Three plain queries (tickets, events, ratings) over the period's business days, folded in
Python: the same code serves SQLite and PostgreSQL, and the figures are computed from the
raw event log every time (no roll-up table that could drift from it).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall, Scenario, Window
from bianmin.queue.clock import as_aware, hall_zone
from bianmin.queue.models import Ticket, TicketEvent
from bianmin.ratings.models import Rating
from bianmin.stats.facts import TicketFacts, prefix_of

# the acts that put a ticket at a window (and so name its window and staff member)
WINDOW_KINDS = {"called", "recalled", "started", "finished", "no_show", "transferred", "cancelled"}
ENDS = {"finished", "no_show", "transferred", "cancelled"}


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
    # Core rows (no ORM loading) and only the outcome out of the JSON: the bulk of the time
    events = session.connection().execute(
        select(TicketEvent.ticket_id, TicketEvent.kind, TicketEvent.at, TicketEvent.window_id,
               TicketEvent.staff_id, TicketEvent.data["outcome"].as_string())
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(*in_period)
        .order_by(TicketEvent.at, TicketEvent.id)
    )
    for ticket_id, kind, at, window_id, staff_id, outcome in events:
        _apply(facts[ticket_id], kind, as_aware(at), numbers.get(window_id), staff_id, outcome)
    ratings = session.execute(
        select(Rating.ticket_id, Rating.level).where(
            Rating.hall_id == hall.id, Rating.business_day >= first, Rating.business_day <= last)
    )
    for ticket_id, level in ratings:
        if ticket_id in facts:
            facts[ticket_id].rating = level
    return list(facts.values())


def _apply(fact: TicketFacts, kind: str, at, window: int | None, staff: int | None,  # type: ignore[no-untyped-def]
           outcome: str | None) -> None:
    """Fold one event (in time order) into the ticket's facts."""
    if kind == "issued":
        fact.issued_at = at
    elif kind == "called" and fact.first_called_at is None:
        fact.first_called_at = at
    elif kind == "recalled":
        fact.recalls += 1
    elif kind == "started" and fact.started_at is None:
        fact.started_at = at
    if kind in ENDS:
        fact.end = kind
        fact.finished_at = at
        fact.outcome = outcome if kind == "finished" else None
    if kind in WINDOW_KINDS and window is not None:
        fact.window = window
        fact.staff = staff
