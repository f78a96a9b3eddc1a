"""A registered device and the secrets it holds (stored as SHA-256 digests only)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bianmin.catalog.models import utcnow
from bianmin.db import Base


class DeviceKind(enum.StrEnum):
    KIOSK = "kiosk"
    LOBBY = "lobby"
    WINDOW = "window"
    RATING = "rating"


class Device(Base):
    __tablename__ = "device"
    __table_args__ = (UniqueConstraint("hall_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    # e.g. kiosk-1; unique within the hall
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    # window screens and rating tablets belong to one window
    window_number: Mapped[int | None] = mapped_column(Integer)
    # a kiosk's printer URL; empty = the hall's default printer setting
    printer: Mapped[str] = mapped_column(String(300), default="")
    # the one-time enrolment code (digest) and until when it works
    enrol_code_hash: Mapped[str | None] = mapped_column(String(64))
    enrol_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the long-lived token the enrolled device sends (digest)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_address: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
