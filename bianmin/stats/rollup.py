"""The daily roll-up: freeze the fact rows of every closed business day (no Flask).

A (hall, day) is closed once the hall's own calendar (its timezone) has passed it. Rolling a
day up is one write transaction: the day's ``ticket_fact_day`` row, then the day's fact rows
by ``INSERT … SELECT`` of ``rows.raw_facts`` (the same SELECT a report runs on a day not
rolled up). A day already rolled up is skipped, so running it twice, or in two server
processes at once, writes each day once (the primary key decides a race). ``bianmin serve``
calls ``roll_up_closed`` at start and every ``stats_rollup_minutes``; ``bianmin stats
rollup`` does it for a range, ``--again`` rewrites days (names then become today's).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.queue.clock import business_day
from bianmin.queue.models import Ticket
from bianmin.stats.models import TicketFact, TicketFactDay, TicketFactSum
from bianmin.stats.rows import COLUMNS, prepare, raw_facts
from bianmin.stats.sums import SUM_COLUMNS, day_sums

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rolled:
    hall: str
    day: date
    tickets: int


def pending_days(db: Database, hall_id: int, before: date, first: date | None = None,
                 last: date | None = None) -> list[date]:
    """Business days of the hall with tickets, before ``before``, not rolled up yet."""
    t = Ticket
    rolled = exists().where(TicketFactDay.hall_id == t.hall_id,
                            TicketFactDay.business_day == t.business_day)
    query = (select(t.business_day).distinct()
             .where(t.hall_id == hall_id, t.business_day < before, ~rolled)
             .order_by(t.business_day))
    if first is not None:
        query = query.where(t.business_day >= first)
    if last is not None:
        query = query.where(t.business_day <= last)
    with db.read() as session:
        return list(session.scalars(query))


def roll_up_day(db: Database, hall_id: int, day: date, now: datetime) -> int | None:
    """Write the day's fact rows; None when the day was rolled up already (here or elsewhere)."""
    try:
        with db.write() as session:
            dialect = prepare(session)
            if session.get(TicketFactDay, (hall_id, day)) is not None:
                return None
            session.add(TicketFactDay(hall_id=hall_id, business_day=day, tickets=0, rolled_at=now))
            session.flush()
            session.execute(insert(TicketFact.__table__).from_select(
                COLUMNS, raw_facts(dialect, [(hall_id, day, day)])))
            # the day's sums beside its rows (a day without tickets has none)
            session.execute(insert(TicketFactSum.__table__).from_select(
                ["hall_id", "business_day", *SUM_COLUMNS], day_sums([(hall_id, day, day)])))
            # (rowcount is not reliable for INSERT … SELECT on every driver)
            written = session.scalar(select(func.count()).select_from(TicketFact).where(
                TicketFact.hall_id == hall_id, TicketFact.business_day == day)) or 0
            session.execute(update(TicketFactDay).where(
                TicketFactDay.hall_id == hall_id, TicketFactDay.business_day == day,
            ).values(tickets=written))
    except IntegrityError:
        # another process rolled the same day up first
        return None
    return int(written)


def undo(db: Database, hall_id: int, first: date, last: date) -> int:
    """Forget the roll-up of ``first``..``last`` (the days are read raw again); days undone."""
    with db.write() as session:
        session.execute(delete(TicketFact).where(
            TicketFact.hall_id == hall_id, TicketFact.business_day >= first,
            TicketFact.business_day <= last))
        session.execute(delete(TicketFactSum).where(
            TicketFactSum.hall_id == hall_id, TicketFactSum.business_day >= first,
            TicketFactSum.business_day <= last))
        return int(session.execute(delete(TicketFactDay).where(
            TicketFactDay.hall_id == hall_id, TicketFactDay.business_day >= first,
            TicketFactDay.business_day <= last)).rowcount)


def roll_up_closed(db: Database, now: datetime, halls: list[str] | None = None,
                   first: date | None = None, last: date | None = None,
                   recent_days: int | None = None,
                   between: Callable[[], None] | None = None) -> list[Rolled]:
    """Roll up every closed day not rolled up yet (of ``halls``, within ``first``..``last``;
    ``recent_days``: only the last N days before today, the periodic check's cheap form;
    ``between`` runs after each day, e.g. to let a server's other green threads run)."""
    with db.read() as session:
        query = select(Hall.id, Hall.code, Hall.timezone).order_by(Hall.code)
        if halls:
            query = query.where(Hall.code.in_(halls))
        known = list(session.execute(query))
    done = []
    for hall_id, code, zone in known:
        today = business_day(now, zone)
        since = first
        if recent_days is not None:
            since = max(since or date.min, today - timedelta(days=recent_days))
        for day in pending_days(db, hall_id, today, since, last):
            written = roll_up_day(db, hall_id, day, now)
            if written is not None:
                done.append(Rolled(code, day, written))
            if between is not None:
                between()
    return done
