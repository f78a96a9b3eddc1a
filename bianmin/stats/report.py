"""A hall's report for a period, grouped one way or several: what the API and exports show.

``report`` answers one row per group value (sorted), each named by its group — ``"day":
"2026-12-01"``, ``"hour": 9``, ``"queue": "A"``, ``"window": 24`` — with every figure of
``figures.FIGURES``; ``today_so_far`` is the same for one hall's current business day
(the dashboard calls it).

The database does the work: the period's fact rows (``rows.py``: rolled-up days from
``ticket_fact``, the others folded from the raw events by the same definition) are joined to
the ratings and their follow-ups and summed per group with ``GROUP BY``; PostgreSQL also
takes the wait percentiles (``percentile_disc``, which is nearest-rank), SQLite sends the
waits of each group in order and Python picks them. ``GROUPINGS`` holds the plain Python
definition of each grouping over ``TicketFacts`` (the tests' reference).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    MetaData,
    Subquery,
    Table,
    and_,
    func,
    insert,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.queue.clock import business_day
from bianmin.ratings.levels import BAD, SATISFIED
from bianmin.ratings.models import Rating, RatingFollowUp
from bianmin.stats.facts import TicketFacts
from bianmin.stats.figures import LEVELS, OUTCOMES, WAIT_BINS_MIN, from_sums, percentile
from bianmin.stats.models import TicketFact, TicketFactDay
from bianmin.stats.pauses import add_pauses, pause_totals
from bianmin.stats.rows import (
    COLUMNS,
    Ranges,
    in_ranges,
    no_rows,
    prepare,
    raw_facts,
    stored_facts,
)

GROUPINGS: dict[str, Callable[[TicketFacts], Any]] = {
    "day": lambda t: t.day.isoformat(),
    "hour": lambda t: t.hour,
    "queue": lambda t: t.queue,
    "scenario": lambda t: t.scenario,
    "department": lambda t: t.department,
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


@dataclass(frozen=True)
class Grouping:
    # fact columns of the group value (row keys: SPLIT names them, else the grouping's name)
    columns: tuple[str, ...]
    # a name shown beside the value: (row key, fact column); the one of the group's latest day
    label: tuple[str, str] | None = None


SQL_GROUPINGS: dict[str, Grouping] = {
    "day": Grouping(("business_day",)),
    "hour": Grouping(("hour",)),
    "queue": Grouping(("queue",), ("queue_name", "queue_name")),
    "scenario": Grouping(("scenario_name",), ("department", "department")),
    "department": Grouping(("department",)),
    "window": Grouping(("window_number",), ("window_name", "window_name")),
    "staff": Grouping(("staff_id",), ("staff_name", "staff_name")),
    "kiosk": Grouping(("kiosk",)),
    "weekday": Grouping(("weekday",)),
    "weekday_hour": Grouping(("weekday", "hour")),
    "hall": Grouping(("hall_id",)),
}


def _order(value: Any) -> tuple[int, Any]:
    # a group of tickets never called (window/staff None) comes last
    return (1, "") if value is None else (0, value)


# --- where the fact rows come from -------------------------------------------------------

@dataclass
class Source:
    dialect: str
    facts: Subquery


def source(session: Session, ranges: Ranges, scratch: bool = True) -> Source:
    """The fact rows of ``ranges``: rolled days from ticket_fact, the other days raw.

    The raw days are folded once per report into a temporary table of the session's
    transaction (gone when the read session ends), so that each pass (a grouping, its names)
    reads the fold instead of folding again. ``scratch=False`` folds inside the query instead:
    for a single pass, and it leaves PostgreSQL free to read the roll-up with parallel workers
    (a temporary table rules them out).
    """
    dialect = prepare(session)
    if dialect == "postgresql":
        # a report sorts and sums up to a million rows at once: in memory, and without the
        # JIT compiler, whose start-up costs more than it saves here (this transaction only)
        session.execute(text("SET LOCAL work_mem = '128MB'"))
        session.execute(text("SET LOCAL jit = off"))
    if not ranges:
        return Source(dialect, no_rows().subquery("f"))
    rolled = rolled_days(session, ranges)
    raw = _gaps(ranges, rolled)
    parts = []
    if rolled:
        parts.append(stored_facts(ranges))
    if raw and not scratch:
        parts.append(raw_facts(dialect, raw))
    elif raw:
        folded = _scratch_table()
        folded.create(session.connection())
        session.execute(insert(folded).from_select(COLUMNS, raw_facts(dialect, raw)))
        parts.append(select(*(folded.c[name] for name in COLUMNS)))
    if not parts:
        parts.append(no_rows())
    facts = union_all(*parts).subquery("f") if len(parts) > 1 else parts[0].subquery("f")
    return Source(dialect, facts)


def rolled_days(session: Session, ranges: Ranges) -> dict[int, list[date]]:
    """{hall id: its rolled-up days within ``ranges``, in order}."""
    rolled: dict[int, list[date]] = {}
    for hall_id, day in session.execute(
            select(TicketFactDay.hall_id, TicketFactDay.business_day)
            .where(in_ranges(TicketFactDay.hall_id, TicketFactDay.business_day, ranges))
            .order_by(TicketFactDay.hall_id, TicketFactDay.business_day)):
        rolled.setdefault(hall_id, []).append(day)
    return rolled


def _scratch_table() -> Table:
    """A temporary table shaped like ticket_fact (no keys), with a name of its own."""
    return Table(f"bm_facts_{uuid.uuid4().hex[:12]}", MetaData(),
                 *(Column(c.name, c.type) for c in TicketFact.__table__.columns),
                 prefixes=["TEMPORARY"])


def _gaps(ranges: Ranges, rolled: dict[int, list[date]]) -> list[tuple[int, date, date]]:
    """The parts of ``ranges`` that are not rolled up, as few ranges as they make."""
    out = []
    for hall_id, first, last in ranges:
        start = first
        for day in rolled.get(hall_id, []):
            if day < start or day > last:
                continue
            if day > start:
                out.append((hall_id, start, day - timedelta(days=1)))
            start = day + timedelta(days=1)
        if start <= last:
            out.append((hall_id, start, last))
    return out


# --- the sums ----------------------------------------------------------------------------

def _sums(src: Source) -> list[Any]:
    return [*ticket_sums(src.facts.c), *rating_sums(src.facts.c)]


def _where(*condition: Any) -> Any:
    return func.count().filter(and_(*condition))


def ticket_sums(f: Any) -> list[Any]:
    """The sums of the fact rows ``f`` themselves (``ticket_fact_sum`` holds them per day)."""
    where = _where
    return [
        func.count().label("issued"),
        func.count(f.first_called_at).label("called"),
        where(f.end == "finished").label("served"),
        *(where(f.end == "finished", f.outcome == code).label(f"outcome_{code}") for code in OUTCOMES),
        where(f.end == "no_show").label("no_shows"),
        where(f.end == "transferred").label("transfers"),
        where(f.end == "cancelled").label("cancellations"),
        where(f.end == "unserved").label("unserved"),
        func.sum(f.recalls).label("recalls"),
        func.count(f.wait_s).label("wait_n"), func.sum(f.wait_s).label("wait_sum"),
        func.max(f.wait_s).label("wait_max"),
        func.count(f.walk_s).label("walk_n"), func.sum(f.walk_s).label("walk_sum"),
        func.count(f.service_s).label("service_n"), func.sum(f.service_s).label("service_sum"),
    ]


def rating_sums(f: Any) -> list[Any]:
    """The sums of the ratings joined to the fact rows ``f`` (and their follow-ups)."""
    where = _where
    level = Rating.level
    return [
        func.count(level).label("ratings"),
        *(where(level == lv).label(f"rating_{lv}") for lv in LEVELS),
        where(level >= SATISFIED).label("satisfied"),
        where(level.is_not(None), f.end == "finished").label("rated_served"),
        where(level <= BAD).label("bad_ratings"),
        where(level <= BAD, RatingFollowUp.closed_at.is_not(None),
              RatingFollowUp.closed_at <= RatingFollowUp.due_at).label("bad_handled_in_time"),
        where(level <= BAD, RatingFollowUp.closed_at.is_(None)).label("bad_open"),
    ]


def _bins(src: Source) -> list[Any]:
    return wait_bins(src.facts.c.wait_s)


def wait_bins(wait: Any) -> list[Any]:
    """Called tickets per waiting-time bin, as ``figures.wait_histogram`` bins them."""
    out = []
    for i, low in enumerate(WAIT_BINS_MIN):
        inside = [wait.is_not(None)]
        if i > 0:
            inside.append(wait >= low * 60)
        if i + 1 < len(WAIT_BINS_MIN):
            inside.append(wait < WAIT_BINS_MIN[i + 1] * 60)
        out.append(func.count().filter(and_(*inside)).label(f"bin_{i}"))
    return out


# sums that add up across rows (SQLite splits a group by its names, and the total is theirs)
_NOT_ADDED = {"wait_max", "wait_p50", "wait_p90", "latest", "label", "is_total"}


def _merge(into: dict[str, Any], row: dict[str, Any], added: set[str]) -> None:
    for key in added:
        if row.get(key) is not None:
            into[key] = (into.get(key) or 0) + row[key]
    if row.get("wait_max") is not None:
        into["wait_max"] = max(into.get("wait_max") or row["wait_max"], row["wait_max"])


@dataclass
class Summary:
    # {group value (a tuple of the grouping's columns): (its name or None, figures)}
    groups: dict[tuple, tuple[str | None, dict[str, object]]]
    total: dict[str, object]
    histogram: list[dict[str, object]]


def summarize(session: Session, src: Source, columns: tuple[str, ...], label: str | None = None
              ) -> Summary:
    """The figures of each group of ``columns`` (with the name in fact column ``label`` of
    the group's latest day), of the whole period, and its wait histogram.

    One pass sums each group (SQLite: each group and name), the whole period's sums are
    theirs added up in Python; a second pass takes the wait percentiles (PostgreSQL:
    ``percentile_disc`` per group and for all, GROUPING SETS; SQLite: the waits in order).
    Keeping the ordered-set aggregates out of the first pass lets PostgreSQL sum it with
    parallel workers.
    """
    f = src.facts
    keys = [f.c[name] for name in columns]
    joined = (f.outerjoin(Rating, Rating.ticket_id == f.c.ticket_id)
              .outerjoin(RatingFollowUp, RatingFollowUp.rating_id == Rating.id))
    measures = [*_sums(src), *_bins(src), func.max(f.c.business_day).label("latest")]
    added = {m.name for m in measures} - _NOT_ADDED
    split = [*keys, f.c[label]] if label and src.dialect == "sqlite" else keys
    query = select(*split, *measures).select_from(joined)
    rows = [dict(r) for r in session.execute(query.group_by(*split) if split else query).mappings()]
    if label and src.dialect == "sqlite":
        for row in rows:
            row["label"] = row.pop(label)
    elif label:
        names = _latest_names(session, src, keys, label)
        for row in rows:
            row["label"] = names.get(tuple(row[k.name] for k in keys))
    groups: dict[tuple, dict[str, Any]] = {}
    total: dict[str, Any] = {}
    for row in rows:
        _merge(total, row, added)
        if not keys:
            continue
        value = tuple(row[k.name] for k in keys)
        group = groups.setdefault(value, {"latest": row["latest"], "label": row.get("label")})
        if (row["latest"], row.get("label") or "") > (group["latest"], group.get("label") or ""):
            group["latest"], group["label"] = row["latest"], row.get("label")
        _merge(group, row, added)
    if src.dialect == "sqlite":
        # nearest-rank percentiles from the waits, sent in order (each group's and all)
        everyone: list[float] = []
        waits: dict[tuple, list[float]] = {}
        for row in session.execute(select(*keys, f.c.wait_s).where(f.c.wait_s.is_not(None))
                                   .order_by(f.c.wait_s)):
            waits.setdefault(tuple(row[:-1]), []).append(row[-1])
            everyone.append(row[-1])
        for value, group in [*groups.items(), ((), total)]:
            ordered = everyone if group is total else waits.get(value, [])
            group["wait_p50"] = percentile(ordered, 50)
            group["wait_p90"] = percentile(ordered, 90)
    else:
        ranks = select(*keys, func.percentile_disc(0.5).within_group(f.c.wait_s).label("p50"),
                       func.percentile_disc(0.9).within_group(f.c.wait_s).label("p90"),
                       *([func.grouping(*keys).label("is_total")] if keys else []))
        if keys:
            ranks = ranks.group_by(func.grouping_sets(tuple_(*keys), tuple_()))
        for row in session.execute(ranks).mappings():
            value = tuple(row[k.name] for k in keys)
            group = total if not keys or row["is_total"] else groups.get(value)
            if group is not None:
                group["wait_p50"], group["wait_p90"] = row["p50"], row["p90"]
    histogram = [{"from_min": low,
                  "to_min": WAIT_BINS_MIN[i + 1] if i + 1 < len(WAIT_BINS_MIN) else None,
                  "count": int(total.get(f"bin_{i}") or 0)} for i, low in enumerate(WAIT_BINS_MIN)]
    return Summary({value: (group.get("label"), from_sums(group)) for value, group in groups.items()
                    if group.get("issued")},
                   from_sums(total), histogram)


def _latest_names(session: Session, src: Source, keys: list[Any], label: str) -> dict[tuple, str]:
    """{group value: the name it had on the latest day of the period it occurs on}."""
    f = src.facts.c
    latest: dict[tuple, tuple[date, str]] = {}
    for row in session.execute(select(*keys, f[label], func.max(f.business_day))
                               .group_by(*keys, f[label])):
        value, name, day = tuple(row[:-2]), row[-2], row[-1]
        if value not in latest or (day, name) > latest[value]:
            latest[value] = (day, name)
    return {value: name for value, (_, name) in latest.items()}


def rows_of(by: str, summary: Summary) -> list[dict[str, Any]]:
    """One row per value of grouping ``by``, with that value under the grouping's name."""
    spec = SQL_GROUPINGS[by]
    rows = []
    single = len(spec.columns) == 1
    for value in sorted(summary.groups, key=lambda v: _order(v[0]) if single else v):
        if by in SPLIT:
            row: dict[str, Any] = dict(zip(SPLIT[by], value, strict=True))
        else:
            shown = value[0]
            row = {by: shown.isoformat() if isinstance(shown, date) else shown}
        name, figures = summary.groups[value]
        if spec.label:
            row[spec.label[0]] = (name or "") if value[0] is not None else ""
        row.update(figures)
        rows.append(row)
    return rows


def summary_by(session: Session, src: Source, by: str) -> Summary:
    spec = SQL_GROUPINGS[by]
    return summarize(session, src, spec.columns, spec.label[1] if spec.label else None)


def report(session: Session, hall: Hall, first: date, last: date, by: list[str]
           ) -> dict[str, Any]:
    """{"rows": rows of by[0], "groups": {each by: rows}, "total": figures of the period}."""
    src = source(session, [(hall.id, first, last)])
    summaries = {grouping: summary_by(session, src, grouping) for grouping in dict.fromkeys(by)}
    groups = {grouping: rows_of(grouping, summary) for grouping, summary in summaries.items()}
    # every grouping's pass also sums the whole period: the first one's total serves
    first_pass = summaries[by[0]]
    return add_pauses(session, {"rows": groups[by[0]], "groups": groups, "total": first_pass.total,
                                "wait_histogram": first_pass.histogram}, [hall], first, last)


def today_so_far(session: Session, hall: Hall, now: datetime) -> dict[str, Any]:
    """The figures of the hall's business day at ``now`` (the dashboard's "today")."""
    today = business_day(now, hall.timezone)
    src = source(session, [(hall.id, today, today)])
    return {"day": today.isoformat(), **summarize(session, src, ()).total,
            **pause_totals(session, hall, today, today, now)}
