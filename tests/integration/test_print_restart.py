"""A print job left pending by a stopped server is failed at the next start, for reprint."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bianmin.app import create_app
from bianmin.catalog.models import Scenario, utcnow
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.queue.tickets import issue_ticket


def test_restart_fails_jobs_left_pending(app, db, settings) -> None:  # type: ignore[no-untyped-def]
    with db.read() as session:
        scenario_id = session.scalar(select(Scenario.id).limit(1))
    ticket_id = issue_ticket(db, hall_code="demo", scenario_id=scenario_id).ticket_id
    with db.write() as session:
        old = PrintJob(ticket_id=ticket_id, device="tcp://127.0.0.1:9100", status=PrintStatus.PENDING,
                       created_at=utcnow() - timedelta(minutes=5))
        fresh = PrintJob(ticket_id=ticket_id, device="tcp://127.0.0.1:9100", status=PrintStatus.PENDING,
                         attempt=2)
        session.add_all([old, fresh])
        session.flush()
        old_id, fresh_id = old.id, fresh.id

    restarted = create_app(settings)
    restarted.extensions["bianmin"].db.dispose()

    with db.read() as session:
        old, fresh = session.get(PrintJob, old_id), session.get(PrintJob, fresh_id)
        assert old.status == PrintStatus.ERROR and "请补打" in old.error
        assert old.finished_at is not None
        # a job of a few seconds ago may belong to another live process: left alone
        assert fresh.status == PrintStatus.PENDING
