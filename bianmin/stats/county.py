"""The county's report: one row per hall, each hall's period in its own timezone.

The business day of a ticket is already its hall's local date, so one range per hall. The
figures are summed from three parts, each grouped by hall, then added up in Python:

- rolled-up days: their ``ticket_fact_sum`` rows (one per hall-day: counts, time sums and
  their counts, longest wait, the wait histogram's bins) instead of every ticket;
- the ratings (and follow-ups) of the rolled-up days' tickets, joined at report time as a
  hall's report does (a rating may come days after the roll-up);
- the days not rolled up (today) folded from the raw events, every sum, as a hall's report.

The exact wait percentiles need the single waits: PostgreSQL takes ``percentile_disc`` per
hall and for all (GROUPING SETS) over the narrow ``(hall_id, business_day, wait_s)`` of the
rolled rows and the raw fold; SQLite sends the waits in order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, select, tuple_, union_all
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.ratings.models import Rating, RatingFollowUp
from bianmin.stats.figures import WAIT_BINS_MIN, from_sums, percentile
from bianmin.stats.models import TicketFact, TicketFactDay, TicketFactSum
from bianmin.stats.pauses import add_pauses
from bianmin.stats.report import (
    _NOT_ADDED,
    _bins,
    _gaps,
    _merge,
    _sums,
    rating_sums,
    rolled_days,
    source,
)
from bianmin.stats.rows import in_ranges
from bianmin.stats.sums import SUMMED


def county_report(session: Session, first: date, last: date) -> dict[str, Any]:
    """{"rows": [{"hall": code, "hall_name": name, figures…} per hall by code], "total"}."""
    halls = list(session.execute(select(Hall.id, Hall.code, Hall.name).order_by(Hall.code)))
    ranges = [(hall_id, first, last) for hall_id, _, _ in halls]
    sums: dict[int, dict[str, Any]] = {hall_id: {} for hall_id, _, _ in halls}
    waits: list[Any] = []
    # the raw days first: source() also sets the transaction up (PostgreSQL's work_mem, jit)
    rolled = rolled_days(session, ranges)
    raw = _gaps(ranges, rolled)
    src = source(session, raw)
    f = src.facts
    measures = [*_sums(src), *_bins(src)]
    added = {m.name for m in measures} - _NOT_ADDED
    if raw:
        joined = (f.outerjoin(Rating, Rating.ticket_id == f.c.ticket_id)
                  .outerjoin(RatingFollowUp, RatingFollowUp.rating_id == Rating.id))
        for row in session.execute(select(f.c.hall_id, *measures).select_from(joined)
                                   .group_by(f.c.hall_id)).mappings():
            _merge(sums[row["hall_id"]], dict(row), added)
        waits.append(select(f.c.hall_id, f.c.wait_s).where(f.c.wait_s.is_not(None)))
    if rolled:
        s = TicketFactSum
        for row in session.execute(
                select(s.hall_id, *(func.sum(s.__table__.c[name]).label(name) for name in SUMMED),
                       func.max(s.wait_max).label("wait_max"))
                .where(in_ranges(s.hall_id, s.business_day, ranges))
                .group_by(s.hall_id)).mappings():
            _merge(sums[row["hall_id"]], dict(row), added)
        _rolled_ratings(session, ranges, sums, added)
        t = TicketFact
        waits.append(select(t.hall_id, t.wait_s).where(
            in_ranges(t.hall_id, t.business_day, ranges), t.wait_s.is_not(None)))
    total: dict[str, Any] = {}
    for group in sums.values():
        _merge(total, group, added)
    if waits:
        _percentiles(session, src.dialect, waits, sums, total)
    rows = [{"hall": code, "hall_name": name, **from_sums(sums[hall_id])}
            for hall_id, code, name in halls]
    histogram = [{"from_min": low,
                  "to_min": WAIT_BINS_MIN[i + 1] if i + 1 < len(WAIT_BINS_MIN) else None,
                  "count": int(total.get(f"bin_{i}") or 0)} for i, low in enumerate(WAIT_BINS_MIN)]
    return add_pauses(session, {"rows": rows, "groups": {"hall": rows}, "total": from_sums(total),
                                "wait_histogram": histogram},
                      list(session.scalars(select(Hall).order_by(Hall.code))), first, last)


def _rolled_ratings(session: Session, ranges: list[tuple[int, date, date]],
                    sums: dict[int, dict[str, Any]], added: set[str]) -> None:
    """The rating sums of the rolled-up days' tickets, into ``sums``.

    A rating carries its ticket's hall and business day, so the ratings of the rolled days are
    found by their own index (and ``ticket_fact_day``), not by a join to every fact row; only
    "rated and served" needs how the ticket ended: the rated tickets that did NOT finish come
    from ``ticket_fact``'s small partial index and are taken off the ratings.
    """
    r, d, t = Rating, TicketFactDay, TicketFact
    measures = [m for m in rating_sums(t) if m.name != "rated_served"]
    joined = (Rating.__table__
              .join(d, and_(d.hall_id == r.hall_id, d.business_day == r.business_day))
              .outerjoin(RatingFollowUp, RatingFollowUp.rating_id == r.id))
    for row in session.execute(
            select(r.hall_id, *measures).select_from(joined)
            .where(in_ranges(r.hall_id, r.business_day, ranges))
            .group_by(r.hall_id)).mappings():
        row = dict(row)
        row["rated_served"] = row["ratings"]
        _merge(sums[row["hall_id"]], row, added)
    unserved = t.end.is_distinct_from("finished")
    for hall_id, count in session.execute(
            select(t.hall_id, func.count())
            .select_from(Rating.__table__.join(t, t.ticket_id == r.ticket_id))
            .where(in_ranges(t.hall_id, t.business_day, ranges), unserved)
            .group_by(t.hall_id)):
        sums[hall_id]["rated_served"] -= count


def _percentiles(session: Session, dialect: str, parts: list[Any],
                 sums: dict[int, dict[str, Any]], total: dict[str, Any]) -> None:
    """Nearest-rank p50/p90 of the waits of each hall and of all, into ``sums`` and ``total``."""
    w = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("w")
    if dialect == "sqlite":
        everyone: list[float] = []
        by_hall: dict[int, list[float]] = {}
        for hall_id, wait in session.execute(select(w.c.hall_id, w.c.wait_s).order_by(w.c.wait_s)):
            by_hall.setdefault(hall_id, []).append(wait)
            everyone.append(wait)
        for hall_id, group in sums.items():
            group["wait_p50"] = percentile(by_hall.get(hall_id, []), 50)
            group["wait_p90"] = percentile(by_hall.get(hall_id, []), 90)
        total["wait_p50"], total["wait_p90"] = percentile(everyone, 50), percentile(everyone, 90)
        return
    ranks = (select(w.c.hall_id, func.percentile_disc(0.5).within_group(w.c.wait_s).label("p50"),
                    func.percentile_disc(0.9).within_group(w.c.wait_s).label("p90"),
                    func.grouping(w.c.hall_id).label("is_total"))
             .group_by(func.grouping_sets(tuple_(w.c.hall_id), tuple_())))
    for row in session.execute(ranks).mappings():
        group = total if row["is_total"] else sums.get(row["hall_id"])
        if group is not None:
            group["wait_p50"], group["wait_p90"] = row["p50"], row["p90"]
