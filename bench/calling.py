"""Counter actions: call-next latency and throughput with several windows of one queue.

    python bench/calling.py                              # SQLite file, 6 windows, 600 tickets
    python bench/calling.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/calling.py --windows 2 --tickets 200
    python bench/calling.py --green 0.3                  # every third ticket or so green

Loads the demo hall into a fresh database (SQLite: a temporary file; PostgreSQL: a new
database on the given server, dropped at the end), issues TICKETS tickets into queue L
(windows 15–20), then one thread per window calls the next ticket and finishes it until the
queue is empty, like staff pressing 叫号 and 办结 as fast as they can. ``--green`` makes that
share of the tickets green-channel ones (the fair rule's streak then counts, docs/counter.md). Prints median and p99
of call-next and finish, and tickets served per second; checks that no ticket was called
twice.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, select, text  # noqa: E402

from bianmin import migrate  # noqa: E402
from bianmin.catalog.demo import ensure_demo_hall  # noqa: E402
from bianmin.catalog.models import Scenario, WindowGroup  # noqa: E402
from bianmin.db import Database  # noqa: E402
from bianmin.queue import calling  # noqa: E402
from bianmin.queue.call_errors import NoTicketWaiting  # noqa: E402
from bianmin.queue.models import Priority  # noqa: E402
from bianmin.queue.tickets import issue_ticket  # noqa: E402

QUEUE = "L"  # 15-20号窗口 in the demo hall


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def figures(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{name:<10} n={len(ms):<5} median {statistics.median(ms):6.2f} ms   "
            f"p99 {percentile(ms, 0.99):6.2f} ms   max {max(ms):6.2f} ms")


def run(db: Database, windows: list[int], tickets: int, green: float = 0.0) -> None:
    ensure_demo_hall(db)
    with db.read() as session:
        hall_id, scenario = session.execute(
            select(WindowGroup.hall_id, Scenario.id).join(Scenario, Scenario.window_group_id == WindowGroup.id)
            .where(WindowGroup.prefix == QUEUE).limit(1)
        ).one()
    chooser = random.Random(12)
    for _ in range(tickets):
        priority = Priority.GREEN if chooser.random() < green else Priority.NORMAL
        issue_ticket(db, hall_code="demo", scenario_id=scenario, priority=priority)
    calls: list[float] = []
    finishes: list[float] = []
    called: list[int] = []
    lock = threading.Lock()

    def window(number: int) -> None:
        mine_calls, mine_finishes, mine = [], [], []
        while True:
            start = time.perf_counter()
            try:
                result = calling.call_next(db, hall_id, number, number)
            except NoTicketWaiting:
                break
            middle = time.perf_counter()
            calling.finish(db, hall_id, number, number)
            end = time.perf_counter()
            mine_calls.append(middle - start)
            mine_finishes.append(end - middle)
            mine.append(result.ticket.info.id)
        with lock:
            calls.extend(mine_calls)
            finishes.extend(mine_finishes)
            called.extend(mine)

    threads = [threading.Thread(target=window, args=(n,)) for n in windows]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    assert len(called) == len(set(called)) == tickets, "a ticket was called twice or lost"
    print(f"{db.engine.dialect.name}: {len(windows)} windows of queue {QUEUE}, {tickets} tickets"
          f" ({green:.0%} green)")
    print(figures("call-next", calls))
    print(figures("finish", finishes))
    print(f"throughput {tickets / wall:7.1f} tickets called and finished per second "
          f"({wall:.2f} s wall clock)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--windows", type=int, default=6, help="windows calling at once (1–6)")
    parser.add_argument("--tickets", type=int, default=600)
    parser.add_argument("--green", type=float, default=0.0, help="share of green tickets (0–1)")
    args = parser.parse_args()
    windows = list(range(15, 15 + max(1, min(6, args.windows))))
    if not args.database:
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite:///{folder}/bench.sqlite3")
            migrate.upgrade(db)
            run(db, windows, args.tickets, args.green)
            db.dispose()
        return 0
    name = f"bianmin_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        db = Database(args.database.rsplit("/", 1)[0] + "/" + name)
        migrate.upgrade(db)
        run(db, windows, args.tickets, args.green)
        db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
