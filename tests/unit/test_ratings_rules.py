"""The rules of 好差评 that need no database: levels and reasons, the follow-up's due day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bianmin.ratings.followup import due_at, overdue_days
from bianmin.ratings.levels import InvalidRating, checked_phone, checked_reasons

# Friday 2026-11-27, 10:00 in Shanghai
FRIDAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)


def test_three_working_days_skip_the_weekend() -> None:
    due = due_at(FRIDAY, 3, "Asia/Shanghai")
    assert due == datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc)  # Wednesday, same hour
    assert due_at(FRIDAY, 0, "Asia/Shanghai") == FRIDAY


def test_the_local_day_decides_not_the_utc_one() -> None:
    # Friday 23:30 UTC is already Saturday 07:30 in Shanghai: Monday, Tuesday, Wednesday
    late = datetime(2026, 11, 27, 23, 30, tzinfo=timezone.utc)
    assert due_at(late, 3, "Asia/Shanghai").astimezone(timezone(timedelta(hours=8))).date() == date(2026, 12, 2)


def test_holidays_come_through_the_hook() -> None:
    holidays = {date(2026, 11, 30)}
    due = due_at(FRIDAY, 3, "Asia/Shanghai", lambda d: d.weekday() < 5 and d not in holidays)
    assert due.date() == date(2026, 12, 3)


def test_overdue_days_count_started_days_and_stop_when_closed() -> None:
    due = FRIDAY
    assert overdue_days(due, due, closed=False) == 0
    assert overdue_days(due, due + timedelta(minutes=1), closed=False) == 1
    assert overdue_days(due, due + timedelta(days=2, hours=1), closed=False) == 3
    assert overdue_days(due, due + timedelta(days=9), closed=True) == 0


@pytest.mark.parametrize("level, reasons, expected", [
    (1, ["other", "attitude", "other"], ["attitude", "other"]),
    (2, ["guide"], ["guide"]),
    (3, [], []),
    (5, [], []),
])
def test_reasons_kept_in_the_lists_order_once(level: int, reasons: list[str], expected: list[str]) -> None:
    assert checked_reasons(level, reasons) == expected


@pytest.mark.parametrize("level, reasons, code", [
    (0, [], "invalid_level"), (6, [], "invalid_level"), (2, [], "reasons_required"),
    (3, ["attitude"], "reasons_not_allowed"), (1, ["rude"], "invalid_reason"),
])
def test_refused(level: int, reasons: list[str], code: str) -> None:
    with pytest.raises(InvalidRating) as refused:
        checked_reasons(level, reasons)
    assert refused.value.code == code


def test_phone_digits_only() -> None:
    assert checked_phone(" 138 0000-0000 ") == "13800000000"
    with pytest.raises(InvalidRating):
        checked_phone("１３８")  # full-width digits pass str.isdigit(), not the check
    with pytest.raises(InvalidRating):
        checked_phone("1" * 21)
