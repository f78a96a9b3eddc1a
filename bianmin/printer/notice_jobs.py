"""Print jobs of written notices: the same job table and outcomes as tickets' jobs.

A notice's job has ``purpose`` "notice", ``notice_id`` set and no ``ticket_id`` (so the
kiosk's "your ticket is printing" never reads it). Attempts count per notice; a failed
job (printer offline, paper out) stays in the history with its reason until staff reprint.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bianmin.audit.record import known_staff, record
from bianmin.db import Database
from bianmin.notices.models import Notice
from bianmin.notices.service import NoticeData
from bianmin.printer.device import redact
from bianmin.printer.jobs import _record
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.printer.notice_layout import build_notice_receipt
from bianmin.printer.outcome import PrintOutcome
from bianmin.printer.service import Offload, inline, print_receipt


def create_notice_job(
    session: Session, notice_id: int, device_url: str, requested_by: int | None = None, *,
    owner: str | None = None, device_id: int | None = None,
) -> PrintJob:
    """A pending job (attempt = the notice's previous attempts + 1) in the caller's transaction."""
    previous = session.scalar(
        select(func.max(PrintJob.attempt)).where(PrintJob.notice_id == notice_id))
    job = PrintJob(
        ticket_id=None, notice_id=notice_id, device_id=device_id, purpose="notice",
        device=redact(device_url)[:300], status=PrintStatus.PENDING, error="",
        attempt=(previous or 0) + 1, requested_by=requested_by, owner=owner,
    )
    session.add(job)
    session.flush()
    return job


def execute_notice_job(
    db: Database, job_id: int, notice: NoticeData, device_url: str, timeout: float, *,
    status_url: str = "", font_path: str = "", offload: Offload = inline,
) -> PrintOutcome:
    """Print now (no transaction open), then record status, error and finished_at."""
    outcome = print_receipt(
        lambda paper: build_notice_receipt(notice, paper, status_url), device_url,
        timeout=timeout, font_path=font_path, offload=offload,
    ).with_job(job_id)
    _record(db, job_id, outcome)
    return outcome


def reprint_notice(
    db: Database, notice: NoticeData, device_url: str, requested_by: int | None = None, *,
    status_url: str = "", timeout: float = 2.0, font_path: str = "", offload: Offload = inline,
    owner: str | None = None, window_number: int | None = None, device_id: int | None = None,
) -> PrintOutcome:
    """A new job for the notice (attempt + 1), executed at once; audited ``notice.reprinted``."""
    with db.write() as session:
        job = create_notice_job(session, notice.id, device_url, requested_by, owner=owner,
                                device_id=device_id)
        row = session.get(Notice, notice.id)
        record(session, "notice.reprinted", hall_id=row.hall_id if row else None,
               staff_id=known_staff(session, requested_by), window_number=window_number,
               number=notice.ticket_number, document=notice.number, title=notice.title,
               notice_id=notice.id, ticket_id=notice.ticket_id,
               attempt=job.attempt, printer=job.device)
        job_id = job.id
    return execute_notice_job(db, job_id, notice, device_url, timeout, status_url=status_url,
                              font_path=font_path, offload=offload)


def notice_jobs(session: Session, notice_id: int) -> list[PrintJob]:
    """Every print attempt of a notice, oldest first."""
    return list(session.scalars(
        select(PrintJob).where(PrintJob.notice_id == notice_id)
        .order_by(PrintJob.attempt, PrintJob.id)))
