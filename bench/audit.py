"""电子监察: reading the audit trail and attendance of a busy hall.

    python bench/audit.py                                  # SQLite file, 30 days × 800 tickets
    python bench/audit.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/audit.py --days 90 --tickets 1500

Loads the demo hall into a fresh database (SQLite: a temporary file; PostgreSQL: a new
database on the given server, dropped at the end) and writes DAYS business days of history
directly: TICKETS tickets a day, each with its issued, called, started and finished
events at one of 20 windows served by 20 staff, and per staff member and day a sign-in, a
pause, a resume and a sign-out. Then times (median of 5) what the managers' page asks:
the first and the last page of the whole period, a page filtered by staff, by kind and by
window, one day's full CSV rows, and the period's attendance. Prints the size and figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from bianmin import migrate  # noqa: E402
from bianmin.audit.attendance import attendance  # noqa: E402
from bianmin.audit.models import AuditEvent  # noqa: E402
from bianmin.audit.trail import TrailQuery, trail  # noqa: E402
from bianmin.catalog.demo import ensure_demo_hall  # noqa: E402
from bianmin.catalog.models import Hall, Scenario, Window  # noqa: E402
from bianmin.db import Database  # noqa: E402
from bianmin.queue.models import Ticket, TicketEvent  # noqa: E402
from bianmin.staff.models import Staff  # noqa: E402

ZONE = "Asia/Shanghai"
STAFF = 20
LAST = date(2026, 11, 30)


def build(db: Database, days: int, tickets: int) -> tuple[int, list[int]]:
    with db.write() as s:
        hall = s.scalar(select(Hall).where(Hall.code == "demo"))
        windows = list(s.scalars(select(Window).where(Window.hall_id == hall.id).order_by(Window.number)))[:STAFF]
        scenario = s.scalars(select(Scenario).where(Scenario.hall_id == hall.id)).first()
        staff = [Staff(hall_id=hall.id, username=f"bench{i}", password_hash="x", display_name=f"人员{i}")
                 for i in range(len(windows))]
        s.add_all(staff)
        s.flush()
        hall_id, staff_ids = hall.id, [m.id for m in staff]
        window_ids = [(w.id, w.number) for w in windows]
        queue_id, scenario_id = scenario.window_group_id, scenario.id
    tz = ZoneInfo(ZONE)
    for d in range(days):
        day = LAST - timedelta(days=days - 1 - d)
        opening = datetime.combine(day, clock(8, 30), tzinfo=tz).astimezone(timezone.utc)
        with db.write() as s:
            first_id = (s.scalar(text("SELECT max(id) FROM ticket")) or 0) + 1
            s.execute(insert(Ticket), [
                {"id": first_id + n, "hall_id": hall_id, "queue_id": queue_id, "scenario_id": scenario_id,
                 "business_day": day, "number": n + 1, "code": f"A{n + 1:03d}", "status": "done",
                 "issued_at": opening, "queued_since": opening} for n in range(tickets)])
            events = []
            for n in range(tickets):
                at = opening + timedelta(seconds=n * 30)
                window_id, _ = window_ids[n % len(window_ids)]
                who = staff_ids[n % len(staff_ids)]
                for k, (kind, data) in enumerate([("issued", {}), ("called", {}), ("started", {}),
                                                  ("finished", {"outcome": "done"})]):
                    events.append({"hall_id": hall_id, "ticket_id": first_id + n, "kind": kind,
                                   "at": at + timedelta(minutes=5 * k),
                                   "window_id": None if k == 0 else window_id,
                                   "staff_id": None if k == 0 else who, "data": {"number": f"A{n + 1:03d}", **data}})
            s.execute(insert(TicketEvent), events)
            audits = []
            for i, who in enumerate(staff_ids):
                number = window_ids[i][1]
                for kind, hours in [("signin.ok", 0), ("window.paused", 3), ("window.resumed", 4.5),
                                    ("signout", 8.5)]:
                    audits.append({"kind": kind, "hall_id": hall_id, "staff_id": who, "window_number": number,
                                   "at": opening + timedelta(hours=hours), "username": f"bench{i}",
                                   "address": "", "detail": {"reason": "午休"} if kind == "window.paused" else {}})
            s.execute(insert(AuditEvent), audits)
    return hall_id, staff_ids


def timed(run, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--tickets", type=int, default=800)
    args = parser.parse_args()
    admin = None
    if args.database:
        name = f"bianmin_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = args.database.rsplit("/", 1)[0] + "/" + name
    else:
        folder = tempfile.mkdtemp()
        url = f"sqlite:///{folder}/bench.sqlite3"
    db = Database(url)
    try:
        migrate.upgrade(db)
        ensure_demo_hall(db)
        started = time.perf_counter()
        hall_id, staff_ids = build(db, args.days, args.tickets)
        first = LAST - timedelta(days=args.days - 1)
        with db.read() as s:
            rows = s.scalar(text("SELECT count(*) FROM ticket_event")) + s.scalar(text("SELECT count(*) FROM audit_event"))
        print(f"{db.engine.dialect.name}: {args.days} days × {args.tickets} tickets, {STAFF} staff; "
              f"{rows} log rows (built in {time.perf_counter() - started:.1f} s)")
        whole = TrailQuery(hall_id=hall_id, zone=ZONE, first=first, last=LAST)
        with db.read() as s:
            total = trail(s, whole).total
        last_page = (total + 49) // 50

        def read(**kw):  # type: ignore[no-untyped-def]
            with db.read() as s:
                return trail(s, TrailQuery(**{**whole.__dict__, **kw}))

        def attend() -> None:
            with db.read() as s:
                attendance(s, hall_id, ZONE, first, LAST, datetime.now(timezone.utc))

        cases = [
            ("page 1, whole period", lambda: read()),
            (f"page {last_page} (last)", lambda: read(page=last_page)),
            ("page 1, one staff", lambda: read(staff_id=staff_ids[3])),
            ("page 1, kind paused", lambda: read(kinds=("window.paused",))),
            ("page 1, window 5", lambda: read(window=5)),
            ("one day, every row (CSV)", lambda: read(first=LAST, last=LAST, per_page=200_000)),
            ("attendance, whole period", attend),
        ]
        for label, run in cases:
            print(f"  {label:<28} {timed(run):8.1f} ms")
    finally:
        db.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
