"""The report equals a plain event-by-event fold of the raw log, on generated random days
(bench/stats.py's generator), SQLite and PostgreSQL: every figure of every grouping, the
total and the wait histogram — with no day rolled up (all raw), some, and all of them."""

from __future__ import annotations

import importlib.util
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select

from bianmin import migrate
from bianmin.catalog.models import Department, Hall, Scenario, Window, WindowGroup
from bianmin.migrate import alembic_config
from bianmin.queue.clock import as_aware, hall_zone
from bianmin.queue.models import Ticket, TicketEvent
from bianmin.ratings.models import Rating, RatingFollowUp
from bianmin.staff.models import Staff
from bianmin.stats import report
from bianmin.stats.county import county_report
from bianmin.stats.facts import TicketFacts, prefix_of
from bianmin.stats.figures import figures, wait_histogram
from bianmin.stats.models import TicketFactSum
from bianmin.stats.pauses import KEYS as PAUSE_KEYS
from bianmin.stats.report import GROUPINGS, SPLIT
from bianmin.stats.rollup import roll_up_closed, roll_up_day

_spec = importlib.util.spec_from_file_location(
    "bench_stats", Path(__file__).resolve().parents[2] / "bench" / "stats.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

AT_WINDOW = {"called", "recalled", "started", "finished", "no_show", "transferred", "cancelled"}
ENDS = {"finished", "no_show", "transferred", "cancelled", "unserved"}
# a name shown beside the group's value, per grouping (the same as the report's)
LABELS = {"queue": "queue_name", "scenario": "department", "window": "window_name",
          "staff": "staff_name"}


def refold(session, hall):  # type: ignore[no-untyped-def]
    """Every ticket's facts from the raw tables, event by event in time order, the obvious way."""
    zone = hall_zone(hall.timezone)
    windows = {w.id: w for w in session.scalars(select(Window))}
    staff = {s.id: s.display_name for s in session.scalars(select(Staff))}
    departments = {d.id: d.name for d in session.scalars(select(Department))}
    scenarios = {s.id: s for s in session.scalars(select(Scenario))}
    queues = {q.id: q.name for q in session.scalars(select(WindowGroup))}
    facts = {}
    for t in session.scalars(select(Ticket).where(Ticket.hall_id == hall.id)):
        scenario = scenarios[t.scenario_id]
        facts[t.id] = TicketFacts(
            ticket_id=t.id, day=t.business_day, hour=as_aware(t.issued_at).astimezone(zone).hour,
            queue=prefix_of(t.code), scenario=scenario.name, kiosk=t.kiosk or "",
            issued_at=as_aware(t.issued_at), queue_name=queues[t.queue_id],
            department=departments.get(scenario.department_id, ""))
    events = session.scalars(select(TicketEvent).where(TicketEvent.hall_id == hall.id)
                             .order_by(TicketEvent.at, TicketEvent.id))
    for e in events:
        f = facts[e.ticket_id]
        at = as_aware(e.at)
        if e.kind == "issued" and f.extra.get("issued") is None:
            f.issued_at = f.extra["issued"] = at  # type: ignore[assignment]
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
            window = windows[e.window_id]
            f.window, f.window_name = window.number, window.name
            f.staff, f.staff_name = e.staff_id, staff.get(e.staff_id or 0, "")
    follow_ups = {u.rating_id: u for u in session.scalars(select(RatingFollowUp))}
    for r in session.scalars(select(Rating).where(Rating.hall_id == hall.id)):
        f = facts[r.ticket_id]
        f.rating = r.level
        if r.level <= 2:
            u = follow_ups.get(r.id)
            f.followup = ("open" if u is None or u.closed_at is None else
                          "in_time" if as_aware(u.closed_at) <= as_aware(u.due_at) else "late")
    return list(facts.values())


def expected(facts, by):  # type: ignore[no-untyped-def]
    """{group value: (label, figures)} as the report should show them."""
    out: dict = {}
    for f in facts:
        out.setdefault(GROUPINGS[by](f), []).append(f)
    label = LABELS.get(by)
    return {k: (getattr(v[-1], label) if label and k is not None else None, figures(v))
            for k, v in out.items()}


def tickets_only(row):  # type: ignore[no-untyped-def]
    """A row without the window-pause figures (read from the audit log, bianmin/stats/pauses.py:
    the generator writes no pauses, test_stats_pauses.py checks them)."""
    return {k: v for k, v in row.items() if k not in PAUSE_KEYS}


def shown(rows, by):  # type: ignore[no-untyped-def]
    out = {}
    for row in rows:
        row = tickets_only(row)
        key = tuple(row.pop(name) for name in SPLIT[by]) if by in SPLIT else row.pop(by)
        label = row.pop(LABELS[by]) if by in LABELS else None
        out[key] = (label if key is not None else None, row)
    return out


def check(session, hall, first, last, facts) -> None:  # type: ignore[no-untyped-def]
    period = [f for f in facts if first <= f.day <= last]
    answer = report(session, hall, first, last, list(GROUPINGS))
    assert tickets_only(answer["total"]) == figures(period)
    assert (answer["total"]["pauses"], answer["total"]["pause_total_s"]) == (0, 0.0)
    assert answer["wait_histogram"] == wait_histogram(period)
    for by in GROUPINGS:
        assert shown(answer["groups"][by], by) == expected(period, by), by


def test_the_report_equals_the_raw_fold_on_random_days(any_db) -> None:  # type: ignore[no-untyped-def]
    code = f"rn{uuid.uuid4().hex[:8]}"
    start = 10_000_000 + uuid.uuid4().int % 1_000_000 * 10
    # seed 3: 9 bad ratings, followed up in time, late and not yet
    *_, last, _ = bench.generate(any_db, days=4, per_day=120, code=code, seed=3,
                                 ticket_id=start)
    first = last - timedelta(days=3)
    with any_db.read() as session:
        hall = session.scalars(select(Hall).where(Hall.code == code)).one()
        facts = refold(session, hall)
    assert len(facts) > 200
    # the generator's mix really shows up: every way of ending, recalls, bad ratings each way
    total = figures(facts)
    for key in ("served", "no_shows", "transfers", "cancellations", "unserved", "recalls", "ratings",
                "bad_ratings", "bad_handled_in_time", "bad_open"):
        assert total[key] > 0, key
    assert total["called"] < total["issued"]
    assert any(f.window is not None and f.window not in bench.QUEUES[f.queue][:1] for f in facts)

    # nothing rolled up: every day folded from the raw events
    with any_db.read() as session:
        check(session, hall, first, last, facts)
    # the middle two days rolled up: the period reads table, raw, table, raw
    for day in (first + timedelta(days=1), first + timedelta(days=2)):
        assert roll_up_day(any_db, hall.id, day, datetime.now(timezone.utc)) is not None
    with any_db.read() as session:
        check(session, hall, first, last, facts)
        check(session, hall, first + timedelta(days=1), first + timedelta(days=1), facts)
    # every closed day rolled up; again is a no-op
    rolled = roll_up_closed(any_db, datetime.now(timezone.utc), halls=[code])
    assert sorted(r.day for r in rolled) == [first, last]
    assert sum(r.tickets for r in rolled) == sum(1 for f in facts if f.day in (first, last))
    assert roll_up_closed(any_db, datetime.now(timezone.utc), halls=[code]) == []
    with any_db.read() as session:
        check(session, hall, first, last, facts)
        # the county reads the same rows: this hall's row is its report's total
        county = county_report(session, first, last)
    assert tickets_only(next(r for r in county["rows"] if r["hall"] == code)) == {
        "hall": code, "hall_name": hall.name, **figures(facts)}


def check_county(session, first, last, by_code) -> None:  # type: ignore[no-untyped-def]
    """Each hall's row and the county's total equal the raw fold (halls of other tests too)."""
    answer = county_report(session, first, last)
    rows = {r["hall"]: r for r in answer["rows"]}
    by_code = dict(by_code)
    for hall in session.scalars(select(Hall).where(Hall.code.not_in(list(by_code)))):
        by_code[hall.code] = refold(session, hall)
    everyone = []
    for code, facts in by_code.items():
        period = [f for f in facts if first <= f.day <= last]
        everyone += period
        row = tickets_only(rows[code])
        del row["hall"], row["hall_name"]
        assert row == figures(period), code
    assert tickets_only(answer["total"]) == figures(everyone)
    assert answer["wait_histogram"] == wait_histogram(everyone)


def test_the_county_equals_the_raw_fold_rolled_partly_and_not(any_db) -> None:  # type: ignore[no-untyped-def]
    codes = [f"rc{uuid.uuid4().hex[:8]}", f"rd{uuid.uuid4().hex[:8]}"]
    start = 20_000_000 + uuid.uuid4().int % 1_000_000 * 10
    halls, by_code = {}, {}
    for seed, code in enumerate(codes, start=3):
        *_, last, start = bench.generate(any_db, days=4, per_day=90, code=code, seed=seed,
                                         ticket_id=start)
        with any_db.read() as session:
            halls[code] = session.scalars(select(Hall).where(Hall.code == code)).one()
            by_code[code] = refold(session, halls[code])
    first = last - timedelta(days=3)
    assert all(sum(1 for f in facts if f.rating is not None) > 20 for facts in by_code.values())
    # nothing rolled up
    with any_db.read() as session:
        check_county(session, first, last, by_code)
    # one hall's middle days rolled up, the other hall raw
    for day in (first + timedelta(days=1), first + timedelta(days=2)):
        assert roll_up_day(any_db, halls[codes[0]].id, day, datetime.now(timezone.utc)) is not None
    with any_db.read() as session:
        check_county(session, first, last, by_code)
        check_county(session, first + timedelta(days=1), first + timedelta(days=2), by_code)
        check_county(session, first + timedelta(days=2), last, by_code)
    # every closed day rolled up (the last one too: the hall's today is long past)
    roll_up_closed(any_db, datetime.now(timezone.utc), halls=codes)
    with any_db.read() as session:
        assert session.scalar(select(func.count()).select_from(TicketFactSum).where(
            TicketFactSum.hall_id.in_([h.id for h in halls.values()]))) == 8
        check_county(session, first, last, by_code)
        check_county(session, last, last, by_code)
    # a rating given after its day was rolled up still counts (joined at report time), here
    # of a ticket transferred: rated but not served
    facts = by_code[codes[1]]
    late = next(f for f in facts if f.rating is None and f.end == "transferred")
    with any_db.write() as session:
        ticket = session.get(Ticket, late.ticket_id)
        session.add(Rating(hall_id=ticket.hall_id, ticket_id=ticket.id, level=1, channel="tablet",
                           queue_id=ticket.queue_id, scenario_id=ticket.scenario_id,
                           business_day=ticket.business_day, window_id=None, staff_id=None))
    late.rating, late.followup = 1, "open"
    with any_db.read() as session:
        check_county(session, first, last, by_code)
    # the migration's backfill (days rolled up before 0009) writes the same sums as the roll-up
    # (the float sums to the last bits: the order of adding differs; the figures are equal)
    with any_db.read() as session:
        written = sorted(tuple(r) for r in session.execute(select(TicketFactSum.__table__)))
    command.downgrade(alembic_config(any_db), "0008")
    migrate.upgrade(any_db)
    with any_db.read() as session:
        again = sorted(tuple(r) for r in session.execute(select(TicketFactSum.__table__)))
        assert again == [tuple(pytest.approx(v, rel=1e-12) if isinstance(v, float) else v
                               for v in row) for row in written]
        check_county(session, first, last, by_code)
