"""One definition of a ticket's "fact row", as SQL: the roll-up writes it, reports read it.

``raw_facts(dialect, scope)`` folds each ticket's events in the database into the columns of
``ticket_fact`` (the roll-up inserts exactly this SELECT); ``stored_facts(scope)`` reads the
rolled-up rows with the same columns. A report reads the union of the two: rolled days from
the table, the others (today, a day never closed) from the raw event log.

A ticket's window and staff member are those of its last act at a window (called, recalled,
started, finished, no-show, transferred, cancelled; by time, then event id); how it ended is
its last end. Names (queue, scenario, department, window, staff) are today's for raw rows
and frozen in rolled rows. Time arithmetic and the hall's timezone are done by PostgreSQL
itself, and on SQLite by four small Python functions registered on the connection
(``prepare``), so both databases compute the same seconds as Python's datetimes do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    SmallInteger,
    String,
    and_,
    case,
    cast,
    extract,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from bianmin.catalog.models import Department, Hall, Scenario, Window, WindowGroup
from bianmin.queue.clock import hall_zone
from bianmin.queue.models import Ticket, TicketEvent
from bianmin.staff.models import Staff
from bianmin.stats.facts import prefix_of
from bianmin.stats.models import TicketFact

# acts at a window name the ticket's window and staff member; transferred_in (written on the
# new ticket by the sending window) is not one
AT_WINDOW = ("called", "recalled", "started", "finished", "no_show", "transferred", "cancelled")
# "unserved": closed at the end of the business day, never served (queue/day_close.py)
ENDS = ("finished", "no_show", "transferred", "cancelled", "unserved")

# the columns of a fact row, in ticket_fact's order
COLUMNS = [c.name for c in TicketFact.__table__.columns]

# a period of one or more halls: (hall id, first day, last day) ranges of business days
Ranges = Sequence[tuple[int, date, date]]


# --- SQLite: the four functions PostgreSQL has built in --------------------------------

def _seconds(start: str | None, end: str | None) -> float | None:
    if start is None or end is None:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


@lru_cache(maxsize=64)
def _zone(name: str):  # type: ignore[no-untyped-def]
    return hall_zone(name)


def _local_hour(at: str, zone: str) -> int:
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(_zone(zone)).hour


def _isodow(day: str) -> int:
    return date.fromisoformat(day[:10]).isoweekday()


def prepare(session: Session) -> str:
    """The dialect's name; on SQLite also registers the functions on this connection."""
    connection = session.connection()
    name = connection.dialect.name
    if name == "sqlite":
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.create_function("bm_seconds", 2, _seconds, deterministic=True)
        raw.create_function("bm_local_hour", 2, _local_hour, deterministic=True)
        raw.create_function("bm_isodow", 1, _isodow, deterministic=True)
        raw.create_function("bm_prefix", 1, prefix_of, deterministic=True)
    return name


def seconds(dialect: str, start: Any, end: Any) -> ColumnElement[float]:
    if dialect == "sqlite":
        return func.bm_seconds(start, end, type_=Float)
    return cast(extract("epoch", end - start), Float)


def _local_hour_of(dialect: str, at: Any, zone: Any) -> ColumnElement[int]:
    if dialect == "sqlite":
        return func.bm_local_hour(at, zone, type_=SmallInteger)
    return cast(extract("hour", func.timezone(zone, at)), SmallInteger)


def _isodow_of(dialect: str, day: Any) -> ColumnElement[int]:
    if dialect == "sqlite":
        return func.bm_isodow(day, type_=SmallInteger)
    return cast(extract("isodow", day), SmallInteger)


def _prefix_of(dialect: str, code: Any) -> ColumnElement[str]:
    if dialect == "sqlite":
        return func.bm_prefix(code, type_=String)
    return func.coalesce(func.nullif(func.regexp_replace(code, "[0-9]+$", ""), ""), code)


# --- the scope of a read: which halls and days ------------------------------------------

def in_ranges(hall_id: Any, day: Any, ranges: Ranges) -> ColumnElement[bool]:
    return or_(*(and_(hall_id == hall, day >= first, day <= last) for hall, first, last in ranges))


# --- the fact rows ----------------------------------------------------------------------

