"""The county's report: one row per hall, each hall's period in its own timezone.

One read over every hall (the same fact rows and sums as a hall's report, grouped by hall):
the business day of a ticket is already its hall's local date, so one range per hall.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.stats.figures import from_sums
from bianmin.stats.report import source, summarize


def county_report(session: Session, first: date, last: date) -> dict[str, Any]:
    """{"rows": [{"hall": code, "hall_name": name, figures…} per hall by code], "total"}."""
    halls = list(session.execute(select(Hall.id, Hall.code, Hall.name).order_by(Hall.code)))
    # one pass: no temporary table, so that PostgreSQL may read the roll-up in parallel
    src = source(session, [(hall_id, first, last) for hall_id, _, _ in halls], scratch=False)
    summary = summarize(session, src, ("hall_id",))
    rows = [{"hall": code, "hall_name": name,
             **summary.groups.get((hall_id,), (None, from_sums({})))[1]}
            for hall_id, code, name in halls]
    return {"rows": rows, "groups": {"hall": rows}, "total": summary.total,
            "wait_histogram": summary.histogram}
