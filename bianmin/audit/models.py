"""One row per audited fact: who (staff, device or a username tried), what, from where, when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bianmin.catalog.models import utcnow
from bianmin.db import Base


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        # sign-in throttling and lockout read the recent failures of one username
        Index("ix_audit_event_username_at", "username", "at"),
        Index("ix_audit_event_hall_at", "hall_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # e.g. signin.ok, signin.failed, signin.locked, signout, session.ended,
    # device.added, device.enrolled, device.revoked, staff.disabled
    kind: Mapped[str] = mapped_column(String(40))
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("hall.id", ondelete="SET NULL"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id", ondelete="SET NULL"))
    # the username as typed (also for unknown users), so failed guesses are traceable
    username: Mapped[str] = mapped_column(String(60), default="")
    window_number: Mapped[int | None] = mapped_column(Integer)
    # the client's address as the server saw it
    address: Mapped[str] = mapped_column(String(64), default="")
    # anything else worth keeping (reason, counts); never a password
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
