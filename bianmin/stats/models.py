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

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bianmin.catalog.models import utcnow
from bianmin.db import Base


class TicketFact(Base):
    __tablename__ = "ticket_fact"
    __table_args__ = (Index("ix_ticket_fact_hall_day", "hall_id", "business_day"),)

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
