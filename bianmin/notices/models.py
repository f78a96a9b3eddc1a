"""A written notice as issued: a snapshot of what was printed, kept with the outcome.

Names (hall, window, staff, matter) are copied at issue time, so a reprint years later says
what the first print said even if the catalog or the staff list changed since.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bianmin.catalog.models import utcnow
from bianmin.db import Base


class NoticeCounter(Base):
    """The last document number given out per (hall, business day): an upsert target."""

    __tablename__ = "notice_counter"

    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Notice(Base):
    __tablename__ = "notice"
    __table_args__ = (
        # the safety net under the counter: one document number per hall and day
        UniqueConstraint("hall_id", "business_day", "seq", name="uq_notice_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    # one notice per visit: the ticket finished with this outcome
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # NoticeKind
    business_day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    # 六十二团便民〔2026〕1202-003号
    number: Mapped[str] = mapped_column(String(120))
    hall_name: Mapped[str] = mapped_column(String(200))
    window_number: Mapped[int] = mapped_column(Integer)
    window_name: Mapped[str] = mapped_column(String(100), default="")
    window_phone: Mapped[str] = mapped_column(String(100), default="")
    staff_id: Mapped[int | None] = mapped_column(Integer)
    # 张晓梅（工号 0123）, or the username when the account has no name
    staff_label: Mapped[str] = mapped_column(String(160), default="")
    ticket_number: Mapped[str] = mapped_column(String(12))
    scenario: Mapped[str] = mapped_column(String(300))
    matter: Mapped[str] = mapped_column(String(300), default="")
    # 补正: the checklist items ticked as missing, in checklist order
    missing: Mapped[list] = mapped_column(JSON, default=list)
    # 补正: free text (papers not on the checklist, what to correct)
    note: Mapped[str] = mapped_column(Text, default="")
    # 退办: the reason, and where the visitor may turn instead
    reason: Mapped[str] = mapped_column(Text, default="")
    turn_to: Mapped[str] = mapped_column(Text, default="")
    # 受理: the scenario's 办理时限 as written, and the promised date (working days)
    time_limit: Mapped[str] = mapped_column(Text, default="")
    promised_days: Mapped[int | None] = mapped_column(Integer)
    promised_date: Mapped[date | None] = mapped_column(Date)
    complaint_phone: Mapped[str] = mapped_column(String(64), default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
