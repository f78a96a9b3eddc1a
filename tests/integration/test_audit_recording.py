"""The facts the audit trail lists are recorded where they happen: reprints and catalog
imports (pauses: tests/integration/test_audit_api.py), each in its own write transaction."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select

from bianmin.audit.models import AuditEvent
from bianmin.audit.trail import TrailQuery, trail
from bianmin.db import Database
from bianmin.printer.jobs import reprint
from bianmin.printer.slip import sample_slip
from bianmin.queue.clock import business_day
from tests.integration.test_catalog_cli import CATALOG, bianmin, query
from tests.integration.test_printer_jobs import make_ticket
from tests.integration.test_printer_network import FakePrinter


def test_a_reprint_is_audited_with_its_ticket_attempt_and_window(empty_db: Database) -> None:
    ticket_id = make_ticket(empty_db, "A017")
    printer = FakePrinter(paper_status=0x12)
    try:
        # staff id 7 does not exist here: the row keeps it in the detail, not as a reference
        reprint(empty_db, ticket_id, sample_slip(), printer.url, requested_by=7, window_number=3)
        reprint(empty_db, ticket_id, sample_slip(), printer.url, requested_by=7, window_number=3)
    finally:
        printer.stop()
    with empty_db.read() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.kind == "ticket.reprinted")
                               .order_by(AuditEvent.id)).all()
        got = [(r.window_number, r.staff_id, r.hall_id is not None, r.detail["number"],
                r.detail["attempt"], r.detail["ticket_id"]) for r in rows]
    assert got == [(3, None, True, "A017", 1, ticket_id), (3, None, True, "A017", 2, ticket_id)]
    today = business_day(datetime.now(timezone.utc), "Asia/Shanghai")
    with empty_db.read() as session:
        page = trail(session, TrailQuery(hall_id=rows[0].hall_id, zone="Asia/Shanghai", first=today,
                                         last=today, kinds=("ticket.reprinted",)))
    assert [(r["kind_label"], r["summary"], r["window"]) for r in page.rows] == [
        ("补打小票", "补打 A017（第 2 次打印）", 3), ("补打小票", "补打 A017（第 1 次打印）", 3)]


def test_a_catalog_import_is_audited_and_a_refused_one_is_not(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    assert bianmin("catalog", "import", str(CATALOG), "--hall", "demo", instance=instance).returncode == 0
    assert bianmin("catalog", "import", str(CATALOG), instance=instance).returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是目录\n", encoding="utf-8")
    assert bianmin("catalog", "import", str(bad), instance=instance).returncode != 0
    rows = query(instance, "SELECT kind, detail FROM audit_event WHERE kind = 'catalog.loaded' ORDER BY id")
    details = [json.loads(d) if isinstance(d, str) else d for _, d in rows]
    assert [(d["version"], d["scenarios"], d["created"], d["source"].endswith("demo_catalog.txt"))
            for d in details] == [(1, 166, 166, True), (2, 166, 0, True)]
