"""A hall's print jobs of one business day, for managers (/manage/print-jobs).

A job belongs to a hall through its ticket, or, for a test print or a written notice (no
ticket), through the device it was sent to (a notice on the default printer has none and is
not listed here: its window's 补打通知书 shows it). ``later_printed`` tells whether the same ticket printed afterwards
(a reprint worked), so a manager sees at a glance which failures still need one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from bianmin.devices.models import Device
from bianmin.devices.overview import FAILED, JOB_LABELS, reason_of
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.queue.clock import as_aware
from bianmin.queue.models import Ticket

LIMIT = 1000


def _query(hall_id: int):  # type: ignore[no-untyped-def]
    return (
        select(PrintJob, Ticket.code, Device.name)
        .outerjoin(Ticket, Ticket.id == PrintJob.ticket_id)
        .outerjoin(Device, Device.id == PrintJob.device_id)
        .where(or_(Ticket.hall_id == hall_id,
                   (PrintJob.ticket_id.is_(None)) & (Device.hall_id == hall_id)))
    )


def hall_jobs(
    session: Session, hall_id: int, start: datetime, end: datetime, *, failed_only: bool,
) -> list[dict]:
    """The hall's jobs created in [start, end), newest first (at most ``LIMIT``)."""
    query = _query(hall_id).where(PrintJob.created_at >= start, PrintJob.created_at < end)
    if failed_only:
        query = query.where(PrintJob.status.in_(FAILED))
    return _views(session, session.execute(query.order_by(PrintJob.id.desc()).limit(LIMIT)).all())


def hall_job(session: Session, hall_id: int, job_id: int) -> dict | None:
    """One job of the hall (None: no such job, or another hall's)."""
    rows = session.execute(_query(hall_id).where(PrintJob.id == job_id)).all()
    views = _views(session, rows)
    return views[0] if views else None


def _views(session: Session, rows: list) -> list[dict]:  # type: ignore[type-arg]
    tickets = {job.ticket_id for job, _, _ in rows if job.ticket_id is not None}
    printed_after: dict[int, int] = {}
    if tickets:
        later = aliased(PrintJob)
        for ticket_id, job_id in session.execute(
            select(later.ticket_id, later.id).where(later.ticket_id.in_(tickets),
                                                    later.status == PrintStatus.PRINTED)
        ):
            printed_after[ticket_id] = max(printed_after.get(ticket_id, 0), job_id)
    answer = []
    for job, number, device_name in rows:
        status = PrintStatus(job.status)
        answer.append({
            "id": job.id, "purpose": job.purpose, "ticket_id": job.ticket_id, "number": number,
            "device_id": job.device_id, "device_name": device_name, "printer": job.device,
            "status": status.value, "status_label": JOB_LABELS[status],
            "reason": reason_of(job.error), "error": job.error, "attempt": job.attempt,
            "requested_by": job.requested_by,
            "created_at": as_aware(job.created_at).isoformat(),
            "finished_at": as_aware(job.finished_at).isoformat() if job.finished_at else None,
            "later_printed": job.ticket_id is not None
            and printed_after.get(job.ticket_id, 0) > job.id,
        })
    return answer
