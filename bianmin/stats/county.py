"""The county's report: one row per hall, each hall's period in its own timezone."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.stats.figures import figures, wait_histogram
from bianmin.stats.pauses import add_pauses
from bianmin.stats.read import read_facts


def county_report(session: Session, first: date, last: date) -> dict[str, Any]:
    """{"rows": [{"hall": code, "hall_name": name, figures…} per hall by code], "total"}."""
    rows = []
    everything = []
    halls = list(session.scalars(select(Hall).order_by(Hall.code)))
    for hall in halls:
        facts = read_facts(session, hall, first, last)
        everything.extend(facts)
        rows.append({"hall": hall.code, "hall_name": hall.name, **figures(facts)})
    return add_pauses(session, {"rows": rows, "groups": {"hall": rows}, "total": figures(everything),
                                "wait_histogram": wait_histogram(everything)}, halls, first, last)
