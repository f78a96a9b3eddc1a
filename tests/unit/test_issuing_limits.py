"""When the kiosk issues: hours with a lunch break, holidays, 调休, long matters, 放号量."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bianmin.hall.hours import normalize
from bianmin.queue import limits

ZONE = "Asia/Shanghai"
TZ = ZoneInfo(ZONE)
HOURS = normalize({
    "weekly": {d: [["09:30", "13:30"], ["16:00", "19:30"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "holidays": [{"start": "2026-10-01", "end": "2026-10-07", "name": "国庆节"}],
    "workdays": [{"date": "2026-10-10", "as": "mon", "name": "国庆调休"}],
})


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def refusal(now: str, *, long: bool = False, cutoff: int = 30):  # type: ignore[no-untyped-def]
    moment = at(now)
    return limits.refusal(limits.gate(HOURS, ZONE, cutoff, moment), moment, long=long)


def test_a_hall_without_hours_is_always_open_with_no_cut_off() -> None:
    for moment in ("2026-12-02 03:00", "2026-12-06 23:59", "2026-10-01 10:00"):
        state = limits.gate(None, ZONE, 30, at(moment))
        assert state.open and state.long_until is None
        assert limits.refusal(state, at(moment), long=True) is None


def test_open_in_the_morning_closed_at_lunch_says_when_it_opens() -> None:
    assert refusal("2026-12-02 10:00") is None  # a Wednesday
    lunch = refusal("2026-12-02 14:00")
    assert isinstance(lunch, limits.HallClosed)
    assert lunch.message == "现在不是办公时间，下次办公时间：今天16:00。现在不能取号。"
    assert lunch.details["next_open"] == "2026-12-02T16:00:00+08:00"


def test_after_closing_and_at_the_weekend_the_next_opening_is_named() -> None:
    assert "明天09:30" in refusal("2026-12-02 20:00").message
    assert "12月7日（周一）09:30" in refusal("2026-12-05 11:00").message  # a Saturday


def test_a_holiday_is_named_and_the_make_up_saturday_is_open() -> None:
    holiday = refusal("2026-10-05 10:00")
    assert holiday.message.startswith("今天是国庆节，下次办公时间：10月8日（周四）09:30")
    assert refusal("2026-10-10 10:00") is None  # 调休: a Saturday worked as Monday
    assert refusal("2026-10-11 10:00") is not None  # the Sunday after is not


def test_long_matters_stop_before_each_range_ends_others_go_on() -> None:
    assert refusal("2026-12-02 12:59", long=True) is None
    late = refusal("2026-12-02 13:00", long=True)
    assert isinstance(late, limits.LongMatterClosed) and "13:30" in late.message
    assert refusal("2026-12-02 13:00", long=False) is None
    assert isinstance(refusal("2026-12-02 19:10", long=True), limits.LongMatterClosed)
    assert refusal("2026-12-02 19:10", long=True, cutoff=0) is None  # 0: never early


def test_a_full_queue_points_to_the_next_business_day_and_the_guide_desk() -> None:
    now = at("2026-12-04 10:00")  # a Friday
    assert limits.full(None, 500, None, now) is None
    assert limits.full(20, 19, None, now) is None
    full = limits.full(20, 20, limits.next_day_opening(HOURS, ZONE, now), now)
    assert isinstance(full, limits.QueueFull)
    assert full.message == "这个事项今天的20个号已经放完了。请12月7日（周一）09:30再来，或到咨询导办台咨询。"
    assert "下个办公日" in limits.full(20, 20, None, now).message
