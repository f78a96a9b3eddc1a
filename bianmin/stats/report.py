"""A hall's report for a period, grouped one way or several: what the API and exports show.

``report`` answers one row per group value (sorted), each named by its group — ``"day":
"2026-12-01"``, ``"hour": 9``, ``"queue": "A"``, ``"window": 24`` — with every figure of
``figures.FIGURES``; ``today_so_far`` is the same for one hall's current business day
(the dashboard calls it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.queue.clock import business_day
from bianmin.staff.models import Staff
from bianmin.stats.facts import TicketFacts
from bianmin.stats.figures import figures, wait_histogram
from bianmin.stats.pauses import add_pauses, pause_totals
from bianmin.stats.read import read_facts

GROUPINGS: dict[str, Callable[[TicketFacts], Any]] = {
    "day": lambda t: t.day.isoformat(),
    "hour": lambda t: t.hour,
    "queue": lambda t: t.queue,
    "scenario": lambda t: t.scenario,
    "window": lambda t: t.window,
    "staff": lambda t: t.staff,
    "kiosk": lambda t: t.kiosk,
    # ISO weekday of the business day, 1 = Monday … 7 = Sunday
    "weekday": lambda t: t.day.isoweekday(),
    # the heat map's cells: (weekday, hour of issue); the row names both
    "weekday_hour": lambda t: (t.day.isoweekday(), t.hour),
}
# a grouping whose value is a tuple names each part in its row
SPLIT = {"weekday_hour": ("weekday", "hour")}


def _order(value: Any) -> tuple[int, Any]:
    # a group of tickets never called (window/staff None) comes last
    return (1, "") if value is None else (0, value)


def rows_by(facts: Iterable[TicketFacts], by: str, staff_names: dict[int, str] | None = None
            ) -> list[dict[str, Any]]:
    """One row per value of grouping ``by``, with that value under the grouping's name."""
    key = GROUPINGS[by]
    groups: dict[Any, list[TicketFacts]] = {}
    for fact in facts:
        groups.setdefault(key(fact), []).append(fact)
    rows = []
    for value in sorted(groups, key=_order):
        row: dict[str, Any] = dict(zip(SPLIT[by], value, strict=True)) if by in SPLIT else {by: value}
        if by == "staff":
            row["staff_name"] = (staff_names or {}).get(value, "") if value is not None else ""
        row.update(figures(groups[value]))
        rows.append(row)
    return rows


def staff_names(session: Session, hall_id: int) -> dict[int, str]:
    return {sid: name for sid, name in session.execute(
        select(Staff.id, Staff.display_name).where(Staff.hall_id == hall_id))}


def report(session: Session, hall: Hall, first: date, last: date, by: list[str]
           ) -> dict[str, Any]:
    """{"rows": rows of by[0], "groups": {each by: rows}, "total": figures of the period}."""
    facts = read_facts(session, hall, first, last)
    names = staff_names(session, hall.id) if "staff" in by else None
    groups = {grouping: rows_by(facts, grouping, names) for grouping in by}
    return add_pauses(session, {"rows": groups[by[0]], "groups": groups, "total": figures(facts),
                                "wait_histogram": wait_histogram(facts)}, [hall], first, last)


def today_so_far(session: Session, hall: Hall, now: datetime) -> dict[str, Any]:
    """The figures of the hall's business day at ``now`` (the dashboard's "today")."""
    today = business_day(now, hall.timezone)
    return {"day": today.isoformat(), **figures(read_facts(session, hall, today, today)),
            **pause_totals(session, hall, today, today, now)}
