"""Ratings, their follow-ups and the follow-up notes: rows that are written once, never changed.

A rating is never updated or deleted. A follow-up row only gains ``closed_at``/``closed_by``
when a manager closes it; everything a manager does is an appended note.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bianmin.catalog.models import utcnow
from bianmin.db import Base


class Rating(Base):
    """One visitor's rating of one ticket (one per ticket: the unique key decides races)."""

    __tablename__ = "rating"
    __table_args__ = (
        Index("ix_rating_hall_day", "hall_id", "business_day"),
        Index("ix_rating_window_day", "window_id", "business_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), unique=True)
    # 1..5 (bianmin.ratings.levels)
    level: Mapped[int] = mapped_column(SmallInteger)
    # reason codes, for levels 1–2 only
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    remark: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    # tablet | phone
    channel: Mapped[str] = mapped_column(String(10))
    # the window and staff member who finished (or transferred) the ticket
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    staff_id: Mapped[int | None] = mapped_column(Integer)
    queue_id: Mapped[int] = mapped_column(ForeignKey("window_group.id"))
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id"))
    # the ticket's business day (not the day of rating)
    business_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RatingFollowUp(Base):
    """A bad rating (level ≤ 2) to be answered by the hall before ``due_at``."""

    __tablename__ = "rating_follow_up"

    rating_id: Mapped[int] = mapped_column(
        ForeignKey("rating.id", ondelete="CASCADE"), primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[int | None] = mapped_column(Integer)


class RatingFollowUpNote(Base):
    """One thing a manager did about a bad rating: appended, never changed."""

    __tablename__ = "rating_follow_up_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(
        ForeignKey("rating_follow_up.rating_id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(Integer)
    # contacted | explained | rectified | note | closed
    action: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(500), default="")
