"""The guide desk's day (导办咨询, 帮办代办): counted from its own rows, per business day.

咨询 answered without a ticket are ``guide_consult`` rows; 帮办代办 are tickets issued at
the desk (``ticket.source = guide``; a transfer's new ticket is not counted again). Both are
plain counts of rows that never change, so a past day's figures stay as they were; they do
not enter the ticket fact rows (``stats/rows.py``): a 帮办代办 ticket is an ordinary ticket
there, counted once as issued.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bianmin.queue.consults import GuideConsult
from bianmin.queue.models import Priority, Ticket, TicketSource


def guide_days(session: Session, hall_id: int, first: date, last: date) -> list[dict]:
    """One row per business day with any 咨询 or 帮办代办: ``consults``, ``assisted`` and
    ``assisted_green`` (帮办代办 in the green channel), by day."""
    consults = dict(session.execute(
        select(GuideConsult.business_day, func.count(GuideConsult.id))
        .where(GuideConsult.hall_id == hall_id, GuideConsult.business_day.between(first, last))
        .group_by(GuideConsult.business_day)
    ).all())
    assisted = {day: (n, green) for day, n, green in session.execute(
        select(Ticket.business_day, func.count(Ticket.id),
               func.sum(case((Ticket.priority == Priority.GREEN, 1), else_=0)))
        .where(Ticket.hall_id == hall_id, Ticket.source == TicketSource.GUIDE,
               Ticket.transferred_from_id.is_(None), Ticket.business_day.between(first, last))
        .group_by(Ticket.business_day)
    ).all()}
    days = sorted(set(consults) | set(assisted))
    return [{"day": day.isoformat(), "consults": consults.get(day, 0),
             "assisted": assisted.get(day, (0, 0))[0], "assisted_green": int(assisted.get(day, (0, 0))[1] or 0)}
            for day in days]
