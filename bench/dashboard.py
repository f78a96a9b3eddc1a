"""实时概况: how long the dashboard's refresh takes on a busy day (docs/statistics.md).

    python bench/dashboard.py                              # SQLite file, 1500 tickets
    python bench/dashboard.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/dashboard.py --tickets 600

Loads the demo hall into a fresh database (SQLite: a temporary file; PostgreSQL: a new
database on the given server, dropped at the end) and serves a day of TICKETS tickets
through the real counter functions at windows 15–20 (queue L), a clock moving from 08:30
hall time so that the day ends before 17:00: every 10th visitor does not show, the others are started and
finished with the six outcomes in turn, every 3rd finished ticket is rated (every 4th
rating bad), the last 30 are left waiting and window 20 is paused. Then it times what
GET …/dashboard does after the HTTP layer: the hall snapshot plus ``read_board`` (today's
figures, queues, windows, open bad ratings, alerts), 30 times, and prints the median and max;
on PostgreSQL again after ANALYZE (a freshly loaded database has no planner statistics).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, select, text  # noqa: E402

from bianmin import migrate  # noqa: E402
from bianmin.catalog.demo import ensure_demo_hall  # noqa: E402
from bianmin.catalog.models import Hall, Scenario, WindowGroup  # noqa: E402
from bianmin.dashboard.board import read_board  # noqa: E402
from bianmin.db import Database  # noqa: E402
from bianmin.queue import calling  # noqa: E402
from bianmin.queue.outcomes import Outcome  # noqa: E402
from bianmin.queue.snapshot import read_snapshot  # noqa: E402
from bianmin.queue.tickets import issue_ticket  # noqa: E402
from bianmin.ratings.record import RatingInput, RatingRules, record_rating  # noqa: E402

QUEUE = "L"  # 15-20号窗口 in the demo hall
WINDOWS = [15, 16, 17, 18, 19]
PAUSED = 20
LEFT_WAITING = 30


class StepClock:
    """Every reading a little later: the whole day fits between 08:30 and 17:00."""

    def __init__(self, start: datetime, step: float) -> None:
        self.now = start
        self.step = timedelta(seconds=step)

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def serve_a_day(db: Database, tickets: int, clock: StepClock) -> int:
    with db.read() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == "demo"))
        scenario = session.scalars(select(Scenario.id).join(
            WindowGroup, WindowGroup.id == Scenario.window_group_id).where(
            WindowGroup.hall_id == hall_id, WindowGroup.prefix == QUEUE)).first()
    outcomes = list(Outcome)
    rules = RatingRules(tablet_minutes=10**6)
    served = 0
    for index in range(tickets):
        ticket_id = issue_ticket(db, hall_code="demo", scenario_id=scenario, clock=clock).ticket_id
        if index >= tickets - LEFT_WAITING:
            continue
        window = WINDOWS[index % len(WINDOWS)]
        calling.call_next(db, hall_id, window, None, clock)
        if index % 10 == 9:
            calling.no_show(db, hall_id, window, None, clock)
            continue
        calling.start(db, hall_id, window, None, clock)
        calling.finish(db, hall_id, window, None, outcomes[served % len(outcomes)], clock)
        served += 1
        if served % 3 == 0:
            bad = served % 12 == 0
            record_rating(db, ticket_id, RatingInput(2 if bad else 5, ["efficiency"] if bad else [],
                                                     "", "", "tablet"), clock(), rules)
    calling.pause(db, hall_id, PAUSED, None, clock)
    return hall_id


def run(db: Database, tickets: int) -> None:
    migrate.upgrade(db)
    ensure_demo_hall(db)
    zone = ZoneInfo("Asia/Shanghai")
    today = datetime.now(zone).replace(hour=8, minute=30, second=0, microsecond=0)
    clock = StepClock(today, step=8.5 * 3600 / (tickets * 7))
    started = time.perf_counter()
    hall_id = serve_a_day(db, tickets, clock)
    print(f"served the day in {time.perf_counter() - started:.0f} s; hall clock now {clock.now:%H:%M}")
    refresh(db, hall_id, clock, tickets, "")
    if not db.is_sqlite:
        # a freshly loaded database has no planner statistics until autovacuum analyzes it
        with db.write() as session:
            session.execute(text("ANALYZE"))
        refresh(db, hall_id, clock, tickets, "after ANALYZE: ")


def refresh(db: Database, hall_id: int, clock: StepClock, tickets: int, label: str) -> None:
    times = []
    board = None
    for _ in range(30):
        start = time.perf_counter()
        snapshot = read_snapshot(db, hall_id=hall_id, clock=lambda: clock.now)
        board = read_board(db, snapshot, clock.now)
        times.append(time.perf_counter() - start)
    assert board is not None and board.today["issued"] == tickets, "the figures do not match the day"
    t = board.today
    if not label:
        print(f"day: issued {t['issued']}, called {t['called']}, served {t['served']}, "
              f"no-shows {t['no_shows']}, waiting {t['waiting']}, ratings {t['ratings']}, "
              f"alerts {len(board.alerts)}")
    ms = [s * 1000 for s in times]
    print(f"{label}dashboard refresh (snapshot + read_board), n={len(ms)}: "
          f"median {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--tickets", type=int, default=1500)
    args = parser.parse_args()
    if args.database:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db = Database(args.database.rsplit("/", 1)[0] + "/" + name)
        try:
            print(f"PostgreSQL, {args.tickets} tickets")
            run(db, args.tickets)
        finally:
            db.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite:///{folder}/bench.sqlite3")
            print(f"SQLite (synchronous FULL), {args.tickets} tickets")
            run(db, args.tickets)
            db.dispose()


if __name__ == "__main__":
    main()
