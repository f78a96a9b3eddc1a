"""The hall's opening hours (bianmin.hall.hours): breaks, holidays, 调休, 延时/错时, timezones."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bianmin.hall.hours import HoursProblem, day_ranges, next_opening, normalize, status_at, summary

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAY = [["09:30", "13:30"], ["16:00", "19:30"]]
DEMO = normalize({
    "weekly": {d: WEEKDAY for d in ("mon", "tue", "wed", "thu", "fri")},
    # 2026-10-01 (Thursday) … 10-07 closed; Saturday 10-10 works with Monday's hours
    "holidays": [{"start": "2026-10-01", "end": "2026-10-07", "name": "国庆节"}],
    "workdays": [{"date": "2026-10-10", "as": "mon", "name": "国庆调休"}],
})


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


def test_weekday_ranges_with_a_lunch_break() -> None:
    # Wednesday 2026-12-02
    assert status_at(DEMO, local(2026, 12, 2, 9, 29), "Asia/Shanghai").open is False
    morning = status_at(DEMO, local(2026, 12, 2, 9, 30), "Asia/Shanghai")
    assert morning.open and morning.closes_at == local(2026, 12, 2, 13, 30)
    lunch = status_at(DEMO, local(2026, 12, 2, 14, 0), "Asia/Shanghai")
    assert not lunch.open and lunch.next_open == local(2026, 12, 2, 16, 0)
    assert status_at(DEMO, local(2026, 12, 2, 19, 29), "Asia/Shanghai").open
    evening = status_at(DEMO, local(2026, 12, 2, 19, 30), "Asia/Shanghai")
    assert not evening.open and evening.next_open == local(2026, 12, 3, 9, 30)


def test_next_opening_across_a_weekend() -> None:
    friday_night = local(2026, 12, 4, 20, 0)
    assert next_opening(DEMO, friday_night, "Asia/Shanghai") == local(2026, 12, 7, 9, 30)
    assert status_at(DEMO, local(2026, 12, 5, 10, 0), "Asia/Shanghai").open is False


def test_a_holiday_is_closed_and_the_next_opening_is_the_make_up_saturday() -> None:
    during = status_at(DEMO, local(2026, 10, 1, 10, 0), "Asia/Shanghai")
    assert not during.open and during.holiday == "国庆节"
    assert day_ranges(DEMO, date(2026, 10, 5)) == []  # a Monday inside the holiday
    # after the holiday: Thursday 10-08 as usual; and the 调休 Saturday 10-10 opens
    assert during.next_open == local(2026, 10, 8, 9, 30)
    saturday = status_at(DEMO, local(2026, 10, 10, 10, 0), "Asia/Shanghai")
    assert saturday.open and saturday.closes_at == local(2026, 10, 10, 13, 30)
    assert day_ranges(DEMO, date(2026, 10, 17)) == []  # an ordinary Saturday


def test_next_opening_across_a_holiday_that_starts_on_a_friday() -> None:
    hours = normalize({**DEMO, "holidays": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}],
                       "workdays": []})
    thursday_evening = local(2026, 12, 31, 20, 0)
    assert next_opening(hours, thursday_evening, "Asia/Shanghai") == local(2027, 1, 4, 9, 30)


def test_extra_and_shifted_days() -> None:
    hours = normalize({**DEMO, "special": [
        {"weekday": "sat", "mode": "extra", "ranges": [["10:00", "14:00"]], "note": "周六延时"},
        {"weekday": "wed", "mode": "extra", "ranges": [["19:30", "21:00"]]},
        {"date": "2026-12-24", "mode": "shifted", "ranges": [["08:00", "12:00"]]},
        {"date": "2026-10-03", "mode": "shifted", "ranges": [["10:00", "12:00"]]},
    ]})
    assert day_ranges(hours, date(2026, 12, 5)) == [(600, 840)]  # Saturday 10–14
    # Wednesday's evening extension joins the afternoon range
    assert day_ranges(hours, date(2026, 12, 2)) == [(570, 810), (960, 1260)]
    assert day_ranges(hours, date(2026, 12, 24)) == [(480, 720)]  # a shifted Thursday
    # a shifted date inside a holiday opens it (e.g. a service day announced for 10-03)
    assert day_ranges(hours, date(2026, 10, 3)) == [(600, 720)]
    assert day_ranges(hours, date(2026, 10, 4)) == []  # the holiday otherwise holds


def test_the_hall_timezone_decides_the_local_time() -> None:
    hours = normalize({"weekly": {"mon": [["09:00", "17:00"]]}})
    moment = datetime(2026, 12, 7, 2, 30, tzinfo=timezone.utc)  # Monday 10:30 Shanghai, 08:30 Urumqi
    assert status_at(hours, moment, "Asia/Shanghai").open
    urumqi = status_at(hours, moment, "Asia/Urumqi")
    assert not urumqi.open and urumqi.next_open == datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Urumqi"))


def test_no_hours_means_never_open_and_no_next_opening() -> None:
    assert status_at(None, local(2026, 12, 2, 10, 0), "Asia/Shanghai").open is False
    assert next_opening(normalize({}), local(2026, 12, 2, 10, 0), "Asia/Shanghai") is None


def test_summary_groups_equal_days() -> None:
    assert summary(DEMO) == "周一至周五 09:30-13:30、16:00-19:30"


@pytest.mark.parametrize(("document", "words"), [
    ({"weekly": {"mon": [["09:30", "13:30"], ["13:00", "19:30"]]}}, "周一：时间段有重叠"),
    ({"weekly": {"tue": [["14:00", "13:00"]]}}, "周二第1段：结束时间须晚于开始时间"),
    ({"weekly": {"wed": [["9:30", "13:30"]]}}, "时:分"),
    ({"weekly": {"thu": [["08:00", "09:00"], ["10:00", "11:00"], ["12:00", "13:00"], ["14:00", "15:00"]]}}, "最多 3 个时间段"),
    ({"weekly": {"funday": []}}, "weekly 须按星期"),
    ({"holidays": [{"start": "2026-10-07", "end": "2026-10-01"}]}, "结束日期不能早于开始日期"),
    ({"holidays": [{"start": "2026-02-30"}]}, "年-月-日"),
    ({"workdays": [{"date": "2026-10-10", "as": "someday"}]}, "星期须为"),
    ({"special": [{"weekday": "sat", "date": "2026-10-10", "ranges": []}]}, "日期（date）或星期（weekday）之一"),
    ({"special": [{"weekday": "sat", "mode": "extra", "ranges": []}]}, "延时服务须至少有一个时间段"),
    ({"opening": "9-5"}, "不认识的项"),
    ("9:30-17:00", "营业时间须是对象"),
])
def test_mistakes_are_named_in_chinese(document: object, words: str) -> None:
    with pytest.raises(HoursProblem, match=words):
        normalize(document)


def test_24_00_ends_a_day_and_ranges_are_sorted() -> None:
    hours = normalize({"weekly": {"fri": [["20:00", "24:00"], ["08:00", "12:00"]]}})
    assert hours["weekly"]["fri"] == [["08:00", "12:00"], ["20:00", "24:00"]]
    assert status_at(hours, local(2026, 12, 4, 23, 59), "Asia/Shanghai").open
    assert next_opening(hours, local(2026, 12, 4, 23, 59), "Asia/Shanghai") == local(2026, 12, 11, 8, 0)