def raw_facts(dialect: str, ranges: Ranges) -> Select[Any]:
    """The fact row of every ticket in ``ranges``, folded from the raw event log.

    Each ticket's events are looked up by ticket (the ``ticket_event.ticket_id`` index): a
    handful of index probes per ticket, whatever the planner knows about the tables (joins of
    grouped subqueries turned quadratic on a freshly loaded PostgreSQL without statistics,
    and joins to the event table read all of it once it had statistics).
    """
    t = Ticket
    e = TicketEvent.__table__.alias("e")

    def first(kind: str) -> Any:
        return (select(func.min(e.c.at)).where(e.c.ticket_id == t.id, e.c.kind == kind)
                .scalar_subquery())

    def last_of(column: Any, kinds: tuple[str, ...], *more: Any) -> Any:
        return (select(column).where(e.c.ticket_id == t.id, e.c.kind.in_(kinds), *more)
                .order_by(e.c.at.desc(), e.c.id.desc()).limit(1).scalar_subquery())

    acted = e.c.window_id.is_not(None)
    base = (
        select(t.id, t.hall_id, t.business_day, t.code, t.queue_id, t.scenario_id, t.kiosk,
               t.issued_at,
               first("issued").label("issued"), first("called").label("called"),
               first("started").label("started"),
               select(func.count()).where(e.c.ticket_id == t.id, e.c.kind == "recalled")
               .scalar_subquery().label("recalls"),
               last_of(e.c.window_id, AT_WINDOW, acted).label("window_id"),
               last_of(e.c.staff_id, AT_WINDOW, acted).label("staff_id"),
               last_of(e.c.kind, ENDS).label("end_kind"),
               last_of(e.c.at, ENDS).label("end_at"),
               last_of(e.c.data["outcome"].as_string(), ENDS).label("end_outcome"))
        .where(in_ranges(t.hall_id, t.business_day, ranges))
        # a fence: each lookup runs once per ticket, not once per use below (PostgreSQL
        # would otherwise pull the subquery up and repeat them)
        .offset(0)
        .subquery("b"))
    b = base.c
    issued = func.coalesce(b.issued, b.issued_at)
    finished = b.end_kind == "finished"
    columns = {
        "ticket_id": b.id,
        "hall_id": b.hall_id,
        "business_day": b.business_day,
        "hour": _local_hour_of(dialect, b.issued_at, Hall.timezone),
        "weekday": _isodow_of(dialect, b.business_day),
        "queue": _prefix_of(dialect, b.code),
        "queue_name": WindowGroup.name,
        "scenario_id": b.scenario_id,
        "scenario_name": Scenario.name,
        "department": func.coalesce(Department.name, ""),
        "kiosk": func.coalesce(b.kiosk, ""),
        "window_id": b.window_id,
        "window_number": Window.number,
        "window_name": func.coalesce(Window.name, ""),
        "staff_id": b.staff_id,
        "staff_name": func.coalesce(Staff.display_name, ""),
        "issued_at": issued,
        "first_called_at": b.called,
        "started_at": b.started,
        "finished_at": b.end_at,
        "wait_s": seconds(dialect, issued, b.called),
        "walk_s": seconds(dialect, b.called, b.started),
        "service_s": case((finished, seconds(dialect, b.started, b.end_at))),
        "outcome": case((finished, b.end_outcome)),
        "end": b.end_kind,
        "recalls": cast(b.recalls, Integer),
    }
    assert list(columns) == COLUMNS
    return (
        select(*(value.label(name) for name, value in columns.items()))
        .select_from(base)
        .join(Hall, Hall.id == b.hall_id)
        .join(Scenario, Scenario.id == b.scenario_id)
        .outerjoin(Department, Department.id == Scenario.department_id)
        .join(WindowGroup, WindowGroup.id == b.queue_id)
        .outerjoin(Window, Window.id == b.window_id)
        .outerjoin(Staff, Staff.id == b.staff_id)
    )


def stored_facts(ranges: Ranges) -> Select[Any]:
    """The rolled-up rows of ``ranges`` (only rolled days have any)."""
    f = TicketFact.__table__.c
    return select(*(f[name] for name in COLUMNS)).where(in_ranges(f.hall_id, f.business_day, ranges))


def no_rows() -> Select[Any]:
    """A fact row source with no rows (a period with nothing to read)."""
    f = TicketFact.__table__.c
    return select(*(f[name] for name in COLUMNS)).where(false())
