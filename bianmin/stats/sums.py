"""A rolled-up day's sums (``ticket_fact_sum``): what adds up across days, from its fact rows.

``day_sums(ranges)`` sums the ``ticket_fact`` rows of ``ranges`` per (hall, business day) with
the same definitions as a report's pass (``report.ticket_sums`` / ``report.wait_bins``); the roll-up
inserts it beside the day's fact rows in the same transaction, so a rolled-up day always has
both. ``SUMMED`` are the columns that add up across days; ``wait_max`` is their maximum.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from bianmin.stats.models import TicketFact, TicketFactSum
from bianmin.stats.report import ticket_sums, wait_bins
from bianmin.stats.rows import Ranges, in_ranges

SUM_COLUMNS = [c.name for c in TicketFactSum.__table__.columns][2:]
SUMMED = [name for name in SUM_COLUMNS if name != "wait_max"]


def day_sums(ranges: Ranges) -> Select[Any]:
    """(hall_id, business_day, every column of SUM_COLUMNS) per rolled-up day of ``ranges``."""
    f = TicketFact
    measures = [*ticket_sums(f), *wait_bins(f.wait_s)]
    by_name = {m.name: m for m in measures}
    return (select(f.hall_id, f.business_day, *(by_name[name] for name in SUM_COLUMNS))
            .where(in_ranges(f.hall_id, f.business_day, ranges))
            .group_by(f.hall_id, f.business_day))
