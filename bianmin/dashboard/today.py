"""Today so far for one hall: the figures the dashboard shows, from tickets, events, ratings.

Definitions (the period reports of ``bianmin.stats`` count the same way; docs/statistics.md):
issued counts numbers taken at a kiosk (a transfer's new ticket is not a new visitor);
called counts tickets called at least once; served counts tickets finished with any outcome;
wait is issue → first call of every called ticket, service is start → finish of the finished
ones; p90 is the nearest-rank percentile; satisfaction is the share of levels 4–5.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bianmin.queue.clock import as_aware
from bianmin.queue.models import Ticket, TicketEvent, TicketStatus
from bianmin.ratings.levels import SATISFIED
from bianmin.ratings.models import Rating


@dataclass(frozen=True)
class Durations:
    """Seconds: count, mean, p90 (None when there is nothing to measure)."""

    count: int
    mean_s: float | None
    p90_s: float | None
    max_s: float | None


@dataclass(frozen=True)
class Today:
    business_day: date
    issued: int
    called: int
    served: int
    no_shows: int
    transfers: int
    cancelled: int
    waiting: int
    outcomes: dict[str, int]
    wait: Durations
    service: Durations
    ratings: int
    levels: dict[int, int] = field(default_factory=dict)
    satisfaction: float | None = None


def durations(seconds: list[float]) -> Durations:
    """Mean, nearest-rank p90 and max of a list of seconds."""
    if not seconds:
        return Durations(0, None, None, None)
    ordered = sorted(seconds)
    rank = max(1, math.ceil(0.9 * len(ordered)))
    return Durations(len(ordered), round(sum(ordered) / len(ordered), 1),
                     round(ordered[rank - 1], 1), round(ordered[-1], 1))


def read_today(session: Session, hall_id: int, day: date) -> Today:
    """The hall's figures for business day ``day`` as they stand in this transaction."""
    tickets = session.execute(
        select(Ticket.id, Ticket.status, Ticket.issued_at, Ticket.started_at, Ticket.finished_at,
               Ticket.transferred_from_id)
        .where(Ticket.hall_id == hall_id, Ticket.business_day == day)
    ).all()
    first_calls = dict(session.execute(
        select(TicketEvent.ticket_id, func.min(TicketEvent.at))
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(Ticket.hall_id == hall_id, Ticket.business_day == day, TicketEvent.kind == "called")
        .group_by(TicketEvent.ticket_id)
    ).all())
    outcomes = Counter(
        str((data or {}).get("outcome", ""))
        for data in session.scalars(
            select(TicketEvent.data).join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(Ticket.hall_id == hall_id, Ticket.business_day == day,
                   TicketEvent.kind == "finished"))
    )
    status = Counter(TicketStatus(t.status) for t in tickets)
    waits = [(as_aware(first_calls[t.id]) - as_aware(t.issued_at)).total_seconds()
             for t in tickets if t.id in first_calls]
    services = [(as_aware(t.finished_at) - as_aware(t.started_at)).total_seconds()
                for t in tickets
                if t.status == TicketStatus.DONE and t.started_at and t.finished_at]
    levels = Counter(session.scalars(
        select(Rating.level).where(Rating.hall_id == hall_id, Rating.business_day == day)))
    rated = sum(levels.values())
    return Today(
        business_day=day,
        issued=sum(1 for t in tickets if t.transferred_from_id is None),
        called=len(first_calls),
        served=status[TicketStatus.DONE],
        no_shows=status[TicketStatus.NO_SHOW],
        transfers=status[TicketStatus.TRANSFERRED],
        cancelled=status[TicketStatus.CANCELLED],
        waiting=status[TicketStatus.WAITING],
        outcomes={k: v for k, v in sorted(outcomes.items()) if k},
        wait=durations(waits),
        service=durations(services),
        ratings=rated,
        levels={level: levels.get(level, 0) for level in (5, 4, 3, 2, 1)},
        satisfaction=(round(sum(n for lv, n in levels.items() if lv >= SATISFIED) / rated, 4)
                      if rated else None),
    )


def longest_waits(session: Session, hall_id: int, day: date, now: datetime) -> dict[int, float]:
    """Per queue id: seconds the longest-waiting visitor has waited (since taking a number)."""
    rows = session.execute(
        select(Ticket.queue_id, func.min(Ticket.queued_since))
        .where(Ticket.hall_id == hall_id, Ticket.business_day == day,
               Ticket.status == TicketStatus.WAITING)
        .group_by(Ticket.queue_id)
    ).all()
    return {queue_id: max(0.0, (now - as_aware(since)).total_seconds()) for queue_id, since in rows}
