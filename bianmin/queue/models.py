"""Tickets, the per-day number counters and the append-only event log."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bianmin.catalog.models import Scenario, Window, WindowGroup, utcnow
from bianmin.db import Base


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(
        kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class TicketStatus(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    # 挂起: left the window to fetch a paper; called back to the same window (queue/hold.py)
    HELD = "held"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"
    # still waiting (or called, never started) when the business day ended (queue/day_close.py)
    UNSERVED = "unserved"


class Priority(enum.StrEnum):
    NORMAL = "normal"
    GREEN = "green"  # 绿色通道: elderly, disabled and other special groups


class TicketSource(enum.StrEnum):
    """Who took the number: the visitor at a kiosk, or staff at the guide desk for them."""

    KIOSK = "kiosk"
    GUIDE = "guide"  # 帮办代办: issued at the 咨询导办台 on the visitor's behalf


class TicketCounter(Base):
    """The last number given out per (hall, business day, queue): an atomic upsert target."""

    __tablename__ = "ticket_counter"

    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("window_group.id", ondelete="CASCADE"), primary_key=True
    )
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("hall_id", "business_day", "queue_id", "number", name="uq_ticket_number"),
        UniqueConstraint("hall_id", "request_id", name="uq_ticket_request"),
        Index("ix_ticket_waiting", "hall_id", "queue_id", "status", "business_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("window_group.id"))
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id"))
    business_day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    # prefix + 3 digits, e.g. "A012"
    code: Mapped[str] = mapped_column(String(12))
    priority: Mapped[Priority] = mapped_column(_enum(Priority), default=Priority.NORMAL)
    status: Mapped[TicketStatus] = mapped_column(_enum(TicketStatus), default=TicketStatus.WAITING)
    # chosen by the kiosk; a retried request returns the same ticket
    request_id: Mapped[str | None] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the time the visitor first took a number (a transferred ticket keeps it)
    queued_since: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    transferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    # set when staff transfer a visitor to one particular window: only that window calls it
    for_window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    kiosk: Mapped[str] = mapped_column(String(100), default="")
    # 挂起: when the ticket was put on hold at ``window_id`` (None when not held)
    held_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # its place in the line when not ``queued_since``: set by a 过号 re-queue (queue/requeue.py)
    line_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # 过号重排: when it was put back into the line (once per ticket)
    requeued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # kiosk, or guide (帮办代办); the issued event carries it too, with the staff member
    source: Mapped[TicketSource] = mapped_column(
        _enum(TicketSource), default=TicketSource.KIOSK, server_default=TicketSource.KIOSK.value
    )

    queue: Mapped[WindowGroup] = relationship()
    scenario: Mapped[Scenario] = relationship()
    window: Mapped[Window | None] = relationship(foreign_keys=[window_id])


class TicketEvent(Base):
    """One row per transition: who, which window, when. Statistics come from here."""

    __tablename__ = "ticket_event"
    __table_args__ = (Index("ix_ticket_event_hall_at", "hall_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    staff_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
