"""The report read (the database folds the events) equals a plain event-by-event fold of the
raw log, on generated random days (bench/stats.py's generator), SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bianmin.catalog.models import Hall, Window
from bianmin.queue.clock import as_aware
from bianmin.queue.models import TicketEvent
from bianmin.stats.figures import figures
from bianmin.stats.read import read_facts
from bianmin.stats.report import GROUPINGS

_spec = importlib.util.spec_from_file_location(
    "bench_stats", Path(__file__).resolve().parents[2] / "bench" / "stats.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

AT_WINDOW = {"called", "recalled", "started", "finished", "no_show", "transferred", "cancelled"}
ENDS = {"finished", "no_show", "transferred", "cancelled"}


def refold(session, hall, facts):  # type: ignore[no-untyped-def]
    """The facts again from every raw event in time order, the obvious way."""
    numbers = dict(session.execute(select(Window.id, Window.number)).all())
    by_id = {f.ticket_id: f for f in facts}
    for f in facts:
        f.first_called_at = f.started_at = f.finished_at = f.outcome = f.end = None
        f.window = f.staff = None
        f.recalls = 0
    events = session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id.in_(list(by_id))).order_by(TicketEvent.at, TicketEvent.id))
    for e in events:
        f = by_id[e.ticket_id]
        at = as_aware(e.at)
        if e.kind == "called" and f.first_called_at is None:
            f.first_called_at = at
        if e.kind == "started" and f.started_at is None:
            f.started_at = at
        if e.kind == "recalled":
            f.recalls += 1
        if e.kind in ENDS:
            f.end, f.finished_at = e.kind, at
            f.outcome = e.data.get("outcome") if e.kind == "finished" else None
        if e.kind in AT_WINDOW and e.window_id is not None:
            f.window, f.staff = numbers[e.window_id], e.staff_id
    return facts


def grouped(facts, by):  # type: ignore[no-untyped-def]
    out: dict = {}
    for f in facts:
        out.setdefault(GROUPINGS[by](f), []).append(f)
    return {k: figures(v) for k, v in out.items()}


def test_read_equals_the_raw_fold_on_random_days(any_db) -> None:  # type: ignore[no-untyped-def]
    code = f"rn{uuid.uuid4().hex[:8]}"
    start = 10_000_000 + uuid.uuid4().int % 1_000_000 * 10
    *_, last, _ = bench.generate(any_db, days=4, per_day=120, code=code, seed=start % 97,
                                 ticket_id=start)
    with any_db.read() as session:
        hall = session.scalars(select(Hall).where(Hall.code == code)).one()
        facts = read_facts(session, hall, last - timedelta(days=3), last)
        assert len(facts) > 200
        ours = {by: grouped(facts, by) for by in ("day", "window", "staff", "queue")}
        again = refold(session, hall, read_facts(session, hall, last - timedelta(days=3), last))
    for by, rows in ours.items():
        assert rows == grouped(again, by), by
    # the generator's mix really shows up: every way of ending, recalls, ratings
    total = figures(facts)
    for key in ("served", "no_shows", "transfers", "cancellations", "recalls", "ratings"):
        assert total[key] > 0, key
