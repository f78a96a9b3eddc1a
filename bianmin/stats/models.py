"""The daily roll-up: one frozen row per ticket of a closed business day, and which days are in.

``ticket_fact`` holds what a report counts about a ticket, with every name AS IT WAS when the
row was written (queue, scenario, department, window, staff): a later rename does not change
a past report. Ratings and their follow-ups are not frozen here (a rating may come days
later); reports join them at report time. ``ticket_fact_day`` records which (hall, business
day) are rolled up: its row and the day's fact rows are written in one transaction, so a day
is either wholly in ``ticket_fact`` or wholly read from the raw event log.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from bianmin.catalog.models import utcnow
from bianmin.db import Base


class TicketFact(Base):
    __tablename__ = "ticket_fact"
    __table_args__ = (
        Index("ix_ticket_fact_hall_day", "hall_id", "business_day"),
        # the county report: its wait percentiles read this narrow index alone (PostgreSQL:
        # an index-only scan), and the ratings of tickets not finished (rated, not served)
        Index("ix_ticket_fact_waits", "hall_id", "business_day", "wait_s"),
        Index("ix_ticket_fact_unserved", "hall_id", "business_day", "ticket_id",
              postgresql_where=text("\"end\" IS DISTINCT FROM 'finished'"),
              sqlite_where=text("\"end\" IS NOT 'finished'")),
    )

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"))
    business_day: Mapped[date] = mapped_column(Date)
    # hour of issue (0–23) in the hall's timezone; ISO weekday of the business day (1 = Monday)
    hour: Mapped[int] = mapped_column(SmallInteger)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    # the ticket number's prefix as printed ("A"), the queue's name then
    queue: Mapped[str] = mapped_column(String(12))
    queue_name: Mapped[str] = mapped_column(String(100))
    scenario_id: Mapped[int] = mapped_column(Integer)
    scenario_name: Mapped[str] = mapped_column(String(300))
    department: Mapped[str] = mapped_column(String(200))
    kiosk: Mapped[str] = mapped_column(String(100))
    # the ticket's last act at a window (None: never called)
    window_id: Mapped[int | None] = mapped_column(Integer)
    window_number: Mapped[int | None] = mapped_column(Integer)
    window_name: Mapped[str] = mapped_column(String(100))
    staff_id: Mapped[int | None] = mapped_column(Integer)
    staff_name: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the time of the last end (finished, no-show, transferred, cancelled)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # seconds: issue → first call, first call → start, start → finish (finished tickets only)
    wait_s: Mapped[float | None] = mapped_column(Float)
    walk_s: Mapped[float | None] = mapped_column(Float)
    service_s: Mapped[float | None] = mapped_column(Float)
    # finished: the outcome code, else None
    outcome: Mapped[str | None] = mapped_column(String(20))
    # finished | no_show | transferred | cancelled | None (still open when written)
    end: Mapped[str | None] = mapped_column(String(20))
    recalls: Mapped[int] = mapped_column(Integer)


class TicketFactDay(Base):
    """A (hall, business day) whose tickets are in ``ticket_fact``."""

    __tablename__ = "ticket_fact_day"

    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    tickets: Mapped[int] = mapped_column(Integer)
    rolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TicketFactSum(Base):
    """A rolled-up (hall, business day)'s sums of its fact rows, written with them.

    What adds up across days (counts, time sums and their counts, the wait histogram's bins)
    and the longest wait, so that a county report sums one row a hall-day instead of every
    ticket. Ratings are not here: a rating may come days later, reports join them at report
    time. The wait percentiles need the single waits: they still come from ``ticket_fact``.
    """

    __tablename__ = "ticket_fact_sum"

    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    issued: Mapped[int] = mapped_column(Integer)
    called: Mapped[int] = mapped_column(Integer)
    served: Mapped[int] = mapped_column(Integer)
    outcome_done: Mapped[int] = mapped_column(Integer)
    outcome_accepted: Mapped[int] = mapped_column(Integer)
    outcome_forwarded: Mapped[int] = mapped_column(Integer)
    outcome_supplement: Mapped[int] = mapped_column(Integer)
    outcome_refused: Mapped[int] = mapped_column(Integer)
    outcome_consulted: Mapped[int] = mapped_column(Integer)
    no_shows: Mapped[int] = mapped_column(Integer)
    transfers: Mapped[int] = mapped_column(Integer)
    cancellations: Mapped[int] = mapped_column(Integer)
    # waiting or called tickets closed at the end of the business day (queue/day_close.py)
    unserved: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    recalls: Mapped[int] = mapped_column(Integer)
    wait_n: Mapped[int] = mapped_column(Integer)
    wait_sum: Mapped[float | None] = mapped_column(Float)
    wait_max: Mapped[float | None] = mapped_column(Float)
    walk_n: Mapped[int] = mapped_column(Integer)
    walk_sum: Mapped[float | None] = mapped_column(Float)
    service_n: Mapped[int] = mapped_column(Integer)
    service_sum: Mapped[float | None] = mapped_column(Float)
    # called tickets per waiting-time bin (figures.WAIT_BINS_MIN)
    bin_0: Mapped[int] = mapped_column(Integer)
    bin_1: Mapped[int] = mapped_column(Integer)
    bin_2: Mapped[int] = mapped_column(Integer)
    bin_3: Mapped[int] = mapped_column(Integer)
    bin_4: Mapped[int] = mapped_column(Integer)
    bin_5: Mapped[int] = mapped_column(Integer)
    bin_6: Mapped[int] = mapped_column(Integer)
    bin_7: Mapped[int] = mapped_column(Integer)
