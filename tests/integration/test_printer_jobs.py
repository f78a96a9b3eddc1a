"""Print jobs on a real SQLite file: outcome recorded after the print, reprint, history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bianmin.catalog.models import Hall, Scenario, WindowGroup
from bianmin.db import Database
from bianmin.printer.jobs import create_job, execute_job, job_history, latest_job, reprint
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.printer.slip import sample_slip
from bianmin.queue.models import Ticket
from tests.integration.test_printer_network import FakePrinter


def make_ticket(db: Database, code: str = "A012") -> int:
    """The smallest hall that can hold a ticket: hall, queue, scenario, ticket."""
    with db.write() as session:
        hall = Hall(code=f"h{code}", name="六十二团便民服务中心")
        session.add(hall)
        session.flush()
        queue = WindowGroup(hall_id=hall.id, name="7号窗口", prefix=code[0])
        session.add(queue)
        session.flush()
        scenario = Scenario(hall_id=hall.id, window_group_id=queue.id, name="高龄津贴的审核")
        session.add(scenario)
        session.flush()
        ticket = Ticket(hall_id=hall.id, queue_id=queue.id, scenario_id=scenario.id,
                        business_day=date(2026, 11, 5), number=int(code[1:]), code=code)
        session.add(ticket)
        session.flush()
        return ticket.id


def _closed_port() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{s.getsockname()[1]}"


def test_failed_print_then_reprint_to_a_working_printer_keeps_both_in_history(
    empty_db: Database,
) -> None:
    ticket_id = make_ticket(empty_db)
    offline = _closed_port()
    with empty_db.write() as session:
        job_id = create_job(session, ticket_id, offline).id
    first = execute_job(empty_db, job_id, sample_slip(), offline, 1.0)
    assert first.status is PrintStatus.OFFLINE and first.job_id == job_id

    printer = FakePrinter(paper_status=0x12)
    try:
        second = reprint(empty_db, ticket_id, sample_slip(), printer.url, requested_by=7)
    finally:
        printer.stop()
    assert second.status is PrintStatus.PRINTED and second.job_id != job_id

    with empty_db.read() as session:
        history = job_history(session, ticket_id)
        latest = latest_job(session, ticket_id)
    assert [(j.attempt, j.status) for j in history] == [
        (1, PrintStatus.OFFLINE), (2, PrintStatus.PRINTED)]
    assert "拒绝连接" in history[0].error and history[0].finished_at is not None
    assert history[1].requested_by == 7 and history[1].error == ""
    assert latest is not None and latest.id == second.job_id


def test_printing_happens_with_no_transaction_open(empty_db: Database) -> None:
    """While the printer is receiving, another writer gets the lock at once."""
    ticket_id = make_ticket(empty_db)
    other = Database(empty_db.url, busy_timeout_ms=100)
    seen: dict[str, object] = {}

    def during_print() -> None:
        try:
            with other.write() as session:
                session.add(Hall(code="during", name="打印时写入"))
            with other.read() as session:
                job = session.scalars(select(PrintJob)).one()
                seen["status_while_printing"] = job.status
            seen["write"] = "ok"
        except Exception as exc:  # noqa: BLE001
            seen["write"] = repr(exc)

    printer = FakePrinter(paper_status=0x12, on_connect=during_print)
    try:
        with empty_db.write() as session:
            job_id = create_job(session, ticket_id, printer.url).id
        outcome = execute_job(empty_db, job_id, sample_slip(), printer.url, 2.0)
    finally:
        printer.stop()
        other.dispose()
    assert seen == {"write": "ok", "status_while_printing": PrintStatus.PENDING}
    assert outcome.status is PrintStatus.PRINTED
    with empty_db.read() as session:
        job = session.get(PrintJob, job_id)
        assert job is not None and job.status is PrintStatus.PRINTED
        assert job.finished_at is not None


def test_job_stores_the_printer_without_credentials(empty_db: Database) -> None:
    ticket_id = make_ticket(empty_db)
    with empty_db.write() as session:
        job = create_job(session, ticket_id, "tcp://admin:s3cret@10.9.8.7:9100")
        assert job.device == "tcp://10.9.8.7:9100"
        assert (job.attempt, job.status) == (1, PrintStatus.PENDING)


def test_a_bad_printer_url_never_blocks_the_ticket_and_fails_the_job(empty_db: Database) -> None:
    ticket_id = make_ticket(empty_db)
    with empty_db.write() as session:
        job_id = create_job(session, ticket_id, "lpt1").id  # must not raise
    outcome = execute_job(empty_db, job_id, sample_slip(), "lpt1", 1.0)
    assert outcome.status is PrintStatus.ERROR
    with empty_db.read() as session:
        job = session.get(PrintJob, job_id)
        assert job is not None and job.status is PrintStatus.ERROR
        assert "打印机地址" in job.error
        assert session.get(Ticket, ticket_id) is not None


def test_attempts_count_per_ticket(empty_db: Database) -> None:
    first, second = make_ticket(empty_db, "A001"), make_ticket(empty_db, "B001")
    with empty_db.write() as session:
        attempts = [create_job(session, first, "preview://x").attempt for _ in range(3)]
        other = create_job(session, second, "preview://x").attempt
    assert attempts == [1, 2, 3] and other == 1
    with empty_db.read() as session:
        latest = latest_job(session, first)
        assert latest is not None and latest.attempt == 3
        assert latest_job(session, 999) is None


def test_preview_job_writes_png_and_bytes(empty_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ticket_id = make_ticket(empty_db)
    url = f"preview://{tmp_path / 'prints'}"
    first = reprint(empty_db, ticket_id, sample_slip(), url)
    second = reprint(empty_db, ticket_id, sample_slip(), url + "?paper=58")
    assert first.printed and second.printed
    names = sorted(p.name for p in (tmp_path / "prints").iterdir())
    assert names == ["001.bin", "001.png", "002.bin", "002.png"]
