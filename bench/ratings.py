"""好差评: recording a rating (two submissions per ticket racing) and reading the lists.

    python bench/ratings.py                              # SQLite file, 400 tickets
    python bench/ratings.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/ratings.py --tickets 1000

Loads the demo hall into a fresh database (SQLite: a temporary file; PostgreSQL: a new
database on the given server, dropped at the end), serves TICKETS tickets at window 15 and
finishes them, then for every ticket two threads submit a rating at the same moment (the
tablet and the phone). Prints median and p99 of a recorded rating and of a refused second
one, checks that every ticket has exactly one rating, then times the managers' lists: the
follow-ups (every third rating is bad) and the ratings of the day.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from bianmin import migrate  # noqa: E402
from bianmin.catalog.demo import ensure_demo_hall  # noqa: E402
from bianmin.catalog.models import Hall, Scenario, WindowGroup  # noqa: E402
from bianmin.db import Database  # noqa: E402
from bianmin.queue import calling  # noqa: E402
from bianmin.queue.clock import business_day  # noqa: E402
from bianmin.queue.tickets import issue_ticket  # noqa: E402
from bianmin.ratings.errors import AlreadyRated  # noqa: E402
from bianmin.ratings.models import Rating  # noqa: E402
from bianmin.ratings.queries import follow_ups_of_hall, ratings_of_hall  # noqa: E402
from bianmin.ratings.record import RatingInput, RatingRules, record_rating  # noqa: E402

QUEUE = "L"  # 15-20号窗口 in the demo hall
WINDOW = 15


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def figures(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{name:<12} n={len(ms):<5} median {statistics.median(ms):6.2f} ms   "
            f"p99 {percentile(ms, 0.99):6.2f} ms   max {max(ms):6.2f} ms")


def finished_tickets(db: Database, count: int) -> tuple[int, list[int]]:
    with db.read() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == "demo"))
        scenario = session.scalars(select(Scenario.id).join(
            WindowGroup, WindowGroup.id == Scenario.window_group_id).where(
            WindowGroup.hall_id == hall_id, WindowGroup.prefix == QUEUE)).first()
    ids = []
    for _ in range(count):
        ids.append(issue_ticket(db, hall_code="demo", scenario_id=scenario).ticket_id)
        calling.call_next(db, hall_id, WINDOW, None)
        calling.finish(db, hall_id, WINDOW, None)
    return hall_id, ids


def race(db: Database, ticket_ids: list[int]) -> tuple[list[float], list[float]]:
    recorded: list[float] = []
    refused: list[float] = []
    lock = threading.Lock()
    rules = RatingRules()
    for index, ticket_id in enumerate(ticket_ids):
        bad = index % 3 == 0
        given = [RatingInput(level=2 if bad else 5, reasons=["efficiency"] if bad else [],
                             remark="", phone="", channel=channel) for channel in ("tablet", "phone")]
        barrier = threading.Barrier(2)

        def submit(one: RatingInput, barrier: threading.Barrier = barrier,
                   ticket_id: int = ticket_id) -> None:
            barrier.wait()
            start = time.perf_counter()
            try:
                record_rating(db, ticket_id, one, datetime.now(timezone.utc), rules)
                kept = recorded
            except AlreadyRated:
                kept = refused
            with lock:
                kept.append(time.perf_counter() - start)

        threads = [threading.Thread(target=submit, args=(g,)) for g in given]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return recorded, refused


def run(db: Database, tickets: int) -> None:
    migrate.upgrade(db)
    ensure_demo_hall(db)
    hall_id, ids = finished_tickets(db, tickets)
    recorded, refused = race(db, ids)
    print(figures("recorded", recorded))
    print(figures("refused 2nd", refused))
    with db.read() as session:
        counts = session.execute(select(Rating.ticket_id, func.count()).group_by(Rating.ticket_id)).all()
    assert len(counts) == tickets and all(n == 1 for _, n in counts), "a ticket rated twice or never"
    print(f"one rating per ticket: {tickets} tickets, {len(recorded)} recorded, {len(refused)} refused")
    now = datetime.now(timezone.utc)
    day = business_day(now, "Asia/Shanghai")
    for name, read in (("follow-ups", lambda s: follow_ups_of_hall(s, hall_id, "open", now)),
                       ("day's list", lambda s: ratings_of_hall(s, hall_id, day, day, now))):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            with db.read() as session:
                rows = read(session)
            times.append(time.perf_counter() - start)
        print(f"{name:<12} {len(rows)} ratings: median {statistics.median(times) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--tickets", type=int, default=400)
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
