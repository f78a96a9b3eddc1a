"""Print jobs: a ticket exists once committed; printing is a job with its own outcome.

The ticket service creates the job inside the ticket's transaction and runs ``execute_job``
after the commit, in the background. Rendering and sending happen with no transaction open;
one short write transaction then records the outcome.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bianmin.audit.record import known_staff, record
from bianmin.catalog.models import utcnow
from bianmin.db import Database
from bianmin.printer.device import redact
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.printer.outcome import PrintOutcome
from bianmin.printer.service import Offload, inline, print_slip
from bianmin.printer.slip import TicketSlip
from bianmin.queue.models import Ticket

log = logging.getLogger(__name__)


def create_job(
    session: Session, ticket_id: int | None, device_url: str, requested_by: int | None = None,
    *, owner: str | None = None, device_id: int | None = None, purpose: str = "ticket",
) -> PrintJob:
    """A pending job (attempt = previous attempts + 1), inside the caller's transaction.

    Never raises for a bad printer URL: the ticket must commit all the same, and the job
    then fails with the reason when it runs. ``owner`` is the PrintWorker id of the process
    that will run it (bianmin.printer.workers): if that process goes, the job is failed.
    ``device_id``: the registered kiosk whose printer it is, if known; a test print
    (``purpose="test"``) has no ticket.
    """
    previous = None if ticket_id is None else session.scalar(
        select(func.max(PrintJob.attempt)).where(PrintJob.ticket_id == ticket_id)
    )
    job = PrintJob(
        ticket_id=ticket_id,
        device_id=device_id,
        purpose=purpose,
        device=redact(device_url)[:300],
        status=PrintStatus.PENDING,
        error="",
        attempt=(previous or 0) + 1,
        requested_by=requested_by,
        owner=owner,
    )
    session.add(job)
    session.flush()
    return job


def execute_job(
    db: Database,
    job_id: int,
    slip: TicketSlip,
    device_url: str,
    timeout: float,
    *,
    font_path: str = "",
    offload: Offload = inline,
) -> PrintOutcome:
    """Print now (no transaction open), then record status, error and finished_at."""
    outcome = print_slip(
        slip, device_url, timeout=timeout, font_path=font_path, offload=offload
    ).with_job(job_id)
    _record(db, job_id, outcome)
    return outcome


def reprint(
    db: Database,
    ticket_id: int,
    slip: TicketSlip,
    device_url: str,
    requested_by: int | None = None,
    *,
    timeout: float = 2.0,
    font_path: str = "",
    offload: Offload = inline,
    owner: str | None = None,
    window_number: int | None = None,
    device_id: int | None = None,
) -> PrintOutcome:
    """A new job for the ticket (attempt + 1), executed at once; audited (``ticket.reprinted``)."""
    with db.write() as session:
        job = create_job(session, ticket_id, device_url, requested_by, owner=owner,
                         device_id=device_id)
        ticket = session.get(Ticket, ticket_id)
        record(session, "ticket.reprinted", hall_id=ticket.hall_id if ticket else None,
               staff_id=known_staff(session, requested_by), window_number=window_number,
               number=ticket.code if ticket else "", ticket_id=ticket_id, attempt=job.attempt,
               printer=job.device)
        job_id = job.id
    return execute_job(db, job_id, slip, device_url, timeout, font_path=font_path, offload=offload)


def latest_job(session: Session, ticket_id: int) -> PrintJob | None:
    return session.scalars(
        select(PrintJob)
        .where(PrintJob.ticket_id == ticket_id)
        .order_by(PrintJob.attempt.desc(), PrintJob.id.desc())
        .limit(1)
    ).first()


def job_history(session: Session, ticket_id: int) -> list[PrintJob]:
    """Every print attempt for a ticket, oldest first."""
    return list(
        session.scalars(
            select(PrintJob)
            .where(PrintJob.ticket_id == ticket_id)
            .order_by(PrintJob.attempt, PrintJob.id)
        )
    )


def _record(db: Database, job_id: int, outcome: PrintOutcome) -> None:
    """One short write transaction; a failure to record is logged, not raised at the kiosk."""
    try:
        with db.write() as session:
            job = session.get(PrintJob, job_id)
            if job is None:
                log.warning("print job %s vanished before its outcome (%s) was recorded",
                            job_id, outcome.status)
                return
            job.status = outcome.status
            job.error = outcome.record
            job.finished_at = utcnow()
    except SQLAlchemyError:
        log.exception("could not record the outcome %s of print job %s", outcome.status, job_id)



def test_print(
    db: Database,
    slip: TicketSlip,
    device_url: str,
    *,
    hall_id: int,
    device_id: int,
    device_name: str,
    requested_by: int | None = None,
    username: str = "",
    address: str = "",
    timeout: float = 2.0,
    font_path: str = "",
    offload: Offload = inline,
    owner: str | None = None,
) -> PrintOutcome:
    """A test slip on a kiosk's printer: a job without a ticket (``purpose="test"``), run
    now like a reprint; audited (``device.test_print``) with who asked."""
    with db.write() as session:
        job = create_job(session, None, device_url, requested_by, owner=owner,
                         device_id=device_id, purpose="test")
        record(session, "device.test_print", hall_id=hall_id, device_id=device_id,
               staff_id=known_staff(session, requested_by), username=username,
               address=address, name=device_name, printer=job.device, job_id=job.id)
        job_id = job.id
    return execute_job(db, job_id, slip, device_url, timeout, font_path=font_path, offload=offload)
