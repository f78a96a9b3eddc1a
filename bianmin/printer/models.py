"""Print jobs: a ticket exists once committed; printing is a job with its own outcome."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bianmin.catalog.models import utcnow
from bianmin.db import Base


class PrintStatus(enum.StrEnum):
    PENDING = "pending"
    PRINTED = "printed"
    OFFLINE = "offline"  # could not connect
    TIMEOUT = "timeout"  # connected, then no answer in time
    PAPER_OUT = "paper_out"
    ERROR = "error"


FAILED_SQL = "status IN ('offline', 'timeout', 'paper_out', 'error')"


class PrintJob(Base):
    __tablename__ = "print_job"
    __table_args__ = (
        # a kiosk's newest jobs (the managers' device list), newest first
        Index("ix_print_job_device_id_id", "device_id", "id"),
        # a kiosk's newest failed job (its 最近打印错误), however rare failures are
        Index("ix_print_job_device_failed", "device_id", "id", sqlite_where=text(FAILED_SQL),
              postgresql_where=text(FAILED_SQL)),
        # a hall's jobs of a day (打印记录)
        Index("ix_print_job_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a test print (``purpose`` "test"), which has no ticket
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"),
                                                  index=True)
    # the registered device (kiosk) whose printer it went to, when known
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id", ondelete="SET NULL"))
    # "ticket" (a visitor's ticket or its reprint), "test" (a test slip from /manage/) or
    # "notice" (a written notice at the window: ``notice_id`` set, ``ticket_id`` null)
    purpose: Mapped[str] = mapped_column(String(10), default="ticket", server_default="ticket")
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"),
                                                  index=True)
    # the printer URL with any password removed
    device: Mapped[str] = mapped_column(String(300))
    status: Mapped[PrintStatus] = mapped_column(
        Enum(PrintStatus, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=PrintStatus.PENDING,
    )
    error: Mapped[str] = mapped_column(Text, default="")
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    # who asked for a reprint (staff id), if anyone
    requested_by: Mapped[int | None] = mapped_column(Integer)
    # the server process running the job (PrintWorker.id); a pending job whose owner is gone
    # is failed at once, whatever its age
    owner: Mapped[str | None] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PrintWorker(Base):
    """A server process that runs print jobs, alive while its heartbeat is fresh."""

    __tablename__ = "print_worker"

    # "<host>:<pid>:<random>": unique per process start, so a restarted process is new
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    host: Mapped[str] = mapped_column(String(64))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
