"""Today so far for one hall: the report's figures of the current business day, plus who waits.

There is one computation of a day's figures: ``bianmin.stats.today_so_far`` (the same code
as the period reports, so the dashboard's today equals the report's row of that day; the
definitions are written once in docs/statistics.md, "The figures"). The dashboard adds what
only "now" has: how many of today's tickets are waiting, and each queue's longest wait.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.queue.clock import as_aware
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.stats import today_so_far


def read_today(session: Session, hall: Hall, now: datetime) -> dict[str, Any]:
    """``{"business_day", "waiting", every report figure}`` of the hall's day at ``now``."""
    figures = today_so_far(session, hall, now)
    day = date.fromisoformat(figures.pop("day"))
    waiting = session.scalar(
        select(func.count()).select_from(Ticket)
        .where(Ticket.hall_id == hall.id, Ticket.business_day == day,
               Ticket.status == TicketStatus.WAITING)) or 0
    return {"business_day": day.isoformat(), "waiting": int(waiting), **figures}


def longest_waits(session: Session, hall_id: int, day: date, now: datetime) -> dict[int, float]:
    """Per queue id: seconds the longest-waiting visitor has waited (since taking a number)."""
    rows = session.execute(
        select(Ticket.queue_id, func.min(Ticket.queued_since))
        .where(Ticket.hall_id == hall_id, Ticket.business_day == day,
               Ticket.status == TicketStatus.WAITING)
        .group_by(Ticket.queue_id)
    ).all()
    return {queue_id: max(0.0, (now - as_aware(since)).total_seconds()) for queue_id, since in rows}
