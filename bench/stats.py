"""Reports over a generated history: how long the figures of a period take to compute.

    python bench/stats.py                                   # SQLite file, 1 hall × 90 days
    python bench/stats.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/stats.py --days 30 --per-day 1500
    python bench/stats.py --halls 15 --days 30 --repeat 1     # adds the county report

Builds one hall (6 queues, 12 windows, 12 staff ids) in a fresh database (SQLite: a
temporary file; PostgreSQL: a new database on the given server, dropped at the end) and
DAYS business days of history, PER_DAY tickets a day (±50 %, open 08:30–17:00 local): each
with its events as the counter writes them (issued, called, 5 % recalled, started,
finished with an outcome — or 6 % no-show, 3 % transferred, 1 % cancelled, 1 % never
called and closed unserved at the day's end) and a rating
for 40 % of the finished ones; HALLS such halls (``--halls 15``: a county). Then times, median of REPEAT runs: a one-day report by
window, a 30-day report by window, the whole period by day, the XLSX of 30 days with
four sheets, ``today_so_far`` of the last day (the dashboard's figures) and, with several
halls, the county report of the whole period by hall.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, insert, select, text, update  # noqa: E402

from bianmin import migrate  # noqa: E402
from bianmin.catalog.models import Department, Hall, Scenario  # noqa: E402
from bianmin.db import Database  # noqa: E402
from bianmin.queue.models import Ticket, TicketEvent  # noqa: E402
from bianmin.ratings.models import Rating, RatingFollowUp  # noqa: E402
from bianmin.stats import report, today_so_far  # noqa: E402
from bianmin.stats.county import county_report  # noqa: E402
from bianmin.stats.export import to_xlsx  # noqa: E402
from bianmin.stats.rollup import roll_up_closed  # noqa: E402
from tests.support.factories import make_hall  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
QUEUES = {"A": [1, 2, 3], "B": [4, 5], "C": [6, 7], "D": [8, 9], "E": [10, 11], "F": [12]}
OUTCOMES = ["done"] * 6 + ["accepted"] * 2 + ["consulted"] * 2 + ["supplement", "forwarded", "refused"]
LEVELS = [5] * 80 + [4] * 12 + [3] * 5 + [2] * 2 + [1]


def generate(db: Database, days: int, per_day: int, code: str = "bench", seed: int = 10,
             ticket_id: int = 0, low: int | None = None, high: int | None = None,
             ) -> tuple[int, int, int, date, int]:
    """Write one hall's history; returns (tickets, events, ratings, last day, last ticket id).

    Each day has ``low``..``high`` tickets (default ``per_day`` ±50 %)."""
    rng = random.Random(seed)
    with db.write() as session:
        hall = make_hall(session, code=code, queues=QUEUES)
        # queues A–C belong to 民政办, D–E to 社保所, F to none
        for name, prefixes in (("民政办", "ABC"), ("社保所", "DE")):
            department = Department(hall_id=hall.hall_id, name=name)
            session.add(department)
            session.flush()
            for prefix in prefixes:
                session.execute(update(Scenario).where(Scenario.id == hall.scenarios[prefix])
                                .values(department_id=department.id))
    last = date(2026, 11, 30)
    counts = [0, 0, 0]
    for offset in range(days):
        day = last - timedelta(days=days - 1 - offset)
        opening = datetime.combine(day, dtime(8, 30), ZONE).astimezone(timezone.utc)
        tickets, events, ratings, follow_ups = [], [], [], []
        numbers = dict.fromkeys(QUEUES, 0)
        for _ in range(rng.randint(low or per_day // 2, high or per_day * 3 // 2)):
            ticket_id += 1
            prefix = rng.choice(list(QUEUES))
            numbers[prefix] += 1
            issued = opening + timedelta(seconds=rng.uniform(0, 8.5 * 3600))
            window = rng.choice(QUEUES[prefix])
            wid, staff = hall.windows[window], window
            tickets.append({
                "id": ticket_id, "hall_id": hall.hall_id, "queue_id": hall.queues[prefix],
                "scenario_id": hall.scenarios[prefix], "business_day": day,
                "number": numbers[prefix], "code": f"{prefix}{numbers[prefix]:03d}",
                "priority": "normal", "status": "done", "issued_at": issued,
                "queued_since": issued, "recall_count": 0, "kiosk": f"k{rng.randint(1, 3)}",
            })

            def event(kind: str, at: datetime, data: dict | None = None, w: int | None = wid,
                      tid: int = ticket_id, out: list = events, who: int = staff) -> None:
                out.append({"hall_id": hall.hall_id, "ticket_id": tid, "kind": kind,
                            "at": at, "window_id": w, "staff_id": who if w else None,
                            "data": data or {}})

            event("issued", issued, w=None)
            if rng.random() < 0.02:
                # never called: every other one closed unserved at the end of the day (the
                # rest still waiting, a day never closed); no draw, so a seed's day stays
                if ticket_id % 2 == 0:
                    tickets[-1]["status"] = "unserved"
                    event("unserved", opening + timedelta(hours=9), {"by": "day_close"}, w=None)
                continue
            called = issued + timedelta(seconds=rng.expovariate(1 / 900))
            event("called", called)
            if rng.random() < 0.05:
                # now and then recalled from another window of the queue, which then serves it
                wid = hall.windows[staff := rng.choice(QUEUES[prefix])]
                event("recalled", called + timedelta(seconds=60), {"count": 1}, w=wid, who=staff)
            roll = rng.random()
            if roll < 0.06:
                event("no_show", called + timedelta(seconds=180), w=wid, who=staff)
                continue
            if roll < 0.07:
                event("cancelled", called + timedelta(seconds=30), w=wid, who=staff)
                continue
            started = called + timedelta(seconds=rng.uniform(20, 120))
            event("started", started, w=wid, who=staff)
            finished = started + timedelta(seconds=rng.expovariate(1 / 480))
            if roll < 0.10:
                event("transferred", finished, w=wid, who=staff)
                continue
            event("finished", finished, {"outcome": rng.choice(OUTCOMES)}, w=wid, who=staff)
            if rng.random() < 0.4:
                ratings.append({
                    "id": ticket_id, "hall_id": hall.hall_id, "ticket_id": ticket_id,
                    "level": (lv := rng.choice(LEVELS)),
                    "reasons": ["other"] if lv <= 2 else [], "remark": "", "phone": "",
                    "channel": "tablet", "window_id": wid, "staff_id": staff,
                    "queue_id": hall.queues[prefix], "scenario_id": hall.scenarios[prefix],
                    "business_day": day, "created_at": finished,
                })
                if lv <= 2:
                    # followed up in time (most), late, or not yet
                    due = finished + timedelta(days=3)
                    closed = rng.choice([finished + timedelta(hours=5)] * 3 + [due + timedelta(hours=1), None])
                    follow_ups.append({"rating_id": ticket_id, "hall_id": hall.hall_id,
                                       "due_at": due, "closed_at": closed, "closed_by": None})
        write_rows(db, [(Ticket, tickets), (TicketEvent, events), (Rating, ratings),
                        (RatingFollowUp, follow_ups)])
        counts[0] += len(tickets)
        counts[1] += len(events)
        counts[2] += len(ratings)
    return counts[0], counts[1], counts[2], last, ticket_id


def write_rows(db: Database, tables: list) -> None:  # type: ignore[type-arg]
    """Insert the rows; on PostgreSQL with COPY (several times faster), one transaction."""
    if db.is_sqlite:
        with db.engine.begin() as conn:
            for model, rows in tables:
                if rows:
                    conn.execute(insert(model), rows)
        return
    raw = db.engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            for model, rows in tables:
                if not rows:
                    continue
                names = list(rows[0])
                with cursor.copy(f"COPY {model.__tablename__} ({', '.join(names)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([json.dumps(v) if isinstance(v, dict | list) else v
                                        for v in (row[n] for n in names)])
        raw.commit()
    finally:
        raw.close()


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median and 95th percentile (nearest rank) milliseconds of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[max(0, -(-95 * len(runs) // 100) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="", help="PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--per-day", default="600",
                        help="tickets a hall a day: N (N ±50 %%) or LOW-HIGH, e.g. 300-1500")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true",
                        help="PostgreSQL: keep the database at the end (its name is printed)")
    parser.add_argument("--reuse", default="",
                        help="an existing bench database (PostgreSQL: its name on the server; SQLite: "
                        "the file a run printed); halls it lacks "
                        "are written, days not rolled up are rolled up, then the timings")
    parser.add_argument("--no-rollup", dest="rollup", action="store_false",
                        help="leave every day raw (the reports fold the event log)")
    parser.add_argument("--halls", type=int, default=1,
                        help="halls with the same kind of history; more than one adds the county report")
    args = parser.parse_args()
    admin = None
    if args.database:
        name = args.reuse or f"bench_stats_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
        if not args.reuse:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = args.database.rsplit("/", 1)[0] + "/" + name
        print(f"database {name}", flush=True)
    else:
        url = f"sqlite:///{args.reuse or tempfile.mkdtemp() + '/bench.sqlite3'}"
        print(f"database {url}", flush=True)
    db = Database(url)
    try:
        migrate.upgrade(db)
        start = time.perf_counter()
        totals = [0, 0, 0]
        with db.read() as session:
            next_id = session.scalar(select(func.max(Ticket.id))) or 0
            there = set(session.scalars(select(Hall.code)))
        low, _, high = args.per_day.partition("-")
        per_day = int(low) if not high else (int(low) + int(high)) // 2
        last = date(2026, 11, 30)
        for number in range(args.halls):
            if f"bench{number or ''}" in there:
                continue  # --reuse: written before
            *made, last, next_id = generate(db, args.days, per_day, code=f"bench{number or ''}",
                                            seed=10 + number, ticket_id=next_id,
                                            low=int(low) if high else None,
                                            high=int(high) if high else None)
            totals = [a + b for a, b in zip(totals, made, strict=True)]
        with db.read() as session:
            tickets, events, ratings = (session.scalar(select(func.count()).select_from(model))
                                        for model in (Ticket, TicketEvent, Rating))
        with db.engine.begin() as conn:
            # fresh planner statistics, as a database that has lived a while has them
            conn.execute(text("ANALYZE"))
        print(f"{url.split(':')[0]}: {args.halls} hall(s) × {args.days} days: {tickets} tickets, {events} events, "
              f"{ratings} ratings, written in {time.perf_counter() - start:.1f} s", flush=True)
        # every day but the last rolled up, as `bianmin serve` leaves them: the last is "today"
        start = time.perf_counter()
        rolled = roll_up_closed(db, datetime.combine(last, dtime(12, 0), ZONE)) if args.rollup else []
        # VACUUM as autovacuum does to a table that grew (PostgreSQL 13+: after inserts too):
        # it marks the pages all-visible, so the county's waits come from an index-only scan
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))
        took = time.perf_counter() - start
        per_day = f": {took / len(rolled) * 1000:.0f} ms a day" if rolled else ""
        print(f"  rolled up {len(rolled)} hall-days ({sum(r.tickets for r in rolled)} tickets) "
              f"in {took:.1f} s{per_day}", flush=True)
        with db.read() as session:
            hall = session.query(Hall).filter_by(code="bench").one()

            def rep(days: int, by: list[str]):  # type: ignore[no-untyped-def]
                return lambda: report(session, hall, last - timedelta(days=days - 1), last, by)

            month = last - timedelta(days=29)
            figures = [
                ("one day by window (yesterday)", lambda: report(
                    session, hall, last - timedelta(days=1), last - timedelta(days=1), ["window"])),
                ("30 days by window", rep(30, ["window"])),
                (f"{args.days} days by day", rep(args.days, ["day"])),
                ("XLSX of 30 days (day, window, queue, staff sheets)", lambda: to_xlsx(
                    "bench", **_groups(report(session, hall, month, last,
                                              ["day", "window", "queue", "staff"])))),
                ("today_so_far (last day)", lambda: today_so_far(
                    session, hall, datetime.combine(last, dtime(17, 0), ZONE))),
            ]
            if args.halls > 1:
                figures.append((f"county: {args.halls} halls × {args.days} days by hall", lambda: county_report(
                    session, last - timedelta(days=args.days - 1), last)))
            for label, fn in figures:
                median, p95 = timed(fn, args.repeat)
                print(f"  {label:<55} median {median:8.1f} ms  p95 {p95:8.1f} ms  ({args.repeat} runs)",
                      flush=True)
    finally:
        db.dispose()
        if admin is not None and not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def _groups(answer: dict) -> dict:
    return {"groups": answer["groups"], "total": answer["total"]}


if __name__ == "__main__":
    main()
