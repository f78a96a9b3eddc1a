"""The managers' device list and the day's print jobs, on SQLite and PostgreSQL.

Real rows: kiosks with print jobs of every outcome (written as the print path writes
them), a screen, a waiting and a revoked device, another hall's jobs and yesterday's;
the list says each kiosk's paper and last error from its own newest jobs, and the day's
list holds this hall's jobs of that day only (test prints through their device).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from bianmin.db import Database
from bianmin.devices.overview import hall_devices
from bianmin.devices.service import add_device, enrol, revoke
from bianmin.printer.jobs import create_job
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.printer.report import hall_jobs
from bianmin.queue.models import Ticket
from tests.support.factories import make_hall

NOW = datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc)


def _ticket(session, hall, number: int, at: datetime) -> int:  # type: ignore[no-untyped-def]
    ticket = Ticket(hall_id=hall.hall_id, queue_id=hall.queues["A"], scenario_id=hall.scenarios["A"],
                    business_day=at.date(), number=number, code=f"A{number:03d}",
                    request_id=uuid.uuid4().hex, issued_at=at, queued_since=at)
    session.add(ticket)
    session.flush()
    return ticket.id


def _job(session, ticket_id, device_id, status: PrintStatus, at: datetime, error: str = "",  # type: ignore[no-untyped-def]
         purpose: str = "ticket") -> int:
    job = create_job(session, ticket_id, "tcp://10.0.0.5:9100", device_id=device_id, purpose=purpose)
    job.status, job.error, job.created_at, job.finished_at = status, error, at, at
    session.flush()
    return job.id


def test_each_kiosk_shows_its_own_paper_and_last_error(any_db: Database) -> None:
    code, other = f"o{uuid.uuid4().hex[:8]}", f"x{uuid.uuid4().hex[:8]}"
    with any_db.write() as session:
        hall = make_hall(session, code=code)
        far = make_hall(session, code=other)
    low, _ = add_device(any_db, code, "kiosk-low", "kiosk", printer="tcp://10.0.0.5:9100")
    out, c1 = add_device(any_db, code, "kiosk-out", "kiosk", printer="tcp://10.0.0.6:9100")
    plain, _ = add_device(any_db, code, "kiosk-none", "kiosk", printer="none")
    lobby, c2 = add_device(any_db, code, "lobby-1", "lobby")
    gone, c3 = add_device(any_db, code, "win-1", "window", window=1)
    stranger, _ = add_device(any_db, other, "kiosk-x", "kiosk")
    enrol(any_db, c1, address="10.0.0.6", clock=lambda: NOW - timedelta(seconds=30))
    enrol(any_db, c2, address="10.0.0.7", clock=lambda: NOW - timedelta(minutes=5))
    enrol(any_db, c3)
    revoke(any_db, code, "win-1")
    earlier, later = NOW - timedelta(hours=2), NOW - timedelta(hours=1)
    with any_db.write() as session:
        yesterday = _ticket(session, hall, 4, NOW - timedelta(days=1))
        _job(session, yesterday, out.id, PrintStatus.TIMEOUT, NOW - timedelta(days=1), "超时\nx")
        t1, t2, t3 = (_ticket(session, hall, n, earlier) for n in (1, 2, 3))
        _job(session, t1, low.id, PrintStatus.PAPER_OUT, earlier, "打印机缺纸。请换上新纸卷，然后补打。\nroll end")
        _job(session, t1, low.id, PrintStatus.PRINTED, later, "纸卷快用完了，请准备更换。")
        _job(session, t2, out.id, PrintStatus.PRINTED, earlier)
        _job(session, t3, out.id, PrintStatus.PAPER_OUT, later, "打印中途纸用完了。请换上新纸卷，然后补打。\nx")
        test_job = _job(session, None, out.id, PrintStatus.OFFLINE, later + timedelta(minutes=1),
                        "打印机 10.0.0.6:9100 拒绝连接。\nrefused", purpose="test")
        elsewhere = _ticket(session, far, 1, earlier)
        _job(session, elsewhere, stranger.id, PrintStatus.OFFLINE, earlier, "离线\nx")
    with any_db.read() as session:
        rows = {r["name"]: r for r in hall_devices(session, hall.hall_id, now=NOW, online_seconds=90,
                                                   default_printer="preview:///tmp/p")}
    assert list(rows) == ["kiosk-low", "kiosk-none", "kiosk-out", "lobby-1", "win-1"]
    assert rows["kiosk-low"]["paper"] == "low" and rows["kiosk-low"]["status"] == "waiting"
    assert rows["kiosk-low"]["last_error"]["status"] == "paper_out"
    assert rows["kiosk-low"]["last_job"]["status"] == "printed"
    assert rows["kiosk-out"]["status"] == "online" and rows["kiosk-out"]["last_address"] == "10.0.0.6"
    assert rows["kiosk-out"]["last_error"]["id"] == test_job
    assert rows["kiosk-out"]["last_error"]["reason"] == "打印机 10.0.0.6:9100 拒绝连接。"
    # the test print's offline says nothing about paper: the last job that learned it did
    assert rows["kiosk-out"]["paper"] == "out"
    assert rows["kiosk-none"]["printer"] == "" and rows["kiosk-none"]["paper"] == "none"
    assert rows["lobby-1"]["status"] == "offline" and rows["lobby-1"]["last_seen_seconds"] == 300
    assert rows["lobby-1"]["paper"] == "none" and rows["lobby-1"]["last_error"] is None
    assert rows["win-1"]["status"] == "revoked" and rows["win-1"]["window"] == 1
    assert plain.id not in {r["id"] for r in rows.values() if r["last_job"]}

    start, end = NOW - timedelta(hours=12), NOW + timedelta(hours=1)
    with any_db.read() as session:
        failed = hall_jobs(session, hall.hall_id, start, end, failed_only=True)
        every = hall_jobs(session, hall.hall_id, start, end, failed_only=False)
    assert [(j["number"], j["purpose"], j["status"]) for j in failed] == [
        (None, "test", "offline"), ("A003", "ticket", "paper_out"), ("A001", "ticket", "paper_out")]
    assert [j["later_printed"] for j in failed] == [False, False, True]
    assert failed[0]["device_name"] == "kiosk-out" and failed[1]["reason"].startswith("打印中途纸用完了")
    assert len(every) == 5
    with any_db.read() as session:
        assert session.get(PrintJob, test_job).ticket_id is None
