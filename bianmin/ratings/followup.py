"""When a bad rating must have been answered: N working days after it came in.

Which days count is the caller's ``is_working_day``: ratings/record.py passes the hall's own
calendar (hall/hours.py ``is_working_day``: Monday–Friday, not its holidays, plus its 调休
days), as the written notices' promised dates use.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta

from bianmin.queue.clock import hall_zone

WorkingDay = Callable[[date], bool]
ACTIONS = {
    "contacted": "已联系",
    "explained": "已解释",
    "rectified": "已整改",
    "note": "备注",
    "closed": "办结",
}


def weekday_is_working(day: date) -> bool:
    return day.weekday() < 5


def due_at(created: datetime, working_days: int, zone: str,
           is_working_day: WorkingDay = weekday_is_working) -> datetime:
    """The same local time of day, ``working_days`` working days after ``created``."""
    local = created.astimezone(hall_zone(zone))
    counted = 0
    while counted < max(0, working_days):
        local += timedelta(days=1)
        if is_working_day(local.date()):
            counted += 1
    return local.astimezone(created.tzinfo)


def overdue_days(due: datetime, now: datetime, closed: bool) -> int:
    """0 while on time (or closed); else the started days past ``due_at`` (at least 1)."""
    if closed or now <= due:
        return 0
    return max(1, math.ceil((now - due) / timedelta(days=1)))
