"""The managers' device list and print-job list over a generated history: how long they take.

    python bench/devices.py                       # SQLite file: 40 devices, 90 days of jobs
    python bench/devices.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/devices.py --kiosks 30 --days 30 --per-day 1500

Builds one hall with KIOSKS kiosks (each with its printer) and 10 screens in a fresh
database (PostgreSQL: a new database on the given server, dropped at the end), and DAYS
days of print jobs, PER_DAY a day (one ticket each; 4 % failed, half of those reprinted,
a few test prints), then times, median and p99 of REPEAT runs: ``hall_devices`` (the 设备
page's list: each kiosk's last job, last finished and last failed job), ``hall_jobs`` of
the last day (打印记录, failed only and all), and ``touch_devices`` (the presence note of
every connected device, one write).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from bianmin import migrate  # noqa: E402
from bianmin.db import Database  # noqa: E402
from bianmin.devices.models import Device  # noqa: E402
from bianmin.devices.overview import hall_devices  # noqa: E402
from bianmin.devices.service import touch_devices  # noqa: E402
from bianmin.printer.models import PrintJob  # noqa: E402
from bianmin.printer.report import hall_jobs  # noqa: E402
from bianmin.queue.models import Ticket  # noqa: E402
from tests.support.factories import make_hall  # noqa: E402

FAILED = ["offline", "timeout", "paper_out", "error"]


def build(db: Database, kiosks: int, days: int, per_day: int) -> tuple[int, list[int]]:
    rng = random.Random(7)
    with db.write() as session:
        hall = make_hall(session, code="bench")
        hall_id = hall.hall_id
        queue_id = next(iter(hall.queues.values()))
        scenario_id = next(iter(hall.scenarios.values()))
    now = datetime.now(timezone.utc)
    with db.engine.begin() as conn:
        devices = [{"hall_id": hall_id, "name": f"kiosk-{i}", "kind": "kiosk", "printer":
                    f"tcp://10.0.0.{i}:9100", "last_address": "", "created_at": now,
                    "enrolled_at": now, "last_seen_at": now, "token_hash": uuid.uuid4().hex}
                   for i in range(1, kiosks + 1)]
        devices += [{"hall_id": hall_id, "name": f"lobby-{i}", "kind": "lobby", "printer": "",
                     "last_address": "", "created_at": now, "enrolled_at": now,
                     "last_seen_at": now, "token_hash": uuid.uuid4().hex} for i in range(10)]
        conn.execute(insert(Device), devices)
        ids = [r[0] for r in conn.execute(text("SELECT id FROM device ORDER BY id"))]
        kiosk_ids = ids[:kiosks]
        number = 0
        for day in range(days, -1, -1):
            start = now - timedelta(days=day)
            tickets, jobs = [], []
            for n in range(per_day):
                number += 1
                at = start - timedelta(seconds=rng.randint(0, 8 * 3600))
                tickets.append({"id": number, "hall_id": hall_id, "queue_id": queue_id,
                                "scenario_id": scenario_id, "business_day": start.date(),
                                "number": n + 1, "code": f"A{n + 1:03d}", "status": "done",
                                "priority": "normal", "request_id": f"r{number}",
                                "kiosk": "", "queued_since": at, "issued_at": at})
                device = rng.choice(kiosk_ids)
                status = "printed" if rng.random() > 0.04 else rng.choice(FAILED)
                jobs.append({"ticket_id": number, "device_id": device, "purpose": "ticket",
                             "device": "tcp://10.0.0.1:9100", "status": status,
                             "error": "" if status == "printed" else "打印机缺纸。请换上新纸卷，然后补打。\nx",
                             "attempt": 1, "created_at": at, "finished_at": at})
                if status != "printed" and rng.random() < 0.5:
                    jobs.append({**jobs[-1], "status": "printed", "error": "", "attempt": 2})
            conn.execute(insert(Ticket), tickets)
            conn.execute(insert(PrintJob), jobs)
    return hall_id, ids


def timed(label: str, repeat: int, action) -> None:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    size = f" ({len(result)} rows)" if isinstance(result, list) else ""
    print(f"{label:<34} median {statistics.median(times):7.2f} ms   p99 {p99:7.2f} ms{size}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="")
    parser.add_argument("--kiosks", type=int, default=30)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--per-day", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    dropped = None
    if args.database.startswith("postgresql"):
        name = f"bench_devices_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        url = args.database.rsplit("/", 1)[0] + f"/{name}"
        dropped = (admin, name)
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    db = Database(url)
    try:
        migrate.upgrade(db)
        started = time.perf_counter()
        hall_id, ids = build(db, args.kiosks, args.days, args.per_day)
        print(f"{db.engine.dialect.name}: {len(ids)} devices, {args.days + 1} days × {args.per_day} "
              f"tickets and their print jobs, built in {time.perf_counter() - started:.1f} s")
        now = datetime.now(timezone.utc)
        start = now - timedelta(hours=12)

        def devices() -> list[dict]:
            with db.read() as session:
                return hall_devices(session, hall_id, now=now, online_seconds=90,
                                    default_printer="none")

        def jobs(failed: bool):  # type: ignore[no-untyped-def]
            def run() -> list[dict]:
                with db.read() as session:
                    return hall_jobs(session, hall_id, start, now + timedelta(hours=1),
                                     failed_only=failed)
            return run

        timed("device list (hall_devices)", args.repeat, devices)
        timed("print jobs of a day, failed", args.repeat, jobs(True))
        timed("print jobs of a day, all", args.repeat, jobs(False))
        timed("presence note of every device", args.repeat,
              lambda: touch_devices(db, set(ids), datetime.now(timezone.utc)))
    finally:
        db.dispose()
        if dropped:
            admin, name = dropped
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
